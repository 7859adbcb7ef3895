//! `taizhang list`: the leaves that pass a filter, as a table, JSON, CSV or
//! Markdown.

use super::{Context, load_checked};
use crate::cli::{ListArgs, ListFormat};
use crate::filter::{Filter, Selected};
use crate::i18n::Lang;
use crate::ledger::Ledger;
use crate::render;
use anyhow::Result;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::io::Write;

pub fn run(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<u8> {
    let (checklist, ledger) = load_checked(ctx)?;
    let filter = Filter::new(&args.filter, &checklist.registry, &ledger, ctx.today)?;
    let selected = filter.select(&ledger, &checklist.registry);
    let lang = ctx.lang(&checklist);
    match args.format {
        ListFormat::Json => {
            let items: Vec<Value> = selected.iter().map(|s| leaf_json(s, &ledger, ctx.today)).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        }
        ListFormat::Csv => {
            let header = ["id", "group", "text", "units", "scope", "due", "due_text", "status", "overdue"];
            write!(out, "{}", render::csv_record(&header.map(String::from)))?;
            for s in &selected {
                let leaf = s.leaf;
                let record = [
                    leaf.id.clone(),
                    ledger.groups[leaf.group].id.clone(),
                    render::sanitize(&leaf.text),
                    leaf.units().join("、"),
                    leaf.scope().join("、"),
                    leaf.due.map(|d| d.key()).unwrap_or_default(),
                    leaf.due_text.clone().unwrap_or_default(),
                    s.status.key().to_string(),
                    s.overdue.to_string(),
                ];
                write!(out, "{}", render::csv_record(&record))?;
            }
        }
        ListFormat::Table | ListFormat::Md => {
            let (header, rows) = table_rows(&selected, lang, filter.unit.as_deref());
            let text = if args.format == ListFormat::Md {
                render::markdown(&header, &rows)
            } else {
                render::table(header, rows, 1)
            };
            write!(out, "{text}")?;
            let l = lang.labels();
            let overdue = selected.iter().filter(|s| s.overdue).count();
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

/// The header and cells of the table and Markdown forms.
fn table_rows<'a>(selected: &[Selected], lang: Lang, filter_unit: Option<&str>) -> (Vec<&'a str>, Vec<Vec<String>>) {
    let l = lang.labels();
    let mut header = vec![l.id, l.text, l.units, l.due, l.status];
    if filter_unit.is_some() {
        header.push(l.role);
    }
    let rows = selected
        .iter()
        .map(|s| {
            let leaf = s.leaf;
            let mut units = leaf.units().join("、");
            let scope = leaf.scope();
            if !scope.is_empty() {
                units = format!("{units} ({}: {})", l.scope, scope.join("、"));
            }
            let mut status = lang.status(s.status).to_string();
            if s.overdue {
                status.push_str(if lang == Lang::Zh { " 逾期" } else { " overdue" });
            }
            let mut due = lang.due(leaf.due, leaf.due_text.as_deref());
            let unit = s.reach.as_ref().and(filter_unit);
            if let Some(extended) = leaf.due_for(unit).filter(|d| Some(*d) != leaf.due) {
                due = format!("{due} → {}", extended.key());
            }
            let mut row = vec![leaf.id.clone(), leaf.text.clone(), units, due, status];
            if let Some(reach) = &s.reach {
                let mut role = lang.role(reach.role).to_string();
                if let Some(via) = &reach.via {
                    role = format!("{role} ({} {})", l.via, via.written);
                }
                row.push(role);
            }
            row
        })
        .collect();
    (header, rows)
}

/// The stable JSON form of a leaf (see README, "list --format json").
pub fn leaf_json(s: &Selected, ledger: &Ledger, today: NaiveDate) -> Value {
    let leaf = s.leaf;
    let progress: Vec<Value> = leaf
        .progress
        .iter()
        .map(|e| {
            json!({
                "unit": e.unit.written,
                "status": e.status.key(),
                "date": e.date.map(|d| d.to_string()),
                "note": e.note,
                "evidence": e.evidence,
            })
        })
        .collect();
    let mut value = json!({
        "id": leaf.id,
        "group": ledger.groups[leaf.group].id,
        "text": leaf.text,
        "context": leaf.context,
        "units": leaf.units(),
        "scope": leaf.scope(),
        "due": leaf.due.map(|d| d.key()),
        "due_text": leaf.due_text,
        "extended_due": leaf.due_for(None).filter(|d| Some(*d) != leaf.due).map(|d| d.key()),
        "extensions": leaf.extensions.iter().map(|e| json!({
            "unit": e.unit.as_ref().map(|u| u.written.clone()),
            "to": e.to.key(),
            "reason": e.reason,
            "approval": e.approval,
            "date": e.date.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "status": leaf.status.key(),
        "overdue": leaf.is_overdue(leaf.status, None, today),
        "progress": progress,
        "file": leaf.file,
        "line": leaf.line,
    });
    if let Some(reach) = &s.reach {
        value["match"] = json!({
            "role": reach.role.key(),
            "via": reach.via.as_ref().map(|v| v.written.clone()),
            "status": s.status.key(),
            "overdue": s.overdue,
        });
    }
    value
}
