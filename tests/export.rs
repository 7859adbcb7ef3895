//! `taizhang export`: the shipped checklist, with progress and an extension
//! recorded, exported as xlsx (read back with calamine, a reader independent
//! of the writer), CSV and JSON; rows checked cell by cell, and counted
//! against (leaf, unit) pairs worked out here from `list --format json` and
//! `tasks/units.toml` (not from the code the export shares with the reports),
//! then compared with `summary --by unit`.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use common::{Run, last_day, repo, run, shipped_checklist};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// The date every export and report here is judged on.
const AS_OF: &str = "2021-07-01";

/// The measure text of 21.2, verbatim.
const TEXT_21_2: &str = "推动滨江公园法治长廊建设。";

/// The Chinese headers, in order.
const HEADERS_ZH: [&str; 14] = [
    "基本要求",
    "编号",
    "具体措施",
    "单位",
    "角色",
    "完成时限",
    "截止日期",
    "延期至",
    "状态",
    "进展日期",
    "备注",
    "佐证",
    "逾期天数",
    "分管领导",
];

/// Runs the binary and insists that it succeeded.
fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
    r
}

/// The shipped checklist after a week of work: 21.2 extended to 2021-06 and
/// in progress (one day late on AS_OF), 17.1.1 done by 市国资委, and 秭归县
/// reporting on 23.2, so that 各县市区 splits into its 14 members there.
fn checklist_with_progress() -> tempfile::TempDir {
    let dir = shipped_checklist();
    let d = dir.path();
    ok(
        d,
        &[
            "set",
            "21.2",
            "doing",
            "--unit",
            "市林业和园林局",
            "--date",
            "2021-04-01",
            "--note",
            "已报送方案,见\"通报\"",
            "--evidence",
            "宜林发〔2021〕7号",
            "--evidence",
            "https://example.org/a",
        ],
    );
    ok(d, &["extend", "21.2", "--to", "2021-06", "--reason", "受疫情影响", "--approval", "宜司发〔2020〕9号"]);
    ok(
        d,
        &["set", "17.1.1", "done", "--unit", "市国资委", "--date", "2021-03-01", "--evidence", "宜国资发〔2021〕3号"],
    );
    ok(d, &["set", "23.2", "done", "--unit", "秭归县", "--date", "2021-05-01"]);
    dir
}

/// `summary --by unit --format json` as of AS_OF.
fn summary(dir: &Path) -> Value {
    serde_json::from_str(&ok(dir, &["summary", "--by", "unit", "--format", "json", "--as-of", AS_OF]).stdout).unwrap()
}

/// One (leaf, unit) pair an export must have a row for, worked out in the
/// test itself rather than by the code that builds the export.
#[derive(Debug)]
struct Pair {
    id: String,
    /// The unit, as written; `None` for a leaf without units.
    unit: Option<String>,
    /// lead, co or scope.
    role: &'static str,
    /// The unit's own recorded status (`todo` without an entry).
    status: String,
    /// The last day of the deadline in force, if the leaf has a dated one.
    last_day: Option<NaiveDate>,
}

