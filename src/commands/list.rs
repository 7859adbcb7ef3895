//! `taizhang list`: the leaves that pass a filter, as a table, JSON, CSV or
//! Markdown.

use super::{Context, load_checked};
use crate::cli::{Column, ListArgs, ListFormat, SortBy};
use crate::due::Due;
use crate::filter::{Filter, Selected};
use crate::i18n::Lang;
use crate::ledger::Ledger;
use crate::render;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<u8> {
    let (checklist, ledger) = load_checked(ctx)?;
    let filter = Filter::new(&args.filter, &checklist.registry, ledger, ctx.today, checklist.config.staleness())?;
    let mut selected = filter.select(ledger, &checklist.registry);
    sort(&mut selected, args.sort, filter.unit.as_deref());
    let lang = ctx.lang(checklist);
    let with_unit = filter.unit.is_some();
    match args.format {
        ListFormat::Json => {
            let items: Vec<LeafJson> = selected.iter().map(|s| leaf_json(s, ledger, ctx.today)).collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let columns = columns(&args.columns, CSV_COLUMNS, with_unit);
            let header: Vec<String> = columns.iter().map(|c| key(*c).to_string()).collect();
            write!(out, "{}", render::csv_record(&header))?;
            for s in &selected {
                let record: Vec<String> = columns.iter().map(|c| raw_cell(*c, s, ledger)).collect();
                write!(out, "{}", render::csv_record(&record))?;
            }
        }
        ListFormat::Table | ListFormat::Md => {
            let columns = columns(&args.columns, TABLE_COLUMNS, with_unit);
            let header: Vec<&str> = columns.iter().map(|c| label(*c, lang)).collect();
            let rows: Vec<Vec<String>> = selected
                .iter()
                .map(|s| columns.iter().map(|c| display_cell(*c, s, ledger, lang, filter.unit.as_deref())).collect())
                .collect();
            let text = if args.format == ListFormat::Md {
                render::markdown(&header, &rows)
            } else {
                let wide = columns.iter().position(|c| *c == Column::Text);
                render::table(header, rows, wide)
            };
            write!(out, "{text}")?;
            let overdue = selected.iter().filter(|s| s.overdue).count();
            let l = lang.labels();
            eprintln!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "共 {} {},其中截至 {} 逾期 {} {}",
                        selected.len(),
                        l.leaves,
                        ctx.today,
                        overdue,
                        l.leaves
                    ),
                    Lang::En => format!("{} {}, {} overdue as of {}", selected.len(), l.leaves, overdue, ctx.today),
                }
            );
        }
    }
    Ok(0)
}

/// The default columns of the table and Markdown forms (role is added with --unit).
const TABLE_COLUMNS: &[Column] = &[Column::Id, Column::Text, Column::Units, Column::Due, Column::Status];
/// The default columns of the CSV form.
const CSV_COLUMNS: &[Column] = &[
    Column::Id,
    Column::Group,
    Column::Text,
    Column::Units,
    Column::Scope,
    Column::Due,
    Column::DueText,
    Column::Status,
    Column::Overdue,
];

fn columns(asked: &[Column], default: &[Column], with_unit: bool) -> Vec<Column> {
    if !asked.is_empty() {
        return asked.to_vec();
    }
    let mut list = default.to_vec();
    if with_unit && !list.contains(&Column::Role) {
        list.push(Column::Role);
    }
    list
}

fn sort(selected: &mut [Selected], by: SortBy, unit: Option<&str>) {
    match by {
        SortBy::Id => {}
        // Dated deadlines first (earliest first), then ongoing, then undated.
        SortBy::Due => selected.sort_by_key(|s| {
            let due = s.leaf.due_for(unit);
            (due.is_none(), due == Some(Due::Ongoing), due.and_then(|d| d.last_day()))
        }),
        SortBy::Unit => selected.sort_by(|a, b| {
            let lead = |s: &Selected| s.leaf.assigned.first().map(|(n, _)| n.canonical.clone());
            lead(a).cmp(&lead(b))
        }),
    }
}

/// The CSV header of a column: its English key.
fn key(column: Column) -> &'static str {
    match column {
        Column::Id => "id",
        Column::Group => "group",
        Column::Text => "text",
        Column::Units => "units",
        Column::Scope => "scope",
        Column::Due => "due",
        Column::DueText => "due_text",
        Column::Status => "status",
        Column::Role => "role",
        Column::Overdue => "overdue",
    }
}

fn label(column: Column, lang: Lang) -> &'static str {
    let l = lang.labels();
    match column {
        Column::Id => l.id,
        Column::Group => l.group,
        Column::Text => l.text,
        Column::Units => l.units,
        Column::Scope => l.scope_header,
        Column::Due | Column::DueText => l.due,
        Column::Status => l.status,
        Column::Role => l.role,
        Column::Overdue => l.overdue,
    }
}

