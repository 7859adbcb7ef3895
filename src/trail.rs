//! The audit trail read from git: every commit that touched the group
//! files (and, when asked for, `taizhang.toml` and `tasks/units.toml`),
//! turned into changes by comparing the parsed contents of each file
//! before and after (see `audit` and `settings_audit`).

use crate::audit::{self, Aspect, Change, Key, State, States};
use crate::git::{self, Blobs, Commit};
use crate::registry::Registry;
use crate::settings_audit;
use crate::store::{self, CONFIG_FILE, TASKS_DIR, UNITS_FILE};
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
    let mut parsed: HashMap<(Kind, String), Parsed> = HashMap::new();
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    for window in commits.chunks(WINDOW) {
        // Keep memory flat on long histories: what the next window needs
        // again is mostly this window's versions, and a miss is re-read.
        if parsed.len() > CACHE_SIZE {
            parsed.clear();
        }
        let mut needed: Vec<(Kind, &str)> = Vec::new();
        for file in window.iter().flat_map(|c| &c.files) {
            let Some(kind) = kind(&file.path) else { continue };
            for sha in file.parents.iter().chain([&file.blob]).flatten() {
                let version = (kind, sha.clone());
                if !parsed.contains_key(&version) && !needed.contains(&(kind, sha.as_str())) {
                    needed.push((kind, sha));
                }
            }
        }
        let texts: Vec<(Kind, String)> =
            needed.iter().map(|(kind, sha)| Ok((*kind, blobs.read(sha)?))).collect::<Result<_>>()?;
        for ((kind, sha), states) in needed.iter().zip(parse_all(&texts, registry)) {
            parsed.insert((*kind, sha.to_string()), states);
        }
        for commit in window {
            diff_commit(commit, &parsed, &mut events, &mut unreadable);
        }
    }
    Ok((events, unreadable))
}

/// A parsed version: `None` when it does not parse.
type Parsed = Option<Arc<States>>;

/// What a file of the checklist holds, for the audit. (The same blob could
/// be two kinds of file: a version is cached under both.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Group,
    Config,
    Registry,
}

/// The kind of the file at `path`, relative to the root; `None` for a file
/// the checklist does not read.
fn kind(path: &str) -> Option<Kind> {
    match path {
        CONFIG_FILE => Some(Kind::Config),
        UNITS_FILE => Some(Kind::Registry),
        _ if is_group_file(path) => Some(Kind::Group),
        _ => None,
    }
}

/// Parses versions on all cores.
fn parse_all(texts: &[(Kind, String)], registry: &Registry) -> Vec<Parsed> {
    let parse = |(kind, text): &(Kind, String)| {
        let states = match kind {
            Kind::Group => store::read_group_text(text).ok().map(|g| audit::states(g, registry)),
            Kind::Config => settings_audit::config_states(text),
            Kind::Registry => settings_audit::registry_states(text),
        };
        states.map(Arc::new)
    };
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
    parsed: &HashMap<(Kind, String), Parsed>,
    events: &mut Vec<Event>,
    unreadable: &mut Vec<Unreadable>,
) {
    let event = |file: &str, change: Change| Event {
        commit: commit.hash.clone(),
        author: commit.author.clone(),
        email: commit.email.clone(),
        date: commit.date.clone(),
        file: file.to_string(),
        change,
    };
    for file in &commit.files {
        let Some(kind) = kind(&file.path) else { continue };
        // A file added or removed, whether it parses or not.
        let created = file.blob.is_some() && file.parents.iter().all(Option::is_none);
        let deleted = file.blob.is_none() && file.parents.iter().any(Option::is_some);
        if created || deleted {
            let path = State::Text(file.path.clone());
            let (old, new) = if created { (None, Some(path)) } else { (Some(path), None) };
            let key = Key { id: file.path.as_str().into(), aspect: Aspect::File, detail: "".into() };
            events.push(event(&file.path, Change { key, old, new }));
        }
        // Some(None) is a version that exists but does not parse.
        let version = |sha: &Option<String>| sha.as_ref().map(|s| parsed.get(&(kind, s.clone())).cloned().flatten());
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
        events.extend(changes.into_iter().map(|change| event(&file.path, change)));
    }
}

fn is_group_file(path: &str) -> bool {
    path.starts_with(&format!("{TASKS_DIR}/")) && (path.ends_with(".yaml") || path.ends_with(".yml"))
}
