//! How an error in `taizhang.toml` or `tasks/units.toml` is told to the
//! user: at its place, in the user's language, with a hint on how to fix
//! it. The toml crate words its errors in English only, as a description
//! followed by what it expected; each description a hand edit can cause has
//! its own wording here.

use crate::check::diagnostic::{Diagnostic, line_column};
use crate::model::registry::closest;
use crate::tr;

/// A diagnostic for a TOML file that did not read.
pub fn diagnostic(rel: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    let (line, column) = error.span().map_or((1, 1), |s| line_column(text, s.start));
    let (message, hint) = describe(error.message().trim());
    Diagnostic::error(rel, line, column, message).maybe_hint(hint)
}

/// The message and hint for the toml crate's message.
fn describe(english: &str) -> (String, Option<String>) {
    let text_hint = || {
        tr!(
            "写作 键 = \"…\"(英文双引号,中文引号“”不算);是否写作 true 或 false;数字不加引号",
            "write key = \"…\" (ASCII double quotes, not “”); yes and no are true and false; numbers take no quotes"
        )
    };
    let (message, hint) = if english.starts_with("invalid basic string") {
        (
            tr!(
                "双引号字符串没有闭合,或含有不可见字符",
                "a double-quoted string is not closed, or holds an invisible character"
            ),
            tr!(
                "在本行末尾补上 `\"`,删除不可见字符;字符串不能跨行",
                "add the closing `\"` on the same line and remove invisible characters; a string cannot span lines"
            ),
        )
    } else if english.starts_with("invalid literal string") {
        (
            tr!("单引号字符串没有闭合", "a single-quoted string is not closed"),
            tr!("在本行末尾补上 `'`", "add the closing `'` on the same line"),
        )
    } else if english.starts_with("string values must be quoted") {
        (tr!("值无法读取: 文本要用双引号括起来", "the value does not read: text goes in double quotes"), text_hint())
    } else if english.starts_with("key with no value") || english.starts_with("missing assignment") {
        (
            tr!("键后面缺少 `=` 和值", "a key without `=` and a value"),
            tr!(
                "写作 键 = 值,用英文等号(不是冒号或全角等号);键名中不能有空格",
                "write key = value with an ASCII `=` (not a colon); a key has no spaces"
            ),
        )
    } else if english.starts_with("duplicate key") {
        (
            tr!("键或表重复", "a key or table is given twice"),
            tr!(
                "每个键在表中只能出现一次,[settings] 这样的表头也只能出现一次;单位写作 [[unit]](两层方括号)",
                "a key appears once per table, and so does a header such as [settings]; units are [[unit]], with double brackets"
            ),
        )
    } else if let Some(rest) = english.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let keys: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|k| k.trim_matches('`'))
            .filter(|k| !k.is_empty())
            .collect();
        let list = keys.join(", ");
        let hint = match closest(field, keys.iter().copied()) {
            Some(near) => {
                tr!("是否应为 `{near}`?设置项见 README.md", "did you mean `{near}`? The settings are in README.md")
            }
            None => tr!("设置项见 README.md", "the settings are in README.md"),
        };
        (tr!("未知的键 `{field}`,可用的键: {list}", "unknown field `{field}`, expected one of {list}"), hint)
    } else if let Some(rest) = english.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        (
            tr!("缺少键 `{field}`", "the key `{field}` is missing"),
            tr!("请补上 {field} = …(见 README.md)", "add {field} = … (see README.md)"),
        )
    } else if let Some((kind, rest)) =
        english.split_once(": ").filter(|(k, _)| *k == "invalid type" || *k == "invalid value")
    {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = found_in_words(found);
        let (want, hint) = expected_value(expected);
        let message = if kind == "invalid type" {
            tr!("值的类型不对: 此处应为{want},实际为{found}", "wrong type: {want} is expected here, not {found}")
        } else {
            tr!("值无效: 此处应为{want},实际为{found}", "invalid value: {want} is expected here, not {found}")
        };
        (message, hint)
    } else if english.starts_with("unclosed array table") {
        (tr!("表头 `[[…` 缺少 `]]`", "a `[[…` header lacks its `]]`"), tr!("写作 [[unit]]", "write [[unit]]"))
    } else if english.starts_with("unclosed table") {
        (tr!("表头 `[…` 缺少 `]`", "a `[…` header lacks its `]`"), tr!("写作 [settings]", "write [settings]"))
    } else if english.starts_with("unexpected key or value") || english.starts_with("unexpected content") {
        (
            tr!("此行多出了内容", "there is more on this line than a key and its value"),
            tr!(
                "一行只写一个 键 = 值;注释以 # 开头;表头写作 [settings] 或 [[unit]]",
                "one key = value per line; a comment starts with #; a header is [settings] or [[unit]]"
            ),
        )
    } else if english.starts_with("missing comma between array elements") || english.starts_with("unclosed array") {
        (
            tr!(
                "列表项之间缺少逗号,或列表没有闭合",
                "a comma between list items is missing, or the list is not closed"
            ),
            tr!(
                "写作 [\"甲\", \"乙\"]: 英文逗号分隔,以 `]` 结尾",
                "write [\"a\", \"b\"]: items separated by commas, closed by `]`"
            ),
        )
    } else if english.starts_with("extra comma")
        || english.starts_with("extra assignment")
        || english.starts_with("extra `=`")
    {
        (tr!("多余的 `,` 或 `=`", "a stray `,` or `=`"), tr!("删除它", "remove it"))
    } else if english.starts_with("missing escaped value") || english.starts_with("too few unicode value digits") {
        (
            tr!("反斜杠后没有有效的转义", "a backslash starts no valid escape"),
            tr!(
                "反斜杠写作 \\\\,或改用单引号字符串 '…'",
                "write a backslash as \\\\, or use a single-quoted string '…'"
            ),
        )
    } else if english.starts_with("invalid unquoted key") || english.starts_with("unquoted keys cannot be empty") {
        (
            tr!(
                "键名无效: 不加引号的键只能含英文字母、数字、- 和 _",
                "an unquoted key holds only letters, digits, `-` and `_`"
            ),
            tr!(
                "设置项的键名是英文,见 README.md,如 title = \"…\"",
                "the keys are English, as in README.md: title = \"…\""
            ),
        )
    } else if english.starts_with("missing value") || english.starts_with("missing key") {
        (tr!("缺少值或键", "a value or key is missing"), text_hint())
    } else if english.starts_with("carriage return must be followed by newline") {
        (
            tr!("孤立的回车符 (CR)", "a lone carriage return (CR)"),
            tr!("把行尾改为 LF 或 CRLF", "end lines with LF or CRLF"),
        )
    } else if english.starts_with("cannot recurse further") || english.contains("recursion limit") {
        (
            tr!("嵌套层数过多", "nested too deeply"),
            tr!(
                "文件可能已损坏,请用 `git diff` 与提交的版本比较",
                "the file may be damaged: compare it with the committed version (`git diff`)"
            ),
        )
    } else {
        (
            tr!("TOML 无法读取: {english}", "{english}"),
            tr!(
                "对照 README.md 中的示例修改,或用 `git diff` 查看改动",
                "compare with the example in README.md, or see what changed with `git diff`"
            ),
        )
    };
    (message, Some(hint))
}

