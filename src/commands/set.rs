//! `taizhang set`: record one unit's progress on one leaf.

use super::Context;
use crate::cli::SetArgs;
use crate::due::date_arg;
use crate::ledger::Leaf;
use crate::lookup::resolve_unit;
use crate::model::{GroupFile, Located, Progress};
use crate::record::{Edit, merge_evidence, record, refuse_blank};
use crate::registry::Registry;
use crate::status::Status;
use crate::tr;
use crate::{config, edit, store};
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
    // The user's own unit is looked up only when --unit does not say.
    let own_unit = if args.unit.is_none() { config::own_unit()? } else { None };
    let recorded = record(&root, &args.id, args.entry.commit, |checklist, ledger, group, text| {
        let leaf = crate::lookup::find_leaf(ledger, &args.id)?;
        let registry = &checklist.registry;
        let unit = choose_unit(registry, leaf, args.unit.as_deref(), own_unit.as_deref())?;
        if !leaf.assigned.is_empty() && leaf.reach(&unit, registry).is_none() {
            let names: Vec<&str> = leaf.assigned.iter().map(|(n, _)| n.written.as_str()).collect();
            bail!(tr!(
                "`{unit}` 不是 {} 的责任单位\nhint: {} 的责任单位为 {}",
                "`{unit}` is not assigned to {}\nhint: {} is assigned to {}",
                leaf.id,
                leaf.id,
                names.join("、")
            ));
        }
        let old = leaf.entry(&unit);
        let evidence = merge_evidence(old.map_or(&[], |e| &e.evidence), &args.entry.evidence);
        let entry = Progress {
            unit: Located::new(old.map_or_else(|| unit.clone(), |e| e.unit.written.clone())),
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

/// The unit whose entry is edited: --unit, else the liaison's own unit,
/// else the leaf's only unit.
fn choose_unit(registry: &Registry, leaf: &Leaf, given: Option<&str>, own: Option<&str>) -> Result<String> {
    if let Some(name) = given.or(own) {
        return Ok(resolve_unit(registry, name)?.to_string());
    }
    match leaf.assigned.as_slice() {
        [(only, _)] if !registry.is_collective(&only.canonical) => Ok(only.canonical.clone()),
        assigned => {
            let names: Vec<&str> = assigned.iter().map(|(n, _)| n.written.as_str()).collect();
            let names = if names.is_empty() { tr!("无", "none") } else { names.join("、") };
            bail!(tr!(
                "请指明是哪个单位的进展\nhint: 请用 --unit 指定(责任单位: {names}),或在 TAIZHANG_UNIT 中设置本单位",
                "which unit's progress is this?\nhint: pass --unit (assigned: {names}), or set your own unit in TAIZHANG_UNIT"
            ))
        }
    }
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
