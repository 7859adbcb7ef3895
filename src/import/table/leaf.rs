//! One data row of a task table → a leaf measure, and what about it should
//! be looked at: a list of units left open (`等`), a deadline that does not
//! read as one, a task nobody is named for.

use super::columns::Columns;
use crate::import::Doubt;
use crate::import::text_due::{Worded, worded};
use crate::import::units;
use crate::import::vocabulary::Field;
use crate::model::{Located, Measure};
use crate::tr;

/// A data row: its cells and its row number in the source.
pub struct Row<'r> {
    pub cells: &'r [String],
    pub line: usize,
}

/// The leaf `id` of `row`; `year` reads a month written without one.
pub fn leaf(id: String, row: &Row, columns: &Columns, year: Option<i32>, doubts: &mut Vec<Doubt>) -> Measure {
    let mut doubt = |message: String| doubts.push(Doubt { line: row.line, message });
    let mut m = Measure::new(id);
    m.id.line = row.line as u32;
    m.id.column = 1;
    m.text = columns.text(row.cells, Field::Task);
    let mut names = |f: Field| unit_names(&columns.cells(row.cells, f), &mut doubt);
    // A table without a lead column names no lead: the first responsible
    // unit leads only in the shipped notice's convention.
    m.lead = Some(if columns.has(Field::Lead) { names(Field::Lead) } else { vec![] });
    m.units = names(Field::Responsible);
    m.support = names(Field::Support);
    m.persons = columns.cells(row.cells, Field::Persons).iter().flat_map(|c| persons(c)).collect();
    deadline(&mut m, &columns.text(row.cells, Field::Deadline), year, &mut doubt);
    // Nothing the document says of the task is dropped.
    for (header, cell) in columns.remarks(row.cells) {
        m.text.push_str(&format!("({header}:{})", cell.replace('\n', " ")));
    }
    m
}

/// The unit names of a role's cells; several lines in a cell are several
/// names, and a cell of `/` or `无` names none.
fn unit_names(cells: &[&str], doubt: &mut impl FnMut(String)) -> Vec<Located<String>> {
    let mut out = Vec::new();
    for cell in cells.iter().filter(|c| !is_placeholder(c)) {
        let (names, open) = units::split(&cell.replace('\n', "、"));
        if open {
            doubt(units::open_ended(cell));
        }
        out.extend(names.into_iter().map(Located::new));
    }
    out
}

/// What tables write in a cell that names nobody.
fn is_placeholder(cell: &str) -> bool {
    matches!(cell.trim(), "/" | "-" | "—" | "——" | "无" | "\\")
}

/// `张三、李四` → two people.
fn persons(cell: &str) -> Vec<String> {
    if is_placeholder(cell) { vec![] } else { units::people(cell) }
}

/// The deadline from its cell, or from the task's text when the cell is
/// empty. A cell that does not read as a deadline is kept in the text,
/// where a reader sees it, and said.
fn deadline(m: &mut Measure, cell: &str, year: Option<i32>, doubt_of: &mut impl FnMut(String)) {
    let cell = cell.trim();
    if cell.is_empty() {
        from_text(m, doubt_of);
        return;
    }
    let why = match worded(cell, year) {
        Worded::Due(due, doubt) => {
            if let Some(doubt) = doubt {
                doubt_of(format!("{}: {doubt}", m.id.value));
            }
            m.due = Some(Located::new(due.key()));
            m.due_text = Some(Located::new(cell.to_string()));
            return;
        }
        Worded::NoYear(_) => tr!("没有年份,标题中也没有", "it has no year, nor has the title"),
        Worded::Not => tr!("无法识别", "it does not read as a deadline"),
    };
    doubt_of(tr!(
        "完成时限 `{cell}` 未导入({why}),已附在任务 {} 的文字后",
        "the deadline `{cell}` was not imported ({why}); it was added to the text of {}",
        m.id.value
    ));
    m.text.push_str(&format!("(完成时限:{cell})"));
}

/// A deadline the task's text states once (`2023年10月底前完成`).
fn from_text(m: &mut Measure, doubt: &mut impl FnMut(String)) {
    if let Some(message) = crate::import::text_due::take(m) {
        doubt(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_split_on_list_separators() {
        assert_eq!(persons("张三、李四;王五"), ["张三", "李四", "王五"]);
        assert!(persons("/").is_empty());
    }
}
