//! The importer: a policy notice's text → requirement groups. Pure, no I/O.
//!
//! The task list (任务清单) starts at the first `一、基本要求:` heading and
//! ends at the imprint line (`…办公室 2020年8月7日印发`). Inside it every
//! non-empty line must find a place — a group heading, a section marker, a
//! target paragraph, a measure, a sub-item or a duty — or it is reported
//! with its line number.

pub mod assignment;
pub mod document;
pub mod front;
pub mod prose;
pub mod starter;
pub mod table;
pub mod text_due;
pub mod units;
pub mod vocabulary;

use crate::model::ledger::Role;
use crate::model::{Duty, GroupFile, Located, Measure};
use crate::tr;
use assignment::{Assignment, split_top_level};
use std::collections::BTreeMap;

/// What the notice says about itself, for `taizhang.toml`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NoticeMeta {
    /// The task list's own title (the line above the first group).
    pub title: String,
    /// The notice's title, its first line.
    pub notice: String,
    /// 文号, e.g. 宜司发〔2020〕5号.
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// The signature date as written: 2020年8月6日.
    pub date: Option<String>,
}

/// The imported checklist.
#[derive(Debug, Default)]
pub struct Notice {
    pub meta: NoticeMeta,
    pub groups: Vec<GroupFile>,
}

/// The layouts the importer reads (see README, "Importing your own task
/// list").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Layout {
    /// The shipped notice: `一、基本要求:` groups, `(units,scope,deadline)` brackets.
    Notice,
    /// A bracket after the task with labelled roles: `(牵头单位:…;责任单位:…)`.
    A,
    /// A bracket with role verbs: `(市数据局牵头,市直各部门负责)`.
    B,
    /// Labelled lines after each task: `牵头单位:…`, `完成时限:…`.
    C,
    /// A table with a header row.
    D,
    /// Irregular forms: sub-items, shared assignments, several tasks in a paragraph.
    E,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Notice => "notice",
            Layout::A => "A",
            Layout::B => "B",
            Layout::C => "C",
            Layout::D => "D",
            Layout::E => "E",
        }
    }
}

/// Something the importer read but is not sure of: a bracket that looked
/// like an assignment and was not read as one, a unit named only once, a
/// task without units, a deadline phrase in the text that was not taken.
/// `line` is the line of a text or the row of a table (1-based).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Doubt {
    pub line: usize,
    pub message: String,
}

/// What an import produced.
#[derive(Debug, Default)]
pub struct Imported {
    pub notice: Notice,
    /// The layout read (detected, or as asked for).
    pub layout: Option<Layout>,
    /// Lines that could not be placed: without `--lenient` nothing is written.
    pub problems: Vec<Problem>,
    /// What was placed but should be looked at.
    pub doubts: Vec<Doubt>,
}

/// A line the importer could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// What a file given to `import` holds once read.
#[derive(Debug)]
pub enum Source {
    /// Plain text, or a Word file's paragraphs one to a line.
    Text(String),
    /// A Word file: its paragraphs as text, and its tables.
    Word { text: String, tables: Vec<table::Grid> },
    /// A spreadsheet or CSV file: its sheets.
    Sheets(Vec<table::Grid>),
}

