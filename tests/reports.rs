//! Reports people act on: golden outputs of `overdue` and `summary` on the
//! shipped checklist and on a checklist with progress, extensions and stale
//! standing duties, in both languages; and their agreement with `list`.
//!
//! To accept changed output after reading it: UPDATE_GOLDEN=1 cargo test --test reports

mod common;

use common::{fixture, repo, run};
use serde_json::Value;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Compares stdout with `tests/golden/NAME`, or rewrites it when asked to
/// with `UPDATE_GOLDEN=1` (any other value, `0` included, only compares).
fn golden(name: &str, dir: &Path, args: &[&str]) {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    let path = repo().join("tests/golden").join(name);
    if bless(std::env::var_os("UPDATE_GOLDEN").as_deref()) {
        std::fs::write(&path, &r.stdout).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    if let Some(diff) = line_diff(&expected, &r.stdout) {
        panic!("{name} differs from the golden file ({args:?}):\n{diff}(to accept the new output: UPDATE_GOLDEN=1)");
    }
}

/// Whether golden files are to be rewritten, given `UPDATE_GOLDEN`: only on
/// an explicit `1`, so that `UPDATE_GOLDEN=0` or an empty value left in a
/// shell never blesses output unread.
fn bless(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| v == "1")
}

/// The lines that differ, with their line numbers (the first few only), or
/// `None` when the texts are equal.
fn line_diff(expected: &str, actual: &str) -> Option<String> {
    /// Enough to see the pattern of a change without flooding the output.
    const SHOWN: usize = 8;
    if expected == actual {
        return None;
    }
    let (want, got): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for n in 0..want.len().max(got.len()) {
        let (w, g) = (want.get(n), got.get(n));
        if w == g {
            continue;
        }
        if shown == SHOWN {
            out.push_str("  …\n");
            break;
        }
        shown += 1;
        out.push_str(&format!("  line {}:\n", n + 1));
        out.push_str(&format!("    - {}\n", w.map_or("(no line)".to_string(), |l| format!("{l:?}"))));
        out.push_str(&format!("    + {}\n", g.map_or("(no line)".to_string(), |l| format!("{l:?}"))));
    }
    if shown == 0 {
        // Same lines, different bytes: a trailing newline or line ending.
        out.push_str(&format!("  same lines; the ends differ: {:?} vs {:?}\n", tail(expected), tail(actual)));
    }
    out.push_str(&format!("  ({} lines expected, {} printed)\n", want.len(), got.len()));
    Some(out)
}

/// The last few characters of a text, to show a difference in line ends.
fn tail(text: &str) -> String {
    text.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect()
}

#[test]
fn golden_files_are_rewritten_only_on_an_explicit_1() {
    // Judged on the value rather than by setting the variable: the test
    // process's environment is shared by the tests running beside this one.
    assert!(!bless(None));
    for (value, blesses) in [("1", true), ("0", false), ("", false), ("true", false), (" 1", false)] {
        assert_eq!(bless(Some(OsStr::new(value))), blesses, "UPDATE_GOLDEN={value:?}");
    }
}