/// The collectives of `tasks/units.toml`, read here with a TOML parser: each
/// canonical name → the units it stands for (nested collectives and
/// `all_of_kind` expanded, in the file's order of units).
fn collectives(dir: &Path) -> HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(dir.join("tasks/units.toml")).unwrap();
    let registry: toml::Table = toml::from_str(&text).unwrap();
    let units: Vec<(String, String)> = registry["unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().unwrap().to_string(), u["kind"].as_str().unwrap().to_string()))
        .collect();
    let canonical = |name: &str| -> String {
        let all = registry["unit"].as_array().unwrap().iter().chain(registry["collective"].as_array().unwrap());
        all.filter(|e| {
            e["name"].as_str() == Some(name)
                || e.get("aliases")
                    .and_then(|a| a.as_array())
                    .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(name)))
        })
        .map(|e| e["name"].as_str().unwrap().to_string())
        .next()
        .unwrap_or_else(|| name.to_string())
    };
    fn expand(
        name: &str,
        registry: &toml::Table,
        units: &[(String, String)],
        canonical: &dyn Fn(&str) -> String,
    ) -> Vec<String> {
        let Some(c) = registry["collective"].as_array().unwrap().iter().find(|c| c["name"].as_str() == Some(name))
        else {
            return vec![name.to_string()];
        };
        let mut out: Vec<String> = Vec::new();
        if let Some(kind) = c.get("all_of_kind").and_then(|k| k.as_str()) {
            out.extend(units.iter().filter(|(_, k)| k == kind).map(|(n, _)| n.clone()));
        }
        for m in c.get("members").and_then(|m| m.as_array()).into_iter().flatten() {
            let m = canonical(m.as_str().unwrap());
            let nested = registry["collective"].as_array().unwrap().iter().any(|c| c["name"].as_str() == Some(&m));
            out.extend(if nested { expand(&m, registry, units, canonical) } else { vec![m] });
        }
        let mut ordered: Vec<String> = units.iter().map(|(n, _)| n.clone()).filter(|n| out.contains(n)).collect();
        ordered.dedup();
        ordered
    }
    registry["collective"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let name = c["name"].as_str().unwrap();
            (name.to_string(), expand(name, &registry, &units, &canonical))
        })
        .collect()
}

/// Every pair, from the document's assignment and the recorded entries as
/// `list --format json` gives them (canonical names), and the collectives of
/// the registry: each named and scope unit is one pair (the first named unit
/// leads), and a collective with members stands for each of them; a unit
/// reached twice keeps its first place and strongest role. A leaf without
/// units is one pair with no unit. Only leaf-wide extensions are recorded in
/// these tests, so the deadline in force is the leaf's.
fn expected_pairs(dir: &Path) -> Vec<Pair> {
    let collectives = collectives(dir);
    let leaves: Vec<Value> = serde_json::from_str(&ok(dir, &["list", "--format", "json"]).stdout).unwrap();
    let mut pairs = Vec::new();
    for leaf in &leaves {
        let id = leaf["id"].as_str().unwrap();
        let deadline = leaf["extended_due"].as_str().or(leaf["due"].as_str()).and_then(last_day);
        let entries: HashMap<&str, &str> = leaf["progress"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["unit"].as_str().unwrap(), e["status"].as_str().unwrap()))
            .collect();
        let status = |unit: &str| entries.get(unit).copied().unwrap_or("todo").to_string();
        let names = |key: &str| -> Vec<String> {
            leaf[key].as_array().unwrap().iter().map(|u| u.as_str().unwrap().to_string()).collect()
        };
        let units = names("units");
        let scope = names("scope");
        if units.is_empty() && scope.is_empty() {
            pairs.push(Pair { id: id.into(), unit: None, role: "", status: status(""), last_day: deadline });
        }
        let roles = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u, if i == 0 { "lead" } else { "co" }))
            .chain(scope.iter().map(|u| (u, "scope")));
        let rank = |role: &str| ["lead", "co", "scope"].iter().position(|r| *r == role).unwrap();
        let mut owed: Vec<(String, &'static str)> = Vec::new();
        for (name, role) in roles {
            let each = collectives.get(name).filter(|m| !m.is_empty()).cloned().unwrap_or_else(|| vec![name.clone()]);
            for unit in each {
                match owed.iter_mut().find(|(u, _)| *u == unit) {
                    Some(found) if rank(role) < rank(found.1) => found.1 = role,
                    Some(_) => {}
                    None => owed.push((unit, role)),
                }
            }
        }
        for (unit, role) in owed {
            let status = status(&unit);
            pairs.push(Pair { id: id.into(), unit: Some(unit), role, status, last_day: deadline });
        }
    }
    pairs
}

/// The number of rows an export must have.
fn expected_rows(dir: &Path) -> usize {
    expected_pairs(dir).len()
}

/// The pairs late on AS_OF: not done, with a deadline in force before it.
fn expected_late(dir: &Path) -> usize {
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    expected_pairs(dir).iter().filter(|p| p.status != "done" && p.last_day.is_some_and(|d| d < as_of)).count()
}

/// A workbook read back: sheet names, then each sheet's rows.
struct Book {
    names: Vec<String>,
    sheets: Vec<Vec<Vec<Data>>>,
}

