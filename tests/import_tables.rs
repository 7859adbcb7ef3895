//! Layout D: the same task table as a Word table, a spreadsheet, a CSV
//! file and text flattened from a web page imports to the same leaves, and
//! the checklist it makes passes `check`. A property test holds the table
//! reader to the same leaves whatever the order and the names of the
//! columns.

mod common;

use common::run;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use taizhang::import::table::{Grid, import};

/// The notice's title, above the table.
const TITLE: &str = "2023年法治政府建设重点任务清单";

const HEADER: [&str; 7] = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限", "分管领导", "备注"];

/// The column of the lead units, merged over the first two tasks.
const LEAD: usize = 2;

/// The rows of `TABLE` whose lead cells are merged into one.
const MERGED_LEAD: (usize, usize) = (1, 2);

/// A row of the table: a category spanning it, or a task.
enum Line {
    Category(&'static str),
    Task([&'static str; 7]),
}

/// The table. The second task's lead cell continues the first's (a merged
/// cell where the format has them); its deadline is in its text; the third
/// names a month without its year and leaves its units open.
const TABLE: &[Line] = &[
    Line::Category("一、深化行政执法改革"),
    Line::Task(["1", "推行行政执法三项制度", "市司法局", "市公安局、市财政局", "2023年6月底前", "张三", ""]),
    Line::Task(["2", "开展执法案卷评查,2023年10月底前完成。", "市司法局", "各县市区政府", "", "张三、李四", ""]),
    Line::Category("二、加强行政监督"),
    Line::Task(["1", "开展审计监督", "市审计局", "市统计局等有关部门", "9月底", "", "按季度报送"]),
    Line::Task(["2", "健全政务公开制度", "市政务服务局", "", "长期坚持", "王五", ""]),
];

/// The leaves every format must import to.
fn expected() -> Value {
    json!([
        {"id": "1.1", "text": "推行行政执法三项制度", "lead": ["市司法局"],
         "units": ["市司法局", "市公安局", "市财政局"], "persons": ["张三"],
         "due": "2023-06", "due_text": "2023年6月底前"},
        {"id": "1.2", "text": "开展执法案卷评查,2023年10月底前完成。", "lead": ["市司法局"],
         "units": ["市司法局", "各县市区政府"], "persons": ["张三", "李四"],
         "due": "2023-10", "due_text": "2023年10月底前"},
        {"id": "2.1", "text": "开展审计监督(备注:按季度报送)", "lead": ["市审计局"],
         "units": ["市审计局", "市统计局"], "persons": [],
         "due": "2023-09", "due_text": "9月底"},
        {"id": "2.2", "text": "健全政务公开制度", "lead": ["市政务服务局"],
         "units": ["市政务服务局"], "persons": ["王五"],
         "due": "ongoing", "due_text": "长期坚持"},
    ])
}

/// Imports `file` (written in `dir`) into `dir/out`, checks the checklist
/// and returns its leaves with the fields compared.
fn leaves_of(dir: &Path, file: &str) -> Value {
    let r = run(dir, &["import", file, "--out", "out"]);
    assert_eq!(r.code, 0, "{file}: {}", r.stderr);
    let out = dir.join("out");
    let r = run(&out, &["check"]);
    assert_eq!(r.code, 0, "{file}: check: {}{}", r.stdout, r.stderr);
    let r = run(&out, &["list", "--format", "json"]);
    assert_eq!(r.code, 0, "{file}: {}", r.stderr);
    let all: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    let fields = ["id", "text", "lead", "units", "persons", "due", "due_text"];
    let picked = all.iter().map(|leaf| fields.iter().map(|f| (f.to_string(), leaf[f].clone())).collect()).collect();
    Value::Array(picked)
}

/// Imports `bytes` as `file` in a fresh directory.
fn import_file(file: &str, bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), bytes).unwrap();
    leaves_of(dir.path(), file)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn paragraph(text: &str) -> String {
    if text.is_empty() {
        return "<w:p/>".into();
    }
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", escape(text))
}

/// A Word table cell; `props` go into its `w:tcPr`.
fn tc(text: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", paragraph(text))
}

/// The table as a Word file: the title, 文号 and date before it, the
/// category rows as one cell spanning the table, the lead of the second
/// task merged with the first's.
fn docx() -> Vec<u8> {
    let mut body: String = [TITLE, "宜府办发〔2023〕12号", "2023年3月1日"].iter().map(|p| paragraph(p)).collect();
    body.push_str("<w:tbl><w:tblGrid/>");
    let header: String = HEADER.iter().map(|h| tc(h, "")).collect();
    body.push_str(&format!("<w:tr>{header}</w:tr>"));
    for (k, line) in TABLE.iter().enumerate() {
        let cells: String = match line {
            Line::Category(text) => tc(text, "<w:gridSpan w:val=\"7\"/>"),
            Line::Task(cells) => cells
                .iter()
                .enumerate()
                .map(|(i, cell)| match i {
                    LEAD if k == MERGED_LEAD.0 => tc(cell, "<w:vMerge w:val=\"restart\"/>"),
                    LEAD if k == MERGED_LEAD.1 => tc("", "<w:vMerge/>"),
                    _ => tc(cell, ""),
                })
                .collect(),
        };
        body.push_str(&format!("<w:tr>{cells}</w:tr>"));
    }
    body.push_str("</w:tbl>");
    word_file(&body)
}

/// A Word file whose body is `body`.
fn word_file(body: &str) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", deflated).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", deflated).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The table as a spreadsheet: the title and the categories merged across
/// it, the lead of the first two tasks in one merged cell, numbers as
/// numbers.
fn xlsx() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("任务清单").unwrap();
    let format = rust_xlsxwriter::Format::new();
    sheet.merge_range(0, 0, 0, 6, TITLE, &format).unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let (top, bottom) = (MERGED_LEAD.0 as u32 + 2, MERGED_LEAD.1 as u32 + 2);
    sheet.merge_range(top, LEAD as u16, bottom, LEAD as u16, "市司法局", &format).unwrap();
    for (i, line) in TABLE.iter().enumerate() {
        let r = i as u32 + 2;
        match line {
            Line::Category(text) => {
                sheet.merge_range(r, 0, r, 6, text, &format).unwrap();
            }
            Line::Task(cells) => {
                for (c, cell) in cells.iter().enumerate() {
                    if c == 0 {
                        sheet.write_number(r, 0, cell.parse::<f64>().unwrap()).unwrap();
                    } else if c != LEAD || !(top..=bottom).contains(&r) {
                        sheet.write_string(r, c as u16, *cell).unwrap();
                    }
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// An `.ods` cell: text, a number, or a text spanning `wide` columns and
/// `high` rows (the cells it covers follow as covered cells).
fn ods_cell(text: &str, wide: usize, high: usize) -> String {
    if text.is_empty() {
        return "<table:table-cell/>".into();
    }
    let span = format!("table:number-columns-spanned=\"{wide}\" table:number-rows-spanned=\"{high}\"");
    let value = match text.parse::<u32>() {
        Ok(n) => format!("office:value-type=\"float\" office:value=\"{n}\""),
        Err(_) => "office:value-type=\"string\"".into(),
    };
    let covered = "<table:covered-table-cell/>".repeat(wide - 1);
    format!("<table:table-cell {span} {value}><text:p>{}</text:p></table:table-cell>{covered}", escape(text))
}

/// The table as an OpenDocument spreadsheet, merged as in `xlsx`.
fn ods() -> Vec<u8> {
    let row = |cells: String| format!("<table:table-row>{cells}</table:table-row>");
    let mut rows = row(ods_cell(TITLE, 7, 1));
    rows.push_str(&row(HEADER.iter().map(|h| ods_cell(h, 1, 1)).collect()));
    for (k, line) in TABLE.iter().enumerate() {
        rows.push_str(&row(match line {
            Line::Category(text) => ods_cell(text, 7, 1),
            Line::Task(cells) => cells
                .iter()
                .enumerate()
                .map(|(i, c)| match i {
                    LEAD if k == MERGED_LEAD.0 => ods_cell(c, 1, 2),
                    LEAD if k == MERGED_LEAD.1 => "<table:covered-table-cell/>".to_string(),
                    _ => ods_cell(c, 1, 1),
                })
                .collect(),
        }));
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"任务清单\">{rows}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (path, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(path, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A CSV field, quoted when it must be.
fn csv_field(cell: &str) -> String {
    if cell.contains([',', '"', '\n']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.to_string() }
}

/// The table as a CSV export: merges are lost, so a category is in the
/// first cell alone and every lead is written out.
fn csv() -> String {
    let mut out = format!("\u{feff}{TITLE},,,,,,\r\n{}\r\n", HEADER.join(","));
    for line in TABLE {
        match line {
            Line::Category(text) => out.push_str(&format!("{text},,,,,,\r\n")),
            Line::Task(cells) => {
                let fields: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
                out.push_str(&format!("{}\r\n", fields.join(",")));
            }
        }
    }
    out
}

/// The table copied from a web page, a row to a line, cells separated by
/// `separator`; `|` makes a Markdown table.
fn separated(separator: &str) -> String {
    let markdown = separator == "|";
    let row = |cells: &[&str]| {
        let line = cells.join(&format!(" {separator} "));
        if markdown { format!("| {line} |\n") } else { format!("{line}\n") }
    };
    let mut out = format!("{TITLE}\n\n{}", row(&HEADER));
    if markdown {
        out.push_str(&row(&["---"; 7]));
    }
    for line in TABLE {
        match line {
            Line::Category(text) => out.push_str(&format!("{text}\n")),
            Line::Task(cells) => out.push_str(&row(cells)),
        }
    }
    out
}

/// The table copied from a web page one cell to a line, an empty cell as
/// an empty line.
fn stacked() -> String {
    let mut out = format!("{TITLE}\n{}\n", HEADER.join("\n"));
    for line in TABLE {
        match line {
            Line::Category(text) => out.push_str(&format!("{text}\n")),
            Line::Task(cells) => out.push_str(&format!("{}\n", cells.join("\n"))),
        }
    }
    out
}

#[test]
fn a_word_table_imports_with_spans_and_merges() {
    assert_eq!(import_file("清单.docx", &docx()), expected());
}

#[test]
fn a_spreadsheet_imports_with_merged_cells() {
    assert_eq!(import_file("清单.xlsx", &xlsx()), expected());
}

#[test]
fn a_spreadsheet_is_known_by_its_content_whatever_its_name() {
    assert_eq!(import_file("清单.dat", &xlsx()), expected());
}

#[test]
fn an_opendocument_spreadsheet_imports_with_merged_cells() {
    assert_eq!(import_file("清单.ods", &ods()), expected());
}

#[test]
fn a_csv_file_imports_as_the_spreadsheet_does() {
    assert_eq!(import_file("清单.csv", csv().as_bytes()), expected());
    assert_eq!(import_file("清单.txt", csv().as_bytes()), expected(), "known by its header");
}

#[test]
fn a_table_flattened_to_text_imports_in_every_form() {
    for (form, text) in [("markdown", separated("|")), ("tabs", separated("\t")), ("a cell to a line", stacked())] {
        let leaves = import_file("清单.txt", text.as_bytes());
        assert_eq!(leaves, expected(), "{form}:\n{text}");
    }
}

#[test]
fn the_title_and_document_number_describe_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("清单.docx"), docx()).unwrap();
    let r = run(dir.path(), &["import", "清单.docx", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = std::fs::read_to_string(dir.path().join("out/taizhang.toml")).unwrap();
    assert!(config.contains(TITLE), "{config}");
    assert!(config.contains("宜府办发〔2023〕12号"), "{config}");
    let group = std::fs::read_to_string(dir.path().join("out/tasks/02.yaml")).unwrap();
    assert!(group.contains("加强行政监督"), "{group}");
    assert!(!group.contains("二、"), "the chapter number is the group's ID: {group}");
}

#[test]
fn rows_before_any_header_are_not_placed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "序号,重点任务,牵头单位\n1,甲,市司法局\n";
    std::fs::write(dir.path().join("a.csv"), format!("说明\n{text}")).unwrap();
    assert_eq!(run(dir.path(), &["import", "a.csv", "--out", "a"]).code, 0);
    std::fs::write(dir.path().join("b.csv"), "1,甲,市司法局\n").unwrap();
    let r = run(dir.path(), &["import", "b.csv", "--out", "b"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("b.csv:1: error: no header row"), "{}", r.stderr);
    assert!(!dir.path().join("b").exists());
}

#[test]
fn rows_that_lost_a_merged_cell_are_problems_not_read_shifted() {
    let dir = tempfile::tempdir().unwrap();
    let header = "序号\t重点任务\t牵头单位\t责任单位\t完成时限\n";
    let tabs = format!("清单\n{header}1\t甲\t市政府办\t市直各部门\t2023年6月底前\n2\t乙\t市税务局\t2023年底前\n");
    std::fs::write(dir.path().join("tabs.txt"), tabs).unwrap();
    let r = run(dir.path(), &["import", "tabs.txt", "--out", "tabs"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("tabs.txt:4: error: this row has 4 cells where the header has 5"), "{}", r.stderr);
    assert!(!dir.path().join("tabs").exists());
    let r = run(dir.path(), &["import", "tabs.txt", "--out", "tabs", "--lenient"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&dir.path().join("tabs"), &["list", "--format", "json"]);
    let leaves: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(leaves.len(), 1, "only the row that lines up: {leaves:?}");

    let stacked = "清单\n序号\n重点任务\n牵头单位\n责任单位\n1\n甲\n市政府办\n市直各部门\n2\n乙\n市税务局\n";
    std::fs::write(dir.path().join("stacked.txt"), stacked).unwrap();
    let r = run(dir.path(), &["import", "stacked.txt", "--dry-run"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("stacked.txt:10: error: this row has 3 cells where the header has 4"), "{}", r.stderr);

    let unnumbered = "清单\n重点任务\n牵头单位\n完成时限\n甲\n市政府办\n2023年6月\n乙\n市税务局\n";
    std::fs::write(dir.path().join("unnumbered.txt"), unnumbered).unwrap();
    let r = run(dir.path(), &["import", "unnumbered.txt", "--dry-run"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("unnumbered.txt:2: error: the table has a cell to a line and no 序号 column"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches("error:").count(), 1, "{}", r.stderr);
}

#[test]
fn a_table_without_a_lead_column_names_no_lead() {
    let csv = "序号,重点任务,责任科室,配合单位,完成时限\n1,建立督办台账,\"办公室、督查科\",财务科,2023年6月底前\n\
               2,推行一网通办,办公室,财务科,2023年底前\n";
    let leaves = import_file("清单.csv", csv.as_bytes());
    let leads: Vec<&Value> = leaves.as_array().unwrap().iter().map(|l| &l["lead"]).collect();
    assert_eq!(leads, [&json!([]), &json!([])], "{leaves}");
    assert_eq!(leaves[0]["units"], json!(["办公室", "督查科", "财务科"]));
}

#[test]
fn text_after_the_table_signs_the_notice_or_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| tc(c, "")).collect::<String>());
    let mut body = paragraph(TITLE);
    body.push_str("<w:tbl>");
    body.push_str(&row(&["序号", "重点任务", "牵头单位", "完成时限"]));
    body.push_str(&row(&["1", "甲", "市司法局", "2023年6月底前"]));
    body.push_str("</w:tbl>");
    for p in ["注:各单位每月25日前报送进展。", "宜昌市人民政府办公室", "2023年3月1日"] {
        body.push_str(&paragraph(p));
    }
    std::fs::write(dir.path().join("清单.docx"), word_file(&body)).unwrap();
    let r = run(dir.path(), &["import", "清单.docx", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("text after the table was not imported: 注:各单位每月25日前报送进展。"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("after the table").count(), 1, "{}", r.stderr);
    let config = std::fs::read_to_string(dir.path().join("out/taizhang.toml")).unwrap();
    assert!(config.contains("issuer = \"宜昌市人民政府办公室\""), "{config}");
    assert!(config.contains("date = \"2023年3月1日\""), "{config}");

    let csv = "序号,重点任务,牵头单位\n1,甲,市司法局\n注:各单位每月25日前报送进展。,,\n";
    std::fs::write(dir.path().join("清单.csv"), csv).unwrap();
    let r = run(dir.path(), &["import", "清单.csv", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("清单.csv:3: check: a note in the table was not imported: 注:各单位"), "{}", r.stderr);
    assert!(!r.stderr.contains("category"), "{}", r.stderr);
}

#[test]
fn a_table_copied_from_a_web_page_is_titled_by_the_page_title() {
    let dir = tempfile::tempdir().unwrap();
    let text = "首页 > 政务公开 > 通知公告\n某市2023年优化营商环境重点任务清单\n\
                发布时间:2023-03-02 来源:某市人民政府办公室\n\
                序号|重点任务|牵头单位|责任单位|完成时限\n1|建立重大事项督办台账|市政府办|市直各部门|2023年6月底前\n\
                【打印本页】【关闭窗口】\n";
    std::fs::write(dir.path().join("page.txt"), text).unwrap();
    let r = run(dir.path(), &["import", "page.txt", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The page's own links are not part of the table.
    assert!(!r.stderr.contains("打印本页"), "{}", r.stderr);
    let config = std::fs::read_to_string(dir.path().join("out/taizhang.toml")).unwrap();
    assert!(config.contains("title = \"某市2023年优化营商环境重点任务清单\""), "{config}");
    assert!(!config.contains("title = \"发布时间"), "{config}");
}

/// A table without numbers whose categories fill only the task cell (a
/// CSV export or tab text) or span the row (a spreadsheet).
const UNNUMBERED: [[&str; 4]; 6] = [
    ["重点任务", "牵头单位", "责任单位", "完成时限"],
    ["优化政务服务", "", "", ""],
    ["建立重大事项督办台账", "市政府办", "市直各部门", "2023年6月底前"],
    ["推行企业开办一网通办", "市市场监管局", "市税务局", "2023年底前"],
    ["强化要素保障", "", "", ""],
    ["保障重点项目用地", "市自然资源局", "市税务局", "持续推进"],
];

/// The group titles of the checklist imported into `dir/out`.
fn group_titles(dir: &Path) -> Vec<String> {
    let mut titles = Vec::new();
    for n in 1.. {
        let Ok(group) = std::fs::read_to_string(dir.join(format!("out/tasks/{n:02}.yaml"))) else { break };
        titles.extend(group.lines().find_map(|l| l.strip_prefix("title: ")).map(|t| t.trim_matches('"').to_string()));
    }
    titles
}

#[test]
fn a_category_filling_only_the_task_cell_reads_as_the_merged_one() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let format = rust_xlsxwriter::Format::new();
    for (r, row) in UNNUMBERED.iter().enumerate() {
        if row[1].is_empty() {
            sheet.merge_range(r as u32, 0, r as u32, 3, row[0], &format).unwrap();
        } else {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    let xlsx = workbook.save_to_buffer().unwrap();
    let csv: String = UNNUMBERED.iter().map(|r| format!("{}\n", r.join(","))).collect();
    let tabs: String = UNNUMBERED.iter().map(|r| format!("{}\n", r.join("\t"))).collect();
    let mut read = Vec::new();
    for (file, bytes) in [("清单.xlsx", xlsx), ("清单.csv", csv.into_bytes()), ("清单.txt", tabs.into_bytes())] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), &bytes).unwrap();
        let r = run(dir.path(), &["import", file, "--dry-run"]);
        if file != "清单.xlsx" {
            assert!(r.stderr.contains("was read as a category: 优化政务服务"), "{file}: {}", r.stderr);
        }
        read.push((leaves_of(dir.path(), file), group_titles(dir.path())));
    }
    assert_eq!(read[0].1, ["优化政务服务", "强化要素保障"]);
    assert_eq!(read[0].0.as_array().unwrap().len(), 3);
    assert_eq!(read[1], read[0], "csv");
    assert_eq!(read[2], read[0], "tab text");

    // In a numbered table, a text alone after the number is a category.
    let csv = "序号,重点任务,牵头单位\n,优化政务服务,\n1,甲,市政府办\n2,乙,市政府办\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("n.csv"), csv).unwrap();
    let leaves = leaves_of(dir.path(), "n.csv");
    assert_eq!(leaves.as_array().unwrap().len(), 2, "{leaves}");
    assert_eq!(group_titles(dir.path()), ["优化政务服务"]);
}

/// The names a column goes by in the task lists read.
fn synonyms(column: usize) -> &'static [&'static str] {
    match column {
        0 => &["序号", "编号"],
        1 => &["重点任务", "工作任务", "事项", "工作内容", "评价指标"],
        2 => &["牵头单位", "牵头部门"],
        3 => &["责任单位", "责任科室", "责任部门"],
        4 => &["配合单位", "协作单位"],
        5 => &["完成时限", "完成时间", "时限"],
        6 => &["分管领导", "责任领导"],
        _ => &["备注"],
    }
}

/// A task row in the order of `synonyms`: number, task, lead,
/// responsible, support, deadline, persons, remark.
fn task_row() -> impl Strategy<Value = [String; 8]> {
    let units = ["市司法局", "市公安局", "市财政局", "市审计局", "各县市区政府"];
    let list = move |max| proptest::sample::subsequence(units.to_vec(), 0..=max).prop_map(|u| u.join("、"));
    let deadline = proptest::sample::select(vec!["2023年6月底前", "长期坚持", "2024年12月", "2023年第三季度", ""]);
    let persons = proptest::sample::subsequence(vec!["张三", "李四"], 0..=2).prop_map(|p| p.join("、"));
    ("[甲乙丙丁]{1,6}", list(1), list(2), list(2), deadline, persons, "[备注]{0,2}").prop_map(
        |(task, lead, units, support, due, persons, remark)| {
            [String::new(), format!("任务{task}"), lead, units, support, due.to_string(), persons, remark]
        },
    )
}

/// A leaf as compared: ID, text, units by role, persons, deadline.
#[derive(Debug, PartialEq)]
struct Leaf {
    id: String,
    text: String,
    lead: Option<Vec<String>>,
    units: Vec<String>,
    support: Vec<String>,
    persons: Vec<String>,
    due: Option<String>,
    due_text: Option<String>,
}

/// The leaves the table reader makes of `grid`.
fn leaves(grid: &Grid) -> Vec<Leaf> {
    let imported = import(std::slice::from_ref(grid), "");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let names = |units: &[taizhang::model::Located<String>]| units.iter().map(|u| u.value.clone()).collect();
    let value = |v: &Option<taizhang::model::Located<String>>| v.as_ref().map(|v| v.value.clone());
    imported
        .notice
        .groups
        .iter()
        .flat_map(|g| &g.measures)
        .map(|m| Leaf {
            id: m.id.value.clone(),
            text: m.text.clone(),
            lead: m.lead.as_deref().map(names),
            units: names(&m.units),
            support: names(&m.support),
            persons: m.persons.clone(),
            due: value(&m.due),
            due_text: value(&m.due_text),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn column_order_and_names_do_not_change_the_leaves(
        rows in proptest::collection::vec(task_row(), 1..6),
        order in Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
        picks in proptest::collection::vec(0..5usize, 8),
    ) {
        let rows: Vec<[String; 8]> =
            rows.into_iter().enumerate().map(|(i, mut r)| { r[0] = (i + 1).to_string(); r }).collect();
        let header = |c: usize| synonyms(c)[picks[c] % synonyms(c).len()].to_string();
        let plain = Grid {
            name: "清单".into(),
            rows: std::iter::once((0..8).map(|c| synonyms(c)[0].to_string()).collect())
                .chain(rows.iter().map(|r| r.to_vec()))
                .collect(),
            first_row: 1,
            ..Grid::default()
        };
        let shuffled = Grid {
            rows: std::iter::once(order.iter().map(|&c| header(c)).collect())
                .chain(rows.iter().map(|r| order.iter().map(|&c| r[c].clone()).collect()))
                .collect(),
            ..plain.clone()
        };
        let read = leaves(&plain);
        prop_assert_eq!(&read, &leaves(&shuffled));
        // And they are the rows as written.
        let split = |s: &str| -> Vec<String> { s.split('、').filter(|u| !u.is_empty()).map(String::from).collect() };
        for (i, (leaf, row)) in read.iter().zip(&rows).enumerate() {
            prop_assert_eq!(&leaf.id, &format!("1.{}", i + 1));
            let remark = if row[7].is_empty() { String::new() } else { format!("(备注:{})", row[7]) };
            prop_assert_eq!(&leaf.text, &format!("{}{remark}", row[1]));
            prop_assert_eq!(leaf.lead.clone(), Some(split(&row[2])));
            prop_assert_eq!(&leaf.units, &split(&row[3]));
            prop_assert_eq!(&leaf.support, &split(&row[4]));
            prop_assert_eq!(leaf.due_text.clone(), Some(row[5].clone()).filter(|d| !d.is_empty()));
            prop_assert_eq!(leaf.due.is_some(), !row[5].is_empty());
            prop_assert_eq!(&leaf.persons, &split(&row[6]));
        }
        prop_assert_eq!(read.len(), rows.len());
    }
}
