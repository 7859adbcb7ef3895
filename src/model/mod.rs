//! The group file (`tasks/NN.yaml`) as read and written: a requirement
//! group with its target, nested measures and unit duties.
//!
//! Values that diagnostics point at are `Located`, so `check` can name the
//! line and column; everything else is plain text.
//!
//! The same types give the JSON Schema of the file (`taizhang schema`); the
//! doc comments below become its descriptions.

pub mod config;
pub mod due;
pub mod indicator;
pub mod ledger;
pub mod lookup;
pub mod obligation;
pub mod registry;
pub mod status;
pub mod target;
pub mod whose;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;

// Patterns of the schema, each with the hint an editor shows when a value
// does not match (`patternErrorMessage`, which the YAML language server
// reads). Each is exactly the rule `check` applies to the field
// (tests/schema.rs holds them to it), so that an editor flags what `check`
// would and nothing more.

/// A number without leading zeros, as `check` wants a group number.
const GROUP_NUMBER: &str = r"^[1-9][0-9]*$";
const GROUP_NUMBER_HINT: &str = "写作数字,如 \"17\" / a number, like \"17\"";

/// Two or more dotted numbers without leading zeros: `17.1.2`. (`check`
/// also wants it to extend its parent's.)
const MEASURE_ID: &str = r"^[1-9][0-9]*(\.[1-9][0-9]*)+$";
const MEASURE_ID_HINT: &str = "编号是以点分隔的数字,如 \"17.1.2\" / an ID is dotted numbers, like \"17.1.2\"";

/// A group number, `.i`, a number: `2.i1`. (`check` also wants the group to
/// be the file's own.)
const INDICATOR_ID: &str = r"^[1-9][0-9]*\.i[1-9][0-9]*$";
const INDICATOR_ID_HINT: &str = "指标编号形如 \"2.i1\" / an indicator ID looks like \"2.i1\"";

/// `Comparator::parse`.
const COMPARATOR: &str = r"^(>=|<=|=)$";
const COMPARATOR_HINT: &str = "请用 \">=\"、\"<=\" 或 \"=\" / use \">=\", \"<=\" or \"=\"";

/// The units of measure of `indicator::is_unit`.
const MEASURE_UNIT: &str = r"^(%|个|家|次|人次)$";
const MEASURE_UNIT_HINT: &str = "请用 %、个、家、次 或 人次 / use %, 个, 家, 次 or 人次";

/// The cadences `check` accepts for an indicator.
const CADENCE: &str = r"^(quarter|year|month)$";
const CADENCE_HINT: &str = "请用 quarter、year 或 month / use quarter, year or month";

/// `Period::parse`: a year, or a half, quarter or month of it.
const PERIOD: &str = r"^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$";
const PERIOD_HINT: &str =
    "写作 \"2021\"、\"2021-H1\"、\"2021-Q3\" 或 \"2021-07\" / write \"2021\", \"2021-H1\", \"2021-Q3\" or \"2021-07\"";

/// Where a deadline was read from, when not from the assignment.
const DUE_SOURCE: &str = r"^text$";
const DUE_SOURCE_HINT: &str =
    "只能是 \"text\"(时限取自任务原文) / only \"text\" (the deadline is read from the task's text)";

/// See `pattern::date`.
const DATE_HINT: &str = "日期请写作 \"YYYY-MM-DD\" / write the date as \"YYYY-MM-DD\"";

/// See `pattern::due`.
const DUE_HINT: &str = "请写作 \"YYYY-MM\"(即该月月底)、\"YYYY-MM-DD\" 或 \"ongoing\" / write \"YYYY-MM\" (end of that month), \"YYYY-MM-DD\" or \"ongoing\"";

/// See `pattern::extended_due`.
const EXTENDED_DUE_HINT: &str =
    "新的完成时限请写作 \"YYYY-MM\" 或 \"YYYY-MM-DD\" / write the new deadline as \"YYYY-MM\" or \"YYYY-MM-DD\"";

/// The patterns that are built rather than written out.
mod pattern {
    use crate::model::status::Status;

    /// A deadline as `Due::from_key` reads it: `ongoing`, a month or a day.
    pub fn due() -> String {
        format!("^(ongoing|{}|{})$", month(), day())
    }

    /// A calendar date: `2021-03-01`.
    pub fn date() -> String {
        format!("^{}$", day())
    }

    /// An extended deadline: a month or a day, never `ongoing`.
    pub fn extended_due() -> String {
        format!("^({}|{})$", month(), day())
    }