fn read_xlsx(path: &Path) -> Book {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("calamine opens the export");
    let names = workbook.sheet_names();
    let sheets = names
        .iter()
        .map(|name| workbook.worksheet_range(name).unwrap().rows().map(|row| row.to_vec()).collect())
        .collect();
    Book { names, sheets }
}

/// A cell's text ("" when empty); anything else is a test failure.
fn text(cell: &Data) -> &str {
    match cell {
        Data::String(s) => s,
        Data::Empty => "",
        other => panic!("expected text, found {other:?}"),
    }
}

/// A cell's number; anything else is a test failure.
fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(n) => *n,
        Data::Int(n) => *n as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// A cell's date as (year, month, day), when it is a real spreadsheet date.
fn date(cell: &Data) -> (u16, u8, u8) {
    match cell {
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            (y, m, d)
        }
        other => panic!("expected a date cell, found {other:?}"),
    }
}

/// The one ledger row of leaf `id` for `unit` (ID in column B, unit in D).
fn row_of<'a>(rows: &'a [Vec<Data>], id: &str, unit: &str) -> &'a [Data] {
    let found: Vec<&Vec<Data>> = rows.iter().filter(|r| text(&r[1]) == id && text(&r[3]) == unit).collect();
    assert_eq!(found.len(), 1, "rows for {id} / {unit}");
    found[0]
}

#[test]
fn xlsx_has_one_row_per_leaf_and_reporting_unit() {
    let dir = checklist_with_progress();
    let d = dir.path();
    let r = ok(d, &["export", "--format", "xlsx", "-o", "台账.xlsx", "--as-of", AS_OF]);
    let expected = expected_rows(d);
    assert_eq!(r.stderr, format!("已导出 {expected} 行(截至 {AS_OF})→ 台账.xlsx\n"));
    assert_eq!(r.stdout, "");

    let book = read_xlsx(&d.join("台账.xlsx"));
    assert_eq!(book.names, ["台账", "单位汇总"]);
    let rows = &book.sheets[0];
    assert_eq!(rows[0].iter().map(text).collect::<Vec<_>>(), HEADERS_ZH);
    let body = &rows[1..];
    assert_eq!(body.len(), expected);
    // The shipped notice's leaves owe 1,708 (leaf, unit) pairs once every
    // collective stands for its members: 164 units named directly, 686
    // reached through 各县市区 (14 counties), 645 through 市直各部门 (every
    // department) and 213 through the other collectives (`list --format
    // json` counts them by `via`). 24.1 and 28.1–28.3 name no unit and have
    // one row each.
    assert_eq!(expected, 164 + 686 + 645 + 213 + 4);
    for pair in expected_pairs(d) {
        let unit = pair.unit.as_deref().unwrap_or("");
        let rows = body.iter().filter(|r| text(&r[1]) == pair.id && text(&r[3]) == unit).count();
        assert_eq!(rows, 1, "rows for {pair:?}");
    }
    let unassigned: Vec<&str> = body.iter().filter(|r| text(&r[3]).is_empty()).map(|r| text(&r[1])).collect();
    assert_eq!(unassigned, ["24.1", "28.1", "28.2", "28.3"]);

    // Extended, in progress, one day past the extended deadline.
    let row = row_of(body, "21.2", "市林业和园林局");
    assert_eq!(number(&row[0]), 21.0, "the group is a number, so it sorts");
    assert_eq!(text(&row[2]), TEXT_21_2);
    assert_eq!(text(&row[4]), "牵头");
    assert_eq!(text(&row[5]), "2020年10月", "the notice's wording stays");
    assert_eq!(date(&row[6]), (2021, 6, 30), "the last day of the extended deadline");
    assert_eq!(text(&row[7]), "2021-06");
    assert_eq!(text(&row[8]), "推进中");
    assert_eq!(date(&row[9]), (2021, 4, 1));
    assert_eq!(text(&row[10]), "已报送方案,见\"通报\"");
    assert_eq!(text(&row[11]), "宜林发〔2021〕7号; https://example.org/a");
    assert_eq!(number(&row[12]), 1.0);

    // A standing duty, done: no deadline date, never overdue.
    let row = row_of(body, "17.1.1", "市国资委");
    assert_eq!((text(&row[4]), text(&row[5]), text(&row[8])), ("牵头", "长期坚持", "已完成"));
    assert_eq!(row[6], Data::Empty);
    assert_eq!(row[7], Data::Empty);
    assert_eq!(date(&row[9]), (2021, 3, 1));
    assert_eq!(text(&row[11]), "宜国资发〔2021〕3号");
    assert_eq!(row[12], Data::Empty);
    let row = row_of(body, "17.1.1", "市公共资源交易中心");
    assert_eq!((text(&row[4]), text(&row[8])), ("责任", "未开始"));

    // A collective stands for its members, each with its own row.
    assert!(!body.iter().any(|r| text(&r[1]) == "23.2" && text(&r[3]) == "各县市区"));
    assert_eq!(body.iter().filter(|r| text(&r[1]) == "23.2").count(), 14);
    let row = row_of(body, "23.2", "秭归县");
    assert_eq!((text(&row[4]), text(&row[8])), ("牵头", "已完成"));
    let row = row_of(body, "23.2", "夷陵区");
    assert_eq!((text(&row[8]), date(&row[6])), ("未开始", (2021, 12, 31)));
    assert_eq!(row[12], Data::Empty, "due at the end of the year: not late yet");

    // Where the measure also applies: each county, in scope.
    let row = row_of(body, "1.1", "五峰土家族自治县");
    assert_eq!(text(&row[4]), "范围");
    assert_eq!(number(&row[12]), 182.0, "2020-12-31 to 2021-07-01: 1 day in 2020, 181 in 2021's first half");

    // A leaf without units still has its row, with an empty unit.
    let row = row_of(body, "24.1", "");
    assert_eq!((number(&row[0]), text(&row[4]), text(&row[8])), (24.0, "", "未开始"));

    // As many late rows as pairs not done past their deadline, and as the
    // per-unit summary counts overdue.
    let late = body.iter().filter(|r| r[12] != Data::Empty).count();
    assert_eq!(late, expected_late(d));
    assert_eq!(late as u64, summary(d)["total"]["overdue"].as_u64().unwrap());
}

