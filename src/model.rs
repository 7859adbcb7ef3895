//! The group file (`tasks/NN.yaml`) as read and written: a requirement
//! group with its target, nested measures and unit duties.
//!
//! Values that diagnostics point at are `Located`, so `check` can name the
//! line and column; everything else is plain text.

use serde::{Deserialize, Deserializer};

/// One requirement group (基本要求), one file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// The group number as a string: `"17"`.
    pub group: Located<String>,
    /// The requirement text after `基本要求:`.
    pub title: String,
    /// The quantified target (量化目标), verbatim.
    #[serde(default)]
    pub target: String,
    /// The measurable targets read from the title, target and measures.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub duties: Vec<Duty>,
}

/// A measure (具体措施); a leaf when it has no `items`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The dotted ID from the document numbering: `"17.1.2"`.
    pub id: Located<String>,
    #[serde(default)]
    pub text: String,
    /// The assignment parenthetical exactly as written, brackets included.
    pub assignment: Option<String>,
    /// Punctuation the document puts after the assignment (`,` or `。`).
    pub tail: Option<String>,
    /// Responsible units, lead first.
    #[serde(default)]
    pub units: Vec<Located<String>>,
    /// Local areas where the measure also applies (`各县市区`).
    #[serde(default)]
    pub scope: Vec<Located<String>>,
    /// `2021-12`, `2021-12-31` or `ongoing`.
    pub due: Option<Located<String>>,
    /// The deadline as the document words it: `2021年12月`.
    pub due_text: Option<Located<String>>,
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub unit: Located<String>,
    pub status: Located<String>,
    pub date: Option<Located<String>>,
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A quantified target (指标) and the actual values recorded against it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// `2.i1`: the group, then the indicator's number in it.
    pub id: Located<String>,
    pub name: String,
    /// `>=`, `<=` or `=`.
    pub comparator: Located<String>,
    pub value: Located<f64>,
    /// `%`, `个`, `家`, `次`, `人次`; none for a count of events (不发生…).
    pub unit: Option<Located<String>>,
    /// `quarter`, `year` or `month` when the text states one (每季度).
    pub period: Option<Located<String>>,
    /// The phrase it was read from, verbatim.
    pub phrase: String,
    /// Where the phrase is: `title`, `target`, or a leaf ID.
    pub source: String,
    #[serde(default)]
    pub actuals: Vec<Actual>,
}

/// An actual value for one period (and unit, where it applies).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    /// `2021`, `2021-H1`, `2021-Q3` or `2021-07`.
    pub period: Located<String>,
    pub unit: Option<Located<String>>,
    pub value: Located<f64>,
    pub date: Option<Located<String>>,
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A deadline extension: the original deadline stays, this one is added.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The unit it applies to; none for the whole leaf.
    pub unit: Option<Located<String>>,
    /// The new deadline: `2021-06` or `2021-06-30`.
    pub to: Located<String>,
    pub reason: String,
    /// The approving document (文号) or a link.
    pub approval: Option<String>,
    /// The day it was recorded.
    pub date: Option<Located<String>>,
}

/// The duties (参与单位职责) of one or more units in this group.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    pub units: Vec<Located<String>>,
    /// The heading as written when it abbreviates the unit names.
    pub label: Option<String>,
    pub text: String,
}

impl Measure {
    pub fn is_leaf(&self) -> bool {
        self.items.is_empty()
    }
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
