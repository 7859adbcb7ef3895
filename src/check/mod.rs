//! Validation of a loaded checklist: every problem becomes a diagnostic,
//! and what is valid becomes the ledger the other commands read.

pub mod diagnostic;

mod indicators;
pub mod leftovers;

use crate::check::diagnostic::Diagnostic;
use crate::model::due::Due;
use crate::model::ledger::{self, Duty, Entry, Group, Leaf, Ledger, Named, Role};
use crate::model::obligation;
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::model::{Extension, GroupFile, Located, Measure, Progress};
use crate::store::{CONFIG_FILE, Checklist, SourceFile, UNITS_FILE};
use crate::tr;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Checks everything; the ledger holds every leaf that could be read.
///
/// The files are checked on all cores, a run of files per thread; what
/// spans files (an ID used twice) is settled afterwards, in file order, so
/// the answer is the one a single pass would give.
pub fn check(checklist: &Checklist) -> (Ledger, Vec<Diagnostic>) {
    let (ledger, _, problems) = check_all(checklist, true);
    (ledger, problems)
}

/// Checks everything, as `check` does, without building the ledger: the
/// number of leaves and the problems. What `taizhang check`, the
/// pre-commit hook and a review need, in much less time and memory.
pub fn problems(checklist: &Checklist) -> (usize, Vec<Diagnostic>) {
    let (_, leaves, problems) = check_all(checklist, false);
    (leaves, problems)
}

/// What `check` says of group files not written yet (`(path, text)`
/// pairs under `root`), errors only: their structure, IDs and deadlines.
/// Unit names are taken as written, as when the registry cannot be read,
/// since the registry is the office's to curate. `import` writes nothing
/// this refuses.
pub fn unwritten(root: &std::path::Path, files: &[(String, String)]) -> Vec<Diagnostic> {
    let mut unread = Vec::new();
    let files = files
        .iter()
        .map(|(rel, text)| {
            let group = crate::store::read_group_text(text)
                .map_err(|e| unread.push(crate::store::yaml_error::diagnostic(rel, text, &e)))
                .ok();
            crate::store::SourceFile { rel: rel.clone(), text: text.clone(), group }
        })
        .collect();
    let checklist = Checklist {
        root: root.to_path_buf(),
        config: Default::default(),
        registry: Default::default(),
        registry_read: false,
        files,
        problems: vec![],
    };
    unread.extend(problems(&checklist).1.into_iter().filter(|d| d.is_error()));
    unread
}

/// `check`, with the ledger built only when `ledger_wanted`.
fn check_all(checklist: &Checklist, ledger_wanted: bool) -> (Ledger, usize, Vec<Diagnostic>) {
    let files: Vec<(&SourceFile, &GroupFile)> =
        checklist.files.iter().filter_map(|f| f.group.as_ref().map(|g| (f, g))).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let run = files.len().div_ceil(threads).max(1);
    let check_part = |part| check_files(checklist, part, ledger_wanted);
    let parts: Vec<Checker> = if files.len() <= run {
        vec![check_part(&files)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = files.chunks(run).map(|part| scope.spawn(move || check_part(part))).collect();
            handles.into_iter().map(|h| h.join().expect("checker thread panicked")).collect()
        })
    };
    let leaves = parts.iter().map(|p| p.leaves).sum();
    let mut ledger = Ledger::default();
    let mut problems = checklist.problems.clone();
    // The second use of an ID, reported where a single pass would have: at
    // the place in its file's problems that the use came.
    let mut first_use: HashMap<&str, &IdUse> = HashMap::new();
    let mut duplicates: Vec<Vec<(usize, Diagnostic)>> = Vec::with_capacity(parts.len());
    for part in &parts {
        let mut found = Vec::new();
        for used in &part.ids {
            match first_use.get(used.id) {
                Some(first) => found.push((used.problems_before, duplicate_id(used, first))),
                None => {
                    first_use.insert(used.id, used);
                }
            }
        }
        duplicates.push(found);
    }
    for (part, found) in parts.into_iter().zip(duplicates) {
        let offset = ledger.groups.len();
        ledger.groups.extend(part.ledger.groups);
        ledger.leaves.extend(part.ledger.leaves.into_iter().map(|mut leaf| {
            leaf.group += offset;
            leaf
        }));
        ledger.indicators.extend(part.ledger.indicators.into_iter().map(|mut indicator| {
            indicator.group += offset;
            indicator
        }));
        let mut own = part.problems.into_iter();
        let mut taken = 0;
        for (before, duplicate) in found {
            problems.extend(own.by_ref().take(before - taken));
            taken = before;
            problems.push(duplicate);
        }
        problems.extend(own);
    }
    // Settings and registry first (they explain the rest), then files in name order.
    let rank = |path: &str| [CONFIG_FILE, UNITS_FILE].iter().position(|p| *p == path).unwrap_or(2);
    problems
        .sort_by(|a, b| (rank(&a.path), &a.path, a.line, a.column).cmp(&(rank(&b.path), &b.path, b.line, b.column)));
    (ledger, leaves, problems)
}

