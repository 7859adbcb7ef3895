//! Validation of a loaded checklist: every problem becomes a diagnostic,
//! and what is valid becomes the ledger the other commands read.

use crate::diagnostic::Diagnostic;
use crate::due::{Due, parse_date};
use crate::ledger::{self, Duty, Entry, Group, Leaf, Ledger, Named, Role};
use crate::model::{Extension, GroupFile, Located, Measure, Progress};
use crate::registry::Registry;
use crate::status::{Status, spellings};
use crate::store::{CONFIG_FILE, Checklist, SourceFile, UNITS_FILE};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Checks everything; the ledger holds every leaf that could be read.
pub fn check(checklist: &Checklist) -> (Ledger, Vec<Diagnostic>) {
    let mut checker = Checker {
        registry: &checklist.registry,
        registry_read: checklist.registry_read,
        require_evidence: checklist.config.settings.require_evidence,
        ledger: Ledger::default(),
        problems: checklist.problems.clone(),
        seen_ids: HashMap::new(),
        file: "",
    };
    for file in &checklist.files {
        if let Some(group) = &file.group {
            checker.file = &file.rel;
            checker.group(file, group);
        }
    }
    let mut problems = checker.problems;
    // Settings and registry first (they explain the rest), then files in name order.
    let rank = |path: &str| [CONFIG_FILE, UNITS_FILE].iter().position(|p| *p == path).unwrap_or(2);
    problems
        .sort_by(|a, b| (rank(&a.path), &a.path, a.line, a.column).cmp(&(rank(&b.path), &b.path, b.line, b.column)));
    (checker.ledger, problems)
}

struct Checker<'a> {
    registry: &'a Registry,
    registry_read: bool,
    require_evidence: bool,
    ledger: Ledger,
    problems: Vec<Diagnostic>,
    /// ID → file and line that first used it.
    seen_ids: HashMap<String, (String, u64)>,
    file: &'a str,
}

impl<'a> Checker<'a> {
    fn error<T>(&mut self, at: &Located<T>, message: String, hint: Option<String>) {
        let (line, column) = (u64::from(at.line), u64::from(at.column));
        self.problems.push(Diagnostic::error(self.file, line, column, message).maybe_hint(hint));
    }

    fn group(&mut self, file: &'a SourceFile, group: &GroupFile) {
        let id = &group.group;
        let stem = file.rel.rsplit('/').next().unwrap_or("").split('.').next().unwrap_or("");
        let problems_before = self.problems.len();
        if !is_number(&id.value) {
            self.error(
                id,
                format!("group `{}` is not a number", id.value),
                Some("write the group number in quotes: group: \"17\"".into()),
            );
        } else if stem.parse::<u32>().ok() != id.value.parse::<u32>().ok() {
            self.error(
                id,
                format!("file {} holds group {}", file.rel, id.value),
                Some(format!("name the file {:02}.yaml, or correct `group:`", id.value.parse::<u32>().unwrap_or(0))),
            );
        }
        // A wrong group number is one mistake: its measures are not blamed for it.
        let parent = (self.problems.len() == problems_before).then_some(id.value.as_str());
        self.claim_id(id);
        let index = self.ledger.groups.len();
        let duties = group.duties.iter().map(|d| self.duty(d)).collect();
        self.ledger.groups.push(Group {
            id: id.value.clone(),
            title: group.title.clone(),
            target: group.target.clone(),
            duties,
            file: file.rel.clone(),
        });
        for measure in &group.measures {
            self.measure(index, parent, &mut Vec::new(), measure);
        }
    }

    fn duty(&mut self, duty: &crate::model::Duty) -> Duty {
        let units = duty.units.iter().filter_map(|u| self.unit(u)).collect();
        Duty { units, label: duty.label.clone(), text: duty.text.clone() }
    }

    /// Records an ID, reporting a second use.
    fn claim_id(&mut self, id: &Located<String>) {
        if let Some((file, line)) = self.seen_ids.get(&id.value) {
            let hint = format!("IDs follow the document numbering; the first `{}` is at {file}:{line}", id.value);
            self.error(id, format!("duplicate ID `{}`", id.value), Some(hint));
        } else {
            self.seen_ids.insert(id.value.clone(), (self.file.to_string(), u64::from(id.line)));
        }
    }

