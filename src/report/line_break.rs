//! Wrapping text to a width in terminal cells by the Chinese line-breaking
//! rules (避头尾): no line starts with closing punctuation such as `、，。；：）》”`
//! and none ends with an opening bracket or quote; English words stay whole.

use crate::report::render::width;

/// What may not start a line: closing punctuation and marks that belong to
/// the character before them.
const NO_LINE_START: &str = "、,，。.;；:：?？!！)）]］}｝》〉」』】〕〗〙〛”’…—·%％‰";
/// What may not end a line: opening brackets and quotes, which belong to
/// the character after them.
const NO_LINE_END: &str = "(（[［{｛《〈「『【〔〖〘〚“‘";

/// A piece of text that is never split: an English word (or number) with
/// its trailing punctuation, one Chinese character, or one space.
struct Piece<'a> {
    text: &'a str,
    cells: usize,
}

impl Piece<'_> {
    fn is_space(&self) -> bool {
        self.text == " "
    }
    fn starts_with(&self, set: &str) -> bool {
        self.text.chars().next().is_some_and(|c| set.contains(c))
    }
    fn ends_with(&self, set: &str) -> bool {
        self.text.chars().next_back().is_some_and(|c| set.contains(c))
    }
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        // An ASCII word runs on to the next space or non-ASCII character.
        let word = c.is_ascii() && c != ' ';
        while word && chars.peek().is_some_and(|&(_, n)| n.is_ascii() && n != ' ') {
            chars.next();
        }
        let end = chars.peek().map_or(text.len(), |&(next, _)| next);
        let piece = &text[at..end];
        out.push(Piece { text: piece, cells: width(piece) });
    }
    out
}

/// `text` as lines of at most `cells` terminal cells (a line feed in the
/// text always breaks). A line is allowed to be wider only when one word
/// or one character is wider than `cells`, or when the rules leave no
/// other place to break.
pub fn wrap(text: &str, cells: usize) -> Vec<String> {
    let cells = cells.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
        for piece in pieces(paragraph) {
            let continuing = lines.len() > 1;
            let line = lines.last_mut().expect("never empty");
            let used: usize = line.iter().map(|p| p.cells).sum();
            if used + piece.cells <= cells {
                if !(piece.is_space() && line.is_empty() && continuing) {
                    line.push(piece);
                }
                continue;
            }
            if piece.is_space() {
                lines.push(Vec::new());
                continue;
            }
            if line.is_empty() {
                line.push(piece);
                continue;
            }
            let mut next = vec![piece];
            // Carry characters down until the new line starts and the old
            // one ends as the rules allow.
            while line.iter().filter(|p| !p.is_space()).count() > 1
                && (next[0].starts_with(NO_LINE_START)
                    || line.last().is_some_and(|p| p.ends_with(NO_LINE_END) || p.is_space()))
            {
                let carried = line.pop().expect("more than one piece");
                if !carried.is_space() {
                    next.insert(0, carried);
                }
            }
            lines.push(next);
        }
        for line in lines {
            let text: String = line.iter().map(|p| p.text).collect();
            out.push(text.trim_end().to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts_ok(lines: &[String]) -> bool {
        lines.iter().skip(1).all(|l| !l.chars().next().is_some_and(|c| NO_LINE_START.contains(c)))
    }

    #[test]
    fn punctuation_never_starts_a_line() {
        let text = "规范各级法院律师调解室设置及人员配备。健全各级法院转律师诉前调解、诉中调解工作机制。";
        for cells in 4..40 {
            let lines = wrap(text, cells);
            assert!(starts_ok(&lines), "{cells}: {lines:?}");
            assert!(lines.iter().all(|l| width(l) <= cells), "{cells}: {lines:?}");
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn an_opening_bracket_goes_down_with_what_it_opens() {
        let lines = wrap("按照《宜昌市公安机关警务辅助人员管理办法》执行", 8);
        assert!(lines.iter().all(|l| !l.ends_with('《')), "{lines:?}");
        assert_eq!(lines.concat(), "按照《宜昌市公安机关警务辅助人员管理办法》执行");
    }

    #[test]
    fn english_words_stay_whole() {
        assert_eq!(
            wrap("done without evidence, moving backwards", 12),
            ["done without", "evidence,", "moving", "backwards"]
        );
        assert_eq!(wrap("a\nb", 5), ["a", "b"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
