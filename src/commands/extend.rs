//! `taizhang extend`: record a deadline extension of a leaf.

use super::Context;
use crate::cli::ExtendArgs;
use crate::model::due::{date_forms, month_forms, parse_deadline};
use crate::model::lookup::find_leaf;
use crate::model::whose::{self, Asked};
use crate::store;
use crate::store::change::{self, NewDeadline};
use crate::store::record::record;
use crate::tr;
use anyhow::{Result, anyhow, bail};
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &ExtendArgs, out: &mut dyn Write) -> Result<u8> {
    let to = parse_deadline(&args.to).ok_or_else(|| {
        anyhow!(tr!(
            "--to `{}` 不是有效的完成时限\nhint: 年份写四位数: 月份 {}(即该月月底),或日期 {}",
            "--to `{}` is not a deadline\nhint: write the year with four digits: a month, {} (the end of that month), or a day, {}",
            args.to,
            month_forms(),
            date_forms()
        ))
    })?;
    if args.reason.trim().is_empty() {
        bail!(tr!(
            "--reason 为空\nhint: 请说明延期理由,理由将随延期记录一并保存",
            "--reason is empty\nhint: say why the deadline moves; it is kept with the extension"
        ));
    }
    let root = store::find_root(&ctx.dir)?;
    let asked = Asked { unit: args.unit.as_deref(), all_units: args.all_units, as_collective: args.as_collective };
    let recorded = record(&root, &args.id, args.commit, |checklist, ledger, group, text| {
        let leaf = find_leaf(ledger, &args.id)?;
        let registry = &checklist.registry;
        let whose = whose::for_leaf(leaf, registry, asked, true)?;
        let requested_by = match &args.requested_by {
            Some(name) => Some(crate::model::lookup::resolve_unit(registry, name)?.to_string()),
            None => None,
        };
        let new = NewDeadline {
            unit: whose.unit(),
            to,
            reason: &args.reason,
            approval: args.approval.clone(),
            requested_by: requested_by.as_deref(),
            today: ctx.today,
        };
        change::extension(leaf, registry, group, text, &new)
    })?;
    writeln!(out, "{}", recorded.line())?;
    Ok(0)
}
