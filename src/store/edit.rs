//! Minimal text edits to a group file: replace or add one progress entry,
//! add one deadline extension. Pure: text in, text out.
//!
//! Only the lines of the entry change; every other byte of the file —
//! comments, quoting, key order, blank lines — stays as it was, so a diff
//! shows the few lines that matter and edits to different leaves merge.

use crate::model::{Actual, Extension, GroupFile, Measure, Progress};
use crate::store::layout::{actual_entry, extension_entry, progress_entry};
use crate::store::yaml_lines::{Kind, Line, dominant_break, lines};
use crate::tr;
use anyhow::{Result, anyhow};

/// The file split into lines as YAML reads them.
struct Lines<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// The line break of inserted lines: the one most lines already end with.
    newline: &'static str,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines { text, lines: lines(text), newline: dominant_break(text) }
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    /// Blank or comment-only: belongs to no value.
    fn is_filler(&self, i: usize) -> bool {
        matches!(self.lines[i].kind, Kind::Blank | Kind::Comment)
    }

    /// Whether line `i` starts a block sequence entry at `indent`.
    fn is_item(&self, i: usize, indent: usize) -> bool {
        let line = &self.lines[i];
        line.kind == Kind::Content && line.dash && line.indent == indent
    }

    /// Whether line `i` holds `key:` as its first key, at `column`.
    fn has_key(&self, i: usize, column: usize, key: &str) -> bool {
        let line = &self.lines[i];
        line.kind == Kind::Content && line.key.as_ref().is_some_and(|k| k.column == column && k.name == key)
    }

    /// The index after the last content line of the block that starts at
    /// `start` and holds the lines indented more than `indent` (and the
    /// continuations of values begun in it, however indented).
    fn block_end(&self, start: usize, indent: usize) -> usize {
        let mut end = start + 1;
        for i in start + 1..self.len() {
            match self.lines[i].kind {
                Kind::Blank | Kind::Comment => {}
                Kind::Continuation => end = i + 1,
                Kind::Content if self.lines[i].indent <= indent => break,
                Kind::Content => end = i + 1,
            }
        }
        end
    }

    /// The line of `key:` at `column` within `start..end`.
    fn find_key(&self, start: usize, end: usize, column: usize, key: &str) -> Option<usize> {
        (start..end).find(|&i| self.has_key(i, column, key))
    }

    /// Where line `i` starts; the end of the text past the last line.
    fn offset(&self, i: usize) -> usize {
        self.lines.get(i).map_or(self.text.len(), |line| line.start)
    }

    /// Replaces lines `start..end` with `text` (LF-separated lines).
    fn splice(&self, start: usize, end: usize, text: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + text.len());
        out.push_str(&self.text[..self.offset(start)]);
        // A last line without a line ending gets one before anything follows it.
        if start > 0 && start == self.len() && !out.ends_with(['\n', '\r']) {
            out.push_str(self.newline);
        }
        out.push_str(&text.replace('\n', self.newline));
        out.push_str(&self.text[self.offset(end)..]);
        out
    }
}

/// A refusal for a file laid out in a way these edits do not handle: valid
/// YAML, but `fmt` must put it in the canonical layout first.
fn unusual(what: String) -> anyhow::Error {
    anyhow!(tr!(
        "{what},无法就地修改;未做任何更改\nhint: 请先运行 `taizhang fmt` 把文件整理为规范格式,再重试",
        "{what}, which cannot be edited in place; nothing was changed\nhint: run `taizhang fmt` to put the file in the canonical layout, then try again"
    ))
}

/// A list item's block: its first line, the line after its last, and the
/// column of its keys.
struct Block {
    start: usize,
    end: usize,
    key_indent: usize,
}

