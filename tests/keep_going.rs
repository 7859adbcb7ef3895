//! `--keep-going`: reports over the valid group files of a checklist with
//! one broken file say at their top which file was left out, and exit 1; a
//! broken registry still stops every report.

mod common;

use common::{run, shipped_checklist};
use serde_json::Value;

/// The shipped checklist with one broken group file: an unknown unit in 02.
fn one_broken_file() -> tempfile::TempDir {
    let dir = shipped_checklist();
    let path = dir.path().join("tasks/02.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replacen("units: [\"市司法局\"]", "units: [\"市司法厅\"]", 1);
    std::fs::write(path, text).unwrap();
    dir
}

#[test]
fn reports_leave_out_the_broken_file_and_say_so_at_the_top() {
    let dir = one_broken_file();
    let at = ["--as-of", "2021-07-01"];
    let text = |args: &[&str]| {
        let r = run(dir.path(), &[args, &at].concat());
        assert_eq!(r.code, 1, "{args:?}: a partial report is not a clean run\n{}", r.stderr);
        assert!(r.stderr.contains("1 file(s) with problems are left out") || r.stderr.contains("1 个文件有问题"));
        r.stdout
    };
    let notice = "注意: 本报告不完整,以下 1 个文件有问题,未计入:\n  tasks/02.yaml: 1 个问题,第一个在 ";
    for args in [&["list"][..], &["overdue"], &["summary"], &["summary", "--by", "unit"]] {
        let out = text(&[args, &["--keep-going"]].concat());
        assert!(out.starts_with(notice), "{args:?}:\n{out}");
        let of_group_2 = |line: &str| {
            let cell = line.trim_start_matches(['│', ' ']);
            cell.starts_with("2.") || cell.starts_with("2 ")
        };
        assert!(!out.lines().any(of_group_2), "{args:?}: group 2 is left out\n{out}");
    }
    let md = text(&["overdue", "--keep-going", "--format", "md"]);
    assert!(md.starts_with("> 注意: 本报告不完整"), "{md}");
    let en = text(&["list", "--keep-going", "--lang", "en"]);
    assert!(en.starts_with("Note: this report is incomplete; these 1 file(s) have problems"), "{en}");
    // JSON says so in the report itself; a list is then an object, so that
    // no script takes it for the whole list.
    let list: Value = serde_json::from_str(&text(&["list", "--keep-going", "--format", "json"])).unwrap();
    assert_eq!(list["incomplete"], true);
    assert_eq!(list["left_out"][0]["file"], "tasks/02.yaml");
    assert!(list["leaves"].as_array().unwrap().iter().all(|l| l["group"] != "2"));
    assert!(!list["leaves"].as_array().unwrap().is_empty());
    for args in [&["overdue", "--format", "json"][..], &["summary", "--format", "json"]] {
        let report: Value = serde_json::from_str(&text(&[args, &["--keep-going"]].concat())).unwrap();
        assert_eq!((&report["incomplete"], &report["left_out"][0]["problems"]), (&Value::from(true), &Value::from(1)));
    }
    let export: Value =
        serde_json::from_str(&text(&["export", "--keep-going", "--format", "json", "-o", "-"])).unwrap();
    assert_eq!(export["left_out"][0]["file"], "tasks/02.yaml");
    // Without it, nothing is reported.
    let r = run(dir.path(), &["overdue", "--as-of", "2021-07-01"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
}

#[test]
fn the_setting_keeps_the_cron_job_going() {
    let dir = one_broken_file();
    let config = dir.path().join("taizhang.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("[settings]\n", "[settings]\nkeep_going = true\n");
    std::fs::write(&config, text).unwrap();
    let r = run(dir.path(), &["overdue", "--as-of", "2021-07-01"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with("注意: 本报告不完整"), "{}", r.stdout);
    // `check` is never partial.
    assert_eq!(run(dir.path(), &["check"]).code, 1);
}

#[test]
fn a_complete_report_is_unchanged_by_the_flag() {
    let dir = shipped_checklist();
    for args in [&["list", "--format", "json"][..], &["overdue"], &["summary", "--format", "json"]] {
        let plain = run(dir.path(), &[args, &["--as-of", "2021-07-01"]].concat());
        let going = run(dir.path(), &[args, &["--as-of", "2021-07-01", "--keep-going"]].concat());
        assert_eq!((going.code, &going.stdout), (0, &plain.stdout), "{args:?}");
    }
}

#[test]
fn a_broken_registry_stops_every_report() {
    let dir = shipped_checklist();
    let path = dir.path().join("tasks/units.toml");
    let text = std::fs::read_to_string(&path).unwrap().replacen("kind = \"department\"", "kind = \"planet\"", 1);
    std::fs::write(path, text).unwrap();
    let r = run(dir.path(), &["overdue", "--keep-going", "--as-of", "2021-07-01"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{}", r.stderr);
    assert!(r.stderr.contains("tasks/units.toml"), "{}", r.stderr);
}
