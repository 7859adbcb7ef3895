//! The only module that runs git. Git is the audit trail: commits made by
//! `set --commit`, and the history `history` and `review` read back.

pub mod audit;
pub mod pieces;
pub mod settings_audit;
pub mod trail;

use crate::store::Limit;
use crate::tr;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A git command run in `dir`.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).env("LC_ALL", "C");
    cmd
}

/// Runs git and returns its stdout; a failure carries git's own message.
fn run(dir: &Path, args: &[&str], input: Option<&str>) -> Result<String> {
    let mut child = git(dir)
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            tr!(
                "无法运行 git\nhint: 请安装 git 并确认它在 PATH 中",
                "cannot run git\nhint: install git and make sure it is on PATH"
            )
        })?;
    if let Some(input) = input {
        child.stdin.take().expect("stdin is piped").write_all(input.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!(tr!(
            "git {} 运行失败: {}",
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Whether `dir` is inside a git work tree.
pub fn is_repository(dir: &Path) -> bool {
    git(dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Makes `dir` (which must exist) a new git repository, for `init`.
pub fn init(dir: &Path) -> Result<()> {
    run(dir, &["init", "--quiet"], None)?;
    Ok(())
}

/// Whether the repository at `dir` has a commit yet.
pub fn has_commits(dir: &Path) -> bool {
    git(dir)
        .args(["rev-parse", "-q", "--verify", "HEAD"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Fails with a hint unless `dir` is inside a git work tree.
pub fn require_repository(dir: &Path, what: &str) -> Result<()> {
    if is_repository(dir) {
        return Ok(());
    }
    bail!(tr!(
        "{what}需要 git,但 {} 不在 git 仓库中\n\
         hint: 台账的变更记录就是它的 git 历史;请先运行 `git init` 并提交台账",
        "{what} needs git, but {} is not in a git repository\n\
         hint: the checklist's history is its git history; run `git init` and commit the checklist first",
        dir.display()
    ))
}

/// Whether `path` (relative to `dir`) is tracked and has no change, staged
/// or not, from its committed version: then a commit of the file after one
/// edit holds that edit and nothing else.
pub fn is_unchanged(dir: &Path, path: &str) -> Result<bool> {
    // `--ignored` and untracked files show too: a file git does not track
    // has no committed version to start from.
    let status = run(dir, &["status", "--porcelain=v1", "--ignored", "--untracked-files=all", "--", path], None)?;
    Ok(has_commits(dir) && status.trim().is_empty())
}

/// Commits exactly `path` (relative to `dir`) with `message`; returns the
/// new commit's short hash.
pub fn commit_file(dir: &Path, path: &str, message: &str) -> Result<String> {
    commit_files(dir, &[path], message)
}

/// Commits exactly `paths` (relative to `dir`) with `message`, as one
/// commit; returns the new commit's short hash.
pub fn commit_files(dir: &Path, paths: &[&str], message: &str) -> Result<String> {
    let mut add = vec!["add", "--"];
    add.extend_from_slice(paths);
    run(dir, &add, None)?;
    let mut commit = vec!["commit", "--quiet", "--file", "-", "--"];
    commit.extend_from_slice(paths);
    run(dir, &commit, Some(message))?;
    Ok(run(dir, &["rev-parse", "--short", "HEAD"], None)?.trim().to_string())
}

/// The full ID of the commit a revision the user gave names (`main`,
/// `origin/main`, `HEAD~2`, an abbreviated ID), or an error naming the
/// revision. Whatever the text, git reads it as a revision and nothing
/// else (`--output=…` is refused, never obeyed), and only the ID it
/// resolves to is passed on to later git commands.
pub fn resolve_commit(dir: &Path, revision: &str) -> Result<String> {
    // No revision starts with `-` (git refuses such names): the text is an
    // option, and git is not even asked.
    if !revision.starts_with('-') {
        let spec = format!("{revision}^{{commit}}");
        let output = git(dir)
            .args(["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .with_context(|| {
                tr!(
                    "无法运行 git\nhint: 请安装 git 并确认它在 PATH 中",
                    "cannot run git\nhint: install git and make sure it is on PATH"
                )
            })?;
        let id = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if output.status.success() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(id);
        }
    }
    bail!(tr!(
        "`{}` 不是本仓库中的提交\nhint: 请写分支名、标签或提交号,如 origin/main 或 HEAD~1",
        "`{}` is not a commit in this repository\nhint: write a branch, a tag or a commit ID, such as origin/main or HEAD~1",
        crate::report::render::value(revision, "")
    ))
}

/// A commit that touched the checklist.
#[derive(Debug, Clone)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    pub email: String,
    /// Author date, ISO 8601 with the author's offset.
    pub date: String,
    pub files: Vec<FileChange>,
}

/// One file a commit changed: its blob in each parent (`None` where the file
/// did not exist) and its blob in the commit (`None` when deleted).
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the checklist root.
    pub path: String,
    pub parents: Vec<Option<String>>,
    pub blob: Option<String>,
}

/// The commits in `range` (all history when `None`) that touched `paths`,
/// newest first, read as git finds them (so that their contents can be
/// read while git is still walking the history). Merges list the files that
/// differ from every parent, so that a conflict resolution is seen and a
/// clean merge adds nothing.
pub fn log(root: &Path, range: Option<&str>, paths: &[&str]) -> Result<Log> {
    let prefix = run(root, &["rev-parse", "--show-prefix"], None)?.trim().to_string();
    let mut args = vec![
        "-c",
        "core.quotePath=false",
        "log",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--cc",
        "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI",
    ];
    if range.is_some() {
        // A range is never an option, whatever it starts with.
        args.push("--end-of-options");
    }
    args.extend(range);
    args.push("--");
    args.extend(paths);
    let mut child =
        git(root).args(&args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().with_context(
            || {
                tr!(
                    "无法运行 git\nhint: 请安装 git 并确认它在 PATH 中",
                    "cannot run git\nhint: install git and make sure it is on PATH"
                )
            },
        )?;
    let output = std::io::BufReader::with_capacity(1 << 16, child.stdout.take().expect("stdout is piped"));
    // Read aside, so that git never waits on a full pipe of messages.
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut text);
        text
    });
    let command = args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" ");
    Ok(Log { child, output, errors: Some(errors), command, prefix, chunk: Vec::new(), done: false, exited: false })
}

/// The commits `log` reads, one at a time.
pub struct Log {
    child: std::process::Child,
    output: std::io::BufReader<std::process::ChildStdout>,
    errors: Option<std::thread::JoinHandle<Vec<u8>>>,
    command: String,
    prefix: String,
    chunk: Vec<u8>,
    /// No more commits, after the last or an error.
    done: bool,
    /// git was waited for.
    exited: bool,
}

impl Log {
    /// The next commit; `None` at the end, once git has exited well.
    fn next_commit(&mut self) -> Result<Option<Commit>> {
        use std::io::BufRead;
        loop {
            self.chunk.clear();
            let read = self.output.read_until(b'\x1e', &mut self.chunk).map_err(|e| anyhow::anyhow!("git log: {e}"))?;
            if read == 0 {
                self.finish()?;
                return Ok(None);
            }
            if self.chunk.last() == Some(&b'\x1e') {
                self.chunk.pop();
            }
            let chunk = String::from_utf8_lossy(&self.chunk);
            if !chunk.trim().is_empty() {
                return commit(&chunk, &self.prefix).map(Some);
            }
        }
    }

    /// Waits for git; a failure carries git's own message.
    fn finish(&mut self) -> Result<()> {
        self.done = true;
        self.exited = true;
        let status = self.child.wait()?;
        let errors = self.errors.take().map(|e| e.join().unwrap_or_default()).unwrap_or_default();
        if !status.success() {
            bail!(tr!(
                "git {} 运行失败: {}",
                "git {} failed: {}",
                self.command,
                String::from_utf8_lossy(&errors).trim()
            ));
        }
        Ok(())
    }
}

impl Iterator for Log {
    type Item = Result<Commit>;

    fn next(&mut self) -> Option<Result<Commit>> {
        if self.done {
            return None;
        }
        let next = self.next_commit();
        if next.is_err() {
            self.done = true;
        }
        next.transpose()
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        // git may be waiting for its output to be read: it is not.
        if !self.exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(errors) = self.errors.take() {
            let _ = errors.join();
        }
    }
}

/// One commit of `log`'s output: its header line, then one line per file.
fn commit(chunk: &str, prefix: &str) -> Result<Commit> {
    let mut lines = chunk.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\x1f').collect();
    let [hash, author, email, date] = header[..] else {
        bail!(tr!("git log 的输出无法识别: {chunk}", "unexpected git log output: {chunk}"))
    };
    let files = lines.filter(|l| l.starts_with(':')).filter_map(|l| raw_change(l, prefix)).collect();
    Ok(Commit {
        hash: hash.to_string(),
        author: author.to_string(),
        email: email.to_string(),
        date: date.to_string(),
        files,
    })
}

/// Parses `:100644 100644 <old> <new> M\tpath` (one colon per parent).
fn raw_change(line: &str, prefix: &str) -> Option<FileChange> {
    let (meta, path) = line.split_once('\t')?;
    let parents = meta.bytes().take_while(|b| *b == b':').count();
    let fields: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
    let shas = fields.get(parents + 1..2 * parents + 2)?;
    let blob = |sha: &str| (!sha.bytes().all(|b| b == b'0')).then(|| sha.to_string());
    Some(FileChange {
        path: path.strip_prefix(prefix).unwrap_or(path).to_string(),
        parents: shas[..parents].iter().map(|s| blob(s)).collect(),
        blob: blob(shas[parents]),
    })
}

/// The blob IDs of `paths` at `revision`, by path relative to the checklist root.
pub fn tree_blobs(root: &Path, revision: &str, paths: &[&str]) -> Result<Vec<(String, String)>> {
    let prefix = run(root, &["rev-parse", "--show-prefix"], None)?.trim().to_string();
    // A revision is never an option, whatever it starts with.
    let mut args = vec!["-c", "core.quotePath=false", "ls-tree", "-r", "--end-of-options", revision, "--"];
    args.extend(paths);
    let output = run(root, &args, None)?;
    Ok(output
        .lines()
        .filter_map(|line| {
            let (meta, path) = line.split_once('\t')?;
            let sha = meta.split(' ').nth(2)?;
            Some((path.strip_prefix(prefix.as_str()).unwrap_or(path).to_string(), sha.to_string()))
        })
        .collect())
}

/// One blob read from git.
pub enum Blob {
    Bytes(Vec<u8>),
    /// Larger than the size limit: skipped unread, as a file that size is.
    TooLarge,
}

/// Blobs read through one `git cat-file --batch`, in the order asked for,
/// each with the tag it was asked for with. A thread writes the requests as
/// they come while the replies are read, so neither side waits for the
/// other between two blobs.
pub struct Blobs<T> {
    child: std::process::Child,
    output: std::io::BufReader<std::process::ChildStdout>,
    writer: Option<std::thread::JoinHandle<()>>,
    /// The tags of the requests written, in order.
    tags: std::sync::mpsc::Receiver<T>,
    limit: u64,
    header: String,
    done: bool,
}

/// The blobs that `requests` asks for (blob ID and tag), read through one
/// `git cat-file --batch` until the last sender of requests is gone; none
/// larger than `limit` is read into memory.
pub fn blobs<T: Send + 'static>(
    root: &Path,
    requests: std::sync::mpsc::Receiver<(String, T)>,
    limit: Limit,
) -> Result<Blobs<T>> {
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| tr!("无法运行 git cat-file", "cannot run git cat-file"))?;
    let input = child.stdin.take().expect("stdin is piped");
    let output = std::io::BufReader::with_capacity(1 << 16, child.stdout.take().expect("stdout is piped"));
    let (tag, tags) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        use std::sync::mpsc::TryRecvError;
        let mut input = std::io::BufWriter::new(input);
        // A git that stopped early shows as a reply missing, where it is read.
        loop {
            let (id, t) = match requests.try_recv() {
                Ok(request) => request,
                Err(TryRecvError::Disconnected) => break,
                // Nothing more for now: what was asked for must reach git.
                Err(TryRecvError::Empty) => match input.flush().ok().and_then(|()| requests.recv().ok()) {
                    Some(request) => request,
                    None => break,
                },
            };
            // The tag first: the reply is read only once the request is out.
            if tag.send(t).is_err() || writeln!(input, "{id}").is_err() {
                return;
            }
        }
        let _ = input.flush();
    });
    Ok(Blobs { child, output, writer: Some(writer), tags, limit: limit.bytes(), header: String::new(), done: false })
}