/// The block of the item whose `id` value is on 1-based `line`: a block
/// mapping in a block sequence, its `id` key on the entry's first line
/// (`- id:`) or among its keys below.
fn block_at(lines: &Lines, line: u32, id: &str) -> Result<Block> {
    let at = (line as usize)
        .checked_sub(1)
        .filter(|&i| i < lines.len())
        .ok_or_else(|| anyhow!(tr!("`{id}` 没有位置信息", "`{id}` has no position")))?;
    let not_a_block = || {
        unusual(tr!(
            "第 {line} 行的 `{id}` 没有写成块状的 `- id:` 列表项",
            "`{id}` on line {line} is not a block `- id:` list item"
        ))
    };
    // A value written below its key (a block scalar, or on a line of its
    // own) is located there: its key is on the nearest line above with one.
    let mut at = at;
    while at > 0 && lines.lines[at].key.is_none() && !lines.lines[at].dash {
        at -= 1;
    }
    let Some(column) = lines.lines[at].key.as_ref().filter(|k| k.name == "id").map(|k| k.column) else {
        return Err(not_a_block());
    };
    if lines.lines[at].kind != Kind::Content {
        return Err(not_a_block());
    }
    // The entry's first line: this one, or the nearest line above that is
    // less indented than the keys.
    let mut start = at;
    while !(lines.lines[start].dash && lines.lines[start].indent < column) {
        start = start.checked_sub(1).ok_or_else(not_a_block)?;
        let above = &lines.lines[start];
        // A sibling key, something deeper, or the entry's own dash line.
        let inside = above.kind != Kind::Content || above.indent >= column;
        let entry = above.dash && above.key.as_ref().is_none_or(|k| k.column == column);
        if !(inside || entry) {
            return Err(not_a_block());
        }
    }
    let dash = lines.lines[start].indent;
    if lines.lines[start].key.as_ref().is_some_and(|k| k.column != column) {
        return Err(not_a_block());
    }
    Ok(Block { start, end: lines.block_end(start, dash), key_indent: column })
}

fn leaf<'m>(group: &'m GroupFile, id: &str) -> Result<&'m Measure> {
    crate::model::find(&group.measures, id)
        .ok_or_else(|| anyhow!(tr!("本文件中没有措施 `{id}`", "no leaf `{id}` in this file")))
}

