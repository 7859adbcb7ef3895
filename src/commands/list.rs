//! `taizhang list`: the leaves that pass a filter, as a table, JSON, CSV or
//! Markdown.

use super::{Context, load_report};
use crate::cli::{Column, ListArgs, ListFormat, SortBy};
use crate::i18n::Lang;
use crate::model::due::Due;
use crate::model::ledger::Ledger;
use crate::report::filter::{Filter, Selected};
use crate::report::leaf_json::LeavesJson;
use crate::report::render;
use anyhow::Result;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<u8> {
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let staleness = checklist.config.staleness();
    let filter = Filter::new(&args.filter.query(), &checklist.registry, ledger, ctx.today, staleness)?;
    let mut selected = filter.select(ledger, &checklist.registry);
    sort(&mut selected, args.sort);
    let lang = ctx.lang(checklist);
    let with_unit = filter.unit.is_some();
    match args.format {
        ListFormat::Json => {
            let items = LeavesJson { selected: &selected, ledger, today: ctx.today, staleness };
            if report.left_out.is_empty() {
                crate::report::render::write_json(&mut *out, &items)?;
            } else {
                // Not the usual array: a script cannot take a partial list for a whole one.
                let partial = serde_json::json!({"incomplete": true, "left_out": report.left_out, "leaves": items});
                crate::report::render::write_json(&mut *out, &partial)?;
            }
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
            let rows: Vec<Vec<String>> =
                selected.iter().map(|s| columns.iter().map(|c| display_cell(*c, s, ledger, lang)).collect()).collect();
            let text = if args.format == ListFormat::Md {
                render::markdown(&header, &rows)
            } else {
                let wide = columns.iter().position(|c| *c == Column::Text);
                render::table(header, rows, wide)
            };
            write!(out, "{}{text}", report.notice(args.format == ListFormat::Md))?;
            let overdue = selected.iter().filter(|s| s.overdue).count();
            let l = lang.labels();
            out.flush()?;
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
    Ok(report.code())
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

fn sort(selected: &mut [Selected], by: SortBy) {
    match by {
        SortBy::Id => {}
        // Dated deadlines first (earliest first), then ongoing, then undated.
        SortBy::Due => selected.sort_by_key(|s| {
            let due = s.due;
            (due.is_none(), due == Some(Due::Ongoing), due.and_then(|d| d.last_day()))
        }),
        SortBy::Unit => selected.sort_by(|a, b| {
            let lead = |s: &Selected| s.leaf.units().first().map(|u| u.to_string());
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
        Column::Text => render::sanitize(&leaf.text).into_owned(),
        Column::Units => leaf.units().join("、"),
        Column::Scope => leaf.scope().join("、"),
        Column::Due => leaf.due.map(|d| d.key()).unwrap_or_default(),
        Column::DueText => leaf.due_text.clone().unwrap_or_default(),
        Column::Status => s.status.key().to_string(),
        Column::Role => s.matched.as_ref().map(|m| m.role.key().to_string()).unwrap_or_default(),
        Column::Overdue => s.overdue.to_string(),
    }
}

/// A table cell: words in the output language.
fn display_cell(column: Column, s: &Selected, ledger: &Ledger, lang: Lang) -> String {
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
            match s.due.filter(|d| Some(*d) != leaf.due) {
                Some(extended) => format!("{due} → {}", extended.key()),
                None => due,
            }
        }
        Column::Status => {
            let mut status = lang.status(s.status).to_string();
            if let Some(collective) = s.matched.as_ref().and_then(|m| m.recorded_for) {
                status.push_str(&format!(" ({})", l.recorded_for.replace("{}", collective)));
            }
            if s.overdue {
                status.push_str(if lang == Lang::Zh { " 逾期" } else { " overdue" });
            }
            status
        }
        Column::Role => match &s.matched {
            Some(m) => {
                let role = lang.role(m.role).to_string();
                match m.via {
                    Some(via) => format!("{role} ({} {via})", l.via),
                    None => role,
                }
            }
            None => String::new(),
        },
        Column::Overdue => if s.overdue { l.yes } else { "" }.to_string(),
        _ => raw_cell(column, s, ledger),
    }
}
