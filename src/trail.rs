//! The audit trail read from git: every commit that touched the group
//! files, turned into changes by comparing the parsed contents of each
//! file before and after (see `audit`).

use crate::audit::{self, Change, States};
use crate::git::{self, Blobs};
use crate::registry::Registry;
use crate::store::{self, TASKS_DIR};
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

/// How many parsed versions to keep.
const CACHE_SIZE: usize = 256;

/// A change with the commit that made it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// Author date, ISO 8601.
    pub date: String,
    pub file: String,
    #[serde(flatten)]
    pub change: Change,
}

/// A commit in which a group file could not be read: its changes cannot be
/// audited, which an auditor must know.
#[derive(Debug, Clone, Serialize)]
pub struct Unreadable {
    pub commit: String,
    pub file: String,
}

/// The events of the commits in `range` (all history when `None`) touching
/// `paths`, oldest first.
pub fn read(
    root: &Path,
    registry: &Registry,
    range: Option<&str>,
    paths: &[&str],
) -> Result<(Vec<Event>, Vec<Unreadable>)> {
    let commits = git::log(root, range, paths)?;
    let mut blobs = Blobs::open(root)?;
    // Each blob is parsed once: a version is the "after" of one commit and
    // the "before" of the next.
    let mut parsed: HashMap<String, Option<Rc<States>>> = HashMap::new();
    let mut states = |sha: &Option<String>, blobs: &mut Blobs| -> Result<Option<Option<Rc<States>>>> {
        let Some(sha) = sha else { return Ok(None) };
        if let Some(found) = parsed.get(sha) {
            return Ok(Some(found.clone()));
        }
        // Keep memory flat on long histories; a miss only costs a re-parse.
        if parsed.len() >= CACHE_SIZE {
            parsed.clear();
        }
        let text = blobs.read(sha)?;
        let value = store::read_group_text(&text).ok().map(|g| Rc::new(audit::states(g, registry)));
        parsed.insert(sha.clone(), value.clone());
        Ok(Some(value))
    };
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    for commit in commits {
        for file in &commit.files {
            if !is_group_file(&file.path) {
                continue;
            }
            let result = states(&file.blob, &mut blobs)?;
            let mut parents = Vec::new();
            for p in &file.parents {
                parents.push(states(p, &mut blobs)?);
            }
            // Some(None) is a version that exists but does not parse.
            if result.as_ref().is_some_and(Option::is_none)
                || parents.iter().any(|p| p.as_ref().is_some_and(Option::is_none))
            {
                unreadable.push(Unreadable { commit: commit.hash.clone(), file: file.path.clone() });
                continue;
            }
            let result = result.flatten();
            let parents: Vec<Option<Rc<States>>> = parents.into_iter().map(Option::flatten).collect();
            let parent_refs: Vec<Option<&States>> = parents.iter().map(|p| p.as_deref()).collect();
            let changes = if parent_refs.len() > 1 {
                audit::merge_diff(&parent_refs, result.as_deref())
            } else {
                audit::diff(parent_refs.first().copied().flatten(), result.as_deref())
            };
            events.extend(changes.into_iter().map(|change| Event {
                commit: commit.hash.clone(),
                author: commit.author.clone(),
                email: commit.email.clone(),
                date: commit.date.clone(),
                file: file.path.clone(),
                change,
            }));
        }
    }
    Ok((events, unreadable))
}

fn is_group_file(path: &str) -> bool {
    path.starts_with(&format!("{TASKS_DIR}/")) && (path.ends_with(".yaml") || path.ends_with(".yml"))
}
