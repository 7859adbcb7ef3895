//! The checklist's write lock: edits running at the same moment take turns,
//! whatever their temporary folder and whichever path names the checklist.
//!
//! The lock is the file `.taizhang.lock` at the checklist's root, locked with
//! the operating system's advisory file lock (released when the process ends,
//! however it ends). The holder writes its process ID into the file and
//! removes the file when done, so the file is there only while someone
//! writes, or after a writer was killed (the next writer takes it over).

use crate::model::config::Config;
use crate::store::CONFIG_FILE;
use crate::tr;
use anyhow::{Context, Result, bail};
use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// The lock file, relative to the checklist root.
pub const LOCK_FILE: &str = ".taizhang.lock";

/// The environment variable that overrides the `lock_timeout` setting.
pub const TIMEOUT_VARIABLE: &str = "TAIZHANG_LOCK_TIMEOUT";

/// How long a writer waits silently before saying what it waits for.
const QUIET_WAIT: Duration = Duration::from_secs(1);

/// How often a waiting writer tries the lock again.
const POLL: Duration = Duration::from_millis(20);

/// Holds the checklist's write lock until dropped.
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

impl Drop for WriteLock {
    /// Removes the lock file while still holding it: a writer that opened
    /// it meanwhile finds, once it gets the lock, that the file is no longer
    /// the one at the path, and starts over with the current one.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Waits for the checklist's write lock, at most the `lock_timeout` setting
/// (or `TAIZHANG_LOCK_TIMEOUT`), saying what it waits for after a second.
/// Once held, temporary files that earlier writers left behind are removed.
pub fn lock(root: &Path) -> Result<WriteLock> {
    lock_within(root, timeout(root)?)
}

/// `lock` with the timeout given.
fn lock_within(root: &Path, timeout: Duration) -> Result<WriteLock> {
    let path = root.join(LOCK_FILE);
    let start = Instant::now();
    let mut told = false;
    loop {
        let mut file = open(&path)?;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| tr!("无法锁定 {}", "cannot lock {}", path.display()));
                }
            }
            let waited = start.elapsed();
            if waited >= timeout {
                bail!(tr!(
                    "等待写锁 {} 超过 {} 秒,进程 {} 仍在写入;未做任何更改\n\
                     hint: 请待该进程结束后重试;需要等待更久时,在 taizhang.toml 的 [settings] 中设置 \
                     lock_timeout(秒),或设置环境变量 {TIMEOUT_VARIABLE}",
                    "gave up waiting for the write lock {} after {} s: process {} is still writing; nothing was changed\n\
                     hint: try again when that process has finished; to wait longer, set lock_timeout (seconds) \
                     under [settings] in taizhang.toml, or {TIMEOUT_VARIABLE}",
                    path.display(),
                    seconds(timeout),
                    holder(&path)
                ));
            }
            if !told && waited >= QUIET_WAIT {
                eprintln!(
                    "{}",
                    tr!(
                        "进程 {} 正在等待写锁 {}(进程 {} 正在写入),最多等待 {} 秒…",
                        "process {} is waiting for the write lock {} (held by process {}), for at most {} s…",
                        std::process::id(),
                        path.display(),
                        holder(&path),
                        seconds(timeout)
                    )
                );
                told = true;
            }
            std::thread::sleep(POLL.min(timeout - waited));
        }
        if is_at(&file, &path) {
            // Only the holder writes the file, so this is the holder's PID for
            // whoever waits; a file opened read-only just stays as it was.
            let _ = file.set_len(0).and_then(|()| writeln!(file, "{}", std::process::id()));
            let since = SystemTime::now();
            super::write::remove_temporaries(root, since);
            return Ok(WriteLock { file, path });
        }
    }
}