/// Reads a source in the layout asked for, or in the one it is written in:
/// the shipped notice's when it has `一、基本要求:` headings, a table when
/// it is a spreadsheet or holds a table with a header row (a Word table,
/// or one flattened to text), else numbered paragraphs.
pub fn import_source(source: &Source, layout: Option<Layout>) -> Imported {
    let notice_layout = |text: &str| {
        let (notice, problems) = import(text);
        Imported { notice, layout: Some(Layout::Notice), problems, doubts: vec![] }
    };
    let mut imported = match (source, layout) {
        (Source::Sheets(_), Some(asked)) if asked != Layout::D => Imported {
            problems: vec![Problem {
                line: 1,
                message: tr!(
                    "电子表格只能按表格版式 (D) 读取,不能按 {} 读取",
                    "a spreadsheet is read as a table (layout D), not in layout {}",
                    asked.name()
                ),
            }],
            ..Imported::default()
        },
        (Source::Sheets(grids), _) => table::import(grids, ""),
        (Source::Word { text, tables }, Some(Layout::D)) => table::import(tables, text),
        (Source::Word { text, tables }, None) if tables.iter().any(table::has_header) => table::import(tables, text),
        (Source::Text(text) | Source::Word { text, .. }, Some(Layout::Notice)) => notice_layout(text),
        (Source::Text(text) | Source::Word { text, .. }, None) if has_notice_groups(text) => notice_layout(text),
        (Source::Text(text), Some(Layout::D)) => table::import_text(text),
        (Source::Text(text), None) if table::flattened(text).is_some() => table::import_text(text),
        (Source::Text(text) | Source::Word { text, .. }, layout) => prose::import(text, layout),
    };
    // The shipped notice's layout reads every bracket or fails; elsewhere a
    // name used once is as likely a typo as a unit.
    if imported.layout != Some(Layout::Notice) {
        imported.doubts.extend(leaf_doubts(&imported.notice));
        imported.doubts.extend(named_once(&imported.notice));
    }
    imported.doubts.sort_by_key(|d| d.line);
    imported
}

/// Doubts about each leaf as imported: one that names no lead and no
/// responsible unit (a supporting unit alone supports nobody), and a
/// deadline its text names that it does not use.
fn leaf_doubts(notice: &Notice) -> Vec<Doubt> {
    fn visit(measures: &[Measure], doubts: &mut Vec<Doubt>) {
        for m in measures {
            visit(&m.items, doubts);
            if !m.is_leaf() {
                continue;
            }
            let line = m.id.line as usize;
            if !m.roles().any(|(_, role)| matches!(role, Role::Lead | Role::Responsible)) {
                let id = &m.id.value;
                doubts.push(Doubt {
                    line,
                    message: tr!("{id} 没有牵头单位或责任单位", "{id} names no lead or responsible unit"),
                });
            }
            if let Some(message) = text_due::unused(m) {
                doubts.push(Doubt { line, message });
            }
        }
    }
    let mut doubts = Vec::new();
    for group in &notice.groups {
        visit(&group.measures, &mut doubts);
    }
    doubts
}

/// Doubts about names only one leaf uses, at that leaf: a name that
/// abbreviates another of the document (`住建局` for `县住建局`, which the
/// starter registry makes an alias), else the names used once, which are as
/// likely misspellings as units.
fn named_once(notice: &Notice) -> Vec<Doubt> {
    fn visit<'m>(measures: &'m [Measure], uses: &mut BTreeMap<&'m str, Vec<&'m Located<String>>>) {
        for m in measures {
            for (unit, _) in m.roles() {
                uses.entry(unit.value.as_str()).or_default().push(&m.id);
            }
            visit(&m.items, uses);
        }
    }
    let mut uses = BTreeMap::new();
    for group in &notice.groups {
        visit(&group.measures, &mut uses);
    }
    let mut once: BTreeMap<(usize, &str), Vec<&str>> = BTreeMap::new();
    let mut doubts = Vec::new();
    for (name, ids) in &uses {
        let (line, id) = (ids[0].line as usize, ids[0].value.as_str());
        if let Some(long) = uses.keys().find(|long| units::abbreviates(name, long)) {
            doubts.push(Doubt {
                line,
                message: tr!(
                    "{id}: `{name}` 似为 `{long}` 的简称,新建的 tasks/units.toml 将其列为别名",
                    "{id}: `{name}` looks like short for `{long}`; a new tasks/units.toml lists it as an alias"
                ),
            });
        } else if ids.len() == 1 && !uses.keys().any(|long| units::abbreviates(long, name)) {
            once.entry((line, id)).or_default().push(name);
        }
    }
    doubts.extend(once.into_iter().map(|((line, id), names)| Doubt {
        line,
        message: tr!(
            "{id}: 只出现一次的单位,请确认名称无误: {}",
            "{id}: units named only once; check their spelling: {}",
            names.join("、")
        ),
    }));
    doubts
}

