//! The numbers that give a prose task list its hierarchy: `一、` chapters,
//! `(一)` sections, `1.` tasks and `(1)` or `①` sub-items, at the start of
//! a line or run together inside one paragraph.

use crate::import::chinese_number;

/// The level a number marks, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// `一、`
    Chapter,
    /// `(一)`
    Section,
    /// `1.`, `1、`, `1﹒`
    Task,
    /// `(1)`, `①`
    Sub,
}

/// The number at the start of `line`, its rank, and the text after it.
pub fn marker(line: &str) -> Option<(Rank, u32, &str)> {
    if let Some((n, rest)) = circled(line) {
        return Some((Rank::Sub, n, rest));
    }
    if let Some((inner, rest)) = line.strip_prefix('(').and_then(|r| r.split_once(')')) {
        if let Some(n) = chinese_number(inner) {
            return Some((Rank::Section, n, rest.trim_start()));
        }
        return arabic(inner).map(|n| (Rank::Sub, n, rest.trim_start()));
    }
    if let Some((numeral, rest)) = line.split_once('、')
        && let Some(n) = chinese_number(numeral)
    {
        return Some((Rank::Chapter, n, rest.trim_start()));
    }
    task_number(line).map(|(n, rest)| (Rank::Task, n, rest))
}

/// `12.text`, `12、text` or `12﹒text` → (12, text). A decimal (`1.5倍`)
/// or a year (`2023年`) is not a number of a task, but a task may start
/// with a date (`2.2023年10月底前…`).
fn task_number(line: &str) -> Option<(u32, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let rest = ['.', '、', '﹒'].iter().find_map(|dot| rest.strip_prefix(*dot))?;
    let next_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if next_digits > 0 && !rest[next_digits..].starts_with(['年', '月']) {
        return None;
    }
    Some((arabic(&line[..digits])?, rest.trim_start()))
}

/// `①` … `⑳` → (1 … 20, rest).
fn circled(line: &str) -> Option<(u32, &str)> {
    let first = line.chars().next()?;
    let n = (first as u32).checked_sub(0x2460).filter(|n| *n < 20)? + 1;
    Some((n, line[first.len_utf8()..].trim_start()))
}

/// A positive number of at most three digits.
fn arabic(text: &str) -> Option<u32> {
    let ok = !text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten().filter(|n| *n > 0)
}

/// Splits a task's paragraph where the next task starts inside it:
/// `1.甲(…)2.乙(…)` holds tasks 1 and 2. A next number counts only right
/// after a closing bracket or a full stop, so `1.5倍` never splits.
pub fn run_together(number: u32, body: &str) -> Vec<(u32, String)> {
    let mut tasks = vec![(number, String::new())];
    let mut depth = 0usize;
    let mut previous = ' ';
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        let next = tasks.last().map_or(number, |(n, _)| n + 1);
        if depth == 0
            && matches!(previous, ')' | '〕' | '】' | ']' | '。' | ';')
            && let Some((n, after)) = task_number(rest).filter(|(n, _)| *n == next)
        {
            tasks.push((n, String::new()));
            rest = after;
            previous = ' ';
            continue;
        }
        depth = depth_after(depth, c);
        tasks.last_mut().expect("one task at least").1.push(c);
        previous = c;
        rest = &rest[c.len_utf8()..];
    }
    tasks.into_iter().map(|(n, text)| (n, text.trim().to_string())).collect()
}

/// Splits a paragraph at its inline sub-items `(1)…(2)…` or `①…②…`,
/// numbered from 1 without a gap: the text before the first, then each
/// item with its number. `None` when there are fewer than two.
pub fn inline_items(body: &str) -> Option<(String, Vec<(u32, String)>)> {
    let mut items: Vec<(u32, String)> = Vec::new();
    let mut prefix = String::new();
    let mut depth = 0usize;
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        let expected = items.len() as u32 + 1;
        if depth == 0
            && let Some((Rank::Sub, n, after)) = marker(rest)
            && n == expected
        {
            items.push((n, String::new()));
            rest = after;
            continue;
        }
        depth = depth_after(depth, c);
        match items.last_mut() {
            Some((_, text)) => text.push(c),
            None => prefix.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    (items.len() >= 2)
        .then(|| (prefix.trim().to_string(), items.into_iter().map(|(n, t)| (n, t.trim().to_string())).collect()))
}

/// The bracket depth after `c`.
fn depth_after(depth: usize, c: char) -> usize {
    match c {
        '(' | '〔' | '【' | '[' => depth + 1,
        ')' | '〕' | '】' | ']' => depth.saturating_sub(1),
        _ => depth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_every_rank() {
        assert_eq!(marker("一、总体要求"), Some((Rank::Chapter, 1, "总体要求")));
        assert_eq!(marker("(十二)加强领导"), Some((Rank::Section, 12, "加强领导")));
        assert_eq!(marker("3.建立台账"), Some((Rank::Task, 3, "建立台账")));
        assert_eq!(marker("3、建立台账"), Some((Rank::Task, 3, "建立台账")));
        assert_eq!(marker("3﹒建立台账"), Some((Rank::Task, 3, "建立台账")));
        assert_eq!(marker("(2)开展培训"), Some((Rank::Sub, 2, "开展培训")));
        assert_eq!(marker("②开展培训"), Some((Rank::Sub, 2, "开展培训")));
        assert_eq!(marker("1.5倍以上"), None);
        assert_eq!(marker("2.2023年底前完成"), Some((Rank::Task, 2, "2023年底前完成")));
        assert_eq!(marker("2023年3月1日"), None);
        assert_eq!(marker("(市财政局负责)"), None);
    }

    #[test]
    fn tasks_run_together_split_after_their_brackets() {
        let tasks = run_together(1, "甲事项(市A局负责)。2.乙事项,提高1.5倍(市B局负责)3、丙事项");
        assert_eq!(
            tasks,
            [(1, "甲事项(市A局负责)。".into()), (2, "乙事项,提高1.5倍(市B局负责)".into()), (3, "丙事项".into())]
        );
        assert_eq!(run_together(4, "甲(市A局负责)6.乙"), [(4, "甲(市A局负责)6.乙".into())]);
    }

    #[test]
    fn inline_items_need_two_in_order() {
        let (prefix, items) = inline_items("做好两项工作:(1)甲(市A局负责);②乙").unwrap();
        assert_eq!(prefix, "做好两项工作:");
        assert_eq!(items, [(1, "甲(市A局负责);".into()), (2, "乙".into())]);
        assert_eq!(inline_items("见附件(1)"), None);
        assert_eq!(inline_items("村(社区)服务(2)"), None);
    }
}
