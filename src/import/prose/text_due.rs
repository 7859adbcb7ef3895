//! Deadlines written inside a task's own text (`2023年10月底前完成…`), for
//! tasks whose assignment gives none.

use crate::model::due::Due;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        phrases(text).into_iter().map(|(p, _)| p).collect()
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
