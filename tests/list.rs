//! `taizhang list` and `show`: filters, formats and errors, on the shipped
//! checklist and on the small test checklist.

mod common;

use common::{base_checklist, repo, run};
use serde_json::Value;
use std::io::Read;
use unicode_width::UnicodeWidthStr;

fn ids(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let r = run(dir, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let leaves: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    leaves.iter().map(|l| l["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn json_contract_fields() {
    let r = run(&repo(), &["list", "--format", "json", "--group", "2"]);
    let leaves: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    let first = &leaves[0];
    for key in ["id", "group", "text", "units", "scope", "due", "due_text", "status"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["id"], "2.1");
    assert_eq!(first["group"], "2");
    assert_eq!(first["status"], "todo");
    assert_eq!(r.stderr, "", "with --format json messages stay off stdout and nothing else is said");
}

#[test]
fn unit_filter_resolves_aliases() {
    let by_alias = ids(&repo(), &["--unit", "市中院"]);
    let by_name = ids(&repo(), &["--unit", "市中级法院"]);
    assert_eq!(by_alias, by_name);
    assert!(by_name.contains(&"9.1".to_string()) && by_name.contains(&"17.6.1".to_string()));
}

#[test]
fn a_member_finds_what_is_assigned_to_its_collective() {
    let r = run(&repo(), &["list", "--format", "json", "--unit", "夷陵区"]);
    let leaves: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    let l = leaves.iter().find(|l| l["id"] == "1.1").expect("1.1 is assigned to 各县市区 in scope");
    assert_eq!(l["match"]["role"], "scope");
    assert_eq!(l["match"]["via"], "各县市区");
    let l = leaves.iter().find(|l| l["id"] == "23.2").unwrap();
    assert_eq!((l["match"]["role"].as_str(), l["match"]["via"].as_str()), (Some("lead"), Some("各县市区")));
    // 17.1.3 names 各县市区政府, an alias of the collective.
    assert!(leaves.iter().any(|l| l["id"] == "17.1.3"));
    // Not a unit's own measure.
    assert!(!leaves.iter().any(|l| l["id"] == "2.1"));
}

#[test]
fn lead_only() {
    let lead = ids(&repo(), &["--unit", "市司法局", "--lead"]);
    let any = ids(&repo(), &["--unit", "市司法局"]);
    assert!(lead.len() < any.len());
    assert!(lead.contains(&"1.3".to_string()), "市司法局 leads 1.3");
    assert!(!lead.contains(&"1.5".to_string()), "市司法局 co-operates on 1.5");
    assert!(any.contains(&"1.5".to_string()));
}

#[test]
fn group_text_and_deadline_filters() {
    assert_eq!(ids(&repo(), &["--group", "10"]), ["10.1.1", "10.1.2", "10.1.3", "10.2.1", "10.2.2", "10.3"]);
    assert_eq!(ids(&repo(), &["--text", "滨江公园"]), ["21.2"]);
    assert_eq!(ids(&repo(), &["--due-before", "2020-10-31"]), ["14.2", "21.2", "25.5", "26.5"]);
    assert_eq!(ids(&repo(), &["--due-before", "2020-09"]), ["25.5", "26.5"]);
    let late = ids(&repo(), &["--due-after", "2021-07-01"]);
    assert!(late.iter().all(|id| !id.starts_with("7.")), "7.x is due 2021-06");
    assert!(late.contains(&"1.3".to_string()));
    assert!(!late.contains(&"2.2".to_string()), "ongoing leaves have no date");
}

#[test]
fn overdue_as_of_a_date_and_from_the_environment() {
    let overdue = ids(&repo(), &["--overdue", "--as-of", "2021-01-01"]);
    let due_2020 = ids(&repo(), &["--due-before", "2020-12-31"]);
    assert_eq!(overdue, due_2020, "nothing is done yet, so everything due in 2020 is late on 2021-01-01");
    assert!(ids(&repo(), &["--overdue", "--as-of", "2020-12-31"]).len() < overdue.len());
    let from_env = common::command(&repo())
        .args(["list", "--format", "json", "--overdue"])
        .env("TAIZHANG_TODAY", "2021-01-01")
        .output()
        .unwrap();
    let leaves: Vec<Value> = serde_json::from_slice(&from_env.stdout).unwrap();
    assert_eq!(leaves.len(), overdue.len());
}

#[test]
fn status_filter_takes_chinese_and_english_names() {
    let dir = base_checklist();
    assert_eq!(ids(dir.path(), &["--status", "doing"]), ["1.2"]);
    assert_eq!(ids(dir.path(), &["--status", "推进中"]), ["1.2"]);
    assert_eq!(ids(dir.path(), &["--status", "未开始"]), ["1.1"]);
    // With --unit, the unit's own status counts.
    assert_eq!(ids(dir.path(), &["--unit", "市中院", "--status", "doing"]), ["1.2"]);
    assert!(ids(dir.path(), &["--unit", "市司法局", "--status", "doing"]).is_empty());
}

#[test]
fn bad_filter_values_are_clear_errors() {
    let cases: [(&[&str], &str); 5] = [
        (&["--unit", "市中级法庭"], "未知单位 `市中级法庭`\nhint: 是否应为 `市中级法院`?"),
        (&["--status", "finished"], "未知状态 `finished`"),
        (&["--group", "99"], "没有基本要求 `99`"),
        (&["--due-before", "soon"], "--due-before `soon` 不是有效日期"),
        (&["--as-of", "2021-02-30"], "--as-of `2021-02-30` 不是有效日期"),
    ];
    for (args, message) in cases {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        let r = run(&repo(), &all);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with(&format!("error: {message}")), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn table_aligns_chinese_text_and_wraps_to_the_width() {
    for width in ["60", "100", "200"] {
        let out = common::command(&repo())
            .args(["list", "--unit", "市司法局", "--as-of", "2021-01-01"])
            .env("COLUMNS", width)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let widths: std::collections::BTreeSet<usize> = text.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(widths.len(), 1, "every line has the same display width at {width}: {widths:?}");
        assert!(*widths.first().unwrap() <= width.parse().unwrap());
        assert!(!text.contains('\u{1b}'), "no colour when piped");
    }
}

#[test]
fn csv_and_markdown() {
    let r = run(&repo(), &["list", "--group", "7", "--format", "csv", "--as-of", "2021-01-01"]);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some("id,group,text,units,scope,due,due_text,status,overdue"));
    assert_eq!(
        lines.next(),
        Some(
            "7.1,7,规范各级法院律师调解室设置及人员配备。,各级人民法院、各级司法行政机关,,2021-06,2021年6月,todo,false"
        )
    );
    let r = run(&repo(), &["list", "--group", "7", "--format", "md", "--lang", "en"]);
    assert!(
        r.stdout.starts_with("| ID | Measure | Units | Due | Status |\n|---|---|---|---|---|\n| 7.1 |"),
        "{}",
        r.stdout
    );
}

#[test]
fn show_prints_the_whole_leaf() {
    let r = run(&repo(), &["show", "17.1.3", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = [
        "措施 17.1.3  (基本要求 17: 建立市域产权保护统筹协调机制。)",
        "  加强各种所有制经济产权保护。",
        "完成时限: 2020年12月 (2020-12-31)",
        "状态: 未开始 逾期",
        "  市农业农村局 (牵头): 未开始 逾期 1 天",
        "  各县市区 (范围): 未开始 (14 个单位, 0 个已完成)",
        "    夷陵区、西陵区、伍家岗区、点军区、猇亭区、宜都市、当阳市、枝江市、远安县、兴山县、秭归县、长阳土家族自治县、五峰土家族自治县、宜昌高新区: 未开始 逾期 1 天",
        "量化目标: 推进产权保护法治化",
        "参与单位职责:",
        "  市农业农村局: 完善农村集体产权确权和保护制度。",
    ];
    for line in expected {
        assert!(r.stdout.contains(line), "missing {line:?} in\n{}", r.stdout);
    }
}

#[test]
fn show_errors_name_the_way_out() {
    let r = run(&repo(), &["show", "10.1"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("没有措施 `10.1`\nhint: 10.1 含有子项,请选择其中之一: 10.1.1, 10.1.2, 10.1.3"),
        "{}",
        r.stderr
    );
    let r = run(&repo(), &["show", "17.1.9"]);
    assert!(r.stderr.contains("是否应为 `17.1.1`?"), "{}", r.stderr);
    let r = run(&repo(), &["show", "-3"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("没有措施 `-3`\nhint: `taizhang list` 可列出全部措施编号"), "{}", r.stderr);
}

#[test]
fn show_json_carries_target_and_duties() {
    let r = run(&repo(), &["show", "2.1", "--format", "json"]);
    let leaf: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(leaf["target"].as_str().unwrap().chars().take(6).collect::<String>(), "社区矫正对象");
    assert_eq!(leaf["duties"][0]["units"][0], "市司法局");
}

#[test]
fn english_labels() {
    let r = run(&repo(), &["show", "2.1", "--lang", "en", "--as-of", "2020-01-01"]);
    assert!(r.stdout.contains("Due: 2020-12 (2020-12-31)\nStatus: todo\n"), "{}", r.stdout);
}

#[test]
fn runs_from_a_subfolder_and_with_dash_c() {
    let r = run(&repo().join("tasks"), &["list", "--group", "1", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = repo();
    let r = run(elsewhere.path(), &["-C", root.to_str().unwrap(), "list", "--group", "1", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(elsewhere.path(), &["list"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("taizhang.toml"), "{}", r.stderr);
}

/// A copy of the test checklist whose one group holds `count` leaves, for
/// output far larger than a pipe's buffer.
fn large_checklist(count: usize) -> tempfile::TempDir {
    let dir = base_checklist();
    let mut text = String::from("group: \"1\"\ntitle: \"测试基本要求。\"\ntarget: \"测试量化目标100%。\"\nmeasures:\n");
    for n in 1..=count {
        text.push_str(&format!(
            "  - id: \"1.{n}\"\n    text: \"第{n}项措施:推进一项足够长的工作以便输出较多的文字。\"\n    \
             assignment: \"(市司法局、市民政局,2020年12月)\"\n    units: [\"市司法局\", \"市民政局\"]\n    \
             due: \"2020-12\"\n    due_text: \"2020年12月\"\n    progress: []\n"
        ));
    }
    std::fs::write(dir.path().join("tasks/01.yaml"), text).unwrap();
    dir
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    // A pipe holds 64 KiB on Linux: output that fits would be written in
    // full before the reader goes away, and prove nothing.
    const PIPE_BUFFER: usize = 64 * 1024;
    let dir = large_checklist(3000);
    for args in [&["list", "--format", "json"][..], &["list", "--as-of", "2021-01-01"], &["overdue"]] {
        let full = run(dir.path(), args);
        assert_eq!(full.code, 0, "{args:?}: {}", full.stderr);
        assert!(full.stdout.len() > 4 * PIPE_BUFFER, "{args:?} prints only {} bytes", full.stdout.len());

        let mut child = common::command(dir.path())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(stderr, "", "{args:?}: nothing is said about the closed pipe");
        assert_eq!(status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn control_characters_in_files_are_neutralised() {
    let dir = base_checklist();
    let path = dir.path().join("tasks/01.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace("第一项措施。", "第一项\\u001b[31m措施。");
    std::fs::write(&path, text).unwrap();
    let r = run(dir.path(), &["show", "1.1"]);
    assert!(!r.stdout.contains('\u{1b}'), "{}", r.stdout);
    assert!(r.stdout.contains("第一项\\u{1b}[31m措施。"), "{}", r.stdout);
}

#[test]
fn a_table_without_the_text_column_fits_the_width() {
    // Without the measure text there is no column made to wrap, so the
    // other columns must give way themselves.
    for columns in ["id,due", "id,units,scope,due,status", "id,units,scope"] {
        for width in [30usize, 50, 80] {
            let out = common::command(&repo())
                .args(["list", "--columns", columns, "--group", "1", "--as-of", "2021-01-01"])
                .env("COLUMNS", width.to_string())
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("1.1"), "{columns} at {width}:\n{text}");
            for (n, line) in text.lines().enumerate() {
                let shown = UnicodeWidthStr::width(line);
                assert!(shown <= width, "{columns} at {width}: line {} is {shown} columns wide: {line}", n + 1);
            }
            let widths: std::collections::BTreeSet<usize> = text.lines().map(UnicodeWidthStr::width).collect();
            assert_eq!(widths.len(), 1, "{columns} at {width}: the table is ragged: {widths:?}\n{text}");
        }
    }
}

#[test]
fn no_wrapped_line_starts_with_closing_punctuation() {
    let forbidden = ['、', ',', ',', '。', ';', ';', ':', ':', ')', ')', '》', '”'];
    let mut wrapped = 0;
    for (args, columns) in [
        (&["list"][..], [40, 57, 64, 71, 80, 93, 100, 120]),
        (&["list", "--unit", "夷陵区", "--columns", "id,text,units,role"], [44, 61, 77, 83, 90, 101, 110, 130]),
        (&["indicators"], [50, 66, 80, 95, 100, 110, 125, 140]),
    ] {
        for width in columns {
            let out = common::command(&repo())
                .args(args)
                .args(["--as-of", "2021-07-01"])
                .env("COLUMNS", width.to_string())
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            for line in text.lines().filter(|l| l.starts_with('│')) {
                for cell in line.split(['│', '┆']).map(str::trim) {
                    wrapped += 1;
                    assert!(!cell.starts_with(forbidden), "{args:?} at {width}: a line starts with `{cell}`:\n{line}");
                }
            }
        }
    }
    assert!(wrapped > 10_000, "{wrapped} cells");
}

#[test]
fn the_due_text_column_is_named_as_in_json_or_with_a_hyphen() {
    let csv =
        |column: &str| run(&repo(), &["list", "--columns", &format!("id,{column}"), "--group", "1", "--format", "csv"]);
    let (underscore, hyphen) = (csv("due_text"), csv("due-text"));
    assert_eq!(underscore.code, 0, "{}", underscore.stderr);
    assert_eq!(underscore.stdout, hyphen.stdout);
    assert!(underscore.stdout.starts_with("id,due_text\n1.1,2020年12月\n"), "{}", underscore.stdout);
}
