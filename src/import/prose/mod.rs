//! Layouts A, B, C and E: task lists written as numbered paragraphs, each
//! task's units in a bracket after it (labelled roles or role verbs) or on
//! labelled lines below it.
//!
//! Reading goes in two passes. The first (this file) walks the lines and
//! builds a tree from the numbering: `一、` chapters, `(一)` sections,
//! `1.` tasks, `(1)`/`①` sub-items, whatever levels the document uses.
//! Lines before the first number are the document's front matter
//! (metadata, never a problem); a numbered paragraph holding several tasks
//! (`1.…(…)2.…(…)`) is split into them; labelled lines attach to the task
//! above. The second pass (`build`) turns the tree into groups and
//! measures: the top-most level present becomes the groups (or, with only
//! numbered tasks, one group titled by the document), and IDs are the
//! document's own numbers.
//!
//! One assignment after several sub-items covers all of them: those
//! sub-items stay one leaf (the text keeps them, numbers and all), since
//! the document assigns and dates them as one piece of work, and splitting
//! would copy one assignment into several leaves.

mod build;
mod clause;
mod roles;

use super::front;
use super::numbering::{self, Rank};
use super::text_due::last_year;
use super::vocabulary::{Field, labelled};
use super::{Imported, Layout, Problem, normalize};
use crate::report::render::excerpt;
use crate::tr;

/// Reads `text`; `layout` is the one asked for, if any.
pub fn import(text: &str, layout: Option<Layout>) -> Imported {
    let text = normalize(text);
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, line)| (i + 1, line.trim())).filter(|(_, line)| !line.is_empty()).collect();
    let Some(start) = lines.iter().position(|(_, line)| numbering::marker(line).is_some()) else {
        let message = tr!(
            "未找到任务清单: 没有编号的任务(如 `1.…`、`(一)…` 或 `一、…`)",
            "no task list found: no numbered task (a line like `1.…`, `(一)…` or `一、…`)"
        );
        return Imported { layout, problems: vec![Problem { line: 1, message }], ..Imported::default() };
    };
    let mut reader = Reader { layout, ..Reader::default() };
    reader.meta = front::meta(&lines[..start]);
    reader.year = reader.meta.date.as_deref().and_then(last_year);
    reader.seen_year = lines[..start].iter().filter_map(|(_, l)| last_year(l)).next_back();
    reader.rule_line = lines[..start].iter().find(|(_, l)| roles::states_rule(l)).map(|(n, _)| *n);
    for &(number, line) in &lines[start..] {
        if front::is_imprint(line) || front::is_page_footer(line) {
            break;
        }
        reader.line(number, line);
    }
    reader.close_all();
    build::build(reader)
}

/// A numbered paragraph and what belongs to it.
#[derive(Debug)]
struct Node {
    rank: Rank,
    number: u32,
    line: usize,
    /// The last line that belongs to it (its labelled lines).
    end_line: usize,
    /// The line as written, number included, for a sub-item folded into
    /// its parent.
    raw: String,
    /// The text after the number.
    body: String,
    /// Labelled lines (`牵头单位:…`) below it.
    labels: Vec<(usize, String)>,
    /// Unnumbered lines below it before its first child: a chapter's
    /// target when it becomes a group, else misplaced.
    extra: Vec<(usize, String)>,
    children: Vec<Node>,
    /// The year a month without one belongs to.
    year: Option<i32>,
    /// Whether several tasks were run together on its line.
    run_together: bool,
}

#[derive(Default)]
struct Reader {
    layout: Option<Layout>,
    meta: super::NoticeMeta,
    /// The document's year, from its date.
    year: Option<i32>,
    /// The last year written so far.
    seen_year: Option<i32>,
    /// Where `(第一责任单位为牵头单位,下同)` is first said.
    rule_line: Option<usize>,
    /// The open nodes, outermost first.
    stack: Vec<Node>,
    roots: Vec<Node>,
    /// The last number read at each rank, for lists numbered through
    /// across chapters.
    last_number: [u32; 4],
    problems: Vec<Problem>,
}

