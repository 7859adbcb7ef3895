//! Minimal text edits to a group file: replace or add one progress entry,
//! add one deadline extension. Pure: text in, text out.
//!
//! Only the lines of the entry change; every other byte of the file —
//! comments, quoting, key order, blank lines — stays as it was, so a diff
//! shows the few lines that matter and edits to different leaves merge.

use crate::layout::{actual_entry, extension_entry, progress_entry};
use crate::model::{Actual, Extension, GroupFile, Measure, Progress};
use crate::tr;
use anyhow::{Result, anyhow, bail};

/// The file split into lines, each with its line ending.
struct Lines<'a> {
    lines: Vec<&'a str>,
    newline: &'static str,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Lines { lines: text.split_inclusive('\n').collect(), newline }
    }

    fn indent(&self, i: usize) -> usize {
        self.lines[i].len() - self.lines[i].trim_start_matches(' ').len()
    }

    /// Blank or comment-only: belongs to no value.
    fn is_filler(&self, i: usize) -> bool {
        let t = self.lines[i].trim();
        t.is_empty() || t.starts_with('#')
    }

    /// The index after the last content line of the block that starts at
    /// `start` and holds the lines indented more than `indent`.
    fn block_end(&self, start: usize, indent: usize) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        while i < self.lines.len() {
            if !self.is_filler(i) {
                if self.indent(i) <= indent {
                    break;
                }
                end = i + 1;
            }
            i += 1;
        }
        end
    }

    /// The line of `key:` at exactly `indent` within `start..end`.
    fn find_key(&self, start: usize, end: usize, indent: usize, key: &str) -> Option<usize> {
        (start..end).find(|&i| {
            self.indent(i) == indent
                && !self.is_filler(i)
                && self.lines[i][indent..].strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
        })
    }

    /// Replaces lines `start..end` with `text` (LF-separated lines).
    fn splice(&self, start: usize, end: usize, text: &str) -> String {
        let mut out = String::new();
        for line in &self.lines[..start] {
            out.push_str(line);
        }
        // A last line without a line ending gets one before anything follows it.
        if start > 0 && start == self.lines.len() && !out.ends_with('\n') {
            out.push_str(self.newline);
        }
        out.push_str(&text.replace('\n', self.newline));
        for line in &self.lines[end..] {
            out.push_str(line);
        }
        out
    }
}

/// A list item's block: its `- id:` line, the line after its last, and the
/// indentation of its keys.
struct Block {
    start: usize,
    end: usize,
    key_indent: usize,
}

/// The block of the item whose `id` value is on 1-based `line`.
fn block_at(lines: &Lines, line: u32, id: &str) -> Result<Block> {
    let start =
        (line as usize).checked_sub(1).ok_or_else(|| anyhow!(tr!("`{id}` 没有位置信息", "`{id}` has no position")))?;
    let dash = lines.indent(start);
    if !lines.lines[start][dash..].starts_with("- ") {
        bail!(tr!("`{id}` 没有写成 `- id:` 列表项", "`{id}` is not written as a `- id:` list item"));
    }
    Ok(Block { start, end: lines.block_end(start, dash), key_indent: dash + 2 })
}

fn leaf<'m>(group: &'m GroupFile, id: &str) -> Result<&'m Measure> {
    crate::model::find(&group.measures, id)
        .ok_or_else(|| anyhow!(tr!("本文件中没有措施 `{id}`", "no leaf `{id}` in this file")))
}

/// The start line of each `- ` item at `indent` in `start..end`.
fn item_starts(lines: &Lines, start: usize, end: usize, indent: usize) -> Vec<usize> {
    (start..end).filter(|&i| lines.indent(i) == indent && lines.lines[i][indent..].starts_with("- ")).collect()
}

/// Puts `rendered` into the block list under `key` of `block`: in place of
/// the item holding 0-based line `existing`, or appended. A missing key is
/// added before the key `before` (or at the end of the block); `key: []`
/// becomes a block list.
fn upsert(
    lines: &Lines,
    block: &Block,
    key: &str,
    existing: Option<usize>,
    rendered: &str,
    before: Option<&str>,
) -> Result<String> {
    let indent = block.key_indent;
    let Some(at) = lines.find_key(block.start, block.end, indent, key) else {
        let at = before.and_then(|b| lines.find_key(block.start, block.end, indent, b)).unwrap_or(block.end);
        return Ok(lines.splice(at, at, &format!("{:indent$}{key}:\n{rendered}", "")));
    };
    let rest = lines.lines[at][indent + key.len() + 1..].trim();
    if rest == "[]" {
        return Ok(lines.splice(at, at + 1, &format!("{:indent$}{key}:\n{rendered}", "")));
    }
    if !rest.is_empty() && !rest.starts_with('#') {
        bail!(tr!(
            "第 {} 行的 `{key}` 没有写成块状列表(`{key}:` 下接 `- ` 各项)",
            "`{key}` on line {} is not written as a block list (`{key}:` followed by `- ` items)",
            at + 1
        ));
    }
    let list_end = lines.block_end(at, indent);
    let Some(line) = existing else {
        return Ok(lines.splice(list_end, list_end, rendered));
    };
    let starts = item_starts(lines, at + 1, list_end, indent + 2);
    let i = starts
        .iter()
        .rposition(|&s| s <= line)
        .ok_or_else(|| anyhow!(tr!("找不到第 {} 行所在的记录", "cannot find the entry on line {}", line + 1)))?;
    let item_end = match starts.get(i + 1) {
        Some(&next) => last_content(lines, starts[i], next),
        None => list_end,
    };
    Ok(lines.splice(starts[i], item_end, rendered))
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
    let rendered = progress_entry(block.key_indent + 2, entry);
    upsert(&lines, &block, "progress", existing, &rendered, None)
}

/// Adds an extension to a leaf: after its last extension, or as a new
/// `extensions:` list just before `progress:`.
pub fn add_extension(text: &str, group: &GroupFile, leaf_id: &str, extension: &Extension) -> Result<String> {
    let lines = Lines::new(text);
    let measure = leaf(group, leaf_id)?;
    let block = block_at(&lines, measure.id.line, leaf_id)?;
    let rendered = extension_entry(block.key_indent + 2, extension);
    upsert(&lines, &block, "extensions", None, &rendered, Some("progress"))
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
    let rendered = actual_entry(block.key_indent + 2, actual);
    upsert(&lines, &block, "actuals", existing, &rendered, None)
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
