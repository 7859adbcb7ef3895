//! Quantified targets as indicators: what the importer reads from the
//! notice, recording actual values, and the met / not met report.

mod common;

use common::{repo, run, shipped_checklist};
use serde_json::Value;
use std::path::Path;

fn rows(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["indicators", "--format", "json"];
    all.extend_from_slice(args);
    let r = run(dir, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// (phrase, name, comparator, value, unit) of every indicator.
fn read(dir: &Path) -> Vec<(String, String, String, f64, Option<String>)> {
    rows(dir, &[])
        .iter()
        .map(|r| {
            (
                r["phrase"].as_str().unwrap().to_string(),
                r["name"].as_str().unwrap().to_string(),
                r["comparator"].as_str().unwrap().to_string(),
                r["target"].as_f64().unwrap(),
                r["unit_of_measure"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn the_notices_targets_become_indicators() {
    let found = read(&repo());
    let expect = |phrase: &str, name: &str, comparator: &str, value: f64, unit: Option<&str>| {
        let hit = found.iter().find(|(p, n, ..)| p == phrase && n == name);
        let Some((_, _, c, v, u)) = hit else { panic!("no indicator {name} from {phrase}: {found:#?}") };
        assert_eq!((c.as_str(), *v, u.as_deref()), (comparator, value, unit), "{name}");
    };
    expect("行政机关负责人出庭应诉率不低于90%", "行政机关负责人出庭应诉率", ">=", 90.0, Some("%"));
    expect("电子定位监管率90%以上", "电子定位监管率", ">=", 90.0, Some("%"));
    expect("社区矫正对象矫正小组配比率100%", "社区矫正对象矫正小组配比率", "=", 100.0, Some("%"));
    expect(
        "法律顾问、公职律师参与党政机关重大决策和规范性文件合法性审查率100%",
        "法律顾问、公职律师参与党政机关重大决策和规范性文件合法性审查率",
        "=",
        100.0,
        Some("%"),
    );
    expect("合同备案率100%", "合同备案率", "=", 100.0, Some("%"));
    let both = "无纸化学法用法“网学网考”参考率及合格率达90%以上";
    expect(both, "无纸化学法用法“网学网考”参考率", ">=", 90.0, Some("%"));
    expect(both, "无纸化学法用法“网学网考”合格率", ">=", 90.0, Some("%"));
    expect("村(社区)法治文化阵地覆盖率达到98%以上", "村(社区)法治文化阵地覆盖率", ">=", 98.0, Some("%"));
    expect("全民法治宣传教育普及率80%", "全民法治宣传教育普及率", ">=", 80.0, Some("%"));
    expect("确保实现鉴定人出庭作证率达到90%", "鉴定人出庭作证率", ">=", 90.0, Some("%"));
    expect("新增培育命名50个市级民主法治示范村(社区)", "新增培育命名市级民主法治示范村(社区)", ">=", 50.0, Some("个"));
    expect("每季度开展1次法治宣传教育和法律服务活动", "开展法治宣传教育和法律服务活动", ">=", 1.0, Some("次"));
    expect("培训人员400人次以上", "培训人员", ">=", 400.0, Some("人次"));
    expect("确保国有产权交易进场率100%", "国有产权交易进场率", "=", 100.0, Some("%"));
    expect("不发生脱管、漏管", "脱管、漏管", "=", 0.0, None);
    let text = std::fs::read_to_string(repo().join("tasks/22.yaml")).unwrap();
    assert!(text.contains("    period: \"quarter\"\n"), "每季度 is the period");
    assert!(text.contains("    source: \"title\"\n"), "普及率80% is in group 22's title");
    let text = std::fs::read_to_string(repo().join("tasks/17.yaml")).unwrap();
    assert!(
        text.contains("    source: \"17.6.2\"\n") && text.contains("    source: \"17.1.1\"\n"),
        "measure texts are read too"
    );
    assert!(!read(&repo()).iter().any(|(p, ..)| p.contains("12348")), "a hotline number is not an indicator");
}

#[test]
fn recording_a_value_and_reporting_it() {
    let dir = shipped_checklist();
    let before = std::fs::read_to_string(dir.path().join("tasks/15.yaml")).unwrap();
    let r = run(dir.path(), &["record", "15.i1", "88", "--period", "2021-H1", "--as-of", "2021-07-05"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "15.i1 行政机关负责人出庭应诉率 2021-H1: 88%  tasks/15.yaml\n");
    let after = std::fs::read_to_string(dir.path().join("tasks/15.yaml")).unwrap();
    assert_eq!(
        after,
        before.replacen(
            "    actuals: []\n",
            "    actuals:\n      - period: \"2021-H1\"\n        value: 88\n        date: \"2021-07-05\"\n",
            1
        ),
        "only the value's lines change"
    );
    let row = |dir: &Path, args: &[&str]| rows(dir, args).into_iter().find(|r| r["id"] == "15.i1").unwrap();
    let r15 = row(dir.path(), &[]);
    assert_eq!(
        (r15["verdict"].as_str(), r15["actual"].as_f64(), r15["gap"].as_f64()),
        (Some("not_met"), Some(88.0), Some(-2.0))
    );
    let r = run(
        dir.path(),
        &["record", "15.i1", "92.5", "--period", "2021", "--as-of", "2022-01-05", "--evidence", "宜法通〔2022〕1号"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r15 = row(dir.path(), &[]);
    assert_eq!(
        (r15["verdict"].as_str(), r15["period"].as_str()),
        (Some("met"), Some("2021")),
        "the latest period counts"
    );
    let h1 = row(dir.path(), &["--period", "2021-H1"]);
    assert_eq!(h1["verdict"], "not_met");
    // The same period again replaces the value.
    let r = run(dir.path(), &["record", "15.i1", "91", "--period", "2021-H1", "--note", "复核更正"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "15.i1 行政机关负责人出庭应诉率 2021-H1: 88% → 91%  tasks/15.yaml\n");
    let text = std::fs::read_to_string(dir.path().join("tasks/15.yaml")).unwrap();
    assert_eq!(text.matches("period: \"2021-H1\"").count(), 1);
    assert_eq!(run(dir.path(), &["check"]).code, 0);
}

#[test]
fn values_per_unit_and_missing_quarters() {
    let dir = shipped_checklist();
    for (period, value) in [("2021-Q1", "2"), ("2021-Q3", "1")] {
        let r = run(dir.path(), &["record", "22.i2", value, "--period", period, "--unit", "市司法局"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = run(dir.path(), &["record", "22.i2", "1", "--period", "2021-Q1", "--unit", "秭归县"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = rows(dir.path(), &["--group", "22", "--as-of", "2021-11-01"]);
    let sfj = rows.iter().find(|r| r["unit"] == "市司法局").unwrap();
    assert_eq!(sfj["period"], "2021-Q3");
    assert_eq!(sfj["missing_quarters"], serde_json::json!(["2021-Q2"]), "Q4 has not ended");
    let only =
        self::rows(dir.path(), &["--group", "22", "--unit", "秭归县", "--as-of", "2022-01-01", "--period", "2021"]);
    let zigui = only.iter().find(|r| r["id"] == "22.i2").unwrap();
    assert_eq!(zigui["missing_quarters"], serde_json::json!(["2021-Q2", "2021-Q3", "2021-Q4"]));
}

#[test]
fn bad_input_changes_nothing() {
    let dir = shipped_checklist();
    let before = std::fs::read_to_string(dir.path().join("tasks/02.yaml")).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["record", "2.i9", "1", "--period", "2021"], "没有指标 `2.i9`"),
        (&["record", "2.i3", "九十", "--period", "2021"], "数值 `九十` 不是数字"),
        (&["record", "2.i3", "90", "--period", "2021-Q5"], "期间 `2021-Q5` 格式不对"),
        (&["record", "2.i3", "90", "--period", "2021", "--unit", "市司法厅"], "未知单位 `市司法厅`"),
        (&["record", "2.i3", "90", "--period", "2021", "--lang", "en", "--unit", "x"], "unknown unit `x`"),
    ];
    for (args, message) in cases {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with(&format!("error: {message}")), "{args:?}: {}", r.stderr);
        assert_eq!(std::fs::read_to_string(dir.path().join("tasks/02.yaml")).unwrap(), before);
    }
}

#[test]
fn indicator_table_is_aligned() {
    for width in ["80", "160"] {
        let out = common::command(&repo()).args(["indicators"]).env("COLUMNS", width).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let widths: std::collections::BTreeSet<usize> =
            text.lines().map(unicode_width::UnicodeWidthStr::width).collect();
        assert_eq!(widths.len(), 1, "{widths:?}");
    }
}

#[test]
fn csv_and_json_name_verdicts_alike() {
    let dir = shipped_checklist();
    let r = run(dir.path(), &["record", "15.i1", "50", "--period", "2021", "--as-of", "2021-12-31"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = run(dir.path(), &["indicators", "--format", "csv", "--as-of", "2021-12-31"]);
    let json: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["indicators", "--format", "json", "--as-of", "2021-12-31"]).stdout)
            .unwrap();
    let from_json: Vec<&str> = json.as_array().unwrap().iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    let from_csv: Vec<&str> = csv.stdout.lines().skip(1).map(|l| l.split(',').nth(8).unwrap()).collect();
    assert_eq!(from_csv, from_json);
    assert!(from_csv.contains(&"not_met") && from_csv.contains(&"no_data"), "{from_csv:?}");
}
