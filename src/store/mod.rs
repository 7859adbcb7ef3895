//! The checklist on disk: finding it, loading every file (in parallel), and
//! writing one file safely. The only module that touches the file system.
//!
//! Group files are the entries `tasks/*.yaml` (and `*.yml`) directly in
//! `tasks/`, hidden names excepted, as the shell's glob would list them. A
//! symbolic link to a regular file inside the checklist is followed; any
//! other entry with such a name (a link leading out, a dangling link, a
//! loop, a directory, a FIFO, a device, a socket, an unreadable or oversized
//! file), and any such file in a subfolder of `tasks/`, is a problem of the
//! checklist, reported like a file that does not parse.

pub mod canonical;
pub mod change;
pub mod edit;
pub mod layout;
pub mod record;
pub mod reformat;
pub mod toml_error;
pub mod yaml_error;
pub mod yaml_lines;

mod lock;
pub mod read;
mod write;

pub use lock::{WriteLock, lock};
pub use read::{Limit, ReadError};
pub use write::{temporaries, write_atomic, write_atomic_bytes, write_atomic_with};

use crate::check::diagnostic::{Diagnostic, line_column};
use crate::model::GroupFile;
use crate::model::config::Config;
use crate::model::registry::{Registry, RegistryFile};
use crate::tr;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The file that marks a checklist's root.
pub const CONFIG_FILE: &str = "taizhang.toml";
/// The folder of group files, relative to the root.
pub const TASKS_DIR: &str = "tasks";
/// The unit registry, relative to the root.
pub const UNITS_FILE: &str = "tasks/units.toml";

/// A loaded checklist; `problems` holds what could not be read.
pub struct Checklist {
    pub root: PathBuf,
    pub config: Config,
    pub registry: Registry,
    /// Whether the registry file could be read (else `registry` is empty).
    pub registry_read: bool,
    pub files: Vec<SourceFile>,
    pub problems: Vec<Diagnostic>,
}

/// One group file: its text (kept when it did not parse, or when loaded
/// with `load_with_texts`; empty otherwise) and, when it parsed, its content.
pub struct SourceFile {
    /// Relative path with `/` separators, as diagnostics print it.
    pub rel: String,
    pub text: String,
    pub group: Option<GroupFile>,
}

/// The checklist root: `start` or the nearest ancestor with `taizhang.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start =
        start.canonicalize().with_context(|| tr!("无法打开目录 {}", "cannot open directory {}", start.display()))?;
    // Whatever is named so marks the root, so that a broken or odd
    // `taizhang.toml` is reported rather than passed over for one further up.
    for dir in start.ancestors() {
        if std::fs::symlink_metadata(dir.join(CONFIG_FILE)).is_ok() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(tr!(
        "此处没有台账: {} 及其上级目录中都没有 {CONFIG_FILE}\n\
         hint: 请在台账目录内运行,或用 -C DIR 指定目录,或用 `taizhang import NOTICE.txt --out DIR` 新建台账",
        "no checklist here: neither {} nor any folder above it has a {CONFIG_FILE}\n\
         hint: run inside a checklist, pass -C DIR, or create one with `taizhang import NOTICE.txt --out DIR`",
        start.display()
    ))
}

/// The `lang` setting of the checklist at or above `start`, when there is
/// one and its `taizhang.toml` reads: the language of messages from the start.
pub fn lang_setting(start: &Path) -> Option<String> {
    let root = find_root(start).ok()?;
    let bytes = read::checklist_file(&root, &root.join(CONFIG_FILE), Limit::before_settings()).ok()?;
    toml::from_str::<Config>(std::str::from_utf8(&bytes).ok()?).ok()?.settings.lang
}

/// Reads the configuration, the registry and every group file.
pub fn load(root: &Path) -> Result<Checklist> {
    load_all(root, Texts::Drop)
}

/// `load`, keeping the text of every group file: what `fmt` rewrites.
pub fn load_with_texts(root: &Path) -> Result<Checklist> {
    load_all(root, Texts::Keep)
}

