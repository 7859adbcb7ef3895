//! `taizhang history` and `review` on real git repositories: commits made
//! by `set --commit`, hand edits, and merges, each with its real author.

mod common;

#[allow(dead_code)]
#[path = "../examples/synthetic_history.rs"]
mod synthetic_history;

use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// A checklist in a git repository, with helpers that act as a given person
/// on a given day.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo { dir: common::shipped_checklist() };
        repo.git("办公室", "2020-08-10", &["init", "-q", "-b", "main"]);
        repo.git("办公室", "2020-08-10", &["add", "-A"]);
        repo.git("办公室", "2020-08-10", &["commit", "-qm", "导入任务清单"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn env(cmd: &mut Command, who: &str, day: &str) {
        let email = format!("{}@example.org", who.chars().map(|c| format!("{:x}", c as u32)).collect::<String>());
        let date = format!("{day}T10:00:00+08:00");
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", who)
            .env("GIT_AUTHOR_EMAIL", &email)
            .env("GIT_COMMITTER_NAME", who)
            .env("GIT_COMMITTER_EMAIL", &email)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date);
    }

    fn git(&self, who: &str, day: &str, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.path()).args(args);
        Repo::env(&mut cmd, who, day);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn taizhang(&self, who: &str, day: &str, args: &[&str]) -> common::Run {
        let mut cmd = common::command(self.path());
        cmd.args(args).env("TAIZHANG_TODAY", day);
        Repo::env(&mut cmd, who, day);
        let out = cmd.output().unwrap();
        common::Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    fn set(&self, who: &str, day: &str, args: &[&str]) {
        let mut all = vec!["set"];
        all.extend_from_slice(args);
        all.push("--commit");
        let r = self.taizhang(who, day, &all);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }

    /// Replaces text in a file (a hand edit).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} not in {rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn json(&self, args: &[&str]) -> Value {
        let r = self.taizhang("审计员", "2021-12-31", args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    }
}

/// (date, author, leaf, unit or field, summary of old → new) per event.
fn summary(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let state = |s: &Value| match s {
                Value::Null => "-".to_string(),
                Value::Object(o) if o.contains_key("status") => o["status"].as_str().unwrap().to_string(),
                Value::Object(o) if o.contains_key("due") => o["due"].as_str().unwrap_or("-").to_string(),
                Value::Array(list) => {
                    list.iter().map(|x| x["to"].as_str().unwrap().to_string()).collect::<Vec<_>>().join(",")
                }
                other => other.as_str().unwrap_or("?").chars().take(6).collect(),
            };
            format!(
                "{} {} {} {} {} {}→{}",
                &e["date"].as_str().unwrap()[..10],
                e["author"].as_str().unwrap(),
                e["id"].as_str().unwrap(),
                e["aspect"].as_str().unwrap(),
                e["detail"].as_str().unwrap(),
                state(&e["old"]),
                state(&e["new"])
            )
        })
        .collect()
}

