//! The canonical text of a group file, as `import` writes it.
//!
//! Every string is double-quoted, so no text of the notice (a `:` or `#`,
//! an ID like `2.10`) can be read back as anything but a string, and each
//! measure field sits on one line so that a diff names the field it changed.

use crate::model::{Actual, Duty, Extension, GroupFile, Indicator, Located, Measure, Progress};
use std::fmt::Write;

/// The first lines of every group file: the schema for editors (the YAML
/// language server reads this line; `import` writes the file next to the
/// group files), and for readers what made the file.
pub const HEADER: &str = "# yaml-language-server: $schema=group.schema.json\n\
# taizhang group file: the notice's text is verbatim; record progress with `taizhang set`.\n";

/// Renders a group file.
pub fn group_file(group: &GroupFile) -> String {
    let mut out = String::from(HEADER);
    field(&mut out, 0, "group", &group.group.value);
    field(&mut out, 0, "title", &group.title);
    field(&mut out, 0, "target", &group.target);
    if !group.indicators.is_empty() {
        out.push_str("indicators:\n");
        for indicator in &group.indicators {
            write_indicator(&mut out, indicator);
        }
    }
    if group.measures.is_empty() {
        out.push_str("measures: []\n");
    } else {
        out.push_str("measures:\n");
        for measure in &group.measures {
            write_measure(&mut out, 1, measure);
        }
    }
    if group.duties.is_empty() {
        out.push_str("duties: []\n");
    } else {
        out.push_str("duties:\n");
        for duty in &group.duties {
            write_duty(&mut out, duty);
        }
    }
    out
}

fn write_measure(out: &mut String, depth: usize, m: &Measure) {
    let indent = depth * 2;
    let _ = writeln!(out, "{:indent$}- id: {}", "", quote(&m.id.value));
    let inner = indent + 2;
    if !m.text.is_empty() {
        field(out, inner, "text", &m.text);
    }
    optional(out, inner, "assignment", m.assignment.as_deref());
    optional(out, inner, "tail", m.tail.as_deref());
    if let Some(lead) = &m.lead {
        list(out, inner, "lead", lead);
    }
    if !m.units.is_empty() {
        list(out, inner, "units", &m.units);
    }
    if !m.support.is_empty() {
        list(out, inner, "support", &m.support);
    }
    if !m.scope.is_empty() {
        list(out, inner, "scope", &m.scope);
    }
    if !m.persons.is_empty() {
        let names: Vec<String> = m.persons.iter().map(|p| quote(p)).collect();
        let _ = writeln!(out, "{:inner$}persons: [{}]", "", names.join(", "));
    }
    optional(out, inner, "due", m.due.as_ref().map(|d| d.value.as_str()));
    optional(out, inner, "due_text", m.due_text.as_ref().map(|d| d.value.as_str()));
    optional(out, inner, "due_source", m.due_source.as_ref().map(|d| d.value.as_str()));
    if m.is_leaf() {
        for (i, extension) in m.extensions.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "{:inner$}extensions:", "");
            }
            out.push_str(&extension_entry(inner + 2, extension));
        }
        write_progress(out, inner, &m.progress);
    } else {
        let _ = writeln!(out, "{:inner$}items:", "");
        for item in &m.items {
            write_measure(out, depth + 2, item);
        }
    }
}

/// Writes the `progress:` key of a leaf at `indent` columns.
pub fn write_progress(out: &mut String, indent: usize, entries: &[Progress]) {
    if entries.is_empty() {
        let _ = writeln!(out, "{:indent$}progress: []", "");
        return;
    }
    let _ = writeln!(out, "{:indent$}progress:", "");
    for entry in entries {
        out.push_str(&progress_entry(indent + 2, entry));
    }
}

/// One progress entry as a block-sequence item at `indent` columns.
pub fn progress_entry(indent: usize, p: &Progress) -> String {
    let mut out = String::new();
    let inner = indent + 2;
    let _ = writeln!(out, "{:indent$}- unit: {}", "", quote(&p.unit.value));
    field(&mut out, inner, "status", &p.status.value);
    optional(&mut out, inner, "date", p.date.as_ref().map(|d| d.value.as_str()));
    optional(&mut out, inner, "note", p.note.as_deref());
    if !p.evidence.is_empty() {
        let items: Vec<String> = p.evidence.iter().map(|e| quote(e)).collect();
        let _ = writeln!(out, "{:inner$}evidence: [{}]", "", items.join(", "));
    }
    out
}

