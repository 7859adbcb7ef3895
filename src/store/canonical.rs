//! A fast reader for group files in the canonical layout that `layout`
//! writes; `store` tries it before serde-saphyr.
//!
//! serde-saphyr reads about 25 MB/s, which made loading a large checklist
//! thirty times slower than reading its bytes. Nearly every file on disk is
//! exactly what `layout::group_file` wrote, so this reader understands that
//! one shape (double-quoted scalars, one field per line, fixed indentation)
//! and nothing else. It returns `None` as soon as it meets anything outside
//! it, and serde-saphyr then reads the file and reports any problem in its
//! own words. When it returns a value, that value is the one serde-saphyr
//! would return, locations included: a `Located` points at the opening
//! quote (1-based line, 1-based column counted in characters, byte offset).

use crate::model::{Actual, Duty, Extension, GroupFile, Indicator, Located, Measure, Progress};

/// Reads a group file in the canonical layout; `None` for anything else.
///
/// The subset: blank lines and comment lines anywhere; block mappings whose
/// keys are the model's field names, each at most once, in any order, with
/// nested block sequences two columns deeper than their key (`- ` then the
/// entry's first key); scalars in double quotes with the escapes `\"`, `\\`,
/// `\n`, `\t` and `\uXXXX`; lists of located strings and `evidence` in flow
/// form (`["甲", "乙"]`); an empty list as `[]`.
pub fn read(text: &str) -> Option<GroupFile> {
    Reader::new(text).group_file()
}

/// Measures nested (through `items`) deeper than this fall back to
/// serde-saphyr, so that a pathological file cannot exhaust the stack here.
const MAX_DEPTH: usize = 32;

/// What a byte means inside a double-quoted scalar or a comment.
const PLAIN: u8 = 0;
const QUOTE: u8 = 1;
const BACKSLASH: u8 = 2;
/// A line break (the scalar would continue on the next line) or a control
/// character (YAML refuses most raw, and `layout` escapes them all):
/// outside the subset.
const BREAK: u8 = 3;
/// The first byte of a character this reader refuses only in some cases;
/// see `refused`.
const SUSPECT: u8 = 4;

/// Byte classes, so the scan of a scalar is one table look-up per byte.
static CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = BREAK;
        b += 1;
    }
    table[0x7f] = BREAK;
    table[b'"' as usize] = QUOTE;
    table[b'\\' as usize] = BACKSLASH;
    table[0xc2] = SUSPECT;
    table[0xe2] = SUSPECT;
    table[0xef] = SUSPECT;
    table
};

/// Whether the character whose first byte is at `at` is one this reader
/// refuses raw: C1 controls (U+0080–U+009F), U+2028, U+2029, U+FEFF, U+FFFE
/// and U+FFFF. serde-saphyr refuses some of them and reads the others, but
/// `layout` escapes them all, so a file holding one raw was edited by hand
/// and may as well take the slow path. `text` is UTF-8, so the bytes after
/// a lead byte exist.
fn refused(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        0xc2 => bytes[at + 1] < 0xa0,
        0xe2 => bytes[at + 1] == 0x80 && matches!(bytes[at + 2], 0xa8 | 0xa9),
        0xef => matches!((bytes[at + 1], bytes[at + 2]), (0xbb, 0xbf) | (0xbf, 0xbe) | (0xbf, 0xbf)),
        _ => false,
    }
}

/// What the next significant line (not blank, not a comment) starts with.
#[derive(Clone, Copy)]
enum Head {
    /// Content after this many spaces of indentation.
    Indent(usize),
    /// The end of the text.
    End,
}

