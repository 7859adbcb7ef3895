//! How a YAML error in a group file is told to the user: at the place
//! where the mistake is (an unclosed quote where it opens), in the user's
//! language for the common kinds, with a hint on how to fix it.

use crate::diagnostic::Diagnostic;
use crate::tr;

/// A diagnostic for a group file the YAML parser refused.
pub fn diagnostic(rel: &str, text: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    let message = error.to_string();
    let semantic = [
        "unknown field",
        "must be quoted",
        "duplicate mapping key",
        "invalid type",
        "expected sequence",
        "invalid floating point",
        "non-finite float",
    ];
    if !semantic.iter().any(|s| message.contains(s))
        && let Some(problem) = unclosed_quote(rel, text, line)
    {
        return problem;
    }
    let message = message.split(" at line ").next().unwrap_or(&message);
    let message = message.split(", set DuplicateKeyPolicy").next().unwrap_or(message).trim();
    if let Some((message, hint)) = number_problem(message) {
        return Diagnostic::error(rel, line, column, message).with_hint(hint);
    }
    let unquoted = message.strip_prefix("The string value [").and_then(|rest| rest.strip_suffix("] must be quoted"));
    let (message, hint) = match unquoted {
        Some(value) => (
            tr!(
                "`{value}` 未加引号,会被读作数字或布尔值,而不是文本",
                "unquoted `{value}` reads as a number or boolean, not as text"
            ),
            Some(tr!(
                "请加引号: \"{value}\"(编号、日期和作为文本的数字都是字符串)",
                "quote it: \"{value}\" (IDs, dates and numbers-as-text are strings)"
            )),
        ),
        None => {
            let hint = if message.contains("duplicate mapping key") {
                Some(tr!(
                    "每个键在一个条目中只能出现一次,请删除或改名其中一个",
                    "each key may appear once per entry; remove or rename one"
                ))
            } else if message.contains("unknown field") {
                Some(tr!(
                    "文件格式见 README.md;键名为小写英文",
                    "see the file format in README.md; keys are lower-case English"
                ))
            } else if message.contains("expected sequence") {
                Some(tr!("此值是列表,请写作 [\"…\", \"…\"]", "this value is a list: write [\"…\", \"…\"]"))
            } else if message.contains("invalid floating point") || message.contains("expected f64") {
                Some(tr!("此值是数字,不加引号和单位,如 98.5", "this value is a number, without quotes or unit: 98.5"))
            } else if message.contains("expected mapping") || message.contains("expected a mapping") {
                Some(tr!("此值是映射,由 `key: value` 行组成", "this value is a mapping of `key: value` lines"))
            } else {
                None
            };
            (in_chinese(message).unwrap_or_else(|| message.to_string()), hint)
        }
    };
    Diagnostic::error(rel, line, column, message).maybe_hint(hint)
}

/// A number field holding text (`"90"`, quoted) or a number that is not
/// finite (`.inf`, or too many digits for a number): what is wrong and how
/// to write it.
fn number_problem(message: &str) -> Option<(String, String)> {
    let expected = format!(", expected {}", crate::model::NUMBER_EXPECTED);
    if let Some(text) =
        message.strip_prefix("invalid type: string \"").and_then(|m| m.strip_suffix(&format!("\"{expected}")))
    {
        let text = shorten(text);
        let number = text.trim().parse::<f64>().is_ok_and(f64::is_finite);
        return Some(if number {
            (
                tr!(
                    "`\"{text}\"` 加了引号,读作文本而不是数字",
                    "`\"{text}\"` is quoted, so it reads as text, not as a number"
                ),
                tr!("请去掉引号: {}", "drop the quotes: {}", text.trim()),
            )
        } else {
            (
                tr!("`{text}` 不是数字", "`{text}` is not a number"),
                tr!("此值是数字,不加引号和单位,如 98.5", "this value is a number, without quotes or unit: 98.5"),
            )
        });
    }
    let value = message.strip_prefix("non-finite float `")?.strip_suffix("` rejected by the configured policy")?;
    let value = shorten(value);
    Some((
        tr!("数值 `{value}` 不是有限的数", "the value `{value}` is not a finite number"),
        tr!(
            "请写实际的数字,如 98.5(.inf 和 .nan 不是数值)",
            "write an actual number such as 98.5 (.inf and .nan are not values)"
        ),
    ))
}

/// A value quoted in a message, cut to a readable length.
fn shorten(text: &str) -> String {
    const MAX: usize = 24;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// The parser's message in Chinese, for the kinds a hand edit most often
/// causes, when messages are in Chinese; other messages stay as the parser
/// words them.
fn in_chinese(message: &str) -> Option<String> {
    if crate::i18n::current() != crate::i18n::Lang::Zh {
        return None;
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`')?;
        let expected = expected.trim_start_matches(", expected one of ").trim_start_matches(", expected ");
        return Some(format!("未知的键 `{key}`,可用的键: {expected}"));
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        return Some(format!("键 `{key}` 重复"));
    }
    let kinds = [
        ("expected sequence", "此处应为列表"),
        ("invalid floating point", "此处应为数字"),
        ("expected mapping", "此处应为映射 (`key: value` 行)"),
    ];
    kinds.iter().find(|(english, _)| message.contains(english)).map(|(_, chinese)| chinese.to_string())
}

/// A double-quoted string left open makes the parser read on to the next
/// quote and fail lines later; point at the line where the string starts.
fn unclosed_quote(rel: &str, text: &str, error_line: u64) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let last = (error_line as usize).min(lines.len());
    let (index, column) = lines[..last].iter().enumerate().find_map(|(i, line)| open_quote(line).map(|c| (i, c)))?;
    let next = lines.iter().skip(index + 1).position(|l| l.contains('"')).map(|n| index + n + 2);
    let hint = match next {
        Some(n) => tr!(
            "请补上结尾的 `\"`;否则文本会一直延续到下一个 `\"`(第 {n} 行)",
            "add the closing `\"`; without it the text runs on to the next `\"`, on line {n}"
        ),
        None => tr!("请补上结尾的 `\"`", "add the closing `\"`"),
    };
    let message =
        tr!("从此处开始的引号字符串在本行内没有闭合", "the quoted string that starts here is not closed on its line");
    Some(Diagnostic::error(rel, index as u64 + 1, column, message).with_hint(hint))
}

/// The column of a `"` that opens a string not closed on the same line.
fn open_quote(line: &str) -> Option<u64> {
    let mut open: Option<u64> = None;
    let mut escaped = false;
    for (i, c) in line.chars().enumerate() {
        match c {
            '#' if open.is_none() => break,
            '\\' if open.is_some() => escaped = !escaped,
            '"' if !escaped => open = if open.is_some() { None } else { Some(i as u64 + 1) },
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    open
}
