//! `taizhang show ID`: one leaf in full.

use super::{Context, load_checked};
use crate::cli::{ShowArgs, ShowFormat};
use crate::git;
use crate::git::trail::{self, Event};
use crate::i18n::Lang;
use crate::model::ledger::{Leaf, Ledger};
use crate::model::lookup::find_leaf;
use crate::model::obligation::Obligation;
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::report::filter::Selected;
use crate::report::leaf_json::leaf_json;
use crate::report::render::line;
use crate::store::Checklist;
use anyhow::Result;
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let (checklist, ledger) = load_checked(ctx)?;
    let leaf = find_leaf(ledger, &args.id)?;
    let history = history(checklist, leaf)?;
    match args.format {
        ShowFormat::Json => {
            let selected = Selected {
                leaf,
                matched: None,
                status: leaf.status,
                overdue: leaf.is_overdue(ctx.today),
                due: leaf.due_in_force,
            };
            let staleness = checklist.config.staleness();
            let mut value = serde_json::to_value(leaf_json(&selected, ledger, ctx.today, staleness))?;
            let group = &ledger.groups[leaf.group];
            value["group_title"] = group.title.clone().into();
            value["target"] = group.target.clone().into();
            value["duties"] = duties_of(leaf, ledger, &checklist.registry)
                .iter()
                .map(|(_, units, text)| serde_json::json!({"units": units, "text": text}))
                .collect();
            value["history"] = serde_json::to_value(&history)?;
            writeln!(out, "{}", crate::report::render::json(&value)?)?;
        }
        ShowFormat::Text => {
            let lang = ctx.lang(checklist);
            let mut text = describe(leaf, ledger, &checklist.registry, lang, ctx.today);
            if !history.is_empty() {
                let _ = writeln!(text, "\n{}:", lang.labels().history);
                for event in &history {
                    let row = super::history::row(event, lang);
                    let unit = if row[4].is_empty() { String::new() } else { format!("{} ", row[4]) };
                    text.push_str(&line("  ", &format!("{} {} {}  {unit}{}", row[0], row[2], row[1], row[5])));
                }
            }
            write!(out, "{text}")?;
        }
    }
    Ok(0)
}

/// The leaf's changes from git, when the checklist is in a repository.
fn history(checklist: &Checklist, leaf: &Leaf) -> Result<Vec<Event>> {
    if !git::is_repository(&checklist.root) || !git::has_commits(&checklist.root) {
        return Ok(Vec::new());
    }
    let limit = crate::store::Limit::new(checklist.config.settings.max_file_mb)?;
    let (events, _) = trail::read(&checklist.root, &checklist.registry, None, &[leaf.file.as_str()], limit)?;
    Ok(events.into_iter().filter(|e| *e.change.key.id == *leaf.id).collect())
}

/// The group's duties that name any unit responsible for the leaf, as
/// (heading, units, text).
fn duties_of<'a>(leaf: &Leaf, ledger: &'a Ledger, registry: &Registry) -> Vec<(String, Vec<&'a str>, &'a str)> {
    ledger.groups[leaf.group]
        .duties
        .iter()
        .filter(|d| d.units.iter().any(|u| leaf.obligations_of(&u.canonical, registry).next().is_some()))
        .map(|d| {
            let units: Vec<&str> = d.units.iter().map(|u| &*u.written).collect();
            (d.label.clone().unwrap_or_else(|| units.join("、")), units, d.text.as_str())
        })
        .collect()
}

