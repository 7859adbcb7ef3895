//! Input that must be refused: each case exits 2 with a message and a
//! `hint:` line, and writes nothing. Dates with two-digit years or in the
//! future, blank evidence and notes, unknown leaves, indicators and units.

mod common;

use common::{Run, base_checklist, run, shipped_checklist};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `dir` with its bytes, to show that nothing was written.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Runs `args` in `dir` and insists that it is refused with `message` and
/// then a hint containing `hint`, leaving every file as it was.
fn refused(dir: &Path, args: &[&str], message: &str, hint: &str) -> Run {
    let before = snapshot(dir);
    let r = run(dir, args);
    assert_eq!(r.code, 2, "{args:?} was not refused: {}{}", r.stdout, r.stderr);
    let expected = format!("error: {message}\nhint: ");
    assert!(r.stderr.starts_with(&expected), "{args:?}: want {expected:?}, got:\n{}", r.stderr);
    let hint_line = r.stderr.lines().nth(message.lines().count()).unwrap_or_default();
    assert!(hint_line.contains(hint), "{args:?}: the hint does not say {hint:?}:\n{}", r.stderr);
    assert_eq!(r.stdout, "", "{args:?}");
    assert!(snapshot(dir) == before, "{args:?} changed a file");
    r
}

/// The forms of a day every date hint lists, in each language.
const DAY_FORMS_EN: &str = "write the year with four digits: 2021-03-01, 2021-3-1, 2021/3/1, 2021.3.1 or 2021年3月1日";
const DAY_FORMS_ZH: &str = "年份写四位数: 2021-03-01、2021-3-1、2021/3/1、2021.3.1 或 2021年3月1日";

#[test]
fn dates_with_two_digit_years_are_refused_everywhere() {
    let dir = base_checklist();
    let d = dir.path();
    let set = ["set", "1.2", "done", "--unit", "市中院", "--as-of", "2021-07-01", "--date"];
    for date in ["21-3-1", "21/3/1", "21年3月1日", "021-03-01"] {
        let args: Vec<&str> = set.iter().copied().chain([date]).collect();
        refused(d, &args, &format!("--date `{date}` is not a date"), DAY_FORMS_EN);
    }
    refused(d, &["list", "--as-of", "21-07-01"], "--as-of `21-07-01` is not a date", DAY_FORMS_EN);
    refused(d, &["overdue", "--as-of", "21-07-01"], "--as-of `21-07-01` is not a date", DAY_FORMS_EN);
    refused(d, &["list", "--due-before", "21-07"], "--due-before `21-07` is not a date", "four digits");
    let shipped = shipped_checklist();
    refused(
        shipped.path(),
        &["set", "2.1", "done", "--as-of", "2021-07-01", "--date", "21-3-1"],
        "--date `21-3-1` 不是有效日期",
        DAY_FORMS_ZH,
    );
}

#[test]
fn every_four_digit_form_of_a_day_is_accepted() {
    for date in ["2021-03-01", "2021-3-1", "2021/3/1", "2021年3月1日"] {
        let dir = base_checklist();
        let args = ["set", "1.2", "done", "--unit", "市中院", "--as-of", "2021-07-01", "--date", date];
        let r = run(dir.path(), &args);
        assert_eq!(r.code, 0, "{date}: {}", r.stderr);
        let text = std::fs::read_to_string(dir.path().join("tasks/01.yaml")).unwrap();
        assert!(text.contains("        status: \"done\"\n        date: \"2021-03-01\"\n"), "{date}:\n{text}");
    }
}

#[test]
fn a_bad_taizhang_today_names_the_variable() {
    let dir = base_checklist();
    let out = common::command(dir.path()).args(["list"]).env("TAIZHANG_TODAY", "21-07-01").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: TAIZHANG_TODAY `21-07-01` is not a date\nhint: {DAY_FORMS_EN}")),
        "{stderr}"
    );
    // --as-of wins over the variable, and its own mistake names --as-of.
    let out = common::command(dir.path())
        .args(["list", "--as-of", "2021-13-01"])
        .env("TAIZHANG_TODAY", "2021-07-01")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("error: --as-of `2021-13-01` is not a date"));
    let out = common::command(dir.path())
        .args(["list", "--as-of", "2021-07-01", "--format", "json"])
        .env("TAIZHANG_TODAY", "nonsense")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_date_after_the_as_of_date_needs_future() {
    let dir = base_checklist();
    let d = dir.path();
    let args = ["set", "1.2", "done", "--unit", "市中院", "--as-of", "2021-07-01", "--date", "2021-07-02"];
    refused(d, &args, "--date 2021-07-02 is after the as-of date, 2021-07-01", "--future");
    let future: Vec<&str> = args.iter().copied().chain(["--future"]).collect();
    let r = run(d, &future);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(d.join("tasks/01.yaml")).unwrap().contains("date: \"2021-07-02\""));

    let shipped = shipped_checklist();
    let s = shipped.path();
    let record = ["record", "15.i1", "92.5", "--period", "2022", "--as-of", "2021-07-01"];
    refused(s, &record, "期间 2022 在截至日期 2021-07-01 时尚未开始", "--future");
    let r = run(s, &["record", "15.i1", "92.5", "--period", "2021", "--as-of", "2021-07-01"]);
    assert_eq!(r.code, 0, "a period under way may be recorded: {}", r.stderr);
    let future: Vec<&str> = record.iter().copied().chain(["--future"]).collect();
    assert_eq!(run(s, &future).code, 0);
}

