//! Checking a returned form row by row before anything is written: every
//! problem is found and named with its file, sheet and row, and each valid
//! row becomes the change it asks for — or none, when the ledger already
//! holds it (so collecting a form twice changes nothing the second time).

use super::cells::{self, Value};
use super::outcome::{Change, Kind, Outcome, Place, Problem, State, What};
use super::read::{Form, Returned};
use super::{Column, LOCKED, MadeRow};
use crate::i18n::Lang;
use crate::model::due::Due;
use crate::model::ledger::{Leaf, Ledger};
use crate::model::obligation::{NotExtendable, extends};
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::tr;
use chrono::NaiveDate;

/// What the checks need to know.
pub struct Checks<'a> {
    /// The checklist's title, which a form records.
    pub checklist: &'a str,
    pub ledger: &'a Ledger,
    pub registry: &'a Registry,
    /// A done entry must name its evidence (the checklist's setting).
    pub require_evidence: bool,
    pub today: NaiveDate,
    /// `--theirs`: a conflicting row is applied, the form's values winning.
    pub theirs: bool,
    pub lang: Lang,
}

/// Checks a form read from `file` (or the error reading it), adding its
/// changes and problems to `outcome`.
pub fn form(file: &str, form: Result<&Form, &anyhow::Error>, checks: &Checks, outcome: &mut Outcome) {
    let place = Place { file: file.to_string(), sheet: None, row: None };
    let form = match form {
        Ok(form) => form,
        Err(e) => {
            let message = format!("{e:#}");
            outcome.problems.push(Problem { place, unit: None, kind: Kind::Unreadable, message });
            return;
        }
    };
    if form.made.checklist != checks.checklist {
        let message = tr!(
            "此表是为另一份台账制作的: `{}`",
            "the form was made for another checklist: `{}`",
            crate::report::render::value(&form.made.checklist, "")
        );
        outcome.problems.push(Problem { place, unit: None, kind: Kind::OtherChecklist, message });
        return;
    }
    let Some(unit) = checks.registry.resolve(&form.made.unit) else {
        let message = tr!(
            "填报表的单位 `{}` 不在单位名册中",
            "the form's unit, `{}`, is not in the registry",
            crate::report::render::value(&form.made.unit, "")
        );
        outcome.problems.push(Problem { place, unit: None, kind: Kind::UnknownUnit, message });
        return;
    };
    let mut seen: Vec<(String, u32)> = Vec::new();
    for returned in &form.rows {
        let place = Place { file: file.to_string(), sheet: Some(form.sheet.clone()), row: Some(returned.row) };
        let mut row = Row { place, unit, checks, problems: Vec::new() };
        let id = returned.cells[Column::Id.index()].text().trim().to_string();
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            row.problem(
                Kind::Duplicate,
                tr!("编号 `{}` 重复(第 {first} 行已有)", "ID `{}` appears twice (also on row {first})", shown(&id)),
            );
        } else if let Some(leaf) = row.leaf(&id) {
            let made = form.made.rows.iter().find(|r| r.id == id);
            row.check(leaf, made, returned, outcome);
        }
        seen.push((id, returned.row));
        outcome.problems.extend(row.problems);
    }
}

/// A value from a form, safe to quote in a message.
fn shown(text: &str) -> String {
    crate::report::render::value(&crate::report::render::excerpt(text, 40), "")
}

/// One row being checked.
struct Row<'a> {
    place: Place,
    unit: &'a str,
    checks: &'a Checks<'a>,
    problems: Vec<Problem>,
}

impl<'a> Row<'a> {
    fn problem(&mut self, kind: Kind, message: String) {
        self.problems.push(Problem { place: self.place.clone(), unit: Some(self.unit.to_string()), kind, message });
    }

