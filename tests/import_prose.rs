//! `taizhang import` of task lists written as numbered paragraphs
//! (layouts A, B, C and E): each fixture imports, passes `check`, and
//! lists the leaves the document means.

mod common;

use common::{fixture, run};
use serde_json::Value;
use std::path::Path;

/// One leaf as `list --format json` gives it: id, text, lead, units (lead
/// first), persons, due, due_text.
type Leaf = (String, String, Vec<String>, Vec<String>, Vec<String>, Option<String>, Option<String>);

/// Imports a fixture into a fresh checklist, which must pass `check`.
fn import(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture(&format!("import/prose/{name}"));
    let r = run(dir.path(), &["import", file.to_str().unwrap(), "--out", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    dir
}

fn leaves(dir: &Path) -> Vec<Leaf> {
    let r = run(dir, &["list", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    let strings =
        |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect() };
    let text = |v: &Value| v.as_str().map(str::to_string);
    json.iter()
        .map(|l| {
            (
                text(&l["id"]).unwrap(),
                text(&l["text"]).unwrap(),
                strings(&l["lead"]),
                strings(&l["units"]),
                strings(&l["persons"]),
                text(&l["due"]),
                text(&l["due_text"]),
            )
        })
        .collect()
}

/// A leaf as expected; `due` is (key, wording).
fn leaf(id: &str, text: &str, lead: &[&str], units: &[&str], persons: &[&str], due: Option<(&str, &str)>) -> Leaf {
    let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
    (
        id.into(),
        text.into(),
        owned(lead),
        owned(units),
        owned(persons),
        due.map(|d| d.0.to_string()),
        due.map(|d| d.1.to_string()),
    )
}

fn assert_leaves(actual: Vec<Leaf>, expected: Vec<Leaf>) {
    assert_eq!(actual.len(), expected.len(), "{actual:#?}");
    for (a, e) in actual.iter().zip(&expected) {
        assert_eq!(a, e);
    }
}

fn group_file(dir: &Path, n: u32) -> String {
    std::fs::read_to_string(dir.join(format!("tasks/{n:02}.yaml"))).unwrap()
}

#[test]
fn layout_a_labelled_brackets() {
    let dir = import("a.txt");
    assert_leaves(
        leaves(dir.path()),
        vec![
            leaf(
                "1.1",
                "建立重大事项督办台账,每月通报进展。",
                &["市政府办"],
                &["市政府办", "市直各部门", "各县市区政府"],
                &[],
                Some(("2023-06", "2023年6月底前")),
            ),
            leaf(
                "1.2",
                "推行政务服务事项清单管理。",
                &["市政务服务局"],
                &["市政务服务局", "各县(市、区)政府"],
                &[],
                Some(("2023-12", "2023年底前")),
            ),
            // `;` for `:` after a label; a month without a year takes the
            // publication date's.
            leaf(
                "1.3",
                "开展涉企收费专项审计。",
                &["市审计局"],
                &["市审计局", "市财政局"],
                &[],
                Some(("2023-09", "9月底完成")),
            ),
            leaf(
                "2.1",
                "推进工程建设项目审批制度改革。",
                &["市住建局(市人防办)"],
                &["市住建局(市人防办)", "市自然资源局", "市生态环境局"],
                &[],
                Some(("2023-09-30", "2023年9月30日")),
            ),
            leaf(
                "2.2",
                "落实减税降费政策",
                &["市税务局"],
                &["市税务局", "市财政局", "市人社局"],
                &[],
                Some(("ongoing", "长期坚持")),
            ),
            leaf("2.3", "全面清理妨碍统一市场的规定。", &["市发改委"], &["市发改委", "市直各部门"], &[], None),
        ],
    );
    let first = group_file(dir.path(), 1);
    assert!(first.contains("title: \"提升政务服务效能\""), "{first}");
    assert!(first.contains("target: \"着力打造“一网通办”升级版。\""), "{first}");
    // The note and the type word stay in the raw assignment.
    let second = group_file(dir.path(), 2);
    assert!(second.contains("(约束性指标,牵头单位:市税务局;"), "{second}");
    assert!(second.contains("以下各项均需各县市区落实,不再逐一列出)"), "{second}");
    let config = std::fs::read_to_string(dir.path().join("taizhang.toml")).unwrap();
    assert!(config.contains("title = \"2023年优化营商环境重点任务清单\""), "{config}");
    assert!(config.contains("number = \"宜府办发〔2023〕12号\""), "{config}");
    assert!(config.contains("date = \"2023-03-02\""), "{config}");
}

#[test]
fn layout_b_role_verbs_and_deadlines_in_the_text() {
    let dir = import("b.txt");
    assert_leaves(
        leaves(dir.path()),
        vec![
            leaf("1.1", "建成全市统一的数据共享交换平台。", &["市数据局"], &["市数据局", "市直各部门"], &[], None),
            leaf(
                "1.2",
                "2023年10月底前完成政务云资源整合,提升云服务保障能力。",
                &[],
                &["市人社局", "市财政局"],
                &[],
                Some(("2023-10", "2023年10月底前")),
            ),
            leaf("1.3", "推进公共数据有序开放。", &[], &["市直各部门"], &[], Some(("ongoing", "持续推进"))),
            leaf("1.4", "加强电子证照推广应用。", &["市场监管局"], &["市场监管局", "市公安局", "市民政局"], &[], None),
            // Two deadlines in the text: neither is taken.
            leaf(
                "1.5",
                "力争2023年6月底前上线“一件事一次办”专区,2023年12月底前实现全覆盖。",
                &["市政务服务局"],
                &["市政务服务局", "市直各部门"],
                &[],
                None,
            ),
        ],
    );
    let file = group_file(dir.path(), 1);
    // One group titled by the document: its tasks are just numbered.
    assert!(file.contains("title: \"数字政府建设2023年工作要点\""), "{file}");
    assert_eq!(file.matches("due_source: \"text\"").count(), 1, "{file}");
    assert!(file.contains("due_text: \"2023年10月底前\"\n    due_source: \"text\""), "{file}");
    assert!(file.contains("lead: []"), "{file}");
    let config = std::fs::read_to_string(dir.path().join("taizhang.toml")).unwrap();
    assert!(config.contains("issuer = \"X市人民政府办公室\"\ndate = \"2023年4月10日\""), "{config}");
}

#[test]
fn layout_c_labelled_lines_and_the_standing_rule() {
    let dir = import("c.txt");
    assert_leaves(
        leaves(dir.path()),
        vec![
            leaf(
                "1.1",
                "抓好重大项目建设,全年新开工亿元以上项目100个。",
                &["市发改委"],
                &["市发改委", "市住建局", "市自然资源局"],
                &["张三", "李四"],
                Some(("2023-12", "2023年12月底")),
            ),
            // `(第一责任单位为牵头单位,下同)`: the first responsible unit leads.
            leaf(
                "1.2",
                "扩大有效投资,用好专项债券资金。",
                &["市财政局"],
                &["市财政局", "市发改委", "市审计局", "各县市区政府"],
                &["王五"],
                Some(("2023-09", "2023年第三季度")),
            ),
            leaf(
                "2.1",
                "新增城镇就业3万人。",
                &["市人社局"],
                &["市人社局", "市教育局"],
                &["赵六"],
                Some(("2023-12", "2023年底前")),
            ),
            // `住建局` is short for 市住建局: the new registry makes it an alias.
            leaf("2.2", "推进老旧小区改造。", &["市住建局"], &["市住建局"], &[], None),
        ],
    );
    let file = group_file(dir.path(), 1);
    assert!(file.contains("title: \"稳住经济大盘\""), "{file}");
    assert!(file.contains("assignment: \"牵头负责领导:王五\\n责任单位:市财政局、市发改委、市审计局\\n"), "{file}");
    assert!(file.contains("support: [\"各县市区政府\"]"), "{file}");
}

#[test]
fn layout_e_sub_items_shared_assignments_and_tasks_run_together() {
    let dir = import("e.txt");
    assert_leaves(
        leaves(dir.path()),
        vec![
            leaf("1.1.1.1", "精简审批事项", &["市政务服务局"], &["市政务服务局", "市直各部门"], &[], None),
            leaf("1.1.1.2", "压缩审批时限", &[], &["市政务服务局"], &[], Some(("2023-12", "2023年底前"))),
            // One assignment after ①②: one leaf.
            leaf(
                "1.1.2",
                "推行证明事项告知承诺制:①梳理事项清单;②公布告知承诺事项。",
                &["市司法局"],
                &["市司法局", "市直各部门"],
                &[],
                None,
            ),
            // `1﹒…(…)2.…(…)`: two tasks on one line; `等有关部门` dropped.
            leaf("1.2.1", "开展双随机抽查", &[], &["市场监管局", "市住建局"], &[], None),
            leaf("1.2.2", "建立信用监管平台", &["市发改委"], &["市发改委", "各县、市、区政府"], &[], None),
            leaf(
                "2.1",
                "完善重大行政决策程序。\n(1)建立决策事项目录;\n(2)开展合法性审查。",
                &["市司法局"],
                &["市司法局", "市政府办"],
                &[],
                Some(("2023-09", "2023年9月底前")),
            ),
            leaf(
                "2.2",
                "推行政府法律顾问制度",
                &["市司法局"],
                &["市司法局", "市政府办"],
                &[],
                Some(("2023-12", "2023年底前")),
            ),
        ],
    );
    let file = group_file(dir.path(), 1);
    assert!(file.contains("id: \"1.1.1\"\n        text: \"做好两项工作:\""), "{file}");
    // Both spellings stay in the group file; the new registry says they are one unit.
    assert!(file.contains("units: [\"市场监管局\", \"市住建局\", \"住建局\"]"), "{file}");
    let units = std::fs::read_to_string(dir.path().join("tasks/units.toml")).unwrap();
    assert!(units.contains("name = \"市住建局\"\n# aliases suggested: the document also writes the name short\naliases = [\"住建局\"]\nkind = \"department\""), "{units}");
}

#[test]
fn unplaceable_prose_lines_are_reported_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("list.txt"),
        "重点任务清单\n1.推进改革(市发改委负责)\n3.优化服务(市政务服务局负责\n附:说明\n",
    )
    .unwrap();
    let r = run(dir.path(), &["import", "list.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("list.txt:3: error: number 3 where 2 was expected"), "{}", r.stderr);
    assert!(r.stderr.contains("list.txt:3: error: 优化服务(市政务服务局负责: unclosed `(`"), "{}", r.stderr);
    assert!(r.stderr.contains("list.txt:4: error: text between tasks belongs to no task: 附:说明"), "{}", r.stderr);
    assert!(!dir.path().join("tasks").exists());
}

#[test]
fn a_forced_layout_reads_only_its_own_form() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("import/prose/c.txt");
    let r = run(dir.path(), &["import", file.to_str().unwrap(), "--layout", "a"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("c.txt:4: error: layout A does not read labelled lines"), "{}", r.stderr);
}

#[test]
fn a_month_without_a_year_takes_the_last_year_written_before_it() {
    let dir = import("a-year.txt");
    assert_leaves(
        leaves(dir.path()),
        vec![
            // No year before it: no deadline (and a doubt).
            leaf("1.1", "开展涉企收费专项审计。", &["市审计局"], &["市审计局", "市财政局"], &[], None),
            leaf("1.2", "到2024年,审计整改长效机制基本建立。", &[], &[], &[], None),
            leaf(
                "1.3",
                "组织整改情况“回头看”。",
                &["市审计局"],
                &["市审计局", "各县(市、区)政府"],
                &[],
                Some(("2024-11", "11月底前")),
            ),
        ],
    );
}
