//! Canonical layout for a hand-edited group file, keeping its comments.
//! Pure: text in, text out.
//!
//! The file is re-rendered by `layout`, which knows nothing of comments, so
//! each comment is tied to an anchor — the key of the next line, under the
//! list items that enclose it (`measures[17.1]/items[17.1.2]:due`) — and put
//! back before the line with the same anchor in the new text.

use crate::layout::{HEADER, group_file};
use crate::model::GroupFile;
use std::collections::HashMap;

/// The file in the canonical layout, with the original's comments.
pub fn reformat(original: &str, group: &GroupFile) -> String {
    let canonical = group_file(group);
    let header: Vec<&str> = HEADER.lines().collect();
    let mut before: HashMap<String, Vec<String>> = HashMap::new();
    let mut trailing: HashMap<String, String> = HashMap::new();
    let mut pending: Vec<String> = Vec::new();
    for (anchor, line) in anchors(original) {
        match anchor {
            None => {
                let comment = line.trim();
                if !comment.is_empty() && !header.contains(&comment) {
                    pending.push(comment.to_string());
                }
            }
            Some(anchor) => {
                if let Some(comment) = trailing_comment(line) {
                    trailing.insert(anchor.clone(), comment.to_string());
                }
                if !pending.is_empty() {
                    before.entry(anchor).or_default().append(&mut pending);
                }
            }
        }
    }
    let mut out = String::with_capacity(canonical.len());
    for (anchor, line) in anchors(&canonical) {
        let indent = line.len() - line.trim_start().len();
        if let Some(anchor) = &anchor {
            for comment in before.remove(anchor).unwrap_or_default() {
                out.push_str(&format!("{:indent$}{comment}\n", ""));
            }
        }
        out.push_str(line);
        if let Some(comment) = anchor.as_ref().and_then(|a| trailing.remove(a)) {
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

/// Each line with its anchor; `None` for blank and comment lines.
fn anchors(text: &str) -> Vec<(Option<String>, &str)> {
    // (indentation of the keys, path, the last key seen at that level)
    let mut stack: Vec<(usize, String, String)> = vec![(0, String::new(), String::new())];
    let mut out = Vec::new();
    for line in text.lines() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            out.push((None, line));
            continue;
        }
        let indent = line.len() - content.len();
        let (keys_at, body) = match content.strip_prefix("- ") {
            Some(body) => (indent + 2, body),
            None => (indent, content),
        };
        while stack.len() > 1 && stack.last().is_some_and(|(at, ..)| *at > indent) {
            stack.pop();
        }
        let key = body.split(':').next().unwrap_or_default().to_string();
        if content.starts_with("- ") {
            let (_, parent, list) = stack.last().cloned().unwrap_or_default();
            let value = body.split_once(':').map_or("", |(_, v)| v).trim();
            let value = value.split(" #").next().unwrap_or(value).trim().trim_matches(['"', '\'']);
            stack.push((keys_at, format!("{parent}/{list}[{value}]"), key.clone()));
        } else if let Some(top) = stack.last_mut() {
            top.2 = key.clone();
        }
        let path = &stack.last().map(|(_, p, _)| p.clone()).unwrap_or_default();
        out.push((Some(format!("{path}:{key}")), line));
    }
    out
}

/// A `# comment` after a value on the same line, outside quotes.
fn trailing_comment(line: &str) -> Option<&str> {
    let mut quoted = false;
    let mut escaped = false;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\\' if quoted => escaped = !escaped,
            '"' if !escaped => quoted = !quoted,
            '#' if !quoted && previous == ' ' => return Some(&line[i..]),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
        previous = c;
    }
    None
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
