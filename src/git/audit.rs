//! The audit trail: what changed in a group file between two versions, as
//! a comparison of states keyed by (leaf, aspect, unit). Pure: contents in,
//! changes out; git supplies the versions.
//!
//! Comparing parsed contents, not diff lines or commit messages, makes hand
//! edits and merges auditable too, and a merge is charged only with what
//! differs from every parent.

use crate::model::registry::Registry;
use crate::model::{Extension, GroupFile, Indicator, Located, Measure, Progress};
use crate::store::layout::number;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aspect {
    /// One unit's progress entry.
    Progress,
    /// The leaf's deadline extensions.
    Extensions,
    /// The leaf's own deadline (`due`, `due_text`).
    Deadline,
    /// Text from the notice: a measure's text, assignment or units, a
    /// group's title or target, a duty, an indicator's target.
    Text,
    /// One actual value of an indicator (per period and unit).
    Actual,
    /// A value in `taizhang.toml` or `tasks/units.toml` (see `settings_audit`).
    Config,
    /// A whole file added or removed.
    File,
}

/// Where a change happened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Key {
    /// The leaf or group ID, shared by the keys of one measure: a history
    /// builds these for every version of every file. The file's path for
    /// settings and whole files.
    pub id: Arc<str>,
    pub aspect: Aspect,
    /// The unit for progress entries (canonical name); the field name for
    /// text; the key for settings (`liaison a@b.org`, `unit 市司法局`).
    pub detail: Cow<'static, str>,
}

/// The state of one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum State {
    Progress(EntryState),
    Extensions(Vec<ExtensionState>),
    Deadline { due: Option<String>, due_text: Option<String> },
    Text(String),
    Actual(ActualState),
}

/// An indicator's actual value as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActualState {
    pub period: String,
    pub unit: Option<String>,
    /// As written: `92.5`.
    pub value: String,
    pub date: Option<String>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

/// A progress entry as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryState {
    pub unit: String,
    pub status: String,
    pub date: Option<String>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

/// An extension as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtensionState {
    pub unit: Option<String>,
    pub to: String,
    pub reason: String,
    pub approval: Option<String>,
    pub date: Option<String>,
    /// The unit that asked for it (a form's extension request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
}

/// How two versions of a leaf's extensions differ, one extension at a time:
/// (old, new) for an edited one, (old, None) for a removed one and (None,
/// new) for an added one. Extensions present in both stay out; the rest are
/// paired by unit in order, so that moving one in the list or removing one
/// in the middle does not read as every later one edited.
pub fn extension_changes<'a>(
    old: &'a [ExtensionState],
    new: &'a [ExtensionState],
) -> Vec<(Option<&'a ExtensionState>, Option<&'a ExtensionState>)> {
    let mut gone: Vec<&ExtensionState> = Vec::new();
    let mut kept: Vec<bool> = vec![false; new.len()];
    for o in old {
        match (0..new.len()).find(|&i| !kept[i] && new[i] == *o) {
            Some(i) => kept[i] = true,
            None => gone.push(o),
        }
    }
    let mut added: Vec<Option<&ExtensionState>> = new.iter().zip(&kept).map(|(n, kept)| (!kept).then_some(n)).collect();
    let mut pairs = Vec::new();
    for o in gone {
        let partner = added.iter_mut().find(|n| n.is_some_and(|n| n.unit == o.unit)).and_then(Option::take);
        pairs.push((Some(o), partner));
    }
    pairs.extend(added.into_iter().flatten().map(|n| (None, Some(n))));
    pairs
}

/// A change of one key: absent before (`old` is None), removed (`new` is
/// None) or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    #[serde(flatten)]
    pub key: Key,
    pub old: Option<State>,
    pub new: Option<State>,
}

/// Every key of a group file and its state.
pub type States = BTreeMap<Key, State>;

/// The states of a group file (taken apart, not copied: histories parse
/// thousands of versions). Unit names resolve through the registry so that
/// an alias is not mistaken for another unit.
pub fn states(group: GroupFile, registry: &Registry) -> States {
    let mut out = States::new();
    let id: Arc<str> = group.group.value.into();
    text(&mut out, &id, "title", group.title);
    text(&mut out, &id, "target", group.target);
    // Document order is part of the notice: moving, adding or dropping a
    // measure or indicator is an edit of the group even when no text changes.
    let mut order: Vec<&str> = group.indicators.iter().map(|i| i.id.value.as_str()).collect();
    measure_ids(&group.measures, &mut order);
    text(&mut out, &id, "order", order.join(" "));
    for (i, duty) in group.duties.into_iter().enumerate() {
        let units: Vec<String> = duty.units.into_iter().map(|u| u.value).collect();
        let label = duty.label.map(|l| format!("[{l}] ")).unwrap_or_default();
        let value = format!("{label}{}: {}", units.join("、"), duty.text);
        out.insert(key(&id, Aspect::Text, format!("duty {}", i + 1)), State::Text(value));
    }
    for indicator in group.indicators {
        indicator_states(&mut out, indicator, registry);
    }
    for measure in group.measures {
        measure_states(&mut out, measure, registry);
    }
    out
}

