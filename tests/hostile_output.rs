//! Text from group files, the registry, git and the command line is shown,
//! never obeyed: no control character, bidi override or invisible
//! character reaches the terminal raw, no multi-line value starts a line of
//! its own, and no revision a user types reaches git as anything but a
//! commit ID.

mod common;

use std::path::Path;
use std::process::Command;

/// A unit whose registered name carries an escape sequence, a bidi
/// override, invisible characters and a lone carriage return.
const UNIT: &str = "恶意\u{1b}[2J\u{202e}局\u{200b}\u{feff}\r\u{2066}科";
/// A git author name with an escape sequence, a bidi override, a line
/// separator and a lone carriage return.
const AUTHOR: &str = "审计员\u{1b}[31m\u{202e}\u{2028}\rX";
/// A note with CRLF, a lone CR, paragraph and line separators, C1 controls
/// (CSI, NEL) and DEL.
const NOTE: &str = "ok\r\n\u{2028}已完成\r\u{2029}\u{200b}\u{9b}31m\u{85}\u{7f}\u{2067}\u{200f}";

/// The characters that must never reach a terminal raw: every control
/// character but the line feed, bidi controls, line and paragraph
/// separators, zero-width characters and the byte order mark.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Fails naming the output and the raw characters it holds.
fn assert_clean(what: &str, text: &str) {
    let raw: Vec<String> = text.chars().filter(|c| is_unsafe(*c)).map(|c| format!("U+{:04X}", c as u32)).collect();
    assert!(raw.is_empty(), "{what} prints {} raw:\n{text}", raw.join(" "));
}

/// Fails when a line of `text` starts with `FORGED`, the first word of
/// every line a test smuggles into a value: a value's later lines must be
/// marked as its continuation (or stay inside a table cell).
fn assert_no_forged_line(what: &str, text: &str) {
    for line in text.lines() {
        assert!(!line.trim_start().starts_with("FORGED"), "{what} lets a value start the line `{line}`:\n{text}");
    }
}