#[test]
fn xlsx_summary_sheet_has_the_numbers_of_summary_by_unit() {
    let dir = checklist_with_progress();
    let d = dir.path();
    ok(d, &["export", "-o", "out/ledger.xlsx", "--as-of", AS_OF]);
    let book = read_xlsx(&d.join("out/ledger.xlsx"));
    let sheet = &book.sheets[1];
    let header: Vec<&str> = sheet[0].iter().map(text).collect();
    assert_eq!(header, ["单位", "牵头", "参与", "已完成", "推进中", "受阻", "未开始", "逾期", "长期未更新", "完成率"]);

    let summary = summary(d);
    let mut expected: Vec<Value> = summary["rows"].as_array().unwrap().clone();
    expected.push(summary["total"].clone());
    assert_eq!(sheet.len() - 1, expected.len(), "one row per unit, then the total");
    for (row, want) in sheet[1..].iter().zip(&expected) {
        assert_eq!(text(&row[0]), want["name"].as_str().unwrap());
        let keys = ["lead", "co", "done", "doing", "blocked", "todo", "overdue", "stale"];
        for (cell, key) in row[1..9].iter().zip(keys) {
            assert_eq!(number(cell), want[key].as_f64().unwrap(), "{} {key}", want["name"]);
        }
        let count = |k: &str| want[k].as_u64().unwrap();
        let all = count("todo") + count("doing") + count("done") + count("blocked");
        let percent = (count("done") * 100).checked_div(all).unwrap_or(0);
        assert_eq!(number(&row[9]), percent as f64 / 100.0, "{} completion", want["name"]);
    }
    let total = sheet.last().unwrap();
    assert_eq!(text(&total[0]), "合计");
    let pairs = expected_pairs(d);
    let count = |keep: &dyn Fn(&Pair) -> bool| pairs.iter().filter(|p| keep(p)).count() as f64;
    let lead = count(&|p| p.role == "lead");
    let co = count(&|p| p.role == "co" || p.role == "scope");
    let done = count(&|p| p.status == "done");
    assert_eq!(done, 2.0, "17.1.1 by 市国资委 and 23.2 by 秭归县");
    assert_eq!((number(&total[1]), number(&total[2]), number(&total[3])), (lead, co, done));
    let zigui = sheet.iter().find(|r| text(&r[0]) == "秭归县").expect("秭归县 has its own row");
    assert_eq!(number(&zigui[3]), 1.0, "秭归县 finished 23.2");
}