/// Puts an entry into the block list under `key` of `block`: in place of
/// the item holding 0-based line `existing`, or appended. `render` writes
/// the entry with its dash at the column it is given. A missing key is
/// added before the key `before` (or at the end of the block); `key: []`
/// becomes a block list.
fn upsert(
    lines: &Lines,
    block: &Block,
    key: &str,
    existing: Option<usize>,
    render: impl Fn(usize) -> String,
    before: Option<&str>,
) -> Result<String> {
    let indent = block.key_indent;
    let Some(at) = lines.find_key(block.start, block.end, indent, key) else {
        let at = before.and_then(|b| lines.find_key(block.start + 1, block.end, indent, b)).unwrap_or(block.end);
        return Ok(lines.splice(at, at, &format!("{:indent$}{key}:\n{}", "", render(indent + 2))));
    };
    let line = &lines.lines[at];
    let value = line.key.as_ref().map_or(line.end, |k| k.value);
    let rest = lines.text[value..line.comment.unwrap_or(line.end)].trim_matches([' ', '\t']);
    let empty = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')).is_some_and(|r| r.trim().is_empty());
    if empty {
        // `key: []` becomes `key:` and the list; a comment stays on its line.
        let close = value + lines.text[value..].find(']').unwrap_or(0);
        let head = &lines.text[line.start..value];
        let tail = lines.text[close + 1..line.end].trim_end_matches([' ', '\t']);
        let tail = if tail.trim_start_matches([' ', '\t']).is_empty() { "" } else { tail };
        return Ok(lines.splice(at, at + 1, &format!("{head}{tail}\n{}", render(indent + 2))));
    }
    if !rest.is_empty() {
        return Err(unusual(tr!(
            "第 {} 行的 `{key}` 没有写成块状列表(`{key}:` 下接 `- ` 各项)",
            "`{key}` on line {} is not written as a block list (`{key}:` followed by `- ` items)",
            at + 1
        )));
    }
    // The items: block sequence entries at the column of the first, which
    // may stand at the key's own column or deeper.
    let first = (at + 1..lines.len()).find(|&i| !lines.is_filler(i));
    let dash = match first {
        Some(i) if lines.lines[i].kind == Kind::Content && lines.lines[i].dash && lines.lines[i].indent >= indent => {
            lines.lines[i].indent
        }
        // `key:` and nothing under it: the list starts here.
        _ if existing.is_none() => return Ok(lines.splice(at + 1, at + 1, &render(indent + 2))),
        _ => {
            return Err(unusual(tr!(
                "第 {} 行的 `{key}` 下没有列表项",
                "`{key}` on line {} has no list items",
                at + 1
            )));
        }
    };
    let mut list_end = at + 1;
    for i in at + 1..lines.len() {
        let line = &lines.lines[i];
        match line.kind {
            Kind::Blank | Kind::Comment => {}
            Kind::Content if line.indent < dash || (line.indent == dash && !line.dash) => break,
            _ => list_end = i + 1,
        }
    }
    let Some(line) = existing else {
        return Ok(lines.splice(list_end, list_end, &render(dash)));
    };
    let starts: Vec<usize> = (at + 1..list_end).filter(|&i| lines.is_item(i, dash)).collect();
    let i = starts.iter().rposition(|&s| s <= line).filter(|_| line < list_end).ok_or_else(|| {
        unusual(tr!("找不到第 {} 行所在的记录", "the entry on line {} is not where it was expected", line + 1))
    })?;
    let item_end = match starts.get(i + 1) {
        Some(&next) => last_content(lines, starts[i], next),
        None => list_end,
    };
    Ok(lines.splice(starts[i], item_end, &render(dash)))
}

/// Replaces the progress entry of the unit for which `is_unit` holds, or
/// appends `entry` to the leaf's progress list.
pub fn set_progress(
    text: &str,
    group: &GroupFile,
    leaf_id: &str,
    is_unit: impl Fn(&str) -> bool,
    entry: &Progress,
) -> Result<String> {
    let lines = Lines::new(text);
    let measure = leaf(group, leaf_id)?;
    let block = block_at(&lines, measure.id.line, leaf_id)?;
    let existing = measure.progress.iter().find(|p| is_unit(&p.unit.value)).map(|p| p.unit.line as usize - 1);
    upsert(&lines, &block, "progress", existing, |dash| progress_entry(dash, entry), None)
}

/// Adds an extension to a leaf: after its last extension, or as a new
/// `extensions:` list just before `progress:`.
pub fn add_extension(text: &str, group: &GroupFile, leaf_id: &str, extension: &Extension) -> Result<String> {
    let lines = Lines::new(text);
    let measure = leaf(group, leaf_id)?;
    let block = block_at(&lines, measure.id.line, leaf_id)?;
    upsert(&lines, &block, "extensions", None, |dash| extension_entry(dash, extension), Some("progress"))
}

/// Replaces the actual value for which `is_same` holds (same period and
/// unit), or appends `actual` to the indicator's list.
pub fn set_actual(
    text: &str,
    group: &GroupFile,
    indicator_id: &str,
    is_same: impl Fn(&Actual) -> bool,
    actual: &Actual,
) -> Result<String> {
    let lines = Lines::new(text);
    let indicator = group.indicators.iter().find(|i| i.id.value == indicator_id).ok_or_else(|| {
        anyhow!(tr!("本文件中没有指标 `{indicator_id}`", "no indicator `{indicator_id}` in this file"))
    })?;
    let block = block_at(&lines, indicator.id.line, indicator_id)?;
    let existing = indicator.actuals.iter().find(|a| is_same(a)).map(|a| a.period.line as usize - 1);
    upsert(&lines, &block, "actuals", existing, |dash| actual_entry(dash, actual), None)
}

