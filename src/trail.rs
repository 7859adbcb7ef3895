//! The audit trail read from git: every commit that touched the group
//! files (and, when asked for, `taizhang.toml` and `tasks/units.toml`),
//! turned into changes by comparing the parsed contents of each file
//! before and after (see `audit` and `settings_audit`).

use crate::audit::{self, Aspect, Change, Key, State, States};
use crate::git::{self, Blob, Commit};
use crate::registry::Registry;
use crate::settings_audit;
use crate::store::{self, CONFIG_FILE, Limit, TASKS_DIR, UNITS_FILE};
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

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
    /// Which version was larger than the size limit and not read, if one
    /// was; otherwise a version does not parse.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub too_large: Option<Side>,
}

/// A version of a file a commit changed: the commit's own, or the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Before,
    After,
}

/// The events of the commits in `range` (all history when `None`) touching
/// `paths`, oldest first. No version larger than `limit` is read.
///
/// Each version is read and parsed once: it is the "after" of one commit
/// and the "before" of the next (and a version seen again is the same
/// blob). git streams the versions in the order the commits first need
/// them, parser threads on every core turn them into states, and the
/// commits are compared in order as soon as their versions are in; a
/// version is dropped after the last commit that needs it, so memory holds
/// about one version per file whatever the length of the history.
pub fn read(
    root: &Path,
    registry: &Registry,
    range: Option<&str>,
    paths: &[&str],
    limit: Limit,
) -> Result<(Vec<Event>, Vec<Unreadable>)> {
    let commits = git::log(root, range, paths)?;
    let plan = Plan::new(&commits);
    let ids = plan.versions.iter().map(|(_, sha)| sha.to_string()).collect();
    let blobs = git::blobs(root, ids, limit)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    std::thread::scope(|scope| -> Result<()> {
        // Bounded queues: git and the parsers stay a few batches ahead of
        // the comparison, never a whole history. Versions go in batches, so
        // that threads wake up once for many.
        let (to_parse, work) = sync_channel::<Vec<(usize, Result<Blob>)>>(2 * threads);
        let (to_compare, parsed) = sync_channel::<Vec<(usize, Result<Parsed>)>>(2 * threads);
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for (i, blob) in blobs.enumerate() {
                bytes += match &blob {
                    Ok(Blob::Bytes(b)) => b.len(),
                    _ => BATCH_BYTES,
                };
                batch.push((i, blob));
                if batch.len() == BATCH || bytes >= BATCH_BYTES {
                    if to_parse.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            let _ = to_parse.send(batch);
        });
        // Each parser holds the queue: when all have stopped, so does git.
        let work = Arc::new(Mutex::new(work));
        for _ in 0..threads {
            let (work, to_compare, versions) = (work.clone(), to_compare.clone(), &plan.versions);
            scope.spawn(move || {
                loop {
                    let next = work.lock().map_err(|_| ()).and_then(|w| w.recv().map_err(|_| ()));
                    let Ok(batch) = next else { break };
                    let done = batch
                        .into_iter()
                        .map(|(i, blob)| (i, blob.map(|blob| parse(versions[i].0, blob, registry))))
                        .collect();
                    if to_compare.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop((work, to_compare));
        // Versions arrive in any order; `arrived` counts those in from the
        // first, and a commit is compared once every version it needs is.
        let mut slots: Vec<Option<Parsed>> = (0..plan.versions.len()).map(|_| None).collect();
        let mut is_in = vec![false; plan.versions.len()];
        let mut arrived = 0;
        for (c, commit) in commits.iter().enumerate() {
            while arrived < plan.needs[c] {
                let batch = parsed.recv().map_err(|_| anyhow!("internal error: a parser thread stopped"))?;
                for (i, states) in batch {
                    slots[i] = Some(states?);
                    is_in[i] = true;
                }
                while arrived < is_in.len() && is_in[arrived] {
                    arrived += 1;
                }
            }
            diff_commit(commit, &plan, &slots, &mut events, &mut unreadable);
            for i in plan.uses(commit) {
                if plan.last_use[i] == c {
                    slots[i] = None;
                }
            }
        }
        Ok(())
    })?;
    Ok((events, unreadable))
}

/// How many versions go to a parser at a time, at most…
const BATCH: usize = 16;
/// …and how many bytes of them, at most (give or take a version).
const BATCH_BYTES: usize = 1 << 17;

/// A parsed version, or why there is none.
type Parsed = Result<States, Unparsed>;

/// Why a version has no states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unparsed {
    /// It does not parse.
    Invalid,
    /// It is larger than the size limit and was not read.
    TooLarge,
}

/// The versions a list of commits needs, numbered in the order the commits
/// first need them (the order they are read in).
struct Plan<'c> {
    /// (kind, blob ID) by number.
    versions: Vec<(Kind, &'c str)>,
    numbers: HashMap<(Kind, &'c str), usize>,
    /// By version: the last commit (by index) that needs it.
    last_use: Vec<usize>,
    /// By commit: how many versions, counted from the first, must be in
    /// before it can be compared.
    needs: Vec<usize>,
}

impl<'c> Plan<'c> {
    fn new(commits: &'c [Commit]) -> Plan<'c> {
        let mut plan = Plan { versions: Vec::new(), numbers: HashMap::new(), last_use: Vec::new(), needs: Vec::new() };
        let mut needs = 0;
        for (c, commit) in commits.iter().enumerate() {
            for file in &commit.files {
                let Some(kind) = kind(&file.path) else { continue };
                for sha in file.parents.iter().chain([&file.blob]).flatten() {
                    let next = plan.versions.len();
                    let i = *plan.numbers.entry((kind, sha.as_str())).or_insert(next);
                    if i == next {
                        plan.versions.push((kind, sha));
                        plan.last_use.push(c);
                    }
                    plan.last_use[i] = c;
                    needs = needs.max(i + 1);
                }
            }
            plan.needs.push(needs);
        }
        plan
    }

    /// The number of a version of the file at `path`, by its blob ID.
    fn number(&self, path: &str, sha: &str) -> Option<usize> {
        self.numbers.get(&(kind(path)?, sha)).copied()
    }

    /// The numbers of the versions `commit` needs (a version may repeat).
    fn uses<'a>(&'a self, commit: &'a Commit) -> impl Iterator<Item = usize> + 'a {
        commit.files.iter().flat_map(move |file| {
            file.parents.iter().chain([&file.blob]).flatten().filter_map(move |sha| self.number(&file.path, sha))
        })
    }
}

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

/// The states of one version of a file of `kind`.
fn parse(kind: Kind, blob: Blob, registry: &Registry) -> Parsed {
    let Blob::Bytes(bytes) = blob else { return Err(Unparsed::TooLarge) };
    // Checked with SIMD: most of the text is Chinese, where the standard
    // check goes a byte at a time, and every version of a history is checked.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(&bytes),
    };
    let states = match kind {
        Kind::Group => store::read_group_text(&text).ok().map(|g| audit::states(g, registry)),
        Kind::Config => settings_audit::config_states(&text),
        Kind::Registry => settings_audit::registry_states(&text),
    };
    states.ok_or(Unparsed::Invalid)
}

/// The events of one commit, from its versions in `slots`.
fn diff_commit(
    commit: &Commit,
    plan: &Plan,
    slots: &[Option<Parsed>],
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
        if kind(&file.path).is_none() {
            continue;
        }
        // A file added or removed, whether it parses or not.
        let created = file.blob.is_some() && file.parents.iter().all(Option::is_none);
        let deleted = file.blob.is_none() && file.parents.iter().any(Option::is_some);
        if created || deleted {
            let path = State::Text(file.path.clone());
            let (old, new) = if created { (None, Some(path)) } else { (Some(path), None) };
            let key = Key { id: file.path.as_str().into(), aspect: Aspect::File, detail: "".into() };
            events.push(event(&file.path, Change { key, old, new }));
        }
        // None where the file does not exist; an error for a version that
        // exists but was not parsed.
        let version = |sha: &Option<String>| {
            sha.as_ref().map(|sha| {
                let slot = plan.number(&file.path, sha).and_then(|i| slots[i].as_ref());
                slot.map_or(Err(Unparsed::Invalid), |parsed| parsed.as_ref().map_err(|why| *why))
            })
        };
        let result = version(&file.blob);
        let parents: Vec<Option<Result<&States, Unparsed>>> = file.parents.iter().map(version).collect();
        let failed = |v: &Option<Result<&States, Unparsed>>| v.as_ref().and_then(|v| v.err());
        let failures: Vec<Unparsed> = parents.iter().filter_map(failed).collect();
        if failed(&result).is_some() || !failures.is_empty() {
            let too_large = if failed(&result) == Some(Unparsed::TooLarge) {
                Some(Side::After)
            } else {
                failures.contains(&Unparsed::TooLarge).then_some(Side::Before)
            };
            unreadable.push(Unreadable { commit: commit.hash.clone(), file: file.path.clone(), too_large });
            continue;
        }
        let result = result.and_then(Result::ok);
        let parents: Vec<Option<&States>> = parents.into_iter().map(|p| p.and_then(Result::ok)).collect();
        let changes = if parents.len() > 1 {
            audit::merge_diff(&parents, result)
        } else {
            audit::diff(parents.first().copied().flatten(), result)
        };
        events.extend(changes.into_iter().map(|change| event(&file.path, change)));
    }
}

fn is_group_file(path: &str) -> bool {
    path.starts_with(&format!("{TASKS_DIR}/")) && (path.ends_with(".yaml") || path.ends_with(".yml"))
}