/// The states of one measure and its items, as `states` records them
/// within a group file.
pub fn measure_states_of(measure: Measure, registry: &Registry) -> States {
    let mut out = States::new();
    measure_states(&mut out, measure, registry);
    out
}

/// Measure IDs depth first, in file order.
pub fn measure_ids<'m>(measures: &'m [Measure], out: &mut Vec<&'m str>) {
    for m in measures {
        out.push(&m.id.value);
        measure_ids(&m.items, out);
    }
}

fn indicator_states(out: &mut States, i: Indicator, registry: &Registry) {
    let id: Arc<str> = i.id.value.into();
    let unit = i.unit.map(|u| u.value).unwrap_or_default();
    let period = i.period.map(|p| format!(" ({})", p.value)).unwrap_or_default();
    let target = format!("{} {} {}{unit}{period}", i.name, i.comparator.value, number(i.value.value));
    text(out, &id, "indicator", target);
    text(out, &id, "phrase", i.phrase);
    text(out, &id, "source", i.source);
    for a in i.actuals {
        let unit = a.unit.map(|u| registry.resolve(&u.value).unwrap_or(&u.value).to_string());
        let detail = match &unit {
            Some(u) => format!("{} {u}", a.period.value),
            None => a.period.value.clone(),
        };
        let state = ActualState {
            period: a.period.value,
            unit,
            value: number(a.value.value),
            date: a.date.map(|d| d.value),
            note: a.note,
            evidence: a.evidence,
        };
        out.insert(key(&id, Aspect::Actual, detail), State::Actual(state));
    }
}

fn measure_states(out: &mut States, m: Measure, registry: &Registry) {
    let id: Arc<str> = m.id.value.into();
    let leaf = m.items.is_empty();
    text(out, &id, "text", m.text);
    if let Some(assignment) = m.assignment {
        text(out, &id, "assignment", assignment);
    }
    if let Some(tail) = m.tail {
        text(out, &id, "tail", tail);
    }
    let names = |list: Vec<Located<String>>| list.into_iter().map(|u| u.value).collect::<Vec<_>>().join("、");
    if let Some(lead) = m.lead {
        text(out, &id, "lead", names(lead));
    }
    text(out, &id, "units", names(m.units.into_iter().chain(m.scope).collect()));
    if !m.support.is_empty() {
        text(out, &id, "support", names(m.support));
    }
    if !m.persons.is_empty() {
        text(out, &id, "persons", m.persons.join("、"));
    }
    for item in m.items {
        measure_states(out, item, registry);
    }
    if !leaf {
        return;
    }
    let deadline = State::Deadline { due: m.due.map(|d| d.value), due_text: m.due_text.map(|d| d.value) };
    out.insert(key(&id, Aspect::Deadline, ""), deadline);
    if !m.extensions.is_empty() {
        out.insert(
            key(&id, Aspect::Extensions, ""),
            State::Extensions(m.extensions.into_iter().map(extension).collect()),
        );
    }
    for p in m.progress {
        let unit = registry.resolve(&p.unit.value).unwrap_or(&p.unit.value).to_string();
        out.insert(key(&id, Aspect::Progress, unit), State::Progress(entry(p)));
    }
}

fn key(id: &Arc<str>, aspect: Aspect, detail: impl Into<Cow<'static, str>>) -> Key {
    Key { id: id.clone(), aspect, detail: detail.into() }
}

fn text(out: &mut States, id: &Arc<str>, field: &'static str, value: String) {
    out.insert(key(id, Aspect::Text, field), State::Text(value));
}

fn entry(p: Progress) -> EntryState {
    EntryState {
        unit: p.unit.value,
        status: p.status.value,
        date: p.date.map(|d| d.value),
        note: p.note,
        evidence: p.evidence,
    }
}

fn extension(e: Extension) -> ExtensionState {
    ExtensionState {
        unit: e.unit.map(|u| u.value),
        to: e.to.value,
        reason: e.reason,
        approval: e.approval,
        date: e.date.map(|d| d.value),
        requested_by: e.requested_by.map(|u| u.value),
    }
}

