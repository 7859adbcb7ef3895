//! `taizhang check` on a corpus of broken checklists.
//!
//! Each directory under `tests/fixtures/check/` is one kind of problem: its
//! files are laid over a copy of `tests/fixtures/base/` (an overlay file named
//! `NAME.delete` removes `NAME` instead), and its `expected` file holds the
//! exact stdout of `taizhang check` (in English, the base checklist's
//! language); an `expected.zh` file, where there is one, holds the exact
//! stdout of `taizhang check --lang zh`. To add a case, add a directory and
//! its name to `KINDS`.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// Every fixture directory, one per kind of problem.
const KINDS: &[&str] = &[
    "yaml-syntax",
    "unknown-key",
    "wrong-type",
    "unquoted-id",
    "duplicate-id",
    "malformed-id",
    "id-not-in-group",
    "file-group-mismatch",
    "unknown-unit",
    "unknown-scope-unit",
    "invalid-due",
    "invalid-due-text",
    "due-mismatch",
    "due-text-without-due",
    "progress-unit-not-assigned",
    "unknown-status",
    "invalid-date",
    "done-without-date",
    "duplicate-progress",
    "duty-unknown-unit",
    "items-with-units",
    "registry-duplicate",
    "registry-unknown-member",
    "registry-unknown-kind",
    "missing-units",
    "toml-syntax",
    "duplicate-group",
    "several-problems",
    "indicator-bad-comparator",
    "indicator-bad-unit",
    "indicator-bad-period",
    "indicator-bad-id",
    "indicator-duplicate-value",
    "indicator-value-not-a-number",
    "indicator-value-not-finite",
    "done-without-evidence",
    "extension-without-reason",
    "extension-unit-not-assigned",
    "group-not-a-number",
    "date-year-implausible",
    "done-with-blank-evidence",
    // Every YAML and TOML message a hand edit can cause, each with a hint,
    // in both languages.
    "yaml-empty",
    "yaml-tab",
    "yaml-indentation",
    "yaml-list-indentation",
    "yaml-expected-text",
    "yaml-expected-mapping",
    "yaml-nesting",
    "yaml-unexpected-character",
    "yaml-control-character",
    "yaml-missing-value",
    "yaml-missing-key",
    "yaml-missing-space-after-colon",
    "yaml-colon-in-text",
    "yaml-text-after-quote",
    "yaml-bad-escape",
    "yaml-unclosed-bracket",
    "yaml-mismatched-bracket",
    "yaml-comment-without-space",
    "yaml-two-documents",
    "yaml-alias",
    "yaml-duplicate-key",
    "yaml-missing-field",
    "yaml-truncated",
    "toml-unquoted-text",
    "toml-colon",
    "toml-duplicate-key",
    "toml-unknown-key",
    "toml-wrong-type",
    "toml-negative-number",
    "toml-quoted-boolean",
    "toml-unclosed-header",
    "toml-extra-text",
    "toml-chinese-key",
    "toml-bad-escape",
    "toml-single-quote",
    "toml-missing-comma",
    "toml-missing-field",
    "toml-single-brackets",
];

/// How many fixtures at least are also checked in Chinese: the messages
/// users mostly read are Chinese, and a broken translation is a bug too.
const MIN_CHINESE: usize = 40;

/// The file in each fixture directory holding the English output.
const EXPECTED: &str = "expected";

/// The file holding the Chinese output, where a fixture has one.
const EXPECTED_ZH: &str = "expected.zh";

/// The files of a fixture directory that are not overlays.
const NOT_OVERLAYS: [&str; 2] = [EXPECTED, EXPECTED_ZH];

/// The suffix of an overlay file that deletes its namesake.
const DELETE: &str = ".delete";

/// The names of the directories under `tests/fixtures/check`.
fn fixture_dirs() -> BTreeSet<String> {
    std::fs::read_dir(common::fixture("check"))
        .expect("tests/fixtures/check exists")
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_dir())
        .map(|entry| entry.file_name().into_string().expect("fixture names are UTF-8"))
        .collect()
}

