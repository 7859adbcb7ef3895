//! Who does a task and by when, read from a bracket after it (labelled
//! roles, layout A; role verbs, layout B; a bare list of units) or from
//! labelled lines below it (layout C).

use crate::import::assignment::split_top_level;
use crate::import::text_due::{self, Worded};
use crate::import::units;
use crate::import::vocabulary::{Field, field, label_at_start, labelled};
use crate::model::due::Due;
use crate::tr;

/// How an assignment was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `(牵头单位:…;责任单位:…)`
    Labelled,
    /// `(市数据局牵头,市直各部门负责)`
    Verbs,
    /// `(市数据局、市财政局,2023年底前)`
    Bare,
    /// `牵头单位:…` on lines of their own.
    Lines,
}

/// The roles read so far for one task.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Roles {
    pub lead: Option<Vec<String>>,
    pub units: Vec<String>,
    pub support: Vec<String>,
    pub persons: Vec<String>,
    /// The deadline and its wording as written.
    pub due: Option<(Due, String)>,
    /// What should be looked at, in words for the user.
    pub doubts: Vec<String>,
    /// Whether `(第一责任单位为牵头单位,下同)` was said here.
    pub first_leads: bool,
}

/// The standing rule that the first responsible unit leads.
const FIRST_LEADS: &str = "第一责任单位为牵头单位";

/// Role verbs after a list of units, longest first so that `牵头负责` is
/// not read as `负责`.
const VERBS: &[(&str, Verb)] = &[
    ("按职责分工负责", Verb::Responsible),
    ("按职责负责", Verb::Responsible),
    ("牵头负责", Verb::Lead),
    ("分别负责", Verb::Responsible),
    ("共同负责", Verb::Responsible),
    ("牵头", Verb::Lead),
    ("负责", Verb::Responsible),
    ("配合", Verb::Support),
    ("协同", Verb::Support),
    ("参与", Verb::Support),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Lead,
    Responsible,
    Support,
}

/// Words that classify a task rather than assign it (`约束性指标`).
const TYPE_WORDS: &[&str] = &["约束性指标", "预期性指标", "指导性指标", "约束性", "预期性", "指导性", "重点任务"];

/// How names of organisations end; a part of a bracket ending otherwise
/// is a note, not a unit.
#[rustfmt::skip]
const UNIT_ENDINGS: &[&str] = &[
    "局", "办", "委", "会", "院", "厅", "部", "部门", "政府", "中心", "室", "处", "队", "所", "站", "银行", "分行",
    "公司", "集团", "单位", "机关", "区", "县", "署", "组", "党委", "团", "社", "馆", "台", "校", "镇", "乡", "街道",
    "办事处", "指挥部", "海关", "法院", "检察院", "协会", "联合会",
];

/// Whether `name` reads as an organisation's name.
pub fn is_unit_like(name: &str) -> bool {
    let n = name.chars().count();
    (2..=30).contains(&n)
        && !name.contains([':', '。', ',', ';'])
        && (name.starts_with('各') || UNIT_ENDINGS.iter().any(|end| name.ends_with(end)))
}

/// The form of a bracket's text, if it looks like an assignment at all.
pub fn form_of(inner: &str) -> Option<Form> {
    let parts = parts(inner);
    // A label typed without its colon makes the bracket one too, which then
    // fails to read and is reported rather than taken for a unit's name.
    if parts.iter().any(|p| labelled(p).is_some() || label_at_start(p).is_some_and(is_role)) {
        return Some(Form::Labelled);
    }
    if parts.iter().any(|p| verb(p).is_some()) {
        return Some(Form::Verbs);
    }
    let bare = parts.iter().all(|p| units::split(p).0.iter().all(|n| is_unit_like(n)) || is_due(p));
    (bare && parts.iter().any(|p| !is_due(p))).then_some(Form::Bare)
}

/// Fields that say who does a task or by when.
pub fn is_role(field: Field) -> bool {
    matches!(field, Field::Lead | Field::Responsible | Field::Support | Field::Persons | Field::Deadline)
}

fn parts(inner: &str) -> Vec<String> {
    split_top_level(inner, &[';', ',', '。']).into_iter().filter(|p| !p.is_empty()).collect()
}

/// Whether `part` is a deadline, with its year or without (read in any
/// year, here 2000, only to know that it is one).
fn is_due(part: &str) -> bool {
    Due::from_wording_in(part, Some(2000)).is_some()
}

/// `市数据局牵头` → (`市数据局`, Lead).
fn verb(part: &str) -> Option<(&str, Verb)> {
    VERBS.iter().find_map(|&(word, verb)| {
        let names = part.strip_suffix(word)?;
        let names = names.strip_prefix('由').unwrap_or(names).trim();
        (!names.is_empty()).then_some((names, verb))
    })
}

