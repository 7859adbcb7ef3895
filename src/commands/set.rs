//! `taizhang set`: record one unit's progress on one leaf.

use super::Context;
use crate::cli::SetArgs;
use crate::model::due::date_arg;
use crate::model::lookup::find_leaf;
use crate::model::whose::{self, Asked, Whose};
use crate::store;
use crate::store::change::{self, NewProgress};
use crate::store::record::{record, refuse_blank};
use crate::tr;
use anyhow::{Result, bail};
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<u8> {
    let status = crate::model::status::parse_arg(&args.status)?;
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
        let new =
            NewProgress { unit: &unit, status, date, note: args.entry.note.clone(), evidence: &args.entry.evidence };
        change::progress(leaf, registry, group, text, &new, ctx.lang(checklist))
    })?;
    writeln!(out, "{}", recorded.line())?;
    Ok(0)
}