/// A copy of the base checklist with the fixture `kind` laid over it.
fn checklist_for(kind: &str) -> tempfile::TempDir {
    let dir = common::base_checklist();
    let fixture = common::fixture("check").join(kind);
    overlay(&fixture, &fixture, dir.path());
    dir
}

/// Copies the files under `from` to the same relative paths under `to`,
/// except the top-level expected outputs; `NAME.delete` removes `NAME`.
fn overlay(top: &Path, from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(top).unwrap();
        if entry.file_type().unwrap().is_dir() {
            overlay(top, &path, to);
            continue;
        }
        if NOT_OVERLAYS.iter().any(|name| rel == Path::new(name)) {
            continue;
        }
        let name = rel.to_str().expect("overlay paths are UTF-8");
        match name.strip_suffix(DELETE) {
            Some(deleted) => std::fs::remove_file(to.join(deleted))
                .unwrap_or_else(|e| panic!("{}: cannot delete {deleted} from the base: {e}", top.display())),
            None => {
                let target = to.join(rel);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
}

/// Reads an expected-output file of a fixture.
fn expected(kind: &str, file: &str) -> String {
    let path = common::fixture("check").join(kind).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The fixtures that also have Chinese output to compare.
fn chinese_kinds() -> Vec<String> {
    fixture_dirs().into_iter().filter(|kind| common::fixture("check").join(kind).join(EXPECTED_ZH).is_file()).collect()
}

/// Indents each line of `text` for the failure report.
fn indented(text: &str) -> String {
    if text.is_empty() {
        return "    (nothing)\n".to_string();
    }
    text.lines().map(|line| format!("    {line}\n")).collect()
}

#[test]
fn every_fixture_prints_exactly_its_expected_problems() {
    let mut failures = String::new();
    let mut failed = Vec::new();
    let kinds = fixture_dirs();
    let chinese = chinese_kinds();
    let mut runs: Vec<(&str, &[&str], &str)> = kinds.iter().map(|k| (k.as_str(), &["check"][..], EXPECTED)).collect();
    runs.extend(chinese.iter().map(|k| (k.as_str(), &["check", "--lang", "zh"][..], EXPECTED_ZH)));
    for (kind, args, file) in runs {
        let dir = checklist_for(kind);
        let run = common::run(dir.path(), args);
        let want = expected(kind, file);
        if run.code == 1 && run.stdout == want {
            continue;
        }
        failed.push(format!("{kind} ({file})"));
        let _ = write!(
            failures,
            "\n=== {kind} {args:?}: exit {} (want 1)\n  expected stdout ({file}):\n{}  actual stdout:\n{}  stderr:\n{}",
            run.code,
            indented(&want),
            indented(&run.stdout),
            indented(&run.stderr),
        );
    }
    assert!(
        failed.is_empty(),
        "{} of {} check fixture runs failed: {}\n{failures}",
        failed.len(),
        kinds.len() + chinese.len(),
        failed.join(", ")
    );
}

#[test]
fn fixture_directories_are_exactly_the_known_kinds() {
    let known: BTreeSet<String> = KINDS.iter().map(|k| k.to_string()).collect();
    assert_eq!(known.len(), KINDS.len(), "KINDS lists a kind twice");
    let found = fixture_dirs();
    let missing: Vec<&String> = known.difference(&found).collect();
    let unknown: Vec<&String> = found.difference(&known).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "fixture directories missing: {missing:?}; not listed in KINDS: {unknown:?}"
    );
    for kind in KINDS {
        let dir = common::fixture("check").join(kind);
        assert!(dir.join(EXPECTED).is_file(), "{kind} has no `expected` file");
        let overlays = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| !NOT_OVERLAYS.iter().any(|name| e.as_ref().unwrap().file_name() == *name))
            .count();
        assert!(overlays > 0, "{kind} changes nothing in the base checklist");
    }
    let chinese = chinese_kinds();
    assert!(chinese.len() >= MIN_CHINESE, "only {} fixtures are checked in Chinese: {chinese:?}", chinese.len());
}

#[test]
fn base_fixture_checks_clean() {
    let dir = common::base_checklist();
    let run = common::run(dir.path(), &["check"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "stderr: {}", run.stderr);
    assert!(run.stderr.starts_with("ok: "), "stderr: {}", run.stderr);
}

#[test]
fn shipped_checklist_checks_clean() {
    let dir = common::shipped_checklist();
    let run = common::run(dir.path(), &["check"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "检查通过: 28 个文件,105 项措施\n");
}

#[test]
fn json_format_has_every_field() {
    let dir = checklist_for("unknown-unit");
    let run = common::run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let problems: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout));
    let problems = problems.as_array().expect("a JSON array");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let problem = problems[0].as_object().expect("a JSON object");
    let keys: BTreeSet<&str> = problem.keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["path", "line", "column", "severity", "message", "hint"]));
    assert_eq!(problem["path"], "tasks/01.yaml");
    assert_eq!(problem["line"], 17);
    assert_eq!(problem["column"], 13);
    assert_eq!(problem["severity"], "error");
    assert_eq!(problem["message"], "unknown unit `市中级法庭`");
    assert_eq!(problem["hint"], "did you mean `市中级法院`? Otherwise add it to tasks/units.toml");
}