#[test]
fn a_golden_mismatch_names_the_differing_lines() {
    assert_eq!(line_diff("a\nb\n", "a\nb\n"), None);
    let diff = line_diff("a\nb\nc\n", "a\nB\nc\nd\n").unwrap();
    assert!(diff.contains("line 2:\n    - \"b\"\n    + \"B\"\n"), "{diff}");
    assert!(diff.contains("line 4:\n    - (no line)\n    + \"d\"\n"), "{diff}");
    assert!(!diff.contains("line 1:") && !diff.contains("line 3:"), "{diff}");
    assert!(line_diff("a\n", "a").unwrap().contains("the ends differ"));
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

/// Each unit's overdue count and most days late, in the digest's order.
fn standings(digest: &Value) -> Vec<(String, usize, i64)> {
    let units = digest["units"].as_array().unwrap();
    units
        .iter()
        .map(|u| {
            let late = u["overdue"].as_array().unwrap();
            let most = late.iter().filter_map(|i| i["days"].as_i64()).max().unwrap_or(0);
            (u["unit"].as_str().unwrap().to_string(), late.len(), most)
        })
        .collect()
}

#[test]
fn the_digest_starts_with_the_units_most_behind_and_goes_worst_first() {
    let args = ["overdue", "--as-of", "2021-07-01", "--within", "30", "--format", "json"];
    for dir in [repo(), fixture("reports")] {
        let digest = json(&dir, &args);
        let ranked = standings(&digest);
        for pair in ranked.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!((a.1, a.2) >= (b.1, b.2), "{a:?} is ranked before {b:?}");
        }
        // The summary block names the first five that have anything overdue.
        let top: Vec<&String> = ranked.iter().filter(|r| r.1 > 0).take(5).map(|r| &r.0).collect();
        let named: Vec<&str> =
            digest["most_behind"].as_array().unwrap().iter().map(|b| b["unit"].as_str().unwrap()).collect();
        assert_eq!(named, top);
        // In document order, the same units in the order they first appear.
        let document = json(&dir, &[&args[..], &["--sort", "document"]].concat());
        let mut in_document = standings(&document);
        assert_eq!(document["most_behind"], digest["most_behind"], "the five most behind do not depend on the order");
        if dir == repo() {
            assert_ne!(in_document, ranked, "the shipped order is not already worst first");
        }
        in_document.sort_by_key(|(_, late, most)| (std::cmp::Reverse(*late), std::cmp::Reverse(*most)));
        let key = |r: &Vec<(String, usize, i64)>| r.iter().map(|(_, l, m)| (*l, *m)).collect::<Vec<_>>();
        assert_eq!(key(&in_document), key(&ranked));
    }
    let text = run(&fixture("reports"), &["overdue", "--as-of", "2021-07-01", "--within", "30", "--lang", "zh"]).stdout;
    let block = "截至 2021-07-01: 4 个单位, 逾期 4, 30 天内到期 1, 长期未更新 1\n逾期最多的单位:\n  \
                 市民政局    逾期 2 项, 最多逾期 182 天\n  夷陵区      逾期 1 项, 最多逾期 92 天\n  \
                 市中级法院  逾期 1 项, 最多逾期 1 天\n\n【市民政局】";
    assert!(text.contains(block), "{text}");
}

#[test]
fn never_reported_standing_duties_are_one_line_per_unit_unless_asked() {
    let at = ["overdue", "--as-of", "2021-01-04"];
    let digest = json(&repo(), &[&at[..], &["--format", "json"]].concat());
    let sfj = digest["units"].as_array().unwrap().iter().find(|u| u["unit"] == "市司法局").unwrap();
    let never: Vec<&str> = sfj["stale"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["days"].is_null())
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(never.len() > 3, "{never:?}");
    let compact = run(&repo(), &at).stdout;
    let one_line = format!("    从未记录 {} 项: {}\n", never.len(), never.join("、"));
    assert!(compact.contains(&one_line), "{compact}");
    let per_item = |text: &str| text.lines().filter(|l| l.contains("  从未记录  ")).count();
    assert_eq!(per_item(&compact), 0, "{compact}");
    assert!(compact.contains("--stale-details 逐项列出"), "the digest says how to see them all");
    let detailed = run(&repo(), &[&at[..], &["--stale-details"]].concat()).stdout;
    let total: usize = digest["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["stale"].as_array().unwrap().iter().filter(|i| i["days"].is_null()).count())
        .sum();
    assert_eq!(per_item(&detailed), total, "{detailed}");
    let en = run(&repo(), &[&at[..], &["--lang", "en"]].concat()).stdout;
    assert!(en.contains(&format!("    never recorded: {} ({})\n", never.len(), never.join(", "))), "{en}");
}

/// Where each field of a line starts, in terminal cells: fields are
/// separated by two or more spaces.
fn field_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut cells, mut spaces, mut previous) = (0, 0, ' ');
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if previous == ' ' && (spaces >= 2 || starts.is_empty()) {
                starts.push(cells);
            }
            spaces = 0;
        }
        previous = c;
        cells += c.to_string().width();
    }
    starts
}

#[test]
fn the_digest_columns_line_up() {
    let mut blocks = 0;
    for (dir, date) in [(fixture("reports"), "2021-07-01"), (repo(), "2021-07-01"), (repo(), "2022-01-01")] {
        for lang in ["zh", "en"] {
            let text =
                run(&dir, &["overdue", "--as-of", date, "--within", "30", "--lang", lang, "--stale-details"]).stdout;
            // The items of one kind, under one heading, are a block.
            let lines: Vec<&str> = text.lines().collect();
            for block in lines.split(|l| !l.starts_with("    ")).filter(|b| !b.is_empty()) {
                let first = field_starts(block[0]);
                blocks += 1;
                for line in block {
                    assert_eq!(field_starts(line), first, "misaligned in {lang} on {date}:\n{}\n{line}", block[0]);
                }
            }
        }
    }
    assert!(blocks > 100, "{blocks} blocks");
}
