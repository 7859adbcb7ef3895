//! Spreadsheets (`.xlsx`, `.xls`, `.ods`, read by calamine) and CSV files
//! as grids, one per visible sheet. A cell covered by a merged region
//! takes the region's top-left text: calamine reads the merges of `.xlsx`
//! and `.xls`, those of `.ods` are read here; CSV exports have none.

use super::Grid;
use crate::model::due::parse_date;
use calamine::{Data, Dimensions, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsx, open_workbook_from_rs};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The spreadsheet formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    Xlsx,
    Xls,
    Ods,
}

/// The visible worksheets of a workbook of kind `book`.
pub fn read(book: Book, bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let cursor = Cursor::new(bytes);
    match book {
        Book::Xlsx => {
            let mut workbook: Xlsx<_> =
                open_workbook_from_rs(cursor).map_err(|e: calamine::XlsxError| e.to_string())?;
            sheets(&mut workbook, |w, name| w.merge_cells_by_sheet_name(name).unwrap_or_default())
        }
        Book::Xls => {
            let mut workbook: Xls<_> = open_workbook_from_rs(cursor).map_err(|e: calamine::XlsError| e.to_string())?;
            sheets(&mut workbook, |w, name| w.merge_cells_by_sheet_name(name).unwrap_or_default())
        }
        Book::Ods => {
            let mut workbook: Ods<_> = open_workbook_from_rs(cursor).map_err(|e: calamine::OdsError| e.to_string())?;
            let merges = ods_merges(bytes).unwrap_or_default();
            sheets(&mut workbook, |_, name| merges.get(name).cloned().unwrap_or_default())
        }
    }
}

/// Each visible worksheet of `workbook` with its merged regions filled.
fn sheets<RS, W>(workbook: &mut W, merges: impl Fn(&mut W, &str) -> Vec<Dimensions>) -> Result<Vec<Grid>, String>
where
    RS: std::io::Read + std::io::Seek,
    W: Reader<RS>,
    W::Error: std::fmt::Display,
{
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut grids = Vec::new();
    for name in names {
        let range = workbook.worksheet_range(&name).map_err(|e| format!("{name}: {e}"))?;
        let merged = merges(workbook, &name);
        grids.extend(grid(name, &range, &merged));
    }
    Ok(grids)
}

/// The merged regions of each sheet of an `.ods` file: the cells that
/// carry `table:number-columns-spanned` or `table:number-rows-spanned`,
/// counted as calamine counts rows and columns (repeats included).
fn ods_merges(bytes: &[u8]) -> Result<HashMap<String, Vec<Dimensions>>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    archive.by_name("content.xml").map_err(|e| e.to_string())?.read_to_string(&mut xml).map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut merges: HashMap<String, Vec<Dimensions>> = HashMap::new();
    let (mut sheet, mut row, mut col, mut repeat) = (String::new(), 0u32, 0u32, 1u32);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                (sheet, row) = (attribute(&e, "table:name").unwrap_or_default(), 0);
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                (col, repeat) = (0, count(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => row = row.saturating_add(repeat),
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(count(&e, "table:number-rows-repeated"));
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let (wide, high) = (count(&e, "table:number-columns-spanned"), count(&e, "table:number-rows-spanned"));
                if wide > 1 || high > 1 {
                    let end = (row.saturating_add(high - 1), col.saturating_add(wide - 1));
                    merges.entry(sheet.clone()).or_default().push(Dimensions::new((row, col), end));
                }
                col = col.saturating_add(count(&e, "table:number-columns-repeated"));
            }
            Event::Eof => return Ok(merges),
            _ => {}
        }
    }
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| a.value.to_string())
}

/// A count attribute; 1 when absent.
fn count(e: &BytesStart, name: &str) -> u32 {
    attribute(e, name).and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(1)
}

/// The cells of a sheet from its first used row, from column A so that
/// merged regions line up; none for an empty sheet.
fn grid(name: String, range: &Range<Data>, merged: &[Dimensions]) -> Option<Grid> {
    let ((top, _), (bottom, right)) = (range.start()?, range.end()?);
    let mut rows: Vec<Vec<String>> = (top..=bottom)
        .map(|r| (0..=right).map(|c| range.get_value((r, c)).map(text).unwrap_or_default()).collect())
        .collect();
    for region in merged {
        let Some(corner) = cell(&rows, top, region.start).map(str::to_string) else { continue };
        for r in region.start.0.max(top)..=region.end.0.min(bottom) {
            for c in region.start.1..=region.end.1.min(right) {
                rows[(r - top) as usize][c as usize] = corner.clone();
            }
        }
    }
    Some(Grid { name, rows, first_row: top as usize + 1, ..Grid::default() })
}

fn cell(rows: &[Vec<String>], top: u32, (r, c): (u32, u32)) -> Option<&str> {
    rows.get(r.checked_sub(top)? as usize)?.get(c as usize).map(String::as_str)
}

/// A cell as text: whole numbers without `.0`, dates as a notice writes
/// them (`2023年6月30日`), which the deadline reader understands.
fn text(data: &Data) -> String {
    match data {
        Data::String(s) => s.replace("\r\n", "\n"),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, d, ..) = d.to_ymd_hms_milli();
            format!("{y}年{m}月{d}日")
        }
        Data::DateTimeIso(s) => match s.get(..10).and_then(parse_date) {
            Some(day) => day.format("%Y年%-m月%-d日").to_string(),
            None => s.clone(),
        },
        other => other.to_string(),
    }
}

/// A CSV file (RFC 4180: quoted fields, doubled quotes, new lines inside
/// quotes; a BOM) as one grid named `name`.
pub fn csv(name: &str, text: &str) -> Grid {
    let (lines, rows) = records(text).into_iter().unzip();
    Grid { name: name.to_string(), rows, first_row: 1, lines, ..Grid::default() }
}

/// Whether the first lines of `text` are comma-separated with a header row
/// this importer reads.
pub fn looks_like_csv(text: &str) -> bool {
    let head: String = text.lines().take(8).flat_map(|l| [l, "\n"]).collect();
    records(&head).iter().any(|(_, r)| r.len() >= 2 && super::columns::is_header(r))
}

/// The records of a CSV text, each with the line it starts on.
fn records(text: &str) -> Vec<(usize, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut line, mut start, mut quoted) = (1, 1, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
            }
            ('\n', true) => {
                line += 1;
                field.push('\n');
            }
            ('\r', true) if chars.peek() == Some(&'\n') => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        out.push((start, record));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_new_lines_and_bom() {
        let text = "\u{feff}序号,重点任务\r\n1,\"甲,\"\"乙\"\"\n丙\"\r\n2,丁\n";
        let grid = csv("清单", text);
        assert_eq!(grid.rows, [vec!["序号", "重点任务"], vec!["1", "甲,\"乙\"\n丙"], vec!["2", "丁"]]);
        assert_eq!(grid.lines, [1, 2, 4]);
        assert_eq!(grid.line(2), 4);
    }

    #[test]
    fn csv_is_known_by_its_header() {
        assert!(looks_like_csv("2023年清单,,\n序号,重点任务,牵头单位\n1,甲,乙\n"));
        assert!(!looks_like_csv("序号\t重点任务\t牵头单位\n"));
        assert!(!looks_like_csv("一、总体要求,加快建设\n"));
    }
}