/// Whether the text has the shipped notice's group headings.
fn has_notice_groups(text: &str) -> bool {
    normalize(text).lines().any(|line| group_heading(line.trim()).is_some())
}

/// Reads the notice; the problems are empty when every line found a place.
pub fn import(text: &str) -> (Notice, Vec<Problem>) {
    let text = normalize(text);
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, line)| (i + 1, line.trim())).filter(|(_, line)| !line.is_empty()).collect();
    let mut importer = Importer::default();
    let start = lines.iter().position(|(_, line)| group_heading(line).is_some());
    let Some(start) = start else {
        importer.problem(
            1,
            tr!("未找到任务清单: 没有形如 `一、基本要求:…` 的行", "no task list found: no line like `一、基本要求:…`"),
        );
        return (Notice::default(), importer.problems);
    };
    importer.notice.meta = read_meta(&lines[..start]);
    for &(number, line) in &lines[start..] {
        if is_imprint(line) {
            break;
        }
        importer.line(number, line);
    }
    importer.finish_group();
    (importer.notice, importer.problems)
}

/// Reads full-width ASCII forms (`(`, `,`, `:`, `1`) as the half-width
/// characters the notice is written in, drops a BOM and CR line ends, so
/// every variant of the same notice imports to the same data.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.chars()
        .filter(|&c| c != '\r')
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

fn read_meta(front: &[(usize, &str)]) -> NoticeMeta {
    let mut meta = NoticeMeta {
        notice: front.first().map(|(_, l)| l.to_string()).unwrap_or_default(),
        title: front.last().map(|(_, l)| l.to_string()).unwrap_or_default(),
        ..NoticeMeta::default()
    };
    meta.number = front
        .iter()
        .find(|(_, l)| l.contains('〔') && l.ends_with('号') && l.chars().count() <= 20)
        .map(|(_, l)| l.to_string());
    if let Some(i) = front.iter().position(|(_, l)| is_full_date(l)) {
        meta.date = Some(front[i].1.to_string());
        meta.issuer = i.checked_sub(1).map(|p| front[p].1.to_string());
    }
    meta
}

/// `2020年8月6日` on a line of its own.
fn is_full_date(line: &str) -> bool {
    crate::model::due::Due::from_wording(line).is_some_and(|d| matches!(d, crate::model::due::Due::Day(_)))
}

/// The imprint that closes the notice: `宜昌市司法局办公室 2020年8月7日印发`.
fn is_imprint(line: &str) -> bool {
    line.ends_with("印发") && line.contains('年') && line.contains('日')
}

/// `十七、基本要求:建立…` → (17, title).
fn group_heading(line: &str) -> Option<(u32, &str)> {
    let (numeral, rest) = line.split_once('、')?;
    let title = rest.strip_prefix("基本要求")?.strip_prefix(':')?;
    Some((chinese_number(numeral)?, title.trim()))
}

/// 一 … 九十九.
fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// The three sections of a group, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Heading,
    Target,
    Measures,
    Duties,
}

/// `(二)具体措施` → Measures.
fn section_marker(line: &str) -> Option<Section> {
    let rest = line.strip_prefix('(')?;
    let (_, name) = rest.split_once(')')?;
    match name.trim() {
        "量化目标" => Some(Section::Target),
        "具体措施" => Some(Section::Measures),
        "参与单位职责" => Some(Section::Duties),
        _ => None,
    }
}

