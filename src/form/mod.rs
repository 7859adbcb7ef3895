//! Spreadsheet forms for units that report by e-mail: `make` writes a
//! unit's fill-in form, `read` reads one back and `cells` reads what was
//! typed into it, `validate` turns its rows into the checked changes and
//! problems of `outcome`, `apply` records the changes through the same
//! edits as `set` and `extend`.
//!
//! A form carries a hidden sheet with the state each row was made from, so
//! that what a unit changed can be told apart from what was already there,
//! and a change the ledger saw meanwhile from one the unit makes.

pub mod apply;
pub mod cells;
pub mod make;
pub mod outcome;
pub mod read;
pub mod validate;

use crate::i18n::Lang;
use crate::model::ledger::{Leaf, Ledger};
use crate::model::registry::Registry;
use crate::model::status::Status;

/// The name of the hidden sheet, and the mark in its first cell.
pub const STATE_SHEET: &str = "taizhang";
/// The first cell of the hidden sheet: what tells a form from any workbook.
pub const MARK: &str = "taizhang-form";
/// The layout version of the hidden sheet.
pub const VERSION: &str = "1";

/// The columns of the form sheet, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Text,
    Role,
    Due,
    Current,
    Status,
    Date,
    Note,
    Evidence,
    ExtendTo,
    Reason,
}

pub const COLUMNS: [Column; 11] = [
    Column::Id,
    Column::Text,
    Column::Role,
    Column::Due,
    Column::Current,
    Column::Status,
    Column::Date,
    Column::Note,
    Column::Evidence,
    Column::ExtendTo,
    Column::Reason,
];

/// The headers of `COLUMNS`, in Chinese and in English.
const HEADERS: [(&str, &str); 11] = [
    ("编号", "ID"),
    ("具体措施", "Measure"),
    ("角色", "Role"),
    ("完成时限", "Deadline"),
    ("当前状态", "Current status"),
    ("状态", "Status"),
    ("完成日期", "Date"),
    ("进展情况", "Progress"),
    ("佐证材料", "Evidence"),
    ("申请延期至", "Extend to"),
    ("延期理由", "Reason for extension"),
];

/// The columns the notice fills: locked in the form.
pub const LOCKED: [Column; 5] = [Column::Id, Column::Text, Column::Role, Column::Due, Column::Current];

impl Column {
    /// The header in `lang`.
    pub fn header(self, lang: Lang) -> &'static str {
        let (zh, en) = HEADERS[self.index()];
        if lang == Lang::Zh { zh } else { en }
    }

    /// The position of the column, from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the unit fills the column in.
    pub fn is_fill_in(self) -> bool {
        !LOCKED.contains(&self)
    }
}

/// The name of the form sheet in `lang`.
pub fn form_sheet(lang: Lang) -> &'static str {
    if lang == Lang::Zh { "进展填报" } else { "Progress" }
}

/// The name of the instructions sheet in `lang`.
pub fn guide_sheet(lang: Lang) -> &'static str {
    if lang == Lang::Zh { "填写说明" } else { "Instructions" }
}

/// One row of a form as it was made: the notice's cells as shown, and the
/// unit's own entry and deadline in force at the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeRow {
    pub id: String,
    /// The locked cells as written, in the order of `LOCKED`.
    pub shown: [String; 5],
    /// The status of the unit's own entry; none without one.
    pub status: Option<Status>,
    pub date: Option<String>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    /// The key of the unit's deadline in force (`2021-06`, `ongoing`).
    pub due: Option<String>,
}

/// A form as it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// The checklist's title.
    pub checklist: String,
    /// The canonical unit the form is for.
    pub unit: String,
    /// The day it was made (the as-of date).
    pub date: String,
    pub lang: Lang,
    pub rows: Vec<MadeRow>,
}

/// The rows of `unit`'s form, in document order: one per leaf it owes.
pub fn rows(ledger: &Ledger, unit: &str, lang: Lang) -> Vec<MadeRow> {
    let mut rows = Vec::new();
    for leaf in &ledger.leaves {
        for obligation in leaf.obligations.iter().filter(|o| *o.unit == *unit) {
            let own = leaf.entry(unit);
            let role = match &obligation.via {
                Some(via) => format!("{} ({} {via})", lang.role(obligation.role), lang.labels().via),
                None => lang.role(obligation.role).to_string(),
            };
            let due = match obligation.extended(leaf.due) {
                Some(extended) => extended.key(),
                None => lang.due(leaf.due, leaf.due_text.as_deref()),
            };
            let current = match leaf.entry_of(obligation).and_then(|e| e.date) {
                Some(date) => format!("{} {date}", lang.status(obligation.status)),
                None => lang.status(obligation.status).to_string(),
            };
            rows.push(MadeRow {
                id: leaf.id.clone(),
                shown: [leaf.id.clone(), measure_text(leaf), role, due, current],
                status: own.map(|e| e.status),
                date: own.and_then(|e| e.date).map(|d| d.to_string()),
                note: own.and_then(|e| e.note.clone()),
                evidence: own.map(|e| e.evidence.clone()).unwrap_or_default(),
                due: obligation.due.map(|d| d.key()),
            });
        }
    }
    rows
}

/// The measure as the form shows it: the enclosing measures' texts, then
/// the leaf's own.
fn measure_text(leaf: &Leaf) -> String {
    let mut parts: Vec<&str> = leaf.context.iter().map(String::as_str).collect();
    parts.push(&leaf.text);
    parts.retain(|p| !p.trim().is_empty());
    parts.join("\n")
}

/// The units that get a form with `--all-units`: every unit that owes some
/// leaf, in registry order.
pub fn units(ledger: &Ledger, registry: &Registry) -> Vec<String> {
    let mut units: Vec<&str> = Vec::new();
    for leaf in &ledger.leaves {
        for o in &leaf.obligations {
            if !units.contains(&&*o.unit) {
                units.push(&o.unit);
            }
        }
    }
    units.sort_by_key(|u| registry.rank(u));
    units.into_iter().map(str::to_string).collect()
}

/// A unit's name as a file name: characters that file systems refuse or
/// read specially (`/ \ : * ? " < > |`, control characters) become `_`, and
/// leading dots and trailing dots and spaces are dropped.
pub fn file_name(unit: &str) -> String {
    let name: String =
        unit.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let name = name.trim_start_matches('.').trim_end_matches(['.', ' ']);
    if name.is_empty() { "_".to_string() } else { name.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("市司法局"), "市司法局");
        assert_eq!(file_name("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(file_name("../x."), "_x");
        assert_eq!(file_name(".."), "_");
        assert_eq!(file_name("a\u{1b}[31m"), "a_[31m");
    }
}