/// One extension as a block-sequence item at `indent` columns.
pub fn extension_entry(indent: usize, e: &Extension) -> String {
    let mut out = String::new();
    let inner = indent + 2;
    let mut first = true;
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            let (pad, dash) = if first { (indent, "- ") } else { (inner, "") };
            let _ = writeln!(out, "{:pad$}{dash}{key}: {}", "", quote(value));
            first = false;
        }
    };
    put("unit", e.unit.as_ref().map(|u| u.value.as_str()));
    put("to", Some(&e.to.value));
    put("reason", Some(&e.reason));
    put("approval", e.approval.as_deref());
    put("requested_by", e.requested_by.as_ref().map(|u| u.value.as_str()));
    put("date", e.date.as_ref().map(|d| d.value.as_str()));
    out
}

fn write_indicator(out: &mut String, i: &Indicator) {
    let _ = writeln!(out, "  - id: {}", quote(&i.id.value));
    field(out, 4, "name", &i.name);
    field(out, 4, "comparator", &i.comparator.value);
    let _ = writeln!(out, "    value: {}", number(i.value.value));
    optional(out, 4, "unit", i.unit.as_ref().map(|u| u.value.as_str()));
    optional(out, 4, "period", i.period.as_ref().map(|p| p.value.as_str()));
    field(out, 4, "phrase", &i.phrase);
    field(out, 4, "source", &i.source);
    if i.actuals.is_empty() {
        out.push_str("    actuals: []\n");
        return;
    }
    out.push_str("    actuals:\n");
    for actual in &i.actuals {
        out.push_str(&actual_entry(6, actual));
    }
}

/// One actual value as a block-sequence item at `indent` columns.
pub fn actual_entry(indent: usize, a: &Actual) -> String {
    let mut out = String::new();
    let inner = indent + 2;
    let _ = writeln!(out, "{:indent$}- period: {}", "", quote(&a.period.value));
    optional(&mut out, inner, "unit", a.unit.as_ref().map(|u| u.value.as_str()));
    let _ = writeln!(out, "{:inner$}value: {}", "", number(a.value.value));
    optional(&mut out, inner, "date", a.date.as_ref().map(|d| d.value.as_str()));
    optional(&mut out, inner, "note", a.note.as_deref());
    if !a.evidence.is_empty() {
        let items: Vec<String> = a.evidence.iter().map(|e| quote(e)).collect();
        let _ = writeln!(out, "{:inner$}evidence: [{}]", "", items.join(", "));
    }
    out
}

/// A number as YAML reads it back: `90`, `92.5`.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

fn write_duty(out: &mut String, duty: &Duty) {
    let units: Vec<String> = duty.units.iter().map(|u| quote(&u.value)).collect();
    let _ = writeln!(out, "  - units: [{}]", units.join(", "));
    optional(out, 4, "label", duty.label.as_deref());
    field(out, 4, "text", &duty.text);
}

fn field(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{:indent$}{key}: {}", "", quote(value));
}

fn optional(out: &mut String, indent: usize, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        field(out, indent, key, value);
    }
}

fn list(out: &mut String, indent: usize, key: &str, values: &[Located<String>]) {
    let items: Vec<String> = values.iter().map(|v| quote(&v.value)).collect();
    let _ = writeln!(out, "{:indent$}{key}: [{}]", "", items.join(", "));
}

/// A YAML double-quoted scalar; escapes what YAML or a terminal would
/// otherwise interpret.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Controls and the two non-characters YAML does not allow raw
            // (U+FFFE, U+FFFF), and what would break or hide a line.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_escapes_only_what_it_must() {
        assert_eq!(quote("市司法局"), "\"市司法局\"");
        assert_eq!(quote("a\"b\\c\nd\u{1b}"), "\"a\\\"b\\\\c\\nd\\u001b\"");
        assert_eq!(quote("\u{fffe}\u{ffff}\u{fdd0}"), "\"\\ufffe\\uffff\u{fdd0}\"");
    }
}
