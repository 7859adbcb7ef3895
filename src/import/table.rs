//! Layout D: a task table with a header row, from a Word file, a
//! spreadsheet, a CSV file or a table flattened to text.

use super::{Imported, Problem};

/// The cells of one table, row by row, as its reader found them: a cell
/// covered by a merged one already holds the merged cell's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Where the table came from, for messages: a sheet's name, `table 2`.
    pub name: String,
    pub rows: Vec<Vec<String>>,
    /// The row number (1-based, in the source) of `rows[0]`.
    pub first_row: usize,
}

/// Whether `grid` has a header row this importer reads.
pub fn has_header(grid: &Grid) -> bool {
    let _ = grid;
    false
}

/// Reads the tables (the first one with a header row and those after it
/// with the same header); `front` is text before them (title, 文号).
pub fn import(grids: &[Grid], front: &str) -> Imported {
    let _ = (grids, front);
    Imported { problems: vec![Problem { line: 1, message: "table layout not read yet".into() }], ..Imported::default() }
}
