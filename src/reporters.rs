//! Who reports on a leaf, and where each stands: the assigned units, lead
//! first, where a collective (各县市区) stands for its members once any of
//! them has reported on the leaf, and counts as one unit until then.

use crate::due::Due;
use crate::ledger::{Leaf, Named, Role, Staleness};
use crate::registry::Registry;
use crate::status::Status;
use chrono::NaiveDate;

/// One unit answerable for a leaf.
#[derive(Debug, Clone)]
pub struct Reporter {
    pub unit: Named,
    pub role: Role,
    /// The assigned collective this unit reports for, if any.
    pub via: Option<Named>,
    /// That unit's own status (todo without an entry).
    pub status: Status,
    /// The date of its entry.
    pub last: Option<NaiveDate>,
    /// The deadline in force for it (extensions of the unit or of its
    /// collective included).
    pub due: Option<Due>,
}

/// The reporters of a leaf, lead first, each unit once.
pub fn reporters(leaf: &Leaf, registry: &Registry) -> Vec<Reporter> {
    let mut out: Vec<Reporter> = Vec::new();
    for (named, role) in &leaf.assigned {
        let members = registry.members_in_order(&named.canonical);
        let members_reported = leaf.progress.iter().any(|e| registry.contains(&named.canonical, &e.unit.canonical));
        let units: Vec<(Named, Option<Named>)> = if members_reported && leaf.entry(&named.canonical).is_none() {
            members
                .iter()
                .map(|m| (Named { written: m.to_string(), canonical: m.to_string() }, Some(named.clone())))
                .collect()
        } else {
            vec![(named.clone(), None)]
        };
        for (unit, via) in units {
            if out.iter().any(|r| r.unit.canonical == unit.canonical) {
                continue;
            }
            let entry = leaf.entry(&unit.canonical);
            let due = leaf.due_for(Some(&unit.canonical));
            let due = match (&via, due == leaf.due_for(None)) {
                // An extension granted to the collective covers its members.
                (Some(c), true) => leaf.due_for(Some(&c.canonical)),
                _ => due,
            };
            out.push(Reporter {
                status: entry.map_or(Status::Todo, |e| e.status),
                last: entry.and_then(|e| e.date),
                unit,
                role: *role,
                via,
                due,
            });
        }
    }
    out
}

impl Reporter {
    /// Days late on `today` (the deadline in force has passed, not done).
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        let last = self.due?.last_day()?;
        (self.status != Status::Done && today > last).then(|| (today - last).num_days())
    }

    /// Days left until the deadline in force, when it is within `within`
    /// days and the unit is not done.
    pub fn days_left(&self, today: NaiveDate, within: i64) -> Option<i64> {
        let last = self.due?.last_day()?;
        let left = (last - today).num_days();
        (self.status != Status::Done && (0..=within).contains(&left)).then_some(left)
    }

    /// For an ongoing leaf: no recent entry from this unit.
    pub fn is_stale(&self, today: NaiveDate, staleness: Staleness) -> bool {
        staleness.is_stale(self.due, self.last, today)
    }
}