    /// A status as `Status::parse` reads it: an English key in any ASCII
    /// case or a Chinese name, with white space around it.
    pub fn status() -> String {
        let keys =
            Status::ALL.iter().map(|s| s.key().chars().map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c)).collect());
        let names = Status::ALL.iter().map(|s| s.chinese().to_string());
        let space = format!("{}*", space(1..=3));
        format!("^{space}({}){space}$", keys.chain(names).collect::<Vec<String>>().join("|"))
    }

    /// What `check` suggests for an unknown status.
    pub fn status_hint() -> String {
        format!("请使用以下之一 / use one of: {}", crate::model::status::spellings())
    }

    fn month() -> &'static str {
        "[0-9]{4}-(0[1-9]|1[0-2])"
    }

    /// A calendar day, 29 February in leap years only.
    fn day() -> String {
        let other =
            "((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))";
        format!("{}-{other}|{}-02-29", year(false), year(true))
    }

    /// Four digits; for 29 February, a leap year.
    fn year(leap: bool) -> String {
        if leap { format!("({})", leap_digits()) } else { "[0-9]{4}".to_string() }
    }

    /// Four digits that make a leap year: divisible by 4, and by 400 when
    /// a century.
    fn leap_digits() -> String {
        "[0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00".to_string()
    }

    /// A class of the white space `str::trim` removes whose UTF-8 length is
    /// in `bytes`.
    fn space(bytes: std::ops::RangeInclusive<usize>) -> String {
        let chars: Vec<char> = (0..=0xffff)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace() && bytes.contains(&c.len_utf8()))
            .collect();
        let mut class = String::from("[");
        let mut i = 0;
        while i < chars.len() {
            let mut j = i;
            while j + 1 < chars.len() && chars[j + 1] as u32 == chars[j] as u32 + 1 {
                j += 1;
            }
            class.push_str(&format!("\\u{:04X}", chars[i] as u32));
            if j > i {
                class.push_str(&format!("-\\u{:04X}", chars[j] as u32));
            }
            i = j + 1;
        }
        class.push(']');
        class
    }
}

/// One requirement group (基本要求), one file.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// The group number as a string: `"17"`.
    #[schemars(regex(pattern = GROUP_NUMBER), extend("patternErrorMessage" = GROUP_NUMBER_HINT))]
    pub group: Located<String>,
    /// The requirement text after `基本要求:`.
    pub title: String,
    /// The quantified target (量化目标), verbatim.
    #[serde(default)]
    pub target: String,
    /// The measurable targets read from the title, target and measures.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// The measures (具体措施), in the document's order.
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// The duties of the units taking part (参与单位职责).
    #[serde(default)]
    pub duties: Vec<Duty>,
}

/// A measure (具体措施); a leaf when it has no `items`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The dotted ID from the document numbering: `"17.1.2"`.
    #[schemars(regex(pattern = MEASURE_ID), extend("patternErrorMessage" = MEASURE_ID_HINT))]
    pub id: Located<String>,
    /// The measure's text, verbatim, without its assignment.
    #[serde(default)]
    pub text: String,
    /// The assignment parenthetical exactly as written, brackets included.
    pub assignment: Option<String>,
    /// Punctuation the document puts after the assignment (`,` or `。`).
    pub tail: Option<String>,
    /// The lead units (牵头), when the document names them apart; may be
    /// empty (no lead). Without this key the first of `units` leads.
    pub lead: Option<Vec<Located<String>>>,
    /// The responsible units (责任); the lead first when `lead` is absent.
    #[serde(default)]
    pub units: Vec<Located<String>>,
    /// The supporting units (配合, 协同).
    #[serde(default)]
    pub support: Vec<Located<String>>,
    /// Local areas where the measure also applies (`各县市区`).
    #[serde(default)]
    pub scope: Vec<Located<String>>,
    /// The leaders the document names for it (分管领导): people, not units.
    #[serde(default)]
    pub persons: Vec<String>,
    /// `2021-12`, `2021-12-31` or `ongoing`; none when the document gives no deadline.
    #[schemars(regex(pattern = pattern::due()), extend("patternErrorMessage" = DUE_HINT))]
    pub due: Option<Located<String>>,
    /// The deadline as the document words it: `2021年12月`.
    pub due_text: Option<Located<String>>,
    /// `text` when the deadline was read from the task's own text rather
    /// than from its assignment.
    #[schemars(regex(pattern = DUE_SOURCE), extend("patternErrorMessage" = DUE_SOURCE_HINT))]
    pub due_source: Option<Located<String>>,
    /// Deadline extensions, in the order they were granted.
    #[serde(default)]
    pub extensions: Vec<Extension>,
    /// One entry per unit that recorded progress.
    #[serde(default)]
    pub progress: Vec<Progress>,
    /// Sub-measures (①②③) or clauses with their own assignments.
    #[serde(default)]
    pub items: Vec<Measure>,
}

