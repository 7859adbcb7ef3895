//! A table flattened to text, as copying it from a web page leaves it:
//! either a header row whose cells are separated by `|` or tabs and then a
//! row to a line, or the header's names one to a line and then the cells
//! one to a line in the same order (an empty cell as an empty line inside
//! its row).
//!
//! A line of one text between rows is a category row. A row whose cells
//! do not line up with the header (a web page leaves a merged cell out of
//! the rows after its first) is a problem, never read shifted; in the
//! one-cell-per-line form only the `序号` column tells the rows apart.

use super::rows::{arabic, chinese};
use super::{Grid, columns};
use crate::import::Problem;
use crate::import::normalize;
use crate::import::vocabulary::{Field, field};
use crate::tr;

/// Headers of columns a task list has but the importer does not read;
/// they may stand in a header written one name to a line.
const UNREAD: &[&str] = &["备注", "说明", "完成情况", "进展情况", "工作进展"];

/// The first table in `text`, if it holds one with a header row.
pub fn flattened(text: &str) -> Option<Vec<Grid>> {
    let text = normalize(text);
    // A web page's own links under the table end the document.
    let lines: Vec<&str> = text.lines().take_while(|l| !crate::import::front::is_page_footer(l)).collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(separator) = separated_header(line) {
            return Some(vec![separated(&lines, i, separator)]);
        }
        if let Some(n) = stacked_header(&lines[i..]) {
            return Some(vec![stacked(&lines, i, n)]);
        }
    }
    None
}

/// The separator of a header row written on one line.
fn separated_header(line: &str) -> Option<char> {
    ['|', '\t'].into_iter().find(|&s| line.contains(s) && columns::is_header(&cells(line, s)))
}

/// The cells of a line; a Markdown row's outer bars are not separators.
fn cells(line: &str, separator: char) -> Vec<String> {
    let line = line.trim_matches(|c: char| c == ' ' || c == '\r');
    let line = if separator == '|' { line.trim_start_matches('|').trim_end_matches('|') } else { line };
    line.split(separator).map(|c| c.trim().to_string()).collect()
}

/// A row to a line after the header at `header`. A row of one text spans
/// the table; a row with fewer cells than the header lost one (a merged
/// cell a web page leaves out after its first row) and cannot be read by
/// position.
fn separated(lines: &[&str], header: usize, separator: char) -> Grid {
    let head = cells(lines[header], separator);
    let n = head.len();
    let mut grid = start(header, head);
    for (j, line) in lines.iter().enumerate().skip(header + 1) {
        if line.trim().is_empty() || is_rule(line) {
            continue;
        }
        let row = cells(line, separator);
        match row.len() {
            1 => push(&mut grid, j, vec![row[0].clone(); n]),
            k if k < n => grid.problems.push(misaligned(j + 1, k, n)),
            _ => push(&mut grid, j, row),
        }
    }
    grid
}

/// The problem of a row that does not line up with the header.
fn misaligned(line: usize, k: usize, n: usize) -> Problem {
    let message = tr!(
        "这一行有 {k} 个单元格,表头有 {n} 个(可能省略了合并单元格),无法按位置读取;请补齐这一行的单元格",
        "this row has {k} cells where the header has {n} (perhaps a merged cell was left out), so it cannot be read \
         by position: fill in the row's missing cells"
    );
    Problem { line, message }
}

/// A Markdown table's `---|:---:` line.
fn is_rule(line: &str) -> bool {
    line.contains('-') && line.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
}

/// How many lines from the first of `lines` are header names, one to a
/// line; none unless they make a header.
fn stacked_header(lines: &[&str]) -> Option<usize> {
    let n = lines.iter().take_while(|l| field(l).is_some() || UNREAD.contains(&l.trim())).count();
    let names: Vec<String> = lines[..n].iter().map(|l| l.trim().to_string()).collect();
    (n >= 2 && columns::is_header(&names)).then_some(n)
}

/// The cells one to a line after the header of `n` names at `header`.
/// Only the 序号 column tells the rows apart: a row starts `p` lines
/// before its number (`p` the column's place), which is 1 or the number
/// after the last. Lines between rows are category rows; a row of another
/// number of cells than the header's is a problem, as is a table without
/// numbers, whose rows nothing tells apart.
fn stacked(lines: &[&str], header: usize, n: usize) -> Grid {
    let head: Vec<String> = lines[header..header + n].iter().map(|l| l.trim().to_string()).collect();
    let number_column = head.iter().position(|h| field(h) == Some(Field::Number));
    let mut grid = start(header, head);
    let Some(p) = number_column else {
        let message = tr!(
            "表格每格一行且没有序号列,分不清各行,未导入;请复制时保留序号列,或复制为以 | 或制表符分隔单元格的表格",
            "the table has a cell to a line and no 序号 column, so its rows cannot be told apart and it was not \
             imported: keep the 序号 column when copying it, or copy it with cells separated by | or tabs"
        );
        grid.problems.push(Problem { line: header + 1, message });
        return grid;
    };
    let body: Vec<(usize, String)> =
        lines.iter().enumerate().skip(header + n).map(|(j, l)| (j, l.trim().to_string())).collect();
    let mut starts: Vec<usize> = Vec::new();
    let mut last = 0;
    for (k, (_, text)) in body.iter().enumerate().skip(p) {
        let after_last = starts.last().is_none_or(|&s| k - p > s);
        if let Some(m) = arabic(text).filter(|&m| after_last && (m == 1 || m == last + 1)) {
            starts.push(k - p);
            last = m;
        }
    }
    let first = starts.first().copied().unwrap_or(body.len());
    for (j, text) in body[..first].iter().filter(|(_, t)| !t.is_empty()) {
        push(&mut grid, *j, vec![text.clone(); n]);
    }
    for (i, &a) in starts.iter().enumerate() {
        let b = starts.get(i + 1).copied().unwrap_or(body.len());
        // The row before ended short of this row's first cells: which of
        // them are this row's is not known.
        let unsure = p > 0 && i > 0 && a < starts[i - 1] + n;
        stacked_row(&mut grid, &body[a..b], n, p, unsure);
    }
    grid
}

