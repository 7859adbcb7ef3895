//! What a row of a task table is: a category (a group), a note on the
//! table, or a task, and the number a task's 序号 gives it.

use super::columns::Columns;
use crate::import::vocabulary::Field;
use crate::tr;
use std::collections::BTreeSet;

/// The text of a row that names a category: one text across the table, a
/// text alone in a first column that is not the task's, in a numbered
/// table a text alone in the first column after the number (a spreadsheet
/// saved as CSV loses the merge across the row), or a Chinese numeral in
/// the number column with only a name beside it (`一 | 深化改革`).
pub(super) fn category_row(cells: &[String], columns: &Columns) -> Option<String> {
    let filled: Vec<(usize, &String)> = cells.iter().enumerate().filter(|(_, c)| !c.is_empty()).collect();
    let after_number = (0..cells.len()).find(|&i| columns.field(i) != Some(Field::Number));
    match filled.as_slice() {
        [] => None,
        [(0, text)] => (columns.field(0) != Some(Field::Task) && arabic(text).is_none()).then(|| text.to_string()),
        [(i, text)] if columns.has(Field::Number) && Some(*i) == after_number => Some(text.to_string()),
        [(_, first), rest @ ..] if !rest.is_empty() && rest.iter().all(|(_, c)| c == first) => Some(first.to_string()),
        [(i, numeral), (j, name)] => {
            let named = matches!(columns.field(*j), Some(Field::Task | Field::Category));
            (columns.field(*i) == Some(Field::Number) && named && chinese(numeral).is_some()).then(|| name.to_string())
        }
        _ => None,
    }
}

/// In a table without numbers, the rows (indices into `rows`) that fill
/// only the task cell where every other row names a unit or a deadline,
/// and that a task follows: the categories of a spreadsheet that lost
/// its merges across the row. Ambiguous, so the caller says it.
pub(super) fn task_only_headings(rows: &[Vec<String>], columns: &Columns) -> BTreeSet<usize> {
    if columns.has(Field::Number) {
        return BTreeSet::new();
    }
    let filled = |r: &[String]| r.iter().enumerate().filter(|(_, c)| !c.is_empty()).map(|(i, _)| i).collect::<Vec<_>>();
    let task_only = |r: &[String]| {
        let cells = filled(r);
        !cells.is_empty() && cells.iter().all(|&i| columns.field(i) == Some(Field::Task))
    };
    let assigned = |r: &[String]| {
        [Field::Lead, Field::Responsible, Field::Support, Field::Deadline]
            .iter()
            .any(|&f| !columns.cells(r, f).is_empty())
    };
    let tasks: Vec<usize> = (0..rows.len())
        .filter(|&i| !filled(&rows[i]).is_empty() && !task_only(&rows[i]))
        .filter(|&i| category_row(&rows[i], columns).is_none() && note_row(&rows[i]).is_none())
        .collect();
    if tasks.is_empty() || !tasks.iter().all(|&i| assigned(&rows[i])) {
        return BTreeSet::new();
    }
    let next_is_task =
        |i: usize| (i + 1..rows.len()).find(|&j| !filled(&rows[j]).is_empty()).is_some_and(|j| tasks.contains(&j));
    (0..rows.len()).filter(|&i| task_only(&rows[i]) && next_is_task(i)).collect()
}

/// The text of a row that is a note on the table (`注:…`, `说明:…`) in
/// its first cell, the others empty or repeating it.
pub(super) fn note_row(cells: &[String]) -> Option<&str> {
    let first = cells.iter().find(|c| !c.is_empty())?;
    let rest = ["注", "备注", "说明"].iter().find_map(|w| first.strip_prefix(w))?;
    let note = rest.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with([':', '、']);
    (note && cells.iter().all(|c| c.is_empty() || c == first)).then_some(first)
}

/// A category's title without its chapter number (`一、`, `(一)`, `1.`),
/// which the group's ID says; as it is when nothing follows the number.
pub(super) fn unnumbered(title: &str) -> &str {
    match crate::import::numbering::marker(title) {
        Some((_, _, rest)) if !rest.trim().is_empty() => rest.trim(),
        _ => title,
    }
}

/// `3`, `3.`, `3、`, `(3)` → 3.
pub(super) fn arabic(number: &str) -> Option<u32> {
    let n = bare_number(number);
    n.parse().ok().filter(|n| *n > 0)
}

/// `一`, `一、`, `(一)` → 1.
pub(super) fn chinese(number: &str) -> Option<u32> {
    crate::import::chinese_number(bare_number(number))
}

pub(super) fn bare_number(number: &str) -> &str {
    let n = number.trim().trim_end_matches(['.', '、', ' ']);
    n.strip_prefix('(').and_then(|n| n.strip_suffix(')')).unwrap_or(n)
}

/// The leaf's number: its 序号 when that is a number not used yet in the
/// group, else the next free one (and why, to be looked at).
pub(super) fn leaf_number(number: &str, used: &BTreeSet<u32>) -> (u32, Option<String>) {
    let next = used.last().map_or(1, |n| n + 1);
    match arabic(number) {
        Some(n) if !used.contains(&n) => (n, None),
        _ if number.is_empty() => (next, None),
        Some(n) => {
            (next, Some(tr!("序号 {n} 重复,改编为 {next}", "number {n} is used twice; numbered {next} instead")))
        }
        None => (
            next,
            Some(tr!("序号 `{number}` 不是数字,编为 {next}", "the number `{number}` is not a number; numbered {next}")),
        ),
    }
}
