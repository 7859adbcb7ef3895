//! What people type into a form's cells, read the way they meant it:
//! statuses with spaces or in English, dates as date cells, day numbers or
//! text in any of the usual forms, evidence one item to a line.

use crate::model::due::{Due, parse_date, parse_deadline};
use crate::model::status::Status;
use chrono::NaiveDate;

/// A cell as the reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell: its day number (serial) in the 1900 date system.
    Date(f64),
    /// A date cell written as ISO text (OpenDocument).
    IsoDate(String),
}

impl Value {
    /// Whether the cell holds nothing but white space.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) | Value::IsoDate(text) => text.trim().is_empty(),
            Value::Number(_) | Value::Date(_) => false,
        }
    }

    /// The cell as text: what it shows, numbers without a needless `.0`,
    /// line breaks as line feeds.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(text) | Value::IsoDate(text) => text.replace("\r\n", "\n"),
            Value::Number(n) | Value::Date(n) => number(*n),
        }
    }

    /// The trimmed text, or none for an empty cell.
    pub fn given(&self) -> Option<String> {
        (!self.is_empty()).then(|| self.text().trim().to_string())
    }
}

/// A number as a spreadsheet shows it in a general cell.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

/// A status: an English key or a Chinese name, in any case, with white
/// space anywhere (`已 完成`, ` Done `).
pub fn status(text: &str) -> Option<Status> {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Status::parse(&squeezed)
}

/// The day a spreadsheet day number stands for (the 1900 date system, with
/// its fictitious 29 February 1900).
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = if days < 60 { NaiveDate::from_ymd_opt(1899, 12, 31)? } else { NaiveDate::from_ymd_opt(1899, 12, 30)? };
    base.checked_add_signed(chrono::Duration::days(days))
}

/// A day from a cell: a date cell, a day number, or text in any form
/// `parse_date` reads (`2021-3-1`, `2021/3/1`, `2021.3.1`, `2021年3月1日`,
/// full-width digits).
pub fn date(value: &Value) -> Option<NaiveDate> {
    match value {
        Value::Date(serial) | Value::Number(serial) => serial_date(*serial),
        Value::IsoDate(text) => text.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        Value::Text(text) => parse_date(text),
        Value::Empty => None,
    }
}

/// A new deadline from a cell: a date cell or day number is that day; text
/// is a month (the end of it) or a day.
pub fn deadline(value: &Value) -> Option<Due> {
    match value {
        Value::Text(text) => parse_deadline(text),
        other => date(other).map(Due::Day),
    }
}

/// Evidence items: one to a line (or separated by `;`/`;`), trimmed, the
/// empty ones dropped.
pub fn evidence(text: &str) -> Vec<String> {
    text.split(['\n', '\r', ';', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn statuses_as_typed() {
        assert_eq!(status(" 已 完成 "), Some(Status::Done));
        assert_eq!(status("Done"), Some(Status::Done));
        assert_eq!(status("BLOCKED"), Some(Status::Blocked));
        assert_eq!(status("推进中\n"), Some(Status::Doing));
        assert_eq!(status("完成"), None);
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(date(&Value::Date(44256.0)), Some(day(2021, 3, 1)));
        assert_eq!(date(&Value::Number(44256.0)), Some(day(2021, 3, 1)));
        assert_eq!(date(&Value::IsoDate("2021-03-01T00:00:00".into())), Some(day(2021, 3, 1)));
        for text in ["2021-3-1", "2021/3/1", "2021年3月1日", "2021.3.1", "２０２１年３月１日"] {
            assert_eq!(date(&Value::Text(text.into())), Some(day(2021, 3, 1)), "{text}");
        }
        assert_eq!(serial_date(1.0), Some(day(1900, 1, 1)));
        assert_eq!(serial_date(61.0), Some(day(1900, 3, 1)));
        assert_eq!(date(&Value::Text("三月".into())), None);
        assert_eq!(date(&Value::Number(-3.0)), None);
    }

    #[test]
    fn evidence_one_to_a_line() {
        assert_eq!(evidence("甲\r\n 乙 ;丙;\n"), ["甲", "乙", "丙"]);
    }
}
