//! Messages in both languages: the shipped checklist says `lang = "zh"`, so
//! its errors, hints and `check` diagnostics are Chinese; `--lang en` gives
//! the English ones. The keywords `error:`, `hint:` and the
//! `path:line:col: error:` form stay the same in both.

mod common;

use common::{command, repo, run, shipped_checklist};
use std::path::Path;

/// Runs `args` on `dir` as is and with `--lang en`; both must fail with exit
/// status 2 and print exactly `zh` and `en` on stderr.
fn both(dir: &Path, args: &[&str], zh: &str, en: &str) {
    let r = run(dir, args);
    assert_eq!((r.code, r.stderr.as_str()), (2, zh), "{args:?}");
    let mut english = args.to_vec();
    english.extend(["--lang", "en"]);
    let r = run(dir, &english);
    assert_eq!((r.code, r.stderr.as_str()), (2, en), "{english:?}");
}

#[test]
fn unknown_unit_with_did_you_mean() {
    both(
        &repo(),
        &["list", "--unit", "市中级法庭"],
        "error: 未知单位 `市中级法庭`\nhint: 是否应为 `市中级法院`?\n",
        "error: unknown unit `市中级法庭`\nhint: did you mean `市中级法院`?\n",
    );
    let dir = shipped_checklist();
    both(
        dir.path(),
        &["set", "2.1", "done", "--unit", "市司法厅"],
        "error: 未知单位 `市司法厅`\nhint: 是否应为 `市司法局`?\n",
        "error: unknown unit `市司法厅`\nhint: did you mean `市司法局`?\n",
    );
}

#[test]
fn unknown_status() {
    both(
        &repo(),
        &["list", "--status", "finished"],
        "error: 未知状态 `finished`\nhint: 是否应为 `done`?状态可写作: 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked\n",
        "error: unknown status `finished`\nhint: did you mean `done`? A status is one of 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked\n",
    );
    both(
        &repo(),
        &["list", "--status", "x"],
        "error: 未知状态 `x`\nhint: 请使用以下之一: 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked\n",
        "error: unknown status `x`\nhint: use one of 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked\n",
    );
}

#[test]
fn a_status_in_other_words_gets_a_did_you_mean() {
    let dir = shipped_checklist();
    let spellings = "未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked";
    for (given, meant) in
        [("完成", "已完成"), ("进行中", "推进中"), ("已完", "已完成"), ("doen", "done"), ("started", "doing")]
    {
        both(
            dir.path(),
            &["set", "1.2", given, "--unit", "市民政局"],
            &format!("error: 未知状态 `{given}`\nhint: 是否应为 `{meant}`?状态可写作: {spellings}\n"),
            &format!("error: unknown status `{given}`\nhint: did you mean `{meant}`? A status is one of {spellings}\n"),
        );
    }
}

#[test]
fn a_period_month_takes_the_forms_of_every_month() {
    let dir = shipped_checklist();
    let file = dir.path().join("tasks/15.yaml");
    for month in ["2021/7", "2021年7月", "2021-7"] {
        let r = run(dir.path(), &["record", "15.i1", "88", "--period", month, "--as-of", "2021-08-01"]);
        assert_eq!(r.code, 0, "{month}: {}", r.stderr);
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text.matches("      - period: \"2021-07\"\n").count(), 1, "{month}: one value, for 2021-07\n{text}");
    }
    both(
        dir.path(),
        &["record", "15.i1", "88", "--period", "2021年第3季度"],
        "error: 期间 `2021年第3季度` 格式不对\nhint: 写作 2021、2021-H1、2021-Q3,或月份 2021-09、2021-9、2021/9、2021.9 或 2021年9月\n",
        "error: the period `2021年第3季度` is malformed\nhint: write 2021, 2021-H1, 2021-Q3, or a month, 2021-09, 2021-9, 2021/9, 2021.9 or 2021年9月\n",
    );
}