/// Whether a group file's text stays beside what was read from it. Only a
/// command that rewrites files needs it; for the others it would be as much
/// memory again as the YAML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Texts {
    Keep,
    Drop,
}

fn load_all(root: &Path, texts: Texts) -> Result<Checklist> {
    let listing = group_paths(root)?;
    let mut checklist = load_paths(root, &listing.groups, texts)?;
    checklist.problems.extend(listing.nested.iter().map(|path| {
        let rel = relative(root, path);
        Diagnostic::error(
            &rel,
            1,
            1,
            tr!(
                "此文件在 {TASKS_DIR}/ 的子文件夹中,不是基本要求文件,未读取",
                "this file is in a subfolder of {TASKS_DIR}/, so it is not a group file and was not read"
            ),
        )
        .with_hint(tr!(
            "基本要求文件直接放在 {TASKS_DIR}/ 中;请移到那里,或移出 {TASKS_DIR}/",
            "group files go directly in {TASKS_DIR}/; move it there, or out of {TASKS_DIR}/"
        ))
    }));
    Ok(checklist)
}

/// Reads the configuration, the registry and only the group file that
/// holds `leaf` (`17.1.2` → group 17): what a one-file edit needs, and the
/// path to write it to (the file a symbolic link leads to, so the link stays).
pub fn load_for_leaf(root: &Path, leaf: &str) -> Result<(Checklist, PathBuf)> {
    let group: u32 = leaf.split('.').next().and_then(|g| g.parse().ok()).ok_or_else(|| {
        anyhow::anyhow!(tr!(
            "`{leaf}` 不是措施编号\nhint: 编号是以点分隔的数字,如 17.1.2",
            "`{leaf}` is not a leaf ID\nhint: IDs are dotted numbers such as 17.1.2"
        ))
    })?;
    let path = group_paths(root)?
        .groups
        .into_iter()
        .find(|p| p.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse::<u32>().ok()) == Some(group))
        .ok_or_else(|| {
            anyhow::anyhow!(tr!(
                "没有措施 `{leaf}`: {TASKS_DIR}/ 中没有基本要求 {group} 的文件\nhint: `taizhang list` 可列出全部措施编号",
                "no leaf `{leaf}`: there is no file for group {group} in {TASKS_DIR}/\nhint: `taizhang list` shows every leaf ID"
            ))
        })?;
    let checklist = load_paths(root, std::slice::from_ref(&path), Texts::Keep)?;
    let path = read::resolve(root, &path).unwrap_or(path);
    Ok((checklist, path))
}

fn load_paths(root: &Path, paths: &[PathBuf], texts: Texts) -> Result<Checklist> {
    let mut problems = Vec::new();
    let config = read_toml::<Config>(root, CONFIG_FILE, Limit::before_settings(), &mut problems);
    let config = config.map(|(config, _)| config).unwrap_or_default();
    let limit = Limit::new(config.settings.max_file_mb)?;
    let registry_file = read_toml::<RegistryFile>(root, UNITS_FILE, limit, &mut problems);
    let registry_read = registry_file.is_some();
    let registry = match registry_file {
        Some((file, text)) => {
            let (registry, found) = Registry::build(&file);
            problems.extend(found.into_iter().map(|p| {
                let (line, column) = line_column(&text, p.span.start);
                Diagnostic::error(UNITS_FILE, line, column, p.message).maybe_hint(p.hint)
            }));
            registry
        }
        None => Registry::default(),
    };
    let files = parse_all(root, paths, limit, texts, &mut problems);
    Ok(Checklist { root: root.to_path_buf(), config, registry, registry_read, files, problems })
}

/// What `tasks/` holds: the group file entries, and files named like group
/// files in its subfolders (which are not group files), each in name order.
struct Listing {
    groups: Vec<PathBuf>,
    nested: Vec<PathBuf>,
}

