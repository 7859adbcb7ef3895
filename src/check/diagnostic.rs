//! Problems found in a checklist, each at `path:line:col`, with an
//! optional hint; rendered as text lines or as a JSON array.

use serde::Serialize;

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the checklist root, with `/` separators.
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub severity: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a line and column (1-based; 0 when unknown).
    pub fn error(path: &str, line: u64, column: u64, message: impl Into<String>) -> Diagnostic {
        Diagnostic { path: path.to_string(), line, column, severity: "error", message: message.into(), hint: None }
    }

    /// A warning about a whole file: worth fixing, but the data is sound.
    pub fn warning(path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: "warning", ..Diagnostic::error(path, 1, 1, message) }
    }

    /// Whether the problem makes the checklist fail `check`.
    pub fn is_error(&self) -> bool {
        self.severity == "error"
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint;
        self
    }

    /// `path:line:col: error: message` (or `warning:`) and, when there is
    /// one, `  hint: …`. The path (a file name) and the message (which may
    /// quote the file) are shown, never obeyed, and cannot start a line of
    /// their own.
    pub fn render(&self) -> String {
        use crate::report::render::line;
        let mut out =
            line("", &format!("{}:{}:{}: {}: {}", self.path, self.line, self.column, self.severity, self.message));
        if let Some(hint) = &self.hint {
            out.push_str(&line("  ", &format!("hint: {hint}")));
        }
        out
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (u64, u64) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u64, column as u64)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_column("ab\n市司法局x", 3 + 3 * 4), (2, 5));
        assert_eq!(line_column("abc", 0), (1, 1));
    }

    #[test]
    fn renders_with_hint() {
        let d = Diagnostic::error("tasks/01.yaml", 3, 7, "unknown unit `甲`").with_hint("did you mean `乙`?");
        assert_eq!(d.render(), "tasks/01.yaml:3:7: error: unknown unit `甲`\n  hint: did you mean `乙`?\n");
    }
}