/// Checks a run of files on their own: their ledger, their problems, and
/// the IDs they use, for `check` to find the ones used twice.
fn check_files<'a>(
    checklist: &'a Checklist,
    files: &[(&'a SourceFile, &'a GroupFile)],
    ledger_wanted: bool,
) -> Checker<'a> {
    let mut checker = Checker {
        registry: &checklist.registry,
        registry_read: checklist.registry_read,
        require_evidence: checklist.config.settings.require_evidence,
        years: checklist.config.date_years(),
        notice_year: checklist.config.notice_year(),
        ledger: Ledger::default(),
        ledger_wanted,
        leaves: 0,
        problems: Vec::new(),
        ids: Vec::new(),
        file: "",
    };
    for (file, group) in files {
        checker.file = &file.rel;
        checker.group(file, group);
    }
    checker
}

/// One use of an ID (of a group, a measure or an indicator).
struct IdUse<'a> {
    id: &'a str,
    /// How many problems its file run had found before it.
    problems_before: usize,
    file: &'a str,
    line: u32,
    column: u32,
}

/// The problem with the second use of an ID.
fn duplicate_id(used: &IdUse, first: &IdUse) -> Diagnostic {
    let (file, line) = (first.file, first.line);
    let hint = tr!(
        "编号应与通知原文的序号一致;第一个 `{}` 在 {file}:{line}",
        "IDs follow the document numbering; the first `{}` is at {file}:{line}",
        used.id
    );
    Diagnostic::error(
        used.file,
        u64::from(used.line),
        u64::from(used.column),
        tr!("编号 `{}` 重复", "duplicate ID `{}`", used.id),
    )
    .with_hint(hint)
}

struct Checker<'a> {
    registry: &'a Registry,
    registry_read: bool,
    require_evidence: bool,
    /// The years a recorded date may fall in.
    years: std::ops::RangeInclusive<i32>,
    /// The notice's year, to explain the window.
    notice_year: Option<i32>,
    ledger: Ledger,
    /// Whether the leaves go into `ledger`, or are only counted.
    ledger_wanted: bool,
    leaves: usize,
    problems: Vec<Diagnostic>,
    /// Every ID used, in file order.
    ids: Vec<IdUse<'a>>,
    file: &'a str,
}

impl<'a> Checker<'a> {
    fn error<T>(&mut self, at: &Located<T>, message: String, hint: Option<String>) {
        let (line, column) = (u64::from(at.line), u64::from(at.column));
        self.problems.push(Diagnostic::error(self.file, line, column, message).maybe_hint(hint));
    }

    fn group(&mut self, file: &'a SourceFile, group: &'a GroupFile) {
        let id = &group.group;
        let stem = file.rel.rsplit('/').next().unwrap_or("").split('.').next().unwrap_or("");
        let problems_before = self.problems.len();
        if !is_number(&id.value) {
            self.error(
                id,
                tr!("基本要求编号 `{}` 不是数字", "group `{}` is not a number", id.value),
                Some({
                    // The file name says which group the file is meant to hold.
                    let number = stem.parse::<u32>().map_or_else(|_| "17".to_string(), |n| n.to_string());
                    tr!(
                        "编号用阿拉伯数字并加引号,如 group: \"{number}\"",
                        "write the group number in digits, in quotes: group: \"{number}\""
                    )
                }),
            );
        } else if stem.parse::<u32>().ok() != id.value.parse::<u32>().ok() {
            self.error(
                id,
                tr!("文件 {} 中的基本要求编号为 {}", "file {} holds group {}", file.rel, id.value),
                Some(tr!(
                    "请将文件命名为 {:02}.yaml,或更正 `group:`",
                    "name the file {:02}.yaml, or correct `group:`",
                    id.value.parse::<u32>().unwrap_or(0)
                )),
            );
        }
        // A wrong group number is one mistake: its measures are not blamed for it.
        let parent = (self.problems.len() == problems_before).then_some(id.value.as_str());
        self.claim_id(id);
        let index = self.ledger.groups.len();
        let duties = group.duties.iter().map(|d| self.duty(d)).collect();
        self.ledger.groups.push(Group {
            id: id.value.clone(),
            title: group.title.clone(),
            target: group.target.clone(),
            duties,
            file: file.rel.clone(),
        });
        self.indicators(index, group);
        for measure in &group.measures {
            self.measure(index, parent, &mut Vec::new(), measure);
        }
    }