#[test]
fn history_lists_every_change_with_its_real_author() {
    let repo = Repo::new();
    repo.set(
        "国资委联络员",
        "2021-03-01",
        &["17.1.1", "done", "--unit", "市国资委", "--evidence", "宜国资发〔2021〕3号"],
    );
    // A hand edit, committed with a message that says nothing about it.
    repo.edit("tasks/02.yaml", "    due_text: \"2020年12月\"\n    progress: []", "    due_text: \"2020年12月\"\n    progress:\n      - unit: \"市司法局\"\n        status: \"doing\"\n        date: \"2020-11-20\"");
    repo.git("司法局联络员", "2020-11-20", &["commit", "-qam", "整理格式"]);
    // Two branches edit different leaves of the same file and merge cleanly.
    repo.git("办公室", "2021-04-01", &["checkout", "-qb", "zigui"]);
    repo.set("秭归县联络员", "2021-04-02", &["1.1", "doing", "--unit", "秭归县"]);
    repo.git("办公室", "2021-04-01", &["checkout", "-q", "main"]);
    repo.set("民政局联络员", "2021-04-03", &["1.2", "done", "--unit", "市民政局", "--evidence", "宜民发〔2021〕1号"]);
    repo.git("办公室", "2021-04-05", &["merge", "-q", "--no-edit", "zigui"]);
    let text = std::fs::read_to_string(repo.path().join("tasks/01.yaml")).unwrap();
    assert!(text.contains("- unit: \"秭归县\"") && text.contains("- unit: \"市民政局\""), "both edits merged");
    let show = repo.taizhang("审计员", "2021-12-31", &["show", "1.2"]);
    assert!(show.stdout.contains("\n变更记录:\n  2021-04-03 民政局联络员 "), "{}", show.stdout);
    assert!(
        show.stdout.contains("  市民政局 未开始 → 已完成 (2021-04-03) 佐证: +宜民发〔2021〕1号\n"),
        "{}",
        show.stdout
    );
    // An extension, and a deadline edited by hand.
    let r = repo.taizhang(
        "办公室",
        "2021-05-01",
        &["extend", "21.2", "--to", "2021-06", "--reason", "受疫情影响", "--commit"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    repo.edit("tasks/25.yaml", "due: \"2020-09\"", "due: \"2020-10\"");
    repo.git("某人", "2021-05-02", &["commit", "-qam", "typo"]);

    let events = repo.json(&["history", "--format", "json"]);
    assert_eq!(
        summary(&events),
        [
            "2021-03-01 国资委联络员 17.1.1 progress 市国资委 -→done",
            "2020-11-20 司法局联络员 2.1 progress 市司法局 -→doing",
            "2021-04-02 秭归县联络员 1.1 progress 秭归县 -→doing",
            "2021-04-03 民政局联络员 1.2 progress 市民政局 -→done",
            "2021-05-01 办公室 21.2 extensions  -→2021-06",
            "2021-05-02 某人 25.5 deadline  2020-09→2020-10",
        ]
    );
    let only = repo.json(&["history", "1.1", "--format", "json"]);
    assert_eq!(summary(&only), ["2021-04-02 秭归县联络员 1.1 progress 秭归县 -→doing"]);
    let unit = repo.json(&["history", "--unit", "市民政局", "--format", "json"]);
    assert_eq!(summary(&unit), ["2021-04-03 民政局联络员 1.2 progress 市民政局 -→done"]);
    let since = repo.json(&["history", "--since", "2021-05-01", "--format", "json"]);
    assert_eq!(since.as_array().unwrap().len(), 2);
}

#[test]
fn a_conflict_resolution_is_charged_to_the_merge() {
    let repo = Repo::new();
    repo.git("办公室", "2021-04-01", &["checkout", "-qb", "a"]);
    repo.set("甲", "2021-04-02", &["2.1", "doing"]);
    repo.git("办公室", "2021-04-01", &["checkout", "-q", "main"]);
    repo.set("乙", "2021-04-03", &["2.1", "blocked"]);
    let mut merge = Command::new("git");
    merge.current_dir(repo.path()).args(["merge", "-q", "a"]);
    Repo::env(&mut merge, "丙", "2021-04-04");
    assert!(!merge.output().unwrap().status.success(), "the same entry edited twice conflicts");
    let text = std::fs::read_to_string(repo.path().join("tasks/02.yaml")).unwrap();
    let resolved: String = text
        .lines()
        .filter(|l| !l.starts_with("<<<<<<<") && !l.starts_with("=======") && !l.starts_with(">>>>>>>"))
        .filter(|l| !l.contains("\"blocked\"") && !l.contains("\"doing\"") && !l.contains("date:"))
        .map(|l| {
            if l.trim() == "- unit: \"市司法局\"" {
                format!("{l}\n        status: \"done\"\n        date: \"2021-04-04\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(repo.path().join("tasks/02.yaml"), resolved.replace("- unit: \"市司法局\"\n        status: \"done\"\n        date: \"2021-04-04\"\n      - unit: \"市司法局\"\n        status: \"done\"\n        date: \"2021-04-04\"", "- unit: \"市司法局\"\n        status: \"done\"\n        date: \"2021-04-04\"")).unwrap();
    assert_eq!(
        repo.taizhang("丙", "2021-04-04", &["check"]).code,
        0,
        "{}",
        std::fs::read_to_string(repo.path().join("tasks/02.yaml")).unwrap()
    );
    repo.git("丙", "2021-04-04", &["commit", "-qam", "merge a"]);
    let events = repo.json(&["history", "2.1", "--format", "json"]);
    assert_eq!(
        summary(&events),
        [
            "2021-04-02 甲 2.1 progress 市司法局 -→doing",
            "2021-04-03 乙 2.1 progress 市司法局 -→blocked",
            "2021-04-04 丙 2.1 progress 市司法局 blocked→done",
        ]
    );
}

#[test]
fn history_and_review_need_git_and_say_so() {
    let dir = common::shipped_checklist();
    for args in [&["history"][..], &["review", "main..HEAD"]] {
        let r = common::run(dir.path(), args);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("需要 git") && r.stderr.contains("`git init`"), "{}", r.stderr);
    }
}

#[test]
fn review_flags_what_a_reviewer_must_see() {
    let repo = Repo::new();
    std::fs::write(
        repo.path().join("taizhang.toml"),
        std::fs::read_to_string(repo.path().join("taizhang.toml")).unwrap()
            + "\n[[liaison]]\nemail = \"sfj@example.org\"\nunit = \"市司法局\"\n",
    )
    .unwrap();
    repo.git("办公室", "2021-01-01", &["commit", "-qam", "liaisons"]);
    repo.set("司法局", "2021-01-02", &["2.1", "done", "--evidence", "宜司发〔2021〕1号"]);
    repo.git("办公室", "2021-01-03", &["checkout", "-qb", "pr"]);
    let sfj = |day: &str, args: &[&str]| {
        let mut all = vec!["set"];
        all.extend_from_slice(args);
        all.push("--commit");
        let mut cmd = common::command(repo.path());
        cmd.args(&all).env("TAIZHANG_TODAY", day);
        Repo::env(&mut cmd, "司法局", day);
        cmd.env("GIT_AUTHOR_EMAIL", "sfj@example.org");
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    sfj("2021-01-04", &["5.4", "done"]); // done without evidence
    sfj("2021-01-05", &["2.1", "doing"]); // backwards
    sfj("2021-01-06", &["9.1", "doing", "--unit", "市司法局"]); // fine: the liaison's own unit
    repo.set("法院", "2021-01-07", &["9.2", "doing", "--unit", "市中级法院"]); // not a liaison
    repo.edit("tasks/09.yaml", "text: \"建设类型化专业化调解平台。", "text: \"建设专业化调解平台。");
    repo.edit("tasks/13.yaml", "due: \"2021-06\"", "due: \"2021-09\"");
    repo.git("某人", "2021-01-08", &["commit", "-qam", "修改"]);
    let r = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--format", "json"]);
    assert_eq!(r.code, 1, "check fails at the head: {}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let flags: Vec<String> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let kinds: Vec<&str> = c["flags"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
            format!("{} {}", c["id"].as_str().unwrap(), kinds.join(","))
        })
        .collect();
    assert_eq!(
        flags,
        [
            "5.4 done_without_evidence",
            "2.1 backwards",
            "9.1 ",
            "9.2 not_liaison",
            "9.1 text_edited",
            "13.1 deadline_edited",
        ]
    );
    let problems: Vec<&str> =
        report["problems"].as_array().unwrap().iter().map(|p| p["message"].as_str().unwrap()).collect();
    assert_eq!(problems, ["due `2021-09` 与 due_text `2021年6月` 不一致"], "check fails at HEAD");
    let r = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--strict"]);
    assert_eq!(r.code, 1);
    let md = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--format", "md"]);
    assert!(
        md.stdout.starts_with("### taizhang review `main..pr`\n\n6 项变更, 5 项需审查, check 发现 1 个问题。\n"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("- ⚠ 5.4 市司法局: 已完成但无佐证 (提交 "), "{}", md.stdout);
    assert!(md.stdout.contains("- ⚠ 2.1 市司法局: 状态倒退: 已完成 → 推进中"), "{}", md.stdout);
}

#[test]
fn review_judges_a_branch_by_the_base_and_sees_every_change_to_it() {
    let repo = Repo::new();
    repo.edit("taizhang.toml", "require_evidence = false", "require_evidence = true");
    std::fs::write(
        repo.path().join("taizhang.toml"),
        std::fs::read_to_string(repo.path().join("taizhang.toml")).unwrap()
            + "\n[[liaison]]\nemail = \"sfj@example.org\"\nunit = \"市司法局\"\n",
    )
    .unwrap();
    repo.git("办公室", "2021-01-01", &["commit", "-qam", "liaisons"]);
    repo.git("办公室", "2021-01-03", &["checkout", "-qb", "pr"]);
    let sfj = |day: &str, args: &[&str]| {
        let mut cmd = common::command(repo.path());
        cmd.args(args).env("TAIZHANG_TODAY", day);
        Repo::env(&mut cmd, "司法局", day);
        cmd.env("GIT_AUTHOR_EMAIL", "sfj@example.org");
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    // The branch makes its author the court's liaison too, relaxes the
    // evidence rule, and then uses both.
    repo.edit("taizhang.toml", "require_evidence = true", "require_evidence = false");
    std::fs::write(
        repo.path().join("taizhang.toml"),
        std::fs::read_to_string(repo.path().join("taizhang.toml")).unwrap()
            + "\n[[liaison]]\nemail = \"sfj@example.org\"\nunit = \"市中级法院\"\n",
    )
    .unwrap();
    sfj("2021-01-04", &["-C", ".", "check"]);
    repo.git("司法局", "2021-01-04", &["commit", "-qam", "通讯录"]);
    sfj("2021-01-05", &["set", "9.2", "doing", "--unit", "市中级法院", "--commit"]);
    sfj("2021-01-05", &["set", "5.4", "done", "--commit"]);
    // The registry: a collective loses a member, a unit gains an alias.
    repo.edit("tasks/units.toml", ", \"宜昌高新区\"]", "]");
    repo.edit("tasks/units.toml", "aliases = [\"市中院\"]", "aliases = [\"市中院\", \"法院\"]");
    // Notice content outside the texts: punctuation, and a whole group.
    repo.edit("tasks/10.yaml", "        tail: \",\"\n", "        tail: \"。\"\n");
    std::fs::remove_file(repo.path().join("tasks/25.yaml")).unwrap();
    repo.git("司法局", "2021-01-06", &["commit", "-qam", "整理", "--author", "司法局 <sfj@example.org>"]);

    let r = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--format", "json"]);
    assert_eq!(r.code, 1, "done without evidence fails check under the base's rule: {}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let flags: Vec<String> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let kinds: Vec<String> = c["flags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let what = f.get("email").or(f.get("key")).or(f.get("field")).or(f.get("file"));
                    format!(
                        "{}{}",
                        f["kind"].as_str().unwrap(),
                        what.map(|w| format!("({})", w.as_str().unwrap())).unwrap_or_default()
                    )
                })
                .collect();
            format!("{} {}", c["id"].as_str().unwrap(), kinds.join(","))
        })
        .collect();
    assert_eq!(
        flags,
        [
            "taizhang.toml liaison_edited(sfj@example.org)",
            "taizhang.toml setting_edited(settings.require_evidence)",
            "9.2 not_liaison(sfj@example.org)",
            "5.4 done_without_evidence",
            "10.1.1 text_edited(10.1.1 tail)",
            "tasks/25.yaml file_removed(tasks/25.yaml)",
            "tasks/units.toml registry_edited(collective 各县市区)",
            "tasks/units.toml registry_edited(unit 市中级法院)",
        ]
    );
    let problems: Vec<&str> =
        report["problems"].as_array().unwrap().iter().map(|p| p["message"].as_str().unwrap()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let table = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--lang", "en"]);
    for expected in [
        "liaison sfj@example.org: 市司法局 → 市中级法院、市司法局",
        "settings.require_evidence: true → false",
        "the liaison list was changed (sfj@example.org)",
        "unit 市中级法院: aliases = [\"市中院\"]; kind = \"judicial\" → aliases = [\"市中院\", \"法院\"]; kind = \"judicial\"",
        "file removed",
    ] {
        let flat: String = table.stdout.split(['│', '┆', '\n']).map(str::trim).collect::<Vec<_>>().join(" ");
        assert!(flat.contains(expected), "{expected}\n{}", table.stdout);
    }
    // Once merged, the branch's liaisons are the base's.
    repo.git("办公室", "2021-01-10", &["checkout", "-q", "main"]);
    repo.git("办公室", "2021-01-10", &["merge", "-q", "--ff-only", "pr"]);
    repo.git("办公室", "2021-01-10", &["checkout", "-qb", "next"]);
    sfj("2021-01-11", &["set", "9.2", "done", "--unit", "市中级法院", "--evidence", "宜中法〔2021〕1号", "--commit"]);
    let r = repo.taizhang("审查人", "2021-01-12", &["review", "main..next", "--format", "json"]);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["changes"][0]["flags"], serde_json::json!([]), "{}", r.stdout);
}

#[test]
fn blank_evidence_is_no_evidence_in_review() {
    // The command line refuses blank evidence, but a hand edit can still
    // write it; the reviewer must see it flagged like missing evidence.
    let repo = Repo::new();
    repo.git("办公室", "2021-01-03", &["checkout", "-qb", "pr"]);
    for (leaf, blank) in [("5.4", "\"\""), ("2.1", "\"  \", \"\"")] {
        repo.set("司法局", "2021-01-04", &[leaf, "done", "--evidence", "占位"]);
        let file = format!("tasks/{:02}.yaml", leaf.split('.').next().unwrap().parse::<u32>().unwrap());
        repo.edit(&file, "evidence: [\"占位\"]", &format!("evidence: [{blank}]"));
        repo.git("司法局", "2021-01-05", &["commit", "-qam", "佐证"]);
    }
    let r = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let flagged: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["flags"].as_array().unwrap().iter().any(|f| f["kind"] == "done_without_evidence"))
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["5.4", "2.1"], "{}", r.stdout);
}

