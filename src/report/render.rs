//! Output forms shared by the commands: terminal-safe text, tables, CSV
//! and Markdown cells.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde_json::ser::{Formatter, PrettyFormatter};
use std::borrow::Cow;

/// The widest a column other than the measure text may grow, in cells.
const NARROW_COLUMN: u16 = 24;

/// Makes text from files, git or the command line safe to print: control
/// characters and escape sequences, bidi controls, line and paragraph
/// separators and invisible characters become visible `\u{…}` escapes
/// instead of acting on the terminal or hiding in the text. Line feeds stay
/// (a CRLF counts as one); a carriage return on its own is escaped, since it
/// would send the cursor back over what the line showed.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds anything `is_unsafe`. Reports run every text
/// through here, so it looks at bytes: a character is decoded only where a
/// control byte or the first byte of an escaped non-ASCII character (C1
/// controls, U+061C, U+2xxx, U+FEFF) stands.
fn has_unsafe(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| SUSPECT[usize::from(b)]) {
        let i = from + at;
        if bytes[i] < 0x80 || text[i..].chars().next().is_some_and(is_unsafe) {
            return true;
        }
        from = i + 1;
    }
    false
}

/// The bytes `has_unsafe` looks closer at: the controls but the line feed,
/// and the lead bytes of the escaped characters beyond ASCII.
const SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != 0x0a;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xd8] = true;
    table[0xe2] = true;
    table[0xef] = true;
    table
};

/// What `sanitize` escapes: every control character but the line feed
/// (C0, DEL, C1), the bidi controls (U+061C, U+200E–U+200F, U+202A–U+202E,
/// U+2066–U+2069), the line and paragraph separators (U+2028, U+2029) and
/// the invisible ones (U+200B–U+200D, U+2060–U+2065, U+FEFF).
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'
        )
}

/// `sanitize` of a text already owned, without copying it when nothing
/// needs escaping. A web page made from file text the templates have
/// escaped goes through it too, so that no text can reorder or hide what a
/// page shows (the page's own markup, style and script hold nothing it
/// escapes).
pub fn sanitize_owned(text: String) -> String {
    match sanitize(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(safe) => safe,
    }
}

/// The mark that starts each later line of a multi-line value.
const CONTINUATION: &str = "│ ";

/// A value as it goes into a line of text output: sanitized, and when it
/// has several lines, each line after the first continues under `indent`
/// (the indentation of the line the value is on) behind a `│ ` mark, so
/// that no value can start a line of its own and pass for a line of the
/// report. Trailing line breaks (a YAML block scalar ends in one) are
/// dropped.
pub fn value(text: &str, indent: &str) -> String {
    continued(text, indent).into_owned()
}

/// `value`, borrowing `text` when it is safe and on one line.
fn continued<'t>(text: &'t str, indent: &str) -> Cow<'t, str> {
    let safe = sanitize(text.trim_end_matches(['\n', '\r']));
    if !safe.contains('\n') {
        return safe;
    }
    Cow::Owned(safe.replace('\n', &format!("\n{indent}{CONTINUATION}")))
}

/// One line of text output: `indent`, then `content` with any value in it
/// over several lines continued under `indent` (see `value`), then a line
/// feed.
pub fn line(indent: &str, content: &str) -> String {
    let content = continued(content, indent);
    let mut out = String::with_capacity(indent.len() + content.len() + 1);
    out.push_str(indent);
    out.push_str(&content);
    out.push('\n');
    out
}

/// How many terminal cells `text` takes (a Chinese character takes two).
pub fn width(text: &str) -> usize {
    if text.is_ascii() { text.len() } else { unicode_width::UnicodeWidthStr::width(text) }
}

/// `text` followed by spaces up to `cells` terminal cells, so that columns
/// of Chinese and ASCII text line up.
pub fn pad(text: &str, cells: usize) -> String {
    format!("{text}{}", " ".repeat(cells.saturating_sub(width(text))))
}

/// Rows of cells as lines of aligned columns, two spaces apart; the last
/// column is not padded, and a column empty in every row is left out.
pub fn columns(rows: &[Vec<String>]) -> Vec<String> {
    // The last cell of a row is not padded: whether it is empty will do.
    let measure = |row: &Vec<String>| -> Vec<usize> {
        let last = row.len().saturating_sub(1);
        row.iter()
            .enumerate()
            .map(|(c, cell)| if c == last { usize::from(!cell.is_empty()) } else { width(cell) })
            .collect()
    };
    let cells: Vec<Vec<usize>> = rows.iter().map(measure).collect();
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..count).map(|c| cells.iter().filter_map(|r| r.get(c)).copied().max().unwrap_or(0)).collect();
    rows.iter()
        .zip(&cells)
        .map(|(row, cells)| {
            let mut line = String::with_capacity(row.iter().map(|cell| cell.len() + 8).sum());
            for (c, cell) in row.iter().enumerate().filter(|(c, _)| widths[*c] > 0) {
                if !line.is_empty() {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if c + 1 < row.len() {
                    line.extend(std::iter::repeat_n(' ', widths[c] - cells[c]));
                }
            }
            line.truncate(line.trim_end().len());
            line
        })
        .collect()
}