/// The index after the last content line in `start..end`.
fn last_content(lines: &Lines, start: usize, end: usize) -> usize {
    (start..end).rev().find(|&i| !lines.is_filler(i)).map_or(start + 1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Located;

    const FILE: &str = "\
group: \"1\"
title: \"t\"
measures:
  - id: \"1.1\"
    text: \"a\"
    units: [\"甲\", \"乙\"]
    progress: []
  # a comment that stays
  - id: \"1.2\"
    units: [\"甲\"]
    progress:
      - unit: \"甲\"
        status: \"doing\"

      - unit: \"乙\"  # kept
        status: \"todo\"
duties: []
";

    fn entry(unit: &str, status: &str) -> Progress {
        Progress {
            unit: Located::new(unit.into()),
            status: Located::new(status.into()),
            date: Some(Located::new("2021-03-01".into())),
            note: None,
            evidence: vec![],
        }
    }

    fn parsed(text: &str) -> GroupFile {
        crate::store::parse_group(text).unwrap()
    }

    #[test]
    fn first_entry_replaces_the_empty_list() {
        let out = set_progress(FILE, &parsed(FILE), "1.1", |u| u == "甲", &entry("甲", "done")).unwrap();
        let expected = FILE.replace(
            "    progress: []\n",
            "    progress:\n      - unit: \"甲\"\n        status: \"done\"\n        date: \"2021-03-01\"\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn an_entry_is_replaced_in_place() {
        let out = set_progress(FILE, &parsed(FILE), "1.2", |u| u == "甲", &entry("甲", "done")).unwrap();
        let expected = FILE.replace(
            "      - unit: \"甲\"\n        status: \"doing\"\n",
            "      - unit: \"甲\"\n        status: \"done\"\n        date: \"2021-03-01\"\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn a_new_unit_is_appended_after_the_last_entry() {
        let file = FILE.replace("      - unit: \"乙\"  # kept\n        status: \"todo\"\n", "");
        let out = set_progress(&file, &parsed(&file), "1.2", |u| u == "乙", &entry("乙", "doing")).unwrap();
        assert!(
            out.contains("        status: \"doing\"\n      - unit: \"乙\"\n        status: \"doing\"\n        date"),
            "{out}"
        );
        assert!(out.ends_with("        date: \"2021-03-01\"\n\nduties: []\n"), "the blank line stays where it was");
        assert!(out.ends_with("duties: []\n"));
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let file = FILE.replace('\n', "\r\n");
        let out = set_progress(&file, &parsed(&file), "1.1", |u| u == "甲", &entry("甲", "done")).unwrap();
        assert!(!out.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn an_extension_goes_before_progress() {
        let ext = Extension {
            unit: None,
            to: Located::new("2021-06".into()),
            reason: "疫情".into(),
            approval: Some("宜司发〔2021〕1号".into()),
            requested_by: None,
            date: None,
        };
        let out = add_extension(FILE, &parsed(FILE), "1.1", &ext).unwrap();
        assert!(out.contains("    units: [\"甲\", \"乙\"]\n    extensions:\n      - to: \"2021-06\"\n        reason: \"疫情\"\n        approval: \"宜司发〔2021〕1号\"\n    progress: []\n"), "{out}");
        let again = add_extension(&out, &parsed(&out), "1.1", &ext).unwrap();
        assert_eq!(again.matches("- to: \"2021-06\"").count(), 2);
    }

    #[test]
    fn flow_lists_are_refused() {
        let file = FILE.replace("    progress: []\n", "    progress: [{unit: \"甲\", status: \"doing\"}]\n");
        assert!(set_progress(&file, &parsed(&file), "1.1", |u| u == "甲", &entry("甲", "done")).is_err());
    }
}