impl<T> Blobs<T> {
    /// Whether the next blob must wait for git: none of it was read yet.
    pub fn would_wait(&self) -> bool {
        self.output.buffer().is_empty()
    }

    /// The next blob; `None` once every request was answered.
    fn next_blob(&mut self) -> Result<Option<(T, Blob)>> {
        use std::io::{BufRead, Read};
        self.header.clear();
        // git's own I/O errors become messages: a broken pipe to git is not
        // the reader of our output going away.
        let failed = |e: std::io::Error| anyhow::anyhow!("git cat-file: {e}");
        if self.output.read_line(&mut self.header).map_err(failed)? == 0 {
            self.done = true;
            return Ok(None);
        }
        let tag = self.tags.recv().map_err(|_| anyhow::anyhow!("git cat-file: {}", self.header.trim()))?;
        let size: u64 = self
            .header
            .split(' ')
            .nth(2)
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| anyhow::anyhow!("git cat-file: {}", self.header.trim()))?;
        // The content, then a newline.
        if size > self.limit {
            let skipped =
                std::io::copy(&mut (&mut self.output).take(size + 1), &mut std::io::sink()).map_err(failed)?;
            if skipped != size + 1 {
                bail!("git cat-file: {}", tr!("输出不完整", "output cut short"));
            }
            return Ok(Some((tag, Blob::TooLarge)));
        }
        let mut content = Vec::with_capacity(usize::try_from(size)? + 1);
        let read = (&mut self.output).take(size + 1).read_to_end(&mut content).map_err(failed)?;
        if read as u64 != size + 1 {
            bail!("git cat-file: {}", tr!("输出不完整", "output cut short"));
        }
        content.pop();
        Ok(Some((tag, Blob::Bytes(content))))
    }
}

impl<T> Iterator for Blobs<T> {
    type Item = Result<(T, Blob)>;

    fn next(&mut self) -> Option<Result<(T, Blob)>> {
        if self.done {
            return None;
        }
        let blob = self.next_blob();
        if blob.is_err() {
            self.done = true;
        }
        blob.transpose()
    }
}

impl<T> Drop for Blobs<T> {
    fn drop(&mut self) {
        // Killing git ends a writer still blocked on a full pipe.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}
