//! The lines of a YAML file as a YAML reader sees them, for the tools that
//! edit a file line by line (`edit`, `reformat`). Pure: text in, lines out.
//!
//! A line ends at LF, CRLF or a lone CR, as YAML counts line breaks, so line
//! numbers agree with the parser's. Each line is blank, a comment, the start
//! of content, or the continuation of a value begun on an earlier line (a
//! block scalar, a quoted or plain scalar over several lines, a flow
//! collection) — a `# …` line inside a `|` block is text, not a comment.
//! A trailing comment is found outside quotes only: in `'it''s # x'` there
//! is none.

/// What a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Nothing but spaces and tabs.
    Blank,
    /// A comment and nothing else.
    Comment,
    /// Content that starts on this line.
    Content,
    /// The rest of a value that started on an earlier line.
    Continuation,
}

/// The first mapping key on a content line, after any `- `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Bytes from the start of the line to the key.
    pub column: usize,
    /// The key's text, without quotes.
    pub name: String,
    /// Offset in the text just after the key's `:`.
    pub value: usize,
}

/// One line of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Offset of the line's first byte.
    pub start: usize,
    /// Offset of its line break, or the end of the text.
    pub end: usize,
    /// Offset after its line break.
    pub next: usize,
    /// Spaces before the content.
    pub indent: usize,
    pub kind: Kind,
    /// Whether the content starts with a block sequence entry (`- `).
    pub dash: bool,
    /// The first key of a content line.
    pub key: Option<Key>,
    /// Offset of the `#` of a comment on the line.
    pub comment: Option<usize>,
}

/// The line break most lines of `text` end with; LF when it has none.
pub fn dominant_break(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => lf += 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                crlf += 1;
                i += 1;
            }
            b'\r' => cr += 1,
            _ => {}
        }
        i += 1;
    }
    if crlf > lf && crlf >= cr {
        "\r\n"
    } else if cr > lf && cr > crlf {
        "\r"
    } else {
        "\n"
    }
}

/// The lines of `text`.
pub fn lines(text: &str) -> Vec<Line> {
    let mut scanner = Scanner { bytes: text.as_bytes(), state: State::Normal, flow: 0, out: Vec::new() };
    let mut start = 0;
    let bytes = text.as_bytes();
    while start < bytes.len() {
        let end = bytes[start..].iter().position(|&b| b == b'\n' || b == b'\r').map_or(bytes.len(), |n| start + n);
        let next = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        scanner.line(start, end, next);
        start = next;
    }
    scanner.out
}

/// What continues from one line to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// Inside a block scalar: lines indented more than `parent`, and blank
    /// lines, belong to it.
    Block {
        parent: usize,
        keep: bool,
    },
    /// Inside a quoted scalar (`"` or `'`).
    Quoted(u8),
    /// After a plain scalar in block context: a deeper line continues it.
    Plain {
        parent: usize,
    },
}

struct Scanner<'a> {
    bytes: &'a [u8],
    state: State,
    /// Depth of open flow collections (`[`, `{`).
    flow: usize,
    out: Vec<Line>,
}