/// `12.text` or `12. text` → (12, text).
fn numbered(line: &str) -> Option<(u32, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line[digits..].strip_prefix('.')?;
    Some((line[..digits].parse().ok()?, rest.trim_start()))
}

/// `②text` → (2, text).
fn sub_item(line: &str) -> Option<(u32, &str)> {
    let first = line.chars().next()?;
    let n = (first as u32).checked_sub(0x2460).filter(|n| *n < 20)? + 1;
    Some((n, line[first.len_utf8()..].trim_start()))
}

/// A measure as read, before its assignments are parsed.
#[derive(Debug)]
struct RawMeasure {
    line: usize,
    number: u32,
    body: String,
    subs: Vec<(usize, u32, String)>,
}

#[derive(Default)]
struct Importer {
    notice: Notice,
    problems: Vec<Problem>,
    group: Option<(usize, GroupFile)>,
    section: Option<Section>,
    raw_measures: Vec<RawMeasure>,
}

impl Importer {
    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(Problem { line, message });
    }

    fn line(&mut self, number: usize, line: &str) {
        if let Some((n, title)) = group_heading(line) {
            self.finish_group();
            let expected = self.notice.groups.len() as u32 + 1;
            if n != expected {
                self.problem(
                    number,
                    tr!("基本要求序号为 {n},应为 {expected}", "group {n} where group {expected} was expected"),
                );
            }
            let group = GroupFile {
                group: Located::new(n.to_string()),
                title: title.to_string(),
                target: String::new(),
                indicators: Vec::new(),
                measures: Vec::new(),
                duties: Vec::new(),
            };
            self.group = Some((number, group));
            self.section = Some(Section::Heading);
            return;
        }
        if let Some(section) = section_marker(line) {
            if self.section.is_some_and(|s| s >= section) {
                self.problem(number, tr!("栏目 `{line}` 顺序有误", "section `{line}` is out of order"));
            }
            self.section = Some(section);
            return;
        }
        match self.section {
            Some(Section::Target) => self.target_line(line),
            Some(Section::Measures) => self.measure_line(number, line),
            Some(Section::Duties) => self.duty_line(number, line),
            _ => self.problem(
                number,
                tr!("文字不属于任何栏目: {}", "text outside any section: {}", crate::report::render::excerpt(line, 30)),
            ),
        }
    }

    fn current(&mut self) -> &mut GroupFile {
        &mut self.group.as_mut().expect("a section follows a group heading").1
    }

    fn target_line(&mut self, line: &str) {
        let target = &mut self.current().target;
        if !target.is_empty() {
            target.push('\n');
        }
        target.push_str(line);
    }

    fn measure_line(&mut self, number: usize, line: &str) {
        if let Some((n, body)) = numbered(line) {
            let expected = self.raw_measures.len() as u32 + 1;
            if n != expected {
                self.problem(
                    number,
                    tr!("措施序号为 {n},应为 {expected}", "measure {n} where measure {expected} was expected"),
                );
            }
            self.raw_measures.push(RawMeasure { line: number, number: n, body: body.into(), subs: vec![] });
        } else if let Some((n, body)) = sub_item(line) {
            let Some(parent) = self.raw_measures.last_mut() else {
                self.problem(
                    number,
                    tr!(
                        "子项出现在编号措施之前: {}",
                        "sub-item before any numbered measure: {}",
                        crate::report::render::excerpt(line, 30)
                    ),
                );
                return;
            };
            let expected = parent.subs.len() as u32 + 1;
            parent.subs.push((number, n, body.into()));
            if n != expected {
                self.problem(
                    number,
                    tr!("子项序号为 {n},应为 {expected}", "sub-item {n} where sub-item {expected} was expected"),
                );
            }
        } else if self.raw_measures.is_empty() {
            // A group with one unnumbered measure (group 24 of the notice).
            self.raw_measures.push(RawMeasure { line: number, number: 1, body: line.into(), subs: vec![] });
        } else {
            self.problem(
                number,
                tr!(
                    "措施之间有未编号的文字: {}",
                    "unnumbered text between measures: {}",
                    crate::report::render::excerpt(line, 30)
                ),
            );
        }
    }

    fn duty_line(&mut self, number: usize, line: &str) {
        let body = numbered(line).map_or(line, |(_, body)| body);
        let parts = split_top_level(body, &[':']);
        let heading = parts[0].as_str();
        let units = (parts.len() > 1 && looks_like_units(heading)).then(|| assignment::split_units(heading)).flatten();
        let Some(units) = units else {
            self.problem(
                number,
                tr!(
                    "职责应以 `单位:` 开头: {}",
                    "a duty must start with `units:`: {}",
                    crate::report::render::excerpt(line, 30)
                ),
            );
            return;
        };
        let label = (units.join("、") != heading).then(|| heading.to_string());
        let duty = Duty { units: units.into_iter().map(Located::new).collect(), label, text: parts[1..].join(":") };
        self.current().duties.push(duty);
    }

    fn finish_group(&mut self) {
        let raw = std::mem::take(&mut self.raw_measures);
        let Some((_, mut group)) = self.group.take() else { return };
        for measure in raw {
            let id = format!("{}.{}", group.group.value, measure.number);
            match build_measure(id, &measure) {
                Ok(m) => group.measures.push(m),
                Err((line, message)) => self.problem(line, message),
            }
        }
        group.indicators = crate::model::indicator::indicators_of(&group);
        self.notice.groups.push(group);
    }
}