/// One unit's progress on one leaf.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// The unit reporting: one of the leaf's units, or a member of one.
    pub unit: Located<String>,
    /// `todo`, `doing`, `done` or `blocked` (未开始, 推进中, 已完成, 受阻).
    #[schemars(regex(pattern = pattern::status()), extend("patternErrorMessage" = pattern::status_hint()))]
    pub status: Located<String>,
    /// The day of the entry, `YYYY-MM-DD`; required for `done`.
    #[schemars(regex(pattern = pattern::date()), extend("patternErrorMessage" = DATE_HINT))]
    pub date: Option<Located<String>>,
    /// What was done, or what is in the way.
    pub note: Option<String>,
    /// Documents (文号) or links that show it.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// Whether a list of evidence names any: an item of only spaces shows
/// nothing, so `evidence: [""]` counts as none.
pub fn has_evidence(evidence: &[String]) -> bool {
    evidence.iter().any(|item| !item.trim().is_empty())
}

/// A quantified target (指标) and the actual values recorded against it.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// `2.i1`: the group, then the indicator's number in it.
    #[schemars(regex(pattern = INDICATOR_ID), extend("patternErrorMessage" = INDICATOR_ID_HINT))]
    pub id: Located<String>,
    /// What is measured.
    pub name: String,
    /// `>=`, `<=` or `=`.
    #[schemars(regex(pattern = COMPARATOR), extend("patternErrorMessage" = COMPARATOR_HINT))]
    pub comparator: Located<String>,
    /// The target value.
    #[serde(deserialize_with = "plain_number")]
    pub value: Located<f64>,
    /// `%`, `个`, `家`, `次`, `人次`; none for a count of events (不发生…).
    #[schemars(regex(pattern = MEASURE_UNIT), extend("patternErrorMessage" = MEASURE_UNIT_HINT))]
    pub unit: Option<Located<String>>,
    /// `quarter`, `year` or `month` when the text states one (每季度).
    #[schemars(regex(pattern = CADENCE), extend("patternErrorMessage" = CADENCE_HINT))]
    pub period: Option<Located<String>>,
    /// The phrase it was read from, verbatim.
    pub phrase: String,
    /// Where the phrase is: `title`, `target`, or a leaf ID.
    pub source: String,
    /// The values recorded, one per period (and unit).
    #[serde(default)]
    pub actuals: Vec<Actual>,
}

/// An actual value for one period (and unit, where it applies).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    /// `2021`, `2021-H1`, `2021-Q3` or `2021-07`.
    #[schemars(regex(pattern = PERIOD), extend("patternErrorMessage" = PERIOD_HINT))]
    pub period: Located<String>,
    /// The unit the value is for; none for the whole target.
    pub unit: Option<Located<String>>,
    /// The value reached.
    #[serde(deserialize_with = "plain_number")]
    pub value: Located<f64>,
    /// The day it was recorded, `YYYY-MM-DD`.
    #[schemars(regex(pattern = pattern::date()), extend("patternErrorMessage" = DATE_HINT))]
    pub date: Option<Located<String>>,
    /// Where the figure comes from, or what it leaves out.
    pub note: Option<String>,
    /// Documents (文号) or links that show it.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A deadline extension: the original deadline stays, this one is added.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The unit it applies to; none for the whole leaf.
    pub unit: Option<Located<String>>,
    /// The new deadline: `2021-06` or `2021-06-30`.
    #[schemars(regex(pattern = pattern::extended_due()), extend("patternErrorMessage" = EXTENDED_DUE_HINT))]
    pub to: Located<String>,
    /// Why the deadline moved.
    pub reason: String,
    /// The approving document (文号) or a link.
    pub approval: Option<String>,
    /// The unit that asked for it (on its progress form), when one did.
    pub requested_by: Option<Located<String>>,
    /// The day it was recorded, `YYYY-MM-DD`.
    #[schemars(regex(pattern = pattern::date()), extend("patternErrorMessage" = DATE_HINT))]
    pub date: Option<Located<String>>,
}

/// The duties (参与单位职责) of one or more units in this group.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// The units the duty falls to.
    pub units: Vec<Located<String>>,
    /// The heading as written when it abbreviates the unit names.
    pub label: Option<String>,
    /// The duty, verbatim.
    pub text: String,
}

