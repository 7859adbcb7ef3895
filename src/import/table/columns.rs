//! The header row of a task table: which column holds what. Tables name
//! their columns in any order and with many words (`重点任务`, `工作任务`,
//! `评价指标`); `vocabulary` knows them all.

use super::Grid;
use crate::import::vocabulary::{Field, field};

/// What each column of a table holds, as its header row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The index in the grid's rows of the last header row.
    pub row: usize,
    /// The field of each column; none for a column that is not read.
    pub fields: Vec<Option<Field>>,
    /// The headers of the columns that are not read (`完成情况`).
    pub unread: Vec<String>,
    /// The header of each column, as written.
    pub headers: Vec<String>,
}

impl Columns {
    /// The header of `grid`: the first row naming two fields or more, one
    /// of them the task; a row below it naming only fields refines it (a
    /// `责任单位` header spanning `牵头单位 | 配合单位`).
    pub fn of(grid: &Grid) -> Option<Columns> {
        let row = grid.rows.iter().position(|r| is_header(r))?;
        let mut fields: Vec<Option<Field>> = grid.rows[row].iter().map(|c| field(c)).collect();
        let mut headers = grid.rows[row].clone();
        let mut last = row;
        if let Some(next) = grid.rows.get(row + 1).filter(|r| is_sub_header(r)) {
            fields.resize(fields.len().max(next.len()), None);
            headers.resize(fields.len(), String::new());
            for (i, cell) in next.iter().enumerate() {
                if let Some(f) = field(cell) {
                    (fields[i], headers[i]) = (Some(f), cell.clone());
                }
            }
            last = row + 1;
        }
        let mut unread: Vec<String> = Vec::new();
        for (header, f) in headers.iter().zip(&fields) {
            if f.is_none() && !header.trim().is_empty() && !unread.contains(header) {
                unread.push(header.clone());
            }
        }
        Some(Columns { row: last, fields, unread, headers })
    }

    /// Whether a column holds `f`.
    pub fn has(&self, f: Field) -> bool {
        self.fields.contains(&Some(f))
    }

    /// The field of column `i`.
    pub fn field(&self, i: usize) -> Option<Field> {
        self.fields.get(i).copied().flatten()
    }

    /// The cells of `row` in the columns holding `f`, non-empty and each
    /// once (a cell spanning two columns of one field is one value).
    pub fn cells<'r>(&self, row: &'r [String], f: Field) -> Vec<&'r str> {
        let mut out: Vec<&str> = Vec::new();
        for (cell, _) in row.iter().zip(&self.fields).filter(|(_, field)| **field == Some(f)) {
            if !cell.is_empty() && !out.contains(&cell.as_str()) {
                out.push(cell);
            }
        }
        out
    }

    /// The cells of `row` kept only in the task's text: a remark (`备注`)
    /// and the columns no field reads, each after its header, once.
    pub fn remarks(&self, row: &[String]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (i, cell) in row.iter().enumerate().take(self.fields.len()) {
            let header = self.headers.get(i).map_or("", |h| h.trim());
            let kept = matches!(self.field(i), None | Some(Field::Note));
            let remark = (header.to_string(), cell.clone());
            if kept && !header.is_empty() && !cell.is_empty() && !out.contains(&remark) {
                out.push(remark);
            }
        }
        out
    }

    /// The text of `row` in the columns holding `f`, joined by new lines.
    pub fn text(&self, row: &[String], f: Field) -> String {
        self.cells(row, f).join("\n")
    }
}

/// At least two recognised names, one of them the task's.
pub fn is_header(row: &[String]) -> bool {
    let fields: Vec<Field> = row.iter().filter_map(|c| field(c)).collect();
    fields.len() >= 2 && fields.contains(&Field::Task)
}

/// A row of recognised names only.
fn is_sub_header(row: &[String]) -> bool {
    let mut filled = row.iter().filter(|c| !c.trim().is_empty()).peekable();
    filled.peek().is_some() && filled.all(|c| field(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let rows = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        Grid { rows, first_row: 1, ..Grid::default() }
    }

    #[test]
    fn the_header_is_the_first_row_naming_the_task_and_more() {
        let g = grid(&[&["清单", "", ""], &["序号", "评价指标", "完成情况"], &["1", "甲", ""]]);
        let c = Columns::of(&g).unwrap();
        assert_eq!(c.row, 1);
        assert_eq!(c.fields, [Some(Field::Number), Some(Field::Task), None]);
        assert_eq!(c.unread, ["完成情况"]);
        assert!(Columns::of(&grid(&[&["序号", "牵头单位"]])).is_none());
    }

    #[test]
    fn a_second_header_row_refines_the_first() {
        let g =
            grid(&[&["重点任务", "责任单位", "责任单位"], &["重点任务", "牵头单位", "配合单位"], &["甲", "乙", "丙"]]);
        let c = Columns::of(&g).unwrap();
        assert_eq!(c.row, 1);
        assert_eq!(c.fields, [Some(Field::Task), Some(Field::Lead), Some(Field::Support)]);
        assert_eq!(c.cells(&g.rows[2], Field::Support), ["丙"]);
    }
}