/// The first `chars` characters of a text, with `…` when it was longer.
pub fn excerpt(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A table that aligns double-width characters and, on a terminal (or when
/// `COLUMNS` is set), wraps long cells to the width by the Chinese
/// line-breaking rules (see `line_break`). Column `wide` (the measure
/// text), when there is one, takes the room the narrow columns leave;
/// otherwise the columns share it as comfy-table sees fit.
pub fn table(header: Vec<&str>, mut rows: Vec<Vec<String>>, wide: Option<usize>) -> String {
    for cell in rows.iter_mut().flatten() {
        *cell = sanitize_owned(std::mem::take(cell));
    }
    // The width of the terminal, or `COLUMNS`: what an empty table is given.
    let widths = new_table(&[], Vec::new(), None).width().and_then(|total| {
        let content: Vec<u16> = (0..header.len())
            .map(|c| {
                let cells = rows.iter().filter_map(|r| r.get(c).map(String::as_str)).chain(header.get(c).copied());
                cells.flat_map(str::lines).map(width).max().unwrap_or(0).min(usize::from(u16::MAX)) as u16
            })
            .collect();
        // Borders between and around the columns, and one space of padding each side.
        let natural: usize = content.iter().map(|&w| usize::from(w)).sum::<usize>() + 3 * content.len() + 1;
        match wide {
            _ if natural <= usize::from(total) => None,
            Some(wide) => Some(column_widths(&content, wide, total)),
            None => Some(arranged_widths(&new_table(&header, rows.clone(), None))),
        }
    });
    let Some(widths) = widths else {
        return format!("{}\n", new_table(&header, rows, None));
    };
    for row in &mut rows {
        for (cell, &cells) in row.iter_mut().zip(&widths) {
            *cell = crate::report::line_break::wrap(cell, usize::from(cells)).join("\n");
        }
    }
    format!("{}\n", new_table(&header, rows, Some(&widths)))
}

/// A comfy-table table of sanitized cells, its columns `widths` wide (in
/// cells, without padding) when given.
fn new_table(header: &[&str], rows: Vec<Vec<String>>, widths: Option<&[u16]>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<u16>().ok()) {
        table.set_width(width);
    }
    table.set_header(header.to_vec());
    for row in rows {
        table.add_row(row);
    }
    for (column, &width) in table.column_iter_mut().zip(widths.unwrap_or_default()) {
        let padded = width + column.padding_width();
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(padded)));
    }
    table
}

/// The content widths comfy-table gave the columns of `table`, read off its
/// top border (`┌────┬──┐`: each run of `─` is a column with its padding).
fn arranged_widths(table: &Table) -> Vec<u16> {
    let top = table.lines().next().unwrap_or_default();
    let runs = top.trim_matches(['┌', '┐']).split('┬');
    runs.map(|run| (run.chars().count() as u16).saturating_sub(2)).collect()
}

/// Content widths that fit `total` cells. The narrow columns get their
/// content width up to a cap, lowered (widest first) until the measure text
/// keeps at least a third of the room; the measure text takes the rest.
fn column_widths(content: &[u16], wide: usize, total: u16) -> Vec<u16> {
    let count = content.len() as u16;
    // Borders between and around the columns, and one space of padding each side.
    let room = total.saturating_sub(count + 1 + 2 * count);
    let budget = room - room / 3;
    let capped = |cap: u16| -> Vec<u16> {
        content.iter().enumerate().map(|(i, w)| if i == wide { 0 } else { (*w).min(cap) }).collect()
    };
    let mut cap = NARROW_COLUMN;
    while cap > 2 && capped(cap).iter().sum::<u16>() > budget {
        cap -= 1;
    }
    let mut widths = capped(cap);
    let used: u16 = widths.iter().sum();
    widths[wide] = room.saturating_sub(used).clamp(2, content[wide].max(2));
    widths
}

/// Pretty JSON of `value` into `out`, with everything `sanitize` escapes in
/// text written as a `\uXXXX` escape: the same JSON value, but nothing in
/// it can act on the terminal a report is printed to.
pub fn write_json<W: std::io::Write, T: serde::Serialize + ?Sized>(out: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(out, SafeJson(PrettyFormatter::new())))
}

