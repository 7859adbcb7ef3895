//! Reports people act on: golden outputs of `overdue` and `summary` on the
//! shipped checklist and on a checklist with progress, extensions and stale
//! standing duties, in both languages; and their agreement with `list`.
//!
//! To accept changed output after reading it: UPDATE_GOLDEN=1 cargo test --test reports

mod common;

use common::{fixture, repo, run};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Compares stdout with `tests/golden/NAME`, or rewrites it when asked to.
fn golden(name: &str, dir: &Path, args: &[&str]) {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    let path = repo().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &r.stdout).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    assert!(r.stdout == expected, "{name} differs from the golden file:\n{}", r.stdout);
}

#[test]
fn overdue_on_the_shipped_checklist() {
    for date in ["2020-11-01", "2021-01-01", "2021-07-01", "2022-01-01"] {
        golden(&format!("overdue-{date}.txt"), &repo(), &["overdue", "--as-of", date]);
    }
    golden("overdue-2021-01-01-en.txt", &repo(), &["overdue", "--as-of", "2021-01-01", "--lang", "en"]);
    golden(
        "overdue-2021-07-01-sfj.md",
        &repo(),
        &["overdue", "--as-of", "2021-07-01", "--unit", "市司法局", "--format", "md"],
    );
}

#[test]
fn summary_on_the_shipped_checklist() {
    for date in ["2020-11-01", "2021-01-01", "2021-07-01", "2022-01-01"] {
        golden(&format!("summary-{date}.txt"), &repo(), &["summary", "--as-of", date]);
    }
    golden(
        "summary-by-unit-2021-07-01-en.txt",
        &repo(),
        &["summary", "--by", "unit", "--as-of", "2021-07-01", "--lang", "en"],
    );
}

#[test]
fn reports_with_progress_extensions_and_stale_duties() {
    let dir = fixture("reports");
    for lang in ["zh", "en"] {
        golden(
            &format!("reports-overdue-{lang}.txt"),
            &dir,
            &["overdue", "--as-of", "2021-07-01", "--within", "30", "--lang", lang],
        );
        golden(
            &format!("reports-summary-{lang}.txt"),
            &dir,
            &["summary", "--by", "unit", "--as-of", "2021-07-01", "--lang", lang],
        );
    }
    golden("reports-overdue.json", &dir, &["overdue", "--as-of", "2021-07-01", "--format", "json"]);
    golden("reports-overdue.csv", &dir, &["overdue", "--as-of", "2021-07-01", "--format", "csv"]);
}

#[test]
fn two_runs_print_the_same_bytes() {
    let first = run(&repo(), &["overdue", "--as-of", "2021-07-01"]);
    let second = run(&repo(), &["overdue", "--as-of", "2021-07-01"]);
    assert_eq!(first.stdout, second.stdout);
    let wide =
        common::command(&repo()).args(["overdue", "--as-of", "2021-07-01"]).env("COLUMNS", "200").output().unwrap();
    assert_eq!(String::from_utf8(wide.stdout).unwrap(), first.stdout, "the terminal width does not matter");
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn ids(list: &Value) -> BTreeSet<String> {
    list.as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_digest_lists_exactly_what_is_late() {
    let digest = json(&repo(), &["overdue", "--as-of", "2021-01-01", "--format", "json"]);
    let late: BTreeSet<String> = digest["units"].as_array().unwrap().iter().flat_map(|u| ids(&u["overdue"])).collect();
    let due_2020 = ids(&json(&repo(), &["list", "--due-before", "2020-12-31", "--format", "json"]));
    assert_eq!(late, due_2020, "nothing is done, so every leaf due by 2020-12-31 is late");
    for unit in ["市司法局", "市中级法院", "夷陵区", "各县市区"] {
        let digest = json(&repo(), &["overdue", "--as-of", "2021-01-01", "--unit", unit, "--format", "json"]);
        let late: BTreeSet<String> =
            digest["units"].as_array().unwrap().iter().flat_map(|u| ids(&u["overdue"])).collect();
        let listed =
            ids(&json(&repo(), &["list", "--unit", unit, "--overdue", "--as-of", "2021-01-01", "--format", "json"]));
        assert_eq!(late, listed, "{unit}");
    }
}

#[test]
fn fail_if_any_is_for_cron() {
    let r = run(&repo(), &["overdue", "--as-of", "2021-01-01", "--fail-if-any"]);
    assert_eq!(r.code, 1);
    let r = run(&repo(), &["overdue", "--as-of", "2020-08-10", "--fail-if-any", "--within", "0"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn summary_totals_agree_with_list() {
    for dir in [repo(), fixture("reports")] {
        for date in ["2021-01-01", "2021-07-01"] {
            let leaves = json(&dir, &["list", "--format", "json", "--as-of", date]);
            let leaves = leaves.as_array().unwrap();
            let summary = json(&dir, &["summary", "--format", "json", "--as-of", date]);
            let total = &summary["total"];
            let count = |status: &str| leaves.iter().filter(|l| l["status"] == status).count();
            for status in ["todo", "doing", "done", "blocked"] {
                assert_eq!(total[status], count(status), "{status} on {date}");
            }
            assert_eq!(total["overdue"], leaves.iter().filter(|l| l["overdue"] == true).count(), "overdue on {date}");
            let rows = summary["rows"].as_array().unwrap();
            let lead: u64 = rows.iter().map(|r| r["lead"].as_u64().unwrap()).sum();
            assert_eq!(lead as usize, leaves.len());
        }
    }
}

#[test]
fn every_table_line_has_the_same_width_in_both_languages() {
    let cases: [&[&str]; 4] = [
        &["summary", "--as-of", "2021-07-01"],
        &["summary", "--by", "unit", "--as-of", "2021-07-01"],
        &["list", "--as-of", "2021-07-01"],
        &["list", "--unit", "夷陵区", "--as-of", "2021-07-01", "--columns", "id,units,scope,due,status,role,text"],
    ];
    for args in cases {
        for lang in ["zh", "en"] {
            for width in [60, 80, 120, 200] {
                let out = common::command(&repo())
                    .args(args)
                    .args(["--lang", lang])
                    .env("COLUMNS", width.to_string())
                    .output()
                    .unwrap();
                let text = String::from_utf8(out.stdout).unwrap();
                let widths: BTreeSet<usize> = text.lines().map(UnicodeWidthStr::width).collect();
                assert_eq!(widths.len(), 1, "{args:?} {lang} at {width}: {widths:?}");
                assert!(*widths.first().unwrap() <= width, "{args:?} {lang} at {width}: {widths:?}");
            }
        }
    }
}
