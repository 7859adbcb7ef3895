//! Writing a file so that readers see the old contents or the new, never half;
//! and the temporary files that makes, which an interrupted write leaves.

use crate::store::TASKS_DIR;
use crate::tr;
use anyhow::{Context, Result, bail};
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

/// Symbolic links followed before giving up, as the operating system does.
const MAX_LINKS: usize = 40;

/// Replaces `path` with `contents` so that readers see the old file or the
/// new one, never a half-written one (see `write_atomic_bytes`).
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    write_atomic_bytes(path, contents.as_bytes())
}

/// Writes `contents` to `path`, whatever is there:
/// - nothing, or a regular file: a temporary file in the same folder,
///   flushed to disk, then renamed over it;
/// - a symbolic link: the same, to the file it points to (made when
///   absent); the link itself stays;
/// - a FIFO or a character device (`/dev/null`): written through, as a
///   shell's `>` would;
/// - a folder, a block device or a socket: refused.
///
/// Paths under `/dev` and `/proc` (`/dev/stdout`, `/dev/fd/3`) are written
/// through, appending when they lead to a file: that is the file a shell
/// holds open for us, which a rename would take away from it.
pub fn write_atomic_bytes(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, &mut |out| Ok(out.write_all(contents)?))
}

/// `write_atomic_bytes`, with the contents written by `write` as they are
/// made, in large writes, rather than held in memory first. When `write`
/// fails, the temporary file goes and `path` keeps what it had.
pub fn write_atomic_with(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> Result<()>) -> Result<()> {
    let special = is_special(path);
    // The kernel's own links (`/proc/self/fd/1` → `pipe:[…]`) lead nowhere
    // a path can name, so special paths are taken as they are.
    let target = if special { path.to_path_buf() } else { resolve(path)? };
    match Kind::of(&target) {
        Kind::Absent | Kind::Regular if !special => replace(&target, write),
        Kind::Absent | Kind::Regular | Kind::Through => write_through(path, write),
        Kind::Folder => bail!(tr!(
            "{} 是目录,无法写入\nhint: 请指定文件名,如 {}",
            "{} is a folder, not a file\nhint: name a file, such as {}",
            path.display(),
            path.join("ledger.xlsx").display()
        )),
        Kind::Refused => bail!(tr!(
            "{} 既不是普通文件也不是管道,未写入\nhint: 请指定普通文件",
            "{} is neither a file nor a pipe; nothing was written\nhint: name a regular file",
            path.display()
        )),
    }
}

/// What is at a path, as far as writing to it goes.
enum Kind {
    Absent,
    Regular,
    Folder,
    /// A FIFO or a character device: written through.
    Through,
    /// A block device or a socket.
    Refused,
}

impl Kind {
    fn of(path: &Path) -> Kind {
        let Ok(meta) = std::fs::metadata(path) else { return Kind::Absent };
        let kind = meta.file_type();
        if kind.is_file() {
            return Kind::Regular;
        }
        if kind.is_dir() {
            return Kind::Folder;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() || kind.is_char_device() {
                return Kind::Through;
            }
        }
        Kind::Refused
    }
}

/// Device files and the kernel's views of open files.
fn is_special(path: &Path) -> bool {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute.starts_with("/dev") || absolute.starts_with("/proc")
}

/// `path` with every symbolic link at its end followed (the folders above
/// it are left as they are): the file a write through `path` must change.
fn resolve(path: &Path) -> Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&at)
                    .with_context(|| tr!("无法读取链接 {}", "cannot read the link {}", at.display()))?;
                at = at.parent().unwrap_or(Path::new("")).join(link);
            }
            _ => return Ok(at),
        }
    }
    bail!(tr!("{} 是循环的符号链接,未写入", "{} is a loop of symbolic links; nothing was written", path.display()))
}

/// Writes into what is at `path` without replacing it (appending, which a
/// pipe or a device does anyway, and which keeps what a shell script wrote
/// before into the file behind `/dev/stdout`).
fn write_through(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> Result<()>) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .with_context(|| tr!("无法写入 {}", "cannot write to {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(BUFFER, file);
    write(&mut out)
        .and_then(|()| Ok(out.flush()?))
        .with_context(|| tr!("无法写入 {}", "cannot write to {}", path.display()))?;
    Ok(())
}

/// How much is written at a time.
const BUFFER: usize = 1 << 18;

/// A temporary file beside `path`, named after it, renamed over it.
fn replace(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> Result<()>) -> Result<()> {
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
    let mut out = std::io::BufWriter::with_capacity(BUFFER, temp.as_file_mut());
    write(&mut out)
        .and_then(|()| Ok(out.flush()?))
        .with_context(|| tr!("无法写入 {}", "cannot write to {}", path.display()))?;
    drop(out);
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_write_through_a_chain_of_links_changes_the_last_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("out")).unwrap();
        std::fs::write(d.join("out/real.csv"), "old").unwrap();
        std::os::unix::fs::symlink("real.csv", d.join("out/mid.csv")).unwrap();
        std::os::unix::fs::symlink("out/mid.csv", d.join("link.csv")).unwrap();
        write_atomic(&d.join("link.csv"), "new").unwrap();
        assert_eq!(std::fs::read_to_string(d.join("out/real.csv")).unwrap(), "new");
        for link in ["link.csv", "out/mid.csv"] {
            assert!(d.join(link).symlink_metadata().unwrap().file_type().is_symlink(), "{link} stays a link");
        }
        assert_eq!(temporaries(d), Vec::<PathBuf>::new());
    }

    #[test]
    fn a_loop_of_links_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::os::unix::fs::symlink("b", d.join("a")).unwrap();
        std::os::unix::fs::symlink("a", d.join("b")).unwrap();
        let error = write_atomic(&d.join("a"), "x").expect_err("refused");
        assert!(format!("{error}").contains("loop") || format!("{error}").contains("循环"), "{error}");
    }
}