/// Unit headings are short names, never sentences.
fn looks_like_units(heading: &str) -> bool {
    let n = heading.chars().count();
    n > 0 && n <= 60 && !heading.contains(['。', ',', ';', '“'])
}

fn build_measure(id: String, raw: &RawMeasure) -> Result<Measure, (usize, String)> {
    let fail = |message: String| (raw.line, tr!("措施 {id}: {message}", "measure {id}: {message}"));
    if raw.subs.is_empty() {
        return measure_from_body(id.clone(), &raw.body).map_err(fail);
    }
    let clauses = split_clauses(&raw.body).map_err(fail)?;
    if clauses.len() != 1 || clauses[0].assignment.is_some() {
        return Err(fail(tr!(
            "含子项的措施本身不能带责任分工",
            "a measure with sub-items cannot carry an assignment itself"
        )));
    }
    let mut items = Vec::new();
    for (line, n, body) in &raw.subs {
        let sub_id = format!("{id}.{n}");
        let sub = measure_from_body(sub_id.clone(), body)
            .map_err(|message| (*line, tr!("措施 {sub_id}: {message}", "measure {sub_id}: {message}")))?;
        items.push(sub);
    }
    Ok(Measure { text: raw.body.clone(), items, ..leaf(id) })
}

/// One assignment per clause; several clauses make a measure with items.
fn measure_from_body(id: String, body: &str) -> Result<Measure, String> {
    let mut clauses = split_clauses(body)?;
    if clauses.len() == 1 {
        return Ok(clauses.remove(0).into_measure(id));
    }
    let items =
        clauses.into_iter().enumerate().map(|(i, clause)| clause.into_measure(format!("{id}.{}", i + 1))).collect();
    Ok(Measure { items, ..leaf(id) })
}

fn leaf(id: String) -> Measure {
    Measure::new(id)
}

/// A stretch of measure text with the assignment that closes it.
#[derive(Debug)]
struct Clause {
    text: String,
    assignment: Option<Assignment>,
    tail: Option<String>,
}

impl Clause {
    fn into_measure(self, id: String) -> Measure {
        let mut m = Measure { text: self.text, tail: self.tail, ..leaf(id) };
        if let Some(a) = self.assignment {
            m.units = a.units.into_iter().map(Located::new).collect();
            m.scope = a.scope.into_iter().map(Located::new).collect();
            m.due = Some(Located::new(a.due.key()));
            m.due_text = Some(Located::new(a.due_text));
            m.assignment = Some(a.raw);
        }
        m
    }
}

