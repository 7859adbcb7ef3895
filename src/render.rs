//! Output forms shared by the commands: terminal-safe text, tables, CSV
//! and Markdown cells.

use comfy_table::{ContentArrangement, Table, presets};

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

/// A table that aligns double-width characters and, on a terminal (or when
/// `COLUMNS` is set), wraps long cells to the width.
pub fn table(header: Vec<&str>, rows: Vec<Vec<String>>) -> String {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<u16>().ok()) {
        table.set_width(width);
    }
    table.set_header(header);
    for row in rows {
        table.add_row(row.iter().map(|cell| sanitize(cell)));
    }
    let mut out = table.to_string();
    out.push('\n');
    out
}

/// One CSV record (RFC 4180 quoting).
pub fn csv_record(fields: &[String]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.clone() })
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