/// The XML of a worksheet of an xlsx file (`1` is the first sheet).
fn sheet_xml(path: &Path, sheet: usize) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut file = archive.by_name(&format!("xl/worksheets/sheet{sheet}.xml")).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut file, &mut xml).unwrap();
    xml
}

/// The width of column `col` (1-based) set in a worksheet's XML.
fn column_width(xml: &str, col: usize) -> f64 {
    for part in xml.split("<col ").skip(1) {
        let attr = |name: &str| -> &str {
            let start = part.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            &part[start..start + part[start..].find('"').unwrap()]
        };
        let (min, max): (usize, usize) = (attr("min").parse().unwrap(), attr("max").parse().unwrap());
        if (min..=max).contains(&col) {
            return attr("width").parse().unwrap();
        }
    }
    panic!("column {col} has no width in\n{xml}");
}

#[test]
fn xlsx_sheets_have_frozen_headers_filters_and_room_for_evidence() {
    let dir = shipped_checklist();
    let d = dir.path();
    ok(d, &["export", "-o", "台账.xlsx", "--as-of", AS_OF]);
    let path = d.join("台账.xlsx");
    let units = read_xlsx(&path).sheets[1].len() - 2;
    let ledger = sheet_xml(&path, 1);
    assert!(
        ledger.contains(
            "<pane xSplit=\"2\" ySplit=\"1\" topLeftCell=\"C2\" activePane=\"bottomRight\" state=\"frozen\"/>"
        )
    );
    assert!(ledger.contains("<autoFilter ref=\"A1:N"), "the autofilter covers every column");
    // Nobody has recorded evidence or notes yet: the columns still leave room for a 文号.
    let evidence = HEADERS_ZH.iter().position(|h| *h == "佐证").unwrap() + 1;
    let note = HEADERS_ZH.iter().position(|h| *h == "备注").unwrap() + 1;
    assert!(column_width(&ledger, evidence) >= 24.0, "佐证 is {}", column_width(&ledger, evidence));
    assert!(column_width(&ledger, note) >= 24.0, "备注 is {}", column_width(&ledger, note));
    let by_unit = sheet_xml(&path, 2);
    assert!(
        by_unit.contains(
            "<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"
        )
    );
    // The filter covers the units, not the total row under them.
    assert!(by_unit.contains(&format!("<autoFilter ref=\"A1:J{}\"/>", units + 1)), "{units} units:\n{by_unit}");
}

#[test]
fn rows_past_a_sheets_limit_go_on_to_the_next_sheet() {
    let dir = checklist_with_progress();
    let d = dir.path();
    ok(d, &["export", "-o", "whole.xlsx", "--as-of", AS_OF]);
    // Excel's limit is 1,048,576 rows; a test-only setting lowers it.
    let r = common::command(d)
        .args(["export", "-o", "parts.xlsx", "--as-of", AS_OF])
        .env("TAIZHANG_TEST_SHEET_ROWS", "700")
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let said = format!("已导出 {} 行(截至 {AS_OF})→ parts.xlsx\n", expected_rows(d));
    assert_eq!(String::from_utf8_lossy(&r.stderr), said);
    let whole = read_xlsx(&d.join("whole.xlsx"));
    let parts = read_xlsx(&d.join("parts.xlsx"));
    assert_eq!(parts.names, ["台账", "台账 (2)", "台账 (3)", "单位汇总"]);
    let mut rows = Vec::new();
    for (index, sheet) in parts.sheets[..3].iter().enumerate() {
        assert_eq!(sheet[0].iter().map(text).collect::<Vec<_>>(), HEADERS_ZH, "sheet {}", index + 1);
        assert!(sheet.len() <= 701);
        rows.extend_from_slice(&sheet[1..]);
        let xml = sheet_xml(&d.join("parts.xlsx"), index + 1);
        assert!(xml.contains(
            "<pane xSplit=\"2\" ySplit=\"1\" topLeftCell=\"C2\" activePane=\"bottomRight\" state=\"frozen\"/>"
        ));
        assert!(
            xml.contains(&format!("<autoFilter ref=\"A1:N{}\"/>", sheet.len())),
            "the autofilter covers every column"
        );
    }
    assert_eq!(rows, whole.sheets[0][1..], "the same rows in the same order");
    assert_eq!(parts.sheets[3], whole.sheets[1], "the same summary");
}

