//! Checks of a group's indicators and their recorded values.

use super::Checker;
use crate::model::indicator::is_unit;
use crate::model::ledger::{Actual, Indicator};
use crate::model::target::{Comparator, Period};
use crate::model::{self, GroupFile};
use crate::tr;
use std::collections::HashMap;

/// The cadences an indicator may state.
const CADENCES: [&str; 3] = ["quarter", "year", "month"];

impl<'a> Checker<'a> {
    /// Checks the indicators of the group at `index` and adds them to the ledger.
    pub(super) fn indicators(&mut self, index: usize, group: &'a GroupFile) {
        for i in &group.indicators {
            if let Some(indicator) = self.indicator(index, &group.group.value, i) {
                self.ledger.indicators.push(indicator);
            }
        }
    }

    fn indicator(&mut self, index: usize, group: &str, i: &'a model::Indicator) -> Option<Indicator> {
        let id = &i.id;
        let well_formed = id
            .value
            .strip_prefix(&format!("{group}.i"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0'));
        if !well_formed {
            self.error(
                id,
                tr!("指标编号 `{}` 格式不对", "malformed indicator ID `{}`", id.value),
                Some(tr!("本组指标编号形如 \"{group}.i1\"", "indicator IDs in this group look like \"{group}.i1\"")),
            );
        }
        self.claim_id(id);
        let comparator = Comparator::parse(&i.comparator.value);
        if comparator.is_none() {
            self.error(
                &i.comparator,
                tr!("未知的比较方式 `{}`", "unknown comparator `{}`", i.comparator.value),
                Some(tr!("请用 \">=\"、\"<=\" 或 \"=\"", "use \">=\", \"<=\" or \"=\"")),
            );
        }
        self.finite(&i.value);
        if let Some(unit) = &i.unit
            && !is_unit(&unit.value)
        {
            self.error(
                unit,
                tr!("未知的计量单位 `{}`", "unknown unit of measure `{}`", unit.value),
                Some(tr!("请用 %、个、家、次 或 人次", "use %, 个, 家, 次 or 人次")),
            );
        }
        if let Some(cadence) = &i.period
            && !CADENCES.contains(&cadence.value.as_str())
        {
            self.error(
                cadence,
                tr!("未知的周期 `{}`", "unknown period `{}`", cadence.value),
                Some(tr!("请用 quarter、year 或 month", "use quarter, year or month")),
            );
        }
        let mut seen: HashMap<(Period, Option<std::sync::Arc<str>>), u32> = HashMap::new();
        let mut actuals = Vec::new();
        for a in &i.actuals {
            if let Some(actual) = self.actual(&id.value, a) {
                let key = (actual.period, actual.unit.as_ref().map(|u| u.canonical.clone()));
                if let Some(line) = seen.get(&key) {
                    self.error(
                        &a.period,
                        tr!("{} 在 {} 期间已有一条记录", "{} already has a value for {}", id.value, a.period.value),
                        Some(tr!(
                            "第一条在第 {line} 行;每个期间(和单位)只记一条",
                            "the first is on line {line}; one value per period (and unit)"
                        )),
                    );
                } else {
                    seen.insert(key, a.period.line);
                }
                actuals.push(actual);
            }
        }
        Some(Indicator {
            id: id.value.clone(),
            group: index,
            name: i.name.clone(),
            comparator: comparator?,
            value: i.value.value,
            unit: i.unit.as_ref().map(|u| u.value.clone()),
            cadence: i.period.as_ref().map(|p| p.value.clone()),
            phrase: i.phrase.clone(),
            source: i.source.clone(),
            actuals,
        })
    }

    fn actual(&mut self, indicator: &str, a: &model::Actual) -> Option<Actual> {
        let period = Period::parse(&a.period.value);
        if period.is_none() {
            self.error(
                &a.period,
                tr!("{indicator} 的期间 `{}` 格式不对", "{indicator}: malformed period `{}`", a.period.value),
                Some(tr!(
                    "写作 \"2021\"、\"2021-H1\"、\"2021-Q3\" 或 \"2021-07\"",
                    "write \"2021\", \"2021-H1\", \"2021-Q3\" or \"2021-07\""
                )),
            );
        }
        let unit = match &a.unit {
            Some(u) => Some(self.unit(u)?),
            None => None,
        };
        self.finite(&a.value);
        let date = a.date.as_ref().and_then(|d| self.date(d));
        Some(Actual {
            period: period?,
            unit,
            value: a.value.value,
            date,
            note: a.note.clone(),
            evidence: a.evidence.clone(),
        })
    }

    fn finite(&mut self, value: &model::Located<f64>) {
        if !value.value.is_finite() {
            self.error(
                value,
                tr!("数值 `{}` 不是有限的数", "the value `{}` is not a finite number", value.value),
                Some(tr!(
                    "请写实际的数字,如 98.5(.inf 和 .nan 不是数值)",
                    "write an actual number such as 98.5 (.inf and .nan are not values)"
                )),
            );
        }
    }
}
