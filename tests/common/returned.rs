//! Forms as units return them: a form made by `taizhang form`, copied cell
//! by cell with another writer (rust_xlsxwriter, as a spreadsheet program
//! saves it) with the unit's answers written in.

use calamine::{Data, Reader, SheetVisible, Xlsx, open_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

/// A cell written into a returned form.
#[derive(Clone, Copy)]
pub enum Put {
    Text(&'static str),
    /// A date cell, as a spreadsheet program saves a typed date.
    Day(u16, u8, u8),
    Number(f64),
}

/// A workbook read back: its sheets in order, each with its visibility and rows.
pub struct Book {
    pub sheets: Vec<(String, SheetVisible, Vec<Vec<Data>>)>,
}

impl Book {
    pub fn read(path: &Path) -> Book {
        let mut workbook: Xlsx<_> = open_workbook(path).expect("calamine opens the form");
        let meta: Vec<(String, SheetVisible)> =
            workbook.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible)).collect();
        let sheets = meta
            .into_iter()
            .map(|(name, visible)| {
                let range = workbook.worksheet_range(&name).unwrap();
                let rows = range.rows().map(|r| r.to_vec()).collect();
                (name, visible, rows)
            })
            .collect();
        Book { sheets }
    }

    pub fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _, _)| n.as_str()).collect()
    }

    pub fn sheet(&self, name: &str) -> &Vec<Vec<Data>> {
        &self.sheets.iter().find(|(n, _, _)| n == name).unwrap().2
    }
}

pub fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

/// Writes `out` as a unit returns it: every sheet of `form` copied cell by
/// cell with another writer (shared strings, dates as date cells, the
/// state sheet still hidden), then `edits` — (ID, column header, value) —
/// written over the form sheet; an ID not in it gets a row of its own.
pub fn fill(form: &Path, out: &Path, edits: &[(&str, &str, Put)]) {
    let book = Book::read(form);
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (name, visible, rows) in &book.sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        let mut rows = rows.clone();
        if name == "进展填报" || name == "Progress" {
            for (id, header, put) in edits {
                let col = rows[0].iter().position(|c| text(c) == *header).expect("a form column");
                let row = match rows.iter().position(|r| text(&r[0]) == *id) {
                    Some(row) => row,
                    None => {
                        let mut new = vec![Data::Empty; rows[0].len()];
                        new[0] = Data::String(id.to_string());
                        rows.push(new);
                        rows.len() - 1
                    }
                };
                rows[row][col] = match put {
                    Put::Text(t) => Data::String(t.to_string()),
                    Put::Number(n) => Data::Float(*n),
                    Put::Day(..) => Data::Empty,
                };
                if let Put::Day(y, m, d) = put {
                    let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(row as u32, col as u16, &day, &date).unwrap();
                }
            }
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(s) => drop(sheet.write_string(r, c, s).unwrap()),
                    Data::Float(n) => drop(sheet.write_number(r, c, *n).unwrap()),
                    _ => {}
                }
            }
        }
        if *visible != SheetVisible::Visible {
            sheet.set_hidden(true);
        }
    }
    workbook.save(out).unwrap();
}
