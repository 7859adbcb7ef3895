//! Output forms shared by the commands: terminal-safe text, tables, CSV
//! and Markdown cells.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

/// The widest a column other than the measure text may grow, in cells.
const NARROW_COLUMN: u16 = 24;

/// Makes file text safe to print: control characters and escape sequences
/// become visible `\u{…}` escapes instead of acting on the terminal.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    text.chars().map(|c| if is_unsafe(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first `chars` characters of a text, with `…` when it was longer.
pub fn excerpt(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().nth(chars).is_some() {
        out.push('…');
    }
    out
}

/// A table that aligns double-width characters and, on a terminal (or when
/// `COLUMNS` is set), wraps long cells to the width. Column `wide` (the
/// measure text), when there is one, takes the room the narrow columns
/// leave; otherwise the columns share it as comfy-table sees fit.
pub fn table(header: Vec<&str>, rows: Vec<Vec<String>>, wide: Option<usize>) -> String {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<u16>().ok()) {
        table.set_width(width);
    }
    table.set_header(header);
    for row in rows {
        table.add_row(row.iter().map(|cell| sanitize(cell)));
    }
    if let (Some(total), Some(wide)) = (table.width(), wide) {
        let widths = column_widths(&table.column_max_content_widths(), wide, total);
        for (column, width) in table.column_iter_mut().zip(widths) {
            let padded = width + column.padding_width();
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(padded)));
        }
    }
    let mut out = table.to_string();
    out.push('\n');
    out
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

/// One CSV record (RFC 4180 quoting).
/// Fields are sanitized: CSV goes to terminals as often as to files.
pub fn csv_record(fields: &[String]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| sanitize(f))
        .map(|f| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f })
        .collect();
    format!("{}\n", cells.join(","))
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
    use super::*;

    #[test]
    fn escapes_are_neutralised() {
        assert_eq!(sanitize("ok\u{1b}[31mred"), "ok\\u{1b}[31mred");
        assert_eq!(sanitize("市司法局"), "市司法局");
    }

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_record(&["a".into(), "b,c".into(), "d\"e".into()]), "a,\"b,c\",\"d\"\"e\"\n");
    }
}
