//! `taizhang export`: the ledger as a spreadsheet (xlsx), CSV or JSON, one
//! row per (leaf, reporting unit), for offices that keep their 台账 in Excel.

mod text;
mod xlsx;

use super::{Context, load_report};
use crate::cli::{ExportArgs, ExportFormat};
use crate::i18n::Lang;
use crate::model::due::Due;
use crate::model::ledger::{Entry, Leaf, Ledger};
use crate::model::obligation::Obligation;
use crate::model::status::Status;
use crate::report::partial::LeftOut;
use crate::store;
use crate::tr;
use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// Writes the export and reports on stderr how many rows went where.
pub fn run(ctx: &Context, args: &ExportArgs, out: &mut dyn Write) -> Result<u8> {
    let to_stdout = args.output.as_os_str() == "-";
    refuse_bad_options(args, to_stdout)?;
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let lang = ctx.lang(checklist);
    let export = Export { ledger, today: ctx.today, lang, bom: args.bom, left_out: &report.left_out };
    let bytes = match args.format {
        ExportFormat::Xlsx => {
            xlsx::workbook(&export, checklist).context(tr!("无法生成 xlsx 文件", "cannot make the xlsx file"))?
        }
        // Rows go straight to standard output as they are made, in large
        // writes.
        format if to_stdout => {
            let mut out = std::io::BufWriter::with_capacity(1 << 18, out);
            export.text(format, &mut out)?;
            out.flush()?;
            Vec::new()
        }
        // A file is written to a temporary file as the rows are made, and
        // renamed over the old one when complete.
        _ => Vec::new(),
    };
    let target = if to_stdout {
        tr!("标准输出", "standard output")
    } else {
        // Named in messages as given: `tasks`, not `./tasks`.
        let path = if ctx.dir == Path::new(".") { args.output.clone() } else { ctx.dir.join(&args.output) };
        match args.format {
            ExportFormat::Xlsx => store::write_atomic_bytes(&path, &bytes)?,
            format => store::write_atomic_with(&path, &mut |out| export.text(format, out))?,
        }
        args.output.display().to_string()
    };
    eprintln!(
        "{}",
        tr!("已导出 {} 行(截至 {})→ {}", "exported {} rows (as of {}) to {}", export.row_count(), ctx.today, target)
    );
    Ok(report.code())
}

/// What an export is made of, and how it reads.
struct Export<'a> {
    ledger: &'a Ledger,
    /// The date lateness is judged on.
    today: NaiveDate,
    /// The language of the headers and of the words in cells.
    lang: Lang,
    /// Whether the CSV starts with a byte-order mark.
    bom: bool,
    /// The group files a partial export left out.
    left_out: &'a [LeftOut],
}

impl<'a> Export<'a> {
    /// Every (leaf, unit) obligation in document order, lead unit first:
    /// the same pairs `summary --by unit` and `overdue` count.
    fn rows(&self) -> impl Iterator<Item = Row<'a>> + use<'a> {
        let (ledger, today) = (self.ledger, self.today);
        ledger.leaves.iter().flat_map(move |leaf| {
            let group = ledger.groups[leaf.group].id.as_str();
            let unassigned = leaf.obligations.is_empty().then(|| Row::unassigned(leaf, group));
            unassigned.into_iter().chain(leaf.obligations.iter().map(move |o| Row::owed(leaf, group, o, today)))
        })
    }

    /// How many rows `rows` gives.
    fn row_count(&self) -> usize {
        self.ledger.leaves.iter().map(|leaf| leaf.obligations.len().max(1)).sum()
    }

    /// The CSV or the JSON, row by row into `out`.
    fn text(&self, format: ExportFormat, out: &mut dyn Write) -> Result<()> {
        match format {
            ExportFormat::Csv => text::csv(self, out),
            _ => text::json(self, out),
        }
    }
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
    Persons,
}

/// The columns in order.
const COLUMNS: [Column; 14] = [
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
    // Last, so that the columns before keep their places in sheets made earlier.
    Column::Persons,
];

/// A cell's value, typed so that the spreadsheet gets real dates and numbers.
#[derive(Debug)]
enum Cell<'a> {
    Text(Cow<'a, str>),
    Date(NaiveDate),
    Number(i64),
    Empty,
}

impl<'a> Cell<'a> {
    /// Text, or nothing for an empty string (so the cell stays blank).
    fn text(text: &'a str) -> Cell<'a> {
        if text.is_empty() { Cell::Empty } else { Cell::Text(Cow::Borrowed(text)) }
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
            Column::Persons => l.persons,
        }
    }

    /// Whether the cell is the same on every row of a leaf (the columns that
    /// come first).
    fn per_leaf(self) -> bool {
        matches!(self, Column::Group | Column::Id | Column::Text)
    }

    /// The column's cell in `row`: words (role, status) in the output
    /// language, text as the files hold it.
    fn cell<'a>(self, row: &Row<'a>, lang: Lang) -> Cell<'a> {
        let entry = row.entry;
        match self {
            Column::Group => group_cell(row.group),
            Column::Id => Cell::text(&row.leaf.id),
            Column::Text => Cell::text(&row.leaf.text),
            Column::Unit => row.owed.map_or(Cell::Empty, |o| Cell::text(&o.unit)),
            Column::Role => row.owed.map_or(Cell::Empty, |o| Cell::text(lang.role(o.role))),
            Column::DueText => Cell::text(row.leaf.due_text.as_deref().unwrap_or_default()),
            Column::DueDate => row.due_date().map_or(Cell::Empty, Cell::Date),
            Column::ExtendedTo => row.extended_to().map_or(Cell::Empty, |d| Cell::Text(Cow::Owned(d.key()))),
            Column::Status => Cell::text(lang.status(row.status)),
            Column::Date => entry.and_then(|e| e.date).map_or(Cell::Empty, Cell::Date),
            Column::Note => Cell::text(entry.and_then(|e| e.note.as_deref()).unwrap_or_default()),
            Column::Evidence => match row.evidence() {
                [] => Cell::Empty,
                [one] => Cell::text(one),
                many => Cell::Text(Cow::Owned(many.join("; "))),
            },
            Column::DaysOverdue => row.days_late.map_or(Cell::Empty, Cell::Number),
            Column::Persons => match row.leaf.persons.as_slice() {
                [] => Cell::Empty,
                [one] => Cell::text(one),
                many => Cell::Text(Cow::Owned(many.join("、"))),
            },
        }
    }
}

/// The group number as a number, so the spreadsheet sorts 2 before 10;
/// as text when it would not read back the same.
fn group_cell(group: &str) -> Cell<'_> {
    match group.parse::<i64>() {
        Ok(n) if n.to_string() == group => Cell::Number(n),
        _ => Cell::text(group),
    }
}
