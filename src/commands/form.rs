//! `taizhang form`: write the fill-in progress form of a unit, or of every
//! unit.

use super::{Context, load_checked};
use crate::cli::FormArgs;
use crate::form::make::{Guide, workbook};
use crate::form::{self, Made};
use crate::model::lookup::resolve_unit;
use crate::{report::render, store, tr};
use anyhow::{Result, bail};
use std::io::Write;
use std::path::Path;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &FormArgs, out: &mut dyn Write) -> Result<u8> {
    let (checklist, ledger) = load_checked(ctx)?;
    let lang = ctx.lang(checklist);
    let registry = &checklist.registry;
    let guide = Guide {
        title: &checklist.config.checklist.title,
        require_evidence: checklist.config.settings.require_evidence,
    };
    let made = |unit: &str| Made {
        checklist: checklist.config.checklist.title.clone(),
        unit: unit.to_string(),
        date: ctx.today.to_string(),
        lang,
        rows: form::rows(ledger, unit, lang),
    };
    let write = |made: &Made, path: &Path, out: &mut dyn Write| -> Result<()> {
        store::write_atomic_bytes(path, &workbook(made, &guide)?)?;
        let line = tr!("{}: {} 行  {}", "{}: {} row(s)  {}", made.unit, made.rows.len(), path.display());
        writeln!(out, "{}", render::value(&line, ""))?;
        Ok(())
    };
    if args.all_units {
        std::fs::create_dir_all(&args.output)?;
        for unit in form::units(ledger, registry) {
            let path = args.output.join(format!("{}.xlsx", form::file_name(&unit)));
            write(&made(&unit), &path, out)?;
        }
        return Ok(0);
    }
    let name = args.unit.as_deref().unwrap_or_default();
    let unit = resolve_unit(registry, name)?;
    let members = registry.members_in_order(unit);
    if !members.is_empty() {
        let examples: Vec<&str> = members.iter().take(3).map(|m| &**m).collect();
        bail!(tr!(
            "`{}` 代表 {} 个单位,每个单位填写自己的填报表\nhint: 用 --unit 指定其中一个单位(如 {}),或用 --all-units",
            "`{}` stands for {} units, and each fills in its own form\nhint: pass --unit with one of them (such as {}), or --all-units",
            render::value(unit, ""),
            members.len(),
            examples.join("、")
        ));
    }
    let made = made(unit);
    if made.rows.is_empty() {
        bail!(tr!("{} 没有承担任何措施,无需填报", "{} owes no measure, so it has no form", render::value(unit, "")));
    }
    write(&made, &args.output, out)?;
    Ok(0)
}
