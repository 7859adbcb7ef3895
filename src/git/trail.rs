//! The audit trail read from git: every commit that touched the group
//! files (and, when asked for, `taizhang.toml` and `tasks/units.toml`),
//! turned into changes by comparing the parsed contents of each file
//! before and after (see `audit` and `settings_audit`).

use crate::git::audit::{self, Aspect, Change, Key, State, States};
use crate::git::pieces::{self, Pieces};
use crate::git::settings_audit;
use crate::git::{self, Blob, Commit};
use crate::model::registry::Registry;
use crate::store::{self, CONFIG_FILE, Limit, TASKS_DIR, UNITS_FILE};
use crate::tr;
use anyhow::{Result, anyhow};
use foldhash::{HashMap, HashMapExt};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
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
/// blob). Everything runs at once: git lists the commits newest first as it
/// walks the history, the versions they need are read from git in that
/// order and parsed (mostly in pieces, a measure or two each, see `pieces`;
/// a version read whole on every core), and each commit is compared as
/// soon as its versions are in. A commit's "after" is
/// dropped once it is compared (its "before" waits for the commit that made
/// it), so memory holds about one version per file whatever the length of
/// the history; a version needed again later is read again.
pub fn read(
    root: &Path,
    registry: &Registry,
    range: Option<&str>,
    paths: &[&str],
    limit: Limit,
) -> Result<(Vec<Event>, Vec<Unreadable>)> {
    let mut log = Some(git::log(root, range, paths)?);
    let (request, requests) = channel();
    let blobs = git::blobs(root, requests, limit)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // By commit, newest first: its events and the files it could not read.
    let mut found: Vec<(Vec<Event>, Vec<Unreadable>)> = Vec::new();
    std::thread::scope(|scope| -> Result<()> {
        // Bounded queues: git and the parsers stay a few versions ahead of
        // the comparison. The reader parses most versions itself, a
        // measure or two each (see `pieces`), and hands them over in
        // batches, so that threads wake up once for many; a version that
        // must be read whole goes to a parser thread.
        let (to_parse, work) = sync_channel::<Job>(2 * threads);
        let (to_compare, parsed) = sync_channel::<Done>(2 * threads);
        let reader = to_compare.clone();
        scope.spawn(move || read_versions(blobs, &to_parse, &reader, registry));
        // Each parser holds the queue: when all have stopped, so does the reader.
        let work = Arc::new(Mutex::new(work));
        for _ in 0..threads {
            let (work, to_compare) = (work.clone(), to_compare.clone());
            scope.spawn(move || parse_whole(&work, &to_compare, registry));
        }
        drop((work, to_compare));
        let mut versions = Versions::new(request);
        let mut waiting: VecDeque<Commit> = VecDeque::new();
        let mut refill = true;
        loop {
            while let Ok(batch) = parsed.try_recv() {
                versions.store(batch)?;
            }
            if waiting.front().is_some_and(|c| versions.ready(c)) {
                let commit = waiting.pop_front().expect("a commit is waiting");
                let mut events = Vec::new();
                let mut unreadable = Vec::new();
                diff_commit(&commit, &versions, &mut events, &mut unreadable);
                found.push((events, unreadable));
                versions.release(&commit);
                continue;
            }
            // Asked for in bursts, down to half and back up to the most,
            // so that the thread writing to git wakes up once for many.
            if versions.pending < MAX_PENDING / 2 {
                refill = true;
            }
            if refill
                && versions.pending < MAX_PENDING
                && let Some(commits) = &mut log
            {
                match commits.next().transpose()? {
                    Some(commit) => {
                        versions.pin(&commit);
                        waiting.push_back(commit);
                    }
                    None => {
                        // Nothing more to ask git for: it can finish.
                        log = None;
                        versions.request = None;
                    }
                }
                continue;
            }
            refill = false;
            if waiting.is_empty() && log.is_none() {
                break;
            }
            let batch =
                parsed.recv().map_err(|_| anyhow!(tr!("git cat-file 提前退出", "git cat-file stopped early")))?;
            versions.store(batch)?;
        }
        Ok(())
    })?;
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    for (e, u) in found.into_iter().rev() {
        events.extend(e);
        unreadable.extend(u);
    }
    Ok((events, unreadable))
}

/// A version to parse, by number (the order it was asked for in).
type Job = (usize, Kind, Vec<u8>);

/// Parsed versions by number, and what kept git from reading one.
type Done = Vec<(usize, Result<Parsed>)>;

