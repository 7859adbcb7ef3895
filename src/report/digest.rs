//! The weekly digest: per unit, what is overdue, what falls due soon, and
//! which standing duties have gone quiet. A view of the obligations; pure
//! and deterministic: the same ledger and date give the same digest.

use crate::model::due::Due;
use crate::model::ledger::{Leaf, Ledger, Role};
use crate::model::obligation::{Obligation, Standing, Window};
use crate::model::registry::Registry;
use crate::model::status::Status;
use foldhash::{HashMap, HashMapExt};
use serde::Serialize;
use std::cmp::Reverse;

/// What the digest says about one leaf for one unit.
#[derive(Debug, Clone, Serialize)]
pub struct Item<'a> {
    #[serde(skip)]
    pub leaf: &'a Leaf,
    pub id: &'a str,
    pub role: Role,
    /// The collective the unit owes the leaf through, when not named itself.
    pub via: Option<&'a str>,
    /// The collective whose entry, recorded for it as a whole, gives the status.
    pub recorded_for: Option<&'a str>,
    /// The deadline in force, and the notice's own when it was extended.
    pub due: Option<Due>,
    pub original_due: Option<Due>,
    pub status: Status,
    /// Days late (overdue), days left (due soon) or days since the last
    /// entry (stale; none when nothing was ever recorded).
    pub days: Option<i64>,
}

/// One unit's part of the digest.
#[derive(Debug, Clone, Serialize)]
pub struct Section<'a> {
    /// The canonical unit name.
    pub unit: &'a str,
    pub overdue: Vec<Item<'a>>,
    pub due_soon: Vec<Item<'a>>,
    pub stale: Vec<Item<'a>>,
}

impl Section<'_> {
    /// The most days any of the unit's overdue items is late (0 when none is).
    pub fn most_days_late(&self) -> i64 {
        self.overdue.iter().filter_map(|i| i.days).max().unwrap_or(0)
    }

    /// How far behind the unit is, for ranking: most overdue items, then
    /// most days late, then most falling due and most gone quiet.
    fn behind(&self) -> (Reverse<usize>, Reverse<i64>, Reverse<usize>, Reverse<usize>) {
        (
            Reverse(self.overdue.len()),
            Reverse(self.most_days_late()),
            Reverse(self.due_soon.len()),
            Reverse(self.stale.len()),
        )
    }
}

/// Orders the sections worst first (see `Section::behind`); units equally
/// behind keep their order in the checklist.
pub fn worst_first(sections: &mut [Section]) {
    sections.sort_by_cached_key(|s| s.behind());
}

/// The `count` units furthest behind that have anything overdue, worst
/// first, whatever order `sections` is in.
pub fn most_behind<'s, 'a>(sections: &'s [Section<'a>], count: usize) -> Vec<&'s Section<'a>> {
    let mut behind: Vec<&Section> = sections.iter().filter(|s| !s.overdue.is_empty()).collect();
    behind.sort_by_cached_key(|s| s.behind());
    behind.truncate(count);
    behind
}

/// The digest, units in the order they first appear in the checklist (lead
/// units first within each leaf; `worst_first` reorders them); units with
/// nothing to report are left out. With `unit`, only the obligations of that unit (or, for a
/// collective, of its members).
pub fn digest<'a>(ledger: &'a Ledger, registry: &Registry, window: Window, unit: Option<&str>) -> Vec<Section<'a>> {
    let mut sections: Vec<Section<'a>> = Vec::new();
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    for leaf in &ledger.leaves {
        let mut owed: Vec<&'a Obligation> =
            leaf.obligations.iter().filter(|o| unit.is_none_or(|u| registry.covers(u, &o.unit))).collect();
        // Lead first within the leaf, then co-operating units, then scope.
        owed.sort_by_key(|o| o.role);
        for o in owed {
            let standing = o.standing(window);
            if standing == Standing::Fine {
                continue;
            }
            let item = |days: Option<i64>| Item {
                leaf,
                id: &leaf.id,
                role: o.role,
                via: o.via.as_deref(),
                recorded_for: o.recorded_for.as_deref(),
                due: o.due,
                original_due: o.extended(leaf.due).and(leaf.due),
                status: o.status,
                days,
            };
            let at = *index.entry(&o.unit).or_insert_with(|| {
                sections.push(Section { unit: &o.unit, overdue: vec![], due_soon: vec![], stale: vec![] });
                sections.len() - 1
            });
            let section = &mut sections[at];
            match standing {
                Standing::Overdue(days) => section.overdue.push(item(Some(days))),
                Standing::DueSoon(days) => section.due_soon.push(item(Some(days))),
                Standing::Stale(days) => section.stale.push(item(days)),
                Standing::Fine => {}
            }
        }
    }
    sections
}
