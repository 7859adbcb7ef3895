//! The second pass: the tree of numbered paragraphs → groups and measures,
//! with each leaf's roles and deadline, and the layout the document is
//! mostly written in.

use super::clause::{self, Clause};
use super::roles::{self, Form};
use super::{Node, Reader};
use crate::import::numbering::{Rank, inline_items};
use crate::import::text_due;
use crate::import::{Doubt, Imported, Layout, Notice, Problem};
use crate::model::{GroupFile, Located, Measure};
use crate::report::render::excerpt;
use crate::tr;

/// Builds the notice from what the reader collected.
pub fn build(mut reader: Reader) -> Imported {
    let roots = std::mem::take(&mut reader.roots);
    let mut builder = Builder {
        layout: reader.layout,
        rule_line: reader.rule_line,
        problems: std::mem::take(&mut reader.problems),
        doubts: vec![],
        forms: [0; 4],
        irregular: 0,
    };
    let groups = builder.groups(roots, &reader.meta.title);
    let layout = reader.layout.or(Some(builder.dominant()));
    let mut problems = builder.problems;
    problems.sort_by_key(|p| p.line);
    let mut doubts = builder.doubts;
    doubts.sort_by_key(|d| d.line);
    Imported { notice: Notice { meta: reader.meta, groups }, layout, problems, doubts }
}

struct Builder {
    layout: Option<Layout>,
    rule_line: Option<usize>,
    problems: Vec<Problem>,
    doubts: Vec<Doubt>,
    /// Leaves read in each form: labelled brackets, verbs, bare, lines.
    forms: [usize; 4],
    /// Irregular forms seen: sub-items with their own assignments, tasks
    /// run together, one assignment over several sub-items.
    irregular: usize,
}