#[test]
fn bad_dates() {
    both(
        &repo(),
        &["list", "--as-of", "2021-02-30"],
        "error: --as-of `2021-02-30` 不是有效日期\nhint: 年份写四位数: 2021-03-01、2021-3-1、2021/3/1、2021.3.1 或 2021年3月1日\n",
        "error: --as-of `2021-02-30` is not a date\nhint: write the year with four digits: 2021-03-01, 2021-3-1, 2021/3/1, 2021.3.1 or 2021年3月1日\n",
    );
    both(
        &repo(),
        &["list", "--due-before", "soon"],
        "error: --due-before `soon` 不是有效日期\nhint: 年份写四位数: 日期 2021-03-01、2021-3-1、2021/3/1、2021.3.1 或 2021年3月1日,或月份 2021-09、2021-9、2021/9、2021.9 或 2021年9月\n",
        "error: --due-before `soon` is not a date\nhint: write the year with four digits: a day, 2021-03-01, 2021-3-1, 2021/3/1, 2021.3.1 or 2021年3月1日, or a month, 2021-09, 2021-9, 2021/9, 2021.9 or 2021年9月\n",
    );
}

/// A copy of the shipped checklist with an unknown unit, an unknown status,
/// a bad date, a done entry without a date and an unquoted ID.
fn broken_checklist() -> tempfile::TempDir {
    let dir = shipped_checklist();
    let edit = |rel: &str, edits: &[(&str, &str)]| {
        let path = dir.path().join(rel);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (from, to) in edits {
            assert!(text.contains(from), "{from} not in {rel}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(&path, text).unwrap();
    };
    edit(
        "tasks/02.yaml",
        &[
            ("units: [\"市司法局\"]", "units: [\"市司法厅\"]"),
            (
                "    progress: []\n",
                "    progress:\n      - unit: \"市司法局\"\n        status: \"finished\"\n        date: \"2021-13-01\"\n",
            ),
            ("    progress: []\n", "    progress:\n      - unit: \"市公安局\"\n        status: \"done\"\n"),
        ],
    );
    edit("tasks/04.yaml", &[("id: \"4.1\"", "id: 4.1")]);
    dir
}

/// The 1-based number of the first line of `rel` in `dir` that contains `needle`.
fn line_of(dir: &Path, rel: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} not in {rel}")) + 1
}

#[test]
fn check_diagnostics_in_both_languages() {
    let dir = broken_checklist();
    let at = |rel: &str, needle: &str| format!("{rel}:{}", line_of(dir.path(), rel, needle));
    let (unit, status, date, done, id) = (
        at("tasks/02.yaml", "units: [\"市司法厅\"]"),
        at("tasks/02.yaml", "status: \"finished\""),
        at("tasks/02.yaml", "date: \"2021-13-01\""),
        at("tasks/02.yaml", "status: \"done\""),
        at("tasks/04.yaml", "id: 4.1"),
    );
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "{unit}:13: error: 未知单位 `市司法厅`\n  \
             hint: 是否应为 `市司法局`?否则请将其添加到 tasks/units.toml\n\
             {status}:17: error: 未知状态 `finished`\n  \
             hint: 是否应为 `done`?状态可写作: 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked\n\
             {date}:15: error: 日期 `2021-13-01` 无效\n  \
             hint: 日期请写作 \"YYYY-MM-DD\"\n\
             {done}:17: error: 2.2: `市公安局` 已完成但缺少日期\n  \
             hint: 请添加 date: \"YYYY-MM-DD\",即完成当天的日期\n\
             {id}:9: error: `4.1` 未加引号,会被读作数字或布尔值,而不是文本\n  \
             hint: 请加引号: \"4.1\"(编号、日期和作为文本的数字都是字符串)\n"
        )
    );
    assert_eq!(r.stderr, "发现 5 个问题\n");
    let r = run(dir.path(), &["check", "--lang", "en"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "{unit}:13: error: unknown unit `市司法厅`\n  \
             hint: did you mean `市司法局`? Otherwise add it to tasks/units.toml\n\
             {status}:17: error: unknown status `finished`\n  \
             hint: did you mean `done`? A status is one of 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked\n\
             {date}:15: error: invalid date `2021-13-01`\n  \
             hint: write the date as \"YYYY-MM-DD\"\n\
             {done}:17: error: 2.2: `市公安局` is done without a date\n  \
             hint: add date: \"YYYY-MM-DD\", the day it was completed\n\
             {id}:9: error: unquoted `4.1` reads as a number or boolean, not as text\n  \
             hint: quote it: \"4.1\" (IDs, dates and numbers-as-text are strings)\n"
        )
    );
    assert_eq!(r.stderr, "5 problem(s)\n");
    let json = run(dir.path(), &["check", "--format", "json"]);
    let problems: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(problems[0]["message"], "未知单位 `市司法厅`");
    assert_eq!(problems[0]["severity"], "error", "the severity is a keyword, not a message");
}