    /// Checks a measure and, for a leaf, adds it to the ledger. `parent` is
    /// the ID its own must extend (unknown when the group number is wrong).
    fn measure(&mut self, group: usize, parent: Option<&str>, context: &mut Vec<String>, m: &Measure) {
        let id = &m.id;
        let well_formed = id.value.split('.').all(is_number) && id.value.contains('.');
        if !well_formed {
            self.error(
                id,
                format!("malformed ID `{}`", id.value),
                Some("an ID is dotted numbers in quotes, like \"17.1.2\"".into()),
            );
        } else if let Some(parent) = parent
            && id.value.rsplit_once('.').map(|(head, _)| head) != Some(parent)
        {
            self.error(
                id,
                format!("ID `{}` does not belong under `{parent}`", id.value),
                Some(format!("IDs here start with `{parent}.`")),
            );
        }
        self.claim_id(id);
        if !m.is_leaf() {
            if !m.units.is_empty() || m.due.is_some() || !m.progress.is_empty() {
                self.error(
                    id,
                    format!("measure {} has sub-items, so its units, deadline and progress belong to them", id.value),
                    Some("move them to the sub-items under `items`".into()),
                );
            }
            context.push(m.text.clone());
            for item in &m.items {
                self.measure(group, Some(&id.value), context, item);
            }
            context.pop();
            return;
        }
        let mut assigned = Vec::new();
        for (list, first_role) in [(&m.units, Role::Lead), (&m.scope, Role::Scope)] {
            for (i, unit) in list.iter().enumerate() {
                let role = if first_role == Role::Lead && i > 0 { Role::Co } else { first_role };
                if let Some(named) = self.unit(unit) {
                    assigned.push((named, role));
                }
            }
        }
        let due = self.due(m);
        let extensions = m.extensions.iter().filter_map(|e| self.extension(&id.value, &assigned, e)).collect();
        let progress: Vec<Entry> = m.progress.iter().filter_map(|p| self.progress(&id.value, &assigned, p)).collect();
        self.duplicate_entries(&m.progress);
        let status = ledger::roll_up(&assigned, &progress, self.registry);
        self.ledger.leaves.push(Leaf {
            id: id.value.clone(),
            group,
            context: context.iter().filter(|t| !t.is_empty()).cloned().collect(),
            text: m.text.clone(),
            assignment: m.assignment.clone(),
            assigned,
            due,
            due_text: m.due_text.as_ref().map(|d| d.value.clone()),
            extensions,
            progress,
            status,
            file: self.file.to_string(),
            line: u64::from(id.line),
        });
    }

    /// Resolves a unit name through the registry. Without a readable
    /// registry (already reported) names are taken as written.
    fn unit(&mut self, unit: &Located<String>) -> Option<Named> {
        if !self.registry_read {
            return Some(Named { written: unit.value.clone(), canonical: unit.value.clone() });
        }
        let Some(canonical) = self.registry.resolve(&unit.value) else {
            let hint = match self.registry.suggest(&unit.value) {
                Some(s) => format!("did you mean `{s}`? Otherwise add it to tasks/units.toml"),
                None => "add it to tasks/units.toml (as a unit, or as an alias of one)".into(),
            };
            self.error(unit, format!("unknown unit `{}`", unit.value), Some(hint));
            return None;
        };
        Some(Named { written: unit.value.clone(), canonical: canonical.to_string() })
    }

    fn due(&mut self, m: &Measure) -> Option<Due> {
        let due = match &m.due {
            Some(key) => match Due::from_key(&key.value) {
                Some(due) => Some(due),
                None => {
                    let hint = "write \"YYYY-MM\" (end of that month), \"YYYY-MM-DD\" or \"ongoing\"";
                    self.error(key, format!("invalid deadline `{}`", key.value), Some(hint.into()));
                    None
                }
            },
            None => None,
        };
        if let Some(at) = &m.due_text {
            let text = &at.value;
            let worded = Due::from_wording(text);
            match (worded, due, &m.due) {
                (None, _, _) => self.error(
                    at,
                    format!("invalid deadline `{text}` in due_text"),
                    Some("the document's wording: 2021年12月, 2021年6月30日, 长期 or 长期坚持".into()),
                ),
                (Some(w), _, None) => {
                    self.error(at, format!("due_text `{text}` has no due"), Some(format!("add due: \"{}\"", w.key())))
                }
                (Some(w), Some(d), _) if w != d => self.error(
                    at,
                    format!("due `{}` does not match due_text `{text}`", d.key()),
                    Some(format!("the wording means \"{}\"", w.key())),
                ),
                _ => {}
            }
        }
        due
    }