    fn duty(&mut self, duty: &crate::model::Duty) -> Duty {
        let units = duty.units.iter().filter_map(|u| self.unit(u)).collect();
        Duty { units, label: duty.label.clone(), text: duty.text.clone() }
    }

    /// Records a use of an ID; `check` reports a second one.
    fn claim_id(&mut self, id: &'a Located<String>) {
        let problems_before = self.problems.len();
        self.ids.push(IdUse { id: &id.value, problems_before, file: self.file, line: id.line, column: id.column });
    }

    /// Checks a measure and, for a leaf, adds it to the ledger. `parent` is
    /// the ID its own must extend (unknown when the group number is wrong).
    fn measure(&mut self, group: usize, parent: Option<&str>, context: &mut Vec<String>, m: &'a Measure) {
        let id = &m.id;
        let well_formed = id.value.split('.').all(is_number) && id.value.contains('.');
        if !well_formed {
            self.error(
                id,
                tr!("编号 `{}` 格式不正确", "malformed ID `{}`", id.value),
                Some(tr!(
                    "编号是加引号、以点分隔的数字,如 \"17.1.2\"",
                    "an ID is dotted numbers in quotes, like \"17.1.2\""
                )),
            );
        } else if let Some(parent) = parent
            && id.value.rsplit_once('.').map(|(head, _)| head) != Some(parent)
        {
            self.error(
                id,
                tr!("编号 `{}` 不属于 `{parent}`", "ID `{}` does not belong under `{parent}`", id.value),
                Some(tr!("此处的编号应以 `{parent}.` 开头", "IDs here start with `{parent}.`")),
            );
        }
        self.claim_id(id);
        if !m.is_leaf() {
            if m.is_assigned() || !m.progress.is_empty() || !m.extensions.is_empty() {
                self.error(
                    id,
                    tr!(
                        "措施 {} 含有子项,责任单位、完成时限和进展应写在子项下",
                        "measure {} has sub-items, so its units, deadline and progress belong to them",
                        id.value
                    ),
                    Some(tr!("请移至 `items` 下的子项中", "move them to the sub-items under `items`")),
                );
            }
            context.push(m.text.clone());
            for item in &m.items {
                self.measure(group, Some(&id.value), context, item);
            }
            context.pop();
            return;
        }
        let mut assigned = Vec::new();
        for (unit, role) in m.roles() {
            if let Some(named) = self.unit(unit) {
                assigned.push((named, role));
            }
        }
        let due = self.due(m);
        let extensions: Vec<ledger::Extension> =
            m.extensions.iter().filter_map(|e| self.extension(&id.value, &assigned, e)).collect();
        let progress: Vec<Entry> = m.progress.iter().filter_map(|p| self.progress(&id.value, &assigned, p)).collect();
        self.duplicate_entries(&m.progress);
        self.leaves += 1;
        if !self.ledger_wanted {
            return;
        }
        let obligations = obligation::obligations(&assigned, due, &extensions, &progress, self.registry);
        let status = obligation::roll_up(&obligations, &progress);
        let due_in_force = obligation::due_in_force(due, &extensions, None, self.registry);
        self.ledger.leaves.push(Leaf {
            id: id.value.clone(),
            group,
            context: context.iter().filter(|t| !t.is_empty()).cloned().collect(),
            text: m.text.clone(),
            assignment: m.assignment.clone(),
            assigned,
            persons: m.persons.clone(),
            due,
            due_text: m.due_text.as_ref().map(|d| d.value.clone()),
            extensions,
            progress,
            obligations,
            status,
            due_in_force,
            file: self.file.to_string(),
            line: u64::from(id.line),
        });
    }

    /// Resolves a unit name through the registry. Without a readable
    /// registry (already reported) names are taken as written.
    fn unit(&mut self, unit: &Located<String>) -> Option<Named> {
        if !self.registry_read {
            let name: std::sync::Arc<str> = unit.value.as_str().into();
            return Some(Named { written: name.clone(), canonical: name });
        }
        let Some(canonical) = self.registry.resolve_shared(&unit.value) else {
            let hint = match self.registry.suggest(&unit.value) {
                Some(s) => tr!(
                    "是否应为 `{s}`?否则请将其添加到 tasks/units.toml",
                    "did you mean `{s}`? Otherwise add it to tasks/units.toml"
                ),
                None => tr!(
                    "请将其添加到 tasks/units.toml(作为单位,或作为某单位的别名)",
                    "add it to tasks/units.toml (as a unit, or as an alias of one)"
                ),
            };
            self.error(unit, tr!("未知单位 `{}`", "unknown unit `{}`", unit.value), Some(hint));
            return None;
        };
        // Mostly written as registered: then one shared name serves both.
        let written = if *canonical == *unit.value { canonical.clone() } else { unit.value.as_str().into() };
        Some(Named { written, canonical })
    }

