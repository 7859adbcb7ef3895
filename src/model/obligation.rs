//! The obligation model: the one answer to "which unit owes what, by when,
//! and is it late?".
//!
//! The unit of accountability is the pair (leaf, unit). A collective with
//! members (各县市区) stands for each of them, so the pair is (leaf, 夷陵区)
//! reached *via* 各县市区; a collective without members (the notice does not
//! say who they are) owes the leaf itself. Aliases are resolved: every unit
//! here is a canonical registry name. Every report — list, show, overdue,
//! summary, export — is a view of these pairs and computes none of this
//! itself.

use crate::model::due::Due;
use crate::model::ledger::{Entry, Extension, Named, Role};
use crate::model::registry::Registry;
use crate::model::status::Status;
use chrono::NaiveDate;
use std::sync::Arc;

/// One unit's obligation on one leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    /// The canonical unit name.
    pub unit: Arc<str>,
    pub role: Role,
    /// The assigned collective (canonical) the unit owes it through, when
    /// the leaf does not name the unit itself.
    pub via: Option<Arc<str>>,
    /// Index into the leaf's `progress` of the entry that speaks for the
    /// unit: its own, else one recorded for a collective as a whole.
    pub entry: Option<usize>,
    /// The collective whose entry, recorded for it as a whole, stands for
    /// this unit (the unit has none of its own).
    pub recorded_for: Option<Arc<str>>,
    /// The deadline in force: the original, moved by the latest-ending
    /// extension of the leaf, of the unit, or of a collective it belongs to.
    pub due: Option<Due>,
    /// The status of that entry; todo without one.
    pub status: Status,
    /// The date of that entry.
    pub last: Option<NaiveDate>,
}

/// When a standing duty (长期坚持, or a leaf without a deadline) has gone
/// quiet.
#[derive(Debug, Clone, Copy)]
pub struct Staleness {
    /// Days without an entry after which it is stale.
    pub days: i64,
    /// When the clock starts for a unit that never recorded anything: the
    /// notice's date.
    pub since: Option<NaiveDate>,
}

/// The date reports are made for, and how far around it they look.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub today: NaiveDate,
    /// Deadlines falling within this many days are "due soon".
    pub within: i64,
    pub staleness: Staleness,
}

/// Where an obligation stands on a date, for the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not done, and the deadline in force has passed this many days ago.
    Overdue(i64),
    /// Not done, and the deadline in force is this many days away (within the window).
    DueSoon(i64),
    /// A standing duty without a recent entry: days since the last one
    /// (none when the unit never recorded anything).
    Stale(Option<i64>),
    /// Nothing to report.
    Fine,
}

impl Obligation {
    /// Days late on `today`: the deadline in force has passed and the
    /// unit is not done.
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        let last = self.due?.last_day()?;
        (self.status != Status::Done && today > last).then(|| (today - last).num_days())
    }

    /// Days left until the deadline in force, when the unit is not done and
    /// that is within `within` days.
    pub fn days_left(&self, today: NaiveDate, within: i64) -> Option<i64> {
        let last = self.due?.last_day()?;
        let left = (last - today).num_days();
        (self.status != Status::Done && (0..=within).contains(&left)).then_some(left)
    }

    /// A standing duty (ongoing, or without a deadline) that the unit has
    /// not reported on for longer than `staleness.days`.
    pub fn is_stale(&self, today: NaiveDate, staleness: Staleness) -> bool {
        let standing = matches!(self.due, None | Some(Due::Ongoing));
        standing
            && self.status != Status::Done
            && self.last.or(staleness.since).is_none_or(|d| (today - d).num_days() > staleness.days)
    }

    /// Overdue first, then due soon, then stale.
    pub fn standing(&self, window: Window) -> Standing {
        if let Some(days) = self.days_late(window.today) {
            Standing::Overdue(days)
        } else if let Some(days) = self.days_left(window.today, window.within) {
            Standing::DueSoon(days)
        } else if self.is_stale(window.today, window.staleness) {
            Standing::Stale(self.last.map(|d| (window.today - d).num_days()))
        } else {
            Standing::Fine
        }
    }

    /// The deadline in force when an extension moved it from `original`.
    pub fn extended(&self, original: Option<Due>) -> Option<Due> {
        self.due.filter(|d| Some(*d) != original)
    }
}