/// A cursor over the text. Every method returns `None` when the text
/// leaves the subset; nothing is reported, since serde-saphyr will.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read.
    pos: usize,
    /// Where the line holding `pos` starts, for columns.
    line_start: usize,
    /// The 1-based number of that line.
    line: u32,
    /// The next significant line once `head` has found it; `pos` then
    /// stands at its first non-space byte. Cleared when a line is finished.
    head: Option<Head>,
    /// Where `flow` collects a list, so that each list is then allocated
    /// once at its length rather than grown to four entries: on a large
    /// checklist, memory is most of the cost of reading.
    list: Vec<Located<String>>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader { text, bytes: text.as_bytes(), pos: 0, line_start: 0, line: 1, head: None, list: Vec::new() }
    }

    /// Skips blank and comment lines and says where the next line's content
    /// starts. Must be called at the start of a line (or again for the same
    /// line, which is free).
    fn head(&mut self) -> Option<Head> {
        if let Some(head) = self.head {
            return Some(head);
        }
        let bytes = self.bytes;
        loop {
            let start = self.pos;
            let mut at = start;
            while at < bytes.len() && bytes[at] == b' ' {
                at += 1;
            }
            let head = match bytes.get(at) {
                None => Head::End,
                Some(b'\n') => {
                    self.next_line(at + 1);
                    continue;
                }
                Some(b'#') => {
                    let end = self.comment_end(at + 1)?;
                    if end == bytes.len() {
                        Head::End
                    } else {
                        self.next_line(end + 1);
                        continue;
                    }
                }
                Some(_) => Head::Indent(at - start),
            };
            self.pos = at;
            self.head = Some(head);
            return Some(head);
        }
    }

    /// The end (a line break or the end of the text) of a comment starting
    /// at `at`. Comments are ignored, but serde-saphyr refuses some
    /// characters even there, so the comment is checked like a scalar.
    fn comment_end(&self, mut at: usize) -> Option<usize> {
        let bytes = self.bytes;
        while at < bytes.len() {
            match CLASS[bytes[at] as usize] {
                BREAK if bytes[at] == b'\n' => return Some(at),
                BREAK => return None,
                SUSPECT if refused(bytes, at) => return None,
                _ => at += 1,
            }
        }
        Some(at)
    }

    fn next_line(&mut self, start: usize) {
        self.pos = start;
        self.line_start = start;
        self.line += 1;
    }

    /// Requires the line to end at `pos` (no trailing spaces or comment)
    /// and moves to the next one.
    fn end_line(&mut self) -> Option<()> {
        match self.bytes.get(self.pos) {
            None => {}
            Some(b'\n') => self.next_line(self.pos + 1),
            Some(_) => return None,
        }
        self.head = None;
        Some(())
    }

    /// Consumes `expected` at `pos`, if it is there.
    fn eat(&mut self, expected: &[u8]) -> bool {
        let found = self.bytes[self.pos..].starts_with(expected);
        if found {
            self.pos += expected.len();
        }
        found
    }

    /// A key and its colon: lower-case letters and `_`, which is all the
    /// model's field names use.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let mut at = start;
        while at < self.bytes.len() && (self.bytes[at].is_ascii_lowercase() || self.bytes[at] == b'_') {
            at += 1;
        }
        if at == start || self.bytes.get(at) != Some(&b':') {
            return None;
        }
        self.pos = at + 1;
        Some(&self.text[start..at])
    }

    /// The 1-based column of byte `at` on the current line, in characters
    /// as serde-saphyr counts them: every byte but UTF-8 continuation bytes.
    fn column(&self, at: usize) -> u32 {
        let chars = self.bytes[self.line_start..at].iter().filter(|&&b| b & 0xc0 != 0x80).count();
        chars as u32 + 1
    }

    /// A double-quoted scalar on one line, located at its opening quote.
    fn quoted(&mut self) -> Option<Located<String>> {
        let bytes = self.bytes;
        let open = self.pos;
        if bytes.get(open) != Some(&b'"') {
            return None;
        }
        let column = self.column(open);
        // Built only once an escape is met; until then the value is a slice.
        let mut unescaped: Option<String> = None;
        let mut run = open + 1;
        let mut at = run;
        loop {
            while at < bytes.len() && CLASS[bytes[at] as usize] == PLAIN {
                at += 1;
            }
            if at == bytes.len() {
                return None;
            }
            match CLASS[bytes[at] as usize] {
                QUOTE => break,
                BACKSLASH => {
                    let (c, len) = escape(&bytes[at + 1..])?;
                    let value = unescaped.get_or_insert_with(String::new);
                    value.push_str(&self.text[run..at]);
                    value.push(c);
                    at += 1 + len;
                    run = at;
                }
                SUSPECT if !refused(bytes, at) => at += 1,
                _ => return None,
            }
        }
        let value = match unescaped {
            Some(mut value) => {
                value.push_str(&self.text[run..at]);
                value
            }
            None => self.text[run..at].to_owned(),
        };
        self.pos = at + 1;
        Some(Located { value, line: self.line, column, offset: open })
    }

    /// The rest of a `key: "value"` line, after the colon.
    fn scalar(&mut self) -> Option<Located<String>> {
        if !self.eat(b" ") {
            return None;
        }
        let value = self.quoted()?;
        self.end_line()?;
        Some(value)
    }

    /// The rest of a `key: ["a", "b"]` line, after the colon.
    fn flow(&mut self) -> Option<Vec<Located<String>>> {
        if !self.eat(b" [") {
            return None;
        }
        self.list.clear();
        if !self.eat(b"]") {
            loop {
                let value = self.quoted()?;
                self.list.push(value);
                if self.eat(b"]") {
                    break;
                }
                if !self.eat(b", ") {
                    return None;
                }
            }
        }
        self.end_line()?;
        Some(self.list.drain(..).collect())
    }

    /// The rest of a `key:` line whose value is a list of mappings: `[]`, or
    /// a block sequence whose dashes stand two columns right of the key
    /// (at `indent` + 2). `entry` reads one mapping after its `- `.
    fn block<T>(&mut self, indent: usize, mut entry: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        if self.eat(b" []") {
            self.end_line()?;
            return Some(Vec::new());
        }
        self.end_line()?;
        let dash = indent + 2;
        let mut entries = Vec::new();
        loop {
            match self.head()? {
                Head::Indent(i) if i == dash => {}
                // An empty block (`key:` then nothing) is null, not a list.
                Head::Indent(i) if i < dash && !entries.is_empty() => break,
                Head::End if !entries.is_empty() => break,
                _ => return None,
            }
            if !self.eat(b"- ") {
                return None;
            }
            entries.push(entry(self)?);
        }
        // The list doubled as it grew; shrinking in place is cheap, and the
        // spare memory would cost page faults on a large checklist.
        entries.shrink_to_fit();
        Some(entries)
    }

    /// A block mapping whose keys stand at `indent`, handing each key to
    /// `field` (which reads the value and the end of its line). With
    /// `inline`, the first key is already at `pos`, after a `- `.
    fn mapping(
        &mut self,
        indent: usize,
        inline: bool,
        mut field: impl FnMut(&mut Self, &str) -> Option<()>,
    ) -> Option<()> {
        let mut first = inline;
        loop {
            if !first {
                match self.head()? {
                    Head::Indent(i) if i == indent => {}
                    Head::Indent(i) if i < indent => break,
                    Head::End => break,
                    // Deeper than the keys: a continuation, or a nested
                    // value where none is expected.
                    Head::Indent(_) => return None,
                }
            }
            first = false;
            let key = self.key()?;
            field(self, key)?;
        }
        Some(())
    }

    fn group_file(&mut self) -> Option<GroupFile> {
        let (mut group, mut title, mut target, mut measures, mut duties) = (None, None, None, None, None);
        let mut indicators = None;
        self.mapping(0, false, |r, key| match key {
            "group" => set(&mut group, r.scalar()?),
            "title" => set(&mut title, r.scalar()?.value),
            "target" => set(&mut target, r.scalar()?.value),
            "indicators" => set(&mut indicators, r.block(0, |r| r.indicator(4))?),
            "measures" => set(&mut measures, r.block(0, |r| r.measure(4, 1))?),
            "duties" => set(&mut duties, r.block(0, |r| r.duty(4))?),
            _ => None,
        })?;
        Some(GroupFile {
            group: group?,
            title: title?,
            target: target.unwrap_or_default(),
            indicators: indicators.unwrap_or_default(),
            measures: measures.unwrap_or_default(),
            duties: duties.unwrap_or_default(),
        })
    }

    /// A measure whose keys stand at `indent`, `depth` sequences deep.
    fn measure(&mut self, indent: usize, depth: usize) -> Option<Measure> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut id = None;
        let mut text = None;
        let mut assignment = None;
        let mut tail = None;
        let mut lead = None;
        let mut units = None;
        let mut support = None;
        let mut scope = None;
        let mut persons = None;
        let mut due = None;
        let mut due_text = None;
        let mut due_source = None;
        let mut extensions = None;
        let mut progress = None;
        let mut items = None;
        self.mapping(indent, true, |r, key| match key {
            "id" => set(&mut id, r.scalar()?),
            "text" => set(&mut text, r.scalar()?.value),
            "assignment" => set(&mut assignment, r.scalar()?.value),
            "tail" => set(&mut tail, r.scalar()?.value),
            "lead" => set(&mut lead, r.flow()?),
            "units" => set(&mut units, r.flow()?),
            "support" => set(&mut support, r.flow()?),
            "scope" => set(&mut scope, r.flow()?),
            "persons" => set(&mut persons, r.flow()?.into_iter().map(|p| p.value).collect()),
            "due" => set(&mut due, r.scalar()?),
            "due_text" => set(&mut due_text, r.scalar()?),
            "due_source" => set(&mut due_source, r.scalar()?),
            "extensions" => set(&mut extensions, r.block(indent, |r| r.extension(indent + 4))?),
            "progress" => set(&mut progress, r.block(indent, |r| r.progress(indent + 4))?),
            "items" => set(&mut items, r.block(indent, |r| r.measure(indent + 4, depth + 1))?),
            _ => None,
        })?;
        Some(Measure {
            id: id?,
            text: text.unwrap_or_default(),
            assignment,
            tail,
            lead,
            units: units.unwrap_or_default(),
            support: support.unwrap_or_default(),
            scope: scope.unwrap_or_default(),
            persons: persons.unwrap_or_default(),
            due,
            due_text,
            due_source,
            extensions: extensions.unwrap_or_default(),
            progress: progress.unwrap_or_default(),
            items: items.unwrap_or_default(),
        })
    }

    fn progress(&mut self, indent: usize) -> Option<Progress> {
        let (mut unit, mut status, mut date, mut note, mut evidence) = (None, None, None, None, None);
        self.mapping(indent, true, |r, key| match key {
            "unit" => set(&mut unit, r.scalar()?),
            "status" => set(&mut status, r.scalar()?),
            "date" => set(&mut date, r.scalar()?),
            "note" => set(&mut note, r.scalar()?.value),
            "evidence" => set(&mut evidence, r.flow()?.into_iter().map(|e| e.value).collect()),
            _ => None,
        })?;
        Some(Progress { unit: unit?, status: status?, date, note, evidence: evidence.unwrap_or_default() })
    }

    fn extension(&mut self, indent: usize) -> Option<Extension> {
        let (mut unit, mut to, mut reason, mut approval, mut date) = (None, None, None, None, None);
        let mut requested_by = None;
        self.mapping(indent, true, |r, key| match key {
            "unit" => set(&mut unit, r.scalar()?),
            "to" => set(&mut to, r.scalar()?),
            "reason" => set(&mut reason, r.scalar()?.value),
            "approval" => set(&mut approval, r.scalar()?.value),
            "requested_by" => set(&mut requested_by, r.scalar()?),
            "date" => set(&mut date, r.scalar()?),
            _ => None,
        })?;
        Some(Extension { unit, to: to?, reason: reason?, approval, requested_by, date })
    }

    fn indicator(&mut self, indent: usize) -> Option<Indicator> {
        let (mut id, mut name, mut comparator, mut value, mut unit) = (None, None, None, None, None);
        let (mut period, mut phrase, mut source, mut actuals) = (None, None, None, None);
        self.mapping(indent, true, |r, key| match key {
            "id" => set(&mut id, r.scalar()?),
            "name" => set(&mut name, r.scalar()?.value),
            "comparator" => set(&mut comparator, r.scalar()?),
            "value" => set(&mut value, r.number()?),
            "unit" => set(&mut unit, r.scalar()?),
            "period" => set(&mut period, r.scalar()?),
            "phrase" => set(&mut phrase, r.scalar()?.value),
            "source" => set(&mut source, r.scalar()?.value),
            "actuals" => set(&mut actuals, r.block(indent, |r| r.actual(indent + 4))?),
            _ => None,
        })?;
        Some(Indicator {
            id: id?,
            name: name?,
            comparator: comparator?,
            value: value?,
            unit,
            period,
            phrase: phrase?,
            source: source?,
            actuals: actuals.unwrap_or_default(),
        })
    }

    fn actual(&mut self, indent: usize) -> Option<Actual> {
        let (mut period, mut unit, mut value, mut date, mut note, mut evidence) = (None, None, None, None, None, None);
        self.mapping(indent, true, |r, key| match key {
            "period" => set(&mut period, r.scalar()?),
            "unit" => set(&mut unit, r.scalar()?),
            "value" => set(&mut value, r.number()?),
            "date" => set(&mut date, r.scalar()?),
            "note" => set(&mut note, r.scalar()?.value),
            "evidence" => set(&mut evidence, r.flow()?.into_iter().map(|e| e.value).collect()),
            _ => None,
        })?;
        Some(Actual { period: period?, unit, value: value?, date, note, evidence: evidence.unwrap_or_default() })
    }

    /// The rest of a `key: 92.5` line, after the colon: a plain decimal
    /// number (`-`, digits, an optional fraction), as `layout::number` writes.
    fn number(&mut self) -> Option<Located<f64>> {
        if !self.eat(b" ") {
            return None;
        }
        let start = self.pos;
        let column = self.column(start);
        let mut at = start;
        if self.bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        let digits = |from: usize| self.bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
        let whole = digits(at);
        if whole == 0 || (whole > 1 && self.bytes[at] == b'0') {
            return None;
        }
        at += whole;
        if self.bytes.get(at) == Some(&b'.') {
            let fraction = digits(at + 1);
            if fraction == 0 {
                return None;
            }
            at += 1 + fraction;
        }
        // Too many digits read as infinity, which serde-saphyr refuses.
        let value: f64 = self.text[start..at].parse().ok().filter(|v: &f64| v.is_finite())?;
        let located = Located { value, line: self.line, column, offset: start };
        self.pos = at;
        self.end_line()?;
        Some(located)
    }

    fn duty(&mut self, indent: usize) -> Option<Duty> {
        let (mut units, mut label, mut text) = (None, None, None);
        self.mapping(indent, true, |r, key| match key {
            "units" => set(&mut units, r.flow()?),
            "label" => set(&mut label, r.scalar()?.value),
            "text" => set(&mut text, r.scalar()?.value),
            _ => None,
        })?;
        Some(Duty { units: units?, label, text: text? })
    }
}

