//! What collecting forms finds: the changes they ask for, each with its
//! place, and the problems, each with its kind for scripts.

use super::MadeRow;
use crate::i18n::Lang;
use crate::model::due::Due;
use crate::model::ledger::Entry;
use crate::model::status::Status;
use crate::tr;
use chrono::NaiveDate;
use serde::Serialize;

/// Where a problem or a change is.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub file: String,
    pub sheet: Option<String>,
    /// The row number as the spreadsheet shows it.
    pub row: Option<u32>,
}

impl Place {
    /// `file: sheet 第 n 行` / `file: sheet row n`.
    pub fn describe(&self) -> String {
        match (&self.sheet, self.row) {
            (Some(sheet), Some(row)) => tr!("{}: {sheet} 第 {row} 行", "{}: {sheet} row {row}", self.file),
            (Some(sheet), None) => format!("{}: {sheet}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// The kinds of problem, for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Unreadable,
    OtherChecklist,
    UnknownUnit,
    UnknownId,
    OtherUnit,
    NotInForm,
    Duplicate,
    LockedCell,
    InvalidStatus,
    InvalidDate,
    DoneWithoutDate,
    DoneWithoutEvidence,
    InvalidDeadline,
    MissingReason,
    NoDeadline,
    NotLater,
    Conflict,
}

/// A problem with a form or one of its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(flatten)]
    pub place: Place,
    /// The form's unit, when it could be read.
    pub unit: Option<String>,
    pub kind: Kind,
    pub message: String,
}

impl Problem {
    /// Whether the problem stops the form (a conflict only holds back its row).
    pub fn is_error(&self) -> bool {
        self.kind != Kind::Conflict
    }
}

/// A unit's progress entry as it stands or would stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct State {
    pub status: Status,
    pub date: Option<NaiveDate>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

impl State {
    /// The state of a recorded entry.
    pub fn of(entry: Option<&Entry>) -> Option<State> {
        entry.map(|e| State { status: e.status, date: e.date, note: e.note.clone(), evidence: e.evidence.clone() })
    }

    /// The state of the entry a form was made from.
    pub fn made(row: &MadeRow) -> Option<State> {
        Some(State {
            status: row.status?,
            date: row.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            note: row.note.clone(),
            evidence: row.evidence.clone(),
        })
    }

    /// `推进中 2021-03-01` / `doing 2021-03-01`; `未开始` without an entry.
    pub fn describe(state: Option<&State>, lang: Lang) -> String {
        match state {
            Some(State { status, date: Some(date), .. }) => format!("{} {date}", lang.status(*status)),
            Some(state) => lang.status(state.status).to_string(),
            None => lang.status(Status::Todo).to_string(),
        }
    }
}

/// What a row changes.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum What {
    Progress {
        old: Option<State>,
        new: State,
        /// The evidence the form adds.
        added_evidence: Vec<String>,
    },
    Extension {
        from: Due,
        to: Due,
        reason: String,
    },
}

/// A change a form asks for.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    #[serde(flatten)]
    pub place: Place,
    pub id: String,
    pub unit: String,
    #[serde(flatten)]
    pub what: What,
    /// With `--theirs`: what the ledger held that the form overrides.
    pub overrides: Option<String>,
}

/// What the forms ask for and what is wrong with them.
#[derive(Debug, Default)]
pub struct Outcome {
    pub changes: Vec<Change>,
    pub problems: Vec<Problem>,
}
