//! Deadlines as task lists word them: in an assignment, a labelled line or
//! a table cell (`9月底完成`, read in the document's year), and inside a
//! task's own text (`2023年10月底前完成…`), for tasks whose assignment gives
//! none.

use crate::model::due::Due;
use crate::model::{Located, Measure};
use crate::tr;

/// A deadline's wording as read.
pub enum Worded {
    /// A deadline; with the doubt to report when its year was not written
    /// and the document's was taken.
    Due(Due, Option<String>),
    /// A deadline without its year in a document that names none: the doubt.
    NoYear(String),
    /// Not a deadline.
    Not,
}

/// Reads a deadline as an assignment, a labelled line or a table cell
/// words it; `year` is the document's, for a month written without one.
pub fn worded(wording: &str, year: Option<i32>) -> Worded {
    let wording = wording.trim();
    match (Due::from_wording(wording), Due::from_wording_in(wording, year)) {
        (Some(due), _) => Worded::Due(due, None),
        (None, Some(due)) => Worded::Due(
            due,
            year.map(|year| {
                tr!(
                    "完成时限 `{wording}` 没有写年份,按文件中的 {year} 年读取",
                    "deadline `{wording}` has no year; read as {year}, the document's"
                )
            }),
        ),
        // Read in any year (here 2000), it is one: only the year is missing.
        (None, None) if Due::from_wording_in(wording, Some(2000)).is_some() => Worded::NoYear(tr!(
            "完成时限 `{wording}` 没有年份,文件中也找不到年份,未导入",
            "deadline `{wording}` has no year and the document gives none, left out"
        )),
        (None, None) => Worded::Not,
    }
}

/// Gives a leaf whose assignment names no deadline the one its text names
/// (`due_source: text`). When the text names several, none is taken and
/// the doubt to report is returned.
pub fn take(m: &mut Measure) -> Option<String> {
    match phrases(&m.text).as_slice() {
        [] => None,
        [(wording, due)] => {
            m.due = Some(Located::new(due.key()));
            m.due_text = Some(Located::new(wording.to_string()));
            m.due_source = Some(Located::new("text".to_string()));
            None
        }
        several => {
            let words: Vec<&str> = several.iter().map(|(w, _)| *w).collect();
            let id = &m.id.value;
            Some(tr!(
                "{id} 的正文中有多个完成时限({}),均未采用",
                "{id}: the text names several deadlines ({}), none was taken",
                words.join("、")
            ))
        }
    }
}

/// The longest wording after a year that could still be a deadline:
/// `年12月31日以前` is eleven characters.
const LONGEST: usize = 12;

/// Every deadline phrase of `text`, as written: a year with what follows
/// it (`2023年10月底前`, `2023年底`, `2023年6月30日前`), read as a deadline
/// only when it says `前`, `底` or `末`, or `完成` follows it, so that
/// `自2023年3月起` is not one.
pub fn phrases(text: &str) -> Vec<(&str, Due)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = next_year(text, from) {
        match phrase_at(&text[start..]) {
            Some((len, due)) => {
                found.push((&text[start..start + len], due));
                from = start + len;
            }
            None => from = start + 4,
        }
    }
    found
}

/// The byte offset of the next `20xx年` at or after `from`.
fn next_year(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..bytes.len().saturating_sub(3)).find(|&i| {
        bytes[i..i + 2] == *b"20"
            && bytes[i + 2..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && text[i + 4..].starts_with('年')
    })
}

/// What a task's text says about deadlines that the leaf does not use: a
/// deadline without its year (`6月底前完成`, `年底前`; `每年6月底前` recurs and
/// is none), or one other than the leaf's own. The doubt to report, if any.
pub fn unused(m: &Measure) -> Option<String> {
    let id = &m.id.value;
    let own = m.due.as_ref().and_then(|d| Due::from_key(&d.value));
    let other: Vec<&str> = phrases(&m.text).into_iter().filter(|(_, due)| Some(*due) != own).map(|(w, _)| w).collect();
    if own.is_some() && m.due_source.is_none() && !other.is_empty() {
        let due = m.due_text.as_ref().map_or("", |d| d.value.as_str());
        return Some(tr!(
            "{id}: 正文中的时限 {} 与分工中的完成时限 `{due}` 不同,以分工为准",
            "{id}: the text names the deadline {} but the assignment `{due}`, which was taken",
            quoted(&other)
        ));
    }
    let yearless = yearless(&m.text);
    (own.is_none() && !yearless.is_empty()).then(|| {
        tr!(
            "{id}: 正文中的时限 {} 没有写明年份,未采用",
            "{id}: the text names the deadline {} without its year; it was not taken",
            quoted(&yearless)
        )
    })
}

