//! Deadlines written inside a task's own text (`2023年10月底前完成…`), for
//! tasks whose assignment gives none.

use crate::model::due::Due;
use crate::model::{Located, Measure};
use crate::tr;

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
