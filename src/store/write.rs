//! Writing a file so that readers see the old contents or the new, never half;
//! and the temporary files that makes, which an interrupted write leaves.

use crate::store::TASKS_DIR;
use crate::tr;
use anyhow::{Context, Result};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How a temporary file's name ends: `.01.yaml.Ab3dE9.taizhang-tmp` is on
/// its way to becoming `01.yaml` in the same folder.
pub const TEMP_SUFFIX: &str = ".taizhang-tmp";

/// Test-only: milliseconds to pause between writing the temporary file and
/// renaming it over the original, so that a test can kill the writer there.
const PAUSE_VARIABLE: &str = "TAIZHANG_TEST_PAUSE_WRITE";

/// Replaces `path` with `contents` so that readers see the old file or the
/// new one, never a half-written one: a temporary file in the same folder,
/// named after the file, flushed to disk, then renamed over the original.
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    write_atomic_bytes(path, contents.as_bytes())
}

/// `write_atomic` for contents that are not text, such as a spreadsheet.
pub fn write_atomic_bytes(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| tr!("无法创建 {}", "cannot create {}", dir.display()))?;
    let mut prefix = OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .with_context(|| tr!("无法在 {} 中写入", "cannot write in {}", dir.display()))?;
    temp.write_all(contents)?;
    // A temporary file is private to its owner; the file it replaces keeps
    // the permissions it had, and a new one gets the usual rw-r--r--.
    if let Some(permissions) = std::fs::metadata(path).map(|m| m.permissions()).ok().or_else(default_permissions) {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    if let Some(ms) = std::env::var(PAUSE_VARIABLE).ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    temp.persist(path).with_context(|| tr!("无法替换 {}", "cannot replace {}", path.display()))?;
    Ok(())
}

/// The temporary files at the root and in `tasks/`, where the checklist's
/// own writes make them: left there only by a write that was interrupted
/// (or one running right now).
pub fn temporaries(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in [root.to_path_buf(), root.join(TASKS_DIR)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(TEMP_SUFFIX) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

/// Removes the temporary files last modified before `since`. Called with
/// the write lock held: every write of the checklist's files holds it, so
/// such a file belongs to a write that is over, killed before its rename.
/// (`export -o` into these folders takes no lock: should its temporary go,
/// its rename fails and it says so.)
pub fn remove_temporaries(root: &Path, since: SystemTime) {
    for path in temporaries(root) {
        let stale = std::fs::symlink_metadata(&path).and_then(|m| m.modified()).is_ok_and(|t| t < since);
        if stale {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The permissions of a new file: rw-r--r-- where files have modes.
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