impl Reader {
    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(Problem { line, message });
    }

    fn line(&mut self, number: usize, line: &str) {
        if roles::states_rule(line) && self.rule_line.is_none() {
            self.rule_line = Some(number);
        }
        match numbering::marker(line) {
            Some((rank, n, body)) => self.numbered(number, line, rank, n, body),
            None => self.unnumbered(number, line),
        }
        if let Some(year) = last_year(line) {
            self.seen_year = Some(year);
        }
    }

    fn numbered(&mut self, number: usize, line: &str, rank: Rank, n: u32, body: &str) {
        let tasks = if rank == Rank::Task { numbering::run_together(n, body) } else { vec![(n, body.to_string())] };
        let run_together = tasks.len() > 1;
        for (n, body) in tasks {
            self.close_to(rank);
            self.check_number(number, rank, n);
            let year = self.year.or_else(|| last_year(&body)).or(self.seen_year);
            self.stack.push(Node {
                rank,
                number: n,
                line: number,
                end_line: number,
                raw: line.to_string(),
                body,
                labels: vec![],
                extra: vec![],
                children: vec![],
                year,
                run_together,
            });
        }
    }

    /// A number must follow the one before it at its level, under the
    /// same parent or (numbered through) anywhere before.
    fn check_number(&mut self, line: usize, rank: Rank, n: u32) {
        let siblings = match self.stack.last() {
            Some(parent) => &parent.children,
            None => &self.roots,
        };
        let previous = siblings.iter().rev().find(|s| s.rank == rank).map(|s| s.number);
        let through = self.last_number[rank as usize];
        let ok = match previous {
            Some(p) => n == p + 1,
            None => n == 1 || n == through + 1,
        };
        self.last_number[rank as usize] = n;
        if !ok {
            let expected = previous.unwrap_or(0) + 1;
            self.problem(line, tr!("序号为 {n},应为 {expected}", "number {n} where {expected} was expected"));
        }
    }

    fn unnumbered(&mut self, number: usize, line: &str) {
        if front::is_date_line(line) && self.meta.date.is_none() {
            // The signature at the end of the document.
            self.meta.date = Some(line.to_string());
            return;
        }
        let layout = self.layout;
        let Some(top) = self.stack.last_mut() else {
            self.problem(number, tr!("文字不属于任何任务: {}", "text outside any task: {}", excerpt(line, 30)));
            return;
        };
        if is_label_line(line) {
            if matches!(layout, Some(Layout::A | Layout::B)) {
                let name = layout.map_or("", Layout::name);
                self.problem(
                    number,
                    tr!(
                        "版式 {name} 不读取标注行: {}",
                        "layout {name} does not read labelled lines: {}",
                        excerpt(line, 30)
                    ),
                );
                return;
            }
            top.labels.push((number, line.to_string()));
            top.end_line = number;
        } else if top.children.is_empty() && top.labels.is_empty() && line.starts_with(['(', '〔', '【', '[']) {
            // The assignment on a line of its own below its task.
            top.body.push_str(line);
            top.raw.push_str(line);
            top.end_line = number;
        } else if top.children.is_empty() && top.labels.is_empty() {
            top.extra.push((number, line.to_string()));
        } else {
            self.problem(
                number,
                tr!("任务之间的文字不属于任何任务: {}", "text between tasks belongs to no task: {}", excerpt(line, 30)),
            );
        }
    }

    /// Closes the open nodes at `rank` and below, attaching each to its
    /// parent.
    fn close_to(&mut self, rank: Rank) {
        while self.stack.last().is_some_and(|top| top.rank >= rank) {
            self.close_one();
        }
    }

    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close_one();
        }
    }

    fn close_one(&mut self) {
        let Some(node) = self.stack.pop() else { return };
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.roots.push(node),
        }
    }
}

