//! The xlsx of an export: the ledger sheet (or, past Excel's row limit,
//! several) and the per-unit summary sheet, for offices that keep their
//! 台账 in Excel.

use super::{COLUMNS, Cell, Column, Export, Row};
use crate::i18n::Lang;
use crate::report::tally::{self, Tally};
use crate::store::Checklist;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The widest a column other than the long texts may grow, in column units
/// (the longest unit name of the shipped checklist takes 26).
const NARROW_CAP: usize = 30;
/// The widest the measure text may grow before it wraps.
const TEXT_CAP: usize = 60;
/// The widest a note or the evidence may grow before it wraps.
const NOTE_CAP: usize = 40;
/// The narrowest a note or the evidence column is, even empty: offices fill
/// them in the spreadsheet, and a 文号 such as 宜国资发〔2021〕3号 takes 20.
const NOTE_MIN: usize = 24;
/// How dates show in the spreadsheet: ISO, the same in every locale.
const DATE_FORMAT: &str = "yyyy-mm-dd";
/// The most rows a ledger sheet holds under its header (Excel's limit is
/// 1,048,576 rows in all); the rows after them go on to another sheet.
const SHEET_ROWS: usize = 1_048_575;
/// Test-only: fewer rows to a sheet, so that a test can see the rows go on
/// to the next sheet without making a million of them.
const SHEET_ROWS_VARIABLE: &str = "TAIZHANG_TEST_SHEET_ROWS";

/// The workbook. Its creation date is the as-of date, so the same data and
/// date give the same bytes.
pub(super) fn workbook(export: &Export, checklist: &Checklist) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let info = &checklist.config.checklist;
    let properties = DocProperties::new()
        .set_title(&info.title)
        .set_comment(info.number.as_deref().unwrap_or_default())
        .set_creation_datetime(&excel_date(export.today)?);
    workbook.set_properties(&properties);
    // Compressing takes most of the time at the default level (6); level 2
    // takes half as long for a file a quarter larger.
    workbook.set_zip_compression_level(2);
    let styles = Styles::new();
    let mut rows = export.rows().peekable();
    let name = export.lang.labels().sheet_ledger;
    let sheet_rows = std::env::var(SHEET_ROWS_VARIABLE).ok().and_then(|n| n.parse().ok()).unwrap_or(SHEET_ROWS);
    for part in 1.. {
        // Each row goes to the sheet's temporary file once the next one
        // starts, rather than staying in memory to the end.
        let sheet = workbook.add_worksheet_with_low_memory()?;
        sheet.set_name(if part == 1 { name.to_string() } else { format!("{name} ({part})") })?;
        ledger_sheet(sheet, rows.by_ref().take(sheet_rows.clamp(1, SHEET_ROWS)), export.lang, &styles)?;
        if rows.peek().is_none() {
            break;
        }
    }
    let units = unit_summary(export, checklist);
    summary_sheet(workbook.add_worksheet(), &units, export.lang, &styles)?;
    Ok(workbook.save_to_buffer()?)
}

/// The cell formats of the workbook. Everything aligns to the top, so a
/// row whose measure text wraps still reads across.
struct Styles {
    header: Format,
    plain: Format,
    wrap: Format,
    date: Format,
    bold: Format,
    percent: Format,
    bold_percent: Format,
}

impl Styles {
    /// The formats, built once per workbook.
    fn new() -> Styles {
        let top = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: top.clone().set_bold(),
            wrap: top.clone().set_text_wrap(),
            date: top.clone().set_num_format(DATE_FORMAT),
            bold: top.clone().set_bold(),
            percent: top.clone().set_num_format("0%"),
            bold_percent: top.clone().set_num_format("0%").set_bold(),
            plain: top,
        }
    }

    /// The format of a ledger column's cells.
    fn of(&self, column: Column) -> &Format {
        if column.dates() {
            &self.date
        } else if column.wraps() {
            &self.wrap
        } else {
            &self.plain
        }
    }
}

/// A date as a spreadsheet date (a day number, shown with `DATE_FORMAT`).
fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// A ledger sheet: a bold header frozen above the rows, the group and ID
/// frozen to the left, a filter on every column. Each column carries its
/// cells' format, so that the cells need none of their own (looking a
/// format up for every cell took a third of the time).
fn ledger_sheet<'a>(
    sheet: &mut Worksheet,
    rows: impl Iterator<Item = Row<'a>>,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, column) in (0..).zip(COLUMNS) {
        sheet.set_column_format(col, styles.of(column))?;
        sheet.write_string_with_format(0, col, column.header(lang), &styles.header)?;
    }
    let mut widths = Widths::default();
    let mut last = 0;
    for (number, row) in (1..).zip(rows) {
        last = number;
        for (col, column) in (0..).zip(COLUMNS) {
            let cell = column.cell(&row, lang);
            widths.see(column, &cell);
            write_cell(sheet, number, col, &cell)?;
        }
    }
    for (col, column) in (0..).zip(COLUMNS) {
        sheet.set_column_width(col, widths.of(column, lang))?;
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, last, COLUMNS.len() as u16 - 1)?;
    Ok(())
}

