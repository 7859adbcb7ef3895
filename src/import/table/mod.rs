//! Layout D: a task table with a header row, from a Word file, a
//! spreadsheet, a CSV file or a table flattened to text.
//!
//! The readers (`word`, `sheet`, `flat`) turn each table into a `Grid` of
//! texts, merged cells already filled in; this module reads the grids the
//! same way whatever they came from. Rows above the header are the title;
//! a row spanning the table (or a `分类` column) names a category, which
//! becomes a group; every other row is a leaf.

pub mod columns;
pub mod flat;
pub mod leaf;
mod rows;
pub mod sheet;
pub mod word;

pub use flat::flattened;

use super::vocabulary::Field;
use super::{Doubt, Imported, Layout, NoticeMeta, Problem, normalize};
use crate::import::text_due::last_year;
use crate::model::{GroupFile, Located};
use crate::tr;
use columns::Columns;
use leaf::Row;
use rows::{category_row, leaf_number, note_row, task_only_headings, unnumbered};
use std::collections::BTreeSet;

/// The cells of one table, row by row, as its reader found them: a cell
/// covered by a merged one already holds the merged cell's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Where the table came from, for messages: a sheet's name, `table 2`.
    pub name: String,
    pub rows: Vec<Vec<String>>,
    /// The row number (1-based, in the source) of `rows[0]`.
    pub first_row: usize,
    /// The line of each row in the source, when rows are not one to a line
    /// (a table flattened to one cell per line); empty otherwise.
    pub lines: Vec<usize>,
    /// How many lines of the document's text come before the table (a Word
    /// file's paragraphs, a flattened table's text): its front matter.
    pub text_line: usize,
    /// How many lines of the document's text come before the table's end,
    /// when text may follow it (a Word file's paragraphs).
    pub text_end: Option<usize>,
    /// Rows the reader could not line up with the header, left out of
    /// `rows` (a flattened row that lost a merged cell).
    pub problems: Vec<Problem>,
}

impl Grid {
    /// The row number in the source of `rows[i]`.
    pub fn line(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or(self.first_row + i)
    }
}

/// Whether `grid` has a header row this importer reads.
pub fn has_header(grid: &Grid) -> bool {
    grid.rows.iter().any(|r| columns::is_header(r))
}

/// Reads a text holding a flattened table; a problem when it holds none.
pub fn import_text(text: &str) -> Imported {
    match flattened(text) {
        Some(grids) => import(&grids, text),
        None => Imported { layout: Some(Layout::D), problems: vec![no_header()], ..Imported::default() },
    }
}

fn no_header() -> Problem {
    Problem {
        line: 1,
        message: tr!(
            "未找到表头: 表头应写明任务列及其他列,如 序号 | 重点任务 | 牵头单位 | 完成时限",
            "no header row found: a header names the task column and more, like 序号 | 重点任务 | 牵头单位 | 完成时限"
        ),
    }
}

/// Reads the tables (the first one with a header row and those after it);
/// `front` is text before them (title, 文号).
pub fn import(grids: &[Grid], front: &str) -> Imported {
    let grids: Vec<Grid> = grids.iter().map(normalized).collect();
    let Some(first) = grids.iter().position(has_header) else {
        return Imported { layout: Some(Layout::D), problems: vec![no_header()], ..Imported::default() };
    };
    let text = normalize(front);
    let front: Vec<&str> = text.lines().take(grids[first].text_line).map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut reader = Reader::default();
    reader.imported.problems.extend(grids[first..].iter().flat_map(|g| g.problems.iter().cloned()));
    reader.imported.notice.meta = meta(&front, &title_rows(&grids[first]));
    let title = &reader.imported.notice.meta.title;
    reader.year = last_year(title).or_else(|| front.iter().find_map(|l| last_year(l)));
    for (i, grid) in grids[first..].iter().enumerate() {
        reader.grid(grid, i == 0);
    }
    reader.close_group();
    reader.empty_category();
    if let Some(end) = grids.last().and_then(|g| g.text_end) {
        reader.after(&text, end);
    }
    reader.imported.layout = Some(Layout::D);
    reader.imported
}

/// Each cell as the other layouts read text: half-width forms, trimmed.
fn normalized(grid: &Grid) -> Grid {
    let rows = grid.rows.iter().map(|r| r.iter().map(|c| normalize(c).trim().to_string()).collect()).collect();
    Grid { rows, ..grid.clone() }
}

/// The text of the rows above the header, a line per row.
fn title_rows(grid: &Grid) -> Vec<String> {
    let header = Columns::of(grid).map_or(0, |c| c.row);
    let above = grid.rows[..header].iter().take_while(|r| !columns::is_header(r));
    above.filter_map(|r| spanning_text(r)).collect()
}

