//! The audit trail read from git: every commit that touched the group
//! files, turned into changes by comparing the parsed contents of each
//! file before and after (see `audit`).

use crate::audit::{self, Change, States};
use crate::git::{self, Blobs, Commit};
use crate::registry::Registry;
use crate::store::{self, TASKS_DIR};
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// How many parsed versions to keep between windows.
const CACHE_SIZE: usize = 1024;
/// How many commits are read, parsed and compared at a time.
const WINDOW: usize = 256;

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
    // Each version is parsed once (it is the "after" of one commit and the
    // "before" of the next), a window of commits at a time, on all cores.
    let mut parsed: HashMap<String, Parsed> = HashMap::new();
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    for window in commits.chunks(WINDOW) {
        // Keep memory flat on long histories: what the next window needs
        // again is mostly this window's versions, and a miss is re-read.
        if parsed.len() > CACHE_SIZE {
            parsed.clear();
        }
        let mut needed: Vec<&str> = Vec::new();
        for file in window.iter().flat_map(|c| &c.files).filter(|f| is_group_file(&f.path)) {
            for sha in file.parents.iter().chain([&file.blob]).flatten() {
                if !parsed.contains_key(sha.as_str()) && !needed.contains(&sha.as_str()) {
                    needed.push(sha);
                }
            }
        }
        let texts: Vec<String> = needed.iter().map(|sha| blobs.read(sha)).collect::<Result<_>>()?;
        for (sha, states) in needed.iter().zip(parse_all(&texts, registry)) {
            parsed.insert(sha.to_string(), states);
        }
        for commit in window {
            diff_commit(commit, &parsed, &mut events, &mut unreadable);
        }
    }
    Ok((events, unreadable))
}

/// A parsed version: `None` when it does not parse.
type Parsed = Option<Arc<States>>;

/// Parses versions on all cores.
fn parse_all(texts: &[String], registry: &Registry) -> Vec<Parsed> {
    let parse = |text: &String| store::read_group_text(text).ok().map(|g| Arc::new(audit::states(g, registry)));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = texts.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            texts.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(parse).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("parser thread panicked")).collect()
    })
}

/// The events of one commit, from the versions in `parsed`.
fn diff_commit(
    commit: &Commit,
    parsed: &HashMap<String, Parsed>,
    events: &mut Vec<Event>,
    unreadable: &mut Vec<Unreadable>,
) {
    // Some(None) is a version that exists but does not parse.
    let version = |sha: &Option<String>| sha.as_ref().map(|s| parsed.get(s).cloned().flatten());
    for file in commit.files.iter().filter(|f| is_group_file(&f.path)) {
        let result = version(&file.blob);
        let parents: Vec<Option<Parsed>> = file.parents.iter().map(version).collect();
        if result.as_ref().is_some_and(Option::is_none)
            || parents.iter().any(|p| p.as_ref().is_some_and(Option::is_none))
        {
            unreadable.push(Unreadable { commit: commit.hash.clone(), file: file.path.clone() });
            continue;
        }
        let result = result.flatten();
        let parents: Vec<Parsed> = parents.into_iter().map(Option::flatten).collect();
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

fn is_group_file(path: &str) -> bool {
    path.starts_with(&format!("{TASKS_DIR}/")) && (path.ends_with(".yaml") || path.ends_with(".yml"))
}
