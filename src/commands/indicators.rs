//! `taizhang indicators`: each quantified target against its recorded values.

use super::{Context, load_report};
use crate::cli::{IndicatorsArgs, ListFormat};
use crate::i18n::Lang;
use crate::model::ledger::{Actual, Indicator};
use crate::model::lookup::{require_group, resolve_unit};
use crate::model::target::{Comparator, Period};
use crate::report::render;
use crate::store::layout::number;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::io::Write;

/// Where an indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    NotMet,
    NoData,
}

impl Verdict {
    /// The key in every output form, the same as the JSON's.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::NoData => "no_data",
        }
    }
}

/// One indicator (for one reporting unit, when values are per unit).
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    comparator: &'static str,
    target: f64,
    unit_of_measure: Option<&'a str>,
    /// The unit the value is for; none for the checklist as a whole.
    unit: Option<&'a str>,
    period: Option<String>,
    actual: Option<f64>,
    verdict: Verdict,
    /// How far the value is on the good side of the target (negative: short of it).
    gap: Option<f64>,
    /// For quarterly indicators: the quarters of the year with nothing recorded.
    missing_quarters: Vec<String>,
    phrase: &'a str,
}

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &IndicatorsArgs, out: &mut dyn Write) -> Result<u8> {
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let period = args.period.as_deref().map(Period::parse_arg).transpose()?;
    let unit = args.unit.as_deref().map(|u| resolve_unit(&checklist.registry, u)).transpose()?;
    if let Some(group) = &args.group {
        require_group(ledger, group)?;
    }
    let year = period.map_or(ctx.today.year(), Period::year);
    let rows: Vec<Row> = ledger
        .indicators
        .iter()
        .filter(|i| args.group.as_ref().is_none_or(|g| ledger.groups[i.group].id == *g))
        .flat_map(|i| rows(i, period, unit, year, ctx.today))
        .collect();
    let lang = ctx.lang(checklist);
    match args.format {
        ListFormat::Json => writeln!(out, "{}", crate::report::render::json(&rows)?)?,
        ListFormat::Csv => {
            let header = [
                "id",
                "name",
                "comparator",
                "target",
                "unit_of_measure",
                "unit",
                "period",
                "actual",
                "verdict",
                "gap",
                "missing_quarters",
            ];
            let mut text = render::csv_record(&header.map(String::from));
            for r in &rows {
                text.push_str(&render::csv_record(&[
                    r.id.to_string(),
                    r.name.to_string(),
                    r.comparator.to_string(),
                    number(r.target),
                    r.unit_of_measure.unwrap_or_default().to_string(),
                    r.unit.unwrap_or_default().to_string(),
                    r.period.clone().unwrap_or_default(),
                    r.actual.map(number).unwrap_or_default(),
                    r.verdict.key().to_string(),
                    r.gap.map(signed).unwrap_or_default(),
                    r.missing_quarters.join(" "),
                ]));
            }
            write!(out, "{text}")?;
        }
        ListFormat::Table | ListFormat::Md => {
            let l = lang.labels();
            let header =
                vec![l.id, l.indicator, l.target_value, l.unit, l.period, l.actual, l.verdict, l.gap, l.missing];
            let cells: Vec<Vec<String>> = rows.iter().map(|r| cells(r, lang)).collect();
            let text = if args.format == ListFormat::Md {
                render::markdown(&header, &cells)
            } else {
                render::table(header, cells, Some(1))
            };
            write!(out, "{text}")?;
        }
    }
    Ok(0)
}

/// The rows of one indicator: one per unit that has values (the checklist
/// as a whole first), or one saying there is no data.
fn rows<'a>(i: &'a Indicator, period: Option<Period>, unit: Option<&str>, year: i32, today: NaiveDate) -> Vec<Row<'a>> {
    let values: Vec<&Actual> =
        i.actuals.iter().filter(|a| unit.is_none_or(|u| a.unit.as_ref().is_some_and(|n| *n.canonical == *u))).collect();
    let missing =
        if i.cadence.as_deref() == Some("quarter") { missing_quarters(&values, year, today) } else { Vec::new() };
    // Grouped by canonical name, so `市中院` and `市中级法院` are one unit.
    let mut units: Vec<Option<&str>> = Vec::new();
    for a in &values {
        let u = a.unit.as_ref().map(|n| &*n.canonical);
        if !units.contains(&u) {
            units.push(u);
        }
    }
    units.sort_by_key(|u| u.is_some());
    if units.is_empty() {
        units.push(None);
    }
    units
        .into_iter()
        .map(|u| {
            let mut mine = values.iter().filter(|a| a.unit.as_ref().map(|n| &*n.canonical) == u);
            let chosen = match period {
                Some(p) => mine.rfind(|a| a.period == p),
                None => mine.max_by_key(|a| (a.period.end(), a.date)),
            };
            let (verdict, gap) = match chosen {
                Some(a) => {
                    let verdict = if i.comparator.holds(a.value, i.value) { Verdict::Met } else { Verdict::NotMet };
                    let gap = if i.comparator == Comparator::AtMost { i.value - a.value } else { a.value - i.value };
                    (verdict, Some(gap))
                }
                None => (Verdict::NoData, None),
            };
            Row {
                id: &i.id,
                name: &i.name,
                comparator: match i.comparator {
                    Comparator::AtLeast => ">=",
                    Comparator::AtMost => "<=",
                    Comparator::Exactly => "=",
                },
                target: i.value,
                unit_of_measure: i.unit.as_deref(),
                unit: u,
                period: chosen.map(|a| a.period.key()).or(period.map(Period::key)),
                actual: chosen.map(|a| a.value),
                verdict,
                gap,
                missing_quarters: missing.clone(),
                phrase: &i.phrase,
            }
        })
        .collect()
}

/// The quarters of `year` that have ended by today in which no activity (a
/// value above zero) was recorded.
fn missing_quarters(values: &[&Actual], year: i32, today: NaiveDate) -> Vec<String> {
    let last = match year.cmp(&today.year()) {
        std::cmp::Ordering::Less => 4,
        std::cmp::Ordering::Equal => (today.month() - 1) / 3,
        std::cmp::Ordering::Greater => 0,
    };
    (1..=last)
        .filter(|q| !values.iter().any(|a| a.value > 0.0 && a.period.quarter() == Some((year, *q))))
        .map(|q| format!("{year}-Q{q}"))
        .collect()
}

fn signed(value: f64) -> String {
    if value > 0.0 { format!("+{}", number(value)) } else { number(value) }
}

fn cells(r: &Row, lang: Lang) -> Vec<String> {
    let l = lang.labels();
    let measure = r.unit_of_measure.unwrap_or_default();
    let symbol = Comparator::parse(r.comparator).map_or("", Comparator::symbol);
    let verdict = match r.verdict {
        Verdict::Met => l.met,
        Verdict::NotMet => l.not_met,
        Verdict::NoData => l.no_data,
    };
    vec![
        r.id.to_string(),
        r.name.to_string(),
        format!("{symbol} {}{measure}", number(r.target)),
        r.unit.unwrap_or(l.all_units).to_string(),
        r.period.clone().unwrap_or_default(),
        r.actual.map(|a| format!("{}{measure}", number(a))).unwrap_or_default(),
        verdict.to_string(),
        r.gap.map(signed).unwrap_or_default(),
        r.missing_quarters.join(" "),
    ]
}