/// Splits a measure at its assignments. Brackets that do not hold an
/// assignment (村(社区), a document number) stay part of the text.
fn split_clauses(body: &str) -> Result<Vec<Clause>, String> {
    let mut clauses = Vec::new();
    let mut start = 0;
    for (open, close) in top_level_brackets(body)? {
        let raw = &body[open..close];
        let inner = &raw[1..raw.len() - 1];
        let Some(assignment) = assignment::parse(raw, inner) else { continue };
        let text = body[start..open].trim();
        if text.is_empty() {
            return Err(tr!("责任分工 {raw} 之前没有措施内容", "assignment {raw} has no text before it"));
        }
        let tail_len: usize =
            body[close..].chars().take_while(|c| matches!(c, ',' | '。' | ';' | '、')).map(char::len_utf8).sum();
        let tail = (tail_len > 0).then(|| body[close..close + tail_len].to_string());
        clauses.push(Clause { text: text.into(), assignment: Some(assignment), tail });
        start = close + tail_len;
    }
    let rest = body[start..].trim();
    if clauses.is_empty() {
        clauses.push(Clause { text: rest.into(), assignment: None, tail: None });
    } else if !rest.is_empty() {
        return Err(tr!(
            "最后一处责任分工之后的文字没有责任单位: {}",
            "text after the last assignment has no units: {}",
            crate::report::render::excerpt(rest, 30)
        ));
    }
    Ok(clauses)
}

/// Byte ranges of the outermost `(…)` and `[…]` groups.
fn top_level_brackets(text: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut groups = Vec::new();
    let mut stack = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => stack.push((i, c)),
            ')' | ']' => {
                let Some((open, kind)) = stack.pop() else {
                    return Err(tr!("`{c}` 没有对应的左括号", "unmatched `{c}`"));
                };
                if (kind == '(') != (c == ')') {
                    return Err(tr!("`{kind}` 与 `{c}` 不配对", "`{kind}` closed by `{c}`"));
                }
                if stack.is_empty() {
                    groups.push((open, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    match stack.last() {
        Some((_, c)) => Err(tr!("`{c}` 没有闭合", "unclosed `{c}`")),
        None => Ok(groups),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十七"), Some(17));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("二十八"), Some(28));
        assert_eq!(chinese_number("百"), None);
    }

    #[test]
    fn clauses_keep_text_and_punctuation() {
        let body = "甲事项(市司法局,2021年12月),乙事项[市委办(市目标办),2021年12月]。丙事项。(市委组织部,2021年12月)";
        let clauses = split_clauses(body).unwrap();
        let texts: Vec<_> = clauses.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["甲事项", "乙事项", "丙事项。"]);
        let rebuilt: String = clauses
            .iter()
            .map(|c| format!("{}{}{}", c.text, c.assignment.as_ref().unwrap().raw, c.tail.clone().unwrap_or_default()))
            .collect();
        assert_eq!(rebuilt, body);
    }

    #[test]
    fn document_number_stays_in_text() {
        let body = "按照《办法》(宜府办发〔2020〕5号)执行。";
        let clauses = split_clauses(body).unwrap();
        assert_eq!(clauses.len(), 1);
        assert_eq!(clauses[0].text, body);
        assert!(clauses[0].assignment.is_none());
    }

    #[test]
    fn unplaceable_text_is_an_error() {
        assert!(split_clauses("甲(市司法局,2021年12月)乙").is_err());
        assert!(split_clauses("甲(市司法局,2021年12月").is_err());
    }

    #[test]
    fn full_width_forms_read_as_half_width() {
        assert_eq!(normalize("\u{feff}1.甲(乙,2021年12月)\r\n"), "1.甲(乙,2021年12月)\n");
    }
}
