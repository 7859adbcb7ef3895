//! Selecting leaves: by unit (aliases and collectives resolved), group,
//! status, deadline range, lateness and text.

use crate::cli::{FilterArgs, RoleFilter};
use crate::due::parse_bound;
use crate::ledger::{self, Leaf, Ledger, Reach, Role, Staleness};
use crate::registry::Registry;
use crate::status::Status;
use crate::tr;

/// Kept reachable here for the report commands that import it with the filter.
pub use crate::lookup::resolve_unit;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

/// A validated filter.
#[derive(Debug)]
pub struct Filter {
    /// Canonical unit name.
    pub unit: Option<String>,
    pub role: RoleFilter,
    pub stale: bool,
    pub staleness: Staleness,
    pub group: Option<String>,
    pub status: Option<Status>,
    pub due_before: Option<NaiveDate>,
    pub due_after: Option<NaiveDate>,
    pub overdue: bool,
    pub text: Option<String>,
    pub today: NaiveDate,
}

/// A leaf that passed the filter, with what it means for the unit asked about.
#[derive(Debug)]
pub struct Selected<'a> {
    pub leaf: &'a Leaf,
    /// How the unit asked about is responsible (with `--unit`).
    pub reach: Option<Reach>,
    /// The unit's own status with `--unit`, else the leaf's rolled-up status.
    pub status: Status,
    pub overdue: bool,
}

impl Filter {
    /// Validates the command-line values against the registry and ledger.
    pub fn new(
        args: &FilterArgs,
        registry: &Registry,
        ledger: &Ledger,
        today: NaiveDate,
        staleness: Staleness,
    ) -> Result<Filter> {
        let unit = match &args.unit {
            Some(name) => Some(resolve_unit(registry, name)?.to_string()),
            None => None,
        };
        if let Some(group) = &args.group
            && !ledger.groups.iter().any(|g| &g.id == group)
        {
            bail!(tr!(
                "没有基本要求 `{group}`\nhint: 基本要求编号为 1 至 {}",
                "there is no group `{group}`\nhint: groups are numbered 1 to {}",
                ledger.groups.len()
            ));
        }
        let status = match &args.status {
            Some(text) => Some(crate::status::parse_arg(text)?),
            None => None,
        };
        let bound = |text: &Option<String>, start: bool, flag: &str| -> Result<Option<NaiveDate>> {
            match text {
                Some(t) => parse_bound(t, start).map(Some).ok_or_else(|| {
                    anyhow!(tr!(
                        "{flag} `{t}` 不是有效日期\nhint: 年份写四位数: 日期 {},或月份 {}",
                        "{flag} `{t}` is not a date\nhint: write the year with four digits: a day, {}, or a month, {}",
                        crate::due::date_forms(),
                        crate::due::month_forms()
                    ))
                }),
                None => Ok(None),
            }
        };
        Ok(Filter {
            unit,
            role: if args.lead { RoleFilter::Lead } else { args.role.unwrap_or(RoleFilter::Any) },
            stale: args.stale,
            staleness,
            group: args.group.clone(),
            status,
            due_before: bound(&args.due_before, false, "--due-before")?,
            due_after: bound(&args.due_after, true, "--due-after")?,
            overdue: args.overdue,
            text: args.text.clone(),
            today,
        })
    }

    /// The leaves that pass, in document order.
    pub fn select<'a>(&self, ledger: &'a Ledger, registry: &Registry) -> Vec<Selected<'a>> {
        ledger.leaves.iter().filter_map(|leaf| self.accept(leaf, ledger, registry)).collect()
    }

    fn accept<'a>(&self, leaf: &'a Leaf, ledger: &Ledger, registry: &Registry) -> Option<Selected<'a>> {
        if self.group.as_ref().is_some_and(|g| &ledger.groups[leaf.group].id != g) {
            return None;
        }
        let reach = match &self.unit {
            Some(unit) => {
                let reach = leaf.reach(unit, registry)?;
                let wanted = match self.role {
                    RoleFilter::Any => true,
                    RoleFilter::Lead => reach.role == Role::Lead,
                    RoleFilter::Co => reach.role != Role::Lead,
                };
                if !wanted {
                    return None;
                }
                Some(reach)
            }
            None => None,
        };
        let status = match (&self.unit, &reach) {
            (Some(unit), Some(reach)) => unit_status(leaf, unit, reach, registry),
            _ => leaf.status,
        };
        if self.status.is_some_and(|s| s != status) {
            return None;
        }
        let unit = self.unit.as_deref();
        let last_day = leaf.due_for(unit).and_then(|d| d.last_day());
        if let Some(before) = self.due_before
            && last_day.is_none_or(|d| d > before)
        {
            return None;
        }
        if let Some(after) = self.due_after
            && last_day.is_none_or(|d| d < after)
        {
            return None;
        }
        let overdue = leaf.is_overdue(status, unit, self.today);
        if self.overdue && !overdue {
            return None;
        }
        if self.stale && !self.is_stale(leaf, unit) {
            return None;
        }
        if let Some(word) = &self.text {
            let found = leaf.id.contains(word.as_str())
                || leaf.text.contains(word.as_str())
                || leaf.context.iter().any(|t| t.contains(word.as_str()));
            if !found {
                return None;
            }
        }
        Some(Selected { leaf, reach, status, overdue })
    }
}

impl Filter {
    /// An ongoing leaf with no recent entry (by `unit`, or by anyone).
    fn is_stale(&self, leaf: &Leaf, unit: Option<&str>) -> bool {
        let last =
            leaf.progress.iter().filter(|e| unit.is_none_or(|u| e.unit.canonical == u)).filter_map(|e| e.date).max();
        self.staleness.is_stale(leaf.due, last, self.today)
    }
}

/// A unit's status on a leaf: its own entry; else, when reached as a member
/// of a collective, the collective's entry; else, for a collective, the
/// roll-up of its members.
fn unit_status(leaf: &Leaf, unit: &str, reach: &Reach, registry: &Registry) -> Status {
    if let Some(entry) = leaf.entry(unit) {
        return entry.status;
    }
    match &reach.via {
        Some(via) if registry.contains(&via.canonical, unit) => leaf.status_of(&via.canonical),
        Some(via) => ledger::roll_up(&[(via.clone(), reach.role)], &leaf.progress, registry),
        None => ledger::roll_up(&[(named(unit), reach.role)], &leaf.progress, registry),
    }
}

fn named(unit: &str) -> ledger::Named {
    ledger::Named { written: unit.to_string(), canonical: unit.to_string() }
}