/// The changes from `old` (None: the file did not exist) to `new` (None:
/// deleted). A new file's notice text and deadlines are its creation, not
/// changes, so only its progress and extensions count.
pub fn diff(old: Option<&States>, new: Option<&States>) -> Vec<Change> {
    let empty = States::new();
    let created = old.is_none();
    let deleted = new.is_none();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let counts =
        |k: &Key| !((created || deleted) && matches!(k.aspect, Aspect::Text | Aspect::Deadline | Aspect::Config));
    // Both maps are sorted by key: walk them side by side.
    let mut changes = Vec::new();
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    loop {
        let (key, before, after) = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some((ka, _)), Some((kb, _))) if ka == kb => {
                let ((k, x), (_, y)) = (a.next().expect("peeked"), b.next().expect("peeked"));
                if x == y {
                    continue;
                }
                (k, Some(x), Some(y))
            }
            (Some((ka, _)), Some((kb, _))) if ka < kb => a.next().map(|(k, x)| (k, Some(x), None)).expect("peeked"),
            (Some(_), None) => a.next().map(|(k, x)| (k, Some(x), None)).expect("peeked"),
            _ => b.next().map(|(k, y)| (k, None, Some(y))).expect("peeked"),
        };
        if counts(key) {
            changes.push(Change { key: key.clone(), old: before.cloned(), new: after.cloned() });
        }
    }
    changes
}

/// The changes a merge made itself: keys whose state differs from every
/// parent's, compared with the first parent.
pub fn merge_diff(parents: &[Option<&States>], result: Option<&States>) -> Vec<Change> {
    let Some((first, others)) = parents.split_first() else { return diff(None, result) };
    let empty = States::new();
    diff(*first, result)
        .into_iter()
        .filter(|c| others.iter().all(|p| p.unwrap_or(&empty).get(&c.key) != c.new.as_ref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> States {
        states(crate::store::parse_group(text).unwrap(), &Registry::default())
    }

    const BASE: &str = "group: \"1\"\ntitle: \"t\"\nmeasures:\n  - id: \"1.1\"\n    text: \"a\"\n    units: [\"甲\"]\n    due: \"2020-12\"\n    progress: []\n";

    fn with(progress: &str) -> String {
        BASE.replace("    progress: []\n", progress)
    }

    #[test]
    fn a_status_change_is_one_change() {
        let old = parse(&with("    progress:\n      - unit: \"甲\"\n        status: \"todo\"\n"));
        let new = parse(&with(
            "    progress:\n      - unit: \"甲\"\n        status: \"done\"\n        date: \"2021-01-01\"\n",
        ));
        let changes = diff(Some(&old), Some(&new));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].key, key(&"1.1".into(), Aspect::Progress, "甲"));
    }

    #[test]
    fn a_new_file_counts_only_progress() {
        let new = parse(&with("    progress:\n      - unit: \"甲\"\n        status: \"doing\"\n"));
        let changes = diff(None, Some(&new));
        assert_eq!(changes.iter().map(|c| c.key.aspect).collect::<Vec<_>>(), [Aspect::Progress]);
    }

    #[test]
    fn text_and_deadline_edits_are_seen() {
        let new = parse(&BASE.replace("text: \"a\"", "text: \"b\"").replace("2020-12", "2021-06"));
        let aspects: Vec<Aspect> = diff(Some(&parse(BASE)), Some(&new)).iter().map(|c| c.key.aspect).collect();
        assert_eq!(aspects, [Aspect::Deadline, Aspect::Text]);
    }

    fn ext(unit: Option<&str>, to: &str) -> ExtensionState {
        ExtensionState {
            unit: unit.map(String::from),
            to: to.into(),
            reason: "r".into(),
            approval: None,
            date: None,
            requested_by: None,
        }
    }

    #[test]
    fn extensions_pair_by_unit() {
        let (a, b, c) = (ext(Some("甲"), "2021-06"), ext(Some("乙"), "2021-07"), ext(None, "2021-08"));
        let moved = ext(Some("乙"), "2021-09");
        let old = [a.clone(), b.clone(), c.clone()];
        // The first removed, the second edited, the third kept, one added.
        let added = ext(Some("丙"), "2021-10");
        let new = [moved.clone(), c.clone(), added.clone()];
        assert_eq!(extension_changes(&old, &new), [(Some(&a), None), (Some(&b), Some(&moved)), (None, Some(&added))]);
        assert!(extension_changes(&old, &old).is_empty());
    }

    #[test]
    fn a_clean_merge_changes_nothing_itself() {
        let base = parse(BASE);
        let left = parse(&with("    progress:\n      - unit: \"甲\"\n        status: \"doing\"\n"));
        assert!(merge_diff(&[Some(&base), Some(&left)], Some(&left)).is_empty());
        let evil = parse(&with(
            "    progress:\n      - unit: \"甲\"\n        status: \"done\"\n        date: \"2021-01-01\"\n",
        ));
        assert_eq!(merge_diff(&[Some(&base), Some(&left)], Some(&evil)).len(), 1);
    }
}