/// Writes one cell in its column's format; an empty cell is left unwritten.
fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(value) => sheet.write_string(row, col, value.as_ref())?,
        Cell::Number(n) => sheet.write_number(row, col, *n as f64)?,
        Cell::Date(day) => sheet.write_datetime(row, col, excel_date(*day)?)?,
        Cell::Empty => sheet,
    };
    Ok(())
}

/// The widest cell seen so far in each column of a ledger sheet. A column
/// that has reached its cap is not measured any further.
#[derive(Default)]
struct Widths([usize; COLUMNS.len()]);

impl Widths {
    /// Takes the width of `cell`, in `column`, into account.
    fn see(&mut self, column: Column, cell: &Cell) {
        let widest = &mut self.0[column as usize];
        if *widest + 2 < column.cap() {
            *widest = (*widest).max(cell.width());
        }
    }

    /// The width of `column`, within its bounds.
    fn of(&self, column: Column, lang: Lang) -> f64 {
        let width = column_width(column.header(lang), std::iter::once(self.0[column as usize]), column.cap());
        width.max(column.min() as f64)
    }
}

impl Column {
    /// The widest the column may grow in the spreadsheet; longer text wraps.
    fn cap(self) -> usize {
        match self {
            Column::Text => TEXT_CAP,
            Column::Note | Column::Evidence => NOTE_CAP,
            _ => NARROW_CAP,
        }
    }

    /// The narrowest the column may be in the spreadsheet.
    fn min(self) -> usize {
        match self {
            Column::Note | Column::Evidence => NOTE_MIN,
            _ => 0,
        }
    }

    /// Whether long text wraps inside the cell (the others stay on one line).
    fn wraps(self) -> bool {
        matches!(self, Column::Text | Column::Note | Column::Evidence)
    }

    /// Whether the column holds dates.
    fn dates(self) -> bool {
        matches!(self, Column::DueDate | Column::Date)
    }
}

impl Cell<'_> {
    /// The width the cell needs, in column units.
    fn width(&self) -> usize {
        match self {
            Cell::Text(text) => display_width(text),
            Cell::Date(_) => DATE_FORMAT.len(),
            Cell::Number(n) => n.to_string().len(),
            Cell::Empty => 0,
        }
    }
}

/// The width of text in spreadsheet column units: CJK and full-width
/// characters take about two; for several lines, the longest.
fn display_width(text: &str) -> usize {
    text.lines().map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()).max().unwrap_or(0)
}

/// East Asian wide and full-width characters (Hangul, CJK punctuation and
/// ideographs, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A column's width: the widest of its cells and its header (which also
/// holds the filter button), plus a margin, up to `cap`.
fn column_width(header: &str, cells: impl Iterator<Item = usize>, cap: usize) -> f64 {
    let content = cells.max().unwrap_or(0) + 2;
    (display_width(header) + 4).max(content).min(cap) as f64
}

/// The rows of `summary --by unit`, and their total last.
fn unit_summary(export: &Export, checklist: &Checklist) -> Vec<Tally> {
    let mut rows = tally::by_unit(export.ledger, export.today, checklist.config.staleness());
    rows.push(tally::total(&rows, export.lang.labels().total));
    rows
}

/// The per-unit summary sheet: the numbers of `summary --by unit`, with the
/// completion rate as a percentage and the total row in bold; the header
/// frozen, a filter on the unit rows (the total stays last, out of it).
fn summary_sheet(sheet: &mut Worksheet, units: &[Tally], lang: Lang, styles: &Styles) -> Result<(), XlsxError> {
    let l = lang.labels();
    sheet.set_name(l.sheet_by_unit)?;
    let mut header = vec![l.unit, l.lead, l.co];
    header.extend(lang.count_headers());
    let names: Vec<usize> = units.iter().map(|t| display_width(&t.name)).collect();
    for (col, text) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *text, &styles.header)?;
        // Past the names, the cells are counts and percentages: a few digits.
        let content = if col == 0 { names.clone() } else { vec![4] };
        sheet.set_column_width(col as u16, column_width(text, content.into_iter(), NARROW_CAP))?;
    }
    for (index, tally) in units.iter().enumerate() {
        let row = index as u32 + 1;
        let total = index + 1 == units.len();
        let (format, percent) =
            if total { (&styles.bold, &styles.bold_percent) } else { (&styles.plain, &styles.percent) };
        sheet.write_string_with_format(row, 0, &tally.name, format)?;
        let counts =
            [tally.lead, tally.co, tally.done, tally.doing, tally.blocked, tally.todo, tally.overdue, tally.stale];
        for (col, n) in counts.into_iter().enumerate() {
            sheet.write_number_with_format(row, col as u16 + 1, n as f64, format)?;
        }
        // The same whole percent `summary` prints, not a rounding of its own.
        sheet.write_number_with_format(row, counts.len() as u16 + 1, tally.percent() as f64 / 100.0, percent)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    let last_unit = units.len().saturating_sub(1) as u32;
    sheet.autofilter(0, 0, last_unit, header.len() as u16 - 1)?;
    Ok(())
}