#[test]
fn extend_takes_a_month_in_every_form() {
    for to in ["2021-09", "2021-9", "2021/9", "2021年9月"] {
        let dir = shipped_checklist();
        let r = run(dir.path(), &["extend", "21.2", "--to", to, "--reason", "受疫情影响", "--as-of", "2021-07-01"]);
        assert_eq!(r.code, 0, "{to}: {}", r.stderr);
        let text = std::fs::read_to_string(dir.path().join("tasks/21.yaml")).unwrap();
        assert!(text.contains("to: \"2021-09\""), "{to}:\n{text}");
    }
    let dir = shipped_checklist();
    let r = run(dir.path(), &["extend", "21.2", "--to", "2021/9/15", "--reason", "受疫情影响"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for to in ["21-9", "21年9月", "2021-13", "soon"] {
        refused(
            dir.path(),
            &["extend", "21.2", "--to", to, "--reason", "受疫情影响"],
            &format!("--to `{to}` 不是有效的完成时限"),
            "年份写四位数: 月份 2021-09、2021-9、2021/9、2021.9 或 2021年9月",
        );
    }
}

#[test]
fn blank_evidence_and_notes_are_refused() {
    let dir = base_checklist();
    let d = dir.path();
    let set = ["set", "1.2", "done", "--unit", "市中院", "--as-of", "2021-07-01"];
    for blank in ["", "  ", "\t"] {
        let with = |flag: &'static str| -> Vec<&str> { set.iter().copied().chain([flag]).collect() };
        let mut args = with("--evidence");
        args.push(blank);
        refused(d, &args, "--evidence is blank", "give a 文号, a link or a file in the repository");
        // One blank item among real ones is refused too.
        let mut args = with("--evidence");
        args.extend(["宜中法〔2021〕1号", "--evidence", blank]);
        refused(d, &args, "--evidence is blank", "leave out --evidence");
        let mut args = with("--note");
        args.push(blank);
        refused(d, &args, "--note is blank", "leave out --note");
    }
    let shipped = shipped_checklist();
    let record = ["record", "15.i1", "92.5", "--period", "2021", "--as-of", "2021-07-01", "--evidence", " "];
    refused(shipped.path(), &record, "--evidence 为空", "请写文号、链接或仓库中的文件");
    let record = ["record", "15.i1", "92.5", "--period", "2021", "--as-of", "2021-07-01", "--note", ""];
    refused(shipped.path(), &record, "--note 为空", "去掉 --note");
}

/// The base checklist committed to a fresh git repository, for `history`.
fn repository() -> tempfile::TempDir {
    let dir = base_checklist();
    for args in [&["init", "-q", "-b", "main"][..], &["add", "-A"], &["commit", "-qm", "import"]] {
        let out = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "office")
            .env("GIT_AUTHOR_EMAIL", "office@example.org")
            .env("GIT_COMMITTER_NAME", "office")
            .env("GIT_COMMITTER_EMAIL", "office@example.org")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    dir
}

#[test]
fn unknown_ids_are_errors_in_every_command() {
    let dir = repository();
    let d = dir.path();
    // 1.10 is not 1.1: IDs are strings, and the base checklist has 1.1 and 1.2 only.
    let leaf = "no leaf `1.10`";
    let near = "did you mean `1.1`?";
    refused(d, &["history", "1.10"], "no leaf or indicator `1.10`", near);
    refused(d, &["show", "1.10"], leaf, near);
    refused(d, &["set", "1.10", "done", "--unit", "市司法局"], leaf, near);
    refused(d, &["extend", "1.10", "--to", "2021-06", "--reason", "受疫情影响"], leaf, near);
    refused(
        d,
        &["history", "7.1"],
        "no leaf `7.1`: there is no file for group 7 in tasks/",
        "`taizhang list` shows every leaf ID",
    );
    refused(d, &["set", "7.1", "done"], "no leaf `7.1`: there is no file for group 7 in tasks/", "`taizhang list`");
    // Parts of the checklist that exist are accepted: the group, a leaf.
    for id in ["1", "1.2"] {
        let r = run(d, &["history", id]);
        assert_eq!(r.code, 0, "history {id}: {}", r.stderr);
    }
    let shipped = shipped_checklist();
    refused(shipped.path(), &["indicators", "--group", "99"], "没有基本要求 `99`", "是否应为 `9`?");
    refused(shipped.path(), &["record", "15.i9", "3", "--period", "2021"], "没有指标 `15.i9`", "15.i1");
}

#[test]
fn unknown_units_are_errors_in_every_command() {
    let dir = repository();
    let d = dir.path();
    let message = "unknown unit `市中级法庭`";
    let near = "did you mean `市中级法院`?";
    let cases: [&[&str]; 8] = [
        &["history", "--unit", "市中级法庭"],
        &["list", "--unit", "市中级法庭"],
        &["overdue", "--unit", "市中级法庭"],
        &["indicators", "--unit", "市中级法庭"],
        &["set", "1.2", "done", "--unit", "市中级法庭"],
        &["extend", "1.1", "--unit", "市中级法庭", "--to", "2021-06", "--reason", "受疫情影响"],
        &["history", "1.2", "--unit", "市中级法庭"],
        &["list", "--unit", "市中级法庭", "--lead"],
    ];
    for args in cases {
        refused(d, args, message, near);
    }
    let shipped = shipped_checklist();
    let record = ["record", "15.i1", "3", "--period", "2021", "--unit", "市司法厅"];
    refused(shipped.path(), &record, "未知单位 `市司法厅`", "是否应为 `市司法局`?");
}
