//! The checklist on disk: finding it, loading every file (in parallel), and
//! writing one file safely. The only module that touches the file system.

mod lock;
mod write;

pub use lock::{WriteLock, lock};
pub use write::{write_atomic, write_atomic_bytes};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, line_column};
use crate::model::GroupFile;
use crate::registry::{Registry, RegistryFile};
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

/// One group file: its text and, when it parsed, its content.
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
    for dir in start.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
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
    let root = start.canonicalize().ok()?.ancestors().find(|dir| dir.join(CONFIG_FILE).is_file())?.to_path_buf();
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    toml::from_str::<Config>(&text).ok()?.settings.lang
}

/// Reads the configuration, the registry and every group file.
pub fn load(root: &Path) -> Result<Checklist> {
    let paths = group_paths(root)?;
    load_paths(root, &paths)
}

/// Reads the configuration, the registry and only the group file that
/// holds `leaf` (`17.1.2` → group 17): what a one-file edit needs.
pub fn load_for_leaf(root: &Path, leaf: &str) -> Result<(Checklist, PathBuf)> {
    let group: u32 = leaf.split('.').next().and_then(|g| g.parse().ok()).ok_or_else(|| {
        anyhow::anyhow!(tr!(
            "`{leaf}` 不是措施编号\nhint: 编号是以点分隔的数字,如 17.1.2",
            "`{leaf}` is not a leaf ID\nhint: IDs are dotted numbers such as 17.1.2"
        ))
    })?;
    let path = group_paths(root)?
        .into_iter()
        .find(|p| p.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse::<u32>().ok()) == Some(group))
        .ok_or_else(|| {
            anyhow::anyhow!(tr!(
                "没有措施 `{leaf}`: {TASKS_DIR}/ 中没有基本要求 {group} 的文件\nhint: `taizhang list` 可列出全部措施编号",
                "no leaf `{leaf}`: there is no file for group {group} in {TASKS_DIR}/\nhint: `taizhang list` shows every leaf ID"
            ))
        })?;
    let checklist = load_paths(root, std::slice::from_ref(&path))?;
    Ok((checklist, path))
}

fn load_paths(root: &Path, paths: &[PathBuf]) -> Result<Checklist> {
    let mut problems = Vec::new();
    let config = read_toml::<Config>(root, CONFIG_FILE, &mut problems)?.unwrap_or_default();
    let registry_file = read_toml::<RegistryFile>(root, UNITS_FILE, &mut problems)?;
    let registry_read = registry_file.is_some();
    let registry = match registry_file {
        Some(file) => {
            let (registry, found) = Registry::build(&file);
            let text = std::fs::read_to_string(root.join(UNITS_FILE)).unwrap_or_default();
            problems.extend(found.into_iter().map(|p| {
                let (line, column) = line_column(&text, p.span.start);
                Diagnostic::error(UNITS_FILE, line, column, p.message).maybe_hint(p.hint)
            }));
            registry
        }
        None => Registry::default(),
    };
    let files = parse_all(root, paths, &mut problems)?;
    Ok(Checklist { root: root.to_path_buf(), config, registry, registry_read, files, problems })
}

/// `tasks/*.yaml` in name order.
fn group_paths(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join(TASKS_DIR);
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).min_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| tr!("无法读取 {}", "cannot read {}", dir.display()))?;
        let is_yaml = entry.path().extension().is_some_and(|e| e == "yaml" || e == "yml");
        if entry.file_type().is_file() && is_yaml {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}

/// Reads and parses the group files on all cores.
fn parse_all(root: &Path, paths: &[PathBuf], problems: &mut Vec<Diagnostic>) -> Result<Vec<SourceFile>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = paths.len().div_ceil(threads).max(1);
    let results: Vec<Result<(SourceFile, Option<Diagnostic>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| read_group(root, p)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("parser thread panicked")).collect()
    });
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        let (file, problem) = result?;
        problems.extend(problem);
        files.push(file);
    }
    Ok(files)
}

fn read_group(root: &Path, path: &Path) -> Result<(SourceFile, Option<Diagnostic>)> {
    let rel = relative(root, path);
    let bytes = std::fs::read(path).with_context(|| tr!("无法读取 {rel}", "cannot read {rel}"))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            let problem = Diagnostic::error(&rel, 1, 1, tr!("文件不是 UTF-8 文本", "the file is not UTF-8 text"))
                .with_hint(tr!(
                    "如果文件以 GBK 编码保存,请转换: iconv -f GBK -t UTF-8 {rel} > fixed.yaml",
                    "if it was saved as GBK, convert it: iconv -f GBK -t UTF-8 {rel} > fixed.yaml"
                ));
            return Ok((SourceFile { rel, text: String::new(), group: None }, Some(problem)));
        }
    };
    match read_group_text(&text) {
        Ok(group) => Ok((SourceFile { rel, text, group: Some(group) }, None)),
        Err(error) => {
            let problem = crate::yaml_error::diagnostic(&rel, &text, &error);
            Ok((SourceFile { rel, text, group: None }, Some(problem)))
        }
    }
}

/// Reads a group file: the fast reader takes files in the canonical layout,
/// serde-saphyr everything else (and reports every error).
pub fn read_group_text(text: &str) -> Result<GroupFile, serde_saphyr::Error> {
    match crate::canonical::read(text) {
        Some(group) => Ok(group),
        None => parse_group(text),
    }
}

/// Parses a group file. Plain scalars that look like numbers or booleans
/// are refused where text is expected, so an unquoted `2.10` never becomes 2.1.
pub fn parse_group(text: &str) -> Result<GroupFile, serde_saphyr::Error> {
    let options = serde_saphyr::options! { no_schema: true, with_snippet: false, budget: None };
    serde_saphyr::from_str_with_options(text, options)
}

/// Reads a TOML file under the root; a missing or malformed file is a problem.
fn read_toml<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<T>> {
    let path = root.join(rel);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            problems.push(
                Diagnostic::error(rel, 1, 1, tr!("缺少 {rel}", "{rel} is missing"))
                    .with_hint(tr!("每个台账都需要此文件,见 README.md", "every checklist needs it; see README.md")),
            );
            return Ok(None);
        }
        Err(e) => return Err(e).with_context(|| tr!("无法读取 {rel}", "cannot read {rel}")),
    };
    match toml::from_str(&text) {
        Ok(value) => Ok(Some(value)),
        Err(e) => {
            problems.push(crate::toml_error::diagnostic(rel, &text, &e));
            Ok(None)
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
