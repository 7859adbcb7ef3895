//! `taizhang import`: the shipped checklist is the import of the shipped
//! notice, every variant of the notice imports to the same data, and what
//! cannot be placed is reported.

mod common;

use common::{repo, run};
use serde_json::Value;
use std::path::Path;

const NOTICE: &str = "examples/yichang-sfj-2020-5.txt";

fn notice_text() -> String {
    std::fs::read_to_string(repo().join(NOTICE)).unwrap()
}

/// Imports `text` into a fresh folder and returns it.
fn import_text(text: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.txt"), text).unwrap();
    let r = run(dir.path(), &["import", "notice.txt", "--out", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir
}

/// The group files of a checklist folder, by name.
fn group_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir.join("tasks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn shipped_tasks_are_the_import_of_the_shipped_notice() {
    let dir = import_text(notice_text().as_bytes());
    let imported = group_files(dir.path());
    let shipped = group_files(&repo());
    assert_eq!(imported.len(), 28);
    assert_eq!(imported.iter().map(|(n, _)| n).collect::<Vec<_>>(), shipped.iter().map(|(n, _)| n).collect::<Vec<_>>());
    for ((name, new), (_, old)) in imported.iter().zip(&shipped) {
        assert!(new == old, "tasks/{name} differs from its import");
    }
    let schema = |dir: &Path| std::fs::read_to_string(dir.join("tasks/group.schema.json")).unwrap();
    assert!(schema(dir.path()) == schema(&repo()), "tasks/group.schema.json differs from its import");
    let config = std::fs::read_to_string(dir.path().join("taizhang.toml")).unwrap();
    assert_eq!(config, std::fs::read_to_string(repo().join("taizhang.toml")).unwrap());
}

#[test]
fn reimport_over_the_shipped_checklist_changes_nothing() {
    let dir = common::shipped_checklist();
    std::fs::copy(repo().join(NOTICE), dir.path().join("notice.txt")).unwrap();
    let before = group_files(dir.path());
    let units = std::fs::read(dir.path().join("tasks/units.toml")).unwrap();
    let r = run(dir.path(), &["import", "notice.txt", "--lang", "zh"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("28 个基本要求、105 项措施(其中 101 项有责任单位和完成时限)"), "{}", r.stdout);
    assert_eq!(group_files(dir.path()), before);
    assert_eq!(std::fs::read(dir.path().join("tasks/units.toml")).unwrap(), units, "a curated registry is kept");
}

#[test]
fn crlf_bom_and_full_width_variants_import_to_the_same_data() {
    let text = notice_text();
    let expected = group_files(import_text(text.as_bytes()).path());
    let crlf = text.replace('\n', "\r\n");
    let bom = format!("\u{feff}{text}");
    // Every printable ASCII character in its full-width form: (,:;1. …
    let full_width: String = text
        .chars()
        .map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xfee0).unwrap() } else { c })
        .collect();
    assert!(full_width.contains("\u{ff08}市委组织部\u{ff0c}各县市区\u{ff0c}"));
    for (name, variant) in [("CRLF", crlf), ("BOM", bom), ("full-width", full_width)] {
        let got = group_files(import_text(variant.as_bytes()).path());
        assert!(got == expected, "the {name} variant imports differently");
    }
}

