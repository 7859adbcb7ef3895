//! Completion counts per requirement group and per unit: views of the
//! obligations, made in one pass over the leaves.

use crate::model::ledger::{Ledger, Role};
use crate::model::obligation::Staleness;
use crate::model::status::Status;
use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
use serde::Serialize;

/// Counts for one row.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Tally {
    pub name: String,
    /// Leaves led (by unit) — for groups, all leaves.
    pub lead: usize,
    /// Leaves co-operated on or in scope (by unit only).
    pub co: usize,
    pub todo: usize,
    pub doing: usize,
    pub done: usize,
    pub blocked: usize,
    pub overdue: usize,
    pub stale: usize,
}

impl Tally {
    /// Leaves (or obligations) counted.
    pub fn total(&self) -> usize {
        self.todo + self.doing + self.done + self.blocked
    }

    /// How many have `status`.
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Todo => self.todo,
            Status::Doing => self.doing,
            Status::Done => self.done,
            Status::Blocked => self.blocked,
        }
    }

    fn add(&mut self, status: Status, overdue: bool, stale: bool) {
        *match status {
            Status::Todo => &mut self.todo,
            Status::Doing => &mut self.doing,
            Status::Done => &mut self.done,
            Status::Blocked => &mut self.blocked,
        } += 1;
        self.overdue += usize::from(overdue);
        self.stale += usize::from(stale);
    }

    /// Adds another row's counts to this one.
    pub fn merge(&mut self, other: &Tally) {
        self.lead += other.lead;
        self.co += other.co;
        self.todo += other.todo;
        self.doing += other.doing;
        self.done += other.done;
        self.blocked += other.blocked;
        self.overdue += other.overdue;
        self.stale += other.stale;
    }

    /// Done as a whole percentage of the total.
    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total()).unwrap_or(0)
    }
}

/// One row per requirement group: its leaves by rolled-up status; a leaf
/// is overdue (stale) when any of its obligations is.
pub fn by_group(ledger: &Ledger, today: NaiveDate, staleness: Staleness) -> Vec<Tally> {
    let mut rows: Vec<Tally> = ledger.groups.iter().map(|g| Tally { name: g.id.clone(), ..Tally::default() }).collect();
    for leaf in &ledger.leaves {
        let row = &mut rows[leaf.group];
        row.lead += 1;
        row.add(leaf.status, leaf.is_overdue(today), leaf.is_stale(today, staleness));
    }
    rows
}

/// One row per unit that owes anything (canonical names, in order of first
/// appearance): its obligations by status.
pub fn by_unit(ledger: &Ledger, today: NaiveDate, staleness: Staleness) -> Vec<Tally> {
    let mut rows: Vec<Tally> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for leaf in &ledger.leaves {
        for o in &leaf.obligations {
            let at = *index.entry(&o.unit).or_insert_with(|| {
                rows.push(Tally { name: o.unit.to_string(), ..Tally::default() });
                rows.len() - 1
            });
            let row = &mut rows[at];
            if o.role == Role::Lead {
                row.lead += 1;
            } else {
                row.co += 1;
            }
            row.add(o.status, o.days_late(today).is_some(), o.is_stale(today, staleness));
        }
    }
    rows
}

/// The sum of `rows`, named `name`.
pub fn total(rows: &[Tally], name: &str) -> Tally {
    let mut total = Tally { name: name.to_string(), ..Tally::default() };
    for row in rows {
        total.merge(row);
    }
    total
}