    fn due(&mut self, m: &Measure) -> Option<Due> {
        let due = match &m.due {
            Some(key) => match Due::from_key(&key.value) {
                Some(due) => Some(due),
                None => {
                    let hint = tr!(
                        "请写作 \"YYYY-MM\"(即该月月底)、\"YYYY-MM-DD\" 或 \"ongoing\"",
                        "write \"YYYY-MM\" (end of that month), \"YYYY-MM-DD\" or \"ongoing\""
                    );
                    self.error(key, tr!("完成时限 `{}` 无效", "invalid deadline `{}`", key.value), Some(hint));
                    None
                }
            },
            None => None,
        };
        if let Some(source) = &m.due_source {
            if source.value != "text" {
                self.error(
                    source,
                    tr!("due_source `{}` 无效", "invalid due_source `{}`", source.value),
                    Some(tr!(
                        "只能是 \"text\"(时限取自任务原文);时限取自分工时不写此项",
                        "only \"text\" (the deadline is read from the task's text); leave it out when it comes from the assignment"
                    )),
                );
            } else if m.due.is_none() {
                self.error(
                    source,
                    tr!("due_source 缺少对应的 due", "due_source without a due"),
                    Some(tr!("请添加 due 和 due_text,或删除 due_source", "add due and due_text, or remove due_source")),
                );
            }
        }
        if let Some(at) = &m.due_text {
            let text = &at.value;
            // A wording without its year (`9月底完成`) is read in the year of `due`.
            let worded = Due::from_wording_in(text, due.and_then(|d| d.year()));
            match (worded, due, &m.due) {
                (None, _, _) => self.error(
                    at,
                    tr!("due_text 中的完成时限 `{text}` 无效", "invalid deadline `{text}` in due_text"),
                    Some(tr!(
                        "请按通知原文写法: 2021年12月、2021年6月30日、长期或长期坚持",
                        "the document's wording: 2021年12月, 2021年6月30日, 长期 or 长期坚持"
                    )),
                ),
                (Some(w), _, None) => self.error(
                    at,
                    tr!("due_text `{text}` 缺少对应的 due", "due_text `{text}` has no due"),
                    Some(tr!("请添加 due: \"{}\"", "add due: \"{}\"", w.key())),
                ),
                (Some(w), Some(d), _) if w != d => self.error(
                    at,
                    tr!("due `{}` 与 due_text `{text}` 不一致", "due `{}` does not match due_text `{text}`", d.key()),
                    Some(tr!("按原文写法应为 \"{}\"", "the wording means \"{}\"", w.key())),
                ),
                _ => {}
            }
        }
        due
    }

    fn progress(&mut self, leaf: &str, assigned: &[(Named, Role)], p: &Progress) -> Option<Entry> {
        let unit = self.unit(&p.unit)?;
        if !self.responsible(assigned, &unit) {
            let names: Vec<&str> = assigned.iter().map(|(a, _)| &*a.written).collect();
            self.error(
                &p.unit,
                tr!("`{}` 不是 {leaf} 的责任单位", "`{}` is not assigned to {leaf}", p.unit.value),
                Some(tr!("{leaf} 的责任单位为 {}", "{leaf} is assigned to {}", names.join("、"))),
            );
        }
        let status = Status::parse(&p.status.value);
        if status.is_none() {
            self.error(
                &p.status,
                tr!("未知状态 `{}`", "unknown status `{}`", p.status.value),
                Some(crate::model::status::hint(&p.status.value)),
            );
        }
        let date = p.date.as_ref().and_then(|d| self.date(d));
        if status == Some(Status::Done) {
            if p.date.is_none() {
                self.error(
                    &p.status,
                    tr!("{leaf}: `{}` 已完成但缺少日期", "{leaf}: `{}` is done without a date", p.unit.value),
                    Some(tr!(
                        "请添加 date: \"YYYY-MM-DD\",即完成当天的日期",
                        "add date: \"YYYY-MM-DD\", the day it was completed"
                    )),
                );
            }
            if self.require_evidence && !crate::model::has_evidence(&p.evidence) {
                self.error(
                    &p.status,
                    tr!("{leaf}: `{}` 已完成但缺少佐证", "{leaf}: `{}` is done without evidence", p.unit.value),
                    Some(tr!(
                        "本台账要求提供佐证,请添加 evidence: [\"文号或链接\"]",
                        "this checklist requires evidence: add evidence: [\"文号 or link\"]"
                    )),
                );
            }
        }
        Some(Entry { unit, status: status?, date, note: p.note.clone(), evidence: p.evidence.clone() })
    }

