//! Writing a file so that readers see the old contents or the new, never half.

use crate::tr;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Replaces `path` with `contents` so that readers see the old file or the
/// new one, never a half-written one: a temporary file in the same folder,
/// flushed to disk, then renamed over the original.
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    write_atomic_bytes(path, contents.as_bytes())
}

/// `write_atomic` for contents that are not text, such as a spreadsheet.
pub fn write_atomic_bytes(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| tr!("无法创建 {}", "cannot create {}", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| tr!("无法在 {} 中写入", "cannot write in {}", dir.display()))?;
    temp.write_all(contents)?;
    // A temporary file is private to its owner; the file it replaces keeps
    // the permissions it had, and a new one gets the usual rw-r--r--.
    if let Some(permissions) = std::fs::metadata(path).map(|m| m.permissions()).ok().or_else(default_permissions) {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).with_context(|| tr!("无法替换 {}", "cannot replace {}", path.display()))?;
    Ok(())
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