impl Roles {
    /// Whether a unit was named, in any role.
    pub fn names_units(&self) -> bool {
        self.lead.as_ref().is_some_and(|l| !l.is_empty()) || !self.units.is_empty() || !self.support.is_empty()
    }

    /// Whether anyone was named: a unit or a person.
    pub fn names_anyone(&self) -> bool {
        self.names_units() || !self.persons.is_empty()
    }

    /// Reads a bracket's text in `form`; `year` is the document's, for a
    /// month written without one.
    pub fn read_bracket(&mut self, inner: &str, form: Form, year: Option<i32>) {
        match form {
            Form::Labelled | Form::Lines => self.read_labelled(inner, year),
            Form::Verbs | Form::Bare => self.read_verbs(inner, year),
        }
    }

    /// Labelled roles, in a bracket or on one line: a part after a label
    /// adds to it until the next label.
    pub fn read_labelled(&mut self, text: &str, year: Option<i32>) {
        let mut current: Option<Field> = None;
        for part in parts(text) {
            if let Some((field, value)) = labelled(&part) {
                current = Some(field);
                self.take(field, value, year);
            } else if let Some(field) = field(&part) {
                // `责任单位;市财政局`: the mistyped colon split the label
                // from its value, which the next part is.
                current = Some(field);
            } else if self.deadline(&part, year) || current.is_none() && TYPE_WORDS.contains(&part.as_str()) {
                // A type word classifies the task: kept in the raw text only.
            } else if let Some(field) = current.filter(|f| continues(*f, &part)) {
                self.take(field, &part, year);
            } else {
                self.note(&part);
            }
        }
        if self.lead.is_none() && self.names_anyone() {
            // Roles were said and none of them leads.
            self.lead = Some(vec![]);
        }
    }

    /// Role verbs (`市数据局牵头,市直各部门配合`) or bare units.
    fn read_verbs(&mut self, inner: &str, year: Option<i32>) {
        let mut verbs = false;
        for part in parts(inner) {
            if self.deadline(&part, year) {
                continue;
            }
            let (names, role) = match verb(&part) {
                Some((names, role)) => (names, Some(role)),
                None => (part.as_str(), None),
            };
            let names = self.names(names);
            if names.is_empty() || !names.iter().all(|n| is_unit_like(n)) {
                self.note(&part);
                continue;
            }
            verbs |= role.is_some();
            match role {
                Some(Verb::Lead) => self.lead.get_or_insert_with(Vec::new).extend(names),
                Some(Verb::Support) => self.support.extend(names),
                Some(Verb::Responsible) | None => self.units.extend(names),
            }
        }
        if verbs && self.lead.is_none() {
            self.lead = Some(vec![]);
        }
    }

    /// Adds a labelled value to its field.
    fn take(&mut self, field: Field, value: &str, year: Option<i32>) {
        match field {
            Field::Lead => {
                let names = self.names(value);
                self.lead.get_or_insert_with(Vec::new).extend(names);
            }
            Field::Responsible => {
                let names = self.names(value);
                self.units.extend(names);
            }
            Field::Support => {
                let names = self.names(value);
                self.support.extend(names);
            }
            Field::Persons => self.persons.extend(units::people(value)),
            Field::Deadline => {
                if !value.is_empty() && !self.deadline(value, year) {
                    self.doubts
                        .push(tr!("完成时限 `{value}` 无法识别,未导入", "deadline `{value}` not understood, left out"));
                }
            }
            // A remark stays in the raw assignment, where the file keeps it.
            Field::Note => {}
            Field::Number | Field::Category | Field::Task => self.note(value),
        }
    }

    /// Unit names of a list, minus the standing rule, which it notes.
    fn names(&mut self, list: &str) -> Vec<String> {
        let list = strip_rule(list, &mut self.first_leads);
        let (names, open) = units::split(&list);
        if open {
            self.doubts.push(units::open_ended(&list));
        }
        names
    }

    /// Takes `part` as the deadline if it is one; a month without a year
    /// in a document without a year is a doubt.
    fn deadline(&mut self, part: &str, year: Option<i32>) -> bool {
        let part = part.trim();
        match text_due::worded(part, year) {
            Worded::Due(due, doubt) => {
                self.doubts.extend(doubt);
                // Two deadlines for one task: the later-written one is taken, and the doubt says so.
                if let Some((_, earlier)) = self.due.replace((due, part.to_string())) {
                    self.doubts.push(tr!(
                        "分工中有多个完成时限(`{earlier}`、`{part}`),采用了 `{part}`",
                        "the assignment names several deadlines (`{earlier}`, `{part}`); `{part}` was taken"
                    ));
                }
                true
            }
            Worded::NoYear(doubt) => {
                self.doubts.push(doubt);
                true
            }
            Worded::Not => false,
        }
    }

