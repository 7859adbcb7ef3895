//! Recording the changes of returned forms: each through the same locked,
//! checked, atomic edit as `set` or `extend`, and with `--commit` each
//! unit's changes as one commit carrying a `Reported-by` trailer.

use super::outcome::{Change, State, What};
use crate::i18n::Lang;
use crate::model::ledger::Leaf;
use crate::model::lookup::find_leaf;
use crate::store::change::{self, NewDeadline, NewProgress};
use crate::store::record::record_uncommitted;
use crate::{git, tr};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::path::Path;

/// What was recorded for one unit.
#[derive(Debug, serde::Serialize)]
pub struct Applied {
    pub unit: String,
    /// The files written, relative to the checklist root.
    pub files: Vec<String>,
    /// The summary line of each change.
    pub summaries: Vec<String>,
    /// The commit made, with `--commit`.
    pub commit: Option<String>,
}

/// The units of `changes`, in the order they first appear.
pub fn units(changes: &[Change]) -> Vec<&str> {
    let mut units: Vec<&str> = Vec::new();
    for c in changes {
        if !units.contains(&c.unit.as_str()) {
            units.push(&c.unit);
        }
    }
    units
}

/// Refuses, before anything is written, to commit files that already
/// differ from their committed versions: a unit's commit would carry those
/// edits too.
pub fn require_clean(root: &Path, files: &[&str]) -> Result<()> {
    git::require_repository(root, &tr!("提交", "committing"))?;
    files.iter().try_for_each(|rel| crate::store::record::refuse_other_changes(root, rel))
}

/// Whether the entry or deadline a change was checked against is no longer
/// what the ledger holds (another writer got there between the check and
/// the write).
fn moved(change: &Change, leaf: &Leaf) -> bool {
    match &change.what {
        What::Progress { old, .. } => State::of(leaf.entry(&change.unit)) != *old,
        What::Extension { from, .. } => leaf.due_for(&change.unit) != Some(*from),
    }
}

/// Records `changes`, unit by unit; with `commit`, each unit's files are
/// committed together once its changes are in.
pub fn apply(root: &Path, changes: &[Change], commit: bool, today: NaiveDate, lang: Lang) -> Result<Vec<Applied>> {
    let mut applied = Vec::new();
    for unit in units(changes) {
        let mut done = Applied { unit: unit.to_string(), files: Vec::new(), summaries: Vec::new(), commit: None };
        for change in changes.iter().filter(|c| c.unit == unit) {
            let recorded = record_uncommitted(root, &change.id, |checklist, ledger, group, text| {
                let leaf = find_leaf(ledger, &change.id)?;
                let registry = &checklist.registry;
                if moved(change, leaf) {
                    bail!(tr!(
                        "{} {unit} 在检查之后被修改;未写入此项及其后的变更\nhint: 请重新运行 collect",
                        "{} {unit} changed after the forms were checked; it and the changes after it are not written\nhint: run collect again",
                        change.id
                    ));
                }
                match &change.what {
                    What::Progress { new, added_evidence, .. } => {
                        let date = new.date.ok_or_else(|| anyhow!("{}: no date", change.id))?;
                        let new = NewProgress {
                            unit,
                            status: new.status,
                            date,
                            note: new.note.clone(),
                            evidence: added_evidence,
                        };
                        change::progress(leaf, registry, group, text, &new, lang)
                    }
                    What::Extension { to, reason, .. } => {
                        let new = NewDeadline {
                            unit: Some(unit),
                            to: *to,
                            reason,
                            approval: None,
                            requested_by: Some(unit),
                            today,
                        };
                        change::extension(leaf, registry, group, text, &new)
                    }
                }
            })?;
            if !done.files.contains(&recorded.file) {
                done.files.push(recorded.file.clone());
            }
            done.summaries.push(recorded.summary);
        }
        if commit {
            let mut message = tr!(
                "collect: {unit} 报送 {} 项变更\n\n",
                "collect: {} change(s) reported by {unit}\n\n",
                done.summaries.len()
            );
            for summary in &done.summaries {
                message.push_str(summary);
                message.push('\n');
            }
            message.push_str(&format!("\nReported-by: {unit}\n"));
            let files: Vec<&str> = done.files.iter().map(String::as_str).collect();
            done.commit = Some(git::commit_files(root, &files, &message).map_err(|e| {
                anyhow!(tr!(
                    "{unit} 的变更已保存,但未能提交: {e:#}\nhint: 请排除原因后自行提交",
                    "the changes of {unit} are saved, but could not be committed: {e:#}\nhint: fix the cause and commit them yourself"
                ))
            })?);
        }
        applied.push(done);
    }
    Ok(applied)
}
