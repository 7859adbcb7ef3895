//! Canonical layout for a hand-edited group file, keeping its comments.
//! Pure: text in, text out.
//!
//! The file is re-rendered by `layout`, which knows nothing of comments, so
//! each comment is tied to an anchor — the key of the next line, under the
//! list items that enclose it (`measures[17.1]/items[17.1.2]:due`) — and put
//! back before the line with the same anchor in the new text.

use crate::layout::{HEADER, group_file};
use crate::model::GroupFile;
use crate::yaml_lines::{Kind, lines};
use std::collections::HashMap;

/// The file in the canonical layout, with the original's comments.
pub fn reformat(original: &str, group: &GroupFile) -> String {
    let canonical = group_file(group);
    let header: Vec<&str> = HEADER.lines().collect();
    let mut before: HashMap<String, Vec<String>> = HashMap::new();
    let mut trailing: HashMap<String, String> = HashMap::new();
    let mut pending: Vec<String> = Vec::new();
    for line in anchors(original) {
        match line.anchor {
            None => {
                // Comment lines, and comments after the end of a value that
                // began on an earlier line: kept as lines of their own.
                let comment = line.comment.map(str::trim).filter(|c| !c.is_empty());
                if let Some(comment) = comment.filter(|c| !(line.text.trim() == *c && header.contains(c))) {
                    pending.push(comment.to_string());
                }
            }
            Some(anchor) => {
                if let Some(comment) = line.comment {
                    trailing.insert(anchor.clone(), comment.to_string());
                }
                if !pending.is_empty() {
                    before.entry(anchor).or_default().append(&mut pending);
                }
            }
        }
    }
    let mut out = String::with_capacity(canonical.len());
    for line in anchors(&canonical) {
        let indent = line.text.len() - line.text.trim_start().len();
        if let Some(anchor) = &line.anchor {
            for comment in before.remove(anchor).unwrap_or_default() {
                out.push_str(&format!("{:indent$}{comment}\n", ""));
            }
        }
        out.push_str(line.text);
        if let Some(comment) = line.anchor.as_ref().and_then(|a| trailing.remove(a)) {
            out.push_str("  ");
            out.push_str(&comment);
        }
        out.push('\n');
    }
    // Comments whose line is gone (an empty list the layout leaves out) and
    // comments at the end of the file go to the end, in their order.
    let mut rest: Vec<String> = before.into_values().flatten().chain(pending).collect();
    rest.sort_by_key(|c| original.find(c.as_str()));
    for comment in rest {
        out.push_str(&comment);
        out.push('\n');
    }
    out
}

/// A line of the text with what `reformat` needs of it.
struct Anchored<'a> {
    /// The key path of a line where content starts; `None` for blank and
    /// comment lines and for the continuations of values.
    anchor: Option<String>,
    /// The line without its line break.
    text: &'a str,
    /// Its comment, from the `#`.
    comment: Option<&'a str>,
}

/// Each line with its anchor.
fn anchors(text: &str) -> Vec<Anchored<'_>> {
    // (indentation of the keys, path, the last key seen at that level)
    let mut stack: Vec<(usize, String, String)> = vec![(0, String::new(), String::new())];
    let mut out = Vec::new();
    for line in lines(text) {
        let comment = line.comment.map(|at| text[at..line.end].trim_end_matches([' ', '\t']));
        let content = &text[line.start..line.end];
        if line.kind != Kind::Content {
            out.push(Anchored { anchor: None, text: content, comment });
            continue;
        }
        let indent = line.indent;
        let keys_at = line.key.as_ref().map_or(indent + 2, |k| k.column);
        while stack.len() > 1 && stack.last().is_some_and(|(at, ..)| *at > indent) {
            stack.pop();
        }
        let key = line.key.as_ref().map(|k| k.name.clone()).unwrap_or_default();
        if line.dash {
            let (_, parent, list) = stack.last().cloned().unwrap_or_default();
            let value = line.key.as_ref().map_or("", |k| &text[k.value..line.comment.unwrap_or(line.end)]);
            let value = value.trim().trim_matches(['"', '\'']);
            stack.push((keys_at, format!("{parent}/{list}[{value}]"), key.clone()));
        } else if let Some(top) = stack.last_mut() {
            top.2 = key.clone();
        }
        let path = &stack.last().map(|(_, p, _)| p.clone()).unwrap_or_default();
        out.push(Anchored { anchor: Some(format!("{path}:{key}")), text: content, comment });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
group: '1'
# 说明: 测试
title:   \"t\"
measures:
  # 第一项
  - id: '1.1'
    text: \"a\"   # 行尾注释
    units: [\"甲\"]
    progress: []
duties: []
# 文件末尾
";

    #[test]
    fn comments_survive_and_the_rest_is_canonical() {
        let group = crate::store::parse_group(FILE).unwrap();
        let out = reformat(FILE, &group);
        assert!(out.contains("# 说明: 测试\ntitle: \"t\"\n"), "{out}");
        assert!(out.contains("measures:\n  # 第一项\n  - id: \"1.1\"\n    text: \"a\"  # 行尾注释\n"), "{out}");
        assert!(out.ends_with("duties: []\n# 文件末尾\n"), "{out}");
        assert!(out.contains("group: \"1\"\n"));
        assert_eq!(reformat(&out, &crate::store::parse_group(&out).unwrap()), out, "formatting twice changes nothing");
    }

    #[test]
    fn a_canonical_file_is_unchanged() {
        let group = crate::store::parse_group(FILE).unwrap();
        let canonical = group_file(&group);
        assert_eq!(reformat(&canonical, &group), canonical);
    }
}
