//! What `import` tells the user about a task list in another layout: the
//! layout read, every doubtful spot with its line, the dry run as a table
//! or JSON, and `--lenient`.

mod common;

use common::{fixture, run};
use serde_json::Value;

fn doubts_file() -> String {
    fixture("import/report/doubts.txt").to_str().unwrap().to_string()
}

#[test]
fn every_doubtful_spot_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = doubts_file();
    let r = run(dir.path(), &["import", &file, "--out", ".", "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let at = |line: u32, text: &str| {
        let wanted = format!("doubts.txt:{line}: check: {text}");
        assert!(r.stderr.lines().any(|l| l.ends_with(&wanted)), "missing `{wanted}` in\n{}", r.stderr);
    };
    at(3, "1.1: a bracket looks like an assignment but names no unit, not read: (牵头单位市发改委)");
    at(3, "1.1 names no lead or responsible unit");
    at(4, "1.2: the text names several deadlines (2023年6月底前、2023年12月底前), none was taken");
    at(5, "1.3: the list `市市场监管局、市卫健局等有关部门` ends in 等: units it leaves unnamed are not imported");
    at(6, "1.4: a note in the assignment was not imported: 不再逐一列出");
    at(6, "1.4: units named only once; check their spelling: 市督查室");
    at(8, "1.6 names no lead or responsible unit");
    at(9, "1.7: `政务服务局` looks like short for `市政务服务局`; a new tasks/units.toml lists it as an alias");
    at(10, "1.8: the text names the deadline `6月底前` without its year; it was not taken");
    at(12, "1.10: the assignment names several deadlines (`2023年6月`, `长期坚持`); `长期坚持` was taken");
    at(11, "1.9: the text names the deadline `2023年10月底前` but the assignment `2023年12月底前`, which was taken");
    assert!(r.stderr.starts_with("layout: B (role verbs in a bracket)\n"), "{}", r.stderr);
    // Doubts do not stop the import, and what it wrote passes check.
    assert_eq!(run(dir.path(), &["check"]).code, 0);
}

#[test]
fn a_dry_run_in_json_gives_the_layout_the_leaves_and_the_doubts() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["import", &doubts_file(), "--dry-run", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["layout"], "B");
    assert_eq!(report["title"], "某市重点任务清单");
    let leaf = &report["leaves"][6];
    assert_eq!(leaf["id"], "1.7");
    assert_eq!(leaf["line"], 9);
    assert_eq!(leaf["lead"], serde_json::json!(["市政务服务局"]));
    assert_eq!(leaf["support"], serde_json::json!(["政务服务局"]));
    let doubts = report["doubts"].as_array().unwrap();
    assert!(
        doubts.iter().any(|d| d["line"] == 8 && d["message"] == "1.6 names no lead or responsible unit"),
        "{doubts:?}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "a dry run writes nothing");
}