#[test]
fn unplaceable_lines_are_reported_and_nothing_is_written() {
    let text = notice_text();
    let anchor = "  3.完善权益保障机制。";
    let line = text.lines().position(|l| l.starts_with(anchor)).unwrap() + 1;
    let broken = text.replacen(anchor, &format!("  这一行不属于任何措施\n{anchor}"), 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.txt"), broken).unwrap();
    let r = run(dir.path(), &["import", "notice.txt", "--out", "out"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "layout: the notice's own (`一、基本要求:` groups)\n\
             notice.txt:{line}: error: unnumbered text between measures: 这一行不属于任何措施\n\
             1 line(s) could not be placed; nothing was written\n"
        )
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn out_of_order_numbers_and_unbalanced_brackets_are_reported() {
    let text = notice_text().replacen("  2.严格落实日常管控制度。", "  3.严格落实日常管控制度。", 1).replacen(
        "(市司法局,2020年12月)\n",
        "(市司法局,2020年12月\n",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.txt"), text).unwrap();
    let r = run(dir.path(), &["import", "notice.txt"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(": error: measure 3 where measure 2 was expected"), "{}", r.stderr);
    assert!(r.stderr.contains(": error: measure 2.1: unclosed `(`"), "{}", r.stderr);
    assert!(!dir.path().join("tasks").exists());
}

#[test]
fn a_notice_without_a_task_list_is_an_error() {
    let dir = import_text_expecting_failure("只有正文,没有任务清单。\n");
    assert!(dir.contains("no task list found"), "{dir}");
}

fn import_text_expecting_failure(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.txt"), text).unwrap();
    let r = run(dir.path(), &["import", "notice.txt"]);
    assert_eq!(r.code, 1);
    r.stderr
}

#[test]
fn gbk_input_gets_a_conversion_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.txt"), b"\xca\xd0\xcb\xbe\xb7\xa8\xbe\xd6\n").unwrap();
    let r = run(dir.path(), &["import", "notice.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not UTF-8 text") && r.stderr.contains("iconv -f GBK -t UTF-8"), "{}", r.stderr);
}

#[test]
fn files_with_progress_are_not_overwritten_without_force() {
    let dir = common::shipped_checklist();
    std::fs::copy(repo().join(NOTICE), dir.path().join("notice.txt")).unwrap();
    let path = dir.path().join("tasks/02.yaml");
    let edited = std::fs::read_to_string(&path).unwrap().replacen(
        "progress: []",
        "progress:\n      - unit: \"市司法局\"\n        status: \"doing\"",
        1,
    );
    std::fs::write(&path, &edited).unwrap();
    let r = run(dir.path(), &["import", "notice.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("tasks/02.yaml") && r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    let r = run(dir.path(), &["import", "notice.txt", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_ne!(std::fs::read_to_string(&path).unwrap(), edited);
}

/// The shipped checklist as `list --format json` sees it, by leaf ID.
fn leaves() -> Vec<Value> {
    let r = run(&repo(), &["list", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn leaf<'a>(leaves: &'a [Value], id: &str) -> &'a Value {
    leaves.iter().find(|l| l["id"] == id).unwrap_or_else(|| panic!("no leaf {id}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

#[test]
fn counts_match_the_notice() {
    let leaves = leaves();
    assert_eq!(leaves.len(), 105);
    let assigned = leaves.iter().filter(|l| !l["units"].as_array().unwrap().is_empty() && !l["due"].is_null()).count();
    assert_eq!(assigned, 101);
    let groups: std::collections::BTreeSet<&str> = leaves.iter().map(|l| l["group"].as_str().unwrap()).collect();
    assert_eq!(groups.len(), 28);
}

#[test]
fn irregular_forms_of_the_notice() {
    let leaves = leaves();
    // Sub-items ①②③④ under 17.1, 17.2, 17.6.
    let sub: Vec<&str> =
        leaves.iter().map(|l| l["id"].as_str().unwrap()).filter(|id| id.starts_with("17.") && id.len() > 4).collect();
    assert_eq!(sub, ["17.1.1", "17.1.2", "17.1.3", "17.2.1", "17.2.2", "17.2.3", "17.2.4", "17.6.1", "17.6.2"]);
    assert_eq!(
        leaf(&leaves, "17.2.1")["context"][0],
        "完善平等保护产权的规范性文件,提升合法性审核质效,清理不适应产权保护的规章制度,推动出台有关配套制度。"
    );
    // Clause-level assignments in 10.1 and 10.2, with nested brackets.
    let l = leaf(&leaves, "10.1.2");
    assert_eq!(l["text"], "将法治建设绩效考核纳入年度目标管理综合考评");
    assert_eq!(strings(&l["units"]), ["市委办(市目标办)"]);
    assert_eq!(strings(&leaf(&leaves, "10.1.1")["units"]), ["市委依法治市办", "市司法局"]);
    assert_eq!(strings(&leaf(&leaves, "10.1.3")["units"]), ["市委组织部"]);
    assert_eq!(strings(&leaf(&leaves, "10.2.1")["units"]), ["市委办(市委督查室)"]);
    assert_eq!(strings(&leaf(&leaves, "10.2.2")["scope"]), ["各县市区"]);
    // `各县市区。2021年12月` with a stray full stop.
    let l = leaf(&leaves, "18.2");
    assert_eq!((strings(&l["units"]), strings(&l["scope"])), (vec!["市直各行政执法部门"], vec!["各县市区"]));
    assert_eq!((l["due"].as_str(), l["due_text"].as_str()), (Some("2021-12"), Some("2021年12月")));
    // `2021年12月前`.
    assert_eq!(leaf(&leaves, "22.1")["due_text"], "2021年12月前");
    assert_eq!(leaf(&leaves, "22.1")["due"], "2021-12");
    // `长期` and `长期坚持`.
    assert_eq!(
        (leaf(&leaves, "15.1")["due"].as_str(), leaf(&leaves, "15.1")["due_text"].as_str()),
        (Some("ongoing"), Some("长期"))
    );
    assert_eq!(leaf(&leaves, "2.2")["due_text"], "长期坚持");
    // Group 24: an unnumbered measure whose parenthesis is a document number.
    let l = leaf(&leaves, "24.1");
    assert_eq!(l["text"], "按照《宜昌市公安机关警务辅助人员管理办法》(宜府办发〔2020〕5号)执行。");
    assert!(l["units"].as_array().unwrap().is_empty() && l["due"].is_null());
    // Group 28: measures without any assignment.
    for id in ["28.1", "28.2", "28.3"] {
        assert!(leaf(&leaves, id)["due"].is_null() && leaf(&leaves, id)["units"].as_array().unwrap().is_empty());
    }
    // A comma between two units, not a scope.
    let l = leaf(&leaves, "7.1");
    assert_eq!(strings(&l["units"]), ["各级人民法院", "各级司法行政机关"]);
    assert!(l["scope"].as_array().unwrap().is_empty());
    // A shared suffix: 县、乡党委政府.
    assert_eq!(strings(&leaf(&leaves, "13.2")["units"]), ["县党委政府", "乡党委政府"]);
    // An assignment followed by a full stop keeps the text intact.
    assert_eq!(leaf(&leaves, "23.1")["text"], "落实《关于加快推进公共法律服务体系建设的实施意见》");
}

#[test]
fn duties_naming_several_units_keep_their_heading() {
    let text = std::fs::read_to_string(repo().join("tasks/10.yaml")).unwrap();
    assert!(text.contains(
        "  - units: [\"市委办(市委督查室)\", \"市委办(市目标办)\"]\n    label: \"市委办(市委督查室、市目标办)\"\n"
    ));
    let text = std::fs::read_to_string(repo().join("tasks/08.yaml")).unwrap();
    assert!(
        text.contains("  - units: [\"市中级法院\", \"市财政局\", \"市民政局\", \"市人社局\"]\n    text: \"认真落实")
    );
    let text = std::fs::read_to_string(repo().join("tasks/20.yaml")).unwrap();
    assert!(text.contains("  - units: [\"市直各部门\"]\n    text: \"抓好年度普法责任清单"), "an unnumbered duty");
}

#[test]
fn every_measure_text_of_the_notice_is_in_the_files() {
    // Rebuild each numbered measure line of the notice from the files:
    // context + text + assignment + tail, and find it verbatim.
    let notice = notice_text();
    let mut rebuilt = Vec::new();
    for (_, text) in group_files(&repo()) {
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("text: ") {
                rebuilt.push(serde_json::from_str::<String>(rest).unwrap());
            }
        }
    }
    for piece in &rebuilt {
        assert!(notice.contains(piece.as_str()), "not in the notice: {piece}");
    }
    for group in group_files(&repo()) {
        for line in group.1.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("assignment: ") {
                let raw: String = serde_json::from_str(rest).unwrap();
                assert!(notice.contains(&raw), "assignment not in the notice: {raw}");
            }
        }
    }
}

/// A Word file whose body is `lines`, each a paragraph: every line split
/// into two runs (as Word splits text where formatting or spell checking
/// changed), XML-escaped, and an empty line an empty paragraph.
fn docx(lines: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for line in lines {
        if line.is_empty() {
            body.push_str("<w:p/>");
            continue;
        }
        let middle = line.char_indices().nth(line.chars().count() / 2).map_or(line.len(), |(i, _)| i);
        let (a, b) = line.split_at(middle);
        body.push_str(&format!(
            "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>\
             <w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(a),
            escape(b)
        ));
    }
    body.push_str("</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", deflated).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", deflated).unwrap();
    zip.write_all(body.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_word_file_imports_as_its_text_does() {
    let text = notice_text();
    let lines: Vec<&str> = text.lines().collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("通知.docx"), docx(&lines)).unwrap();
    let r = run(dir.path(), &["import", "通知.docx", "--out", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(group_files(dir.path()), group_files(import_text(text.as_bytes()).path()));
    // A line that finds no place is named by its paragraph, as in the text.
    let anchor = "  3.完善权益保障机制。";
    let at = lines.iter().position(|l| l.starts_with(anchor)).unwrap();
    let mut stray = lines.clone();
    stray.insert(at, "  这一行不属于任何措施");
    std::fs::write(dir.path().join("有误.docx"), docx(&stray)).unwrap();
    let r = run(dir.path(), &["import", "有误.docx", "--out", "other"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(&format!("\n有误.docx:{}: error: ", at + 1)), "{}", r.stderr);
    assert!(!dir.path().join("other").exists());
}

#[test]
fn files_to_convert_first_are_refused_with_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0];
    std::fs::write(dir.path().join("通知.doc"), ole).unwrap();
    std::fs::write(dir.path().join("通知.wps"), ole).unwrap();
    std::fs::write(dir.path().join("通知.pdf"), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap();
    // A zip that says it is a spreadsheet but is not one.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, b"<workbook/>").unwrap();
    std::fs::write(dir.path().join("清单.docx"), zip.finish().unwrap().into_inner()).unwrap();
    for (file, said) in [
        ("通知.doc", "hint: convert it to .docx first: soffice --headless --convert-to docx 通知.doc"),
        ("通知.wps", "hint: convert it to .docx first: soffice --headless --convert-to docx 通知.wps"),
        ("通知.pdf", "hint: convert it to text first: pdftotext -layout 通知.pdf notice.txt"),
        ("清单.docx", "cannot read the spreadsheet 清单.docx: "),
    ] {
        let r = run(dir.path(), &["import", file, "--out", "out"]);
        assert_eq!(r.code, 2, "{file}: {}", r.stderr);
        assert!(r.stderr.contains(said), "{file}: {}", r.stderr);
        assert!(!dir.path().join("out").exists(), "{file}");
    }
    let zh = run(dir.path(), &["import", "通知.pdf", "--lang", "zh"]);
    assert!(zh.stderr.contains("hint: 请先转换为文本: pdftotext -layout 通知.pdf notice.txt"), "{}", zh.stderr);
}

#[test]
fn a_word_file_that_unpacks_to_too_much_is_refused() {
    // 3 MB of body in a few kilobytes, against a 1 MB limit.
    let long = "一".repeat(1 << 20);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("大.docx"), docx(&[&long])).unwrap();
    assert!(std::fs::metadata(dir.path().join("大.docx")).unwrap().len() < 100_000);
    let r = common::command(dir.path()).args(["import", "大.docx"]).env("TAIZHANG_MAX_FILE_MB", "1").output().unwrap();
    let stderr = String::from_utf8(r.stderr).unwrap();
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read the Word file 大.docx: its body is larger than 1 MB"), "{stderr}");
}

#[test]
fn a_dry_run_shows_every_leaf_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.txt"), notice_text()).unwrap();
    let r = common::command(dir.path())
        .args(["import", "notice.txt", "--dry-run", "--lang", "zh"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8(r.stdout).unwrap(), String::from_utf8(r.stderr).unwrap());
    assert_eq!(r.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "版式: 通知原版式(`一、基本要求:` 分组)\n试运行: 将导入 28 个基本要求、105 项措施(其中 101 项有责任单位和完成时限);未写入任何文件\n"
    );
    let first_cells: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("│ "))
        .map(|l| l.split(' ').next().unwrap())
        .filter(|c| !c.is_empty() && *c != "编号")
        .collect();
    let ids: Vec<String> = leaves().iter().map(|l| l["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(first_cells, ids, "every leaf, in order");
    assert!(
        stdout.contains("│ 17.1.1 ┆ 强化对国有产权登记") && stdout.contains("┆ 市国资委     ┆ 市公共资源交"),
        "{stdout}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["notice.txt"]);
}