/// Fills a field once; a second value for it is a duplicate key, which
/// serde-saphyr reports.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// The escape after a backslash and how many bytes it takes: only those
/// `layout::quote` writes. A `\u` escape of a surrogate is refused (serde-
/// saphyr would pair it with the next one).
fn escape(rest: &[u8]) -> Option<(char, usize)> {
    let c = match *rest.first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'n' => '\n',
        b't' => '\t',
        b'u' => {
            let mut code = 0;
            for &digit in rest.get(1..5)? {
                code = code * 16 + char::from(digit).to_digit(16)?;
            }
            return Some((char::from_u32(code)?, 5));
        }
        _ => return None,
    };
    Some((c, 1))
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::store::parse_group;

    /// `read` agrees with serde-saphyr, or leaves the text to it.
    fn agrees(text: &str) -> bool {
        match (read(text), parse_group(text)) {
            (Some(fast), Ok(slow)) => fast == slow,
            (Some(_), Err(_)) => false,
            (None, _) => true,
        }
    }

    const SMALL: &str = "# header\ngroup: \"1\"\ntitle: \"t\"\nmeasures:\n  - id: \"1.1\"\n    units: [\"甲\", \"乙\"]\n    progress: []\nduties: []\n";

    #[test]
    fn locates_values_at_their_opening_quote() {
        let group = read(SMALL).expect("canonical");
        assert_eq!((group.group.line, group.group.column, group.group.offset), (2, 8, 16));
        let units = &group.measures[0].units;
        assert_eq!((units[1].line, units[1].column), (6, 18));
        assert_eq!(&SMALL[units[1].offset..units[1].offset + 4], "\"乙");
        assert_eq!(Some(group), parse_group(SMALL).ok());
    }

    #[test]
    fn reads_the_escapes_layout_writes() {
        let text = "group: \"1\"\ntitle: \"a\\\"b\\\\c\\nd\\te\\u001b\\u00E9\"\n";
        assert_eq!(read(text).expect("canonical").title, "a\"b\\c\nd\te\u{1b}é");
        assert!(agrees(text));
    }

    #[test]
    fn leaves_everything_else_to_serde_saphyr() {
        let outside = [
            "group: 1\ntitle: \"t\"\n",
            "group: \"1\"\ntitle: \"t\" # comment\n",
            "group: \"1\"\ntitle: 't'\n",
            "group: \"1\"\ngroup: \"1\"\ntitle: \"t\"\n",
            "group: \"1\"\ntitle: \"t\"\nextra: \"x\"\n",
            "group: \"1\"\n",
            "group: \"1\"\ntitle: \"a\\x41\"\n",
            "group: \"1\"\ntitle: \"\\ud83d\\ude00\"\n",
            "group: \"1\"\ntitle: \"a\n  b\"\n",
            "group: \"1\"\ntitle: \"t\"\r\n",
            "group: \"1\"\ntitle:\t\"t\"\n",
            "group: \"1\"\ntitle: \"t\"\nmeasures:\n- id: \"1.1\"\n",
            "group: \"1\"\ntitle: \"t\"\nmeasures:\n",
            "group: \"1\"\ntitle: \"t\"\nduties: [{units: [\"a\"], text: \"b\"}]\n",
            "group: &a \"1\"\ntitle: *a\n",
            "\u{feff}group: \"1\"\ntitle: \"t\"\n",
            "# a\u{7f}\ngroup: \"1\"\ntitle: \"t\"\n",
            "---\ngroup: \"1\"\ntitle: \"t\"\n",
        ];
        for text in outside {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    #[test]
    fn leaves_deep_nesting_to_serde_saphyr() {
        // serde-saphyr's own recursion limit lies far deeper (about 100 levels).
        let nested = |levels: usize| {
            let mut text = String::from("group: \"1\"\ntitle: \"t\"\nmeasures:\n");
            for level in 0..levels {
                let indent = " ".repeat(2 + 4 * level);
                text.push_str(&format!("{indent}- id: \"1.{level}\"\n{indent}  items:\n"));
            }
            text.push_str(&format!("{}- id: \"1.x\"\n", " ".repeat(2 + 4 * levels)));
            text
        };
        assert!(read(&nested(super::MAX_DEPTH - 1)).is_some());
        assert!(agrees(&nested(super::MAX_DEPTH - 1)));
        assert_eq!(read(&nested(super::MAX_DEPTH)), None);
        assert!(parse_group(&nested(super::MAX_DEPTH)).is_ok());
    }

    #[test]
    fn accepts_keys_in_any_order_and_comments_anywhere() {
        let text = "title: \"t\"\n\n   # indented comment\ngroup: \"1\"\nmeasures:\n  # before\n  - progress: []\n    id: \"1.1\"\n# after\n";
        assert!(read(text).is_some());
        assert!(agrees(text));
    }
}
