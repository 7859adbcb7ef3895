//! A corpus of hostile and broken checklists: every command must answer each
//! one in time, in less than 1 GB of memory, without a panic and without
//! printing a raw control character; `check` must say exactly what its
//! `expected` file says.
//!
//! A case is a directory under `tests/fixtures/hostile/`: its `files/` are
//! laid over a copy of `tests/fixtures/base/`, and `expected` holds what
//! `taizhang check` printed (exit status, stdout, stderr, with the copy's path
//! shown as `<root>`). Cases that git cannot hold (FIFOs, symlinks leaving
//! the checklist, huge or generated files) are built by a function named in
//! `GENERATED`; their directory holds only `expected`. Bless new outputs with
//! `UPDATE_GOLDEN=1 cargo test --test hostile`, then read the diff.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longer than any command needs on any input here; reaching it is a hang.
const TIMEOUT: Duration = Duration::from_secs(20);
/// The most memory (resident) any run may use, in KiB: 1 GiB.
const MEMORY_KIB: i64 = 1 << 20;
/// A looser cap on each run's address space, in KiB (4 GiB), so that a
/// runaway allocation fails fast instead of taking the machine; the
/// allocator reserves address space well beyond what it uses.
const ADDRESS_SPACE_KIB: u64 = 4 << 20;

/// What every case is put through after `check`, in order (the edit last).
const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["list", "--format", "json"],
    &["show", "1.1"],
    &["summary"],
    &["overdue", "--as-of", "2021-06-01"],
    &["indicators"],
    &["export", "--format", "csv", "-o", "-"],
    &["fmt", "--check"],
    &["site", "-o", "site-out"],
    &["set", "1.1", "doing", "--unit", "市司法局", "--note", "进行中"],
];

type Generator = fn(&Path);

/// Cases built in code, by name.
const GENERATED: &[(&str, Generator)] = &[
    ("deep-nesting", deep_nesting),
    ("alias-bomb-events", alias_bomb_events),
    ("alias-bomb-bytes", alias_bomb_bytes),
    ("huge-file", huge_file),
    ("oversized-file", oversized_file),
    ("non-utf8-file-name", non_utf8_file_name),
    ("long-unit-name", long_unit_name),
    #[cfg(unix)]
    ("symlink-inside", symlink_inside),
    #[cfg(unix)]
    ("symlink-outside", symlink_outside),
    #[cfg(unix)]
    ("symlink-loop", symlink_loop),
    #[cfg(unix)]
    ("symlink-dangling", symlink_dangling),
    ("directory-named-yaml", directory_named_yaml),
    #[cfg(unix)]
    ("fifo-group-file", fifo_group_file),
    #[cfg(unix)]
    ("fifo-config", fifo_config),
    #[cfg(unix)]
    ("fifo-units", fifo_units),
    ("group-file-in-subfolder", group_file_in_subfolder),
];

#[test]
fn every_command_survives_every_hostile_case() {
    let corpus = common::fixture("hostile");
    let mut names: Vec<String> =
        std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for (name, _) in GENERATED {
        assert!(names.iter().any(|n| n == name), "generated case {name} has no directory under {}", corpus.display());
    }
    let mut failures = Vec::new();
    for name in &names {
        let case = corpus.join(name);
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&common::fixture("base"), dir.path());
        if case.join("files").is_dir() {
            common::copy_dir(&case.join("files"), dir.path());
        }
        if let Some((_, generate)) = GENERATED.iter().find(|(n, _)| n == name) {
            generate(dir.path());
        }
        let check = run_guarded(dir.path(), &["check"]);
        failures.extend(check.problems.iter().map(|p| format!("{name}: check: {p}")));
        compare(&case.join("expected"), &check.transcript, name, &mut failures);
        for args in COMMANDS {
            let run = run_guarded(dir.path(), args);
            failures.extend(run.problems.iter().map(|p| format!("{name}: {}: {p}", args.join(" "))));
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
    assert_peak_memory_below_cap();
}

/// The largest peak resident memory of any run this test binary waited
/// for, against the cap.
fn assert_peak_memory_below_cap() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: getrusage fills the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) }, 0);
        // ru_maxrss is in KiB on Linux.
        let peak = usage.ru_maxrss;
        assert!(peak < MEMORY_KIB, "a run used {} MiB at its peak, over the 1 GiB cap", peak / 1024);
    }
}

