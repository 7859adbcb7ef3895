//! The property of the in-place edits (`set`, `extend`, `record`) and of
//! `fmt`, shared by the proptest in `tests/edit_props.rs` and the fuzz
//! target `editor`.
//!
//! On any text that reads as a group file:
//! - `fmt`'s text reads back as the same content, and formatting it again
//!   changes nothing;
//! - an edit either is refused with a hint to run `taizhang fmt` — and only
//!   when `fmt` would change the file — or its result reads back as exactly
//!   the intended change, and no other value of the file is touched;
//! - after `fmt`, the same edit succeeds.
#![allow(dead_code)]

use taizhang::model::{Actual, Extension, GroupFile, Indicator, Located, Measure, Progress, find, find_mut};
use taizhang::store::edit;
use taizhang::store::layout::group_file;
use taizhang::store::parse_group;
use taizhang::store::reformat::reformat;

/// What to edit, chosen by the test's input.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// Progress, an extension or an actual value.
    pub kind: u8,
    /// Which leaf or indicator.
    pub target: u8,
    /// Which unit or period: one already there or a new one.
    pub who: u8,
    pub status: u8,
    /// Which note (or none).
    pub note: u8,
}

impl Choice {
    /// The choice from the first five bytes of a fuzz input, and the rest.
    pub fn split(data: &[u8]) -> Option<(Choice, &[u8])> {
        let (head, rest) = data.split_first_chunk::<5>()?;
        let [kind, target, who, status, note] = *head;
        Some((Choice { kind, target, who, status, note }, rest))
    }
}

/// Notes and reasons that need quoting, escaping or are easy to misread.
const NOTES: &[&str] = &[
    "已完成",
    "line\nbreak",
    "non\u{fffe}char\u{ffff}",
    "# not a comment",
    "it's 'quoted' \"twice\"",
    "nel\u{85} ls\u{2028} bom\u{feff} cr\r",
    "\u{1b}[31mred\u{0}",
    "  spaces  ",
    "2.10",
    "- dash: [x] {y} | > & * !",
    "😀 𝄞",
];

fn note(choice: u8) -> Option<String> {
    let i = choice as usize % (NOTES.len() + 1);
    NOTES.get(i).map(|n| n.to_string())
}

/// Checks the property on `text`; `Err` says how it fails.
pub fn check(text: &str, choice: Choice) -> Result<(), String> {
    let Ok(group) = parse_group(text) else { return Ok(()) };
    // What the layout cannot write (progress on a measure with items) is
    // refused by `check` before `fmt` or an edit runs.
    if !representable(&group.measures) {
        return Ok(());
    }
    let formatted = reformat(text, &group);
    let reread = parse_group(&formatted).map_err(|e| format!("fmt made the file unreadable: {e}\n{text:?}"))?;
    if group_file(&reread) != group_file(&group) {
        return Err(format!("fmt changed the content of\n{text:?}\ninto\n{formatted:?}"));
    }
    if reformat(&formatted, &reread) != formatted {
        return Err(format!("fmt twice differs from once on\n{text:?}"));
    }
    let canonical = formatted == text;
    edit_once(text, &group, choice, canonical)?;
    if !canonical {
        edit_once(&formatted, &reread, choice, true).map_err(|e| format!("after fmt: {e}"))?;
    }
    Ok(())
}

/// No measure with items also has progress or extensions.
fn representable(measures: &[Measure]) -> bool {
    measures
        .iter()
        .all(|m| (m.is_leaf() || (m.progress.is_empty() && m.extensions.is_empty())) && representable(&m.items))
}

fn leaves(measures: &[Measure], out: &mut Vec<String>) {
    for m in measures {
        if m.is_leaf() {
            out.push(m.id.value.clone());
        }
        leaves(&m.items, out);
    }
}