/// A copy of the base checklist in a git repository on branch `main`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo { dir: common::base_checklist() };
        repo.git("办公室", &["init", "-q", "-b", "main"]);
        repo.git("办公室", &["add", "-A"]);
        repo.git("办公室", &["commit", "-qm", "导入"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn identity(cmd: &mut Command, who: &str) {
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", who)
            .env("GIT_AUTHOR_EMAIL", "liaison@example.org")
            .env("GIT_COMMITTER_NAME", "办公室")
            .env("GIT_COMMITTER_EMAIL", "office@example.org")
            .env("GIT_AUTHOR_DATE", "2021-03-20T10:00:00+08:00")
            .env("GIT_COMMITTER_DATE", "2021-03-20T10:00:00+08:00");
    }

    fn git(&self, who: &str, args: &[&str]) {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.path()).args(args);
        Repo::identity(&mut cmd, who);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// The binary as `who`, on 2021-04-01.
    fn run(&self, who: &str, args: &[&str]) -> common::Run {
        let mut cmd = common::command(self.path());
        cmd.args(args).env("TAIZHANG_TODAY", "2021-04-01");
        Repo::identity(&mut cmd, who);
        let out = cmd.output().unwrap();
        common::Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs and expects success.
    fn ok(&self, who: &str, args: &[&str]) -> common::Run {
        let r = self.run(who, args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        r
    }

    /// Replaces text in a file (a hand edit).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} not in {rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

/// The report commands that print text, each with its arguments.
const REPORTS: &[&[&str]] = &[
    &["show", "1.1"],
    &["show", "1.2"],
    &["list"],
    &["list", "--format", "md"],
    &["list", "--format", "csv"],
    &["overdue"],
    &["overdue", "--format", "md"],
    &["overdue", "--format", "csv"],
    &["summary", "--by", "unit"],
    &["summary", "--by", "unit", "--format", "md"],
    &["summary", "--by", "unit", "--format", "csv"],
    &["history"],
    &["history", "--format", "md"],
    &["history", "1.1"],
    &["review", "main..pr"],
    &["review", "main..pr", "--format", "md"],
    &["export", "--format", "csv", "-o", "-"],
    &["check"],
];

#[test]
fn text_from_files_and_git_never_reaches_the_terminal_raw() {
    let repo = Repo::new();
    repo.git("办公室", &["checkout", "-qb", "pr"]);
    // A branch registers a unit with a hostile name, assigns it, and words
    // the measure text with hidden characters.
    let units = std::fs::read_to_string(repo.path().join("tasks/units.toml")).unwrap();
    let escaped: String = UNIT.chars().map(|c| format!("\\U{:08X}", c as u32)).collect();
    std::fs::write(
        repo.path().join("tasks/units.toml"),
        format!("{units}\n[[unit]]\nname = \"{escaped}\"\nkind = \"department\"\n"),
    )
    .unwrap();
    let yaml: String = UNIT.chars().map(|c| format!("\\U{:08x}", c as u32)).collect();
    repo.edit(
        "tasks/01.yaml",
        "units: [\"市司法局\", \"市民政局\"]",
        &format!("units: [\"市司法局\", \"市民政局\", \"{yaml}\"]"),
    );
    repo.edit("tasks/01.yaml", "text: \"第一项措施。\"", "text: \"第一项\\u202e措施\\u2028\\u00a0\\r。\\e[1m\"");
    repo.git(AUTHOR, &["commit", "-qam", "登记"]);
    // Its liaison records progress and an extension, notes and all.
    for args in [
        &["set", "1.1", "done", "--unit", UNIT, "--note", NOTE, "--commit"][..],
        &["extend", "1.1", "--unit", UNIT, "--to", "2021-06", "--reason", NOTE, "--approval", NOTE, "--commit"],
    ] {
        let r = repo.ok(AUTHOR, args);
        assert_clean(&format!("{args:?}"), &format!("{}{}", r.stdout, r.stderr));
    }
    for args in REPORTS {
        let r = repo.run("审查人", args);
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        assert_clean(&format!("{args:?}"), &format!("{}{}", r.stdout, r.stderr));
    }
    // Error messages echo what the user typed and suggest names from the registry.
    for args in [
        &["list", "--unit", &format!("{UNIT}x")][..],
        &["show", "1.1\u{1b}[2J\u{202e}"],
        &["history", "9\u{2028}\u{1b}]0;title\u{7}"],
    ] {
        let r = repo.run("审查人", args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_clean(&format!("{args:?}"), &format!("{}{}", r.stdout, r.stderr));
    }
}

#[test]
fn review_in_markdown_shows_the_author_and_unit_of_a_flagged_change_safely() {
    let repo = Repo::new();
    repo.git("办公室", &["checkout", "-qb", "pr"]);
    // Done without evidence: flagged, so the change is listed under the
    // table with its unit and its author.
    repo.ok(AUTHOR, &["set", "1.1", "done", "--unit", "市民政局", "--note", NOTE, "--commit"]);
    let r = repo.run("审查人", &["review", "main..pr", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("#### To review"), "{}", r.stdout);
    assert_clean("review --format md", &r.stdout);
    assert!(r.stdout.contains("审计员\\u{1b}[31m\\u{202e}\\u{2028}\\u{d}X"), "{}", r.stdout);
}

#[test]
fn a_file_name_with_control_characters_is_shown_escaped() {
    let repo = Repo::new();
    let name = "02\u{1b}[31m\u{202e}.yaml";
    std::fs::write(repo.path().join("tasks").join(name), "group: [\n").unwrap();
    for args in [&["check"][..], &["list"], &["list", "--keep-going"], &["fmt", "--check"]] {
        let r = repo.run("审查人", args);
        assert!(r.code == 1 || r.code == 2, "{args:?}: {}", r.stderr);
        assert_clean(&format!("{args:?}"), &format!("{}{}", r.stdout, r.stderr));
    }
}

#[test]
fn a_multi_line_value_never_starts_a_line_of_its_own() {
    let repo = Repo::new();
    repo.git("办公室", &["checkout", "-qb", "pr"]);
    let note = "ok\n  FORGED 市司法局 (lead): done\nFORGED Status: done\r\nFORGED after CRLF\rFORGED after CR";
    let r = repo.ok("联络员", &["set", "1.2", "doing", "--unit", "市中级法院", "--note", note, "--commit"]);
    assert_no_forged_line("set", &r.stdout);
    let reason = "受疫情影响\nFORGED Status: done";
    let r =
        repo.ok("联络员", &["extend", "1.1", "--unit", "市司法局", "--to", "2021-06", "--reason", reason, "--commit"]);
    assert_no_forged_line("extend", &r.stdout);
    // Hand edits: a measure text, a duty and a group title over several lines.
    repo.edit("tasks/01.yaml", "text: \"第一项措施。\"", "text: \"第一项措施。\\nFORGED 【市司法局】 逾期 0\"");
    repo.edit("tasks/01.yaml", "text: \"负责第一项。\"", "text: \"负责第一项。\\nFORGED Duties:\"");
    repo.edit("tasks/01.yaml", "title: \"测试基本要求。\"", "title: \"测试基本要求。\\nFORGED Measure 1.9\"");
    repo.git("联络员", &["commit", "-qam", "改写"]);
    for args in REPORTS.iter().filter(|a| !a.contains(&"csv")) {
        let r = repo.run("审查人", args);
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        assert_no_forged_line(&format!("{args:?}"), &r.stdout);
        assert_no_forged_line(&format!("{args:?}"), &r.stderr);
    }
    // The note is all there, each later line marked as its continuation.
    let show = repo.ok("审查人", &["show", "1.2"]);
    assert!(
        show.stdout.contains("ok\n  │   FORGED 市司法局 (lead): done\n  │ FORGED Status: done\n"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.contains("│ FORGED after CRLF\\u{d}FORGED after CR"), "{}", show.stdout);
    assert!(!show.stdout.contains('\r'), "{}", show.stdout);
}

#[test]
fn errors_and_diagnostics_never_let_a_value_start_a_line() {
    let repo = Repo::new();
    for args in [
        &["list", "--unit", "市司法\nFORGED hint: all is well"][..],
        &["show", "1.9\nFORGED error: none"],
        &["history", "1.9\nFORGED hint: none"],
        &["overdue", "--unit", "夷陵\nFORGED"],
    ] {
        let r = repo.run("审查人", args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_no_forged_line(&format!("{args:?}"), &r.stderr);
    }
    // A unit name over two lines in a group file: `check` names it in its
    // diagnostic, and every report that refuses the file repeats it.
    repo.edit(
        "tasks/01.yaml",
        "- unit: \"市中级法院\"",
        "- unit: \"市中级法院\\nFORGED tasks/01.yaml:1:1: error: fake\"",
    );
    for args in [&["check"][..], &["list"], &["list", "--keep-going"], &["set", "1.2", "done", "--unit", "市中级法院"]]
    {
        let r = repo.run("审查人", args);
        assert!(r.code == 1 || r.code == 2, "{args:?}: {}", r.stderr);
        assert!(format!("{}{}", r.stdout, r.stderr).contains("FORGED"), "{args:?}: {}{}", r.stdout, r.stderr);
        assert_no_forged_line(&format!("{args:?}"), &r.stdout);
        assert_no_forged_line(&format!("{args:?}"), &r.stderr);
    }
}

#[test]
fn a_revision_is_resolved_to_a_commit_before_git_sees_it() {
    let repo = Repo::new();
    repo.git("办公室", &["checkout", "-qb", "pr"]);
    repo.ok("联络员", &["set", "1.2", "done", "--unit", "市中级法院", "--evidence", "测司发〔2021〕1号", "--commit"]);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("x");
    let range = format!("main..--output={}", target.display());
    let r = repo.run("审查人", &["review", &range, "--lang", "zh"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!target.exists(), "git was handed an option");
    assert!(
        r.stderr.contains(&format!("`--output={}` 不是本仓库中的提交", target.display())),
        "the error names the revision: {}",
        r.stderr
    );
    let r = repo.run("审查人", &["review", &range]);
    assert!(r.stderr.contains("is not a commit in this repository"), "{}", r.stderr);
    // Each end is checked, whatever the form of the range.
    for range in ["--output=x..pr", "main...--output=x", "main..pr:tasks", "main..nothing", "main..pr\u{1b}[2J"] {
        let r = repo.run("审查人", &["review", "--", range]);
        assert_eq!(r.code, 2, "{range}: {}", r.stderr);
        assert!(r.stderr.contains("is not a commit in this repository"), "{range}: {}", r.stderr);
        assert_clean(range, &r.stderr);
    }
    assert!(!repo.path().join("x").exists());
    // What names a commit works as before, by any name.
    for range in ["main..pr", "main..", "pr~1..pr", "main...pr", "main..HEAD"] {
        let r = repo.run("审查人", &["review", range, "--format", "json"]);
        assert_eq!(r.code, 0, "{range}: {}", r.stderr);
        let value: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(value["range"], range);
        assert_eq!(value["changes"].as_array().unwrap().len(), 1, "{range}: {}", r.stdout);
    }
}