/// One run's transcript and what was wrong with it.
struct Guarded {
    transcript: String,
    problems: Vec<String>,
}

/// Runs the binary in `dir` under the time and memory caps.
fn run_guarded(dir: &Path, args: &[&str]) -> Guarded {
    let out = tempfile::tempdir().unwrap();
    let stdout_path = out.path().join("stdout");
    let stderr_path = out.path().join("stderr");
    // The environment of every test run, applied to the shell that runs it.
    let clean = common::command(dir);
    // `ulimit -v` caps the address space; `exec` keeps the PID for the kill
    // and makes the binary the child whose peak memory the test reads.
    let mut guarded = Command::new("sh");
    guarded
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""))
        .arg(clean.get_program())
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(clean.get_envs().filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TAIZHANG_TODAY", "2021-06-01")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    let started = Instant::now();
    let mut child = guarded.spawn().expect("sh runs");
    let mut problems = Vec::new();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            problems.push(format!("still running after {TIMEOUT:?}"));
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = String::from_utf8_lossy(&std::fs::read(&stdout_path).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap()).into_owned();
    let code = status.and_then(|s| s.code());
    if status.is_some() && code.is_none() {
        problems.push("killed by a signal (out of memory?)".to_string());
    }
    if code == Some(101) || stderr.contains("panicked") {
        problems.push(format!("panicked: {stderr}"));
    }
    if stderr.contains("memory allocation") {
        problems.push("ran out of memory".to_string());
    }
    for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Some(c) = text.chars().find(|c| is_raw_control(*c)) {
            problems.push(format!("printed a raw U+{:04X} on {stream}", c as u32));
        }
    }
    let transcript = format!("exit: {}\n--- stdout\n{}--- stderr\n{}", code.unwrap_or(-1), stdout, stderr);
    Guarded { transcript: mask_root(&transcript, dir), problems }
}