#[test]
fn a_clean_branch_passes_strict_review() {
    let repo = Repo::new();
    repo.git("办公室", "2021-01-03", &["checkout", "-qb", "pr"]);
    repo.set("司法局", "2021-01-04", &["5.4", "done", "--evidence", "宜司发〔2021〕2号"]);
    let r = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--strict"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = repo.taizhang("审查人", "2021-01-09", &["review", "main"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`main` 不是提交范围\nhint: 请写作 BASE..HEAD"), "{}", r.stderr);
}

#[test]
fn a_branch_that_fails_check_never_passes_review() {
    let repo = Repo::new();
    repo.git("办公室", "2021-01-03", &["checkout", "-qb", "pr"]);
    // Nothing a flag looks at, but a unit the registry does not know.
    repo.edit(
        "tasks/02.yaml",
        "    due_text: \"2020年12月\"\n    progress: []",
        "    due_text: \"2020年12月\"\n    progress:\n      - unit: \"市司法厅\"\n        status: \"doing\"",
    );
    repo.git("某人", "2021-01-04", &["commit", "-qam", "2.1"]);
    for format in ["table", "md", "json"] {
        let r = repo.taizhang("审查人", "2021-01-09", &["review", "main..pr", "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("1 项变更, 0 项需审查, check 发现 1 个问题"), "{}", r.stderr);
        assert!(r.stdout.contains("市司法厅"), "{}", r.stdout);
    }
}

#[test]
fn an_edited_or_removed_extension_shows_its_unit_and_values() {
    let repo = Repo::new();
    for args in [
        &["extend", "13.2", "--unit", "夷陵区", "--to", "2021-09", "--reason", "测试", "--commit"][..],
        &["extend", "21.2", "--all-units", "--to", "2021-09", "--reason", "受疫情影响", "--commit"],
    ] {
        let r = repo.taizhang("办公室", "2021-07-05", args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    repo.git("办公室", "2021-07-06", &["checkout", "-qb", "pr"]);
    repo.edit(
        "tasks/13.yaml",
        "        to: \"2021-09\"\n        reason: \"测试\"",
        "        to: \"2021-12\"\n        reason: \"测试\"",
    );
    repo.edit(
        "tasks/21.yaml",
        "    extensions:\n      - to: \"2021-09\"\n        reason: \"受疫情影响\"\n        date: \"2021-07-05\"\n",
        "",
    );
    repo.git("某人", "2021-07-07", &["commit", "-qam", "整理"]);
    let r = repo.taizhang("审查人", "2021-07-08", &["review", "main..pr", "--format", "json"]);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let flags: Vec<&Value> =
        report["changes"].as_array().unwrap().iter().flat_map(|c| c["flags"].as_array().unwrap()).collect();
    assert_eq!(flags.len(), 2, "{}", r.stdout);
    assert_eq!(flags[0]["kind"], "extension_edited");
    assert_eq!(flags[0]["unit"], "夷陵区");
    assert_eq!((flags[0]["from"]["to"].as_str(), flags[0]["to"]["to"].as_str()), (Some("2021-09"), Some("2021-12")));
    assert_eq!(flags[1]["unit"], Value::Null);
    assert_eq!((flags[1]["from"]["to"].as_str(), &flags[1]["to"]), (Some("2021-09"), &Value::Null));
    let table = repo.taizhang("审查人", "2021-07-08", &["review", "main..pr"]);
    assert!(table.stdout.contains("延期修改 (夷陵区): 2021-09 → 2021-12"), "{}", table.stdout);
    assert!(table.stdout.contains("删除延期 (全部单位) (原为延期至 2021-09: 受疫情影响)"), "{}", table.stdout);
    let md = repo.taizhang("审查人", "2021-07-08", &["review", "main..pr", "--format", "md", "--lang", "en"]);
    assert!(md.stdout.contains("| 13.2 | 夷陵区 | extension edited (夷陵区): 2021-09 → 2021-12 |"), "{}", md.stdout);
    assert!(
        md.stdout.contains("- ⚠ 13.2: an existing extension was edited (夷陵区): 2021-09 → 2021-12"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains("- ⚠ 21.2: an existing extension was removed (all units): was to 2021-09"),
        "{}",
        md.stdout
    );
}

#[test]
fn indicator_values_are_in_history_and_review() {
    let repo = Repo::new();
    repo.git("办公室", "2021-07-01", &["checkout", "-qb", "pr"]);
    let r = repo.taizhang("法院", "2021-07-02", &["record", "15.i1", "88", "--period", "2021-H1", "--commit"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    repo.edit("tasks/15.yaml", "        value: 88\n", "        value: 95\n");
    repo.git("某人", "2021-07-03", &["commit", "-qam", "改数"]);
    let events = repo.json(&["history", "15.i1", "--format", "json"]);
    let summary: Vec<(String, String, String)> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["author"].as_str().unwrap().into(),
                e["aspect"].as_str().unwrap().into(),
                e["new"]["value"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(summary, [("法院".into(), "actual".into(), "88".into()), ("某人".into(), "actual".into(), "95".into())]);
    let r = repo.taizhang("审查人", "2021-07-04", &["review", "main..pr"]);
    assert!(r.stdout.contains("实际值 2021-H1: 88 → 95"), "{}", r.stdout);
}

#[test]
fn a_range_is_never_an_option_and_show_works_before_the_first_commit() {
    let repo = Repo::new();
    let target = repo.path().join("written..HEAD");
    let r = repo.taizhang("某人", "2021-01-01", &["review", "--", &format!("--output={}", target.display())]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!target.exists(), "git must not be handed an option");
    let fresh = common::shipped_checklist();
    let mut init = Command::new("git");
    init.current_dir(fresh.path()).args(["init", "-q"]);
    assert!(init.output().unwrap().status.success());
    let r = common::run(fresh.path(), &["show", "1.1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn text_changes_and_extensions_are_labelled_in_the_readers_language() {
    let repo = Repo::new();
    repo.git("办公室", "2021-07-01", &["checkout", "-qb", "pr"]);
    repo.edit("tasks/15.yaml", "    value: 90\n", "    value: 95\n");
    repo.edit("tasks/15.yaml", "units: [\"市委依法治市办\", \"市中级法院\"]", "units: [\"市中级法院\"]");
    repo.git("某人", "2021-07-02", &["commit", "-qam", "改"]);
    for args in [
        &["extend", "13.2", "--unit", "夷陵区", "--to", "2021-09", "--reason", "测试", "--commit"][..],
        &["extend", "21.2", "--all-units", "--to", "2021-09", "--reason", "受疫情影响", "--commit"],
    ] {
        let r = repo.taizhang("办公室", "2021-07-05", args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let rows = |args: &[&str]| {
        let r = repo.taizhang("审计员", "2021-07-08", args);
        assert!(r.code <= 1, "{}", r.stderr);
        r.stdout
    };
    let md = rows(&["history", "--format", "md"]);
    assert!(
        md.contains("| 15.i1 |  | 指标: 行政机关负责人出庭应诉率 >= 90% → 行政机关负责人出庭应诉率 >= 95% |"),
        "{md}"
    );
    assert!(md.contains("| 15.2 |  | 责任单位: 市委依法治市办、市中级法院 → 市中级法院 |"), "{md}");
    assert!(md.contains("| 13.2 | 夷陵区 | 延期至 2021-09 (夷陵区): 测试 |"), "{md}");
    assert!(md.contains("| 21.2 | 全部单位 | 延期至 2021-09: 受疫情影响 |"), "{md}");
    assert!(!md.contains("文本 "), "{md}");
    let en = rows(&["history", "--format", "md", "--lang", "en"]);
    assert!(en.contains("| 15.2 |  | text units: 市委依法治市办、市中级法院 → 市中级法院 |"), "{en}");
    assert!(en.contains("| 21.2 | all units | extended to 2021-09: 受疫情影响 |"), "{en}");
    let review = rows(&["review", "main..pr", "--format", "md"]);
    assert!(
        review.contains(
            "| 15.2 |  | 责任单位: 市委依法治市办、市中级法院 → 市中级法院 | ⚠ 修改了通知原文 (15.2 责任单位) |"
        ),
        "{review}"
    );
    assert!(review.contains("- ⚠ 15.i1: 修改了通知原文 (15.i1 指标) "), "{review}");
}

#[test]
fn since_takes_a_month_in_any_form() {
    let repo = Repo::new();
    repo.set("甲", "2021-03-31", &["2.1", "doing"]);
    repo.set("乙", "2021-04-01", &["2.1", "done"]);
    for month in ["2021-04", "2021-4", "2021/4", "2021年4月"] {
        let events = repo.json(&["history", "--since", month, "--format", "json"]);
        assert_eq!(summary(&events), ["2021-04-01 乙 2.1 progress 市司法局 doing→done"], "{month}");
    }
    let r = repo.taizhang("审计员", "2021-12-31", &["history", "--since", "4月"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("或月份 2021-09、2021-9、2021/9、2021.9 或 2021年9月"), "{}", r.stderr);
}

/// What a long history prints, in every form, as recorded in
/// `tests/golden/history.txt`: a fingerprint (length and FNV-1a hash) of
/// each command's exit status, stdout and stderr. The history holds
/// hundreds of progress commits and, after them, a conflicted merge, a
/// revert, a version that does not parse, a file removed and restored and
/// settings edits: a version seen again, versions read in parallel and in
/// any order all give the same trail. A change meant to alter output
/// re-blesses the file with `UPDATE_GOLDEN=1 cargo test --test history`.
#[test]
fn a_long_history_prints_what_was_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    synthetic_history::write(root, 600);
    let repo = Repo { dir };
    let day = "2021-08-01";
    // Two branches edit the same entry; the merge resolves it a third way.
    repo.git("办公室", day, &["checkout", "-qb", "side"]);
    repo.edit("tasks/02.yaml", "note: \"第", "note: \"甲第");
    repo.git("甲", "2021-08-02", &["commit", "-qam", "side"]);
    repo.git("办公室", day, &["checkout", "-q", "main"]);
    repo.edit("tasks/02.yaml", "note: \"第", "note: \"乙第");
    repo.git("乙", "2021-08-03", &["commit", "-qam", "main"]);
    let mut merge = Command::new("git");
    merge.current_dir(repo.path()).args(["merge", "-q", "side"]);
    Repo::env(&mut merge, "丙", "2021-08-04");
    assert!(!merge.output().unwrap().status.success(), "the same entry edited twice conflicts");
    repo.git("丙", "2021-08-04", &["checkout", "--theirs", "tasks/02.yaml"]);
    repo.edit("tasks/02.yaml", "note: \"甲第", "note: \"丙第");
    repo.git("丙", "2021-08-04", &["commit", "-qam", "merge side"]);
    // A revert brings back a version seen before.
    repo.git("丁", "2021-08-05", &["revert", "--no-edit", "HEAD~3"]);
    // A version that does not parse, then the one before it again.
    std::fs::write(repo.path().join("tasks/05.yaml"), "measures: [\n").unwrap();
    repo.git("戊", "2021-08-06", &["commit", "-qam", "broken"]);
    repo.git("戊", "2021-08-07", &["checkout", "HEAD~1", "--", "tasks/05.yaml"]);
    repo.git("戊", "2021-08-07", &["commit", "-qam", "fixed"]);
    // A file removed and restored, and the settings edited.
    repo.git("己", "2021-08-08", &["rm", "-q", "tasks/06.yaml"]);
    repo.git("己", "2021-08-08", &["commit", "-qm", "removed"]);
    repo.git("己", "2021-08-09", &["checkout", "HEAD~1", "--", "tasks/06.yaml"]);
    repo.git("己", "2021-08-09", &["commit", "-qm", "restored"]);
    repo.edit("taizhang.toml", "stale_days = 90", "stale_days = 45");
    repo.edit(
        "tasks/units.toml",
        "name = \"市司法局\"\nkind = \"department\"",
        "name = \"市司法局\"\nkind = \"department\"\naliases = [\"司法\"]",
    );
    repo.git("庚", "2021-08-10", &["commit", "-qam", "settings"]);
    let commands: &[&[&str]] = &[
        &["history"],
        &["history", "--format", "json"],
        &["history", "--format", "md"],
        &["history", "--lang", "en"],
        &["history", "17.1.1"],
        &["history", "17.1.1", "--format", "json"],
        &["history", "2"],
        &["history", "--unit", "市司法局"],
        &["history", "--unit", "各县市区", "--format", "json"],
        &["history", "--since", "2020-10"],
        &["show", "17.1.1"],
        &["show", "2.1", "--format", "json"],
        &["review", "HEAD~40..HEAD"],
        &["review", "HEAD~40..HEAD", "--format", "json"],
        &["review", "HEAD~12...HEAD", "--format", "md"],
    ];
    let mut actual = String::new();
    for args in commands {
        let run = common::command(repo.path()).args(*args).env("TAIZHANG_TODAY", "2021-12-31").output().unwrap();
        let mut bytes = format!("exit {:?}\n", run.status.code()).into_bytes();
        bytes.extend(&run.stdout);
        bytes.extend(b"\n--- stderr\n");
        bytes.extend(&run.stderr);
        let hash =
            bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
        writeln!(actual, "{}: {} bytes, {hash:016x}", args.join(" "), bytes.len()).unwrap();
    }
    let golden = common::repo().join("tests/golden/history.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).unwrap();
        return;
    }
    assert_eq!(actual, std::fs::read_to_string(&golden).unwrap_or_default(), "the history prints something else");
}

#[test]
fn a_version_larger_than_the_size_limit_is_not_read() {
    let repo = Repo::new();
    let path = repo.path().join("tasks/02.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Valid YAML, over 1 MB: a comment line.
    std::fs::write(&path, format!("{text}# {}\n", "填".repeat(400_000))).unwrap();
    repo.git("甲", "2021-03-01", &["commit", "-qam", "big"]);
    std::fs::write(&path, &text).unwrap();
    repo.git("甲", "2021-03-02", &["commit", "-qam", "small again"]);
    repo.set("乙", "2021-03-03", &["2.1", "doing"]);
    let big = repo.git("甲", "2021-03-03", &["rev-parse", "--short=7", "HEAD~2"]).trim().to_string();
    let run = |args: &[&str]| {
        let mut cmd = common::command(repo.path());
        cmd.args(args).env("TAIZHANG_MAX_FILE_MB", "1");
        let out = cmd.output().unwrap();
        (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, stdout, stderr) = run(&["history", "--lang", "en", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(summary(&serde_json::from_str(&stdout).unwrap()), ["2021-03-03 乙 2.1 progress 市司法局 -→doing"]);
    let small = repo.git("甲", "2021-03-03", &["rev-parse", "--short=7", "HEAD~1"]).trim().to_string();
    assert_eq!(
        stderr,
        format!(
            "warning: tasks/02.yaml in commit {big} is larger than the limit of 1 MB; it was not read\n{hint}\n\
             warning: tasks/02.yaml before commit {small} is larger than the limit of 1 MB; it was not read\n{hint}\n",
            hint = "hint: raise the limit with max_file_mb under [settings] in taizhang.toml, or with the \
                    TAIZHANG_MAX_FILE_MB variable"
        )
    );
    let (code, stdout, stderr) = run(&["review", "HEAD~3..HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let review: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(review["unreadable"][0]["too_large"], "after", "{stdout}");
    assert_eq!(review["unreadable"][1]["too_large"], "before", "{stdout}");
    assert!(stderr.contains(&format!("提交 {big} 中的 tasks/02.yaml 超过 1 MB 的大小上限,未读取")), "{stderr}");
    // A head that holds such a file cannot be reviewed.
    let (code, _, stderr) = run(&["review", "HEAD~3..HEAD~2", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&format!("tasks/02.yaml at {big} is larger than the limit of 1 MB")), "{stderr}");
    // Within the limit, every version is read.
    let r = repo.taizhang("审计员", "2021-12-31", &["history"]);
    assert!(r.code == 0 && r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn who_asked_for_an_extension_is_in_history_and_review() {
    let repo = Repo::new();
    let r = repo.taizhang(
        "司法局联络员",
        "2021-03-05",
        &[
            "extend",
            "21.2",
            "--to",
            "2021-06",
            "--reason",
            "受疫情影响",
            "--requested-by",
            "市林业和园林局",
            "--commit",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let history = repo.taizhang("司法局联络员", "2021-03-06", &["history", "21.2", "--format", "md"]);
    assert!(
        history.stdout.contains("延期至 2021-06 (市林业和园林局): 受疫情影响(应 市林业和园林局 申请)"),
        "{}",
        history.stdout
    );
    let json = repo.taizhang("司法局联络员", "2021-03-06", &["history", "21.2", "--format", "json"]);
    assert!(json.stdout.contains("\"requested_by\": \"市林业和园林局\""), "{}", json.stdout);
    // A branch that drops who asked edits the extension: review shows it.
    repo.git("司法局联络员", "2021-03-06", &["switch", "-qc", "edit"]);
    repo.edit("tasks/21.yaml", "        requested_by: \"市林业和园林局\"\n", "");
    repo.git("司法局联络员", "2021-03-06", &["commit", "-qam", "改"]);
    let review = repo.taizhang("司法局联络员", "2021-03-07", &["review", "main..edit", "--format", "md"]);
    assert!(review.stdout.contains("申请单位: 市林业和园林局 → -"), "{}", review.stdout);
}