/// Reads the versions git sends, parses those that come cheap (see
/// `quick`) and sends them on, and hands the others to the parser threads.
fn read_versions(
    mut blobs: git::Blobs<Kind>,
    to_parse: &SyncSender<Job>,
    to_compare: &SyncSender<Done>,
    registry: &Registry,
) {
    let mut memo = pieces::Memo::default();
    let mut batch = Vec::new();
    let mut number = 0;
    while let Some(blob) = blobs.next() {
        let parsed = match blob {
            Err(e) => Err(e),
            Ok((_, Blob::TooLarge)) => Ok(Err(Unparsed::TooLarge)),
            Ok((kind, Blob::Bytes(bytes))) => match quick(kind, &bytes, registry, &mut memo) {
                Some(parsed) => Ok(parsed),
                None => {
                    if to_parse.send((number, kind, bytes)).is_err() {
                        return;
                    }
                    number += 1;
                    continue;
                }
            },
        };
        batch.push((number, parsed));
        number += 1;
        // A batch goes before the reader waits for git: what it holds may
        // be what the comparison waits for.
        if (batch.len() == BATCH || blobs.would_wait()) && to_compare.send(std::mem::take(&mut batch)).is_err() {
            return;
        }
    }
    let _ = to_compare.send(batch);
}

/// Parses whole the versions the reader hands over, until it stops.
fn parse_whole(work: &Mutex<Receiver<Job>>, to_compare: &SyncSender<Done>, registry: &Registry) {
    loop {
        let next = work.lock().map_err(|_| ()).and_then(|w| w.recv().map_err(|_| ()));
        let Ok((i, kind, bytes)) = next else { break };
        if to_compare.send(vec![(i, Ok(whole(kind, &bytes, registry)))]).is_err() {
            break;
        }
    }
}

/// How many parsed versions go to the comparison at a time, at most.
const BATCH: usize = 16;
/// How many versions may be asked for and not yet parsed: enough to keep
/// git and every parser busy.
const MAX_PENDING: usize = 256;

/// A parsed version, or why there is none.
type Parsed = Result<Version, Unparsed>;

/// The states of a version.
enum Version {
    Whole(States),
    /// A group file read in pieces, shared with the versions that hold the
    /// same measures.
    Pieces(Pieces),
}

impl Version {
    fn states(&self) -> Cow<'_, States> {
        match self {
            Version::Whole(states) => Cow::Borrowed(states),
            Version::Pieces(pieces) => Cow::Owned(pieces.states()),
        }
    }
}

/// Why a version has no states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unparsed {
    /// It does not parse.
    Invalid,
    /// It is larger than the size limit and was not read.
    TooLarge,
}

/// A version's name: what the file is, and its blob ID.
type Name = (Kind, String);

/// The versions that the commits waiting to be compared need, parsed or on
/// their way.
struct Versions {
    entries: HashMap<Name, Entry>,
    /// By request number (the order git answers in): the version asked
    /// for, until it is in.
    requested: Vec<Option<Name>>,
    /// How many versions were asked for and are not in yet.
    pending: usize,
    /// Where versions are asked for; `None` once nothing more will be.
    request: Option<Sender<(String, Kind)>>,
}

struct Entry {
    /// `None` until it is in.
    parsed: Option<Parsed>,
    /// How many times waiting commits need it.
    pins: usize,
    /// Whether a commit that made it was compared: a later commit (in the
    /// order git lists them) hardly ever needs it again.
    made: bool,
}

impl Versions {
    fn new(request: Sender<(String, Kind)>) -> Versions {
        Versions { entries: HashMap::new(), requested: Vec::new(), pending: 0, request: Some(request) }
    }

    /// Notes the versions a commit needs, asking git for those not at hand.
    fn pin(&mut self, commit: &Commit) {
        for (kind, sha, _) in versions(commit) {
            let entry = self.entries.entry((kind, sha.clone())).or_insert_with(|| {
                if let Some(request) = &self.request {
                    // A request nobody reads shows as a version never in.
                    let _ = request.send((sha.clone(), kind));
                }
                self.requested.push(Some((kind, sha.clone())));
                self.pending += 1;
                Entry { parsed: None, pins: 0, made: false }
            });
            entry.pins += 1;
        }
    }

    /// Takes in parsed versions.
    fn store(&mut self, batch: Done) -> Result<()> {
        for (number, parsed) in batch {
            let parsed = parsed?;
            let version = self.requested[number].take().expect("a version arrives once");
            self.pending -= 1;
            self.entries.get_mut(&version).expect("a version asked for is pinned").parsed = Some(parsed);
        }
        Ok(())
    }

