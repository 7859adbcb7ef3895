//! Completion over time, from the audit trail: the progress entries of
//! each leaf replayed commit by commit, each leaf's status rolled up by the
//! obligation model at every step, exactly as the ledger rolls it up today.
//!
//! The assignment, deadline and extensions are today's: the curve answers
//! "how many of today's measures were done on that day".

use crate::git::audit::{Aspect, State};
use crate::git::trail::Event;
use crate::model::due::parse_date;
use crate::model::ledger::{Entry, Ledger, Named};
use crate::model::obligation::{obligations, roll_up};
use crate::model::registry::Registry;
use crate::model::status::Status;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// A count after each day it changed, oldest first.
pub type Series = Vec<(NaiveDate, usize)>;

/// Done counts over time.
#[derive(Debug, Default)]
pub struct Burnup {
    /// The day of the first commit read.
    pub start: Option<NaiveDate>,
    /// Leaves done (rolled up).
    pub leaves: Series,
    /// Per canonical unit: its obligations done.
    pub units: HashMap<Arc<str>, Series>,
}

/// The day of an event (its author date).
pub fn day(event: &Event) -> Option<NaiveDate> {
    event.date.get(..10).and_then(parse_date)
}

/// Replays `events` (oldest first) up to and including `until`.
pub fn replay(ledger: &Ledger, registry: &Registry, events: &[Event], until: NaiveDate) -> Burnup {
    let index: HashMap<&str, usize> = ledger.leaves.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let mut entries: HashMap<usize, Vec<Entry>> = HashMap::new();
    // Per leaf: whether it is done, and which of its units are.
    let mut done_leaf: Vec<bool> = vec![false; ledger.leaves.len()];
    let mut done_units: HashMap<usize, Vec<Arc<str>>> = HashMap::new();
    let mut unit_counts: HashMap<Arc<str>, usize> = HashMap::new();
    let mut burnup = Burnup::default();
    let mut count = 0usize;
    for event in events {
        let Some(day) = day(event) else { continue };
        if day > until {
            break;
        }
        burnup.start.get_or_insert(day);
        if event.change.key.aspect != Aspect::Progress {
            continue;
        }
        let Some(&at) = index.get(&*event.change.key.id) else { continue };
        let unit: Arc<str> = Arc::from(&*event.change.key.detail);
        let list = entries.entry(at).or_default();
        list.retain(|e| e.unit.canonical != unit);
        // An entry whose status no longer reads is gone, like a removed
        // one: the leaf is rolled up again either way.
        if let Some(State::Progress(state)) = &event.change.new
            && let Some(status) = Status::parse(&state.status)
        {
            list.push(Entry {
                unit: Named { written: Arc::from(state.unit.as_str()), canonical: unit.clone() },
                status,
                date: state.date.as_deref().and_then(parse_date),
                note: None,
                evidence: Vec::new(),
            });
        }
        let leaf = &ledger.leaves[at];
        let owed = obligations(&leaf.assigned, leaf.due, &leaf.extensions, list, registry);
        let now_done = roll_up(&owed, list) == Status::Done;
        if now_done != done_leaf[at] {
            done_leaf[at] = now_done;
            count = if now_done { count + 1 } else { count - 1 };
            push(&mut burnup.leaves, day, count);
        }
        let units: Vec<Arc<str>> = owed.iter().filter(|o| o.status == Status::Done).map(|o| o.unit.clone()).collect();
        let before = done_units.insert(at, units.clone()).unwrap_or_default();
        for gained in units.iter().filter(|u| !before.contains(u)) {
            let n = unit_counts.entry(gained.clone()).or_default();
            *n += 1;
            push(burnup.units.entry(gained.clone()).or_default(), day, *n);
        }
        for lost in before.iter().filter(|u| !units.contains(u)) {
            let n = unit_counts.entry(lost.clone()).or_default();
            *n = n.saturating_sub(1);
            push(burnup.units.entry(lost.clone()).or_default(), day, *n);
        }
    }
    burnup
}

/// Records `count` on `day`, replacing an earlier count of the same day.
pub(super) fn push(series: &mut Series, day: NaiveDate, count: usize) {
    match series.last_mut() {
        Some(last) if last.0 == day => last.1 = count,
        _ => series.push((day, count)),
    }
}
