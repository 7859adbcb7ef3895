//! The only module that runs git. Git is the audit trail: commits made by
//! `set --commit`, and the history `history` and `review` read back.

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
        .context("cannot run git\nhint: install git and make sure it is on PATH")?;
    if let Some(input) = input {
        child.stdin.take().expect("stdin is piped").write_all(input.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
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

/// Fails with a hint unless `dir` is inside a git work tree.
pub fn require_repository(dir: &Path, what: &str) -> Result<()> {
    if is_repository(dir) {
        return Ok(());
    }
    bail!(
        "{what} needs git, but {} is not in a git repository\n\
         hint: the checklist's history is its git history; run `git init` and commit the checklist first",
        dir.display()
    )
}

/// Commits exactly `path` (relative to `dir`) with `message`; returns the
/// new commit's short hash.
pub fn commit_file(dir: &Path, path: &str, message: &str) -> Result<String> {
    run(dir, &["add", "--", path], None)?;
    run(dir, &["commit", "--quiet", "--file", "-", "--", path], Some(message))?;
    Ok(run(dir, &["rev-parse", "--short", "HEAD"], None)?.trim().to_string())
}
