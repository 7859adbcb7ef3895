//! The edits `set`, `extend` and `collect` make to a group file, built in
//! one place so that a change typed at a terminal and the same change
//! returned on a spreadsheet form give the same bytes on disk.

use crate::i18n::Lang;
use crate::model::due::Due;
use crate::model::ledger::Leaf;
use crate::model::obligation::NotExtendable;
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::model::{Extension, GroupFile, Located, Progress};
use crate::store::record::{Edit, merge_evidence};
use crate::{store::edit, tr};
use anyhow::{Result, bail};
use chrono::NaiveDate;

/// A unit's new progress entry on a leaf: the status and date replace the
/// old ones, the note replaces the old note when given, the evidence is
/// added to what is already recorded.
pub struct NewProgress<'a> {
    /// The canonical unit.
    pub unit: &'a str,
    pub status: Status,
    pub date: NaiveDate,
    pub note: Option<String>,
    pub evidence: &'a [String],
}

/// The edit that records `new` on `leaf` in the group file `text`.
pub fn progress(
    leaf: &Leaf,
    registry: &Registry,
    group: &GroupFile,
    text: &str,
    new: &NewProgress,
    lang: Lang,
) -> Result<Edit> {
    let unit = new.unit;
    let old = leaf.entry(unit);
    let entry = Progress {
        unit: Located::new(old.map_or_else(|| unit.to_string(), |e| e.unit.written.to_string())),
        status: Located::new(new.status.key().to_string()),
        date: Some(Located::new(new.date.to_string())),
        note: new.note.clone().or_else(|| old.and_then(|e| e.note.clone())),
        evidence: merge_evidence(old.map_or(&[], |e| &e.evidence), new.evidence),
    };
    let is_unit = |name: &str| registry.resolve(name) == Some(unit);
    let text = edit::set_progress(text, group, &leaf.id, is_unit, &entry)?;
    let expected = with_entry(group, &leaf.id, &entry, registry, unit);
    let before = old.map_or(Status::Todo, |e| e.status);
    Ok(Edit {
        text,
        expected,
        summary: format!("{} {unit}: {} → {} ({})", leaf.id, lang.status(before), lang.status(new.status), new.date),
        trailers: vec![
            ("Taizhang-Leaf", leaf.id.clone()),
            ("Taizhang-Unit", unit.to_string()),
            ("Taizhang-Status", new.status.key().to_string()),
        ],
    })
}

/// The group as it must read after the edit.
fn with_entry(group: &GroupFile, leaf: &str, entry: &Progress, registry: &Registry, unit: &str) -> GroupFile {
    let mut group = group.clone();
    if let Some(measure) = crate::model::find_mut(&mut group.measures, leaf) {
        let same = |p: &Progress| registry.resolve(&p.unit.value) == Some(unit);
        match measure.progress.iter_mut().find(|p| same(p)) {
            Some(p) => *p = entry.clone(),
            None => measure.progress.push(entry.clone()),
        }
    }
    group
}

/// A new deadline for a leaf, or for one unit's part of it.
pub struct NewDeadline<'a> {
    /// The canonical unit; none for the whole leaf.
    pub unit: Option<&'a str>,
    pub to: Due,
    pub reason: &'a str,
    pub approval: Option<String>,
    /// The unit that asked for it, when one did.
    pub requested_by: Option<&'a str>,
    /// The day it is recorded.
    pub today: NaiveDate,
}

/// The edit that adds the extension `new` to `leaf` in the group file
/// `text`; refused when the leaf has no deadline to extend or the new one
/// is not later than the one in force.
pub fn extension(leaf: &Leaf, registry: &Registry, group: &GroupFile, text: &str, new: &NewDeadline) -> Result<Edit> {
    let in_force = crate::model::obligation::due_in_force(leaf.due, &leaf.extensions, new.unit, registry);
    let to = new.to;
    let current = match crate::model::obligation::extends(in_force, to) {
        Ok(current) => current,
        Err(NotExtendable::Undated) => {
            let undated = tr!("无", "undated");
            bail!(tr!(
                "{} 没有可延期的完成时限(完成时限: {})",
                "{} has no deadline to extend (it is {})",
                leaf.id,
                leaf.due_text.as_deref().unwrap_or(&undated)
            ));
        }
        Err(NotExtendable::NotLater(current)) => bail!(tr!(
            "{} 不晚于现行完成时限 {}",
            "{} is not later than the deadline in force, {}",
            to.key(),
            current.key()
        )),
    };
    let reason = new.reason.trim();
    let extension = Extension {
        unit: new.unit.map(|u| Located::new(u.to_string())),
        to: Located::new(to.key()),
        reason: reason.to_string(),
        approval: new.approval.clone(),
        requested_by: new.requested_by.map(|u| Located::new(u.to_string())),
        date: Some(Located::new(new.today.to_string())),
    };
    let text = edit::add_extension(text, group, &leaf.id, &extension)?;
    let mut expected = group.clone();
    if let Some(m) = crate::model::find_mut(&mut expected.measures, &leaf.id) {
        m.extensions.push(extension);
    }
    let whom = new.unit.map(|u| format!(" {u}")).unwrap_or_default();
    Ok(Edit {
        text,
        expected,
        summary: format!("{}{whom}: {} → {} ({reason})", leaf.id, current.key(), to.key()),
        trailers: vec![("Taizhang-Leaf", leaf.id.clone()), ("Taizhang-Extended-To", to.key())],
    })
}