/// The distinct texts of a row, joined: a merged title repeats in every cell.
fn spanning_text(row: &[String]) -> Option<String> {
    let mut texts: Vec<&str> = Vec::new();
    for cell in row.iter().filter(|c| !c.is_empty()) {
        if !texts.contains(&cell.as_str()) {
            texts.push(cell);
        }
    }
    (!texts.is_empty()).then(|| texts.join(" "))
}

/// The notice's title, 文号 and date from the text before the table; the
/// title is the rows above the header when there are any, else the title
/// `front::meta` finds.
fn meta(front: &[&str], title_rows: &[String]) -> NoticeMeta {
    let lines: Vec<(usize, &str)> =
        front.iter().copied().chain(title_rows.iter().map(String::as_str)).enumerate().collect();
    let mut meta = super::front::meta(&lines);
    let said = |line: &str| Some(line) == meta.number.as_deref() || Some(line) == meta.date.as_deref();
    meta.title = match title_rows {
        // A web page's breadcrumb and publication line are not the title.
        [] if !meta.title.is_empty() => std::mem::take(&mut meta.title),
        [] => front.iter().rev().find(|l| !said(l)).map(|l| l.to_string()).unwrap_or_default(),
        rows => rows.join("\n"),
    };
    meta
}

/// The group being filled.
struct Group {
    file: GroupFile,
    used: BTreeSet<u32>,
}

/// The state of a read through the grids.
#[derive(Default)]
struct Reader {
    imported: Imported,
    year: Option<i32>,
    columns: Option<Columns>,
    group: Option<Group>,
    /// The text of the last category row.
    section: Option<String>,
    /// The last value of the category column (an empty cell repeats it).
    category: Option<String>,
    /// A category row no task has followed yet, and its row number.
    pending: Option<(usize, String)>,
}

impl Reader {
    fn grid(&mut self, grid: &Grid, first: bool) {
        let (columns, start) = match Columns::of(grid) {
            Some(c) => {
                let start = c.row + 1;
                self.header(grid, c);
                (self.columns.clone().expect("just set"), start)
            }
            // A table broken across pages goes on without a header.
            None => match self.columns.clone().filter(|c| grid.rows.first().is_some_and(|r| r.len() == c.fields.len()))
            {
                Some(c) => (c, 0),
                None => return self.unplaced(grid),
            },
        };
        let fallback = self.fallback_title(grid, first);
        let headings = task_only_headings(&grid.rows[start.min(grid.rows.len())..], &columns);
        for (i, cells) in grid.rows.iter().enumerate().skip(start) {
            let row = Row { cells, line: grid.line(i) };
            if headings.contains(&(i - start)) {
                let text = columns.text(cells, Field::Task);
                let excerpt = crate::report::render::excerpt(&text, 30);
                self.doubt(
                    row.line,
                    tr!(
                        "第 {} 行按分类读取: {excerpt}(只有任务一格,下一行是任务)",
                        "row {} was read as a category: {excerpt} (only its task cell is filled, and a task follows)",
                        row.line
                    ),
                );
                self.category_heading(&row, text);
                continue;
            }
            self.row(&row, &columns, &fallback);
        }
    }

    /// A new header: a new table, unless it repeats the last one's.
    fn header(&mut self, grid: &Grid, columns: Columns) {
        if self.columns.as_ref().is_some_and(|c| c.fields == columns.fields) {
            return;
        }
        self.close_group();
        (self.section, self.category) = (None, None);
        for header in &columns.unread {
            self.doubt(
                grid.line(columns.row),
                tr!(
                    "`{header}` 列不是任务的字段,其内容已附在任务文字后",
                    "the column `{header}` is not a field of a task: its cells were added to the tasks' text"
                ),
            );
        }
        self.columns = Some(columns);
    }

    /// The group title of a table without categories: the rows above its
    /// header, which for the first table are the notice's title.
    fn fallback_title(&self, grid: &Grid, first: bool) -> String {
        let rows = title_rows(grid);
        if !first && !rows.is_empty() {
            return rows.join("\n");
        }
        let title = &self.imported.notice.meta.title;
        if title.is_empty() { grid.name.clone() } else { title.clone() }
    }

    /// A table without a header that does not go on from the last one.
    fn unplaced(&mut self, grid: &Grid) {
        for (i, row) in grid.rows.iter().enumerate() {
            if let Some(text) = spanning_text(row) {
                let message = tr!(
                    "{} 中的行不在任何表头之下: {}",
                    "a row of {} is under no header row: {}",
                    grid.name,
                    crate::report::render::excerpt(&text, 30)
                );
                self.imported.problems.push(Problem { line: grid.line(i), message });
            }
        }
    }

