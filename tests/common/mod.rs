//! Shared test helpers: run the real binary in a clean environment on a
//! copy of a fixture checklist.
#![allow(dead_code)]

pub mod returned;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary printed, and its exit status.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The repository root (where the shipped checklist lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// The home directory the binary sees: a path that does not exist, so that
/// the user's own `~/.config/taizhang/config.toml` (where a liaison keeps
/// `unit = "…"`) never changes what a test does.
pub const NO_HOME: &str = "/nonexistent/taizhang-test-home";

/// The binary with a clean environment: no inherited taizhang settings, no
/// user config (HOME and XDG_CONFIG_HOME point nowhere), no locale (so
/// messages outside a checklist are English), no terminal width, a pinned
/// git identity.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    cmd.current_dir(dir)
        .env_remove("TAIZHANG_TODAY")
        .env_remove("TAIZHANG_UNIT")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("COLUMNS")
        .env("HOME", NO_HOME)
        .env("XDG_CONFIG_HOME", Path::new(NO_HOME).join(".config"))
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// Runs the binary in `dir` with `args`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let output = command(dir).args(args).output().expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of the test checklist `tests/fixtures/base`.
pub fn base_checklist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("base"), dir.path());
    dir
}

/// A temporary copy of the shipped checklist (taizhang.toml and tasks/).
pub fn shipped_checklist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("taizhang.toml"), dir.path().join("taizhang.toml")).unwrap();
    copy_dir(&repo().join("tasks"), &dir.path().join("tasks"));
    dir
}

/// The last day of a deadline key (`2021-06` → 2021-06-30, `2021-06-15`
/// itself); none for `ongoing`. Worked out here, not by the code under test.
pub fn last_day(key: &str) -> Option<chrono::NaiveDate> {
    use chrono::NaiveDate;
    if let Ok(day) = NaiveDate::parse_from_str(key, "%Y-%m-%d") {
        return Some(day);
    }
    let first = NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d").ok()?;
    first.checked_add_months(chrono::Months::new(1))?.pred_opt()
}

/// A small deterministic generator, so a failing seed reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The binary as `command` gives it, but run as the user `nobody` when the
/// tests run as the superuser, who may read and write anything: for tests of
/// what permissions refuse. The checklist must be readable by others.
#[cfg(unix)]
pub fn command_unprivileged(dir: &Path) -> Command {
    let clean = command(dir);
    let superuser = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
    if !superuser {
        return clean;
    }
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(clean.get_program())
        .current_dir(dir)
        .envs(clean.get_envs().filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))));
    cmd
}
