//! The shipped notice's layout: a policy notice's text → requirement groups.
//!
//! The task list (任务清单) starts at the first `一、基本要求:` heading and
//! ends at the imprint line (`…办公室 2020年8月7日印发`). Inside it every
//! non-empty line must find a place — a group heading, a section marker, a
//! target paragraph, a measure, a sub-item or a duty — or it is reported
//! with its line number.

use super::assignment::{self, Assignment, split_top_level};
use super::{Notice, NoticeMeta, Problem, chinese_number, normalize};
use crate::model::{Duty, GroupFile, Located, Measure};
use crate::tr;

/// Whether the text has the shipped notice's group headings.
pub fn has_group_headings(text: &str) -> bool {
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
        if super::front::is_imprint(line) {
            break;
        }
        importer.line(number, line);
    }
    importer.finish_group();
    (importer.notice, importer.problems)
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
    if let Some(i) = front.iter().position(|(_, l)| super::front::is_date_line(l)) {
        meta.date = Some(front[i].1.to_string());
        meta.issuer = i.checked_sub(1).map(|p| front[p].1.to_string());
    }
    meta
}

/// `十七、基本要求:建立…` → (17, title).
fn group_heading(line: &str) -> Option<(u32, &str)> {
    let (numeral, rest) = line.split_once('、')?;
    let title = rest.strip_prefix("基本要求")?.strip_prefix(':')?;
    Some((chinese_number(numeral)?, title.trim()))
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