/// Lists `tasks/` without opening any entry: every `*.yaml` name directly
/// in it, whatever it is (the reader decides), and the `*.yaml` names in
/// its subfolders. Hidden names (editor locks, temporaries) are skipped.
fn group_paths(root: &Path) -> Result<Listing> {
    let dir = root.join(TASKS_DIR);
    let mut listing = Listing { groups: Vec::new(), nested: Vec::new() };
    let walk = walkdir::WalkDir::new(&dir).min_depth(1).sort_by_file_name().follow_links(false);
    for entry in walk.into_iter().filter_entry(|e| !e.file_name().as_encoded_bytes().starts_with(b".")) {
        let entry = match entry {
            Ok(entry) => entry,
            // What a subfolder holds is never read, listed or not.
            Err(e) if e.path() != Some(dir.as_path()) => continue,
            Err(e) => return Err(e).with_context(|| tr!("无法读取 {}", "cannot read {}", dir.display())),
        };
        let is_yaml = entry.path().extension().is_some_and(|e| e == "yaml" || e == "yml");
        match entry.depth() {
            1 if is_yaml => listing.groups.push(entry.into_path()),
            1 => {}
            _ if is_yaml && !entry.file_type().is_dir() => listing.nested.push(entry.into_path()),
            _ => {}
        }
    }
    Ok(listing)
}

/// Reads and parses the group files on all cores.
fn parse_all(
    root: &Path,
    paths: &[PathBuf],
    limit: Limit,
    texts: Texts,
    problems: &mut Vec<Diagnostic>,
) -> Vec<SourceFile> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = paths.len().div_ceil(threads).max(1);
    let results: Vec<(SourceFile, Option<Diagnostic>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| read_group(root, p, limit, texts)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("parser thread panicked")).collect()
    });
    let mut files = Vec::with_capacity(results.len());
    for (file, problem) in results {
        problems.extend(problem);
        files.push(file);
    }
    files
}

/// Reads and parses one group file; what keeps it from being read or
/// parsed is its problem.
fn read_group(root: &Path, path: &Path, limit: Limit, texts: Texts) -> (SourceFile, Option<Diagnostic>) {
    let rel = relative(root, path);
    let bytes = match read::checklist_file(root, path, limit) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = Diagnostic::error(&rel, 1, 1, error.message(None)).maybe_hint(error.hint());
            return (SourceFile { rel, text: String::new(), group: None }, Some(problem));
        }
    };
    // Checked with SIMD: most of the text is Chinese, where the standard
    // check goes a byte at a time.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => text,
        Err(_) => {
            let problem = Diagnostic::error(&rel, 1, 1, tr!("文件不是 UTF-8 文本", "the file is not UTF-8 text"))
                .with_hint(tr!(
                    "如果文件以 GBK 编码保存,请转换: iconv -f GBK -t UTF-8 {rel} > fixed.yaml",
                    "if it was saved as GBK, convert it: iconv -f GBK -t UTF-8 {rel} > fixed.yaml"
                ));
            return (SourceFile { rel, text: String::new(), group: None }, Some(problem));
        }
    };
    match read_group_text(text) {
        Ok(group) => {
            let text = if texts == Texts::Keep { text.to_string() } else { String::new() };
            (SourceFile { rel, text, group: Some(group) }, None)
        }
        Err(error) => {
            let problem = crate::store::yaml_error::diagnostic(&rel, text, &error);
            (SourceFile { rel, text: text.to_string(), group: None }, Some(problem))
        }
    }
}

/// Reads a group file: the fast reader takes files in the canonical layout,
/// serde-saphyr everything else (and reports every error).
pub fn read_group_text(text: &str) -> Result<GroupFile, serde_saphyr::Error> {
    match crate::store::canonical::read(text) {
        Some(group) => Ok(group),
        None => parse_group(text),
    }
}

/// How deep mappings and sequences may nest in a group file: room for
/// measures nested 38 deep (a notice has three levels), and far from
/// exhausting the stack of a parser thread.
pub const MAX_NESTING: usize = 80;

