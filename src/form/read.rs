//! Reading a returned form (xlsx as Excel, WPS or LibreOffice save it;
//! also xls and ods): the hidden sheet's record of how it was made, and the
//! cells of the form sheet, row by row.

use super::cells::Value;
use super::make::{STATE_COLUMNS, STATE_HEADER_ROW};
use super::{COLUMNS, MARK, Made, MadeRow, STATE_SHEET, VERSION, form_sheet};
use crate::i18n::Lang;
use crate::model::status::Status;
use crate::tr;
use anyhow::{Result, anyhow, bail};
use calamine::{Data, Range, Reader, open_workbook_auto};
use std::path::Path;

/// One row of the form sheet as returned.
#[derive(Debug, Clone)]
pub struct Returned {
    /// The row number as the spreadsheet shows it (the header is row 1).
    pub row: u32,
    /// The cells, in the order of `COLUMNS`.
    pub cells: Vec<Value>,
}

/// A returned form: how it was made, the name of its form sheet, its rows.
#[derive(Debug)]
pub struct Form {
    pub made: Made,
    pub sheet: String,
    pub rows: Vec<Returned>,
}

/// Reads the form at `path`; an error when it cannot be read or is not a
/// form this tool made.
pub fn read(path: &Path) -> Result<Form> {
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| anyhow!(tr!("无法读取电子表格({e})", "cannot read it as a spreadsheet ({e})")))?;
    let not_a_form = || {
        anyhow!(tr!(
            "不是 taizhang 制作的填报表(没有隐藏的 `{STATE_SHEET}` 工作表)\nhint: 请用 `taizhang form` 制作填报表,发给各单位填写",
            "not a form made by taizhang (it has no hidden `{STATE_SHEET}` sheet)\nhint: make forms with `taizhang form` and send those out"
        ))
    };
    let state = workbook.worksheet_range(STATE_SHEET).map_err(|_| not_a_form())?;
    let made = made(&state).ok_or_else(not_a_form)?;
    let names = workbook.sheet_names();
    let sheet = [made.lang, Lang::Zh, Lang::En]
        .iter()
        .map(|l| form_sheet(*l))
        .find(|name| names.iter().any(|n| n == name))
        .ok_or_else(|| {
            anyhow!(tr!(
                "没有 `{}` 工作表\nhint: 请勿改动工作表名称",
                "it has no `{}` sheet\nhint: the sheets must keep their names",
                form_sheet(made.lang)
            ))
        })?
        .to_string();
    let range = workbook.worksheet_range(&sheet).map_err(|e| anyhow!("{sheet}: {e}"))?;
    let rows = returned(&range, &sheet)?;
    Ok(Form { made, sheet, rows })
}

/// The text of a cell of the hidden sheet.
fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.replace("\r\n", "\n"),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The record of how the form was made; none when the hidden sheet is not one.
fn made(range: &Range<Data>) -> Option<Made> {
    // A form of another layout is not read as this one.
    if text(range, 0, 0) != MARK || text(range, 0, 1) != VERSION {
        return None;
    }
    let value = |key: &str| (1..5).find(|&r| text(range, r, 0) == key).map(|r| text(range, r, 1));
    let header: Vec<String> = (0..STATE_COLUMNS.len() as u32).map(|c| text(range, STATE_HEADER_ROW, c)).collect();
    if header != STATE_COLUMNS {
        return None;
    }
    let end = range.end().map_or(0, |(row, _)| row);
    let mut rows = Vec::new();
    for row in STATE_HEADER_ROW + 1..=end {
        let cell = |c: u32| text(range, row, c);
        let id = cell(0);
        if id.is_empty() {
            continue;
        }
        let optional = |c: u32| Some(cell(c)).filter(|s| !s.is_empty());
        rows.push(MadeRow {
            shown: [id.clone(), cell(1), cell(2), cell(3), cell(4)],
            id,
            status: Status::parse(&cell(5)),
            date: optional(6),
            note: optional(7),
            evidence: super::cells::evidence(&cell(8)),
            due: optional(9),
        });
    }
    Some(Made {
        checklist: value("checklist")?,
        unit: value("unit")?,
        date: value("date")?,
        lang: Lang::from_setting(&value("lang")?),
        rows,
    })
}

/// The rows under the header of the form sheet, blank rows left out.
fn returned(range: &Range<Data>, sheet: &str) -> Result<Vec<Returned>> {
    let headers_ok = COLUMNS.iter().enumerate().all(|(c, column)| {
        let found = text(range, 0, c as u32);
        [Lang::Zh, Lang::En].iter().any(|l| found.trim() == column.header(*l))
    });
    if !headers_ok {
        bail!(tr!(
            "`{sheet}` 的表头与填报表不符\nhint: 请勿增删、移动或改名各列",
            "the header of `{sheet}` is not the form's\nhint: the columns must not be added, removed, moved or renamed"
        ));
    }
    let end = range.end().map_or(0, |(row, _)| row);
    let mut rows = Vec::new();
    for row in 1..=end {
        let cells: Vec<Value> = (0..COLUMNS.len() as u32).map(|c| value(range.get_value((row, c)))).collect();
        if cells.iter().all(Value::is_empty) {
            continue;
        }
        rows.push(Returned { row: row + 1, cells });
    }
    Ok(rows)
}

/// A cell as the form reads it.
fn value(data: Option<&Data>) -> Value {
    match data {
        None | Some(Data::Empty) => Value::Empty,
        Some(Data::String(s)) => Value::Text(s.clone()),
        Some(Data::Int(n)) => Value::Number(*n as f64),
        Some(Data::Float(f)) => Value::Number(*f),
        Some(Data::Bool(b)) => Value::Text(b.to_string()),
        Some(Data::DateTime(d)) => Value::Date(d.as_f64()),
        Some(Data::DateTimeIso(s)) => Value::IsoDate(s.clone()),
        Some(Data::DurationIso(s)) => Value::Text(s.clone()),
        Some(Data::Error(e)) => Value::Text(format!("#{e}")),
    }
}