/// `write_json` into a string, without the final line feed.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    write_json(&mut out, value)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// serde_json's pretty layout, with the string contents escaped as above
/// (serde_json itself escapes only the C0 controls).
struct SafeJson(PrettyFormatter<'static>);

impl Formatter for SafeJson {
    fn write_string_fragment<W: std::io::Write + ?Sized>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = find_unsafe(rest) {
            let c = rest[at..].chars().next().expect("a character starts there");
            out.write_all(&rest.as_bytes()[..at])?;
            write!(out, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        out.write_all(rest.as_bytes())
    }
    fn begin_array<W: std::io::Write + ?Sized>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.0.begin_array(out)
    }
    fn end_array<W: std::io::Write + ?Sized>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.0.end_array(out)
    }
    fn begin_array_value<W: std::io::Write + ?Sized>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_array_value(out, first)
    }
    fn end_array_value<W: std::io::Write + ?Sized>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(out)
    }
    fn begin_object<W: std::io::Write + ?Sized>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.0.begin_object(out)
    }
    fn end_object<W: std::io::Write + ?Sized>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.0.end_object(out)
    }
    fn begin_object_key<W: std::io::Write + ?Sized>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_object_key(out, first)
    }
    fn begin_object_value<W: std::io::Write + ?Sized>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(out)
    }
    fn end_object_value<W: std::io::Write + ?Sized>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(out)
    }
}

/// One CSV record (RFC 4180 quoting).
/// Fields are sanitized: CSV goes to terminals as often as to files.
pub fn csv_record(fields: &[String]) -> String {
    let mut line = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            line.push(b',');
        }
        push_csv_field(&mut line, field);
    }
    line.push(b'\n');
    String::from_utf8(line).expect("CSV fields are UTF-8")
}

/// Appends one CSV field to `line`: sanitized as `sanitize` does, quoted
/// (RFC 4180) when it holds a comma, a quote or a line break. Text with
/// nothing to escape, the usual case, is copied once, straight from `text`.
pub fn push_csv_field(line: &mut Vec<u8>, text: &str) {
    let (unsafe_, quote) = csv_scan(text.as_bytes());
    let safe;
    let text = if unsafe_ {
        safe = sanitize(text);
        &*safe
    } else {
        text
    };
    if !quote {
        line.extend_from_slice(text.as_bytes());
        return;
    }
    line.push(b'"');
    let mut rest = text.as_bytes();
    while let Some(at) = rest.iter().position(|b| *b == b'"') {
        line.extend_from_slice(&rest[..=at]);
        line.push(b'"');
        rest = &rest[at + 1..];
    }
    line.extend_from_slice(rest);
    line.push(b'"');
}

/// What a byte may start: bit 1, CSV punctuation (a comma, a quote, a line
/// feed); bit 2, a character `is_unsafe` names (the ASCII controls, and the
/// lead bytes of the escaped characters above U+007F). Any other byte is
/// neither, and is passed over at a glance.
const BYTE_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        class[b] = 2;
        b += 1;
    }
    class[b'\n' as usize] = 1;
    class[b',' as usize] = 1;
    class[b'"' as usize] = 1;
    class[0x7f] = 2;
    class[0xc2] = 2;
    class[0xd8] = 2;
    class[0xe2] = 2;
    class[0xef] = 2;
    class
};

/// One pass over a field's bytes: whether `sanitize` would change it, and
/// whether it must be quoted.
fn csv_scan(bytes: &[u8]) -> (bool, bool) {
    let (mut unsafe_, mut quote) = (false, false);
    for (at, b) in bytes.iter().enumerate() {
        match BYTE_CLASS[*b as usize] {
            0 => {}
            1 => quote = true,
            // The escapes add no punctuation, and a CRLF they turn into a
            // line feed had its line feed already.
            _ => unsafe_ |= starts_unsafe(&bytes[at..]),
        }
    }
    (unsafe_, quote)
}