/// One row of a stacked table, from its first cell to the next row's, and
/// the category rows that end it; `unsure` when where it starts is not
/// known.
fn stacked_row(grid: &mut Grid, lines: &[(usize, String)], n: usize, p: usize, unsure: bool) {
    // A heading after the row's number is a category below the row.
    let heading = lines.iter().skip(p + 1).position(|(_, t)| is_heading(t)).map_or(lines.len(), |h| h + p + 1);
    let (mut row, mut after) = (lines[..heading].to_vec(), lines[heading..].to_vec());
    while row.len() > n && row.last().is_some_and(|(_, t)| t.is_empty()) {
        row.pop();
    }
    if row.len() == n + 1 && after.is_empty() {
        after.extend(row.pop());
    }
    let line = row[0].0 + 1;
    if unsure {
        let message = tr!(
            "上一行的单元格少于表头,这一行从哪里开始无法确定(可能省略了合并单元格);请补齐单元格",
            "the row above has fewer cells than the header, so where this row starts is not known (perhaps a \
             merged cell was left out): fill in the missing cells"
        );
        grid.problems.push(Problem { line, message });
    } else if row.len() == n {
        push(grid, row[0].0, row.into_iter().map(|(_, t)| t).collect());
    } else {
        grid.problems.push(misaligned(line, row.len(), n));
    }
    for (j, text) in after.into_iter().filter(|(_, t)| !t.is_empty()) {
        push(grid, j, vec![text; n]);
    }
}

/// `一、…` or `(一)…`: a heading, which in a table is a category.
fn is_heading(text: &str) -> bool {
    let numeral = |s: &str| chinese(s).is_some();
    text.split_once('、').is_some_and(|(n, _)| numeral(n))
        || text.strip_prefix('(').and_then(|t| t.split_once(')')).is_some_and(|(n, _)| numeral(n))
}

/// A grid holding the header at line index `header`.
fn start(header: usize, head: Vec<String>) -> Grid {
    Grid { rows: vec![head], first_row: header + 1, lines: vec![header + 1], text_line: header, ..Grid::default() }
}

/// Adds the row read at line index `at`.
fn push(grid: &mut Grid, at: usize, row: Vec<String>) {
    grid.rows.push(row);
    grid.lines.push(at + 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_separated_table_reads_a_row_to_a_line() {
        let text = "标题\n| 序号 | 重点任务 | 牵头单位 |\n|---|---|---|\n一、改革\n| 1 | 甲 | 乙 |\n";
        let grid = &flattened(text).unwrap()[0];
        assert_eq!(grid.rows[1], ["一、改革"; 3]);
        assert_eq!(grid.rows[2], ["1", "甲", "乙"]);
        assert_eq!((grid.text_line, grid.line(2)), (1, 5));
    }

    #[test]
    fn a_stacked_table_reads_n_cells_to_a_row() {
        let text = "序号\n重点任务\n牵头单位\n备注\n一、改革\n1\n甲\n\n\n2\n乙\n丙\n丁\n";
        let grid = &flattened(text).unwrap()[0];
        assert_eq!(grid.rows[1], ["一、改革"; 4]);
        assert_eq!(grid.rows[2], ["1", "甲", "", ""]);
        assert_eq!(grid.rows[3], ["2", "乙", "丙", "丁"]);
        assert_eq!(grid.line(3), 10);
    }

    #[test]
    fn a_separated_row_short_of_cells_is_a_problem_not_read_shifted() {
        let text = "序号\t重点任务\t牵头单位\t责任单位\n1\t甲\t乙\t丙\n2\t丁\t戊\n";
        let grid = &flattened(text).unwrap()[0];
        assert_eq!(grid.rows.len(), 2, "{:?}", grid.rows);
        assert_eq!(grid.problems.len(), 1);
        assert_eq!(grid.problems[0].line, 3);
        assert!(grid.problems[0].message.contains('3') && grid.problems[0].message.contains('4'));
    }

    #[test]
    fn a_stacked_row_is_told_by_its_number_and_must_fill_the_header() {
        let text = "序号\n重点任务\n牵头单位\n责任单位\n1\n甲\n乙\n丙\n2\n丁\n戊\n一、改革\n3\n己\n庚\n辛\n";
        let grid = &flattened(text).unwrap()[0];
        assert_eq!(grid.rows[1], ["1", "甲", "乙", "丙"]);
        assert_eq!(grid.rows[2], ["一、改革"; 4]);
        assert_eq!(grid.rows[3], ["3", "己", "庚", "辛"]);
        assert_eq!(grid.problems.iter().map(|p| p.line).collect::<Vec<_>>(), [9]);
    }

    #[test]
    fn a_stacked_table_without_numbers_is_not_guessed() {
        let text = "标题\n重点任务\n牵头单位\n完成时限\n甲\n乙\n2023年6月\n丙\n丁\n2023年9月\n";
        let grid = &flattened(text).unwrap()[0];
        assert_eq!(grid.rows.len(), 1);
        assert_eq!(grid.problems.iter().map(|p| p.line).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn prose_holds_no_table() {
        assert!(flattened("一、总体要求\n重点任务:加快建设\n牵头单位:市政府办\n").is_none());
    }
}
