//! The checklist's write lock: edits running at the same moment take turns.

use crate::tr;
use anyhow::{Context, Result};
use std::path::Path;

/// Holds the checklist's write lock until dropped, so that edits running at
/// the same moment take turns. The lock file lives in the temporary folder,
/// named after the checklist, so it never shows up in the repository.
pub struct WriteLock {
    _file: std::fs::File,
}

/// Waits for the checklist's write lock. Once held, temporary files that
/// earlier writers left behind are removed.
pub fn lock(root: &Path) -> Result<WriteLock> {
    // FNV-1a of the root path: the same name from every taizhang version.
    let hash = root
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let path = std::env::temp_dir().join(format!("taizhang-{hash:016x}.lock"));
    // Locking needs only read access, so another user's lock file serves too.
    let file = std::fs::File::open(&path)
        .or_else(|_| std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path))
        .with_context(|| tr!("无法打开锁文件 {}", "cannot open the lock file {}", path.display()))?;
    file.lock().with_context(|| tr!("无法锁定 {}", "cannot lock {}", path.display()))?;
    super::write::remove_temporaries(root, std::time::SystemTime::now());
    Ok(WriteLock { _file: file })
}
