//! `taizhang export`: the ledger as a spreadsheet (xlsx), CSV or JSON, one
//! row per (leaf, reporting unit), for offices that keep their 台账 in Excel.

use super::{Context, load_report};
use crate::cli::{ExportArgs, ExportFormat};
use crate::due::Due;
use crate::i18n::Lang;
use crate::ledger::{Entry, Leaf, Ledger};
use crate::obligation::Obligation;
use crate::partial::LeftOut;
use crate::render;
use crate::status::Status;
use crate::store::{self, Checklist};
use crate::tally::{self, Tally};
use crate::tr;
use anyhow::{Context as _, Result, bail};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

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

/// Writes the export and reports on stderr how many rows went where.
pub fn run(ctx: &Context, args: &ExportArgs, out: &mut dyn Write) -> Result<u8> {
    let to_stdout = args.output.as_os_str() == "-";
    refuse_bad_options(args, to_stdout)?;
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let lang = ctx.lang(checklist);
    let rows = rows(ledger, ctx.today);
    let bytes = match args.format {
        ExportFormat::Xlsx => {
            let units = unit_summary(ledger, checklist, ctx.today, lang);
            xlsx(&rows, &units, checklist, lang, ctx.today)
                .context(tr!("无法生成 xlsx 文件", "cannot make the xlsx file"))?
        }
        ExportFormat::Csv => csv(&rows, lang, args.bom).into_bytes(),
        ExportFormat::Json => json(&rows, &report.left_out)?.into_bytes(),
    };
    let target = if to_stdout {
        out.write_all(&bytes)?;
        tr!("标准输出", "standard output")
    } else {
        // Named in messages as given: `tasks`, not `./tasks`.
        let path = if ctx.dir == Path::new(".") { args.output.clone() } else { ctx.dir.join(&args.output) };
        store::write_atomic_bytes(&path, &bytes)?;
        args.output.display().to_string()
    };
    eprintln!(
        "{}",
        tr!("已导出 {} 行(截至 {})→ {}", "exported {} rows (as of {}) to {}", rows.len(), ctx.today, target)
    );
    Ok(report.code())
}

/// Refuses option combinations that cannot work, before anything is read.
fn refuse_bad_options(args: &ExportArgs, to_stdout: bool) -> Result<()> {
    if to_stdout && args.format == ExportFormat::Xlsx {
        bail!(tr!(
            "xlsx 文件不能写到标准输出\n\
             hint: 请用 -o 指定文件,如 -o 台账.xlsx;输出到标准输出请用 --format csv 或 --format json",
            "an xlsx file cannot go to standard output\n\
             hint: name a file with -o, such as -o ledger.xlsx; for standard output use --format csv or --format json"
        ));
    }
    if args.bom && args.format != ExportFormat::Csv {
        bail!(tr!(
            "--bom 只用于 --format csv\nhint: xlsx 和 json 不需要 BOM,去掉 --bom 即可",
            "--bom applies to --format csv only\nhint: xlsx and json need no byte-order mark; leave --bom out"
        ));
    }
    Ok(())
}

/// One row of the export: a leaf and one unit that owes it, or the leaf
/// alone when it has no units.
struct Row<'a> {
    leaf: &'a Leaf,
    /// The group's number.
    group: &'a str,
    /// The unit's obligation; none for a leaf nobody is assigned to.
    owed: Option<&'a Obligation>,
    /// The deadline in force for this unit, extensions included.
    due: Option<Due>,
    /// The unit's own status; for a leaf without units, the rolled-up one.
    status: Status,
    entry: Option<&'a Entry>,
    /// Days past the deadline in force, when not done.
    days_late: Option<i64>,
}

impl<'a> Row<'a> {
    /// The row of one obligation.
    fn owed(leaf: &'a Leaf, group: &'a str, owed: &'a Obligation, today: NaiveDate) -> Row<'a> {
        Row {
            leaf,
            group,
            owed: Some(owed),
            due: owed.due,
            status: owed.status,
            entry: leaf.entry_of(owed),
            days_late: owed.days_late(today),
        }
    }

    /// The row of a leaf nobody is assigned to (groups 24 and 28 of the
    /// shipped notice), so that no measure is missing from the sheet. Nobody
    /// owes it, so it is never late.
    fn unassigned(leaf: &'a Leaf, group: &'a str) -> Row<'a> {
        Row { leaf, group, owed: None, due: leaf.due_in_force, status: leaf.status, entry: None, days_late: None }
    }

    /// The last day of the deadline in force; none for standing duties.
    fn due_date(&self) -> Option<NaiveDate> {
        self.due.and_then(|d| d.last_day())
    }