fn quoted(words: &[&str]) -> String {
    words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join("、")
}

/// How a deadline without its year ends: `6月底前`, `年底前`, `三季度末`.
const YEARLESS_ENDS: [&str; 9] = ["月底前", "月底", "月末", "月前", "年底前", "年底", "上半年", "下半年", "季度末"];

/// Deadlines written without their year: a month, quarter or half named
/// with `底`/`末`/`前`, not after a year (`2023年…` is a whole deadline) and
/// not after `每` (`每月…`, `每年…`: a recurring date).
fn yearless(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, _) in text.char_indices() {
        let Some(end) = YEARLESS_ENDS.iter().find(|e| text[at..].starts_with(**e)) else { continue };
        // The number before it: `6`, `十二`, `第三`.
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九十第".contains(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let before = text[..start].chars().next_back();
        let needs_number = !end.starts_with('年') && !end.ends_with("半年");
        if (needs_number && start == at) || matches!(before, Some('年' | '每')) || text[..start].ends_with("每年") {
            continue;
        }
        let phrase = &text[start..at + end.len()];
        // `6月底前` is found at `月底前`, then again at `月底`: keep the first.
        if !found.iter().any(|f: &&str| f.contains(phrase) || phrase.contains(*f)) {
            found.push(phrase);
        }
    }
    found
}

/// The longest deadline phrase at the start of `text`: its length in bytes.
fn phrase_at(text: &str) -> Option<(usize, Due)> {
    let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).take(5 + LONGEST).collect();
    ends.into_iter().rev().find_map(|end| {
        let candidate = &text[..end];
        let due = Due::from_wording(candidate).filter(|_| !candidate.ends_with("完成"))?;
        let says_by = candidate.ends_with(['前', '底', '末']) || text[end..].starts_with("完成");
        says_by.then_some((end, due))
    })
}

/// The last year (`2023年`, or that of `2023-03-02`) written in `text`.
pub fn last_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .rev()
        .filter(|&i| bytes[i..i + 2] == *b"20" && bytes[i..i + 4].iter().all(u8::is_ascii_digit))
        .filter(|&i| i == 0 || !bytes[i - 1].is_ascii_digit())
        .find(|&i| text[i + 4..].starts_with(['年', '-', '〕', ']']))
        .and_then(|i| text[i..i + 4].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        phrases(text).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn the_last_year_written() {
        assert_eq!(last_year("到2025年,2023年底前完成"), Some(2023));
        assert_eq!(last_year("发布时间:2024-03-02"), Some(2024));
        assert_eq!(last_year("12023年"), None);
        assert_eq!(last_year("无"), None);
        assert_eq!(last_year("宜府办发〔2024〕12号"), Some(2024));
    }

    #[test]
    fn deadlines_without_their_year() {
        assert_eq!(yearless("建设政务云平台,6月底前完成迁移。"), ["6月底前"]);
        assert_eq!(yearless("年底前完成100项证照电子化"), ["年底前"]);
        assert_eq!(yearless("三季度末前出台实施方案"), ["三季度末"]);
        assert_eq!(yearless("上半年完成平台上线"), ["上半年"]);
        assert!(yearless("每年6月底前报送年度报告").is_empty());
        assert!(yearless("每季度末通报").is_empty());
        assert!(yearless("2023年6月底前完成").is_empty());
        assert!(yearless("2023年上半年完成").is_empty());
    }

    #[test]
    fn deadlines_say_by_when() {
        assert_eq!(words("加快建设,2023年10月底前完成。"), ["2023年10月底前"]);
        assert_eq!(words("2023年底前出台,2024年6月30日前实施"), ["2023年底前", "2024年6月30日前"]);
        assert!(words("自2023年6月起施行").is_empty());
        assert!(words("到2025年,覆盖率达到90%").is_empty());
        assert!(words("编号12023年底前").is_empty());
    }

    #[test]
    fn deadlines_in_text() {
        assert_eq!(words("2023年10月底前完成系统建设"), ["2023年10月底前"]);
        assert_eq!(words("力争2023年底建成,2024年6月30日前全面推广"), ["2023年底", "2024年6月30日前"]);
        assert_eq!(words("2023年12月完成验收"), ["2023年12月"]);
        assert_eq!(words("自2023年3月起,到2025年实现全覆盖"), Vec::<&str>::new());
        assert_eq!(phrases("2023年上半年前完成")[0].1, Due::Month { year: 2023, month: 6 });
    }
}
