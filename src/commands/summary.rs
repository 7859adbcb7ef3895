//! `taizhang summary`: completion per group or per unit, with totals.

use super::{Context, load_report};
use crate::cli::{ListFormat, SummaryArgs, SummaryBy};
use crate::report::render;
use crate::report::tally::{self, Tally};
use anyhow::Result;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &SummaryArgs, out: &mut dyn Write) -> Result<u8> {
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let staleness = checklist.config.staleness();
    let rows = match args.by {
        SummaryBy::Group => tally::by_group(ledger, ctx.today, staleness),
        SummaryBy::Unit => tally::by_unit(ledger, ctx.today, staleness),
    };
    let lang = ctx.lang(checklist);
    let l = lang.labels();
    let total = tally::total(&rows, l.total);
    if args.format == ListFormat::Json {
        let mut value =
            serde_json::json!({"by": format!("{:?}", args.by).to_lowercase(), "rows": rows, "total": total});
        if !report.left_out.is_empty() {
            value["incomplete"] = true.into();
            value["left_out"] = serde_json::to_value(&report.left_out)?;
        }
        writeln!(out, "{}", crate::report::render::json(&value)?)?;
        return Ok(report.code());
    }
    let first = if args.by == SummaryBy::Group { l.group } else { l.unit };
    let mut header = vec![first];
    if args.by == SummaryBy::Unit {
        header.extend([l.lead, l.co]);
    } else {
        header.push(l.leaves_header);
    }
    header.extend(lang.count_headers());
    let cells = |t: &Tally| {
        let mut row = vec![t.name.clone()];
        if args.by == SummaryBy::Unit {
            row.extend([t.lead.to_string(), t.co.to_string()]);
        } else {
            row.push(t.total().to_string());
        }
        row.extend([t.done, t.doing, t.blocked, t.todo, t.overdue, t.stale].map(|n| n.to_string()));
        row.push(bar(t.percent()));
        row
    };
    let mut table: Vec<Vec<String>> = rows.iter().map(cells).collect();
    table.push(cells(&total));
    let text = match args.format {
        ListFormat::Csv => {
            let mut out = render::csv_record(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
            for row in &table {
                out.push_str(&render::csv_record(row));
            }
            out
        }
        ListFormat::Md => report.notice(true) + &render::markdown(&header, &table),
        _ => report.notice(false) + &render::table(header, table, None),
    };
    write!(out, "{text}")?;
    Ok(report.code())
}

/// `[######----]  60%`: ASCII, so it has the same width in every terminal.
fn bar(percent: usize) -> String {
    let filled = percent / 10;
    format!("[{}{}] {percent:>3}%", "#".repeat(filled), "-".repeat(10 - filled))
}