    /// The deadline in force when an extension moved it.
    fn extended_to(&self) -> Option<Due> {
        self.due.filter(|d| Some(*d) != self.leaf.due)
    }

    /// The evidence of the unit's entry (none without an entry).
    fn evidence(&self) -> &'a [String] {
        self.entry.map_or(&[], |e| e.evidence.as_slice())
    }
}

/// Every (leaf, unit) obligation in document order, lead unit first: the
/// same pairs `summary --by unit` and `overdue` count.
fn rows(ledger: &Ledger, today: NaiveDate) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for leaf in &ledger.leaves {
        let group = ledger.groups[leaf.group].id.as_str();
        if leaf.obligations.is_empty() {
            out.push(Row::unassigned(leaf, group));
        }
        out.extend(leaf.obligations.iter().map(|o| Row::owed(leaf, group, o, today)));
    }
    out
}

/// A column of the CSV and of the ledger sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Group,
    Id,
    Text,
    Unit,
    Role,
    DueText,
    DueDate,
    ExtendedTo,
    Status,
    Date,
    Note,
    Evidence,
    DaysOverdue,
}

/// The columns in order.
const COLUMNS: [Column; 13] = [
    Column::Group,
    Column::Id,
    Column::Text,
    Column::Unit,
    Column::Role,
    Column::DueText,
    Column::DueDate,
    Column::ExtendedTo,
    Column::Status,
    Column::Date,
    Column::Note,
    Column::Evidence,
    Column::DaysOverdue,
];

/// A cell's value, typed so that the spreadsheet gets real dates and numbers.
#[derive(Debug)]
enum Cell {
    Text(String),
    Date(NaiveDate),
    Number(i64),
    Empty,
}

impl Cell {
    /// Text, or nothing for an empty string (so the cell stays blank).
    fn text(text: &str) -> Cell {
        if text.is_empty() { Cell::Empty } else { Cell::Text(text.to_string()) }
    }

    /// The CSV field; text is made safe to print, since CSV may go to a terminal.
    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => render::sanitize(text),
            Cell::Date(date) => date.format("%Y-%m-%d").to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }

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

impl Column {
    /// The column's heading in the output language.
    fn header(self, lang: Lang) -> &'static str {
        let l = lang.labels();
        match self {
            Column::Group => l.group,
            Column::Id => l.id,
            Column::Text => l.text,
            Column::Unit => l.unit,
            Column::Role => l.role,
            Column::DueText => l.due,
            Column::DueDate => l.due_date,
            Column::ExtendedTo => l.extended_header,
            Column::Status => l.status,
            Column::Date => l.entry_date,
            Column::Note => l.note,
            Column::Evidence => l.evidence_header,
            Column::DaysOverdue => l.days_overdue,
        }
    }

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

    /// The column's cell in `row`: words (role, status) in the output
    /// language, text as the files hold it.
    fn cell(self, row: &Row, lang: Lang) -> Cell {
        let entry = row.entry;
        match self {
            Column::Group => group_cell(row.group),
            Column::Id => Cell::text(&row.leaf.id),
            Column::Text => Cell::text(&row.leaf.text),
            Column::Unit => row.owed.map_or(Cell::Empty, |o| Cell::text(&o.unit)),
            Column::Role => row.owed.map_or(Cell::Empty, |o| Cell::text(lang.role(o.role))),
            Column::DueText => Cell::text(row.leaf.due_text.as_deref().unwrap_or_default()),
            Column::DueDate => row.due_date().map_or(Cell::Empty, Cell::Date),
            Column::ExtendedTo => row.extended_to().map_or(Cell::Empty, |d| Cell::Text(d.key())),
            Column::Status => Cell::text(lang.status(row.status)),
            Column::Date => entry.and_then(|e| e.date).map_or(Cell::Empty, Cell::Date),
            Column::Note => Cell::text(entry.and_then(|e| e.note.as_deref()).unwrap_or_default()),
            Column::Evidence => Cell::text(&row.evidence().join("; ")),
            Column::DaysOverdue => row.days_late.map_or(Cell::Empty, Cell::Number),
        }
    }
}

