//! The stable JSON form of a leaf (`list --format json`, `show --format
//! json`; see README): the notice's text, the leaf's rolled-up status and
//! every (leaf, unit) obligation with its deadline in force and lateness.

use crate::model::due::{Due, IsoDate};
use crate::model::ledger::{Ledger, Role};
use crate::model::obligation::Staleness;
use crate::model::status::Status;
use crate::report::filter::Selected;
use chrono::NaiveDate;
use serde::Serialize;

/// One leaf.
#[derive(Serialize)]
pub struct LeafJson<'a> {
    id: &'a str,
    group: &'a str,
    text: &'a str,
    context: &'a [String],
    /// The assignment as the notice wrote it.
    assignment: Option<&'a str>,
    /// Canonical names, lead first.
    /// The lead units (牵头): possibly several, or none.
    lead: Vec<&'a str>,
    units: Vec<&'a str>,
    scope: Vec<&'a str>,
    /// The leaders named (people).
    persons: &'a [String],
    due: Option<Due>,
    due_text: Option<&'a str>,
    /// The deadline in force for the whole leaf, when an extension moved it.
    extended_due: Option<Due>,
    extensions: Vec<ExtensionJson<'a>>,
    status: Status,
    overdue: bool,
    obligations: Vec<ObligationJson<'a>>,
    progress: Vec<EntryJson<'a>>,
    file: &'a str,
    line: u64,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<MatchJson<'a>>,
}

#[derive(Serialize)]
struct ExtensionJson<'a> {
    unit: Option<&'a str>,
    to: Due,
    reason: &'a str,
    approval: Option<&'a str>,
    date: Option<IsoDate>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    unit: &'a str,
    status: Status,
    date: Option<IsoDate>,
    note: Option<&'a str>,
    evidence: &'a [String],
}

/// One (leaf, unit) pair.
#[derive(Serialize)]
struct ObligationJson<'a> {
    unit: &'a str,
    role: Role,
    via: Option<&'a str>,
    recorded_for: Option<&'a str>,
    /// The deadline in force for this unit.
    due: Option<Due>,
    status: Status,
    date: Option<IsoDate>,
    overdue: bool,
    days_late: Option<i64>,
    stale: bool,
}

/// How the unit asked about stands, with `--unit`.
#[derive(Serialize)]
struct MatchJson<'a> {
    role: Role,
    via: Option<&'a str>,
    recorded_for: Option<&'a str>,
    status: Status,
    overdue: bool,
    due: Option<Due>,
}

/// A selected leaf as JSON, lateness as of `today`.
pub fn leaf_json<'a>(s: &Selected<'a>, ledger: &'a Ledger, today: NaiveDate, staleness: Staleness) -> LeafJson<'a> {
    let leaf = s.leaf;
    LeafJson {
        id: &leaf.id,
        group: &ledger.groups[leaf.group].id,
        text: &leaf.text,
        context: &leaf.context,
        assignment: leaf.assignment.as_deref(),
        lead: leaf.lead(),
        units: leaf.units(),
        scope: leaf.scope(),
        persons: &leaf.persons,
        due: leaf.due,
        due_text: leaf.due_text.as_deref(),
        extended_due: leaf.due_in_force.filter(|d| Some(*d) != leaf.due),
        extensions: leaf
            .extensions
            .iter()
            .map(|e| ExtensionJson {
                unit: e.unit.as_ref().map(|u| &*u.canonical),
                to: e.to,
                reason: &e.reason,
                approval: e.approval.as_deref(),
                date: e.date.map(IsoDate),
            })
            .collect(),
        status: leaf.status,
        overdue: leaf.is_overdue(today),
        obligations: leaf
            .obligations
            .iter()
            .map(|o| (o, o.days_late(today)))
            .map(|(o, days_late)| ObligationJson {
                unit: &o.unit,
                role: o.role,
                via: o.via.as_deref(),
                recorded_for: o.recorded_for.as_deref(),
                due: o.due,
                status: o.status,
                date: o.last.map(IsoDate),
                overdue: days_late.is_some(),
                days_late,
                stale: o.is_stale(today, staleness),
            })
            .collect(),
        progress: leaf
            .progress
            .iter()
            .map(|e| EntryJson {
                unit: &e.unit.canonical,
                status: e.status,
                date: e.date.map(IsoDate),
                note: e.note.as_deref(),
                evidence: &e.evidence,
            })
            .collect(),
        file: &leaf.file,
        line: leaf.line,
        matched: s.matched.as_ref().map(|m| MatchJson {
            role: m.role,
            via: m.via,
            recorded_for: m.recorded_for,
            status: s.status,
            overdue: s.overdue,
            due: s.due,
        }),
    }
}

/// Selected leaves as a JSON array, each made as it is written: a long
/// list is never held whole in memory.
pub struct LeavesJson<'s, 'a> {
    pub selected: &'s [Selected<'a>],
    pub ledger: &'a Ledger,
    pub today: NaiveDate,
    pub staleness: Staleness,
}

impl Serialize for LeavesJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.selected.iter().map(|s| leaf_json(s, self.ledger, self.today, self.staleness)))
    }
}