/// The leaf in words, one line per fact. Every line goes through
/// `render::line`: a value over several lines (a note, a measure text, a
/// reason) continues under its own line and never passes for another.
fn describe(leaf: &Leaf, ledger: &Ledger, registry: &Registry, lang: Lang, today: chrono::NaiveDate) -> String {
    let l = lang.labels();
    let group = &ledger.groups[leaf.group];
    let mut out = line("", &format!("{} {}  ({} {}: {})", l.measure, leaf.id, l.group, group.id, group.title));
    for context in &leaf.context {
        out.push_str(&line("  ", context));
    }
    out.push_str(&line("  ", &leaf.text));
    out.push('\n');
    let due = lang.due(leaf.due, leaf.due_text.as_deref());
    let last = leaf.due.and_then(|d| d.last_day()).map(|d| format!(" ({d})")).unwrap_or_default();
    let mut status = lang.status(leaf.status).to_string();
    if leaf.is_overdue(today) {
        status.push_str(if lang == Lang::Zh { " 逾期" } else { " overdue" });
    }
    out.push_str(&line("", &format!("{}: {due}{last}", l.due)));
    for e in &leaf.extensions {
        let whom = e.unit.as_ref().map(|u| format!(" ({})", u.canonical)).unwrap_or_default();
        let approval = e.approval.as_ref().map(|a| format!(" [{a}]")).unwrap_or_default();
        let on = e.date.map(|d| format!(" {d}")).unwrap_or_default();
        let asked = match &e.requested_by {
            Some(by) if lang == Lang::Zh => format!("(应 {} 申请)", by.canonical),
            Some(by) => format!(" (requested by {})", by.canonical),
            None => String::new(),
        };
        let approval = format!("{asked}{approval}");
        out.push_str(&line("  ", &format!("{} {}{whom}: {}{approval}{on}", l.extended_to, e.to.key(), e.reason)));
    }
    out.push_str(&line("", &format!("{}: {status}", l.status)));
    out.push_str(&line("", &format!("{}:", l.units)));
    if leaf.assigned.is_empty() {
        out.push_str(&line("  ", l.none));
    }
    write_units(&mut out, leaf, registry, lang, today);
    if !leaf.persons.is_empty() {
        out.push_str(&line("", &format!("{}: {}", l.persons, leaf.persons.join("、"))));
    }
    let unassigned: Vec<_> = leaf.progress.iter().filter(|_| leaf.obligations.is_empty()).collect();
    for e in unassigned {
        let date = e.date.map(|d| format!(" {d}")).unwrap_or_default();
        out.push_str(&line("  ", &format!("{}: {}{date}", e.unit.canonical, lang.status(e.status))));
    }
    out.push('\n');
    out.push_str(&line("", &format!("{}: {}", l.target, group.target)));
    let duties = duties_of(leaf, ledger, registry);
    if !duties.is_empty() {
        out.push('\n');
        out.push_str(&line("", &format!("{}:", l.duties)));
        for (heading, _, text) in duties {
            out.push_str(&line("  ", &format!("{heading}: {text}")));
        }
    }
    out
}

/// Each assigned name with its role and status; for a collective, the
/// roll-up of its members with their count, then each member that has an
/// entry (or is late) on its own line, so that no member's state is hidden
/// and 14 silent members do not fill the screen.
fn write_units(out: &mut String, leaf: &Leaf, registry: &Registry, lang: Lang, today: NaiveDate) {
    let mut shown: Vec<&str> = Vec::new();
    for (named, role) in &leaf.assigned {
        let name = &*named.canonical;
        if shown.contains(&name) {
            continue;
        }
        shown.push(name);
        let owed: Vec<&Obligation> = leaf.obligations_of(name, registry).collect();
        let status = Status::roll_up(owed.iter().map(|o| o.status));
        let members = registry.members_in_order(name);
        if members.is_empty() {
            let state =
                owed.first().map_or_else(|| lang.status(status).to_string(), |o| progress(leaf, o, lang, today));
            out.push_str(&line("  ", &format!("{name} ({}): {state}", lang.role(*role))));
            continue;
        }
        let done = owed.iter().filter(|o| o.status == Status::Done).count();
        let count = match lang {
            Lang::Zh => format!("{} 个单位, {done} 个已完成", owed.len()),
            Lang::En => format!("{} units, {done} done", owed.len()),
        };
        out.push_str(&line("  ", &format!("{name} ({}): {} ({count})", lang.role(*role), lang.status(status))));
        // Members with an entry of their own each get a line; the late ones
        // without share one line per state.
        let mut silent: Vec<(String, Vec<&str>)> = Vec::new();
        for o in &owed {
            let state = progress(leaf, o, lang, today);
            if o.entry.is_some() && o.recorded_for.is_none() {
                out.push_str(&line("    ", &format!("{}: {state}", o.unit)));
            } else if o.days_late(today).is_some() || o.recorded_for.is_some() {
                match silent.iter_mut().find(|(l, _)| *l == state) {
                    Some((_, units)) => units.push(&o.unit),
                    None => silent.push((state, vec![&o.unit])),
                }
            }
        }
        for (state, units) in silent {
            out.push_str(&line("    ", &format!("{}: {state}", units.join("、"))));
        }
    }
}

/// One unit's progress: status, date, note and evidence, lateness, and the
/// collective an entry was recorded for as a whole.
fn progress(leaf: &Leaf, o: &Obligation, lang: Lang, today: NaiveDate) -> String {
    let l = lang.labels();
    let mut text = lang.status(o.status).to_string();
    if let Some(days) = o.days_late(today) {
        let _ = match lang {
            Lang::Zh => write!(text, " 逾期 {days} 天"),
            Lang::En => write!(text, " {days} days late"),
        };
    }
    if let Some(e) = leaf.entry_of(o) {
        if let Some(date) = e.date {
            let _ = write!(text, " {date}");
        }
        if let Some(collective) = &o.recorded_for {
            let _ = write!(text, " ({})", l.recorded_for.replace("{}", collective));
        }
        if let Some(note) = &e.note {
            let _ = write!(text, " {note}");
        }
        if !e.evidence.is_empty() {
            let _ = write!(text, " [{}: {}]", l.evidence, e.evidence.join(", "));
        }
    }
    text
}
