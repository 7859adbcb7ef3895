//! `taizhang set` and `extend`: minimal diffs, atomic and checked writes,
//! concurrency, commits, and every bad input leaving the file unchanged.

mod common;

use common::{command, run, shipped_checklist};
use std::path::Path;
use std::process::Command;

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "联络员")
        .env("GIT_AUTHOR_EMAIL", "liaison@example.org")
        .env("GIT_COMMITTER_NAME", "联络员")
        .env("GIT_COMMITTER_EMAIL", "liaison@example.org")
        .env("GIT_AUTHOR_DATE", "2021-03-01T10:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2021-03-01T10:00:00+08:00")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A shipped checklist committed to a fresh git repository.
fn repository() -> tempfile::TempDir {
    let dir = shipped_checklist();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "导入任务清单"]);
    dir
}

#[test]
fn a_first_entry_changes_only_its_own_lines() {
    let dir = shipped_checklist();
    let before = read(dir.path(), "tasks/17.yaml");
    let r = run(
        dir.path(),
        &["set", "17.1.1", "done", "--unit", "市国资委", "--date", "2021-03-01", "--evidence", "宜国资发〔2021〕3号"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "17.1.1 市国资委: 未开始 → 已完成 (2021-03-01)  tasks/17.yaml\n");
    let expected = before.replacen(
        "        due_text: \"长期坚持\"\n        progress: []\n",
        "        due_text: \"长期坚持\"\n        progress:\n          - unit: \"市国资委\"\n            status: \"done\"\n            date: \"2021-03-01\"\n            evidence: [\"宜国资发〔2021〕3号\"]\n",
        1,
    );
    assert_eq!(read(dir.path(), "tasks/17.yaml"), expected);
}

#[test]
fn the_diff_is_a_handful_of_lines() {
    let dir = repository();
    let r = run(dir.path(), &["set", "2.1", "doing", "--as-of", "2020-10-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["set", "2.1", "done", "--as-of", "2020-12-20", "--note", "已完成"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let numstat = git(dir.path(), &["diff", "--numstat"]);
    assert_eq!(numstat, "5\t1\ttasks/02.yaml\n", "one line out, five in");
    git(dir.path(), &["commit", "-qam", "2.1"]);
    let r = run(dir.path(), &["set", "2.1", "blocked", "--as-of", "2021-01-02"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let diff = git(dir.path(), &["diff", "-U0"]);
    let changed: Vec<&str> =
        diff.lines().filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---")).collect();
    assert_eq!(
        changed,
        [
            "-        status: \"done\"",
            "-        date: \"2020-12-20\"",
            "+        status: \"blocked\"",
            "+        date: \"2021-01-02\""
        ]
    );
}

#[test]
fn comments_quoting_and_blank_lines_stay() {
    let dir = common::base_checklist();
    let path = dir.path().join("tasks/01.yaml");
    let original = read(dir.path(), "tasks/01.yaml")
        .replace("measures:\n", "# 手工注释\nmeasures:\n")
        .replace("  - id: \"1.2\"\n", "\n  # 第二项\n  - id: '1.2'\n")
        .replace("        note: \"已制定方案\"\n", "        note: \"已制定方案\"  # 行尾注释\n");
    std::fs::write(&path, &original).unwrap();
    let r = run(dir.path(), &["set", "1.1", "doing", "--unit", "秭归县", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = read(dir.path(), "tasks/01.yaml");
    let inserted = "    progress:\n      - unit: \"秭归县\"\n        status: \"doing\"\n        date: \"2021-01-01\"\n";
    assert_eq!(after, original.replacen("    progress: []\n", inserted, 1));
    let r = run(dir.path(), &["set", "1.2", "done", "--unit", "市中院", "--as-of", "2021-02-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = read(dir.path(), "tasks/01.yaml");
    assert!(last.contains("# 手工注释\n") && last.contains("\n  # 第二项\n  - id: '1.2'\n"), "{last}");
    assert!(last.contains("      - unit: \"市中级法院\"\n        status: \"done\"\n        date: \"2021-02-01\"\n        note: \"已制定方案\"\n"), "the note is kept: {last}");
}

#[test]
fn twenty_concurrent_sets_all_land() {
    let dir = shipped_checklist();
    let areas = ["夷陵区", "西陵区", "伍家岗区", "点军区", "猇亭区", "宜都市", "当阳市", "枝江市", "远安县", "兴山县"];
    let mut children = Vec::new();
    for (i, area) in areas.iter().enumerate() {
        for leaf in ["1.1", "1.2"] {
            let status = if i % 2 == 0 { "doing" } else { "done" };
            let child = command(dir.path())
                .args(["set", leaf, status, "--unit", area, "--as-of", "2021-01-01"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            children.push(child);
        }
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let r = run(dir.path(), &["list", "--group", "1", "--format", "json"]);
    let leaves: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let entries: usize = leaves.iter().map(|l| l["progress"].as_array().unwrap().len()).sum();
    assert_eq!(entries, 20);
    assert_eq!(run(dir.path(), &["check"]).code, 0);
}

#[test]
fn commit_records_exactly_the_file_with_trailers() {
    let dir = repository();
    std::fs::write(dir.path().join("unrelated.txt"), "not part of the commit").unwrap();
    let out = command(dir.path())
        .args(["set", "17.1.1", "已完成", "--unit", "市国资委", "--date", "2021-03-01", "--commit"])
        .env("GIT_AUTHOR_NAME", "国资委联络员")
        .env("GIT_AUTHOR_EMAIL", "gzw@example.org")
        .env("GIT_COMMITTER_NAME", "国资委联络员")
        .env("GIT_COMMITTER_EMAIL", "gzw@example.org")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let message = git(dir.path(), &["log", "-1", "--format=%B"]);
    assert_eq!(
        message,
        "17.1.1 市国资委: 未开始 → 已完成 (2021-03-01)\n\nTaizhang-Leaf: 17.1.1\nTaizhang-Unit: 市国资委\nTaizhang-Status: done\n\n"
    );
    assert_eq!(git(dir.path(), &["show", "--name-only", "--format=", "HEAD"]), "tasks/17.yaml\n");
    assert_eq!(git(dir.path(), &["log", "-1", "--format=%an <%ae>"]), "国资委联络员 <gzw@example.org>\n");
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "?? unrelated.txt\n");
}

#[test]
fn commit_refuses_to_sweep_in_other_uncommitted_edits() {
    let dir = repository();
    // An earlier edit of another leaf of the same file, not committed.
    let r = run(dir.path(), &["set", "2.2", "doing", "--unit", "市司法局", "--as-of", "2021-02-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = read(dir.path(), "tasks/02.yaml");
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    let r = run(dir.path(), &["set", "2.1", "done", "--as-of", "2021-03-01", "--commit"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("tasks/02.yaml 还有未提交的修改"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: 请先提交或暂存(git stash)这些修改"), "{}", r.stderr);
    assert_eq!(read(dir.path(), "tasks/02.yaml"), before, "nothing written");
    assert_eq!(git(dir.path(), &["rev-parse", "HEAD"]), head, "nothing committed");
    let r = run(dir.path(), &["--lang", "en", "set", "2.1", "done", "--as-of", "2021-03-01", "--commit"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("tasks/02.yaml has other uncommitted changes"), "{}", r.stderr);
    // A staged edit is as much a foreign change as an unstaged one.
    git(dir.path(), &["add", "tasks/02.yaml"]);
    assert_eq!(run(dir.path(), &["set", "2.1", "done", "--as-of", "2021-03-01", "--commit"]).code, 2);
    // Once the earlier edit is committed, the commit holds this edit alone.
    git(dir.path(), &["commit", "-qm", "2.2"]);
    let out = command(dir.path())
        .args(["set", "2.1", "done", "--as-of", "2021-03-01", "--commit"])
        .env("GIT_AUTHOR_NAME", "司法局联络员")
        .env("GIT_AUTHOR_EMAIL", "sfj@example.org")
        .env("GIT_COMMITTER_NAME", "司法局联络员")
        .env("GIT_COMMITTER_EMAIL", "sfj@example.org")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let diff = git(dir.path(), &["show", "--format=", "--unified=0", "HEAD"]);
    assert!(diff.contains("市司法局") && !diff.contains("\"doing\""), "{diff}");
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");
}

#[test]
fn commit_outside_a_repository_is_refused_but_set_works() {
    let dir = shipped_checklist();
    let before = read(dir.path(), "tasks/02.yaml");
    let r = run(dir.path(), &["set", "2.1", "done", "--commit"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("提交需要 git,但") && r.stderr.contains("不在 git 仓库中"), "{}", r.stderr);
    assert_eq!(read(dir.path(), "tasks/02.yaml"), before);
    let r = run(dir.path(), &["set", "2.1", "done", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn bad_input_changes_nothing() {
    let dir = shipped_checklist();
    let before = read(dir.path(), "tasks/02.yaml");
    let cases: [(&[&str], &str); 8] = [
        (&["set", "2.9", "done"], "没有措施 `2.9`\nhint: 是否应为 `2.1`?"),
        (&["set", "2.1", "finished"], "未知状态 `finished`"),
        (
            &["set", "2.1", "done", "--unit", "市财政局"],
            "`市财政局` 不是 2.1 的责任单位\nhint: 2.1 的责任单位为 市司法局",
        ),
        (&["set", "2.1", "done", "--unit", "市司法厅"], "未知单位 `市司法厅`\nhint: 是否应为 `市司法局`?"),
        (&["set", "2.1", "done", "--date", "2021-02-30"], "--date `2021-02-30` 不是有效日期"),
        (&["set", "2.2", "done"], "请指明是哪个单位的进展"),
        (&["set", "-2.1", "done"], "`-2.1` 不是措施编号"),
        (&["set", "99.1", "done"], "没有措施 `99.1`: tasks/ 中没有基本要求 99 的文件"),
    ];
    for (args, message) in cases {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with(&format!("error: {message}")), "{args:?}: {}", r.stderr);
        assert_eq!(read(dir.path(), "tasks/02.yaml"), before, "{args:?} changed the file");
    }
}

#[test]
fn a_file_that_does_not_parse_or_check_is_never_rewritten() {
    let dir = shipped_checklist();
    let path = dir.path().join("tasks/02.yaml");
    let broken = read(dir.path(), "tasks/02.yaml").replacen("due: \"2020-12\"", "due: \"2020-12", 1);
    std::fs::write(&path, &broken).unwrap();
    let r = run(dir.path(), &["set", "2.2", "done", "--unit", "市司法局"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("tasks/02.yaml 未通过 `taizhang check`"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    let unchecked = read(dir.path(), "tasks/17.yaml").replacen("[\"市国资委\", ", "[\"市国资局\", ", 1);
    std::fs::write(dir.path().join("tasks/17.yaml"), &unchecked).unwrap();
    let r = run(dir.path(), &["set", "17.3", "done", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("未知单位 `市国资局`"), "{}", r.stderr);
    assert_eq!(read(dir.path(), "tasks/17.yaml"), unchecked);
}

#[test]
fn the_unit_can_come_from_the_environment_or_the_user_config() {
    let dir = shipped_checklist();
    let out = command(dir.path()).args(["set", "2.2", "doing"]).env("TAIZHANG_UNIT", "市公安局").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("taizhang")).unwrap();
    std::fs::write(config.path().join("taizhang/config.toml"), "unit = \"市中院\"\n").unwrap();
    let out = command(dir.path()).args(["set", "2.2", "doing"]).env("XDG_CONFIG_HOME", config.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = read(dir.path(), "tasks/02.yaml");
    assert!(text.contains("- unit: \"市公安局\"") && text.contains("- unit: \"市中级法院\""), "{text}");
}

#[test]
fn the_users_own_config_does_not_reach_the_tests() {
    // A liaison running the tests has `unit = "…"` in ~/.config/taizhang:
    // the binary must not see it, or `set` without --unit picks that unit.
    let cmd = command(std::path::Path::new("."));
    let envs: std::collections::HashMap<_, _> = cmd.get_envs().collect();
    for var in ["HOME", "XDG_CONFIG_HOME"] {
        let value = envs.get(std::ffi::OsStr::new(var)).copied().flatten();
        let value = value.unwrap_or_else(|| panic!("{var} is inherited from the test run"));
        let base = std::path::Path::new(value);
        assert!(!base.exists(), "{var}={} exists", base.display());
    }
    let dir = shipped_checklist();
    let r = run(dir.path(), &["set", "2.2", "doing"]);
    assert_eq!(r.code, 2, "with no unit configured, set asks which unit: {}", r.stderr);
    assert!(r.stderr.contains("请指明是哪个单位的进展"), "{}", r.stderr);
}

#[test]
fn a_member_of_a_collective_records_its_own_progress() {
    let dir = shipped_checklist();
    let r = run(
        dir.path(),
        &["set", "23.2", "done", "--unit", "秭归县", "--as-of", "2021-05-01", "--evidence", "秭司发〔2021〕2号"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["list", "--unit", "秭归县", "--status", "done", "--format", "json"]);
    let leaves: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(leaves.len(), 1);
    assert_eq!(leaves[0]["status"], "doing", "13 other areas are not done yet");
    assert_eq!(leaves[0]["match"]["status"], "done");
}

#[test]
fn extensions_move_lateness_and_keep_the_original() {
    let dir = shipped_checklist();
    assert_eq!(
        run(dir.path(), &["list", "--overdue", "--as-of", "2021-01-01", "--group", "21", "--format", "csv"])
            .stdout
            .lines()
            .count(),
        2
    );
    let r = run(
        dir.path(),
        &[
            "extend",
            "21.2",
            "--all-units",
            "--to",
            "2021-06",
            "--reason",
            "受疫情影响",
            "--approval",
            "宜司发〔2020〕9号",
            "--as-of",
            "2020-11-01",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "21.2: 2020-10 → 2021-06 (受疫情影响)  tasks/21.yaml\n");
    let r = run(dir.path(), &["list", "--overdue", "--as-of", "2021-01-01", "--group", "21", "--format", "json"]);
    assert_eq!(r.stdout.trim(), "[]");
    let r = run(dir.path(), &["list", "--overdue", "--as-of", "2021-07-01", "--group", "21", "--format", "json"]);
    let leaves: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(leaves.len(), 1, "21.1 is due 2021-12");
    let l = &leaves[0];
    assert_eq!((l["due"].as_str(), l["extended_due"].as_str()), (Some("2020-10"), Some("2021-06")));
    assert_eq!(l["extensions"][0]["approval"], "宜司发〔2020〕9号");
    let r = run(dir.path(), &["extend", "21.2", "--all-units", "--to", "2021-03", "--reason", "x"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2021-03 不晚于现行完成时限 2021-06"), "{}", r.stderr);
    let r = run(dir.path(), &["extend", "2.2", "--all-units", "--to", "2021-03", "--reason", "x"]);
    assert!(r.stderr.contains("2.2 没有可延期的完成时限"), "{}", r.stderr);
    let r = run(dir.path(), &["extend", "2.1", "--all-units", "--to", "soon", "--reason", "x"]);
    assert!(r.stderr.contains("--to `soon` 不是有效的完成时限"), "{}", r.stderr);
}

#[test]
fn a_units_own_extension_applies_to_that_unit_only() {
    let dir = shipped_checklist();
    let r = run(
        dir.path(),
        &["extend", "1.1", "--unit", "秭归县", "--to", "2021-03", "--reason", "机构改革", "--as-of", "2020-12-01"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let late = |unit: &str| -> usize {
        let r = run(
            dir.path(),
            &["list", "--unit", unit, "--overdue", "--as-of", "2021-01-15", "--group", "1", "--format", "json"],
        );
        serde_json::from_str::<Vec<serde_json::Value>>(&r.stdout).unwrap().len()
    };
    assert_eq!(late("秭归县"), 1, "only 1.2 is late for 秭归县");
    assert_eq!(late("夷陵区"), 2, "1.1 and 1.2 are late for 夷陵区");
}

#[test]
fn the_commit_setting_commits_without_the_flag() {
    let dir = repository();
    let config = read(dir.path(), "taizhang.toml").replace("commit = false", "commit = true");
    std::fs::write(dir.path().join("taizhang.toml"), config).unwrap();
    git(dir.path(), &["commit", "-qam", "commit every edit"]);
    let out = command(dir.path())
        .args(["set", "5.4", "doing", "--as-of", "2021-01-01"])
        .env("GIT_AUTHOR_NAME", "司法局联络员")
        .env("GIT_AUTHOR_EMAIL", "sfj@example.org")
        .env("GIT_COMMITTER_NAME", "司法局联络员")
        .env("GIT_COMMITTER_EMAIL", "sfj@example.org")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(git(dir.path(), &["log", "-1", "--format=%s"]), "5.4 市司法局: 未开始 → 推进中 (2021-01-01)\n");
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn an_edited_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = shipped_checklist();
    let path = dir.path().join("tasks/02.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
    let r = run(dir.path(), &["set", "2.1", "doing", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o664);
}

#[test]
fn a_broken_user_config_does_not_matter_when_the_unit_is_given() {
    let dir = shipped_checklist();
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("taizhang")).unwrap();
    std::fs::write(config.path().join("taizhang/config.toml"), "unit = \n").unwrap();
    let given = command(dir.path())
        .args(["set", "2.2", "doing", "--unit", "市公安局"])
        .env("XDG_CONFIG_HOME", config.path())
        .output()
        .unwrap();
    assert!(given.status.success(), "{}", String::from_utf8_lossy(&given.stderr));
    let missing =
        command(dir.path()).args(["set", "2.2", "doing"]).env("XDG_CONFIG_HOME", config.path()).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("无法读取个人配置"));
}

/// The base fixture's group file with `from` replaced by `to`, written back;
/// returns the text written.
fn rewrite(dir: &Path, from: &str, to: &str) -> String {
    let text = read(dir, "tasks/01.yaml");
    assert!(text.contains(from), "the fixture holds {from:?}");
    let text = text.replacen(from, to, 1);
    std::fs::write(dir.join("tasks/01.yaml"), &text).unwrap();
    text
}

/// The entry `set 1.2 done --unit 市中级法院 --as-of 2021-04-01` writes, with
/// its dash at `dash` columns.
fn entry_12(dash: usize) -> String {
    let keys = " ".repeat(dash + 2);
    format!(
        "{}- unit: \"市中级法院\"\n{keys}status: \"done\"\n{keys}date: \"2021-04-01\"\n{keys}note: \"已制定方案\"\n",
        " ".repeat(dash)
    )
}

fn set_12(dir: &Path) -> common::Run {
    run(dir, &["set", "1.2", "done", "--unit", "市中级法院", "--as-of", "2021-04-01"])
}

/// The fixture's progress entry of 1.2, with its dash at `dash` columns.
fn fixture_entry(dash: usize) -> String {
    let keys = " ".repeat(dash + 2);
    format!(
        "{}- unit: \"市中级法院\"\n{keys}status: \"doing\"\n{keys}date: \"2021-03-01\"\n{keys}note: \"已制定方案\"\n",
        " ".repeat(dash)
    )
}

#[test]
fn an_empty_list_with_a_comment_becomes_the_first_entry_and_keeps_the_comment() {
    let dir = common::base_checklist();
    let before = rewrite(dir.path(), "    progress: []\n", "    progress: []   # nothing yet\n");
    let r = run(dir.path(), &["set", "1.1", "doing", "--unit", "市司法局", "--as-of", "2021-04-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = before.replacen(
        "    progress: []   # nothing yet\n",
        "    progress:   # nothing yet\n      - unit: \"市司法局\"\n        status: \"doing\"\n        date: \"2021-04-01\"\n",
        1,
    );
    assert_eq!(read(dir.path(), "tasks/01.yaml"), expected);
}

#[test]
fn entries_at_the_keys_own_column_or_deeper_are_replaced_in_place() {
    for dash in [4, 8] {
        let dir = common::base_checklist();
        let before = rewrite(dir.path(), &fixture_entry(6), &fixture_entry(dash));
        let r = set_12(dir.path());
        assert_eq!(r.code, 0, "dashes at {dash}: {}", r.stderr);
        assert_eq!(read(dir.path(), "tasks/01.yaml"), before.replacen(&fixture_entry(dash), &entry_12(dash), 1));
        // A second unit's entry goes after it, at the same column.
        let r = run(dir.path(), &["set", "1.2", "doing", "--unit", "市中级法院", "--as-of", "2021-04-02"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(run(dir.path(), &["check"]).code, 0);
    }
}

#[test]
fn a_flow_mapping_measure_is_refused_with_a_hint_to_run_fmt() {
    let dir = common::base_checklist();
    let block = "  - id: \"1.1\"\n    text: \"第一项措施。\"\n    assignment: \"(市司法局、市民政局,各县市区,2020年12月)\"\n    units: [\"市司法局\", \"市民政局\"]\n    scope: [\"各县市区\"]\n    due: \"2020-12\"\n    due_text: \"2020年12月\"\n    progress: []\n";
    let flow = "  - {id: \"1.1\", text: \"第一项措施。\", assignment: \"(市司法局、市民政局,各县市区,2020年12月)\", units: [\"市司法局\", \"市民政局\"], scope: [\"各县市区\"], due: \"2020-12\", due_text: \"2020年12月\", progress: []}\n";
    let before = rewrite(dir.path(), block, flow);
    assert_eq!(run(dir.path(), &["check"]).code, 0, "the file is valid");
    for lang in ["zh", "en"] {
        let r =
            run(dir.path(), &["--lang", lang, "set", "1.1", "doing", "--unit", "市司法局", "--as-of", "2021-04-01"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("taizhang fmt"), "{}", r.stderr);
        assert!(!r.stderr.contains("内部错误") && !r.stderr.contains("internal error"), "{}", r.stderr);
        assert_eq!(read(dir.path(), "tasks/01.yaml"), before, "nothing written");
    }
    assert_eq!(run(dir.path(), &["fmt"]).code, 0);
    let r = run(dir.path(), &["set", "1.1", "doing", "--unit", "市司法局", "--as-of", "2021-04-01"]);
    assert_eq!(r.code, 0, "after fmt: {}", r.stderr);
}

#[test]
fn a_lone_cr_in_a_comment_ends_its_line_as_yaml_says() {
    let dir = common::base_checklist();
    let before = rewrite(dir.path(), "measures:\n", "# 注释\r# 另一行\nmeasures:\n");
    let r = set_12(dir.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(dir.path(), "tasks/01.yaml"), before.replacen(&fixture_entry(6), &entry_12(6), 1));
}

#[test]
fn a_block_note_ending_in_a_hash_line_is_replaced_whole() {
    let dir = common::base_checklist();
    let before = rewrite(
        dir.path(),
        "        note: \"已制定方案\"\n",
        "        note: |\n          已制定方案\n          # 不是注释,是备注的一行\n",
    );
    let r = set_12(dir.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let old = "      - unit: \"市中级法院\"\n        status: \"doing\"\n        date: \"2021-03-01\"\n        note: |\n          已制定方案\n          # 不是注释,是备注的一行\n";
    let new = "      - unit: \"市中级法院\"\n        status: \"done\"\n        date: \"2021-04-01\"\n        note: \"已制定方案\\n# 不是注释,是备注的一行\\n\"\n";
    assert_eq!(read(dir.path(), "tasks/01.yaml"), before.replacen(old, new, 1));
}

#[test]
fn inserted_lines_end_like_most_lines_of_the_file() {
    // Mostly LF with a few CRLF lines: the new lines end with LF.
    let dir = common::base_checklist();
    let text = read(dir.path(), "tasks/01.yaml").replacen('\n', "\r\n", 2);
    std::fs::write(dir.path().join("tasks/01.yaml"), &text).unwrap();
    let r = set_12(dir.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(dir.path(), "tasks/01.yaml"), text.replacen(&fixture_entry(6), &entry_12(6), 1));
    // All CRLF: so are the new lines.
    let dir = common::base_checklist();
    let text = read(dir.path(), "tasks/01.yaml").replace('\n', "\r\n");
    std::fs::write(dir.path().join("tasks/01.yaml"), &text).unwrap();
    let r = set_12(dir.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let crlf = |s: String| s.replace('\n', "\r\n");
    assert_eq!(read(dir.path(), "tasks/01.yaml"), text.replacen(&crlf(fixture_entry(6)), &crlf(entry_12(6)), 1));
}

#[test]
fn notes_with_characters_yaml_cannot_hold_raw_are_written_escaped() {
    let dir = common::base_checklist();
    let before = read(dir.path(), "tasks/01.yaml");
    let note = "甲\u{fffe}乙\u{ffff}丙\u{1}丁\u{7f}戊\u{85}\u{fdd0}";
    let evidence = "文\u{fffe}号";
    let r = run(
        dir.path(),
        &[
            "set",
            "1.2",
            "done",
            "--unit",
            "市中级法院",
            "--as-of",
            "2021-04-01",
            "--note",
            note,
            "--evidence",
            evidence,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = "        note: \"甲\\ufffe乙\\uffff丙\\u0001丁\\u007f戊\\u0085\u{fdd0}\"\n        evidence: [\"文\\ufffe号\"]\n";
    let expected = before.replacen(
        &fixture_entry(6),
        &format!("{}{written}", entry_12(6).replacen("        note: \"已制定方案\"\n", "", 1)),
        1,
    );
    assert_eq!(read(dir.path(), "tasks/01.yaml"), expected);
    assert_eq!(run(dir.path(), &["check"]).code, 0, "check takes what set wrote");
    let r = run(dir.path(), &["list", "--format", "json"]);
    let leaves: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let progress = &leaves[1]["progress"][0];
    assert_eq!((progress["note"].as_str(), progress["evidence"][0].as_str()), (Some(note), Some(evidence)));
}