impl Measure {
    /// A leaf with this ID and nothing else yet.
    pub fn new(id: String) -> Measure {
        Measure {
            id: Located::new(id),
            text: String::new(),
            assignment: None,
            tail: None,
            lead: None,
            units: vec![],
            support: vec![],
            scope: vec![],
            persons: vec![],
            due: None,
            due_text: None,
            due_source: None,
            extensions: vec![],
            progress: vec![],
            items: vec![],
        }
    }

    pub fn is_leaf(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether it names units, people or a deadline (which only a leaf may).
    pub fn is_assigned(&self) -> bool {
        self.lead.is_some()
            || !self.units.is_empty()
            || !self.support.is_empty()
            || !self.scope.is_empty()
            || !self.persons.is_empty()
            || self.due.is_some()
    }

    /// Every unit name it lists, each with its role, in the file's order.
    pub fn roles(&self) -> impl Iterator<Item = (&Located<String>, ledger::Role)> {
        use ledger::Role;
        let first_leads = self.lead.is_none();
        let lead = self.lead.iter().flatten().map(|u| (u, Role::Lead));
        let units = self
            .units
            .iter()
            .enumerate()
            .map(move |(i, u)| (u, if first_leads && i == 0 { Role::Lead } else { Role::Responsible }));
        let support = self.support.iter().map(|u| (u, Role::Support));
        let scope = self.scope.iter().map(|u| (u, Role::Scope));
        lead.chain(units).chain(support).chain(scope)
    }
}

/// The measure with this ID among `measures` and their items.
pub fn find<'m>(measures: &'m [Measure], id: &str) -> Option<&'m Measure> {
    measures.iter().find_map(|m| if m.id.value == id { Some(m) } else { find(&m.items, id) })
}

/// `find`, for changing a copy of a group.
pub fn find_mut<'m>(measures: &'m mut [Measure], id: &str) -> Option<&'m mut Measure> {
    for m in measures {
        if m.id.value == id {
            return Some(m);
        }
        if let Some(found) = find_mut(&mut m.items, id) {
            return Some(found);
        }
    }
    None
}

/// A value with the place in its file where it was read (1-based line and
/// column; 0 for a value made in code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: u32,
    pub column: u32,
    /// Byte offset of the value's first character.
    pub offset: usize,
}

impl<T> Located<T> {
    /// A value made in code rather than read from a file.
    pub fn new(value: T) -> Located<T> {
        Located { value, line: 0, column: 0, offset: 0 }
    }
}

/// A number written as one: `90`, `92.5`, `.inf`. A quoted `"90"` is text
/// to YAML, to the schema and to every editor that reads it, so it is
/// refused here too rather than read as the number: the mirror of refusing
/// an unquoted `2.10` where text is expected.
fn plain_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Located<f64>, D::Error> {
    let located = Located::<PlainNumber>::deserialize(deserializer)?;
    Ok(Located { value: located.value.0, line: located.line, column: located.column, offset: located.offset })
}

/// A scalar that YAML resolves to a number.
struct PlainNumber(f64);

impl<'de> Deserialize<'de> for PlainNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = PlainNumber;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(NUMBER_EXPECTED)
            }

            fn visit_f64<E>(self, v: f64) -> Result<PlainNumber, E> {
                Ok(PlainNumber(v))
            }

            fn visit_i64<E>(self, v: i64) -> Result<PlainNumber, E> {
                Ok(PlainNumber(v as f64))
            }

            fn visit_u64<E>(self, v: u64) -> Result<PlainNumber, E> {
                Ok(PlainNumber(v as f64))
            }

            fn visit_i128<E>(self, v: i128) -> Result<PlainNumber, E> {
                Ok(PlainNumber(v as f64))
            }

            fn visit_u128<E>(self, v: u128) -> Result<PlainNumber, E> {
                Ok(PlainNumber(v as f64))
            }
        }

        // `deserialize_any` lets YAML resolve the scalar: a quoted one stays
        // a string, which the visitor refuses.
        deserializer.deserialize_any(Visitor)
    }
}

/// What the parser's message says a number field expected; `yaml_error`
/// recognises it to give the hint.
pub const NUMBER_EXPECTED: &str = "a number, without quotes";

/// In the file a located value is just the value, so its schema is the
/// value's.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let at = spanned.referenced;
        Ok(Located {
            value: spanned.value,
            line: at.line() as u32,
            column: at.column() as u32,
            offset: at.span().byte_offset().unwrap_or(0) as usize,
        })
    }
}