/// One edit of `text`; `must_succeed` when the file is in `fmt`'s layout.
fn edit_once(text: &str, group: &GroupFile, choice: Choice, must_succeed: bool) -> Result<(), String> {
    let mut expected = group.clone();
    // The located values the edit may replace: those of the entry it replaces.
    let mut replaced: Vec<usize> = Vec::new();
    let result = match choice.kind % 3 {
        2 if !group.indicators.is_empty() => {
            let indicator = &group.indicators[choice.target as usize % group.indicators.len()];
            let mut periods: Vec<String> = indicator.actuals.iter().map(|a| a.period.value.clone()).collect();
            periods.push("2021".to_string());
            let period = periods[choice.who as usize % periods.len()].clone();
            let same = |a: &Actual| a.period.value == period && a.unit.is_none();
            let actual = Actual {
                period: Located::new(period.clone()),
                unit: None,
                value: Located::new(f64::from(choice.status) / 4.0),
                date: Some(Located::new("2021-04-01".into())),
                note: note(choice.note),
                evidence: note(choice.note.wrapping_add(1)).into_iter().collect(),
            };
            let target = expected.indicators.iter_mut().find(|i| i.id.value == indicator.id.value).expect("there");
            match target.actuals.iter_mut().find(|a| same(a)) {
                Some(old) => {
                    replaced.extend(actual_offsets(old));
                    *old = actual.clone();
                }
                None => target.actuals.push(actual.clone()),
            }
            edit::set_actual(text, group, &indicator.id.value, same, &actual)
        }
        kind => {
            let mut ids = Vec::new();
            leaves(&group.measures, &mut ids);
            if ids.is_empty() {
                return Ok(());
            }
            let id = &ids[choice.target as usize % ids.len()];
            let leaf = find(&group.measures, id).expect("a leaf");
            let target = find_mut(&mut expected.measures, id).expect("a leaf");
            let mut names: Vec<String> = leaf.progress.iter().map(|p| p.unit.value.clone()).collect();
            names.extend(leaf.units.iter().map(|u| u.value.clone()));
            names.push("新单位".to_string());
            let unit = names[choice.who as usize % names.len()].clone();
            if kind == 1 {
                let extension = Extension {
                    unit: choice.who.is_multiple_of(2).then(|| Located::new(unit.clone())),
                    to: Located::new("2022-06".into()),
                    reason: note(choice.note).unwrap_or_else(|| "理由".into()),
                    approval: note(choice.status),
                    requested_by: choice.note.is_multiple_of(3).then(|| Located::new(unit.clone())),
                    date: choice.status.is_multiple_of(2).then(|| Located::new("2021-04-01".into())),
                };
                target.extensions.push(extension.clone());
                edit::add_extension(text, group, id, &extension)
            } else {
                let entry = Progress {
                    unit: Located::new(unit.clone()),
                    status: Located::new(["todo", "doing", "done", "blocked"][choice.status as usize % 4].into()),
                    date: Some(Located::new("2021-04-01".into())),
                    note: note(choice.note),
                    evidence: note(choice.status).into_iter().collect(),
                };
                match target.progress.iter_mut().find(|p| p.unit.value == unit) {
                    Some(old) => {
                        replaced.extend([old.unit.offset, old.status.offset]);
                        replaced.extend(old.date.as_ref().map(|d| d.offset));
                        *old = entry.clone();
                    }
                    None => target.progress.push(entry.clone()),
                }
                edit::set_progress(text, group, id, |u| u == unit, &entry)
            }
        }
    };
    let out = match result {
        Ok(out) => out,
        Err(e) if must_succeed => return Err(format!("refused a file in fmt's layout ({e:#}):\n{text:?}")),
        Err(e) if e.to_string().contains("taizhang fmt") => return Ok(()),
        Err(e) => return Err(format!("refused without pointing to fmt ({e:#}):\n{text:?}")),
    };
    let back =
        parse_group(&out).map_err(|e| format!("the edit made the file unreadable ({e}):\n{text:?}\n→\n{out:?}"))?;
    if plain(&back) != plain(&expected) {
        return Err(format!("the edit did not read back as intended:\n{text:?}\n→\n{out:?}"));
    }
    // Every value but those of the replaced entry is where it was.
    let prefix = text.bytes().zip(out.bytes()).take_while(|(a, b)| a == b).count();
    let room = text.len().min(out.len()) - prefix;
    let suffix = text.bytes().rev().zip(out.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
    let changed = prefix..text.len() - suffix;
    for offset in offsets(group) {
        if changed.contains(&offset) && !replaced.contains(&offset) {
            return Err(format!("the edit changed the value at byte {offset}:\n{text:?}\n→\n{out:?}"));
        }
    }
    Ok(())
}

fn actual_offsets(a: &Actual) -> Vec<usize> {
    let mut out = vec![a.period.offset, a.value.offset];
    out.extend(a.unit.as_ref().map(|u| u.offset));
    out.extend(a.date.as_ref().map(|d| d.offset));
    out
}

/// Where every located value of the group starts.
fn offsets(group: &GroupFile) -> Vec<usize> {
    fn measure(m: &Measure, out: &mut Vec<usize>) {
        out.push(m.id.offset);
        out.extend(m.units.iter().chain(&m.scope).map(|u| u.offset));
        out.extend(m.due.iter().chain(&m.due_text).map(|d| d.offset));
        for e in &m.extensions {
            out.push(e.to.offset);
            out.extend(e.unit.iter().chain(&e.date).map(|d| d.offset));
        }
        for p in &m.progress {
            out.extend([p.unit.offset, p.status.offset]);
            out.extend(p.date.as_ref().map(|d| d.offset));
        }
        for item in &m.items {
            measure(item, out);
        }
    }
    fn indicator(i: &Indicator, out: &mut Vec<usize>) {
        out.extend([i.id.offset, i.comparator.offset, i.value.offset]);
        out.extend(i.unit.iter().chain(&i.period).map(|u| u.offset));
        for a in &i.actuals {
            out.extend(actual_offsets(a));
        }
    }
    let mut out = vec![group.group.offset];
    for i in &group.indicators {
        indicator(i, &mut out);
    }
    for m in &group.measures {
        measure(m, &mut out);
    }
    for d in &group.duties {
        out.extend(d.units.iter().map(|u| u.offset));
    }
    out
}

/// The group without locations, to compare content.
fn plain(group: &GroupFile) -> GroupFile {
    fn at<T: Clone>(v: &Located<T>) -> Located<T> {
        Located::new(v.value.clone())
    }
    fn all(v: &[Located<String>]) -> Vec<Located<String>> {
        v.iter().map(at).collect()
    }
    fn measure(m: &Measure) -> Measure {
        Measure {
            id: at(&m.id),
            lead: m.lead.as_deref().map(all),
            units: all(&m.units),
            support: all(&m.support),
            scope: all(&m.scope),
            due: m.due.as_ref().map(at),
            due_text: m.due_text.as_ref().map(at),
            due_source: m.due_source.as_ref().map(at),
            extensions: m
                .extensions
                .iter()
                .map(|e| Extension {
                    unit: e.unit.as_ref().map(at),
                    to: at(&e.to),
                    requested_by: e.requested_by.as_ref().map(at),
                    date: e.date.as_ref().map(at),
                    ..e.clone()
                })
                .collect(),
            progress: m
                .progress
                .iter()
                .map(|p| Progress {
                    unit: at(&p.unit),
                    status: at(&p.status),
                    date: p.date.as_ref().map(at),
                    ..p.clone()
                })
                .collect(),
            items: m.items.iter().map(measure).collect(),
            ..m.clone()
        }
    }
    GroupFile {
        group: at(&group.group),
        indicators: group
            .indicators
            .iter()
            .map(|i| Indicator {
                id: at(&i.id),
                comparator: at(&i.comparator),
                value: at(&i.value),
                unit: i.unit.as_ref().map(at),
                period: i.period.as_ref().map(at),
                actuals: i
                    .actuals
                    .iter()
                    .map(|a| Actual {
                        period: at(&a.period),
                        unit: a.unit.as_ref().map(at),
                        value: at(&a.value),
                        date: a.date.as_ref().map(at),
                        ..a.clone()
                    })
                    .collect(),
                ..i.clone()
            })
            .collect(),
        measures: group.measures.iter().map(measure).collect(),
        duties: group.duties.iter().map(|d| taizhang::model::Duty { units: all(&d.units), ..d.clone() }).collect(),
        ..group.clone()
    }
}