impl Builder {
    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(Problem { line, message });
    }

    fn doubt(&mut self, line: usize, message: String) {
        self.doubts.push(Doubt { line, message });
    }

    /// The top-most level becomes the groups when something is numbered
    /// below it; else every task is a measure of one group.
    fn groups(&mut self, roots: Vec<Node>, title: &str) -> Vec<GroupFile> {
        let top = roots.iter().map(|n| n.rank).min();
        let nested = roots.iter().any(|n| !n.children.is_empty());
        if !nested || top.is_some_and(|rank| rank >= Rank::Task) {
            let measures = roots.into_iter().map(|n| self.measure(n, "1")).collect();
            return vec![group("1", title.to_string(), String::new(), measures)];
        }
        let mut groups = Vec::new();
        for node in roots {
            if Some(node.rank) != top {
                self.problem(
                    node.line,
                    tr!("任务不在任何一章之下: {}", "task outside any chapter: {}", excerpt(&node.raw, 30)),
                );
                continue;
            }
            let number = node.number.to_string();
            let clause = self.clause(&node.body, &node);
            if clause.raw.is_some() {
                self.doubt(node.line, tr!("标题中的责任分工未读取", "the assignment in a heading was not read"));
            }
            let mut target: Vec<&str> = node.extra.iter().map(|(_, l)| l.as_str()).collect();
            target.extend(self.heading_labels(&node));
            let target = target.join("\n");
            let measures = node.children.into_iter().map(|n| self.measure(n, &number)).collect();
            groups.push(group(&number, node.body, target, measures));
        }
        groups
    }

    /// A numbered paragraph under `parent` (an ID or a group number).
    fn measure(&mut self, node: Node, parent: &str) -> Measure {
        let id = format!("{parent}.{}", node.number);
        for (line, text) in &node.extra {
            self.problem(
                *line,
                tr!("任务之间的文字不属于任何任务: {}", "text between tasks belongs to no task: {}", excerpt(text, 30)),
            );
        }
        if node.run_together {
            self.irregular += 1;
        }
        if node.children.is_empty() {
            return self.leaf_node(node, id);
        }
        if let Some(folded) = self.fold(&node) {
            return folded.finish(self, &node, id);
        }
        let clause = self.clause(&node.body, &node);
        if clause.raw.is_some() {
            self.doubt(
                node.line,
                tr!("{id} 含有子项,其自身的责任分工未读取", "{id} has sub-items, so its own assignment was not read"),
            );
        }
        let text = [node.body.as_str()].into_iter().chain(self.heading_labels(&node)).collect::<Vec<_>>().join("\n");
        let items = node.children.into_iter().map(|child| self.measure(child, &id)).collect();
        Measure { text, items, ..located(id, node.line) }
    }

    /// Labelled lines below a heading that has sub-items: only the
    /// standing rule (`(第一责任单位为牵头单位,下同)`), said for all of
    /// them, belongs there; it is kept with the heading's text.
    fn heading_labels<'n>(&mut self, node: &'n Node) -> Vec<&'n str> {
        let mut kept = Vec::new();
        for (line, label) in &node.labels {
            if roles::states_rule(label) {
                kept.push(label.as_str());
            } else {
                self.problem(
                    *line,
                    tr!("标注行不属于任何任务: {}", "labelled line under no task: {}", excerpt(label, 30)),
                );
            }
        }
        kept
    }

    /// Sub-items on lines of their own that share one assignment (their
    /// parent's, or the last one's): one leaf.
    fn fold(&mut self, node: &Node) -> Option<Fold> {
        let subs = node.children.iter().all(|c| c.rank == Rank::Sub && c.children.is_empty());
        let (last, before) = node.children.split_last()?;
        if !subs || before.iter().any(|c| self.is_assigned(c)) {
            return None;
        }
        let lines: Vec<&str> = node.children.iter().map(|c| c.raw.as_str()).collect();
        if self.is_assigned(node) {
            if self.is_assigned(last) {
                return None;
            }
            for child in &node.children {
                // Only for its bracket errors: the sub-item has no assignment.
                self.clause(&child.body, child);
            }
            let clause = self.clause(&node.body, node);
            return Some(Fold { clause, lines: lines.join("\n"), shared: false });
        }
        // The last sub-item's bracket, if any, closes the whole text.
        let body = [node.body.as_str()].into_iter().chain(lines).collect::<Vec<_>>().join("\n");
        let clause = self.clause_in(&body, last.year, node.line);
        let shared = clause.raw.is_some() || !last.labels.is_empty();
        Some(Fold { clause, lines: String::new(), shared })
    }

    /// Whether a paragraph carries its own assignment: a bracket that
    /// reads as one, or labelled lines.
    fn is_assigned(&self, node: &Node) -> bool {
        !node.labels.is_empty() || clause::read(&node.body, self.layout, node.year).raw.is_some()
    }

    /// A paragraph without children: one leaf, or one per inline sub-item
    /// that has its own assignment.
    fn leaf_node(&mut self, node: Node, id: String) -> Measure {
        if let Some((prefix, items)) = inline_items(&node.body) {
            let clauses: Vec<(u32, Clause)> = items.iter().map(|(k, text)| (*k, self.clause(text, &node))).collect();
            let assigned: Vec<usize> =
                clauses.iter().enumerate().filter(|(_, (_, c))| c.raw.is_some()).map(|(i, _)| i).collect();
            let shared = assigned.is_empty() || assigned == [clauses.len() - 1];
            if !shared {
                self.irregular += 1;
                let items = clauses
                    .into_iter()
                    .map(|(k, clause)| self.leaf(format!("{id}.{k}"), &node, clause, &[], node.line))
                    .collect();
                return Measure { text: prefix, items, ..located(id, node.line) };
            }
            if !assigned.is_empty() {
                self.irregular += 1;
            }
        }
        let clause = self.clause(&node.body, &node);
        self.leaf(id, &node, clause, &node.labels, node.end_line)
    }

    /// Reads a clause, reporting an unbalanced bracket.
    fn clause(&mut self, body: &str, node: &Node) -> Clause {
        self.clause_in(body, node.year, node.line)
    }

    /// `clause`, for text read in `year` starting on `line`.
    fn clause_in(&mut self, body: &str, year: Option<i32>, line: usize) -> Clause {
        let clause = clause::read(body, self.layout, year);
        if let Some(error) = &clause.error {
            self.problem(line, tr!("{}: {error}", "{}: {error}", excerpt(body, 20)));
        }
        clause
    }

    /// A leaf from its clause and labelled lines.
    fn leaf(&mut self, id: String, node: &Node, clause: Clause, labels: &[(usize, String)], end: usize) -> Measure {
        let line = node.line;
        let Clause { text, raw, tail, mut roles, form, doubts, .. } = clause;
        for message in doubts {
            self.doubt(line, tr!("{id}: {message}", "{id}: {message}"));
        }
        let mut assignment: Vec<String> = raw.into_iter().collect();
        if let Some(form) = form {
            self.forms[form_index(form)] += 1;
        }
        if !labels.is_empty() {
            self.forms[form_index(Form::Lines)] += 1;
            for (_, label) in labels {
                if super::labelled(label).is_some() {
                    roles.read_labelled(label, node.year);
                }
                assignment.push(label.clone());
            }
        }
        if self.rule_line.is_some_and(|at| at <= end) {
            roles.first_unit_leads();
        }
        for message in std::mem::take(&mut roles.doubts) {
            self.doubt(line, tr!("{id}: {message}", "{id}: {message}"));
        }
        let names = |list: Vec<String>| list.into_iter().map(Located::new).collect::<Vec<_>>();
        let mut m = Measure {
            text,
            tail,
            assignment: (!assignment.is_empty()).then(|| assignment.join("\n")),
            lead: roles.lead.map(names),
            units: names(roles.units),
            support: names(roles.support),
            persons: roles.persons,
            ..located(id.clone(), line)
        };
        match roles.due {
            Some((due, wording)) => {
                m.due = Some(Located::new(due.key()));
                m.due_text = Some(Located::new(wording));
            }
            None => self.due_from_text(&mut m, line),
        }
        m
    }

    /// The deadline of a task whose assignment gives none, when its text
    /// names exactly one.
    fn due_from_text(&mut self, m: &mut Measure, line: usize) {
        if let Some(doubt) = text_due::take(m) {
            self.doubt(line, doubt);
        }
    }

    /// The layout most leaves are written in; E when irregular forms or
    /// bare brackets were seen.
    fn dominant(&self) -> Layout {
        let [a, b, bare, c] = self.forms;
        if self.irregular > 0 || bare > 0 {
            return Layout::E;
        }
        let best = [(a, Layout::A), (b, Layout::B), (c, Layout::C)].into_iter().max_by_key(|(n, _)| *n);
        best.filter(|(n, _)| *n > 0).map_or(Layout::E, |(_, layout)| layout)
    }
}

