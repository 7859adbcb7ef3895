//! `taizhang set`: record one unit's progress on one leaf.

use super::Context;
use crate::cli::SetArgs;
use crate::due::date_arg;
use crate::lookup::find_leaf;
use crate::model::{GroupFile, Located, Progress};
use crate::record::{Edit, merge_evidence, record, refuse_blank};
use crate::registry::Registry;
use crate::status::Status;
use crate::tr;
use crate::whose::{self, Asked, Whose};
use crate::{edit, store};
use anyhow::{Result, bail};
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<u8> {
    let status = crate::status::parse_arg(&args.status)?;
    refuse_blank(args.entry.note.as_deref(), &args.entry.evidence)?;
    let date = match &args.date {
        Some(text) => date_arg("--date", text)?,
        None => ctx.today,
    };
    if date > ctx.today && !args.entry.future {
        bail!(tr!(
            "--date {date} 晚于截至日期 {}\nhint: 进展在发生后记录;若日期无误,请加 --future",
            "--date {date} is after the as-of date, {}\nhint: progress is recorded once it happens; if the date is right, pass --future",
            ctx.today
        ));
    }
    let root = store::find_root(&ctx.dir)?;
    let asked = Asked { unit: args.unit.as_deref(), all_units: false, as_collective: args.as_collective };
    let recorded = record(&root, &args.id, args.entry.commit, |checklist, ledger, group, text| {
        let leaf = find_leaf(ledger, &args.id)?;
        let registry = &checklist.registry;
        let Whose::Unit(unit) = whose::for_leaf(leaf, registry, asked, false)? else {
            unreachable!("progress is recorded for one unit")
        };
        let old = leaf.entry(&unit);
        let evidence = merge_evidence(old.map_or(&[], |e| &e.evidence), &args.entry.evidence);
        let entry = Progress {
            unit: Located::new(old.map_or_else(|| unit.clone(), |e| e.unit.written.to_string())),
            status: Located::new(status.key().to_string()),
            date: Some(Located::new(date.to_string())),
            note: args.entry.note.clone().or_else(|| old.and_then(|e| e.note.clone())),
            evidence,
        };
        let is_unit = |name: &str| registry.resolve(name) == Some(unit.as_str());
        let text = edit::set_progress(text, group, &leaf.id, is_unit, &entry)?;
        let expected = with_entry(group, &leaf.id, &entry, registry, &unit);
        let before = old.map_or(Status::Todo, |e| e.status);
        let lang = ctx.lang(checklist);
        Ok(Edit {
            text,
            expected,
            summary: format!("{} {unit}: {} → {} ({date})", leaf.id, lang.status(before), lang.status(status)),
            trailers: vec![
                ("Taizhang-Leaf", leaf.id.clone()),
                ("Taizhang-Unit", unit.clone()),
                ("Taizhang-Status", status.key().to_string()),
            ],
        })
    })?;
    writeln!(out, "{}", recorded.line())?;
    Ok(0)
}

/// The group as it must read after the edit.
fn with_entry(group: &GroupFile, leaf: &str, entry: &Progress, registry: &Registry, unit: &str) -> GroupFile {
    let mut group = group.clone();
    if let Some(measure) = crate::model::find_mut(&mut group.measures, leaf) {
        let same = |p: &Progress| registry.resolve(&p.unit.value) == Some(unit);
        match measure.progress.iter_mut().find(|p| same(p)) {
            Some(p) => *p = entry.clone(),
            None => measure.progress.push(entry.clone()),
        }
    }
    group
}