/// Opens the lock file, creating it when absent. Locking needs only read
/// access, so a lock file another user left serves too.
fn open(path: &Path) -> Result<File> {
    let created = std::fs::OpenOptions::new().create(true).truncate(false).read(true).write(true).open(path);
    let error = match created {
        Ok(file) => return Ok(file),
        Err(e) => e,
    };
    if let Ok(file) = File::open(path) {
        return Ok(file);
    }
    bail!(tr!(
        "无法创建锁文件 {}: {error};台账目录不可写,未做任何更改\n\
         hint: 修改需要对台账目录的写权限;请在可写的副本中修改,或请管理员授予权限",
        "cannot create the lock file {}: {error}; the checklist folder is not writable, nothing was changed\n\
         hint: edits need write access to the checklist folder; work in a writable copy, or ask for access",
        path.display()
    ))
}

/// Whether `file` is still the file at `path` (the holder before us may
/// have removed it, and another writer created a new one).
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

/// Open files cannot be removed here, so the file at the path is the one held.
#[cfg(not(unix))]
fn is_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The process ID the holder wrote into the lock file, or a question mark.
fn holder(path: &Path) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .map_or_else(|| "?".to_string(), |pid| pid.to_string())
}

/// `TAIZHANG_LOCK_TIMEOUT` in seconds when set, else the checklist's
/// `lock_timeout` setting. The settings are read before the lock is held,
/// so a `taizhang.toml` that does not read gives the default here and is
/// reported by the load that follows.
fn timeout(root: &Path) -> Result<Duration> {
    if let Ok(value) = std::env::var(TIMEOUT_VARIABLE) {
        return value
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
            .ok_or_else(|| {
                anyhow::anyhow!(tr!(
                    "{TIMEOUT_VARIABLE} 的值 `{value}` 不是秒数\nhint: 写作秒数,如 {TIMEOUT_VARIABLE}=60",
                    "{TIMEOUT_VARIABLE} is `{value}`, not a number of seconds\nhint: give seconds, such as {TIMEOUT_VARIABLE}=60"
                ))
            });
    }
    // The guarded reader: a FIFO there would block before the wait begins.
    let settings = super::read::checklist_file(root, &root.join(CONFIG_FILE), super::read::Limit::before_settings())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| toml::from_str::<Config>(&text).ok())
        .map(|c| c.settings)
        .unwrap_or_default();
    Ok(Duration::from_secs(settings.lock_timeout))
}

/// A duration as the seconds a user wrote: `30`, `1.5`.
fn seconds(duration: Duration) -> String {
    format!("{}", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_until_the_first_is_done() {
        let root = tempfile::tempdir().unwrap();
        let first = lock_within(root.path(), Duration::ZERO).unwrap();
        let pid = std::fs::read_to_string(root.path().join(LOCK_FILE)).unwrap();
        assert_eq!(pid, format!("{}\n", std::process::id()), "the holder names itself");
        let refused = lock_within(root.path(), Duration::from_millis(50)).err().expect("the lock is held");
        assert!(format!("{refused}").contains(LOCK_FILE), "{refused}");
        drop(first);
        assert!(!root.path().join(LOCK_FILE).exists(), "the holder removes the file");
        let second = lock_within(root.path(), Duration::ZERO).unwrap();
        assert!(root.path().join(LOCK_FILE).exists());
        drop(second);
    }

    #[test]
    fn a_lock_file_left_by_a_killed_writer_is_taken_over() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join(LOCK_FILE), "999999\n").unwrap();
        let held = lock_within(root.path(), Duration::ZERO).unwrap();
        let pid = std::fs::read_to_string(root.path().join(LOCK_FILE)).unwrap();
        assert_eq!(pid, format!("{}\n", std::process::id()));
        drop(held);
    }

    #[test]
    fn temporaries_older_than_the_lock_are_removed() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(crate::store::TASKS_DIR)).unwrap();
        let stale = root.path().join("tasks/.01.yaml.AbCdEf.taizhang-tmp");
        let other = root.path().join("tasks/notes.taizhang-tmp");
        std::fs::write(&stale, "half").unwrap();
        std::fs::write(&other, "not ours").unwrap();
        std::thread::sleep(Duration::from_millis(20));
        drop(lock_within(root.path(), Duration::ZERO).unwrap());
        assert!(!stale.exists() && other.exists());
    }
}