/// A parent and its sub-items read as one leaf.
struct Fold {
    clause: Clause,
    /// The sub-items' lines, when the parent carries the assignment.
    lines: String,
    /// Whether the last sub-item's assignment covers them all.
    shared: bool,
}

impl Fold {
    fn finish(mut self, builder: &mut Builder, node: &Node, id: String) -> Measure {
        if !self.lines.is_empty() {
            self.clause.text = format!("{}\n{}", self.clause.text, self.lines);
        }
        if self.shared {
            builder.irregular += 1;
        }
        let last = node.children.last();
        let labels: Vec<(usize, String)> =
            node.labels.iter().chain(last.map(|c| c.labels.iter()).into_iter().flatten()).cloned().collect();
        let end = last.map_or(node.end_line, |c| c.end_line);
        builder.leaf(id, node, self.clause, &labels, end)
    }
}

fn form_index(form: Form) -> usize {
    match form {
        Form::Labelled => 0,
        Form::Verbs => 1,
        Form::Bare => 2,
        Form::Lines => 3,
    }
}

fn group(number: &str, title: String, target: String, measures: Vec<Measure>) -> GroupFile {
    GroupFile { group: Located::new(number.to_string()), title, target, indicators: vec![], measures, duties: vec![] }
}

/// A measure whose ID points at its task's line.
fn located(id: String, line: usize) -> Measure {
    let mut m = Measure::new(id);
    m.id.line = line as u32;
    m.id.column = 1;
    m
}
