//! Reading a file the tool consumes, without trusting it: what a path names
//! is checked before it is opened (a FIFO or a device is never opened, a
//! link is followed only to a regular file inside the checklist), and no
//! more than the size limit is ever read, whatever the file claims.

use crate::tr;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The size limit when neither the environment nor the checklist sets one, in MB.
pub const DEFAULT_LIMIT_MB: u64 = 64;

/// The variable that sets the size limit, in MB, for every command (and the
/// only way to set it for `import`, which may have no checklist yet).
pub const LIMIT_VARIABLE: &str = "TAIZHANG_MAX_FILE_MB";

/// The most bytes the tool reads from one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    mb: u64,
}

impl Limit {
    /// `TAIZHANG_MAX_FILE_MB` when set, else the checklist's `max_file_mb`
    /// setting, else 64 MB.
    pub fn new(setting: Option<u64>) -> anyhow::Result<Limit> {
        match std::env::var_os(LIMIT_VARIABLE) {
            Some(value) if !value.is_empty() => {
                let text = value.to_string_lossy();
                let mb = text.trim().parse::<u64>().ok().filter(|mb| mb.checked_mul(1 << 20).is_some());
                let mb = mb.ok_or_else(|| {
                    anyhow::anyhow!(tr!(
                        "{LIMIT_VARIABLE} 的值 `{text}` 不是以 MB 计的整数\nhint: 例如 {LIMIT_VARIABLE}=128",
                        "{LIMIT_VARIABLE} is `{text}`, not a whole number of MB\nhint: for example {LIMIT_VARIABLE}=128"
                    ))
                })?;
                Ok(Limit { mb })
            }
            _ => Ok(Limit { mb: setting.unwrap_or(DEFAULT_LIMIT_MB).min(u64::MAX >> 20) }),
        }
    }

    /// The environment's limit, else the default: before the checklist's
    /// setting is known (to read `taizhang.toml` itself) or where there is
    /// no checklist.
    pub fn before_settings() -> Limit {
        Limit::new(None).unwrap_or(Limit { mb: DEFAULT_LIMIT_MB })
    }

    /// The limit in bytes.
    pub fn bytes(self) -> u64 {
        self.mb << 20
    }
}

/// Why a file was not read. The messages name the file as given.
#[derive(Debug)]
pub enum ReadError {
    Missing,
    /// A directory, FIFO, socket or device where a file belongs.
    NotAFile(&'static EntryKind),
    /// A symbolic link whose target does not exist.
    Dangling,
    /// A symbolic link that leads back to itself.
    Loop,
    /// A symbolic link to something outside the checklist.
    Outside(PathBuf),
    TooLarge(Limit),
    NotReadable(std::io::Error),
}

/// A kind of entry that is not a regular file.
#[derive(Debug)]
pub struct EntryKind {
    zh: &'static str,
    en: &'static str,
}

const DIRECTORY: EntryKind = EntryKind { zh: "目录", en: "a directory" };
const FIFO: EntryKind = EntryKind { zh: "命名管道 (FIFO)", en: "a named pipe (FIFO)" };
const SOCKET: EntryKind = EntryKind { zh: "套接字", en: "a socket" };
const DEVICE: EntryKind = EntryKind { zh: "设备文件", en: "a device" };
const OTHER: EntryKind = EntryKind { zh: "特殊文件", en: "a special file" };

impl ReadError {
    /// What went wrong, naming the file `name` (a path as the user knows
    /// it), or "this entry" where a diagnostic names it already.
    pub fn message(&self, name: Option<&str>) -> String {
        let (s, e) = match name {
            Some(name) => (format!("{name} "), name.to_string()),
            None => ("此项".to_string(), "this entry".to_string()),
        };
        match self {
            ReadError::Missing => tr!("{s}不存在", "{e} does not exist"),
            ReadError::NotAFile(EntryKind { zh, en }) => {
                tr!("{s}是{zh},不是普通文件,未读取", "{e} is {en}, not a regular file; it was not read")
            }
            ReadError::Dangling => {
                tr!("{s}是符号链接,但它指向的文件不存在", "{e} is a symbolic link to a file that does not exist")
            }
            ReadError::Loop => {
                tr!("{s}是循环的符号链接,无法读取", "{e} is a symbolic link that loops; it cannot be read")
            }
            ReadError::Outside(target) => tr!(
                "{s}是指向台账之外 ({}) 的符号链接,未读取",
                "{e} is a symbolic link outside the checklist (to {}); it was not read",
                target.display()
            ),
            ReadError::TooLarge(limit) => tr!(
                "{s}超过 {} MB 的大小上限,未读取",
                "{e} is larger than the limit of {} MB; it was not read",
                limit.mb
            ),
            ReadError::NotReadable(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
                tr!("{s}无法读取: 没有权限", "{e} cannot be read: permission denied")
            }
            ReadError::NotReadable(error) => tr!("{s}无法读取: {error}", "{e} cannot be read: {error}"),
        }
    }

    /// How to fix it, when there is more to say than the message.
    pub fn hint(&self) -> Option<String> {
        match self {
            ReadError::Outside(_) => Some(tr!(
                "链接只能指向台账目录中的普通文件;请把文件复制进来,或删除此链接",
                "a link may lead only to a regular file inside the checklist's folder; copy the file in, or remove the link"
            )),
            ReadError::TooLarge(_) => Some(tr!(
                "可在 taizhang.toml 的 [settings] 中用 max_file_mb 调高上限,或设置环境变量 {LIMIT_VARIABLE}",
                "raise the limit with max_file_mb under [settings] in taizhang.toml, or with the {LIMIT_VARIABLE} variable"
            )),
            _ => None,
        }
    }

