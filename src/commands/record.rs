//! `taizhang record`: an actual value of an indicator for a period.

use super::Context;
use crate::cli::RecordArgs;
use crate::model::target::Period;
use crate::model::whose::{self, Asked};
use crate::model::{Actual, Located};
use crate::store::layout::number;
use crate::store::record::{Edit, merge_evidence, record, refuse_blank};
use crate::{store, store::edit, tr};
use anyhow::{Result, anyhow, bail};
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &RecordArgs, out: &mut dyn Write) -> Result<u8> {
    let value: f64 =
        args.value.trim().trim_end_matches('%').parse().ok().filter(|v: &f64| v.is_finite()).ok_or_else(|| {
            anyhow!(tr!(
                "数值 `{}` 不是数字\nhint: 直接写数字,如 92.5(表示 92.5%)或 3(表示 3 次)",
                "the value `{}` is not a number\nhint: write a plain number: 92.5 for 92.5 %, 3 for 3 次",
                args.value
            ))
        })?;
    let period = Period::parse_arg(&args.period)?;
    refuse_blank(args.entry.note.as_deref(), &args.entry.evidence)?;
    if period.start() > ctx.today && !args.entry.future {
        bail!(tr!(
            "期间 {} 在截至日期 {} 时尚未开始\nhint: 请检查 --period;若无误,请加 --future",
            "the period {} has not begun on the as-of date, {}\nhint: check --period; if it is right, pass --future",
            period.key(),
            ctx.today
        ));
    }
    let root = store::find_root(&ctx.dir)?;
    let recorded = record(&root, &args.id, args.entry.commit, |checklist, ledger, group, text| {
        let indicator = ledger.indicators.iter().find(|i| i.id == args.id).ok_or_else(|| {
            let ids: Vec<&str> = ledger.indicators.iter().map(|i| i.id.as_str()).collect();
            anyhow!(tr!(
                "没有指标 `{}`\nhint: 本组的指标: {}",
                "no indicator `{}`\nhint: the indicators of this group: {}",
                args.id,
                if ids.is_empty() { "-".to_string() } else { ids.join(", ") }
            ))
        })?;
        let registry = &checklist.registry;
        let asked = Asked { unit: args.unit.as_deref(), all_units: args.all_units, as_collective: false };
        let unit = whose::for_indicator(registry, asked)?.unit().map(str::to_string);
        let same = |a: &Actual| {
            Period::parse(&a.period.value) == Some(period)
                && a.unit.as_ref().map(|u| registry.resolve(&u.value).unwrap_or(&u.value)) == unit.as_deref()
        };
        let old =
            group.indicators.iter().find(|i| i.id.value == args.id).and_then(|i| i.actuals.iter().find(|a| same(a)));
        let evidence = merge_evidence(old.map_or(&[], |a| &a.evidence), &args.entry.evidence);
        let actual = Actual {
            period: Located::new(period.key()),
            unit: unit.clone().map(Located::new),
            value: Located::new(value),
            date: Some(Located::new(ctx.today.to_string())),
            note: args.entry.note.clone().or_else(|| old.and_then(|a| a.note.clone())),
            evidence,
        };
        let text = edit::set_actual(text, group, &args.id, same, &actual)?;
        let mut expected = group.clone();
        if let Some(i) = expected.indicators.iter_mut().find(|i| i.id.value == args.id) {
            match i.actuals.iter_mut().find(|a| same(a)) {
                Some(a) => *a = actual.clone(),
                None => i.actuals.push(actual.clone()),
            }
        }
        let whom = unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
        let unit_of_measure = indicator.unit.clone().unwrap_or_default();
        let before = old.map(|a| format!("{}{unit_of_measure} → ", number(a.value.value))).unwrap_or_default();
        Ok(Edit {
            text,
            expected,
            summary: format!(
                "{} {}{whom} {}: {before}{}{unit_of_measure}",
                indicator.id,
                indicator.name,
                period.key(),
                number(value)
            ),
            trailers: vec![("Taizhang-Indicator", indicator.id.clone()), ("Taizhang-Period", period.key())],
        })
    })?;
    writeln!(out, "{}", recorded.line())?;
    Ok(0)
}