/// Space or tab: what separates tokens.
fn white(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl Scanner<'_> {
    fn line(&mut self, start: usize, mut end_at: usize, next: usize) {
        let bytes = self.bytes;
        // A byte order mark opens the text; it is not part of the first line.
        let start = if start == 0 && bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { start };
        let from = start;
        end_at = end_at.max(from);
        let indent = bytes[from..end_at].iter().take_while(|&&b| b == b' ').count();
        let body = from + indent;
        let blank = bytes[body..end_at].iter().all(|&b| white(b));
        let mut line =
            Line { start, end: end_at, next, indent, kind: Kind::Content, dash: false, key: None, comment: None };
        let first = bytes[body..end_at].iter().position(|&b| !white(b)).map(|n| body + n);
        match self.state {
            State::Block { parent, keep } => {
                if blank {
                    line.kind = if keep { Kind::Continuation } else { Kind::Blank };
                    self.out.push(line);
                    return;
                }
                if indent > parent {
                    line.kind = Kind::Continuation;
                    self.out.push(line);
                    return;
                }
                self.state = State::Normal;
            }
            State::Quoted(quote) => {
                line.kind = Kind::Continuation;
                let mut at = from;
                if self.quoted_rest(quote, &mut at, end_at) {
                    self.state = State::Normal;
                    if self.flow > 0 {
                        self.flow_rest(&mut line, at, end_at);
                    } else {
                        self.after_node(&mut line, at, end_at, None);
                    }
                }
                self.out.push(line);
                return;
            }
            State::Plain { parent } => {
                if blank {
                    line.kind = Kind::Blank;
                    self.out.push(line);
                    return;
                }
                if first.is_some_and(|f| bytes[f] == b'#') {
                    self.state = State::Normal;
                } else if indent > parent {
                    line.kind = Kind::Continuation;
                    if let Some(at) = self.plain_end(body, end_at) {
                        line.comment = Some(at);
                        self.state = State::Normal;
                    }
                    self.out.push(line);
                    return;
                } else {
                    self.state = State::Normal;
                }
            }
            State::Normal if self.flow > 0 => {
                line.kind = if blank { Kind::Blank } else { Kind::Continuation };
                if first.is_some_and(|f| bytes[f] == b'#') && !blank {
                    line.kind = Kind::Comment;
                    line.comment = first;
                } else {
                    self.flow_rest(&mut line, from, end_at);
                }
                self.out.push(line);
                return;
            }
            State::Normal => {}
        }
        if blank {
            line.kind = Kind::Blank;
            self.out.push(line);
            return;
        }
        let first = first.unwrap_or(end_at);
        if bytes[first] == b'#' {
            line.kind = Kind::Comment;
            line.comment = Some(first);
            self.out.push(line);
            return;
        }
        // Sequence entries and explicit keys, each opening a node.
        let mut at = body;
        let mut parent = indent;
        while at < end_at && matches!(bytes[at], b'-' | b'?') && (at + 1 == end_at || white(bytes[at + 1])) {
            if bytes[at] == b'-' && at == body {
                line.dash = true;
            }
            parent = at - start;
            at += 1;
            while at < end_at && white(bytes[at]) {
                at += 1;
            }
        }
        self.node(&mut line, at, end_at, parent, true);
        self.out.push(line);
    }

    /// A node starting at `at` in block context; `parent` is the column
    /// its continuation lines must be deeper than; `may_key` when the node
    /// may be the line's first key.
    fn node(&mut self, line: &mut Line, mut at: usize, end: usize, parent: usize, may_key: bool) {
        let bytes = self.bytes;
        // Anchors and tags before the node.
        while at < end && matches!(bytes[at], b'&' | b'!') {
            while at < end && !white(bytes[at]) {
                at += 1;
            }
            while at < end && white(bytes[at]) {
                at += 1;
            }
        }
        if at >= end {
            return;
        }
        let begin = at;
        match bytes[at] {
            b'#' => line.comment = Some(at),
            quote @ (b'"' | b'\'') => {
                at += 1;
                if self.quoted_rest(quote, &mut at, end) {
                    let name = quoted_name(&bytes[begin + 1..at - 1], quote);
                    self.after_node(line, at, end, may_key.then_some((begin, name)));
                } else {
                    self.state = State::Quoted(quote);
                }
            }
            b'[' | b'{' => {
                self.flow = 1;
                at += 1;
                self.flow_rest(line, at, end);
            }
            b'|' | b'>' => {
                at += 1;
                let mut keep = false;
                while at < end && matches!(bytes[at], b'+' | b'-' | b'0'..=b'9') {
                    keep |= bytes[at] == b'+';
                    at += 1;
                }
                self.state = State::Block { parent, keep };
                self.trailing(line, at, end);
            }
            _ => {
                // A plain scalar: a key if `: ` follows it, else a value.
                let mut i = at;
                while i < end {
                    let b = bytes[i];
                    if b == b':' && (i + 1 == end || white(bytes[i + 1])) {
                        let name = String::from_utf8_lossy(&bytes[begin..i]).trim_end().to_string();
                        self.key(line, begin, name, i + 1, may_key, end);
                        return;
                    }
                    if b == b'#' && i > begin && white(bytes[i - 1]) {
                        line.comment = Some(i);
                        return;
                    }
                    i += 1;
                }
                self.state = State::Plain { parent };
            }
        }
    }

    /// After a key (from `begin`) and its `:` (before `value`): record the
    /// key when it is the line's first, and read its value.
    fn key(&mut self, line: &mut Line, begin: usize, name: String, value: usize, first: bool, end: usize) {
        let column = begin - line.start;
        if first && line.key.is_none() {
            line.key = Some(Key { column, name, value });
        }
        let mut at = value;
        while at < end && white(self.bytes[at]) {
            at += 1;
        }
        // The value's continuation lines must be deeper than the key.
        self.node(line, at, end, column, false);
    }

    /// After a complete node (a quoted scalar or flow collection) that ends
    /// before `at`: a key's colon, a comment, or nothing.
    fn after_node(&mut self, line: &mut Line, mut at: usize, end: usize, key: Option<(usize, String)>) {
        let bytes = self.bytes;
        while at < end && white(bytes[at]) {
            at += 1;
        }
        if at >= end {
            return;
        }
        if bytes[at] == b':' && (at + 1 == end || white(bytes[at + 1])) {
            let first = key.is_some();
            let (begin, name) = key.unwrap_or((at, String::new()));
            self.key(line, begin, name, at + 1, first, end);
            return;
        }
        self.trailing(line, at, end);
    }

    /// The rest of a line after its value: only a comment may follow.
    fn trailing(&mut self, line: &mut Line, from: usize, end: usize) {
        let bytes = self.bytes;
        let mut at = from;
        while at < end {
            if bytes[at] == b'#' && (at == line.start || white(bytes[at - 1])) {
                line.comment = Some(at);
                return;
            }
            at += 1;
        }
    }

    /// Where a comment ends a plain scalar's continuation line, if one does.
    fn plain_end(&self, from: usize, end: usize) -> Option<usize> {
        let bytes = self.bytes;
        (from + 1..end).find(|&i| bytes[i] == b'#' && white(bytes[i - 1]))
    }

    /// Reads a quoted scalar's text from `at` to its closing quote; true
    /// when it closes on this line (`at` then stands after the quote).
    fn quoted_rest(&self, quote: u8, at: &mut usize, end: usize) -> bool {
        let bytes = self.bytes;
        while *at < end {
            let b = bytes[*at];
            if quote == b'"' && b == b'\\' {
                *at += 2;
                continue;
            }
            if b == quote {
                if quote == b'\'' && bytes.get(*at + 1) == Some(&b'\'') && *at + 1 < end {
                    *at += 2;
                    continue;
                }
                *at += 1;
                return true;
            }
            *at += 1;
        }
        *at = end;
        false
    }

    /// Inside a flow collection from `at`: quotes, nesting and comments,
    /// up to the end of the collection or of the line.
    fn flow_rest(&mut self, line: &mut Line, mut at: usize, end: usize) {
        let bytes = self.bytes;
        let mut node_start = true;
        while at < end {
            let b = bytes[at];
            match b {
                b' ' | b'\t' => {
                    at += 1;
                    continue;
                }
                b'#' if at == line.start || white(bytes[at - 1]) => {
                    line.comment = Some(at);
                    return;
                }
                b'"' | b'\'' if node_start => {
                    at += 1;
                    if !self.quoted_rest(b, &mut at, end) {
                        self.state = State::Quoted(b);
                        return;
                    }
                    node_start = false;
                    continue;
                }
                b'[' | b'{' => {
                    self.flow += 1;
                    node_start = true;
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    if self.flow == 0 {
                        self.after_node(line, at + 1, end, None);
                        return;
                    }
                    node_start = false;
                }
                b',' | b':' | b'?' => node_start = true,
                _ => node_start = false,
            }
            at += 1;
        }
    }
}