#[test]
fn commands_on_a_broken_checklist_refuse_in_both_languages() {
    let dir = broken_checklist();
    let r = run(dir.path(), &["list"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.ends_with(
            "error: 台账有 5 个问题\nhint: 运行 `taizhang check` 查看全部问题;--keep-going 可跳过有问题的文件\n"
        ),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["list", "--lang", "en"]);
    assert!(
        r.stderr.ends_with(
            "error: the checklist has 5 problem(s)\nhint: run `taizhang check` to see them all; \
             --keep-going reports on the files without problems\n"
        ),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["show", "1.1", "--lang", "en"]);
    assert!(
        r.stderr.ends_with("hint: run `taizhang check` to see them all\n"),
        "show has no --keep-going: {}",
        r.stderr
    );
}

#[test]
fn not_a_git_repository() {
    let dir = shipped_checklist();
    let r = run(dir.path(), &["history"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: 查看变更记录需要 git,但 "), "{}", r.stderr);
    assert!(
        r.stderr.ends_with(" 不在 git 仓库中\nhint: 台账的变更记录就是它的 git 历史;请先运行 `git init` 并提交台账\n"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["history", "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: history needs git, but "), "{}", r.stderr);
    assert!(
        r.stderr.ends_with(
            " is not in a git repository\nhint: the checklist's history is its git history; \
             run `git init` and commit the checklist first\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn no_checklist_found() {
    // Outside any checklist only the locale can tell the language.
    let dir = tempfile::tempdir().unwrap();
    let zh = command(dir.path()).arg("list").env("LANG", "zh_CN.UTF-8").output().unwrap();
    let stderr = String::from_utf8(zh.stderr).unwrap();
    assert_eq!(zh.status.code(), Some(2));
    assert!(stderr.starts_with("error: 此处没有台账: "), "{stderr}");
    assert!(
        stderr.ends_with(
            " 及其上级目录中都没有 taizhang.toml\nhint: 请在台账目录内运行,或用 -C DIR 指定目录,\
             或用 `taizhang import NOTICE.txt --out DIR` 新建台账\n"
        ),
        "{stderr}"
    );
    let en = command(dir.path()).args(["list", "--lang", "en"]).env("LANG", "zh_CN.UTF-8").output().unwrap();
    let stderr = String::from_utf8(en.stderr).unwrap();
    assert!(stderr.starts_with("error: no checklist here: neither "), "{stderr}");
    assert!(stderr.contains("nor any folder above it has a taizhang.toml\nhint: run inside a checklist"), "{stderr}");
    let r = run(dir.path(), &["list"]);
    assert!(r.stderr.starts_with("error: no checklist here: "), "no locale: English\n{}", r.stderr);
}

#[test]
fn the_checklist_setting_beats_the_locale_and_lang_beats_both() {
    let dir = common::base_checklist(); // lang = "en"
    let r = command(dir.path()).args(["list", "--status", "x"]).env("LANG", "zh_CN.UTF-8").output().unwrap();
    assert!(String::from_utf8(r.stderr).unwrap().starts_with("error: unknown status `x`"));
    let r = command(dir.path()).args(["list", "--status", "x", "--lang", "zh"]).output().unwrap();
    assert!(String::from_utf8(r.stderr).unwrap().starts_with("error: 未知状态 `x`"));
}

#[test]
fn common_yaml_mistakes_are_worded_in_chinese_too() {
    let dir = common::shipped_checklist();
    let path = dir.path().join("tasks/02.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replacen("    text: \"加大执法", "    txet: \"加大执法", 1);
    std::fs::write(&path, text).unwrap();
    let zh = common::run(dir.path(), &["check"]);
    assert!(zh.stdout.contains(": error: 未知的键 `txet`,可用的键: id, text,"), "{}", zh.stdout);
    let en = common::run(dir.path(), &["check", "--lang", "en"]);
    assert!(en.stdout.contains(": error: unknown field `txet`, expected one of id, text,"), "{}", en.stdout);
}