/// A line of layout C: `牵头单位:…`, `完成时限:…`, or the standing rule.
fn is_label_line(line: &str) -> bool {
    labelled(line).is_some_and(|(field, _)| roles::is_role(field) || field == Field::Note)
        || roles::states_rule(line) && line.starts_with(['(', '〔', '【', '['])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Measure;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("tests/fixtures/import/prose/{name}")).unwrap()
    }

    fn leaves(imported: &Imported) -> Vec<&Measure> {
        fn walk<'m>(measures: &'m [Measure], out: &mut Vec<&'m Measure>) {
            for m in measures {
                if m.is_leaf() { out.push(m) } else { walk(&m.items, out) }
            }
        }
        let mut out = Vec::new();
        for group in &imported.notice.groups {
            walk(&group.measures, &mut out);
        }
        out
    }

    fn doubts(imported: &Imported) -> Vec<(usize, String)> {
        imported.doubts.iter().map(|d| (d.line, d.message.clone())).collect()
    }

    #[test]
    fn each_layout_is_recognised() {
        for (name, layout) in [("a.txt", Layout::A), ("b.txt", Layout::B), ("c.txt", Layout::C), ("e.txt", Layout::E)] {
            let imported = import(&fixture(name), None);
            assert_eq!(imported.layout, Some(layout), "{name}");
            assert!(imported.problems.is_empty(), "{name}: {:?}", imported.problems);
        }
    }

    #[test]
    fn notes_open_lists_and_several_deadlines_are_doubts() {
        let a = doubts(&import(&fixture("a.txt"), None));
        assert_eq!(a.len(), 3, "{a:?}");
        // The year a bare `9月底完成` is read in is said.
        assert_eq!(a[0], (13, "1.3: 完成时限 `9月底完成` 没有写年份,按文件中的 2023 年读取".to_string()));
        assert!(a[1..].iter().all(|(line, m)| *line == 17 && m.starts_with("2.3: ")), "{a:?}");
        assert!(a[1].1.contains("以下各项均需各县市区落实"), "{a:?}");
        let b = doubts(&import(&fixture("b.txt"), None));
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(b[0].1.contains("2023年6月底前、2023年12月底前"), "{b:?}");
        let e = doubts(&import(&fixture("e.txt"), None));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, 7);
        assert!(e[0].1.contains("等"), "{e:?}");
    }

    #[test]
    fn a_month_without_a_year_takes_the_documents() {
        let text = "2024年重点任务\n1.开展审计。(牵头单位:市审计局;9月底完成)\n";
        let imported = import(text, None);
        let leaf = leaves(&imported)[0];
        assert_eq!(leaf.due.as_ref().map(|d| d.value.as_str()), Some("2024-09"));
        assert_eq!(leaf.due_text.as_ref().map(|d| d.value.as_str()), Some("9月底完成"));
        let imported = import("重点任务\n1.开展审计。(牵头单位:市审计局;9月底完成)\n", None);
        assert_eq!(leaves(&imported)[0].due, None);
        let doubts = doubts(&imported);
        assert_eq!(doubts.len(), 1, "{doubts:?}");
        assert!(doubts[0].1.contains("9月底完成"), "{doubts:?}");
    }

    #[test]
    fn an_undated_month_and_a_task_without_units_are_doubts() {
        let source = crate::import::Source::Text(fixture("a-year.txt"));
        let doubts = crate::import::import_source(&source, None).doubts;
        let lines: Vec<usize> = doubts.iter().filter(|d| !d.message.contains("只出现一次")).map(|d| d.line).collect();
        // No year anywhere before line 3; line 5's month takes the one named after it.
        assert_eq!(lines, [3, 4, 5], "{doubts:?}");
    }

    #[test]
    fn the_standing_rule_under_a_heading_belongs_to_its_target() {
        let text = "清单\n一、甲\n(第一责任单位为牵头单位,下同)\n1.子甲(市A局、市B局负责)\n";
        let imported = import(text, None);
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        assert_eq!(imported.notice.groups[0].target, "(第一责任单位为牵头单位,下同)");
        let leaf = leaves(&imported)[0];
        assert_eq!(leaf.lead.as_ref().map(|l| l[0].value.as_str()), Some("市A局"));
    }

    #[test]
    fn sub_items_on_their_own_lines() {
        let text =
            "清单\n1.做好两项工作:\n(1)甲(市A局负责)\n(2)乙(市B局负责)\n2.推进改革:\n①丙;\n②丁。\n牵头单位:市C局\n";
        let imported = import(text, None);
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        let leaves = leaves(&imported);
        let ids: Vec<(&str, u32)> = leaves.iter().map(|m| (m.id.value.as_str(), m.id.line)).collect();
        assert_eq!(ids, [("1.1.1", 3), ("1.1.2", 4), ("1.2", 5)]);
        assert_eq!(leaves[2].text, "推进改革:\n①丙;\n②丁。");
        assert_eq!(leaves[2].assignment.as_deref(), Some("牵头单位:市C局"));
        assert_eq!(imported.layout, Some(Layout::E));
    }

    #[test]
    fn a_task_without_units_is_a_doubt() {
        let text =
            "清单\n1.开展审计。\n2.推进改革(市发改委负责)\n3.招商引资\n分管市领导:张三\n4.优化服务(市政务局配合)\n";
        let imported = crate::import::import_source(&crate::import::Source::Text(text.into()), None);
        let unassigned: Vec<usize> =
            imported.doubts.iter().filter(|d| d.message.contains("没有牵头单位或责任单位")).map(|d| d.line).collect();
        // A supporting unit alone supports nobody.
        assert_eq!(unassigned, [2, 4, 6], "{:?}", imported.doubts);
        assert!(leaves(&imported)[0].lead.is_none());
        assert_eq!(leaves(&imported)[2].persons, ["张三"]);
    }

    #[test]
    fn forced_layouts_read_only_their_own_form() {
        let b = import(&fixture("b.txt"), Some(Layout::A));
        assert_eq!(b.layout, Some(Layout::A));
        assert!(leaves(&b).iter().all(|m| m.assignment.is_none() && m.units.is_empty()));
        assert!(b.doubts.iter().any(|d| d.line == 8 && d.message.contains("(市数据局牵头")), "{:?}", b.doubts);
        let b = import(&fixture("b.txt"), Some(Layout::B));
        assert_eq!(leaves(&b)[0].lead.as_ref().map(Vec::len), Some(1));
        let c = import(&fixture("c.txt"), Some(Layout::A));
        assert_eq!(c.problems.first().map(|p| p.line), Some(4), "{:?}", c.problems);
        let a = import(&fixture("a.txt"), Some(Layout::C));
        assert!(leaves(&a).iter().all(|m| m.units.is_empty()));
        let e = import(&fixture("a.txt"), Some(Layout::E));
        assert_eq!(leaves(&e)[0].units.len(), 2);
    }

    #[test]
    fn what_cannot_be_placed_is_a_problem_with_its_line() {
        let text = "清单\n1.甲(市A局负责)\n3.乙(市B局负责\n说明文字\n4.丙〔市C局负责)\n";
        let problems: Vec<usize> = import(text, None).problems.iter().map(|p| p.line).collect();
        assert_eq!(problems, [3, 3, 4, 5]);
    }

    #[test]
    fn without_numbers_there_is_no_task_list() {
        let imported = import("只有正文,没有任务清单。\n", None);
        assert_eq!(imported.problems.len(), 1);
        assert_eq!(imported.problems[0].line, 1);
        assert!(imported.notice.groups.is_empty());
    }

    #[test]
    fn numbers_may_run_through_the_chapters() {
        let text = "清单\n一、甲\n1.子甲(市A局负责)\n二、乙\n2.子乙(市B局负责)\n3.子丙(市C局负责)\n";
        let imported = import(text, None);
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        let ids: Vec<&str> = leaves(&imported).iter().map(|m| m.id.value.as_str()).collect();
        assert_eq!(ids, ["1.1", "2.2", "2.3"]);
        assert_eq!(leaves(&imported)[2].id.line, 6);
    }
}