#[test]
fn a_forced_layout_reads_the_file_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("import/prose/a.txt");
    let r = run(dir.path(), &["import", file.to_str().unwrap(), "--dry-run", "--format", "json", "--layout", "b"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["layout"], "B");
    // Read as B, labelled brackets are not assignments: every one is reported.
    assert!(r.stderr.starts_with("layout: B (role verbs in a bracket)\n"), "{}", r.stderr);
    let leaves = report["leaves"].as_array().unwrap();
    for leaf in leaves {
        let line = leaf["line"].as_u64().unwrap();
        let wanted = format!(
            "a.txt:{line}: check: {}: a bracket looks like an assignment but not of the layout asked for",
            leaf["id"].as_str().unwrap()
        );
        assert!(leaf["lead"].as_array().unwrap().is_empty(), "{leaf}");
        assert!(r.stderr.contains(&wanted), "missing `{wanted}` in {}", r.stderr);
    }
    let csv = common::repo().join("examples/layouts/d.csv");
    let r = run(dir.path(), &["import", csv.to_str().unwrap(), "--dry-run", "--layout", "a"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("d.csv:1: error: a spreadsheet is read as a table (layout D), not in layout A"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["import", file.to_str().unwrap(), "--dry-run", "--layout", "x"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("possible values: notice, a, b, c, d, e"), "{}", r.stderr);
}

#[test]
fn lenient_writes_what_was_placed_and_lists_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("list.txt"),
        "重点任务清单\n1.推进改革。(市发改委负责)\n附:说明\n2.优化服务。(市政务服务局负责)\n",
    )
    .unwrap();
    let r = run(dir.path(), &["import", "list.txt", "--out", "out"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!dir.path().join("out").exists(), "without --lenient nothing is written");
    let r = run(dir.path(), &["import", "list.txt", "--out", "out", "--lenient"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("list.txt:3: error: text between tasks belongs to no task: 附:说明"), "{}", r.stderr);
    assert!(r.stderr.contains("1 line(s) could not be placed and were left out (--lenient)"), "{}", r.stderr);
    let config = std::fs::read_to_string(dir.path().join("out/taizhang.toml")).unwrap();
    assert!(
        config.starts_with(
            "# 导入时无法归类、未导入的行 / lines the import could not place and left out:\n\
             #   list.txt:3: text between tasks belongs to no task: 附:说明\n"
        ),
        "{config}"
    );
    assert_eq!(run(&dir.path().join("out"), &["check"]).code, 0);
    let r = run(&dir.path().join("out"), &["list", "--format", "json"]);
    let leaves: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(leaves.as_array().unwrap().len(), 2);
}

#[test]
fn what_check_would_refuse_is_never_written_even_when_lenient() {
    let dir = tempfile::tempdir().unwrap();
    // The second task repeats the first one's number: left out as a line,
    // it would still make two leaves `1.1`.
    std::fs::write(
        dir.path().join("list.txt"),
        "重点任务清单\n1.推进改革。(市发改委负责)\n1.优化服务。(市政务服务局负责)\n",
    )
    .unwrap();
    for dry_run in [false, true] {
        let mut args = vec!["import", "list.txt", "--out", "out", "--lenient"];
        if dry_run {
            args.push("--dry-run");
        }
        let r = run(dir.path(), &args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("list.txt:3: error: number 1 where 2 was expected"), "{}", r.stderr);
        assert!(r.stderr.contains("tasks/01.yaml:13:9: error: duplicate ID `1.1`"), "{}", r.stderr);
        assert!(r.stderr.ends_with("check refuses (mostly numbers repeated or out of order in the document); nothing was written: correct the document first\n"), "{}", r.stderr);
        assert!(!r.stderr.contains("the rest is imported"), "{}", r.stderr);
        assert!(!dir.path().join("out").exists());
    }
}

#[test]
fn a_leaf_with_only_a_lead_counts_as_assigned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("list.txt"), "重点任务清单\n1.推进改革。(牵头单位:市发改委;完成时限:2023年底前)\n")
        .unwrap();
    let r = run(dir.path(), &["import", "list.txt", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("dry run: would import 1 groups, 1 leaves (1 with units and a deadline); nothing was written\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_web_page_copy_ends_at_the_page_footer() {
    let dir = tempfile::tempdir().unwrap();
    let page = "首页 > 政务公开 > 通知公告\n某市2023年重点任务清单\n发布时间:2023-03-02 来源:某市人民政府办公室\n\
                一、优化营商环境\n1.建立督办台账。(牵头单位:市政府办;责任单位:市直各部门;完成时限:2023年6月底前)\n\
                2.推行一网通办。(牵头单位:市政府办;责任单位:市直各部门;完成时限:2023年底前)\n【打印本页】【关闭窗口】\n";
    std::fs::write(dir.path().join("page.txt"), page).unwrap();
    let r = run(dir.path(), &["import", "page.txt", "--out", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["list", "--format", "json"]);
    let leaves: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(leaves[1]["text"], "推行一网通办。");
    assert_eq!(leaves[1]["lead"], serde_json::json!(["市政府办"]));
    assert_eq!(leaves[1]["due"], "2023-12");
    let config = std::fs::read_to_string(dir.path().join("taizhang.toml")).unwrap();
    assert!(config.contains("title = \"某市2023年重点任务清单\"\n"), "{config}");
    assert!(
        config.contains("issuer = \"某市人民政府办公室\"\n") && config.contains("date = \"2023-03-02\"\n"),
        "{config}"
    );
    assert_eq!(run(dir.path(), &["check"]).code, 0);
}

#[test]
fn a_json_dry_run_that_fails_still_says_what_was_left_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("list.txt"), "重点任务清单\n1.推进改革。(市发改委负责)\n附:说明\n").unwrap();
    let r = run(dir.path(), &["import", "list.txt", "--dry-run", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["left_out"][0]["line"], 3);
    assert_eq!(report["leaves"][0]["id"], "1.1");
}

#[test]
fn a_deadline_read_in_the_documents_year_says_so_in_every_layout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("list.txt"), "某市2023年重点任务清单\n1.开展审计。(牵头单位:市审计局;9月底完成)\n")
        .unwrap();
    std::fs::write(
        dir.path().join("list.csv"),
        "某市2023年重点任务清单,,\n序号,重点任务,牵头单位,完成时限\n1,开展审计,市审计局,9月底完成\n",
    )
    .unwrap();
    for (file, line) in [("list.txt", 2), ("list.csv", 3)] {
        let r = run(dir.path(), &["import", file, "--dry-run", "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(report["leaves"][0]["due"], "2023-09", "{file}");
        let wanted =
            format!("{file}:{line}: check: 1.1: deadline `9月底完成` has no year; read as 2023, the document's");
        assert!(r.stderr.contains(&wanted), "missing `{wanted}` in {}", r.stderr);
    }
}