#[test]
fn json_format_of_a_clean_checklist_is_an_empty_array() {
    let dir = common::base_checklist();
    let run = common::run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let problems: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(problems, serde_json::json!([]));
}

#[test]
fn a_gbk_file_is_reported_with_the_iconv_hint() {
    let dir = common::base_checklist();
    let path = dir.path().join("tasks/01.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // 市司法局 in GBK, as an editor set to the Windows Chinese code page saves it.
    let gbk: &[u8] = b"\xca\xd0\xcb\xbe\xb7\xa8\xbe\xd6";
    let parts: Vec<&[u8]> = text.split("市司法局").map(str::as_bytes).collect();
    assert!(parts.len() > 1, "the base fixture names 市司法局");
    std::fs::write(&path, parts.join(gbk)).unwrap();
    let run = common::run(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one problem with a hint:\n{}", run.stdout);
    assert!(lines[0].starts_with("tasks/01.yaml:"), "{}", lines[0]);
    assert!(lines[0].ends_with(": error: the file is not UTF-8 text"), "{}", lines[0]);
    assert_eq!(
        lines[1],
        "  hint: if it was saved as GBK, convert it: iconv -f GBK -t UTF-8 tasks/01.yaml > fixed.yaml"
    );
}

#[test]
fn no_checklist_is_exit_2_naming_taizhang_toml() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::run(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("taizhang.toml"), "stderr: {}", run.stderr);
}

#[test]
fn every_yaml_and_toml_message_has_a_hint_in_both_languages() {
    let kinds: Vec<String> =
        fixture_dirs().into_iter().filter(|k| k.starts_with("yaml-") || k.starts_with("toml-")).collect();
    assert!(kinds.len() >= 30, "{kinds:?}");
    for kind in kinds {
        for file in [EXPECTED, EXPECTED_ZH] {
            let text = expected(&kind, file);
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2, "{kind}/{file}: one problem and its hint\n{text}");
            assert!(lines[0].contains(": error: "), "{kind}/{file}: {}", lines[0]);
            assert!(lines[1].starts_with("  hint: "), "{kind}/{file}: {}", lines[1]);
        }
        let zh = expected(&kind, EXPECTED_ZH);
        let message = zh.lines().next().unwrap().split(": error: ").nth(1).unwrap();
        assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{kind}: not Chinese: {message}");
    }
}