/// What serde found (`string "90"`, ``integer `-1` ``), its kind in the
/// reader's words.
fn found_in_words(found: &str) -> String {
    let kinds = [
        ("string ", tr!("文本 ", "text ")),
        ("integer ", tr!("整数 ", "integer ")),
        ("float ", tr!("小数 ", "number ")),
        ("boolean ", tr!("布尔值 ", "boolean ")),
    ];
    for (english, words) in kinds {
        if let Some(value) = found.strip_prefix(english) {
            return format!("{words}{value}");
        }
    }
    tr!(" {found}", "{found}")
}

/// What serde expected, as a reader says it, and how to write it.
fn expected_value(expected: &str) -> (String, String) {
    match expected {
        "u32" | "u64" | "i64" | "usize" | "an integer" => (
            tr!("非负整数", "a whole number"),
            tr!("数字不加引号,如 stale_days = 90", "a number takes no quotes: stale_days = 90"),
        ),
        "a boolean" => (
            tr!(" true 或 false", "true or false"),
            tr!("写作 true 或 false,不加引号", "write true or false, without quotes"),
        ),
        "a string" => (tr!("文本", "text"), tr!("文本用双引号括起来: \"…\"", "text goes in double quotes: \"…\"")),
        "a sequence" => (tr!("列表", "a list"), tr!("列表写作 [\"…\", \"…\"]", "a list is [\"…\", \"…\"]")),
        other => (tr!(" {other}", "{other}"), tr!("见 README.md 中的示例", "see the example in README.md")),
    }
}
