//! The importer: a task list's text, Word file or spreadsheet → requirement
//! groups. Pure, no I/O: `document` reads the file's bytes, `import_source`
//! picks the layout (`notice`, `prose`, `table`) and adds the doubts every
//! layout shares.

pub mod assignment;
pub mod document;
pub mod front;
pub mod notice;
pub mod numbering;
pub mod prose;
pub mod starter;
pub mod table;
pub mod text_due;
pub mod units;
pub mod vocabulary;

use crate::model::ledger::Role;
use crate::model::{GroupFile, Located, Measure};
use crate::tr;
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
        let (notice, problems) = notice::import(text);
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
        (Source::Text(text) | Source::Word { text, .. }, None) if notice::has_group_headings(text) => {
            notice_layout(text)
        }
        (Source::Text(text), Some(Layout::D)) => table::import_text(text),
        // A table copied from a web page, found once and read as found.
        (Source::Text(text), None) => match table::flattened(text) {
            Some(grids) => table::import(&grids, text),
            None => prose::import(text, None),
        },
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
}