    /// The leaf the row is about, when it is one of the unit's.
    fn leaf(&mut self, id: &str) -> Option<&'a Leaf> {
        let Some(leaf) = self.checks.ledger.leaves.iter().find(|l| l.id == id) else {
            self.problem(Kind::UnknownId, tr!("未知编号 `{}`", "unknown ID `{}`", shown(id)));
            return None;
        };
        if !leaf.obligations.iter().any(|o| *o.unit == *self.unit) {
            let unit = shown(self.unit);
            self.problem(Kind::OtherUnit, tr!("{id} 不是 {unit} 承担的措施", "{id} is not a measure of {unit}"));
            return None;
        }
        Some(leaf)
    }

    /// Checks a row of one of the unit's leaves; adds its changes.
    fn check(&mut self, leaf: &Leaf, made: Option<&MadeRow>, returned: &Returned, outcome: &mut Outcome) {
        let Some(made) = made else {
            self.problem(
                Kind::NotInForm,
                tr!("{} 不在制作时的填报表中", "{} was not in the form as it was made", leaf.id),
            );
            return;
        };
        let lang = self.checks.lang;
        for (i, column) in LOCKED.iter().enumerate() {
            let found = returned.cells[column.index()].text();
            if found.trim() != made.shown[i].trim() {
                self.problem(
                    Kind::LockedCell,
                    tr!(
                        "锁定的单元格“{}”被修改: 原为 `{}`,现为 `{}`",
                        "the locked cell \"{}\" was changed: it was `{}`, it is `{}`",
                        column.header(lang),
                        shown(&made.shown[i]),
                        shown(&found)
                    ),
                );
            }
        }
        let cell = |column: Column| &returned.cells[column.index()];
        let status = cell(Column::Status).given().and_then(|text| {
            let parsed = cells::status(&text);
            if parsed.is_none() {
                self.problem(
                    Kind::InvalidStatus,
                    tr!(
                        "无效状态 `{}`\nhint: {}",
                        "invalid status `{}`\nhint: {}",
                        shown(&text),
                        crate::model::status::hint(&text)
                    ),
                );
            }
            parsed
        });
        let date = if cell(Column::Date).is_empty() { None } else { self.date(cell(Column::Date)) };
        let note = cell(Column::Note).given();
        let evidence = cell(Column::Evidence).given().map(|e| cells::evidence(&e)).unwrap_or_default();
        let extension = self.extension(leaf, made, cell(Column::ExtendTo), cell(Column::Reason));
        let progress = self.progress(leaf, made, status, date, note, evidence);
        if self.has_errors() {
            return;
        }
        outcome.changes.extend(progress.into_iter().chain(extension.flatten()));
    }

    fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// The day in the date cell, or a problem.
    fn date(&mut self, value: &Value) -> Option<NaiveDate> {
        let Some(date) = cells::date(value) else {
            self.problem(
                Kind::InvalidDate,
                tr!(
                    "无效日期 `{}`\nhint: 年份写四位数: {}",
                    "invalid date `{}`\nhint: write the year with four digits: {}",
                    shown(&value.text()),
                    crate::model::due::date_forms()
                ),
            );
            return None;
        };
        if date > self.checks.today {
            self.problem(
                Kind::InvalidDate,
                tr!("完成日期 {date} 晚于今天({})", "the date {date} is after today ({})", self.checks.today),
            );
            return None;
        }
        Some(date)
    }

    /// The progress change the row asks for: none when it leaves the entry
    /// as the form showed it, or when the ledger already holds it.
    fn progress(
        &mut self,
        leaf: &Leaf,
        made: &MadeRow,
        status: Option<Status>,
        date: Option<NaiveDate>,
        note: Option<String>,
        evidence: Vec<String>,
    ) -> Option<Change> {
        let was = State::made(made);
        let shown_status = was.as_ref().map_or(Status::Todo, |s| s.status);
        let status_changed = status.is_some_and(|s| s != shown_status);
        let note_changed = note.is_some() && note != made.note;
        let added: Vec<String> = evidence.iter().filter(|e| !made.evidence.contains(e)).cloned().collect();
        if !(status_changed || note_changed || date.is_some() || !added.is_empty()) {
            return None;
        }
        let current = State::of(leaf.entry(self.unit));
        let status = status.unwrap_or(current.as_ref().map_or(Status::Todo, |c| c.status));
        // Without a date of its own, an unchanged status keeps its date; a
        // new one is dated today, except done, whose day must be given.
        let kept = current.as_ref().filter(|c| c.status == status).and_then(|c| c.date);
        let date = match date.or(kept) {
            Some(date) => date,
            None if status == Status::Done => {
                let done = self.checks.lang.status(Status::Done);
                self.problem(Kind::DoneWithoutDate, tr!("“{done}”须填写完成日期", "\"{done}\" needs its date"));
                return None;
            }
            None => self.checks.today,
        };
        let mut all_evidence = current.as_ref().map(|c| c.evidence.clone()).unwrap_or_default();
        all_evidence = crate::store::record::merge_evidence(&all_evidence, &evidence);
        if status == Status::Done && self.checks.require_evidence && !crate::model::has_evidence(&all_evidence) {
            let done = self.checks.lang.status(Status::Done);
            self.problem(
                Kind::DoneWithoutEvidence,
                tr!(
                    "“{done}”须填写佐证材料(本台账要求佐证)",
                    "\"{done}\" needs its evidence (this checklist requires it)"
                ),
            );
            return None;
        }
        let new = State {
            status,
            date: Some(date),
            note: note.or_else(|| current.as_ref().and_then(|c| c.note.clone())),
            evidence: all_evidence,
        };
        if current.as_ref() == Some(&new) {
            return None;
        }
        let added: Vec<String> =
            evidence.into_iter().filter(|e| !current.as_ref().is_some_and(|c| c.evidence.contains(e))).collect();
        let overrides = if current != was {
            let lang = self.checks.lang;
            let (ledger, form) = (State::describe(current.as_ref(), lang), State::describe(Some(&new), lang));
            let ledger = match current.as_ref().and_then(|c| c.note.as_deref()) {
                Some(n) if Some(n) != new.note.as_deref() => format!("{ledger}, {}", shown(n)),
                _ => ledger,
            };
            if !self.checks.theirs {
                self.problem(
                    Kind::Conflict,
                    tr!(
                        "冲突: 制表后台账已改为 `{ledger}`,表单改为 `{form}`;此行未应用\nhint: 核实后可用 --theirs 以表单为准",
                        "conflict: the ledger changed to `{ledger}` after the form was made, and the form changes it to `{form}`; this row is not applied\nhint: once checked, --theirs applies the form's values",
                    ),
                );
                return None;
            }
            Some(ledger)
        } else {
            None
        };
        Some(Change {
            place: self.place.clone(),
            id: leaf.id.clone(),
            unit: self.unit.to_string(),
            what: What::Progress { old: current, new, added_evidence: added },
            overrides,
        })
    }

    /// The extension the row asks for, checked: none when it asks for none
    /// or the deadline in force already reaches that far. `Some(None)` when
    /// there is nothing to apply; `None` after a problem.
    fn extension(&mut self, leaf: &Leaf, made: &MadeRow, to: &Value, reason: &Value) -> Option<Option<Change>> {
        let lang = self.checks.lang;
        let (to_header, reason_header) = (Column::ExtendTo.header(lang), Column::Reason.header(lang));
        let reason = reason.given();
        if to.is_empty() {
            if reason.is_some() {
                self.problem(
                    Kind::InvalidDeadline,
                    tr!(
                        "填写了“{reason_header}”,但没有填写“{to_header}”",
                        "\"{reason_header}\" is filled in, but \"{to_header}\" is not"
                    ),
                );
                return None;
            }
            return Some(None);
        }
        let Some(new) = cells::deadline(to) else {
            self.problem(
                Kind::InvalidDeadline,
                tr!(
                    "“{to_header}” `{}` 不是有效的完成时限\nhint: 月份 {}(即该月月底),或日期 {}",
                    "\"{to_header}\" `{}` is not a deadline\nhint: a month, {} (the end of that month), or a day, {}",
                    shown(&to.text()),
                    crate::model::due::month_forms(),
                    crate::model::due::date_forms()
                ),
            );
            return None;
        };
        let Some(reason) = reason else {
            self.problem(
                Kind::MissingReason,
                tr!("申请延期须填写“{reason_header}”", "an extension needs its \"{reason_header}\""),
            );
            return None;
        };
        // Whether the deadline in force moved after the form was made.
        let moved = |current: Due| made.due.as_deref() != Some(current.key().as_str());
        let (current, changed_since) = match extends(leaf.due_for(self.unit), new) {
            Ok(current) => (current, moved(current)),
            Err(NotExtendable::Undated) => {
                self.problem(Kind::NoDeadline, tr!("{} 没有可延期的完成时限", "{} has no deadline to extend", leaf.id));
                return None;
            }
            // Already extended this far since the form was made (by this
            // form collected before, or otherwise).
            Err(NotExtendable::NotLater(current)) if moved(current) => {
                return Some(None);
            }
            Err(NotExtendable::NotLater(current)) => {
                self.problem(
                    Kind::NotLater,
                    tr!(
                        "“{to_header}” {} 不晚于现行完成时限 {}",
                        "\"{to_header}\" {} is not later than the deadline in force, {}",
                        new.key(),
                        current.key()
                    ),
                );
                return None;
            }
        };
        let overrides = if changed_since {
            let was = made.due.clone().unwrap_or_else(|| "-".into());
            if !self.checks.theirs {
                self.problem(
                    Kind::Conflict,
                    tr!(
                        "冲突: 制表后完成时限已由 {was} 改为 {},表单申请延期至 {};此行未应用\nhint: 核实后可用 --theirs 以表单为准",
                        "conflict: the deadline moved from {was} to {} after the form was made, and the form asks for {}; this row is not applied\nhint: once checked, --theirs applies the form's values",
                        current.key(),
                        new.key()
                    ),
                );
                return None;
            }
            Some(current.key())
        } else {
            None
        };
        Some(Some(Change {
            place: self.place.clone(),
            id: leaf.id.clone(),
            unit: self.unit.to_string(),
            what: What::Extension { from: current, to: new, reason },
            overrides,
        }))
    }
}

/// A row of one form that asks for what a row of another already asked
/// for (the same leaf, unit and kind of change) is a problem: the two
/// would overwrite each other.
pub fn refuse_twice(outcome: &mut Outcome) {
    let mut kept: Vec<Change> = Vec::new();
    for change in std::mem::take(&mut outcome.changes) {
        let same = |c: &&Change| {
            c.id == change.id
                && c.unit == change.unit
                && matches!(
                    (&c.what, &change.what),
                    (What::Progress { .. }, What::Progress { .. }) | (What::Extension { .. }, What::Extension { .. })
                )
        };
        if let Some(first) = kept.iter().find(same) {
            let message = tr!(
                "{} {} 已在 {} 中填报",
                "{} {} is already reported in {}",
                change.id,
                change.unit,
                first.place.describe()
            );
            let unit = Some(change.unit.clone());
            outcome.problems.push(Problem { place: change.place, unit, kind: Kind::Duplicate, message });
        } else {
            kept.push(change);
        }
    }
    outcome.changes = kept;
}