    fn note(&mut self, part: &str) {
        self.doubts.push(tr!("责任分工中的说明未导入: {part}", "a note in the assignment was not imported: {part}"));
    }

    /// Applies the standing rule: the first responsible unit leads when
    /// no lead was named.
    pub fn first_unit_leads(&mut self) {
        if self.lead.as_ref().is_none_or(|l| l.is_empty()) && !self.units.is_empty() {
            self.lead = Some(vec![self.units.remove(0)]);
        }
    }
}

/// Whether a part without a label continues the list of `field`.
fn continues(field: Field, part: &str) -> bool {
    let names = units::split(part).0;
    match field {
        Field::Lead | Field::Responsible | Field::Support => names.iter().all(|n| is_unit_like(n)),
        Field::Persons => names.iter().all(|n| (2..=4).contains(&n.chars().count())),
        _ => false,
    }
}

/// Removes `(第一责任单位为牵头单位,下同)` from a list, saying so in `found`.
fn strip_rule(list: &str, found: &mut bool) -> String {
    let Some(at) = list.find(FIRST_LEADS) else { return list.to_string() };
    *found = true;
    let open = list[..at].rfind(['(', '〔', '【', '[']).unwrap_or(at);
    let close = list[at..].find([')', '〕', '】', ']']).map_or(list.len(), |i| at + i + 1);
    format!("{}{}", &list[..open], &list[close..]).trim().to_string()
}

/// Whether a text states the standing rule.
pub fn states_rule(text: &str) -> bool {
    text.contains(FIRST_LEADS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bracket(inner: &str) -> Roles {
        let mut roles = Roles::default();
        roles.read_bracket(inner, form_of(inner).expect(inner), Some(2023));
        roles
    }

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labelled_roles_with_commas_inside_a_label() {
        let r = bracket("牵头单位:市政府办;责任单位:市直各部门,各县市区政府;完成时限:2023年6月底前");
        assert_eq!(r.lead, Some(strings(&["市政府办"])));
        assert_eq!(r.units, strings(&["市直各部门", "各县市区政府"]));
        assert_eq!(r.due, Some((Due::Month { year: 2023, month: 6 }, "2023年6月底前".into())));
        assert!(r.doubts.is_empty(), "{:?}", r.doubts);
    }

    #[test]
    fn a_bare_deadline_and_a_note_after_the_labels() {
        let r = bracket("约束性指标,牵头单位;市审计局;责任单位;市财政局,9月底完成");
        assert_eq!(r.lead, Some(strings(&["市审计局"])));
        assert_eq!(r.units, strings(&["市财政局"]));
        assert_eq!(r.due, Some((Due::Month { year: 2023, month: 9 }, "9月底完成".into())));
        let r = bracket("责任单位:市直各部门,以下各项均需各县市区落实,不再逐一列出");
        assert_eq!(r.units, strings(&["市直各部门"]));
        assert_eq!(r.lead, Some(vec![]));
        assert_eq!(r.doubts.len(), 2);
    }

    #[test]
    fn role_verbs() {
        let r = bracket("市数据局牵头,市直各部门按职责分工负责");
        assert_eq!((r.lead, r.units), (Some(strings(&["市数据局"])), strings(&["市直各部门"])));
        let r = bracket("市人社局、市财政局负责");
        assert_eq!((r.lead, r.units), (Some(vec![]), strings(&["市人社局", "市财政局"])));
        let r = bracket("市直各部门分别负责,持续推进");
        assert_eq!(r.due, Some((Due::Ongoing, "持续推进".into())));
        let r = bracket("市场监管局牵头负责,市公安局配合");
        assert_eq!((r.lead, r.support), (Some(strings(&["市场监管局"])), strings(&["市公安局"])));
    }

    #[test]
    fn brackets_that_are_no_assignment() {
        assert_eq!(form_of("试行"), None);
        assert_eq!(form_of("2023-2025年"), None);
        assert_eq!(form_of("宜府办发〔2023〕5号"), None);
        assert_eq!(form_of("市住建局、市财政局,2023年底前"), Some(Form::Bare));
    }

    #[test]
    fn the_standing_rule_is_taken_out_of_the_list() {
        let mut r = Roles::default();
        r.read_labelled("责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)", None);
        assert!(r.first_leads);
        r.first_unit_leads();
        assert_eq!((r.lead, r.units), (Some(strings(&["市发改委"])), strings(&["市财政局"])));
    }
}