#[test]
fn xlsx_in_english() {
    let dir = checklist_with_progress();
    let d = dir.path();
    let r = ok(d, &["--lang", "en", "export", "-o", "ledger.xlsx", "--as-of", AS_OF]);
    let said = format!("exported {} rows (as of {AS_OF}) to ledger.xlsx", expected_rows(d));
    assert!(r.stderr.starts_with(&said), "{}", r.stderr);
    let book = read_xlsx(&d.join("ledger.xlsx"));
    assert_eq!(book.names, ["Ledger", "By unit"]);
    let header: Vec<&str> = book.sheets[0][0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "Group",
            "ID",
            "Measure",
            "Unit",
            "Role",
            "Due",
            "Due date",
            "Extended to",
            "Status",
            "Entry date",
            "Note",
            "Evidence",
            "Days overdue",
            "Leaders"
        ]
    );
    let row = row_of(&book.sheets[0], "21.2", "市林业和园林局");
    assert_eq!((text(&row[4]), text(&row[5]), text(&row[8])), ("lead", "2020年10月", "doing"));
    assert_eq!(text(&book.sheets[1].last().unwrap()[0]), "Total");
}

/// Splits CSV text into records (RFC 4180: a quoted field may hold commas,
/// doubled quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && record.is_empty() && !quoted, "the CSV ends with a complete record");
    records
}

