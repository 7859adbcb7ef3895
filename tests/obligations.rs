//! One answer to "who owes what, by when, and is it late" on the shipped
//! checklist: a unit's extension counts in every report, collectives are
//! reported by their canonical names and expanded to their members, edits
//! go to the configured unit, and a collective is recorded as a whole only
//! when asked for by name.

mod common;

use common::{Run, shipped_checklist};
use serde_json::Value;
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> Run {
    common::run(dir, args)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// The leaf IDs `overdue --format json` lists as overdue for `unit`.
fn digest_overdue(dir: &Path, unit: &str, today: &str) -> Vec<String> {
    let digest = json(dir, &["overdue", "--unit", unit, "--format", "json", "--as-of", today]);
    digest["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["overdue"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()))
        .collect()
}

/// The leaf IDs `list --overdue` gives for `unit`.
fn list_overdue(dir: &Path, unit: &str, today: &str) -> Vec<String> {
    let list = json(dir, &["list", "--unit", unit, "--overdue", "--format", "json", "--as-of", today]);
    list.as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_string()).collect()
}

/// The overdue count `summary --by unit` gives for `unit`.
fn summary_overdue(dir: &Path, unit: &str, today: &str) -> u64 {
    let summary = json(dir, &["summary", "--by", "unit", "--format", "json", "--as-of", today]);
    let rows = summary["rows"].as_array().unwrap();
    rows.iter().find(|r| r["name"] == unit).map_or(0, |r| r["overdue"].as_u64().unwrap())
}

/// The export row of (leaf, unit).
fn export_row(dir: &Path, id: &str, unit: &str, today: &str) -> Value {
    let rows = json(dir, &["export", "--format", "json", "-o", "-", "--as-of", today]);
    rows.as_array().unwrap().iter().find(|r| r["id"] == id && r["unit"] == unit).cloned().expect("the row exists")
}

#[test]
fn a_units_extension_counts_in_every_report() {
    let dir = shipped_checklist();
    let today = "2021-07-05";
    assert!(digest_overdue(dir.path(), "夷陵区", today).contains(&"13.2".to_string()));
    let before = summary_overdue(dir.path(), "夷陵区", today);
    let r = run(
        dir.path(),
        &["extend", "13.2", "--unit", "夷陵区", "--to", "2021-09", "--reason", "测试", "--as-of", today],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!list_overdue(dir.path(), "夷陵区", today).contains(&"13.2".to_string()));
    assert!(!digest_overdue(dir.path(), "夷陵区", today).contains(&"13.2".to_string()));
    assert_eq!(summary_overdue(dir.path(), "夷陵区", today), before - 1);
    let row = export_row(dir.path(), "13.2", "夷陵区", today);
    assert_eq!((row["due_date"].as_str(), row["overdue_days"].as_i64()), (Some("2021-09-30"), None));
    // Its neighbours keep the notice's deadline.
    assert!(digest_overdue(dir.path(), "西陵区", today).contains(&"13.2".to_string()));
}

#[test]
fn an_extension_of_a_collective_covers_its_members_everywhere() {
    let dir = shipped_checklist();
    let today = "2021-01-15";
    assert!(list_overdue(dir.path(), "夷陵区", today).contains(&"1.1".to_string()));
    let r = run(dir.path(), &["extend", "1.1", "--unit", "各县市区", "--to", "2021-06", "--reason", "测试"]);
    assert_eq!(r.code, 2, "a collective's extension reaches 14 units: asked for by name");
    assert!(r.stderr.contains("--as-collective"), "{}", r.stderr);
    let r = run(
        dir.path(),
        &["extend", "1.1", "--unit", "各县市区", "--as-collective", "--to", "2021-06", "--reason", "测试"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for unit in ["夷陵区", "各县市区"] {
        assert!(!list_overdue(dir.path(), unit, today).contains(&"1.1".to_string()), "{unit}");
        assert!(!digest_overdue(dir.path(), unit, today).contains(&"1.1".to_string()), "{unit}");
    }
}

#[test]
fn reports_name_units_by_their_canonical_names() {
    let digest = json(&common::repo(), &["overdue", "--format", "json", "--as-of", "2021-07-05"]);
    let units: Vec<&str> = digest["units"].as_array().unwrap().iter().map(|s| s["unit"].as_str().unwrap()).collect();
    let registry = std::fs::read_to_string(common::repo().join("tasks/units.toml")).unwrap();
    let registry: toml::Table = toml::from_str(&registry).unwrap();
    let canonical: Vec<&str> = ["unit", "collective"]
        .iter()
        .flat_map(|kind| registry[*kind].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()))
        .collect();
    for unit in &units {
        assert!(canonical.contains(unit), "`{unit}` is not a canonical name");
    }
    for alias in ["市政府各部门", "各县市区政府", "人民法院", "司法行政机关", "市直各执法部门"]
    {
        assert!(!units.contains(&alias), "{alias}");
    }
    let mut sorted = units.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), units.len(), "each unit has one section");
    // A collective with members is reported as its members, not as itself.
    assert!(!units.contains(&"各县市区") && units.contains(&"夷陵区"));
}

