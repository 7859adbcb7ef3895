//! The weekly digest: per unit, what is overdue, what falls due soon, and
//! which standing (长期坚持) duties have gone quiet. Pure and deterministic:
//! the same ledger and date give the same digest.

use crate::ledger::{Leaf, Ledger, Staleness};
use crate::registry::Registry;
use crate::reporters::reporters;
use serde::Serialize;

/// What the digest says about one leaf for one unit.
#[derive(Debug, Clone, Serialize)]
pub struct Item<'a> {
    #[serde(skip)]
    pub leaf: &'a Leaf,
    pub id: &'a str,
    pub role: &'static str,
    /// The collective the unit answers for, when it is not named itself.
    pub via: Option<String>,
    /// The deadline in force, and the notice's own when it was extended.
    pub due: Option<String>,
    pub original_due: Option<String>,
    pub status: &'static str,
    /// Days late (overdue), days left (due soon) or days since the last
    /// entry (stale; none when nothing was ever recorded).
    pub days: Option<i64>,
}

/// One unit's part of the digest.
#[derive(Debug, Clone, Serialize)]
pub struct Section<'a> {
    pub unit: String,
    pub overdue: Vec<Item<'a>>,
    pub due_soon: Vec<Item<'a>>,
    pub stale: Vec<Item<'a>>,
}

/// How far ahead and how far back to look.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub today: chrono::NaiveDate,
    /// Report deadlines falling within this many days.
    pub within: i64,
    pub staleness: Staleness,
}

/// The digest, units in the order they first appear in the checklist (lead
/// units first within each leaf); units with nothing to report are left out.
pub fn digest<'a>(ledger: &'a Ledger, registry: &Registry, window: Window, unit: Option<&str>) -> Vec<Section<'a>> {
    let mut sections: Vec<Section<'a>> = Vec::new();
    for leaf in &ledger.leaves {
        let mut list = reporters(leaf, registry);
        // Lead first within the leaf, then co-operating units, then scope.
        list.sort_by_key(|r| r.role);
        for r in list {
            // A unit asked about also gets what it answers for as a member of
            // a collective that is reported as one.
            let concerns = |u: &str| {
                u == r.unit.canonical
                    || registry.contains(&r.unit.canonical, u)
                    || r.via.as_ref().is_some_and(|v| v.canonical == u)
            };
            if unit.is_some_and(|u| !concerns(u)) {
                continue;
            }
            let item = |days: Option<i64>| Item {
                leaf,
                id: &leaf.id,
                role: r.role.key(),
                via: r.via.as_ref().map(|v| v.written.clone()),
                due: r.due.map(|d| d.key()),
                original_due: leaf.due.filter(|d| Some(*d) != r.due).map(|d| d.key()),
                status: r.status.key(),
                days,
            };
            let (late, soon, stale) = (
                r.days_late(window.today),
                r.days_left(window.today, window.within),
                r.is_stale(window.today, window.staleness),
            );
            if late.is_none() && soon.is_none() && !stale {
                continue;
            }
            let index = match sections.iter().position(|s| s.unit == r.unit.written) {
                Some(i) => i,
                None => {
                    sections.push(Section {
                        unit: r.unit.written.clone(),
                        overdue: vec![],
                        due_soon: vec![],
                        stale: vec![],
                    });
                    sections.len() - 1
                }
            };
            let section = &mut sections[index];
            if late.is_some() {
                section.overdue.push(item(late));
            } else if soon.is_some() {
                section.due_soon.push(item(soon));
            } else {
                section.stale.push(item(r.last.map(|d| (window.today - d).num_days())));
            }
        }
    }
    sections
}