/// A character that acts on a terminal instead of showing: controls other
/// than the line feed, and the marks that reorder or hide text.
fn is_raw_control(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// The transcript with the temporary copy's path replaced by `<root>`.
fn mask_root(text: &str, dir: &Path) -> String {
    let mut text = text.to_string();
    let canonical = dir.canonicalize().unwrap();
    for path in [canonical.as_path(), dir] {
        text = text.replace(&*path.to_string_lossy(), "<root>");
    }
    text
}

fn compare(expected: &Path, actual: &str, name: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(expected, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(expected) {
        Ok(wanted) if wanted == actual => {}
        Ok(wanted) => failures.push(format!("{name}: check printed\n{actual}\ninstead of\n{wanted}")),
        Err(_) => failures.push(format!("{name}: no expected file; check printed\n{actual}")),
    }
}

fn group_file(root: &Path, name: &str) -> PathBuf {
    root.join("tasks").join(name)
}

/// 10,000 nested flow sequences where a measure's text belongs.
fn deep_nesting(root: &Path) {
    let depth = 10_000;
    let text = format!(
        "group: \"2\"\ntitle: \"t\"\nmeasures:\n  - id: \"2.1\"\n    text: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    std::fs::write(group_file(root, "02.yaml"), text).unwrap();
}

/// The billion laughs, in keys a group file has: each anchor repeats the
/// one before ten times.
fn alias_bomb_events(root: &Path) {
    let mut text = String::from("group: \"2\"\ntitle: &a0 \"lol\"\nmeasures:\n");
    for level in 1..=9 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!(
            "  - id: \"2.{level}\"\n    text: \"x\"\n    units: &a{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    text.push_str("  - id: \"2.10\"\n    text: *a9\n");
    std::fs::write(group_file(root, "02.yaml"), text).unwrap();
}

/// One 1 MB scalar behind 2,000 aliases: a small file, 2 GB expanded.
fn alias_bomb_bytes(root: &Path) {
    let mut text = format!("group: \"2\"\ntitle: &big \"{}\"\nmeasures:\n", "x".repeat(1 << 20));
    for n in 1..=2000 {
        text.push_str(&format!(
            "  - id: \"2.{n}\"\n    text: *big\n    units: [\"市司法局\"]\n    due: \"ongoing\"\n    due_text: \"长期坚持\"\n    progress: []\n"
        ));
    }
    std::fs::write(group_file(root, "02.yaml"), text).unwrap();
}

/// A 50 MB group file (one enormous note), under the default size cap.
fn huge_file(root: &Path) {
    let note = "很长的备注。".repeat(50 * 1024 * 1024 / 18);
    let text = std::fs::read_to_string(group_file(root, "01.yaml"))
        .unwrap()
        .replace("note: \"已制定方案\"", &format!("note: \"{note}\""));
    std::fs::write(group_file(root, "01.yaml"), text).unwrap();
}

/// A sparse 100 MB group file, over the default size cap.
fn oversized_file(root: &Path) {
    let file = std::fs::File::create(group_file(root, "02.yaml")).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
}

/// A group file whose name is not UTF-8.
fn non_utf8_file_name(root: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"02\xff\xfe.yaml");
        std::fs::write(root.join("tasks").join(name), "group: \"2\"\n").unwrap();
    }
    #[cfg(not(unix))]
    let _ = root;
}

/// A 100,000-character unit in the registry and a 100,000-character unknown
/// unit in a group file: the did-you-mean must not take quadratic time.
fn long_unit_name(root: &Path) {
    let long = long_registered_unit(root);
    let text = std::fs::read_to_string(group_file(root, "01.yaml"))
        .unwrap()
        .replace("units: [\"市中级法院\"]", &format!("units: [\"{long}甲\"]"));
    std::fs::write(group_file(root, "01.yaml"), text).unwrap();
}

/// Registers a unit with a 100,000-character name; returns the name.
fn long_registered_unit(root: &Path) -> String {
    let long = "局".repeat(100_000);
    let units = root.join("tasks/units.toml");
    let mut registry = std::fs::read_to_string(&units).unwrap();
    registry.push_str(&format!("\n[[unit]]\nname = \"{long}\"\nkind = \"department\"\n"));
    std::fs::write(&units, registry).unwrap();
    long
}

#[cfg(unix)]
fn symlink_inside(root: &Path) {
    std::fs::create_dir(root.join("shared")).unwrap();
    std::fs::rename(group_file(root, "01.yaml"), root.join("shared/01.yaml")).unwrap();
    std::os::unix::fs::symlink("../shared/01.yaml", group_file(root, "01.yaml")).unwrap();
}

#[cfg(unix)]
fn symlink_outside(root: &Path) {
    std::os::unix::fs::symlink("/etc/passwd", group_file(root, "02.yaml")).unwrap();
}

#[cfg(unix)]
fn symlink_loop(root: &Path) {
    std::os::unix::fs::symlink("03.yaml", group_file(root, "02.yaml")).unwrap();
    std::os::unix::fs::symlink("02.yaml", group_file(root, "03.yaml")).unwrap();
}

#[cfg(unix)]
fn symlink_dangling(root: &Path) {
    std::os::unix::fs::symlink("nowhere.yaml", group_file(root, "02.yaml")).unwrap();
}

fn directory_named_yaml(root: &Path) {
    std::fs::create_dir(group_file(root, "99.yaml")).unwrap();
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    std::fs::remove_file(path).ok();
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
fn fifo_group_file(root: &Path) {
    make_fifo(&group_file(root, "02.yaml"));
}

#[cfg(unix)]
fn fifo_config(root: &Path) {
    make_fifo(&root.join("taizhang.toml"));
}

#[cfg(unix)]
fn fifo_units(root: &Path) {
    make_fifo(&root.join("tasks/units.toml"));
}

fn group_file_in_subfolder(root: &Path) {
    std::fs::create_dir(root.join("tasks/sub")).unwrap();
    let text = std::fs::read_to_string(group_file(root, "01.yaml")).unwrap();
    std::fs::write(root.join("tasks/sub/02.yaml"), text.replace("\"1", "\"2")).unwrap();
}

/// A 40,000-character unknown unit on the command line (about what one
/// argument can hold), against a registry with a 100,000-character name:
/// refused at once, without a did-you-mean (edit distance between them
/// would take seconds).
#[test]
fn a_long_unknown_unit_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("base"), dir.path());
    long_registered_unit(dir.path());
    let asked = format!("{}乙", "局".repeat(40_000));
    for args in [vec!["list", "--unit", asked.as_str()], vec!["set", "1.1", "doing", "--unit", asked.as_str()]] {
        let run = run_guarded(dir.path(), &args);
        assert!(run.problems.is_empty(), "{:?}", run.problems);
        assert!(run.transcript.starts_with("exit: 2"), "{}", &run.transcript[..200]);
        assert!(!run.transcript.contains("did you mean"), "no suggestion for a name this long");
    }
}