    /// Message and hint as one error for a command to stop with, for a file
    /// named on the command line (read before or without a checklist, so
    /// only the environment sets its limit).
    pub fn into_error(self, name: &str) -> anyhow::Error {
        let hint = match self {
            ReadError::TooLarge(_) => Some(tr!(
                "可用环境变量 {LIMIT_VARIABLE} 调高上限(单位 MB)",
                "raise the limit with the {LIMIT_VARIABLE} variable (in MB)"
            )),
            _ => self.hint(),
        };
        match hint {
            Some(hint) => anyhow::anyhow!("{}\nhint: {hint}", self.message(Some(name))),
            None => anyhow::anyhow!("{}", self.message(Some(name))),
        }
    }
}

/// Reads a file of the checklist at `root` (which must be canonical): a
/// regular file, or a symbolic link to a regular file inside `root`;
/// anything else is refused without being opened.
pub fn checklist_file(root: &Path, path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let target = resolve(root, path)?;
    read_regular(&target, limit)
}

/// The regular file that `path`, a file of the checklist at `root`, stands
/// for: `path` itself, or the file a symbolic link leads to inside `root`.
pub fn resolve(root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let entry = std::fs::symlink_metadata(path).map_err(not_found_or)?;
    let target = if entry.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::Dangling,
            // Stable code cannot name ELOOP's kind yet, but can print it.
            _ if format!("{:?}", e.kind()) == "FilesystemLoop" => ReadError::Loop,
            _ => ReadError::NotReadable(e),
        })?;
        if !target.starts_with(root) {
            return Err(ReadError::Outside(target));
        }
        target
    } else {
        path.to_path_buf()
    };
    let kind = std::fs::metadata(&target).map_err(ReadError::NotReadable)?.file_type();
    if !kind.is_file() {
        return Err(ReadError::NotAFile(entry_kind(kind)));
    }
    Ok(target)
}

/// Reads a file the user named on the command line (a notice to import):
/// links are followed anywhere and a pipe or device is read, as asked, but
/// never beyond the limit; a directory is refused.
pub fn named_file(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let kind = std::fs::metadata(path).map_err(not_found_or)?.file_type();
    if kind.is_dir() {
        return Err(ReadError::NotAFile(&DIRECTORY));
    }
    let file = std::fs::File::open(path).map_err(not_found_or)?;
    read_bounded(file, limit)
}

/// Reads a file of the user's own (their personal config): a regular file,
/// or a symbolic link to one wherever it is.
pub fn own_file(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let kind = std::fs::metadata(path).map_err(not_found_or)?.file_type();
    if !kind.is_file() {
        return Err(ReadError::NotAFile(entry_kind(kind)));
    }
    read_regular(path, limit)
}

/// Opens a regular file without blocking (should it have been swapped for a
/// FIFO since it was looked at) and reads it.
fn read_regular(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(not_found_or)?;
    let kind = file.metadata().map_err(ReadError::NotReadable)?.file_type();
    if !kind.is_file() {
        return Err(ReadError::NotAFile(entry_kind(kind)));
    }
    read_bounded(file, limit)
}

/// Reads at most one byte past the limit, so an endless or growing file
/// costs no more memory than the limit allows.
fn read_bounded(file: std::fs::File, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let expected = file.metadata().map(|m| m.len()).unwrap_or(0);
    if expected > limit.bytes() {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(limit.bytes() + 1).read_to_end(&mut bytes).map_err(ReadError::NotReadable)?;
    if bytes.len() as u64 > limit.bytes() {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

fn not_found_or(error: std::io::Error) -> ReadError {
    match error.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::NotReadable(error),
    }
}

#[cfg(unix)]
fn entry_kind(kind: std::fs::FileType) -> &'static EntryKind {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        &DIRECTORY
    } else if kind.is_fifo() {
        &FIFO
    } else if kind.is_socket() {
        &SOCKET
    } else if kind.is_block_device() || kind.is_char_device() {
        &DEVICE
    } else {
        &OTHER
    }
}

#[cfg(not(unix))]
fn entry_kind(kind: std::fs::FileType) -> &'static EntryKind {
    if kind.is_dir() { &DIRECTORY } else { &OTHER }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_no_more_than_the_limit() {
        let limit = Limit { mb: 1 };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'a'; 1 << 20]).unwrap();
        assert_eq!(checklist_file(dir.path(), &path, limit).unwrap().len(), 1 << 20);
        std::fs::write(&path, vec![b'a'; (1 << 20) + 1]).unwrap();
        assert!(matches!(checklist_file(dir.path(), &path, limit), Err(ReadError::TooLarge(_))));
        #[cfg(unix)]
        assert!(matches!(named_file(Path::new("/dev/zero"), limit), Err(ReadError::TooLarge(_))));
    }

    #[test]
    fn a_missing_file_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone");
        assert!(matches!(checklist_file(dir.path(), &path, Limit { mb: 1 }), Err(ReadError::Missing)));
        assert!(matches!(named_file(&path, Limit { mb: 1 }), Err(ReadError::Missing)));
    }

    #[test]
    fn a_directory_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(named_file(dir.path(), Limit { mb: 1 }), Err(ReadError::NotAFile(_))));
    }
}
