//! Lead, responsible and supporting units, named leaders and leaves without
//! a deadline, as the other layouts import them: what `check`, `list`,
//! `show`, `overdue` and `set` make of them.

mod common;

use common::{copy_dir, fixture, run};
use serde_json::Value;

fn checklist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("roles"), dir.path());
    dir
}

fn leaves(dir: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["list", "--format", "json", "--as-of", "2021-01-04"];
    all.extend(args);
    let r = run(dir, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str::<Value>(&r.stdout).unwrap().as_array().unwrap().clone()
}

fn ids(leaves: &[Value]) -> Vec<&str> {
    leaves.iter().map(|l| l["id"].as_str().unwrap()).collect()
}

#[test]
fn the_json_names_the_lead_the_units_and_the_leaders() {
    let dir = checklist();
    assert_eq!(run(dir.path(), &["check"]).code, 0);
    let all = leaves(dir.path(), &[]);
    assert_eq!(all[0]["lead"], serde_json::json!(["市司法局"]));
    assert_eq!(all[0]["units"], serde_json::json!(["市司法局", "市民政局", "市中级法院"]));
    assert_eq!(all[0]["persons"], serde_json::json!(["张三"]));
    let roles: Vec<&str> =
        all[0]["obligations"].as_array().unwrap().iter().map(|o| o["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["lead", "responsible", "support"]);
    // Responsible units and no lead.
    assert_eq!(all[1]["lead"], serde_json::json!([]));
    assert_eq!(all[1]["units"], serde_json::json!(["市民政局", "市司法局"]));
    // No deadline: never overdue.
    assert_eq!(all[2]["due"], Value::Null);
    assert_eq!(all[2]["overdue"], false);
}

#[test]
fn the_role_filter_tells_lead_responsible_and_support_apart() {
    let dir = checklist();
    assert_eq!(ids(&leaves(dir.path(), &["--unit", "市司法局", "--role", "lead"])), ["1.1"]);
    assert_eq!(ids(&leaves(dir.path(), &["--unit", "市司法局", "--role", "responsible"])), ["1.2"]);
    assert_eq!(ids(&leaves(dir.path(), &["--unit", "市中院", "--role", "support"])), ["1.1"]);
    assert_eq!(ids(&leaves(dir.path(), &["--unit", "市民政局", "--role", "co"])), ["1.1", "1.2"]);
}

#[test]
fn a_leaf_without_a_deadline_is_never_overdue_and_shows_none() {
    let dir = checklist();
    let r = run(dir.path(), &["overdue", "--as-of", "2030-01-01", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let overdue: Vec<&str> = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["overdue"].as_array().unwrap())
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    assert!(overdue.contains(&"1.1") && !overdue.contains(&"1.3"), "{overdue:?}");
    // Like a standing duty, it goes stale without progress.
    assert!(r.stdout.contains("\"id\": \"1.3\""), "{}", r.stdout);
    let r = run(dir.path(), &["show", "1.3", "--lang", "zh"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("完成时限: 无时限\n"), "{}", r.stdout);
    let r = run(dir.path(), &["show", "1.1", "--lang", "zh"]);
    assert!(
        r.stdout.contains("  市中级法院 (配合): 未开始 逾期") && r.stdout.contains("\n分管领导: 张三\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_supporting_unit_records_its_own_progress() {
    let dir = checklist();
    let r = run(dir.path(), &["set", "1.1", "doing", "--unit", "市中院", "--as-of", "2021-01-04"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("tasks/01.yaml")).unwrap();
    assert!(text.contains("      - unit: \"市中级法院\"\n        status: \"doing\""), "{text}");
    assert_eq!(run(dir.path(), &["check"]).code, 0);
    // A leader is a person, not a unit: nothing to record for.
    let r = run(dir.path(), &["set", "1.1", "doing", "--unit", "张三"]);
    assert_ne!(r.code, 0);
}

#[test]
fn check_refuses_unknown_units_in_every_role_and_a_wrong_deadline_source() {
    let dir = checklist();
    let path = dir.path().join("tasks/01.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text
        .replace("support: [\"市中院\"]", "support: [\"市中陵\"]")
        .replace("lead: [\"市民政局\"]", "lead: [\"市民证局\"]")
        .replace("due_source: \"text\"", "due_source: \"bracket\"")
        .replace("due_text: \"2020年12月底前\"", "due_text: \"2020年11月底前\"");
    std::fs::write(&path, broken).unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("unknown unit `市中陵`"), "{}", r.stdout);
    assert!(r.stdout.contains("unknown unit `市民证局`"), "{}", r.stdout);
    assert!(r.stdout.contains("due_source"), "{}", r.stdout);
    assert!(r.stdout.contains("does not match due_text `2020年11月底前`"), "{}", r.stdout);
}

#[test]
fn fmt_keeps_every_role_and_the_leaders() {
    let dir = checklist();
    let path = dir.path().join("tasks/01.yaml");
    let canonical = std::fs::read_to_string(&path).unwrap();
    assert_eq!(run(dir.path(), &["fmt", "--check"]).code, 0);
    let loose = canonical
        .replace("    support: [\"市中院\"]", "    support:   [ \"市中院\" ]")
        .replace("    persons: [\"张三\"]", "    persons:\n      - 张三")
        .replace("    lead: []", "    lead:  []");
    std::fs::write(&path, &loose).unwrap();
    assert_eq!(run(dir.path(), &["fmt", "--check"]).code, 1);
    assert_eq!(run(dir.path(), &["fmt"]).code, 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), canonical);
}

#[test]
fn the_stale_clock_starts_at_the_notice_date_in_either_form() {
    let dir = checklist();
    let config = dir.path().join("taizhang.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    for date in ["2020年8月6日", "2020-08-06"] {
        std::fs::write(&config, text.replace("date = \"2020年8月6日\"", &format!("date = \"{date}\""))).unwrap();
        let stale = |as_of: &str| {
            let r = run(dir.path(), &["list", "--stale", "--format", "json", "--as-of", as_of]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            ids(serde_json::from_str::<Value>(&r.stdout).unwrap().as_array().unwrap()).join(",")
        };
        // 1.3 has no deadline and nothing recorded: stale 90 days after the notice.
        assert_eq!(stale("2020-09-01"), "", "{date}");
        assert_eq!(stale("2021-01-04"), "1.3", "{date}");
    }
}

#[test]
fn the_export_names_each_units_role_and_the_leaders() {
    let dir = checklist();
    let r = run(dir.path(), &["export", "-o", "-", "--format", "csv", "--as-of", "2021-01-04"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].ends_with(",Days overdue,Leaders"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("1,1.1,") && lines[1].contains(",市司法局,lead,") && lines[1].ends_with(",张三"),
        "{}",
        lines[1]
    );
    assert!(lines[3].contains(",市中级法院,support,"), "{}", lines[3]);
}

#[test]
fn the_json_export_names_the_leaders() {
    let dir = checklist();
    let r = run(dir.path(), &["export", "-o", "-", "--format", "json", "--as-of", "2021-01-04"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(rows[0]["persons"], serde_json::json!(["张三"]));
    assert_eq!(rows[0]["role"], "lead");
    assert_eq!(rows[3]["persons"], serde_json::json!([]));
}

#[test]
fn the_leaf_page_names_the_leaders() {
    let dir = checklist();
    let r = run(dir.path(), &["site", "-o", "site", "--as-of", "2021-01-04"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(dir.path().join("site/leaves/1.1.html")).unwrap();
    assert!(page.contains("<dt>Leaders</dt><dd>张三</dd>"), "{page}");
    let page = std::fs::read_to_string(dir.path().join("site/leaves/1.3.html")).unwrap();
    assert!(!page.contains("<dt>Leaders</dt>"), "{page}");
}