    /// The paragraphs after the last table (from line index `end` of
    /// `text`): a signature and its date fill the notice's metadata when
    /// the text before gave none; anything else is said, so that it is not
    /// lost unseen.
    fn after(&mut self, text: &str, end: usize) {
        let lines: Vec<(usize, &str)> =
            text.lines().enumerate().skip(end).map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
        let signed = super::front::meta(&lines);
        let meta = &mut self.imported.notice.meta;
        if meta.date.is_none() {
            meta.date.clone_from(&signed.date);
        }
        if meta.issuer.is_none() {
            meta.issuer.clone_from(&signed.issuer);
        }
        for (line, paragraph) in lines {
            if Some(paragraph) == signed.date.as_deref() || Some(paragraph) == signed.issuer.as_deref() {
                continue;
            }
            let excerpt = crate::report::render::excerpt(paragraph, 40);
            self.doubt(
                line,
                tr!("表格之后的文字未导入: {excerpt}", "text after the table was not imported: {excerpt}"),
            );
        }
    }

    fn row(&mut self, row: &Row, columns: &Columns, fallback: &str) {
        if row.cells.iter().all(String::is_empty) {
            return;
        }
        if let Some(note) = note_row(row.cells) {
            let excerpt = crate::report::render::excerpt(note, 40);
            self.doubt(
                row.line,
                tr!("表格中的注释未导入: {excerpt}", "a note in the table was not imported: {excerpt}"),
            );
            return;
        }
        if let Some(text) = category_row(row.cells, columns) {
            self.category_heading(row, text);
            return;
        }
        self.pending = None;
        self.cells_beyond(row, columns);
        let title = self.group_title(row, columns, fallback);
        self.leaf(row, columns, title);
    }

    /// A category row: the rows after it are its group's.
    fn category_heading(&mut self, row: &Row, text: String) {
        self.close_group();
        self.empty_category();
        (self.section, self.category) = (Some(unnumbered(&text).to_string()), None);
        self.pending = Some((row.line, text));
    }

    /// Cells right of the header's last column have no field to go to.
    fn cells_beyond(&mut self, row: &Row, columns: &Columns) {
        for cell in row.cells.iter().skip(columns.fields.len()).filter(|c| !c.is_empty()) {
            self.doubt(
                row.line,
                tr!("表头之外的单元格未导入: {cell}", "a cell outside the header's columns was not imported: {cell}"),
            );
        }
    }

    /// The title of the group a data row belongs to: its category (an
    /// empty cell repeats the one above), else the last category row's.
    fn group_title(&mut self, row: &Row, columns: &Columns, fallback: &str) -> String {
        let category = columns.text(row.cells, Field::Category);
        if !category.is_empty() {
            self.category = Some(unnumbered(&category).to_string());
        }
        self.category.clone().or_else(|| self.section.clone()).unwrap_or_else(|| fallback.to_string())
    }

    /// Adds the leaf of `row` to the group titled `title`, opening it when
    /// the last group has another title.
    fn leaf(&mut self, row: &Row, columns: &Columns, title: String) {
        if self.group.as_ref().is_some_and(|g| g.file.title != title) {
            self.close_group();
        }
        let number = self.imported.notice.groups.len() + 1;
        let group = self.group.get_or_insert_with(|| Group { file: new_group(number, title), used: BTreeSet::new() });
        let (n, why) = leaf_number(&columns.text(row.cells, Field::Number), &group.used);
        group.used.insert(n);
        let id = format!("{}.{n}", group.file.group.value);
        let measure = leaf::leaf(id, row, columns, self.year, &mut self.imported.doubts);
        group.file.measures.push(measure);
        if let Some(why) = why {
            self.doubt(row.line, why);
        }
    }

    /// A category row followed by no task makes no group: said, so its
    /// text is not lost unseen.
    fn empty_category(&mut self) {
        if let Some((line, text)) = self.pending.take() {
            self.doubt(
                line,
                tr!("分类 `{text}` 下没有任务,未导入", "the category `{text}` has no tasks and was not imported"),
            );
        }
    }

    fn close_group(&mut self) {
        if let Some(mut group) = self.group.take() {
            group.file.indicators = crate::model::indicator::indicators_of(&group.file);
            self.imported.notice.groups.push(group.file);
        }
    }

    fn doubt(&mut self, line: usize, message: String) {
        self.imported.doubts.push(Doubt { line, message });
    }
}