    /// Whether every version `commit` needs is in.
    fn ready(&self, commit: &Commit) -> bool {
        versions(commit).all(|(kind, sha, _)| self.get(kind, sha).is_some())
    }

    /// A version that is in.
    fn get(&self, kind: Kind, sha: &str) -> Option<&Parsed> {
        self.entries.get(&(kind, sha.to_string()))?.parsed.as_ref()
    }

    /// Unpins the versions of a compared commit, and drops those it made
    /// that no waiting commit needs.
    fn release(&mut self, commit: &Commit) {
        for (kind, sha, made) in versions(commit) {
            let entry = self.entries.get_mut(&(kind, sha.clone())).expect("a waiting commit's version is pinned");
            entry.pins -= 1;
            entry.made |= made;
        }
        for (kind, sha, _) in versions(commit) {
            let version = (kind, sha.clone());
            if self.entries.get(&version).is_some_and(|e| e.pins == 0 && e.made) {
                self.entries.remove(&version);
            }
        }
    }
}

/// The versions a commit needs: (kind, blob ID, whether the commit made
/// it), for the files the checklist reads.
fn versions(commit: &Commit) -> impl Iterator<Item = (Kind, &String, bool)> {
    commit.files.iter().filter_map(|file| Some((kind(&file.path)?, file))).flat_map(|(kind, file)| {
        let before = file.parents.iter().flatten().map(move |sha| (kind, sha, false));
        before.chain(file.blob.iter().map(move |sha| (kind, sha, true)))
    })
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

/// A version's text (invalid UTF-8 replaced). Checked with SIMD: most of
/// the text is Chinese, where the standard check goes a byte at a time,
/// and every version of a history is checked.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The states of a version when they come cheap: a group file in pieces,
/// or a settings file; `None` when it must be read whole.
fn quick(kind: Kind, bytes: &[u8], registry: &Registry, memo: &mut pieces::Memo) -> Option<Parsed> {
    match kind {
        Kind::Group => pieces::split(&text(bytes), memo, registry).map(|p| Ok(Version::Pieces(p))),
        Kind::Config | Kind::Registry => Some(whole(kind, bytes, registry)),
    }
}

/// The states of one version of a file of `kind`, read whole.
fn whole(kind: Kind, bytes: &[u8], registry: &Registry) -> Parsed {
    let text = text(bytes);
    let states = match kind {
        Kind::Group => store::read_group_text(&text).ok().map(|g| audit::states(g, registry)),
        Kind::Config => settings_audit::config_states(&text),
        Kind::Registry => settings_audit::registry_states(&text),
    };
    states.map(Version::Whole).ok_or(Unparsed::Invalid)
}

/// The events of one commit, from its versions.
fn diff_commit(commit: &Commit, versions: &Versions, events: &mut Vec<Event>, unreadable: &mut Vec<Unreadable>) {
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
        // None where the file does not exist; an error for a version that
        // exists but was not parsed.
        let version = |sha: &Option<String>| {
            sha.as_ref().map(|sha| {
                let parsed = versions.get(kind, sha);
                parsed.map_or(Err(Unparsed::Invalid), |parsed| parsed.as_ref().map_err(|why| *why))
            })
        };
        let result = version(&file.blob);
        let parents: Vec<Option<Result<&Version, Unparsed>>> = file.parents.iter().map(version).collect();
        let failed = |v: &Option<Result<&Version, Unparsed>>| v.as_ref().and_then(|v| v.err());
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
        let parents: Vec<Option<&Version>> = parents.into_iter().map(|p| p.and_then(Result::ok)).collect();
        let changes = changes(&parents, result);
        events.extend(changes.into_iter().map(|change| event(&file.path, change)));
    }
}

/// What a commit changed in a file, from its versions in the parents and
/// in the commit (`None` where the file does not exist).
fn changes(parents: &[Option<&Version>], result: Option<&Version>) -> Vec<Change> {
    if let ([Some(Version::Pieces(old))], Some(Version::Pieces(new))) = (parents, result) {
        return pieces::diff(old, new);
    }
    let result = result.map(Version::states);
    let parents: Vec<Option<Cow<States>>> = parents.iter().map(|p| p.map(Version::states)).collect();
    let parents: Vec<Option<&States>> = parents.iter().map(|p| p.as_deref()).collect();
    if parents.len() > 1 {
        audit::merge_diff(&parents, result.as_deref())
    } else {
        audit::diff(parents.first().copied().flatten(), result.as_deref())
    }
}

fn is_group_file(path: &str) -> bool {
    path.starts_with(&format!("{TASKS_DIR}/")) && (path.ends_with(".yaml") || path.ends_with(".yml"))
}