/// The group number as a number, so the spreadsheet sorts 2 before 10;
/// as text when it would not read back the same.
fn group_cell(group: &str) -> Cell {
    match group.parse::<i64>() {
        Ok(n) if n.to_string() == group => Cell::Number(n),
        _ => Cell::text(group),
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

/// The CSV: a header in the checklist's language, then one record per row.
fn csv(rows: &[Row], lang: Lang, bom: bool) -> String {
    // Excel on Windows reads a CSV without a byte-order mark as the local
    // code page (GBK), which garbles Chinese.
    let mut out = if bom { "\u{feff}".to_string() } else { String::new() };
    out.push_str(&render::csv_record(&COLUMNS.map(|c| c.header(lang).to_string())));
    for row in rows {
        out.push_str(&render::csv_record(&COLUMNS.map(|c| c.cell(row, lang).csv())));
    }
    out
}

/// The JSON: an array of row objects with stable English keys (see README);
/// for a partial export, an object that says what was left out.
fn json(rows: &[Row], left_out: &[LeftOut]) -> Result<String> {
    let items: Vec<Value> = rows.iter().map(row_json).collect();
    let value = if left_out.is_empty() {
        Value::Array(items)
    } else {
        json!({"incomplete": true, "left_out": left_out, "rows": items})
    };
    Ok(format!("{}\n", crate::render::json(&value)?))
}

/// One row as JSON; absent values are `null`, evidence is always an array.
fn row_json(row: &Row) -> Value {
    let entry = row.entry;
    json!({
        "id": row.leaf.id,
        "group": row.group,
        "text": row.leaf.text,
        "unit": row.owed.map(|o| &o.unit),
        "role": row.owed.map(|o| o.role.key()),
        "via": row.owed.and_then(|o| o.via.as_deref()),
        "recorded_for": row.owed.and_then(|o| o.recorded_for.as_deref()),
        "due": row.leaf.due.map(|d| d.key()),
        "due_text": row.leaf.due_text,
        "due_date": row.due_date().map(|d| d.to_string()),
        "extended_to": row.extended_to().map(|d| d.key()),
        "status": row.status.key(),
        "date": entry.and_then(|e| e.date).map(|d| d.to_string()),
        "note": entry.and_then(|e| e.note.as_deref()),
        "evidence": row.evidence(),
        "overdue_days": row.days_late,
    })
}

/// The rows of `summary --by unit`, and their total last.
fn unit_summary(ledger: &Ledger, checklist: &Checklist, today: NaiveDate, lang: Lang) -> Vec<Tally> {
    let mut rows = tally::by_unit(ledger, today, checklist.config.staleness());
    rows.push(tally::total(&rows, lang.labels().total));
    rows
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
}

/// The workbook: the ledger sheet and the per-unit summary sheet. Its
/// creation date is the as-of date, so the same data and date give the
/// same bytes.
fn xlsx(rows: &[Row], units: &[Tally], checklist: &Checklist, lang: Lang, today: NaiveDate) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let info = &checklist.config.checklist;
    let properties = DocProperties::new()
        .set_title(&info.title)
        .set_comment(info.number.as_deref().unwrap_or_default())
        .set_creation_datetime(&excel_date(today)?);
    workbook.set_properties(&properties);
    let styles = Styles::new();
    ledger_sheet(workbook.add_worksheet(), rows, lang, &styles)?;
    summary_sheet(workbook.add_worksheet(), units, lang, &styles)?;
    Ok(workbook.save_to_buffer()?)
}

/// A date as a spreadsheet date (a day number, shown with `DATE_FORMAT`).
fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// The ledger sheet: a bold header frozen above the rows, the group and ID
/// frozen to the left, a filter on every column.
fn ledger_sheet(sheet: &mut Worksheet, rows: &[Row], lang: Lang, styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(lang.labels().sheet_ledger)?;
    let table: Vec<[Cell; COLUMNS.len()]> = rows.iter().map(|row| COLUMNS.map(|c| c.cell(row, lang))).collect();
    for (index, column) in COLUMNS.into_iter().enumerate() {
        let col = index as u16;
        let header = column.header(lang);
        sheet.write_string_with_format(0, col, header, &styles.header)?;
        let width = column_width(header, table.iter().map(|cells| cells[index].width()), column.cap());
        sheet.set_column_width(col, width.max(column.min() as f64))?;
    }
    for (index, cells) in table.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, (cell, column)) in cells.iter().zip(COLUMNS).enumerate() {
            let format = if column.wraps() { &styles.wrap } else { &styles.plain };
            write_cell(sheet, row, col as u16, cell, format, &styles.date)?;
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    Ok(())
}

/// Writes one cell: text and numbers in the column's format, dates in the
/// date format; an empty cell is left unwritten.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    text: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(value) => sheet.write_string_with_format(row, col, value, text)?,
        Cell::Number(n) => sheet.write_number_with_format(row, col, *n as f64, text)?,
        Cell::Date(day) => sheet.write_datetime_with_format(row, col, excel_date(*day)?, date)?,
        Cell::Empty => sheet,
    };
    Ok(())
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