/// A quoted key's name: `''` is one quote; a double-quoted key keeps its
/// escapes, which no key of a group file needs.
fn quoted_name(inner: &[u8], quote: u8) -> String {
    let text = String::from_utf8_lossy(inner);
    if quote == b'\'' { text.replace("''", "'") } else { text.into_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        lines(text).iter().map(|l| l.kind).collect()
    }

    fn comment(text: &str) -> Option<&str> {
        lines(text)[0].comment.map(|at| &text[at..])
    }

    #[test]
    fn comments_respect_quoting() {
        assert_eq!(comment("text: 'it''s # not a comment'"), None);
        assert_eq!(comment("text: 'it''s' # yes"), Some("# yes"));
        assert_eq!(comment("text: \"a \\\" # b\" # c"), Some("# c"));
        assert_eq!(comment("text: it's # c"), Some("# c"));
        assert_eq!(comment("text: a#b"), None);
        assert_eq!(comment("units: [\"a # b\", 'c'] # d"), Some("# d"));
        assert_eq!(comment("- id: \"1.1\"  # x"), Some("# x"));
        assert_eq!(comment("progress: []   # nothing yet"), Some("# nothing yet"));
    }

    #[test]
    fn keys_are_found_after_dashes_and_in_quotes() {
        let line = &lines("  - id: \"1.1\"")[0];
        assert!(line.dash);
        assert_eq!(line.key.as_ref().map(|k| (k.column, k.name.as_str())), Some((4, "id")));
        let line = &lines("    'progress' : []")[0];
        assert_eq!(line.key.as_ref().map(|k| (k.column, k.name.as_str())), Some((4, "progress")));
        assert_eq!(lines("- {id: \"1\"}")[0].key, None);
    }

    #[test]
    fn line_breaks_are_yamls() {
        let text = "a: 1\r\n# c\rb: 2\nc: 3";
        let found: Vec<&str> = lines(text).iter().map(|l| &text[l.start..l.end]).collect();
        assert_eq!(found, ["a: 1", "# c", "b: 2", "c: 3"]);
        assert_eq!(dominant_break("a\r\nb\nc\n"), "\n");
        assert_eq!(dominant_break("a\r\nb\r\nc\n"), "\r\n");
        assert_eq!(dominant_break("a"), "\n");
    }

    #[test]
    fn block_scalars_hold_their_hash_lines() {
        use Kind::*;
        let text = "note: |\n  text\n\n  # not a comment\n# a comment\nnext: 1\n";
        assert_eq!(kinds(text), [Content, Continuation, Blank, Continuation, Comment, Content]);
        let text = "- note: >+\n    a\n\n- b\n";
        assert_eq!(kinds(text), [Content, Continuation, Continuation, Content]);
    }

    #[test]
    fn multi_line_scalars_and_flows_continue() {
        use Kind::*;
        let text = "a: \"one\n  # two\" # three\nb: [x,\n  # y\n  z]\nc: plain\n  more\n  # end\nd: 1\n";
        assert_eq!(
            kinds(text),
            [Content, Continuation, Content, Comment, Continuation, Content, Continuation, Comment, Content]
        );
        let all = lines(text);
        assert_eq!(all[1].comment.map(|at| &text[at..all[1].end]), Some("# three"));
    }
}
