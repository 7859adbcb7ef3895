//! A table flattened to text, as copying it from a web page leaves it:
//! either a header row whose cells are separated by `|` or tabs and then a
//! row to a line, or the header's names one to a line and then the cells
//! one to a line in the same order (an empty cell as an empty line inside
//! its row).
//!
//! A line of one text between rows is a category row. When the table
//! numbers its rows in a first `序号` column, the next number starts the
//! next row, so a row that lost its last empty cells still reads.

use super::{Grid, arabic, chinese, columns};
use crate::import::normalize;
use crate::import::vocabulary::{Field, field};

/// Headers of columns a task list has but the importer does not read;
/// they may stand in a header written one name to a line.
const UNREAD: &[&str] = &["备注", "说明", "完成情况", "进展情况", "工作进展"];

/// The first table in `text`, if it holds one with a header row.
pub fn flattened(text: &str) -> Option<Vec<Grid>> {
    let text = normalize(text);
    let lines: Vec<&str> = text.lines().collect();
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

/// A row to a line after the header at `header`.
fn separated(lines: &[&str], header: usize, separator: char) -> Grid {
    let head = cells(lines[header], separator);
    let n = head.len();
    let mut grid = start(header, head);
    for (j, line) in lines.iter().enumerate().skip(header + 1) {
        if line.trim().is_empty() || is_rule(line) {
            continue;
        }
        let mut row = cells(line, separator);
        if row.len() == 1 {
            row = vec![row[0].clone(); n];
        }
        push(&mut grid, j, row);
    }
    grid
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
fn stacked(lines: &[&str], header: usize, n: usize) -> Grid {
    let head: Vec<String> = lines[header..header + n].iter().map(|l| l.trim().to_string()).collect();
    let numbered = field(&head[0]) == Some(Field::Number);
    let mut grid = start(header, head);
    let mut row: Option<(usize, Vec<String>)> = None;
    let mut last_number = 0;
    for (j, line) in lines.iter().enumerate().skip(header + n) {
        let text = line.trim().to_string();
        if row.as_ref().is_some_and(|(_, cells)| cells.len() >= n) {
            close(&mut grid, &mut row, n);
        }
        let number = arabic(&text).filter(|_| numbered);
        let next_row = number.is_some_and(|k| k == 1 || k == last_number + 1);
        let heading = is_heading(&text);
        if let Some((_, cells)) = row.as_mut().filter(|_| !next_row && !heading) {
            cells.push(text);
            continue;
        }
        if text.is_empty() {
            continue;
        }
        close(&mut grid, &mut row, n);
        if heading || (numbered && number.is_none()) {
            push(&mut grid, j, vec![text; n]);
        } else {
            last_number = number.unwrap_or(last_number);
            row = Some((j, vec![text]));
        }
    }
    close(&mut grid, &mut row, n);
    grid
}

/// `一、…` or `(一)…`: a heading, which in a table is a category.
fn is_heading(text: &str) -> bool {
    let numeral = |s: &str| chinese(s).is_some();
    text.split_once('、').is_some_and(|(n, _)| numeral(n))
        || text.strip_prefix('(').and_then(|t| t.split_once(')')).is_some_and(|(n, _)| numeral(n))
}

/// A grid holding the header at line index `header`.
fn start(header: usize, head: Vec<String>) -> Grid {
    Grid { name: String::new(), rows: vec![head], first_row: header + 1, lines: vec![header + 1], text_line: header }
}

/// Adds the row read at line index `at`.
fn push(grid: &mut Grid, at: usize, row: Vec<String>) {
    grid.rows.push(row);
    grid.lines.push(at + 1);
}

/// Ends the row being read, its missing last cells empty.
fn close(grid: &mut Grid, row: &mut Option<(usize, Vec<String>)>, n: usize) {
    if let Some((at, mut cells)) = row.take() {
        cells.resize(n.max(cells.len()), String::new());
        push(grid, at, cells);
    }
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
    fn prose_holds_no_table() {
        assert!(flattened("一、总体要求\n重点任务:加快建设\n牵头单位:市政府办\n").is_none());
    }
}
