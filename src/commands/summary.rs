//! `taizhang summary`: completion per group or per unit, with totals.

use super::{Context, load_checked};
use crate::cli::{ListFormat, SummaryArgs, SummaryBy};
use crate::i18n::Lang;
use crate::ledger::{Ledger, Role, Staleness};
use crate::registry::Registry;
use crate::render;
use crate::reporters::reporters;
use crate::status::Status;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;

/// Counts for one row.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Tally {
    pub name: String,
    /// Leaves led (by unit) — for groups, all leaves.
    pub lead: usize,
    /// Leaves co-operated on or in scope (by unit only).
    pub co: usize,
    pub todo: usize,
    pub doing: usize,
    pub done: usize,
    pub blocked: usize,
    pub overdue: usize,
    pub stale: usize,
}

impl Tally {
    fn total(&self) -> usize {
        self.todo + self.doing + self.done + self.blocked
    }

    fn add(&mut self, status: Status, overdue: bool, stale: bool) {
        match status {
            Status::Todo => self.todo += 1,
            Status::Doing => self.doing += 1,
            Status::Done => self.done += 1,
            Status::Blocked => self.blocked += 1,
        }
        self.overdue += usize::from(overdue);
        self.stale += usize::from(stale);
    }

    pub fn merge(&mut self, other: &Tally) {
        self.lead += other.lead;
        self.co += other.co;
        self.todo += other.todo;
        self.doing += other.doing;
        self.done += other.done;
        self.blocked += other.blocked;
        self.overdue += other.overdue;
        self.stale += other.stale;
    }

    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total()).unwrap_or(0)
    }
}

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &SummaryArgs, out: &mut dyn Write) -> Result<u8> {
    let (checklist, ledger) = load_checked(ctx)?;
    let staleness = checklist.config.staleness();
    let rows = match args.by {
        SummaryBy::Group => by_group(ledger, ctx.today, staleness),
        SummaryBy::Unit => by_unit(ledger, &checklist.registry, ctx.today, staleness),
    };
    let mut total = Tally::default();
    for row in &rows {
        total.merge(row);
    }
    let lang = ctx.lang(checklist);
    let l = lang.labels();
    total.name = l.total.to_string();
    if args.format == ListFormat::Json {
        let value = serde_json::json!({"by": format!("{:?}", args.by).to_lowercase(), "rows": rows, "total": total});
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(0);
    }
    let first = if args.by == SummaryBy::Group { l.group } else { l.unit };
    let mut header = vec![first];
    if args.by == SummaryBy::Unit {
        header.extend([l.lead, l.co]);
    } else {
        header.push(l.leaves_header);
    }
    header.extend(count_headers(lang));
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
        ListFormat::Md => render::markdown(&header, &table),
        _ => render::table(header, table, None),
    };
    write!(out, "{text}")?;
    Ok(0)
}

/// The headers of the counts every summary row has, after its name.
pub fn count_headers(lang: Lang) -> [&'static str; 7] {
    let l = lang.labels();
    [
        lang.status(Status::Done),
        lang.status(Status::Doing),
        lang.status(Status::Blocked),
        lang.status(Status::Todo),
        l.overdue,
        l.stale,
        l.progress_bar,
    ]
}

/// `[######----]  60%`: ASCII, so it has the same width in every terminal.
fn bar(percent: usize) -> String {
    let filled = percent / 10;
    format!("[{}{}] {percent:>3}%", "#".repeat(filled), "-".repeat(10 - filled))
}

/// One row per requirement group: its leaves by rolled-up status.
fn by_group(ledger: &Ledger, today: NaiveDate, staleness: Staleness) -> Vec<Tally> {
    ledger
        .groups
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let mut tally = Tally { name: group.id.clone(), ..Tally::default() };
            for leaf in ledger.leaves.iter().filter(|l| l.group == index) {
                let last = leaf.progress.iter().filter_map(|e| e.date).max();
                let stale = staleness.is_stale(leaf.due, last, today);
                tally.lead += 1;
                tally.add(leaf.status, leaf.is_overdue(leaf.status, None, today), stale);
            }
            tally
        })
        .collect()
}

/// One row per reporting unit (see `reporters`), in order of first appearance.
pub fn by_unit(ledger: &Ledger, registry: &Registry, today: NaiveDate, staleness: Staleness) -> Vec<Tally> {
    let mut rows: Vec<Tally> = Vec::new();
    for leaf in &ledger.leaves {
        for r in reporters(leaf, registry) {
            let index = match rows.iter().position(|t| t.name == r.unit.written) {
                Some(i) => i,
                None => {
                    rows.push(Tally { name: r.unit.written.clone(), ..Tally::default() });
                    rows.len() - 1
                }
            };
            let row = &mut rows[index];
            if r.role == Role::Lead {
                row.lead += 1;
            } else {
                row.co += 1;
            }
            row.add(r.status, r.days_late(today).is_some(), r.is_stale(today, staleness));
        }
    }
    rows
}
