//! `taizhang form` and `collect`: forms read back with calamine and the
//! XML inside the file; returned forms written by another writer the way a
//! spreadsheet program saves them; every problem a returned form can have;
//! conflicts; collecting twice; and collected changes that are
//! byte-for-byte the edits `set` and `extend` make.

mod common;

use calamine::{Data, SheetVisible};
use common::returned::{Book, Put, fill, text};
use common::{command, run, shipped_checklist};
use std::path::{Path, PathBuf};

const MADE: &str = "2021-03-01";
const COLLECTED: &str = "2021-03-05";

/// Makes `unit`'s form in `dir` as of `MADE`.
fn make(dir: &Path, unit: &str, file: &str) -> PathBuf {
    let r = run(dir, &["form", "--unit", unit, "-o", file, "--as-of", MADE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir.join(file)
}

fn tasks(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir.join("tasks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn collect(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["collect", "--as-of", COLLECTED];
    all.extend_from_slice(args);
    run(dir, &all)
}

/// The XML of a part of an xlsx file.
fn part(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut file, &mut xml).unwrap();
    xml
}

/// The style index of cell `r` (such as `F2`) in a worksheet's XML.
fn style_of(xml: &str, r: &str) -> usize {
    let at = xml.find(&format!("<c r=\"{r}\"")).unwrap_or_else(|| panic!("no cell {r}"));
    let cell = &xml[at..at + xml[at..].find('>').unwrap()];
    let s = cell.find(" s=\"").map(|i| &cell[i + 4..]).unwrap_or("0\"");
    s[..s.find('"').unwrap()].parse().unwrap()
}

/// Whether cell style `index` of styles.xml leaves its cells unlocked.
fn unlocked(styles: &str, index: usize) -> bool {
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(index + 1).unwrap();
    let xf = &xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()];
    xf.contains("locked=\"0\"")
}

#[test]
fn forms_for_several_units_read_back() {
    let dir = shipped_checklist();
    let path = make(dir.path(), "夷陵区", "夷陵区.xlsx");
    let book = Book::read(&path);
    assert_eq!(book.names(), ["填写说明", "进展填报", "taizhang"]);
    assert_eq!(book.sheets[0].1, SheetVisible::Visible);
    assert_eq!(book.sheets[2].1, SheetVisible::Hidden);
    let guide = book.sheet("填写说明");
    assert_eq!(text(&guide[0][0]), "夷陵区 工作进展填报表");
    assert!(guide.iter().any(|r| text(&r[0]).contains("下拉列表选择 未开始/推进中/已完成/受阻")));
    let form = book.sheet("进展填报");
    let header: Vec<String> = form[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "编号",
            "具体措施",
            "角色",
            "完成时限",
            "当前状态",
            "状态",
            "完成日期",
            "进展情况",
            "佐证材料",
            "申请延期至",
            "延期理由"
        ]
    );
    // One row per leaf 夷陵区 owes, as `list` counts them (through 各县市区 too).
    let listed = run(dir.path(), &["list", "--unit", "夷陵区", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(form.len() - 1, listed.as_array().unwrap().len());
    let row = form.iter().find(|r| text(&r[0]) == "1.3").unwrap();
    assert!(text(&row[1]).starts_with("推进平安社区建设"));
    assert_eq!(text(&row[2]), "范围 (经 各县市区)");
    assert_eq!(text(&row[3]), "2021年12月");
    assert_eq!(text(&row[4]), "未开始");
    assert!(row[5..].iter().all(|c| matches!(c, Data::Empty)), "nothing recorded yet: {row:?}");
    let state = book.sheet("taizhang");
    assert_eq!(text(&state[0][0]), "taizhang-form");
    assert_eq!((text(&state[2][0]), text(&state[2][1])), ("unit".into(), "夷陵区".into()));
    assert_eq!((text(&state[3][0]), text(&state[3][1])), ("date".into(), MADE.into()));
    let kept = state.iter().find(|r| text(&r[0]) == "1.3").unwrap();
    assert_eq!(text(&kept[9]), "2021-12", "the deadline in force");

    // The drop-down, the date check, the protection and the unlocked cells.
    let xml = part(&path, "xl/worksheets/sheet2.xml");
    assert!(xml.contains("<sheetProtection"), "the form sheet is protected");
    assert!(!xml.contains("password"), "without a password");
    assert!(xml.contains("type=\"list\""), "{xml}");
    assert!(xml.contains("<formula1>\"未开始,推进中,已完成,受阻\"</formula1>"));
    assert!(xml.contains("type=\"date\""));
    assert!(xml.contains("<pane ySplit=\"1\"") || xml.contains("ySplit=\"1\""), "the header is frozen");
    let styles = part(&path, "xl/styles.xml");
    let last = form.len();
    for r in [2, last] {
        for col in ["A", "B", "C", "D", "E"] {
            assert!(!unlocked(&styles, style_of(&xml, &format!("{col}{r}"))), "{col}{r} is locked");
        }
        for col in ["F", "G", "H", "I", "J", "K"] {
            assert!(unlocked(&styles, style_of(&xml, &format!("{col}{r}"))), "{col}{r} is unlocked");
        }
    }
    assert!(styles.contains("FFFFF2CC"), "the fill-in cells are highlighted");
    assert!(part(&path, "xl/workbook.xml").contains("state=\"hidden\""));

    // A unit named directly, in English; a collective is refused.
    let r = run(dir.path(), &["form", "--unit", "市司法局", "-o", "sfj.xlsx", "--as-of", MADE, "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let book = Book::read(&dir.path().join("sfj.xlsx"));
    assert_eq!(book.names(), ["Instructions", "Progress", "taizhang"]);
    let form = book.sheet("Progress");
    assert_eq!(text(&form[0][0]), "ID");
    assert_eq!(text(&form[0][9]), "Extend to");
    let row = form.iter().find(|r| text(&r[0]) == "2.1").unwrap();
    assert_eq!((text(&row[2]), text(&row[3]), text(&row[4])), ("lead".into(), "2020-12".into(), "todo".into()));
    assert!(part(&dir.path().join("sfj.xlsx"), "xl/worksheets/sheet2.xml").contains("\"todo,doing,done,blocked\""));
    let r = run(dir.path(), &["form", "--unit", "各县市区", "-o", "x.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`各县市区` 代表 14 个单位,每个单位填写自己的填报表"), "{}", r.stderr);
}

#[test]
fn all_units_get_a_form_each() {
    let dir = shipped_checklist();
    let r = run(dir.path(), &["form", "--all-units", "-o", "forms", "--as-of", MADE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let forms = dir.path().join("forms");
    for unit in ["夷陵区", "秭归县", "市司法局", "市国资委"] {
        let book = Book::read(&forms.join(format!("{unit}.xlsx")));
        assert_eq!(text(&book.sheet("taizhang")[2][1]), unit);
    }
    assert!(!forms.join("各县市区.xlsx").exists(), "a collective's members report, not the collective");
    assert!(r.stdout.contains("夷陵区: 63 行  "), "{}", r.stdout);
}

#[test]
fn a_collected_change_is_the_edit_set_makes() {
    let by_form = shipped_checklist();
    let by_set = shipped_checklist();
    let form = make(by_form.path(), "夷陵区", "form.xlsx");
    fill(
        &form,
        &by_form.path().join("back.xlsx"),
        &[
            ("1.3", "状态", Put::Text("已完成")),
            ("1.3", "完成日期", Put::Text("2021/3/1")),
            ("1.3", "进展情况", Put::Text("已建成网格化服务平台")),
            ("1.3", "佐证材料", Put::Text("夷政办发〔2021〕1号\nhttps://example.org/1")),
        ],
    );
    let r = collect(by_form.path(), &["back.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "夷陵区\n  1.3 夷陵区: 未开始 → 已完成 2021-03-01\n      进展情况: 已建成网格化服务平台\n      佐证材料: 夷政办发〔2021〕1号; https://example.org/1\n"
    );
    assert_eq!(r.stderr, "已写入 1 项变更,0 个问题\n");
    let r = run(
        by_set.path(),
        &[
            "set",
            "1.3",
            "已完成",
            "--unit",
            "夷陵区",
            "--date",
            "2021-03-01",
            "--note",
            "已建成网格化服务平台",
            "--evidence",
            "夷政办发〔2021〕1号",
            "--evidence",
            "https://example.org/1",
            "--as-of",
            COLLECTED,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(tasks(by_form.path()), tasks(by_set.path()));

    // Collecting the same form again changes nothing.
    let before = tasks(by_form.path());
    let r = collect(by_form.path(), &["back.xlsx"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_eq!(r.stderr, "没有需要写入的变更,0 个问题\n");
    assert_eq!(tasks(by_form.path()), before);
}

#[test]
fn an_extension_request_is_the_edit_extend_makes() {
    let by_form = shipped_checklist();
    let by_extend = shipped_checklist();
    let form = make(by_form.path(), "市司法局", "form.xlsx");
    fill(
        &form,
        &by_form.path().join("back.xlsx"),
        &[("2.1", "申请延期至", Put::Text("2021年6月")), ("2.1", "延期理由", Put::Text("受疫情影响"))],
    );
    let r = collect(by_form.path(), &["back.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "市司法局\n  2.1 市司法局: 完成时限 2020-12 → 2021-06\n      延期理由(单位申请): 受疫情影响\n"
    );
    let r = run(
        by_extend.path(),
        &[
            "extend",
            "2.1",
            "--unit",
            "市司法局",
            "--to",
            "2021-06",
            "--reason",
            "受疫情影响",
            "--requested-by",
            "市司法局",
            "--as-of",
            COLLECTED,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(tasks(by_form.path()), tasks(by_extend.path()));
    let yaml = std::fs::read_to_string(by_form.path().join("tasks/02.yaml")).unwrap();
    assert!(
        yaml.contains("reason: \"受疫情影响\"\n        requested_by: \"市司法局\"\n        date: \"2021-03-05\"\n"),
        "marked as the unit's request: {yaml}"
    );
    let r = collect(by_form.path(), &["back.xlsx"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "collecting twice extends once: {}", r.stderr);
    assert_eq!(tasks(by_form.path()), tasks(by_extend.path()));
    let r = run(by_form.path(), &["show", "2.1", "--as-of", COLLECTED]);
    assert!(
        r.stdout.contains("  延期至 2021-06 (市司法局): 受疫情影响(应 市司法局 申请) 2021-03-05\n"),
        "{}",
        r.stdout
    );
    // The requesting unit is checked against the registry like any other.
    let path = by_form.path().join("tasks/02.yaml");
    std::fs::write(&path, yaml.replace("requested_by: \"市司法局\"", "requested_by: \"市司法厅\"")).unwrap();
    let r = run(by_form.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("error: 未知单位 `市司法厅`"), "{}", r.stdout);
}

#[test]
fn dates_and_statuses_as_people_type_them() {
    let dir = shipped_checklist();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    fill(
        &form,
        &dir.path().join("back.xlsx"),
        &[
            ("1.1", "状态", Put::Text(" Done ")),
            ("1.1", "完成日期", Put::Day(2021, 2, 1)),
            ("1.2", "状态", Put::Text("已 完成")),
            ("1.2", "完成日期", Put::Number(44229.0)),
            ("1.3", "状态", Put::Text("推进中")),
            ("1.3", "完成日期", Put::Text("２０２１年２月３日")),
            ("1.4", "状态", Put::Text("blocked")),
            ("1.4", "完成日期", Put::Text("2021.2.4")),
            ("1.5", "进展情况", Put::Text("已开始试点")),
        ],
    );
    let r = collect(dir.path(), &["back.xlsx", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "夷陵区\n  1.1 夷陵区: 未开始 → 已完成 2021-02-01\n  1.2 夷陵区: 未开始 → 已完成 2021-02-02\n  1.3 夷陵区: 未开始 → 推进中 2021-02-03\n  1.4 夷陵区: 未开始 → 受阻 2021-02-04\n  1.5 夷陵区: 未开始 → 未开始 2021-03-05\n      进展情况: 已开始试点\n"
    );
    assert_eq!(r.stderr, "试运行: 5 项变更,0 个问题;未写入\n");
    assert_eq!(tasks(dir.path()), tasks(shipped_checklist().path()), "a dry run writes nothing");
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_written() {
    let dir = shipped_checklist();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    fill(
        &form,
        &dir.path().join("back.xlsx"),
        &[
            ("1.1", "状态", Put::Text("推进中")),
            ("1.2", "具体措施", Put::Text("改过的措施")),
            ("1.3", "状态", Put::Text("完成")),
            ("1.4", "状态", Put::Text("推进中")),
            ("1.4", "完成日期", Put::Text("三月一日")),
            ("1.5", "状态", Put::Text("已完成")),
            ("3.1", "申请延期至", Put::Text("2021-09")),
            ("3.2", "申请延期至", Put::Text("下个月")),
            ("3.2", "延期理由", Put::Text("忙")),
            ("4.1", "完成日期", Put::Text("2021-04-01")),
            ("99.9", "状态", Put::Text("已完成")),
            ("2.1", "状态", Put::Text("已完成")),
        ],
    );
    let before = tasks(dir.path());
    let r = collect(dir.path(), &["back.xlsx"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let row = |id: &str| {
        let book = Book::read(&dir.path().join("back.xlsx"));
        book.sheet("进展填报").iter().position(|r| text(&r[0]) == id).unwrap() + 1
    };
    let at = |id: &str| format!("    back.xlsx: 进展填报 第 {} 行: ", row(id));
    let expected = [
        format!(
            "{}锁定的单元格“具体措施”被修改: 原为 `加快实施城乡社区公共服务体系建设“十三五”规划,健全城乡社区服务机构,编制城乡社…`,现为 `改过的措施`",
            at("1.2")
        ),
        format!(
            "{}无效状态 `完成`\n    │ hint: 是否应为 `已完成`?状态可写作: 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked",
            at("1.3")
        ),
        format!(
            "{}无效日期 `三月一日`\n    │ hint: 年份写四位数: 2021-03-01、2021-3-1、2021/3/1、2021.3.1 或 2021年3月1日",
            at("1.4")
        ),
        format!("{}“已完成”须填写完成日期", at("1.5")),
        format!("{}申请延期须填写“延期理由”", at("3.1")),
        format!(
            "{}“申请延期至” `下个月` 不是有效的完成时限\n    │ hint: 月份 2021-09、2021-9、2021/9、2021.9 或 2021年9月(即该月月底),或日期 2021-03-01、2021-3-1、2021/3/1、2021.3.1 或 2021年3月1日",
            at("3.2")
        ),
        format!("{}完成日期 2021-04-01 晚于今天(2021-03-05)", at("4.1")),
        format!("{}未知编号 `99.9`", at("99.9")),
        format!("{}2.1 不是 夷陵区 承担的措施", at("2.1")),
    ];
    let expected = format!("夷陵区\n  1.1 夷陵区: 未开始 → 推进中 2021-03-05\n  问题:\n{}\n", expected.join("\n"));
    assert_eq!(r.stdout, expected);
    assert_eq!(r.stderr, "9 个问题,未写入任何更改\nhint: 请更正后重新收集,或用 --skip-invalid 只写入没有问题的行\n");
    assert_eq!(tasks(dir.path()), before, "a form with problems changes nothing");

    // --skip-invalid records the valid row and lists the rest.
    let r = collect(dir.path(), &["back.xlsx", "--skip-invalid"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, expected);
    assert_eq!(r.stderr, "已写入 1 项变更,9 个问题\n");
    let changed = std::fs::read_to_string(dir.path().join("tasks/01.yaml")).unwrap();
    assert!(
        changed.contains("- unit: \"夷陵区\"\n        status: \"doing\"\n        date: \"2021-03-05\"\n"),
        "{changed}"
    );
}

#[test]
fn english_messages_and_json() {
    let dir = shipped_checklist();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    fill(
        &form,
        &dir.path().join("back.xlsx"),
        &[("1.1", "状态", Put::Text("finished")), ("1.2", "状态", Put::Text("doing"))],
    );
    let r = collect(dir.path(), &["back.xlsx", "--lang", "en", "--dry-run"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "夷陵区\n  1.2 夷陵区: todo → doing 2021-03-05\n  problems:\n    back.xlsx: 进展填报 row 2: invalid status `finished`\n    │ hint: did you mean `done`? A status is one of 未开始/todo, 推进中/doing, 已完成/done, 受阻/blocked\n"
    );
    let r = collect(dir.path(), &["back.xlsx", "--format", "json", "--dry-run"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["written"], false);
    let unit = &json["units"][0];
    assert_eq!(unit["unit"], "夷陵区");
    assert_eq!(unit["changes"][0]["id"], "1.2");
    assert_eq!(unit["changes"][0]["kind"], "progress");
    assert_eq!(unit["changes"][0]["new"]["status"], "doing");
    assert_eq!(unit["problems"][0]["kind"], "invalid_status");
    assert_eq!(unit["problems"][0]["row"], 2);
    let r = collect(dir.path(), &["back.xlsx", "--format", "md", "--dry-run"]);
    assert!(
        r.stdout
            .starts_with("### 夷陵区\n\n| 变更 | 说明 |\n|---|---|\n| 1.2 夷陵区: 未开始 → 推进中 2021-03-05 |  |\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("#### 问题\n\n- `back.xlsx: 进展填报 第 2 行`: 无效状态 `finished`"), "{}", r.stdout);
}

#[test]
fn done_needs_evidence_when_the_checklist_says_so() {
    let dir = shipped_checklist();
    let config = dir.path().join("taizhang.toml");
    let toml = std::fs::read_to_string(&config).unwrap().replace("require_evidence = false", "require_evidence = true");
    std::fs::write(&config, toml).unwrap();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    fill(
        &form,
        &dir.path().join("back.xlsx"),
        &[("1.1", "状态", Put::Text("已完成")), ("1.1", "完成日期", Put::Text("2021-3-1"))],
    );
    let r = collect(dir.path(), &["back.xlsx"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("back.xlsx: 进展填报 第 2 行: “已完成”须填写佐证材料(本台账要求佐证)"), "{}", r.stdout);
    let guide = Book::read(&form);
    assert!(guide.sheet("填写说明").iter().any(|r| text(&r[0]).contains("须填写完成日期和佐证材料")));
}

#[test]
fn a_conflict_is_held_back_unless_theirs() {
    let dir = shipped_checklist();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    fill(
        &form,
        &dir.path().join("back.xlsx"),
        &[
            ("1.3", "状态", Put::Text("已完成")),
            ("1.3", "完成日期", Put::Text("2021-03-02")),
            ("1.4", "状态", Put::Text("推进中")),
        ],
    );
    // Meanwhile the ledger moves on 1.3.
    let r = run(dir.path(), &["set", "1.3", "受阻", "--unit", "夷陵区", "--note", "缺少经费", "--as-of", "2021-03-03"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = collect(dir.path(), &["back.xlsx"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "夷陵区\n  1.4 夷陵区: 未开始 → 推进中 2021-03-05\n  问题:\n    back.xlsx: 进展填报 第 4 行: 冲突: 制表后台账已改为 `受阻 2021-03-03`,表单改为 `已完成 2021-03-02`;此行未应用\n    │ hint: 核实后可用 --theirs 以表单为准\n"
    );
    assert_eq!(r.stderr, "已写入 1 项变更,1 个问题\n", "a conflict holds back its own row only");
    let yaml = std::fs::read_to_string(dir.path().join("tasks/01.yaml")).unwrap();
    assert!(yaml.contains("status: \"blocked\""));
    let r = collect(dir.path(), &["back.xlsx", "--theirs"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "夷陵区\n  1.3 夷陵区: 受阻 2021-03-03 → 已完成 2021-03-02\n      以表单为准,台账原为: 受阻 2021-03-03\n"
    );
    let yaml = std::fs::read_to_string(dir.path().join("tasks/01.yaml")).unwrap();
    assert!(yaml.contains("status: \"done\"\n        date: \"2021-03-02\"\n        note: \"缺少经费\""), "{yaml}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "牵头办")
        .env("GIT_AUTHOR_EMAIL", "lead@example.org")
        .env("GIT_COMMITTER_NAME", "牵头办")
        .env("GIT_COMMITTER_EMAIL", "lead@example.org")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_unit_is_one_commit_reported_by_it() {
    let dir = shipped_checklist();
    std::fs::write(dir.path().join(".gitignore"), "*.xlsx\n").unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "导入任务清单"]);
    let yiling = make(dir.path(), "夷陵区", "yl.xlsx");
    let sfj = make(dir.path(), "市司法局", "sfj.xlsx");
    fill(
        &yiling,
        &dir.path().join("yl-back.xlsx"),
        &[("1.1", "状态", Put::Text("推进中")), ("3.1", "状态", Put::Text("推进中"))],
    );
    fill(&sfj, &dir.path().join("sfj-back.xlsx"), &[("2.1", "状态", Put::Text("推进中"))]);
    let mut cmd = command(dir.path());
    cmd.args(["collect", "--as-of", COLLECTED, "yl-back.xlsx", "sfj-back.xlsx", "--commit"])
        .env("GIT_AUTHOR_NAME", "牵头办")
        .env("GIT_AUTHOR_EMAIL", "lead@example.org")
        .env("GIT_COMMITTER_NAME", "牵头办")
        .env("GIT_COMMITTER_EMAIL", "lead@example.org");
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = git(dir.path(), &["log", "--format=%B%x00", "-2"]);
    let messages: Vec<&str> = log.split('\0').map(str::trim).filter(|m| !m.is_empty()).collect();
    assert_eq!(messages.len(), 2);
    assert!(messages[1].starts_with("collect: 夷陵区 报送 2 项变更\n\n1.1 夷陵区: 未开始 → 推进中 (2021-03-05)\n3.1 夷陵区: 未开始 → 推进中 (2021-03-05)"), "{}", messages[1]);
    assert!(messages[1].ends_with("\n\nReported-by: 夷陵区"), "{}", messages[1]);
    assert!(messages[0].ends_with("\n\nReported-by: 市司法局"), "{}", messages[0]);
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "", "everything is committed");
    let files = git(dir.path(), &["show", "--name-only", "--format=", "HEAD~1"]);
    assert_eq!(files, "tasks/01.yaml\ntasks/03.yaml\n");
}

#[test]
fn what_is_not_a_form_is_reported() {
    let dir = shipped_checklist();
    let r = run(dir.path(), &["export", "-o", "export.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(dir.path().join("notes.xlsx"), "not a spreadsheet").unwrap();
    let r = collect(dir.path(), &["export.xlsx", "notes.xlsx"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(
            "无法读取的填报表\n  问题:\n    export.xlsx: 不是 taizhang 制作的填报表(没有隐藏的 `taizhang` 工作表)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("    notes.xlsx: 无法读取电子表格("), "{}", r.stdout);
}

#[test]
fn the_same_row_in_two_forms_is_refused() {
    let dir = shipped_checklist();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    fill(&form, &dir.path().join("a.xlsx"), &[("1.1", "状态", Put::Text("推进中"))]);
    fill(&form, &dir.path().join("b.xlsx"), &[("1.1", "状态", Put::Text("受阻"))]);
    let before = tasks(dir.path());
    let r = collect(dir.path(), &["a.xlsx", "b.xlsx"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "夷陵区\n  1.1 夷陵区: 未开始 → 推进中 2021-03-05\n  问题:\n    b.xlsx: 进展填报 第 2 行: 1.1 夷陵区 已在 a.xlsx: 进展填报 第 2 行 中填报\n"
    );
    assert_eq!(tasks(dir.path()), before);
}

#[test]
fn an_english_form_comes_back_in_english() {
    let dir = shipped_checklist();
    let r = run(dir.path(), &["form", "--unit", "秭归县", "-o", "zg.xlsx", "--as-of", MADE, "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fill(
        &dir.path().join("zg.xlsx"),
        &dir.path().join("back.xlsx"),
        &[
            ("1.1", "Status", Put::Text("done")),
            ("1.1", "Date", Put::Text("2021-03-02")),
            ("1.1", "Evidence", Put::Text("秭政发〔2021〕5号")),
        ],
    );
    let r = collect(dir.path(), &["back.xlsx", "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "秭归县\n  1.1 秭归县: todo → done 2021-03-02\n      evidence: 秭政发〔2021〕5号\n");
    assert_eq!(r.stderr, "1 change(s) written, 0 problem(s)\n");
}

/// Writes `out` as `form` with cells of the form sheet replaced in its XML
/// by inline strings, as some programs save them: `edits` are (ID, column
/// header, text).
fn edit_xml(form: &Path, out: &Path, edits: &[(&str, &str, &str)]) {
    let book = Book::read(form);
    let rows = book.sheet("进展填报");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(form).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let mut xml = String::from_utf8(bytes).unwrap();
            for (id, header, value) in edits {
                let row = rows.iter().position(|r| text(&r[0]) == *id).unwrap() + 1;
                let col = rows[0].iter().position(|c| text(c) == *header).unwrap();
                let cell = format!("{}{row}", (b'A' + col as u8) as char);
                let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
                let open = start + xml[start..].find('>').unwrap();
                let end = if xml.as_bytes()[open - 1] == b'/' {
                    open + 1
                } else {
                    open + xml[open..].find("</c>").unwrap() + 4
                };
                let style = xml[start..open].split(" s=\"").nth(1).map(|s| &s[..s.find('"').unwrap()]).unwrap_or("0");
                let new = format!("<c r=\"{cell}\" s=\"{style}\" t=\"inlineStr\"><is><t>{value}</t></is></c>");
                xml.replace_range(start..end, &new);
            }
            bytes = xml.into_bytes();
        }
        writer.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut writer, &bytes).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn a_form_edited_in_its_xml_is_collected_like_set() {
    let by_form = shipped_checklist();
    let by_set = shipped_checklist();
    let form = make(by_form.path(), "市国资委", "form.xlsx");
    edit_xml(
        &form,
        &by_form.path().join("back.xlsx"),
        &[
            ("17.1.1", "状态", "已完成"),
            ("17.1.1", "完成日期", "２０２１年３月１日"),
            ("17.1.1", "佐证材料", "宜国资发〔2021〕3号"),
        ],
    );
    let r = collect(by_form.path(), &["back.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "市国资委\n  17.1.1 市国资委: 未开始 → 已完成 2021-03-01\n      佐证材料: 宜国资发〔2021〕3号\n"
    );
    let r = run(
        by_set.path(),
        &["set", "17.1.1", "done", "--unit", "市国资委", "--date", "2021-03-01", "--evidence", "宜国资发〔2021〕3号"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(tasks(by_form.path()), tasks(by_set.path()));
}

/// A cell of an OpenDocument spreadsheet written by `ods`.
fn ods_cell(cell: &Data) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    match cell {
        Data::String(s) => {
            let paragraphs: String = s.split('\n').map(|p| format!("<text:p>{}</text:p>", escape(p))).collect();
            format!("<table:table-cell office:value-type=\"string\">{paragraphs}</table:table-cell>")
        }
        Data::DateTimeIso(day) => format!(
            "<table:table-cell office:value-type=\"date\" office:date-value=\"{day}\"><text:p>{day}</text:p></table:table-cell>"
        ),
        _ => "<table:table-cell/>".to_string(),
    }
}

/// Writes `out` as an OpenDocument spreadsheet (as LibreOffice saves one)
/// with the sheets of `form`, the state sheet hidden, and `edits` — (ID,
/// column header, cell) — over the form sheet.
fn ods(form: &Path, out: &Path, edits: &[(&str, &str, Data)]) {
    let book = Book::read(form);
    let mut tables = String::new();
    for (name, visible, rows) in &book.sheets {
        let mut rows = rows.clone();
        if name == "进展填报" {
            for (id, header, cell) in edits {
                let col = rows[0].iter().position(|c| text(c) == *header).unwrap();
                let row = rows.iter().position(|r| text(&r[0]) == *id).unwrap();
                rows[row][col] = cell.clone();
            }
        }
        let style = if *visible == SheetVisible::Visible { "ta1" } else { "ta2" };
        tables.push_str(&format!("<table:table table:name=\"{name}\" table:style-name=\"{style}\">"));
        for row in rows {
            let cells: String = row.iter().map(ods_cell).collect();
            tables.push_str(&format!("<table:table-row>{cells}</table:table-row>"));
        }
        tables.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:automatic-styles>\
         <style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties table:display=\"true\"/></style:style>\
         <style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style>\
         </office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>\
         </office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>";
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("mimetype", stored).unwrap();
    std::io::Write::write_all(&mut writer, b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    writer.start_file("META-INF/manifest.xml", deflated).unwrap();
    std::io::Write::write_all(&mut writer, manifest.as_bytes()).unwrap();
    writer.start_file("content.xml", deflated).unwrap();
    std::io::Write::write_all(&mut writer, content.as_bytes()).unwrap();
    writer.finish().unwrap();
}

#[test]
fn an_ods_form_is_collected_like_set() {
    let by_form = shipped_checklist();
    let by_set = shipped_checklist();
    let form = make(by_form.path(), "夷陵区", "form.xlsx");
    ods(
        &form,
        &by_form.path().join("back.ods"),
        &[
            ("1.1", "状态", Data::String("已完成".into())),
            ("1.1", "完成日期", Data::DateTimeIso("2021-02-26".into())),
            ("1.1", "佐证材料", Data::String("夷组通〔2021〕4号".into())),
        ],
    );
    let r = collect(by_form.path(), &["back.ods"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "夷陵区\n  1.1 夷陵区: 未开始 → 已完成 2021-02-26\n      佐证材料: 夷组通〔2021〕4号\n");
    let r = run(
        by_set.path(),
        &["set", "1.1", "done", "--unit", "夷陵区", "--date", "2021-02-26", "--evidence", "夷组通〔2021〕4号"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(tasks(by_form.path()), tasks(by_set.path()));
}

#[test]
fn text_from_a_form_never_reaches_the_terminal_raw() {
    let dir = shipped_checklist();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    fill(
        &form,
        &dir.path().join("back.xlsx"),
        &[
            ("1.1", "进展情况", Put::Text("已完成\u{1b}[31m红字\u{202e}反向\r\n伪造的一行")),
            ("1.2", "状态", Put::Text("\u{1b}]0;标题\u{7}")),
        ],
    );
    for format in ["table", "md", "json"] {
        let r = collect(dir.path(), &["back.xlsx", "--dry-run", "--format", format]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(!all.contains(['\u{1b}', '\u{202e}', '\u{7}', '\r']), "{format}: {all:?}");
    }
    let r = collect(dir.path(), &["back.xlsx", "--dry-run"]);
    assert!(
        r.stdout.contains("      进展情况: 已完成\\u{1b}[31m红字\\u{202e}反向\n      │ 伪造的一行\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_form_of_another_checklist_is_refused() {
    let dir = shipped_checklist();
    let form = make(dir.path(), "夷陵区", "form.xlsx");
    let returned = dir.path().join("returned.xlsx");
    fill(&form, &returned, &[("1.3", "状态", Put::Text("已完成")), ("1.3", "完成日期", Put::Day(2021, 3, 1))]);
    let other = shipped_checklist();
    let config = other.path().join("taizhang.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let title = "宜昌市司法局牵头推进市域社会治理现代化试点工作任务清单";
    assert!(text.contains(title));
    std::fs::write(&config, text.replacen(title, "另一份任务清单", 1)).unwrap();
    let before = tasks(other.path());
    let r = collect(other.path(), &[returned.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains(&format!("the form was made for another checklist: `{title}`")), "{}", r.stdout);
    assert_eq!(tasks(other.path()), before, "nothing is written");
}

#[test]
fn commit_refuses_to_sweep_in_other_uncommitted_edits() {
    let dir = shipped_checklist();
    std::fs::write(dir.path().join(".gitignore"), "*.xlsx\n").unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "导入任务清单"]);
    let form = make(dir.path(), "夷陵区", "yl.xlsx");
    fill(&form, &dir.path().join("yl-back.xlsx"), &[("1.1", "状态", Put::Text("推进中"))]);
    // Someone's hand edit of the same file, not yet committed.
    let file = dir.path().join("tasks/01.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}# 备注\n")).unwrap();
    let before = tasks(dir.path());
    let r = collect(dir.path(), &["yl-back.xlsx", "--commit"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("tasks/01.yaml 还有未提交的修改"), "{}", r.stderr);
    assert_eq!(tasks(dir.path()), before, "nothing is written");
}