#[test]
fn extend_goes_to_the_configured_unit_and_all_units_is_asked_for() {
    let dir = shipped_checklist();
    let r = common::command(dir.path())
        .args(["extend", "13.2", "--to", "2021-09", "--reason", "测试"])
        .env("TAIZHANG_UNIT", "夷陵区")
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let file = std::fs::read_to_string(dir.path().join("tasks/13.yaml")).unwrap();
    assert!(file.contains("      - unit: \"夷陵区\"\n        to: \"2021-09\""), "{file}");
    // The liaison's own config file says the same.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("taizhang")).unwrap();
    std::fs::write(home.path().join("taizhang/config.toml"), "unit = \"西陵区\"\n").unwrap();
    let r = common::command(dir.path())
        .args(["extend", "13.2", "--to", "2021-10", "--reason", "测试"])
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let file = std::fs::read_to_string(dir.path().join("tasks/13.yaml")).unwrap();
    assert!(file.contains("      - unit: \"西陵区\"\n        to: \"2021-10\""), "{file}");
    // Without a unit, a leaf with many units is extended only when asked.
    let r = run(dir.path(), &["extend", "13.2", "--to", "2021-11", "--reason", "测试"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--all-units"), "{}", r.stderr);
    let r = run(dir.path(), &["extend", "13.2", "--all-units", "--to", "2021-11", "--reason", "测试"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = std::fs::read_to_string(dir.path().join("tasks/13.yaml")).unwrap();
    assert!(file.contains("      - to: \"2021-11\""), "{file}");
}

#[test]
fn record_goes_to_the_configured_unit() {
    let dir = shipped_checklist();
    let r = common::command(dir.path())
        .args(["record", "13.i1", "100", "--period", "2021"])
        .env("TAIZHANG_UNIT", "夷陵区")
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let file = std::fs::read_to_string(dir.path().join("tasks/13.yaml")).unwrap();
    assert!(file.contains("unit: \"夷陵区\""), "{file}");
    let r = common::command(dir.path())
        .args(["record", "13.i1", "90", "--period", "2021", "--all-units"])
        .env("TAIZHANG_UNIT", "夷陵区")
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let indicators = json(dir.path(), &["indicators", "--format", "json", "--group", "13"]);
    let units: Vec<&Value> = indicators.as_array().unwrap().iter().map(|r| &r["unit"]).collect();
    assert_eq!(units, [&Value::Null, &Value::from("夷陵区")], "the whole target, then the unit's own value");
}

#[test]
fn a_collective_is_recorded_per_member_unless_asked() {
    let dir = shipped_checklist();
    let r = run(dir.path(), &["set", "13.3", "done", "--unit", "县市区司法行政机关", "--date", "2021-06-01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`县市区司法行政机关` 代表 14 个单位"), "{}", r.stderr);
    assert!(r.stderr.contains("--as-collective"), "{}", r.stderr);
    let r = run(dir.path(), &["set", "13.3", "done", "--unit", "夷陵区", "--date", "2021-06-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let late =
        |dir: &Path| digest_overdue(dir, "县市区司法行政机关", "2021-07-05").iter().filter(|id| *id == "13.3").count();
    assert_eq!(late(dir.path()), 13, "13 members are still late on 13.3");
    // Recorded for the collective as a whole, it stands for the members
    // without an entry, and every report says so.
    let r = run(
        dir.path(),
        &["set", "13.3", "done", "--unit", "县市区司法行政机关", "--as-collective", "--date", "2021-06-02"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(late(dir.path()), 0);
    let leaf = &json(dir.path(), &["list", "--format", "json", "--text", "13.3"])[0];
    let obligations = leaf["obligations"].as_array().unwrap();
    let of = |unit: &str| obligations.iter().find(|o| o["unit"] == unit).unwrap();
    assert_eq!(of("夷陵区")["recorded_for"], Value::Null);
    assert_eq!(of("西陵区")["recorded_for"], "县市区司法行政机关");
    let show = run(dir.path(), &["show", "13.3"]);
    assert!(show.stdout.contains("已完成 2021-06-02 (按县市区司法行政机关整体记录)"), "{}", show.stdout);
    let list = run(dir.path(), &["list", "--unit", "西陵区", "--group", "13"]);
    assert!(list.stdout.contains("按县市区司法行政机关整体记录"), "{}", list.stdout);
    // The site says it on the leaf's page as on the unit's.
    let r = run(dir.path(), &["site", "-o", "site", "--as-of", "2021-07-05"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = |rel: &str| std::fs::read_to_string(dir.path().join("site").join(rel)).unwrap();
    let leaf = page("leaves/13.3.html");
    let row = leaf.split("<tr>").find(|r| r.contains(">西陵区<")).unwrap();
    assert!(row.contains("(按县市区司法行政机关整体记录)"), "{row}");
    let unit = std::fs::read_dir(dir.path().join("site/units"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|p| p.contains("<h1>西陵区</h1>") || p.contains("<title>西陵区"))
        .unwrap();
    assert!(unit.contains("(按县市区司法行政机关整体记录)"), "the unit's page says it too");
}

#[test]
fn set_refuses_what_check_would_refuse() {
    let dir = shipped_checklist();
    // 9.1 names members of 各级人民法院, not the collective itself.
    let r = run(dir.path(), &["set", "9.1", "doing", "--unit", "各级人民法院"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`各级人民法院` 不是 9.1 的责任单位"), "{}", r.stderr);
    assert!(!r.stderr.contains("修改后"), "refused at the door, not after the edit: {}", r.stderr);
    let r =
        common::command(dir.path()).args(["set", "1.1", "doing"]).env("TAIZHANG_UNIT", "市财政局").output().unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("`市财政局`(本单位设置) 不是 1.1 的责任单位"));
}

#[test]
fn an_unknown_group_is_refused_with_a_did_you_mean() {
    let r = common::run(&common::repo(), &["list", "--group", "31", "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("there is no group `31`\nhint: did you mean `1`?"), "{}", r.stderr);
    let r = common::run(&common::repo(), &["overdue", "--unit", "市司法厅", "--lang", "en"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("hint: did you mean `市司法局`?"), "{}", r.stderr);
}
