//! The tables of a Word file (`w:tbl`) as grids, built while the body is
//! walked (`document`): a cell spanning columns (`w:gridSpan`) repeats its
//! text in each, a cell continuing a vertical merge (`w:vMerge` without
//! `restart`) takes the text above it. A table inside a cell is read as
//! more paragraphs of that cell, so that none of its text is lost.

use super::Grid;
use crate::tr;

/// A cell as read, before spans and merges are resolved.
#[derive(Debug)]
struct Cell {
    paragraphs: Vec<String>,
    span: usize,
    continues: bool,
}

/// The tables found so far and the one being read.
#[derive(Debug, Default)]
pub struct Tables {
    pub grids: Vec<Grid>,
    /// How deep in tables the walk is: 1 in a top-level table.
    depth: usize,
    rows: Vec<Vec<String>>,
    row: Vec<Cell>,
    /// Grid columns a row leaves empty before its first cell (`w:gridBefore`).
    before: usize,
    cell: Option<Cell>,
    text_line: usize,
}

impl Tables {
    /// A `w:tbl` opens, after `text_line` lines of the body's text.
    pub fn open_table(&mut self, text_line: usize) {
        self.depth += 1;
        if self.depth == 1 {
            self.rows.clear();
            self.text_line = text_line;
        }
    }

    /// A `w:tbl` closes, after `text_line` lines of the body's text.
    pub fn close_table(&mut self, text_line: usize) {
        if self.depth == 1 {
            let first_row = self.grids.last().map_or(1, |g| g.first_row + g.rows.len());
            self.grids.push(Grid {
                name: tr!("表格 {}", "table {}", self.grids.len() + 1),
                rows: std::mem::take(&mut self.rows),
                first_row,
                text_line: self.text_line,
                text_end: Some(text_line),
                ..Grid::default()
            });
        }
        self.depth = self.depth.saturating_sub(1);
    }

    pub fn open_row(&mut self) {
        if self.depth == 1 {
            self.row.clear();
            self.before = 0;
        }
    }

    pub fn close_row(&mut self) {
        if self.depth != 1 {
            return;
        }
        let above = self.rows.last();
        let mut row = vec![String::new(); self.before];
        for cell in self.row.drain(..) {
            for _ in 0..cell.span.max(1) {
                let text = match (cell.continues, above) {
                    (true, Some(above)) => above.get(row.len()).cloned().unwrap_or_default(),
                    _ => cell.paragraphs.join("\n"),
                };
                row.push(text);
            }
        }
        self.rows.push(row);
    }

    pub fn open_cell(&mut self) {
        if self.depth == 1 {
            self.cell = Some(Cell { paragraphs: vec![], span: 1, continues: false });
        }
    }

    pub fn close_cell(&mut self) {
        if self.depth == 1 {
            self.row.extend(self.cell.take());
        }
    }

    /// A paragraph ends; in a cell, it is part of the cell's text.
    pub fn paragraph(&mut self, text: &str) {
        if let Some(cell) = &mut self.cell {
            cell.paragraphs.push(text.to_string());
        }
    }

    /// A property of the cell or row being read: `gridSpan`, `vMerge`,
    /// `gridBefore`, with its `w:val`.
    pub fn property(&mut self, name: &str, value: Option<&str>) {
        if self.depth != 1 {
            return;
        }
        let number = || value.and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
        match (name, &mut self.cell) {
            ("gridSpan", Some(cell)) => cell.span = number(),
            ("vMerge", Some(cell)) => cell.continues = value != Some("restart"),
            ("gridBefore", None) => self.before = number(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(t: &mut Tables, text: &str, props: &[(&str, Option<&str>)]) {
        t.open_cell();
        for (name, value) in props {
            t.property(name, *value);
        }
        t.paragraph(text);
        t.close_cell();
    }

    #[test]
    fn spans_repeat_and_merges_continue() {
        let mut t = Tables::default();
        t.open_table(3);
        t.open_row();
        cell(&mut t, "一、分类", &[("gridSpan", Some("3"))]);
        t.close_row();
        t.open_row();
        cell(&mut t, "1", &[]);
        cell(&mut t, "市司法局", &[("vMerge", Some("restart"))]);
        cell(&mut t, "甲", &[]);
        t.close_row();
        t.open_row();
        cell(&mut t, "2", &[]);
        cell(&mut t, "", &[("vMerge", None)]);
        cell(&mut t, "乙", &[]);
        t.close_row();
        t.close_table(6);
        let g = &t.grids[0];
        assert_eq!(g.rows, [["一、分类"; 3], ["1", "市司法局", "甲"], ["2", "市司法局", "乙"]]);
        assert_eq!((g.first_row, g.text_line), (1, 3));
    }
}
