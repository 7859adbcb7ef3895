//! Canonical layout for a hand-edited group file, keeping its comments.
//! Pure: text in, text out.
//!
//! The file is re-rendered by `layout`, which knows nothing of comments, so
//! each comment is tied to an anchor — the list item it stands before
//! (`/measures[16]/items[1]`), or the key of the next line under the items
//! that enclose it (`/measures[16]/items[1]:due`) — and put back before the
//! line with the same anchor in the new text. Items are counted, not named:
//! `fmt` keeps their order, but not their quoting or the order of their keys.

use crate::model::GroupFile;
use crate::store::layout::{HEADER, group_file};
use crate::store::yaml_lines::{Kind, lines};
use std::collections::HashMap;

/// A comment and the byte of the original where it stood.
type Comment = (usize, String);

/// The file in the canonical layout, with the original's comments.
pub fn reformat(original: &str, group: &GroupFile) -> String {
    let canonical = group_file(group);
    let header: Vec<&str> = HEADER.lines().collect();
    let mut before: HashMap<String, Vec<Comment>> = HashMap::new();
    let mut trailing: HashMap<String, Comment> = HashMap::new();
    let mut pending: Vec<Comment> = Vec::new();
    for line in anchors(original) {
        let Some(anchor) = line.anchor else {
            // Comment lines, and comments after the end of a value that
            // began on an earlier line: kept as lines of their own.
            let comment = line.comment.map(|(_, c)| c.trim()).filter(|c| !c.is_empty());
            if let Some(comment) = comment.filter(|c| !(line.text.trim() == *c && header.contains(c))) {
                pending.push((line.start, comment.to_string()));
            }
            continue;
        };
        if let Some((at, comment)) = line.comment {
            trailing.insert(anchor.key.clone(), (at, comment.to_string()));
        }
        if !pending.is_empty() {
            before.entry(anchor.item.unwrap_or(anchor.key)).or_default().append(&mut pending);
        }
    }
    let mut out = String::with_capacity(canonical.len());
    for line in anchors(&canonical) {
        let indent = line.text.len() - line.text.trim_start().len();
        if let Some(anchor) = &line.anchor {
            let comments = anchor.item.iter().chain([&anchor.key]).flat_map(|a| before.remove(a).unwrap_or_default());
            for (_, comment) in comments {
                out.push_str(&format!("{:indent$}{comment}\n", ""));
            }
        }
        out.push_str(line.text);
        if let Some((_, comment)) = line.anchor.as_ref().and_then(|a| trailing.remove(&a.key)) {
            out.push_str("  ");
            out.push_str(&comment);
        }
        out.push('\n');
    }
    // Comments whose line is gone (an empty list the layout leaves out) and
    // comments at the end of the file go to the end, in their order.
    let mut rest: Vec<Comment> = before.into_values().flatten().chain(trailing.into_values()).chain(pending).collect();
    rest.sort();
    for (_, comment) in rest {
        out.push_str(&comment);
        out.push('\n');
    }
    out
}

/// Where a line of content stands.
struct Anchor {
    /// The list item the line starts, if it starts one.
    item: Option<String>,
    /// The line's key under the items that enclose it.
    key: String,
}

/// A line of the text with what `reformat` needs of it.
struct Anchored<'a> {
    /// `None` for blank and comment lines and for the continuations of
    /// values begun on an earlier line.
    anchor: Option<Anchor>,
    /// Where the line starts in the text.
    start: usize,
    /// The line without its line break.
    text: &'a str,
    /// Its comment, from the `#`, and where that stands in the text.
    comment: Option<(usize, &'a str)>,
}

/// An enclosing level: the column of its keys, its path, the last key seen
/// at it and how many list items that key has had.
struct Level {
    keys_at: usize,
    path: String,
    key: String,
    items: usize,
}

/// Each line with its anchor.
fn anchors(text: &str) -> Vec<Anchored<'_>> {
    let root = Level { keys_at: 0, path: String::new(), key: String::new(), items: 0 };
    let mut stack: Vec<Level> = vec![root];
    let mut out = Vec::new();
    for line in lines(text) {
        let comment = line.comment.map(|at| (at, text[at..line.end].trim_end_matches([' ', '\t'])));
        let content = &text[line.start..line.end];
        if line.kind != Kind::Content {
            out.push(Anchored { anchor: None, start: line.start, text: content, comment });
            continue;
        }
        let indent = line.indent;
        while stack.len() > 1 && stack.last().is_some_and(|level| level.keys_at > indent) {
            stack.pop();
        }
        let key = line.key.as_ref().map(|k| k.name.clone()).unwrap_or_default();
        let mut item = None;
        if line.dash {
            let parent = stack.last_mut().expect("the root stays");
            let path = format!("{}/{}[{}]", parent.path, parent.key, parent.items);
            parent.items += 1;
            let keys_at = line.key.as_ref().map_or(indent + 2, |k| k.column);
            stack.push(Level { keys_at, path: path.clone(), key: key.clone(), items: 0 });
            item = Some(path);
        } else if let Some(top) = stack.last_mut() {
            if top.key != key {
                top.items = 0;
            }
            top.key = key.clone();
        }
        let path = &stack.last().expect("the root stays").path;
        let anchor = Anchor { item, key: format!("{path}:{key}") };
        out.push(Anchored { anchor: Some(anchor), start: line.start, text: content, comment });
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
