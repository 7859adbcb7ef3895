//! The checked checklist as the commands see it: groups, and their leaves
//! flattened in document order with units resolved and statuses rolled up.

use crate::model::due::Due;
use crate::model::obligation::{Obligation, Staleness};
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::model::target::{Comparator, Period};
use chrono::NaiveDate;
use std::sync::Arc;

/// All groups and leaves of a checklist.
#[derive(Debug, Default)]
pub struct Ledger {
    pub groups: Vec<Group>,
    pub leaves: Vec<Leaf>,
    pub indicators: Vec<Indicator>,
}

/// A quantified target and its recorded values.
#[derive(Debug)]
pub struct Indicator {
    pub id: String,
    /// Index into `Ledger::groups`.
    pub group: usize,
    pub name: String,
    pub comparator: Comparator,
    pub value: f64,
    pub unit: Option<String>,
    /// `quarter`, `year` or `month`, as stated.
    pub cadence: Option<String>,
    pub phrase: String,
    pub source: String,
    pub actuals: Vec<Actual>,
}

/// One recorded value.
#[derive(Debug, Clone)]
pub struct Actual {
    pub period: Period,
    pub unit: Option<Named>,
    pub value: f64,
    pub date: Option<NaiveDate>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

/// A requirement group's own text.
#[derive(Debug)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub target: String,
    pub duties: Vec<Duty>,
    pub file: String,
}

/// What some units must do in a group.
#[derive(Debug)]
pub struct Duty {
    /// As written, with their canonical names.
    pub units: Vec<Named>,
    /// The heading as the notice wrote it, when it abbreviates the names.
    pub label: Option<String>,
    pub text: String,
}

/// A unit name as written in a file, and its canonical registry name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub written: Arc<str>,
    pub canonical: Arc<str>,
}

/// How a unit stands in a leaf's assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 牵头: the lead units (by default the first unit listed).
    Lead,
    /// 责任: the other responsible units.
    Responsible,
    /// 配合, 协同: units that support the lead.
    Support,
    /// Where the measure also applies (各县市区).
    Scope,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Lead, Role::Responsible, Role::Support, Role::Scope];

    pub fn key(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Responsible => "responsible",
            Role::Support => "support",
            Role::Scope => "scope",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A measure without sub-measures: the unit of tracking.
#[derive(Debug)]
pub struct Leaf {
    pub id: String,
    /// Index into `Ledger::groups`.
    pub group: usize,
    /// Texts of the enclosing measures, outermost first (17.1's text for 17.1.2).
    pub context: Vec<String>,
    pub text: String,
    pub assignment: Option<String>,
    /// Lead, responsible and supporting units, then scope, each with its role.
    pub assigned: Vec<(Named, Role)>,
    /// The leaders named for it (people, not units).
    pub persons: Vec<String>,
    pub due: Option<Due>,
    pub due_text: Option<String>,
    /// Granted extensions, oldest first.
    pub extensions: Vec<Extension>,
    pub progress: Vec<Entry>,
    /// Every (leaf, unit) pair, lead first (see `obligation`).
    pub obligations: Vec<Obligation>,
    /// Rolled up from the obligations (DESIGN.md rule 4).
    pub status: Status,
    /// The deadline in force for the leaf as a whole (extensions of the
    /// whole leaf only).
    pub due_in_force: Option<Due>,
    pub file: String,
    pub line: u64,
}

/// One unit's recorded progress.
#[derive(Debug, Clone)]
pub struct Entry {
    pub unit: Named,
    pub status: Status,
    pub date: Option<NaiveDate>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

/// A deadline extension of a leaf, or of one unit's part of it.
#[derive(Debug, Clone)]
pub struct Extension {
    pub unit: Option<Named>,
    pub to: Due,
    pub reason: String,
    pub approval: Option<String>,
    /// The unit that asked for it, when one did.
    pub requested_by: Option<Named>,
    pub date: Option<NaiveDate>,
}

impl Leaf {
    /// Units as canonical names, lead first, each once (the JSON `units`).
    pub fn units(&self) -> Vec<&str> {
        self.names(|r| r != Role::Scope)
    }

    /// The lead units as canonical names (the JSON `lead`).
    pub fn lead(&self) -> Vec<&str> {
        self.names(|r| r == Role::Lead)
    }

    /// Where the measure also applies, as canonical names.
    pub fn scope(&self) -> Vec<&str> {
        self.names(|r| r == Role::Scope)
    }

    fn names(&self, keep: impl Fn(Role) -> bool) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (named, _) in self.assigned.iter().filter(|(_, r)| keep(*r)) {
            if !names.contains(&&*named.canonical) {
                names.push(&named.canonical);
            }
        }
        names
    }

    /// The progress entry recorded for canonical `unit` itself.
    pub fn entry(&self, unit: &str) -> Option<&Entry> {
        self.progress.iter().find(|e| *e.unit.canonical == *unit)
    }

    /// The deadline in force for canonical `unit`: its obligation's.
    pub fn due_for(&self, unit: &str) -> Option<Due> {
        self.obligations.iter().find(|o| *o.unit == *unit).and_then(|o| o.due)
    }

    /// The entry behind an obligation, if any.
    pub fn entry_of(&self, obligation: &Obligation) -> Option<&Entry> {
        obligation.entry.map(|i| &self.progress[i])
    }

    /// The obligations of canonical `unit` on this leaf: its own, or, for a
    /// collective, those of its members.
    pub fn obligations_of<'a, 'q>(
        &'a self,
        unit: &'q str,
        registry: &'q Registry,
    ) -> impl Iterator<Item = &'a Obligation> + use<'a, 'q> {
        self.obligations.iter().filter(move |o| registry.covers(unit, &o.unit))
    }

    /// Late on `today`: some unit's deadline in force has passed and it is not done.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.obligations.iter().any(|o| o.days_late(today).is_some())
    }

    /// Some unit has let this standing duty go quiet.
    pub fn is_stale(&self, today: NaiveDate, staleness: Staleness) -> bool {
        self.obligations.iter().any(|o| o.is_stale(today, staleness))
    }
}