/// The obligations of a leaf, lead first, each unit once.
///
/// A unit reached several ways keeps its strongest role (lead, then co,
/// then scope; named directly before through a collective) at the place
/// it first appears.
pub fn obligations(
    assigned: &[(Named, Role)],
    due: Option<Due>,
    extensions: &[Extension],
    progress: &[Entry],
    registry: &Registry,
) -> Vec<Obligation> {
    let mut owed: Vec<(Arc<str>, Role, Option<Arc<str>>)> = Vec::new();
    let mut owe = |unit: &Arc<str>, role: Role, via: Option<&Arc<str>>| {
        let candidate = (role, via.is_some());
        // Names are shared from the registry: the same allocation is the
        // same name, and most are told apart without comparing text.
        match owed.iter_mut().find(|(u, _, _)| Arc::ptr_eq(u, unit) || u == unit) {
            Some(existing) if candidate < (existing.1, existing.2.is_some()) => {
                existing.1 = role;
                existing.2 = via.cloned();
            }
            Some(_) => {}
            None => owed.push((unit.clone(), role, via.cloned())),
        }
    };
    for (named, role) in assigned {
        let members = registry.members_in_order(&named.canonical);
        if members.is_empty() {
            owe(&named.canonical, *role, None);
        }
        for member in members {
            owe(member, *role, Some(&named.canonical));
        }
    }
    owed.into_iter()
        .map(|(unit, role, via)| {
            let own = progress.iter().position(|e| e.unit.canonical == unit);
            let whole = || progress.iter().position(|e| registry.contains(&e.unit.canonical, &unit));
            let entry = own.or_else(whole);
            let found = entry.map(|i| &progress[i]);
            Obligation {
                recorded_for: found.filter(|e| e.unit.canonical != unit).map(|e| e.unit.canonical.clone()),
                due: due_in_force(due, extensions, Some(&unit), registry),
                status: found.map_or(Status::Todo, |e| e.status),
                last: found.and_then(|e| e.date),
                entry,
                unit,
                role,
                via,
            }
        })
        .collect()
}

/// The deadline in force for `unit` (or, without one, for the leaf as a
/// whole): of the extensions that apply — to the whole leaf, to the unit,
/// or to a collective the unit belongs to — the one ending last; else the
/// original. An extension never shortens a deadline another one gave.
pub fn due_in_force(
    original: Option<Due>,
    extensions: &[Extension],
    unit: Option<&str>,
    registry: &Registry,
) -> Option<Due> {
    let applies = |e: &&Extension| match (&e.unit, unit) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(given), Some(unit)) => *given.canonical == *unit || registry.contains(&given.canonical, unit),
    };
    // `max_by_key` keeps the last of equals: the most recent of two equal extensions.
    extensions.iter().filter(applies).max_by_key(|e| e.to.last_day()).map(|e| e.to).or(original)
}

/// Why a deadline in force cannot be extended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotExtendable {
    /// There is none, or it is a standing duty.
    Undated,
    /// The new deadline does not end after this one, in force.
    NotLater(Due),
}

/// The deadline in force that an extension to `to` moves: refused when
/// there is none to move (none, or a standing duty) or when `to` does not
/// end later. The one rule `extend` and a returned form both apply.
pub fn extends(in_force: Option<Due>, to: Due) -> Result<Due, NotExtendable> {
    let current = in_force.filter(|d| *d != Due::Ongoing).ok_or(NotExtendable::Undated)?;
    if to.last_day() <= current.last_day() { Err(NotExtendable::NotLater(current)) } else { Ok(current) }
}

/// Rolls up a leaf's status from its obligations; a leaf nobody is
/// assigned to rolls up whatever entries it has.
pub fn roll_up(obligations: &[Obligation], progress: &[Entry]) -> Status {
    if obligations.is_empty() {
        Status::roll_up(progress.iter().map(|e| e.status))
    } else {
        Status::roll_up(obligations.iter().map(|o| o.status))
    }
}

/// Whether canonical `unit` may have an entry (or an extension) on a leaf
/// with these assigned units: it owes the leaf, or it is one of the assigned
/// names itself (a collective recorded as a whole). A leaf nobody is
/// assigned to takes anyone's.
pub fn may_report(assigned: &[(Named, Role)], unit: &str, registry: &Registry) -> bool {
    assigned.is_empty() || assigned.iter().any(|(a, _)| registry.covers(&a.canonical, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_dated_deadline_moves_and_only_later() {
        let month = |month| Due::Month { year: 2021, month };
        assert_eq!(extends(Some(month(6)), month(9)), Ok(month(6)));
        assert_eq!(extends(Some(month(6)), month(6)), Err(NotExtendable::NotLater(month(6))));
        assert_eq!(extends(Some(month(6)), month(3)), Err(NotExtendable::NotLater(month(6))));
        assert_eq!(extends(Some(Due::Ongoing), month(9)), Err(NotExtendable::Undated));
        assert_eq!(extends(None, month(9)), Err(NotExtendable::Undated));
    }
}