    fn extension(&mut self, leaf: &str, assigned: &[(Named, Role)], e: &Extension) -> Option<ledger::Extension> {
        let unit = match &e.unit {
            Some(u) => {
                let named = self.unit(u)?;
                if !self.responsible(assigned, &named) {
                    let names: Vec<&str> = assigned.iter().map(|(n, _)| &*n.written).collect();
                    self.error(
                        u,
                        tr!("`{}` 不是 {leaf} 的责任单位", "`{}` is not assigned to {leaf}", u.value),
                        Some(tr!(
                            "只能为责任单位延期({}),或去掉 unit 为整项措施延期",
                            "extend the deadline of an assigned unit ({}), or leave out unit to extend the whole leaf",
                            names.join("、")
                        )),
                    );
                }
                Some(named)
            }
            None => None,
        };
        let requested_by = e.requested_by.as_ref().and_then(|by| self.unit(by));
        let to = Due::from_key(&e.to.value).filter(|d| *d != Due::Ongoing);
        if to.is_none() {
            let hint = tr!(
                "新的完成时限请写作 \"YYYY-MM\" 或 \"YYYY-MM-DD\"",
                "write the new deadline as \"YYYY-MM\" or \"YYYY-MM-DD\""
            );
            self.error(
                &e.to,
                tr!("延期后的完成时限 `{}` 无效", "invalid extended deadline `{}`", e.to.value),
                Some(hint),
            );
        }
        if e.reason.trim().is_empty() {
            self.error(
                &e.to,
                tr!("{leaf} 延期至 {} 未说明理由", "the extension of {leaf} to {} gives no reason", e.to.value),
                Some(tr!("请添加 reason: \"…\"", "add reason: \"…\"")),
            );
        }
        let date = e.date.as_ref().and_then(|d| self.date(d));
        let (reason, approval) = (e.reason.clone(), e.approval.clone());
        Some(ledger::Extension { unit, to: to?, reason, approval, requested_by, date })
    }

    /// Whether a unit may have an entry or an extension on the leaf.
    fn responsible(&self, assigned: &[(Named, Role)], unit: &Named) -> bool {
        !self.registry_read || obligation::may_report(assigned, &unit.canonical, self.registry)
    }

    fn date(&mut self, d: &Located<String>) -> Option<NaiveDate> {
        let parsed = match Due::from_key(&d.value) {
            Some(Due::Day(day)) => Some(day),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                d,
                tr!("日期 `{}` 无效", "invalid date `{}`", d.value),
                Some(tr!("日期请写作 \"YYYY-MM-DD\"", "write the date as \"YYYY-MM-DD\"")),
            );
        }
        if let Some(day) = parsed
            && !self.years.contains(&day.year())
        {
            let (first, last) = (*self.years.start(), *self.years.end());
            let why = match self.notice_year {
                Some(year) => tr!(
                    "通知发布于 {year} 年,记录的日期应在 {first} 至 {last} 年之间",
                    "the notice is from {year}, so recorded dates fall in {first}–{last}"
                ),
                None => tr!("记录的日期应在 {first} 至 {last} 年之间", "recorded dates fall in {first}–{last}"),
            };
            self.error(
                d,
                tr!("日期 `{}` 的年份不合理", "the date `{}` has an implausible year", d.value),
                Some(tr!("{why};请核对年份(写四位数)", "{why}; check the year (four digits)")),
            );
            return None;
        }
        parsed
    }

    fn duplicate_entries(&mut self, progress: &[Progress]) {
        let mut seen: HashMap<String, u64> = HashMap::new();
        for p in progress {
            let key = self.registry.resolve(&p.unit.value).unwrap_or(&p.unit.value).to_string();
            if let Some(line) = seen.get(&key) {
                let hint = tr!(
                    "每个单位在每项措施下只有一条进展记录;第一条在第 {line} 行",
                    "each unit has one entry per leaf; the first is on line {line}"
                );
                self.error(
                    &p.unit,
                    tr!("`{}` 的进展记录重复", "second progress entry for `{}`", p.unit.value),
                    Some(hint),
                );
            } else {
                seen.insert(key, u64::from(p.unit.line));
            }
        }
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0')
}