/// The byte offset of the first character in `text` that `is_unsafe` names.
fn find_unsafe(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(skipped) = bytes[from..].iter().position(|b| BYTE_CLASS[*b as usize] & 2 != 0) {
        let at = from + skipped;
        if starts_unsafe(&bytes[at..]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether the character at the start of `bytes` (UTF-8) is one that
/// `is_unsafe` names: the byte-level form of that list.
fn starts_unsafe(bytes: &[u8]) -> bool {
    match bytes {
        [b, ..] if *b < 0x20 => *b != b'\n',
        [0x7f, ..] | [0xc2, 0x80..=0x9f, ..] | [0xd8, 0x9c, ..] | [0xef, 0xbb, 0xbf, ..] => true,
        [0xe2, 0x80, 0x8b..=0x8f | 0xa8..=0xae, ..] | [0xe2, 0x81, 0xa0..=0xa9, ..] => true,
        _ => false,
    }
}

/// A Markdown table.
pub fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |s: &str| sanitize(s).replace('|', "\\|").replace('\n', "<br>");
    let mut out = format!("| {} |\n", header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_byte_scan_finds_every_character_sanitize_escapes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("甲{c}乙");
            assert_eq!(has_unsafe(&text), is_unsafe(c), "U+{:04X}", c as u32);
        }
    }

    use super::*;

    #[test]
    fn json_escapes_what_text_would_and_means_the_same() {
        let value = serde_json::json!({"note": "a\u{202e}b\u{2028}c\u{1b}d", "n": [1, 2]});
        let text = json(&value).unwrap();
        assert!(!text.chars().any(is_unsafe), "{text}");
        assert!(text.contains("a\\u202eb\\u2028c\\u001bd"), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
        assert_eq!(
            text,
            serde_json::to_string_pretty(&serde_json::json!({"note": "abcd", "n": [1, 2]}))
                .unwrap()
                .replace("abcd", "a\\u202eb\\u2028c\\u001bd")
        );
    }

    #[test]
    fn escapes_are_neutralised() {
        assert_eq!(sanitize("ok\u{1b}[31mred"), "ok\\u{1b}[31mred");
        assert_eq!(sanitize("市司法局"), "市司法局");
    }

    #[test]
    fn bidi_separators_and_invisible_characters_are_neutralised() {
        for c in [
            '\u{202e}', '\u{202a}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
            '\u{2028}', '\u{2029}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{85}', '\u{9b}',
            '\u{7f}', '\u{7}', '\t',
        ] {
            let shown = sanitize(&format!("甲{c}乙")).into_owned();
            assert_eq!(shown, format!("甲\\u{{{:x}}}乙", c as u32));
        }
        // What is merely unusual stays: a no-break space, CJK punctuation.
        assert_eq!(sanitize("甲\u{a0}乙、丙(丁)"), "甲\u{a0}乙、丙(丁)");
    }

    #[test]
    fn a_lone_carriage_return_is_shown_and_crlf_is_a_line_break() {
        assert_eq!(sanitize("甲\r乙"), "甲\\u{d}乙");
        assert_eq!(sanitize("甲\r\n乙\n丙\r"), "甲\n乙\n丙\\u{d}");
        assert_eq!(sanitize("\r\r\n"), "\\u{d}\n");
        for text in ["\r", "a\r\nb", "a\rb\r\n", "\r\n\r"] {
            assert!(!sanitize(text).contains('\r'), "{text:?}");
            assert!(!value(text, "  ").contains('\r'), "{text:?}");
        }
    }

    #[test]
    fn later_lines_of_a_value_continue_under_its_line() {
        assert_eq!(value("已完成", "  "), "已完成");
        assert_eq!(value("ok\n状态: 已完成", "  "), "ok\n  │ 状态: 已完成");
        assert_eq!(value("ok\r\n  各县市区: 已完成\n", "    "), "ok\n    │   各县市区: 已完成");
        assert_eq!(value("甲\n\n乙", ""), "甲\n│ \n│ 乙");
        assert_eq!(line("  ", "备注: a\nb\u{1b}[2J"), "  备注: a\n  │ b\\u{1b}[2J\n");
    }

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_record(&["a".into(), "b,c".into(), "d\"e".into()]), "a,\"b,c\",\"d\"\"e\"\n");
        assert_eq!(
            csv_record(&["甲\r\n乙".into(), "\u{1b}\"".into(), "丙\u{2028}".into()]),
            "\"甲\n乙\",\"\\u{1b}\"\"\",丙\\u{2028}\n"
        );
    }

    proptest::proptest! {
        /// The streaming writer quotes and escapes exactly as sanitizing,
        /// then quoting a copy of each field did.
        #[test]
        fn csv_fields_are_written_as_sanitized_copies_were(
            fields in proptest::collection::vec("[a,\"\r\n\t\u{1b}\u{85}\u{61c}\u{200b}\u{2028}\u{2066}\u{feff}甲,、]{0,12}|\\PC{0,8}", 0..5)
        ) {
            let copied: Vec<String> = fields
                .iter()
                .map(|f| sanitize(f).into_owned())
                .map(|f| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f })
                .collect();
            proptest::prop_assert_eq!(csv_record(&fields), format!("{}\n", copied.join(",")));
        }
    }

    #[test]
    fn the_byte_scan_finds_what_sanitize_escapes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("甲{c}乙");
            assert_eq!(starts_unsafe(c.to_string().as_bytes()), is_unsafe(c), "{:x}", c as u32);
            assert_eq!(csv_scan(text.as_bytes()).0, sanitize(&text) != text, "{:x}", c as u32);
            assert_eq!(find_unsafe(&text), is_unsafe(c).then_some(3), "{:x}", c as u32);
        }
    }
}
