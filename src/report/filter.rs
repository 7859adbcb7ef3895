//! Selecting leaves: by unit (aliases and collectives resolved), group,
//! status, deadline range, lateness and text. What a leaf means for a unit
//! comes from its obligations; nothing here recomputes it.

use crate::model::due::Due;
use crate::model::ledger::{Leaf, Ledger, Role};
use crate::model::obligation::{Obligation, Staleness};
use crate::model::registry::Registry;
use crate::model::status::Status;

/// Kept reachable here for the report commands that import it with the filter.
pub use crate::model::lookup::resolve_unit;
use anyhow::Result;
use chrono::NaiveDate;

/// Which of a unit's roles to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleWanted {
    Any,
    /// 牵头 only.
    Lead,
    /// Responsible (责任) only.
    Responsible,
    /// Supporting (配合) only.
    Support,
    /// Anything but lead: responsible, supporting or in scope.
    Co,
}

/// What the user asked for, as typed (validated by `Filter::new`).
#[derive(Debug, Default)]
pub struct Query<'q> {
    pub unit: Option<&'q str>,
    pub role: Option<RoleWanted>,
    pub stale: bool,
    pub group: Option<&'q str>,
    pub status: Option<&'q str>,
    pub due_before: Option<&'q str>,
    pub due_after: Option<&'q str>,
    pub overdue: bool,
    pub text: Option<&'q str>,
}

/// A validated filter.
#[derive(Debug)]
pub struct Filter {
    /// Canonical unit name.
    pub unit: Option<String>,
    pub role: RoleWanted,
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
    /// How the unit asked about owes the leaf (with a unit).
    pub matched: Option<Match<'a>>,
    /// The unit's status with a unit (for a collective, the roll-up of its
    /// members'), else the leaf's rolled-up status.
    pub status: Status,
    pub overdue: bool,
    /// The deadline in force for the unit asked about, else for the leaf.
    pub due: Option<Due>,
}

/// How the unit asked about owes a leaf.
#[derive(Debug, Clone)]
pub struct Match<'a> {
    /// Its strongest role.
    pub role: Role,
    /// The assigned collective it owes the leaf through, if not named.
    pub via: Option<&'a str>,
    /// The collective whose entry, recorded for it as a whole, gives the status.
    pub recorded_for: Option<&'a str>,
}

impl Filter {
    /// Validates the user's values against the registry and ledger.
    pub fn new(
        query: &Query,
        registry: &Registry,
        ledger: &Ledger,
        today: NaiveDate,
        staleness: Staleness,
    ) -> Result<Filter> {
        let unit = match query.unit {
            Some(name) => Some(resolve_unit(registry, name)?.to_string()),
            None => None,
        };
        if let Some(group) = query.group {
            crate::model::lookup::require_group(ledger, group)?;
        }
        let status = query.status.map(crate::model::status::parse_arg).transpose()?;
        let bound = |text: Option<&str>, start: bool, flag: &str| -> Result<Option<NaiveDate>> {
            text.map(|t| crate::model::due::bound_arg(flag, t, start)).transpose()
        };
        Ok(Filter {
            unit,
            role: query.role.unwrap_or(RoleWanted::Any),
            stale: query.stale,
            staleness,
            group: query.group.map(str::to_string),
            status,
            due_before: bound(query.due_before, false, "--due-before")?,
            due_after: bound(query.due_after, true, "--due-after")?,
            overdue: query.overdue,
            text: query.text.map(str::to_string),
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
        let selected = match &self.unit {
            Some(unit) => {
                let owed: Vec<&'a Obligation> = leaf.obligations_of(unit, registry).collect();
                let selected = for_unit(leaf, unit, &owed, self.today)?;
                let role = selected.matched.as_ref().map(|m| m.role);
                let wanted = match self.role {
                    RoleWanted::Any => true,
                    RoleWanted::Lead => role == Some(Role::Lead),
                    RoleWanted::Responsible => role == Some(Role::Responsible),
                    RoleWanted::Support => role == Some(Role::Support),
                    RoleWanted::Co => role != Some(Role::Lead),
                };
                if !wanted || (self.stale && !owed.iter().any(|o| o.is_stale(self.today, self.staleness))) {
                    return None;
                }
                selected
            }
            None => {
                if self.stale && !leaf.is_stale(self.today, self.staleness) {
                    return None;
                }
                Selected {
                    leaf,
                    matched: None,
                    status: leaf.status,
                    overdue: leaf.is_overdue(self.today),
                    due: leaf.due_in_force,
                }
            }
        };
        if self.status.is_some_and(|s| s != selected.status) || (self.overdue && !selected.overdue) {
            return None;
        }
        let last_day = selected.due.and_then(|d| d.last_day());
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
        if let Some(word) = &self.text {
            let found = leaf.id.contains(word.as_str())
                || leaf.text.contains(word.as_str())
                || leaf.context.iter().any(|t| t.contains(word.as_str()));
            if !found {
                return None;
            }
        }
        Some(selected)
    }
}

/// A leaf seen from canonical `unit`, given the obligations it stands for
/// (its own, or its members'); none when it owes nothing here.
fn for_unit<'a>(leaf: &'a Leaf, unit: &str, owed: &[&'a Obligation], today: NaiveDate) -> Option<Selected<'a>> {
    let strongest = owed.iter().min_by_key(|o| (o.role, o.via.is_some()))?;
    let recorded_for =
        owed[0].recorded_for.as_deref().filter(|c| owed.iter().all(|o| o.recorded_for.as_deref() == Some(c)));
    let due = if owed.iter().all(|o| o.due == owed[0].due) { owed[0].due } else { leaf.due_in_force };
    Some(Selected {
        leaf,
        matched: Some(Match {
            role: strongest.role,
            via: strongest.via.as_deref().filter(|v| *v != unit),
            recorded_for,
        }),
        status: Status::roll_up(owed.iter().map(|o| o.status)),
        overdue: owed.iter().any(|o| o.days_late(today).is_some()),
        due,
    })
}