fn new_group(number: usize, title: String) -> GroupFile {
    GroupFile {
        group: Located::new(number.to_string()),
        title,
        target: String::new(),
        indicators: vec![],
        measures: vec![],
        duties: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let rows = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        Grid { name: "清单".into(), rows, first_row: 1, ..Grid::default() }
    }

    #[test]
    fn what_is_not_read_is_said_and_kept() {
        let g = grid(&[
            &["任务清单", "", "", ""],
            &["重点任务", "责任单位", "完成时限", "完成情况"],
            &["甲", "市住建局等", "尽快", "x"],
            &["乙,2023年6月底前启动,2023年底前完成", "市财政局", "", ""],
            &["丙", "", "9月底", ""],
        ]);
        let imported = import(&[g], "");
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        let lines: Vec<usize> = imported.doubts.iter().map(|d| d.line).collect();
        // 完成情况; 等 and 尽快 on row 3; two deadlines in row 4; no year on row 5.
        assert_eq!(lines, [2, 3, 3, 4, 5], "{:?}", imported.doubts);
        let group = &imported.notice.groups[0];
        assert_eq!(group.title, "任务清单");
        let texts: Vec<&str> = group.measures.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(
            texts,
            ["甲(完成时限:尽快)(完成情况:x)", "乙,2023年6月底前启动,2023年底前完成", "丙(完成时限:9月底)"]
        );
        assert_eq!(group.measures[0].units[0].value, "市住建局");
        assert!(group.measures.iter().all(|m| m.due.is_none() && m.lead == Some(vec![])));
        assert_eq!(group.measures[2].id.line, 5);
    }

    #[test]
    fn remarks_and_unread_columns_stay_with_the_task() {
        let g = grid(&[
            &["重点任务", "牵头单位", "备注", "完成情况"],
            &["甲", "市司法局", "按月调度", "已完成"],
            &["乙", "市公安局", "", ""],
        ]);
        let imported = import(&[g], "");
        let texts: Vec<&str> = imported.notice.groups[0].measures.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["甲(备注:按月调度)(完成情况:已完成)", "乙"]);
        let doubts: Vec<&str> = imported.doubts.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(doubts.len(), 1, "{doubts:?}");
        assert!(doubts[0].contains("完成情况"), "{doubts:?}");
    }

    #[test]
    fn a_category_column_makes_groups_and_repeats_down() {
        let g = grid(&[
            &["一级指标", "序号", "评价指标", "牵头单位"],
            &["依法决策", "1", "甲", "市司法局"],
            &["", "1", "乙", ""],
            &["政务公开", "3", "丙", "市政府办"],
        ]);
        let imported = import(&[g], "");
        let ids: Vec<Vec<&str>> =
            imported.notice.groups.iter().map(|g| g.measures.iter().map(|m| m.id.value.as_str()).collect()).collect();
        assert_eq!(ids, [vec!["1.1", "1.2"], vec!["2.3"]]);
        assert_eq!(imported.notice.groups[1].title, "政务公开");
        assert_eq!(imported.notice.groups[0].measures[1].lead, Some(vec![]));
    }

    #[test]
    fn a_category_title_loses_its_chapter_number() {
        assert_eq!(unnumbered("一、优化政务服务"), "优化政务服务");
        assert_eq!(unnumbered("(二)强化要素保障"), "强化要素保障");
        assert_eq!(unnumbered("3.依法决策"), "依法决策");
        assert_eq!(unnumbered("12、政务公开"), "政务公开");
        assert_eq!(unnumbered("1.5万亩高标准农田"), "1.5万亩高标准农田");
        assert_eq!(unnumbered("营商环境"), "营商环境");
        assert_eq!(unnumbered("一、"), "一、");
        assert_eq!(unnumbered("统一、规范"), "统一、规范");
    }

    #[test]
    fn numbers_are_kept_when_free() {
        let used: BTreeSet<u32> = [1, 2].into();
        assert_eq!(leaf_number("5、", &used), (5, None));
        assert_eq!(leaf_number("", &used).0, 3);
        assert_eq!(leaf_number("2", &used).0, 3);
        assert!(leaf_number("1.2", &used).1.is_some());
    }

    #[test]
    fn category_rows_span_or_stand_alone() {
        let header =
            Grid { rows: vec![vec!["序号".into(), "重点任务".into(), "牵头单位".into()]], ..Grid::default() };
        let c = Columns::of(&header).unwrap();
        let row = |cells: [&str; 3]| cells.map(String::from).to_vec();
        assert_eq!(category_row(&row(["一、改革", "一、改革", "一、改革"]), &c).as_deref(), Some("一、改革"));
        assert_eq!(category_row(&row(["一、改革", "", ""]), &c).as_deref(), Some("一、改革"));
        assert_eq!(category_row(&row(["一", "改革", ""]), &c).as_deref(), Some("改革"));
        assert_eq!(category_row(&row(["1", "", ""]), &c), None);
        assert_eq!(category_row(&row(["1", "甲", ""]), &c), None);
        assert_eq!(category_row(&row(["", "甲", ""]), &c).as_deref(), Some("甲"), "no number, the task alone");
        assert_eq!(category_row(&row(["", "", "乙"]), &c), None);
    }
}