#[test]
fn csv_with_and_without_a_byte_order_mark() {
    let dir = checklist_with_progress();
    let d = dir.path();
    let r = ok(d, &["export", "--format", "csv", "-o", "plain.csv", "--as-of", AS_OF]);
    assert!(r.stderr.contains("→ plain.csv"), "{}", r.stderr);
    ok(d, &["export", "--format", "csv", "--bom", "-o", "excel.csv", "--as-of", AS_OF]);
    let plain = std::fs::read(d.join("plain.csv")).unwrap();
    let excel = std::fs::read(d.join("excel.csv")).unwrap();
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(&excel[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel[3..], &plain[..], "the mark is the only difference");

    let text = String::from_utf8(plain).unwrap();
    let records = parse_csv(&text);
    assert_eq!(records[0], HEADERS_ZH);
    assert_eq!(records.len() - 1, expected_rows(d));
    assert!(records.iter().all(|r| r.len() == 14), "every record has every column");
    let row = records.iter().find(|r| r[1] == "21.2").unwrap();
    assert_eq!(
        row,
        &[
            "21",
            "21.2",
            TEXT_21_2,
            "市林业和园林局",
            "牵头",
            "2020年10月",
            "2021-06-30",
            "2021-06",
            "推进中",
            "2021-04-01",
            "已报送方案,见\"通报\"",
            "宜林发〔2021〕7号; https://example.org/a",
            "1",
            ""
        ]
    );
    assert!(text.contains(",\"已报送方案,见\"\"通报\"\"\","), "a comma and quotes are quoted the RFC 4180 way");

    let stdout = ok(d, &["export", "--format", "csv", "-o", "-", "--as-of", AS_OF]);
    assert_eq!(stdout.stdout, text, "-o - writes the same CSV to stdout");
    assert!(stdout.stderr.contains("标准输出"), "{}", stdout.stderr);
}

#[test]
fn json_rows_have_stable_english_keys() {
    let dir = checklist_with_progress();
    let d = dir.path();
    let r = ok(d, &["export", "--format", "json", "-o", "-", "--as-of", AS_OF]);
    let rows: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(rows.len(), expected_rows(d));
    let keys = [
        "id",
        "group",
        "text",
        "unit",
        "role",
        "via",
        "recorded_for",
        "due",
        "due_text",
        "due_date",
        "extended_to",
        "status",
        "date",
        "note",
        "evidence",
        "overdue_days",
        "persons",
    ];
    for row in &rows {
        let found: Vec<&str> = row.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(found, keys);
    }
    let row = rows.iter().find(|r| r["id"] == "21.2").unwrap();
    assert_eq!(
        row,
        &serde_json::json!({
            "id": "21.2",
            "group": "21",
            "text": TEXT_21_2,
            "unit": "市林业和园林局",
            "role": "lead",
            "via": null,
            "recorded_for": null,
            "due": "2020-10",
            "due_text": "2020年10月",
            "due_date": "2021-06-30",
            "extended_to": "2021-06",
            "status": "doing",
            "date": "2021-04-01",
            "note": "已报送方案,见\"通报\"",
            "evidence": ["宜林发〔2021〕7号", "https://example.org/a"],
            "overdue_days": 1,
            "persons": [],
        })
    );
    let standing = rows.iter().find(|r| r["id"] == "17.1.1" && r["unit"] == "市国资委").unwrap();
    assert_eq!(standing["due"], "ongoing");
    assert_eq!(standing["due_date"], Value::Null);
    assert_eq!(standing["overdue_days"], Value::Null);
    let unassigned = rows.iter().find(|r| r["id"] == "28.2").unwrap();
    assert_eq!((&unassigned["unit"], &unassigned["role"]), (&Value::Null, &Value::Null));
    assert_eq!(unassigned["evidence"], serde_json::json!([]));

    ok(d, &["export", "--format", "json", "-o", "rows.json", "--as-of", AS_OF]);
    assert_eq!(std::fs::read_to_string(d.join("rows.json")).unwrap(), r.stdout);
}

#[test]
fn xlsx_to_stdout_is_refused_with_a_hint() {
    let dir = shipped_checklist();
    let d = dir.path();
    let r = run(d, &["export", "--format", "xlsx", "-o", "-"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.starts_with("error: xlsx 文件不能写到标准输出\nhint: "), "{}", r.stderr);
    assert!(r.stderr.contains("--format csv"), "{}", r.stderr);
    let r = run(d, &["--lang", "en", "export", "-o", "-"]);
    assert_eq!(r.code, 2, "xlsx is the default format");
    assert!(r.stderr.contains("cannot go to standard output\nhint: name a file with -o"), "{}", r.stderr);
    let r = run(d, &["export", "--format", "json", "--bom", "-o", "x.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--bom"), "{}", r.stderr);
    assert!(!d.join("-").exists() && !d.join("x.json").exists(), "nothing was written");
}

#[test]
fn the_same_data_and_date_give_the_same_file_and_nothing_is_left_behind() {
    let dir = checklist_with_progress();
    let d = dir.path();
    ok(d, &["export", "-o", "a.xlsx", "--as-of", AS_OF]);
    std::fs::write(d.join("b.xlsx"), "an older export").unwrap();
    ok(d, &["export", "-o", "b.xlsx", "--as-of", AS_OF]);
    assert_eq!(std::fs::read(d.join("a.xlsx")).unwrap(), std::fs::read(d.join("b.xlsx")).unwrap());
    let mut names: Vec<String> =
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["a.xlsx", "b.xlsx", "taizhang.toml", "tasks"], "no temporary file is left");

    // Judged on another day, the lateness changes with it.
    ok(d, &["export", "-o", "later.xlsx", "--as-of", "2021-07-11"]);
    let book = read_xlsx(&d.join("later.xlsx"));
    assert_eq!(number(&row_of(&book.sheets[0], "21.2", "市林业和园林局")[12]), 11.0, "2021-06-30 to 2021-07-11");
}

#[test]
fn a_write_that_fails_midway_says_where() {
    // /dev/full takes nothing: the rows, written as they are made, fail at
    // the first large write.
    let r = run(&repo(), &["export", "--format", "csv", "-o", "/dev/full", "--as-of", "2021-07-01"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot write to /dev/full") || r.stderr.contains("无法写入 /dev/full"), "{}", r.stderr);
    assert!(!r.stderr.contains("已导出") && !r.stderr.contains("exported"), "{}", r.stderr);
}
