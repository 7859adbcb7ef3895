//! The checked checklist as the commands see it: groups, and their leaves
//! flattened in document order with units resolved and statuses rolled up.

use crate::due::Due;
use crate::registry::Registry;
use crate::status::Status;
use crate::target::{Comparator, Period};
use chrono::NaiveDate;

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
    pub written: String,
    pub canonical: String,
}

/// How a unit stands in a leaf's assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// 牵头: the first unit listed.
    Lead,
    /// 配合: the other units.
    Co,
    /// Where the measure also applies (各县市区).
    Scope,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Co => "co",
            Role::Scope => "scope",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        [Role::Lead, Role::Co, Role::Scope].into_iter().find(|r| r.key() == key)
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
    /// Units then scope, each with its role.
    pub assigned: Vec<(Named, Role)>,
    pub due: Option<Due>,
    pub due_text: Option<String>,
    /// Granted extensions, oldest first.
    pub extensions: Vec<Extension>,
    pub progress: Vec<Entry>,
    /// Rolled up from the assigned units (DESIGN.md rule 4).
    pub status: Status,
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
    pub date: Option<NaiveDate>,
}

/// How a unit asked about reaches a leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub role: Role,
    /// The assigned collective (or member) through which the unit is
    /// reached, if not directly.
    pub via: Option<Named>,
}

impl Leaf {
    /// Units in their written form, lead first (the JSON `units`).
    pub fn units(&self) -> Vec<&str> {
        self.names(|r| r != Role::Scope)
    }

    pub fn scope(&self) -> Vec<&str> {
        self.names(|r| r == Role::Scope)
    }

    fn names(&self, keep: impl Fn(Role) -> bool) -> Vec<&str> {
        self.assigned.iter().filter(|(_, r)| keep(*r)).map(|(n, _)| n.written.as_str()).collect()
    }

    /// Whether and how canonical `unit` is responsible for this leaf:
    /// directly, as a member of an assigned collective, or (when `unit` is a
    /// collective) through one of its members.
    pub fn reach(&self, unit: &str, registry: &Registry) -> Option<Reach> {
        let mut best: Option<Reach> = None;
        for (named, role) in &self.assigned {
            let name = named.canonical.as_str();
            let via = if name == unit {
                None
            } else if registry.contains(name, unit) || registry.contains(unit, name) {
                Some(named.clone())
            } else {
                continue;
            };
            let candidate = Reach { role: *role, via };
            let better =
                best.as_ref().is_none_or(|b| (candidate.role, candidate.via.is_some()) < (b.role, b.via.is_some()));
            if better {
                best = Some(candidate);
            }
        }
        best
    }

    /// The status of one unit's own entry (todo when it has none).
    pub fn status_of(&self, unit: &str) -> Status {
        self.entry(unit).map_or(Status::Todo, |e| e.status)
    }

    pub fn entry(&self, unit: &str) -> Option<&Entry> {
        self.progress.iter().find(|e| e.unit.canonical == unit)
    }

    /// The deadline in force: the latest extension that applies (to the
    /// whole leaf, or to canonical `unit` when given), else the original.
    pub fn due_for(&self, unit: Option<&str>) -> Option<Due> {
        let applies = |e: &&Extension| e.unit.as_ref().is_none_or(|u| Some(u.canonical.as_str()) == unit);
        self.extensions.iter().rev().find(applies).map(|e| e.to).or(self.due)
    }

    /// Late on `today`: the deadline in force has passed and the status is not done.
    pub fn is_overdue(&self, status: Status, unit: Option<&str>, today: NaiveDate) -> bool {
        status != Status::Done && self.due_for(unit).is_some_and(|d| d.is_overdue(today))
    }
}

/// When a standing duty (长期坚持) has gone quiet.
#[derive(Debug, Clone, Copy)]
pub struct Staleness {
    /// Days without an entry after which it is stale.
    pub days: i64,
    /// When the clock starts for a unit that never recorded anything: the
    /// notice's date.
    pub since: Option<NaiveDate>,
}

impl Staleness {
    /// Whether an ongoing leaf whose latest entry is `last` is stale on `today`.
    pub fn is_stale(&self, due: Option<Due>, last: Option<NaiveDate>, today: NaiveDate) -> bool {
        due == Some(Due::Ongoing) && last.or(self.since).is_none_or(|d| (today - d).num_days() > self.days)
    }
}

/// Rolls up a leaf's status. Each assigned name counts once: its own entry,
/// or for a collective the roll-up of all its members (a member without an
/// entry is todo).
pub fn roll_up(assigned: &[(Named, Role)], progress: &[Entry], registry: &Registry) -> Status {
    if assigned.is_empty() {
        return Status::roll_up(progress.iter().map(|e| e.status));
    }
    let own = |unit: &str| progress.iter().find(|e| e.unit.canonical == unit).map(|e| e.status);
    Status::roll_up(assigned.iter().map(|(named, _)| {
        let name = named.canonical.as_str();
        if let Some(status) = own(name) {
            return status;
        }
        match registry.members(name) {
            Some(members) if !members.is_empty() => {
                Status::roll_up(members.iter().map(|m| own(m).unwrap_or(Status::Todo)))
            }
            _ => Status::Todo,
        }
    }))
}