/// Parses a group file. Plain scalars that look like numbers or booleans
/// are refused where text is expected, so an unquoted `2.10` never becomes 2.1.
///
/// Group files are read from anyone (pull requests, old commits), so the
/// parser refuses the first anchor or alias it meets, before anything is
/// copied or expanded (an alias bomb costs nothing), and nesting deeper than
/// `MAX_NESTING`. Sizes are bounded by the file size limit, not here.
pub fn parse_group(text: &str) -> Result<GroupFile, serde_saphyr::Error> {
    let budget = serde_saphyr::budget! {
        max_anchors: 0,
        max_aliases: 0,
        max_depth: MAX_NESTING,
        max_events: usize::MAX,
        max_nodes: usize::MAX,
        max_documents: usize::MAX,
        max_total_scalar_bytes: usize::MAX,
    };
    let options = serde_saphyr::options! { no_schema: true, with_snippet: false, budget: budget };
    serde_saphyr::from_str_with_options(text, options)
}

/// Reads a TOML file under the root, and its text; a missing, unreadable or
/// malformed file is a problem.
fn read_toml<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &str,
    limit: Limit,
    problems: &mut Vec<Diagnostic>,
) -> Option<(T, String)> {
    let text = match read::checklist_file(root, &root.join(rel), limit).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            problems.push(Diagnostic::error(rel, 1, 1, tr!("文件不是 UTF-8 文本", "the file is not UTF-8 text")));
            return None;
        }
        Err(ReadError::Missing) => {
            problems.push(
                Diagnostic::error(rel, 1, 1, tr!("缺少 {rel}", "{rel} is missing"))
                    .with_hint(tr!("每个台账都需要此文件,见 README.md", "every checklist needs it; see README.md")),
            );
            return None;
        }
        Err(error) => {
            problems.push(Diagnostic::error(rel, 1, 1, error.message(None)).maybe_hint(error.hint()));
            return None;
        }
    };
    match toml::from_str(&text) {
        Ok(value) => Some((value, text)),
        Err(e) => {
            problems.push(crate::store::toml_error::diagnostic(rel, &text, &e));
            None
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breach(text: &str) -> Option<String> {
        use serde_saphyr::budget::BudgetBreach;
        match parse_group(text) {
            Err(serde_saphyr::Error::Budget { breach: BudgetBreach::Anchors { .. }, .. }) => Some("anchor".into()),
            Err(serde_saphyr::Error::Budget { breach: BudgetBreach::Aliases { .. }, .. }) => Some("alias".into()),
            Err(serde_saphyr::Error::Budget { breach: BudgetBreach::Depth { .. }, .. }) => Some("depth".into()),
            Err(e) => Some(e.to_string()),
            Ok(_) => None,
        }
    }

    #[test]
    fn refuses_anchors_and_aliases_but_not_the_characters() {
        assert_eq!(breach("group: &g \"1\"\ntitle: \"t\"\n").as_deref(), Some("anchor"));
        assert_eq!(breach("group: \"1\"\ntitle: &t \"t\"\ntarget: *t\n").as_deref(), Some("anchor"));
        assert_eq!(breach("group: \"1\"\ntitle: 'a & b *c'  # &d *e\ntarget: \"&f *g\"\n"), None);
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit() {
        let nested = |levels: usize| {
            let mut text = String::from("group: \"1\"\ntitle: \"t\"\nmeasures:\n");
            for level in 0..levels {
                let indent = " ".repeat(2 * level);
                text.push_str(&format!("{indent}- id: \"1.{level}\"\n{indent}  text: \"t\"\n{indent}  items:\n"));
            }
            text.push_str(&format!("{}- id: \"1.x\"\n{0}  text: \"t\"\n", " ".repeat(2 * levels)));
            text
        };
        // Depth: the file's mapping, `measures`, then a mapping and its
        // `items` per level, then the innermost mapping.
        let deepest = (MAX_NESTING - 3) / 2;
        assert_eq!(breach(&nested(deepest)), None);
        assert_eq!(breach(&nested(deepest + 1)).as_deref(), Some("depth"));
    }
}