/// A CSV cell: machine-readable values.
fn raw_cell(column: Column, s: &Selected, ledger: &Ledger) -> String {
    let leaf = s.leaf;
    match column {
        Column::Id => leaf.id.clone(),
        Column::Group => ledger.groups[leaf.group].id.clone(),
        Column::Text => render::sanitize(&leaf.text),
        Column::Units => leaf.units().join("、"),
        Column::Scope => leaf.scope().join("、"),
        Column::Due => leaf.due.map(|d| d.key()).unwrap_or_default(),
        Column::DueText => leaf.due_text.clone().unwrap_or_default(),
        Column::Status => s.status.key().to_string(),
        Column::Role => s.reach.as_ref().map(|r| r.role.key().to_string()).unwrap_or_default(),
        Column::Overdue => s.overdue.to_string(),
    }
}

/// A table cell: words in the output language.
fn display_cell(column: Column, s: &Selected, ledger: &Ledger, lang: Lang, unit: Option<&str>) -> String {
    let leaf = s.leaf;
    let l = lang.labels();
    match column {
        Column::Units => {
            let units = leaf.units().join("、");
            match leaf.scope() {
                scope if scope.is_empty() => units,
                scope => format!("{units} ({}: {})", l.scope, scope.join("、")),
            }
        }
        Column::Due | Column::DueText => {
            let due = lang.due(leaf.due, leaf.due_text.as_deref());
            match leaf.due_for(unit).filter(|d| Some(*d) != leaf.due) {
                Some(extended) => format!("{due} → {}", extended.key()),
                None => due,
            }
        }
        Column::Status => {
            let mut status = lang.status(s.status).to_string();
            if s.overdue {
                status.push_str(if lang == Lang::Zh { " 逾期" } else { " overdue" });
            }
            status
        }
        Column::Role => match &s.reach {
            Some(reach) => {
                let role = lang.role(reach.role).to_string();
                match &reach.via {
                    Some(via) => format!("{role} ({} {})", l.via, via.written),
                    None => role,
                }
            }
            None => String::new(),
        },
        Column::Overdue => if s.overdue { l.yes } else { "" }.to_string(),
        _ => raw_cell(column, s, ledger),
    }
}

/// The stable JSON form of a leaf (see README, "list --format json").
#[derive(Serialize)]
pub struct LeafJson<'a> {
    id: &'a str,
    group: &'a str,
    text: &'a str,
    context: &'a [String],
    units: Vec<&'a str>,
    scope: Vec<&'a str>,
    due: Option<String>,
    due_text: Option<&'a str>,
    extended_due: Option<String>,
    extensions: Vec<ExtensionJson<'a>>,
    status: &'static str,
    overdue: bool,
    progress: Vec<EntryJson<'a>>,
    file: &'a str,
    line: u64,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<MatchJson>,
}

#[derive(Serialize)]
struct ExtensionJson<'a> {
    unit: Option<&'a str>,
    to: String,
    reason: &'a str,
    approval: Option<&'a str>,
    date: Option<String>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    unit: &'a str,
    status: &'static str,
    date: Option<String>,
    note: Option<&'a str>,
    evidence: &'a [String],
}

/// How the unit asked about stands, with `--unit`.
#[derive(Serialize)]
struct MatchJson {
    role: &'static str,
    via: Option<String>,
    status: &'static str,
    overdue: bool,
}

pub fn leaf_json<'a>(s: &Selected<'a>, ledger: &'a Ledger, today: NaiveDate) -> LeafJson<'a> {
    let leaf = s.leaf;
    LeafJson {
        id: &leaf.id,
        group: &ledger.groups[leaf.group].id,
        text: &leaf.text,
        context: &leaf.context,
        units: leaf.units(),
        scope: leaf.scope(),
        due: leaf.due.map(|d| d.key()),
        due_text: leaf.due_text.as_deref(),
        extended_due: leaf.due_for(None).filter(|d| Some(*d) != leaf.due).map(|d| d.key()),
        extensions: leaf
            .extensions
            .iter()
            .map(|e| ExtensionJson {
                unit: e.unit.as_ref().map(|u| u.written.as_str()),
                to: e.to.key(),
                reason: &e.reason,
                approval: e.approval.as_deref(),
                date: e.date.map(|d| d.to_string()),
            })
            .collect(),
        status: leaf.status.key(),
        overdue: leaf.is_overdue(leaf.status, None, today),
        progress: leaf
            .progress
            .iter()
            .map(|e| EntryJson {
                unit: &e.unit.written,
                status: e.status.key(),
                date: e.date.map(|d| d.to_string()),
                note: e.note.as_deref(),
                evidence: &e.evidence,
            })
            .collect(),
        file: &leaf.file,
        line: leaf.line,
        matched: s.reach.as_ref().map(|reach| MatchJson {
            role: reach.role.key(),
            via: reach.via.as_ref().map(|v| v.written.clone()),
            status: s.status.key(),
            overdue: s.overdue,
        }),
    }
}