    fn progress(&mut self, leaf: &str, assigned: &[(Named, Role)], p: &Progress) -> Option<Entry> {
        let unit = self.unit(&p.unit)?;
        if !self.responsible(assigned, &unit) {
            let names: Vec<&str> = assigned.iter().map(|(a, _)| a.written.as_str()).collect();
            self.error(
                &p.unit,
                format!("`{}` is not assigned to {leaf}", p.unit.value),
                Some(format!("{leaf} is assigned to {}", names.join("、"))),
            );
        }
        let status = Status::parse(&p.status.value);
        if status.is_none() {
            self.error(
                &p.status,
                format!("unknown status `{}`", p.status.value),
                Some(format!("use one of {}", spellings())),
            );
        }
        let date = p.date.as_ref().and_then(|d| self.date(d));
        if status == Some(Status::Done) {
            if p.date.is_none() {
                self.error(
                    &p.status,
                    format!("{leaf}: `{}` is done without a date", p.unit.value),
                    Some("add date: \"YYYY-MM-DD\", the day it was completed".into()),
                );
            }
            if self.require_evidence && p.evidence.is_empty() {
                self.error(
                    &p.status,
                    format!("{leaf}: `{}` is done without evidence", p.unit.value),
                    Some("this checklist requires evidence: add evidence: [\"文号 or link\"]".into()),
                );
            }
        }
        Some(Entry { unit, status: status?, date, note: p.note.clone(), evidence: p.evidence.clone() })
    }

    fn extension(&mut self, leaf: &str, assigned: &[(Named, Role)], e: &Extension) -> Option<ledger::Extension> {
        let unit = match &e.unit {
            Some(u) => {
                let named = self.unit(u)?;
                if !self.responsible(assigned, &named) {
                    self.error(u, format!("`{}` is not assigned to {leaf}", u.value), None);
                }
                Some(named)
            }
            None => None,
        };
        let to = Due::from_key(&e.to.value).filter(|d| *d != Due::Ongoing);
        if to.is_none() {
            let hint = "write the new deadline as \"YYYY-MM\" or \"YYYY-MM-DD\"";
            self.error(&e.to, format!("invalid extended deadline `{}`", e.to.value), Some(hint.into()));
        }
        if e.reason.trim().is_empty() {
            self.error(
                &e.to,
                format!("the extension of {leaf} to {} gives no reason", e.to.value),
                Some("add reason: \"…\"".into()),
            );
        }
        let date = e.date.as_ref().and_then(|d| self.date(d));
        Some(ledger::Extension { unit, to: to?, reason: e.reason.clone(), approval: e.approval.clone(), date })
    }

    /// Whether a unit is among a leaf's assigned units (or their members).
    fn responsible(&self, assigned: &[(Named, Role)], unit: &Named) -> bool {
        assigned.is_empty()
            || assigned
                .iter()
                .any(|(a, _)| a.canonical == unit.canonical || self.registry.contains(&a.canonical, &unit.canonical))
    }

    fn date(&mut self, d: &Located<String>) -> Option<NaiveDate> {
        let parsed = parse_date(&d.value).filter(|_| d.value.len() == 10);
        if parsed.is_none() {
            self.error(d, format!("invalid date `{}`", d.value), Some("write the date as \"YYYY-MM-DD\"".into()));
        }
        parsed
    }

    fn duplicate_entries(&mut self, progress: &[Progress]) {
        let mut seen: HashMap<String, u64> = HashMap::new();
        for p in progress {
            let key = self.registry.resolve(&p.unit.value).unwrap_or(&p.unit.value).to_string();
            if let Some(line) = seen.get(&key) {
                let hint = format!("each unit has one entry per leaf; the first is on line {line}");
                self.error(&p.unit, format!("second progress entry for `{}`", p.unit.value), Some(hint));
            } else {
                seen.insert(key, u64::from(p.unit.line));
            }
        }
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0')
}
