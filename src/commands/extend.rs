//! `taizhang extend`: record a deadline extension of a leaf.

use super::Context;
use crate::cli::ExtendArgs;
use crate::due::{Due, date_forms, month_forms, parse_deadline};
use crate::lookup::find_leaf;
use crate::model::{Extension, Located};
use crate::obligation;
use crate::record::{Edit, record};
use crate::tr;
use crate::whose::{self, Asked};
use crate::{edit, store};
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
        let unit = whose.unit().map(str::to_string);
        let in_force = obligation::due_in_force(leaf.due, &leaf.extensions, unit.as_deref(), registry);
        let Some(current) = in_force.filter(|d| *d != Due::Ongoing) else {
            let undated = tr!("无", "undated");
            bail!(tr!(
                "{} 没有可延期的完成时限(完成时限: {})",
                "{} has no deadline to extend (it is {})",
                leaf.id,
                leaf.due_text.as_deref().unwrap_or(&undated)
            ));
        };
        if to.last_day() <= current.last_day() {
            bail!(tr!(
                "{} 不晚于现行完成时限 {}",
                "{} is not later than the deadline in force, {}",
                to.key(),
                current.key()
            ));
        }
        let extension = Extension {
            unit: unit.clone().map(Located::new),
            to: Located::new(to.key()),
            reason: args.reason.trim().to_string(),
            approval: args.approval.clone(),
            date: Some(Located::new(ctx.today.to_string())),
        };
        let text = edit::add_extension(text, group, &leaf.id, &extension)?;
        let mut expected = group.clone();
        if let Some(m) = crate::model::find_mut(&mut expected.measures, &leaf.id) {
            m.extensions.push(extension);
        }
        let whom = unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
        Ok(Edit {
            text,
            expected,
            summary: format!("{}{whom}: {} → {} ({})", leaf.id, current.key(), to.key(), args.reason.trim()),
            trailers: vec![("Taizhang-Leaf", leaf.id.clone()), ("Taizhang-Extended-To", to.key())],
        })
    })?;
    writeln!(out, "{}", recorded.line())?;
    Ok(0)
}
