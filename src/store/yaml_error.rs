//! How a YAML error in a group file is told to the user: at the place
//! where the mistake is (an unclosed quote where it opens), in the user's
//! language, with a hint on how to fix it. Every kind of error a hand edit
//! can cause has its own wording; the parser's English is kept only for
//! what no hand edit produces.

use crate::check::diagnostic::Diagnostic;
use crate::model::registry::closest;
use crate::tr;
use serde_saphyr::Error;
use serde_saphyr::granit_parser::ErrorKind;

/// A diagnostic for a group file the YAML parser refused.
pub fn diagnostic(rel: &str, text: &str, error: &Error) -> Diagnostic {
    let error = innermost(error);
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    if let Some((message, hint)) = refused_shape(error) {
        return Diagnostic::error(rel, line, column, message).with_hint(hint);
    }
    let english = error.to_string();
    if let Some((message, hint)) = number_problem(english.split(" at line ").next().unwrap_or(&english).trim()) {
        return Diagnostic::error(rel, line, column, message).with_hint(hint);
    }
    if !is_semantic(error)
        && let Some(problem) = unclosed_quote(rel, text, line)
    {
        return problem;
    }
    let (message, hint) = describe(error, text, line, column);
    Diagnostic::error(rel, line, column, message).maybe_hint(hint)
}

/// What `store::parse_group` refuses however valid the YAML: anchors and
/// aliases, and nesting deeper than any group file needs.
fn refused_shape(error: &serde_saphyr::Error) -> Option<(String, String)> {
    use serde_saphyr::budget::BudgetBreach;
    let serde_saphyr::Error::Budget { breach, .. } = error else { return None };
    match breach {
        BudgetBreach::Anchors { .. } | BudgetBreach::Aliases { .. } => Some((
            tr!("基本要求文件中不使用锚点(&)和别名(*)", "anchors (&) and aliases (*) are not used in group files"),
            tr!(
                "请在每处写出完整的值;`&` 或 `*` 作为文本时须放在引号内",
                "write each value out in full where it belongs; an `&` or `*` in text goes inside the quotes"
            ),
        )),
        BudgetBreach::Depth { .. } => Some((
            tr!(
                "嵌套超过 {} 层,基本要求文件不需要这么深",
                "nested more than {} levels deep, far deeper than a group file needs",
                crate::store::MAX_NESTING
            ),
            tr!("措施通过 items 嵌套,一般不超过三层", "measures nest through `items`, rarely more than three levels"),
        )),
        _ => None,
    }
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

/// The error itself, out of the wrappers that only add context.
fn innermost(error: &Error) -> &Error {
    match error {
        Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// Whether the file parsed as YAML and only its content is wrong: then an
/// earlier unclosed quote is not the cause.
fn is_semantic(error: &Error) -> bool {
    match error {
        Error::Unexpected { expected, .. } => expected.contains("sequence"),
        Error::SerdeUnknownField { .. }
        | Error::SerdeMissingField { .. }
        | Error::SerdeUnknownVariant { .. }
        | Error::SerdeInvalidType { .. }
        | Error::SerdeInvalidValue { .. }
        | Error::QuotingRequired { .. }
        | Error::DuplicateMappingKey { .. }
        | Error::InvalidScalar { .. }
        | Error::NonFiniteFloat { .. }
        | Error::NullIntoString { .. } => true,
        _ => false,
    }
}

/// The message and hint for an error.
fn describe(error: &Error, text: &str, line: u64, column: u64) -> (String, Option<String>) {
    match error {
        Error::ExternalMessage { source, msg, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan) => syntax(scan.kind(), msg),
            _ => unknown(msg),
        },
        Error::Eof { .. } if is_blank(text) => (
            tr!("文件是空的", "the file is empty"),
            Some(tr!(
                "基本要求文件至少写有 group、title 和 measures;误删的内容可用 `git checkout -- 文件名` 恢复,多余的文件请删除",
                "a group file holds at least group, title and measures; restore lost content with `git checkout -- FILE`, or remove a file that should not be there"
            )),
        ),
        Error::Eof { .. } => truncated(),
        Error::MultipleDocuments { .. } => (
            tr!(
                "文件中有不止一个 YAML 文档(以 `---` 或 `...` 行分隔)",
                "the file holds more than one YAML document (split by a `---` or `...` line)"
            ),
            Some(tr!(
                "一个文件只放一个基本要求: 删除 `---` 和 `...` 行,或把后一部分移到它自己的文件",
                "one file holds one group: remove the `---` and `...` lines, or move the second part to a file of its own"
            )),
        ),
        Error::Unexpected { expected, .. } => unexpected(expected),
        Error::SerdeUnknownField { field, expected, .. } => {
            let list = expected.join(", ");
            let near = closest(field, expected.iter().copied());
            (
                tr!("未知的键 `{field}`,可用的键: {list}", "unknown field `{field}`, expected one of {list}"),
                Some(match near {
                    Some(near) => tr!(
                        "是否应为 `{near}`?文件格式见 README.md;键名为小写英文",
                        "did you mean `{near}`? See the file format in README.md; keys are lower-case English"
                    ),
                    None => tr!(
                        "文件格式见 README.md;键名为小写英文",
                        "see the file format in README.md; keys are lower-case English"
                    ),
                }),
            )
        }
        Error::SerdeMissingField { field, .. } => (
            tr!("缺少键 `{field}`", "the key `{field}` is missing"),
            Some(tr!(
                "请补上 `{field}: …`(文件格式见 README.md)",
                "add `{field}: …` (see the file format in README.md)"
            )),
        ),
        Error::SerdeUnknownVariant { variant, expected, .. } => {
            let list = expected.join(", ");
            (
                tr!("未知的值 `{variant}`,可用的值: {list}", "unknown value `{variant}`, expected one of {list}"),
                closest(variant, expected.iter().copied())
                    .map(|near| tr!("是否应为 `{near}`?", "did you mean `{near}`?")),
            )
        }
        Error::SerdeInvalidType { unexpected, expected, .. }
        | Error::SerdeInvalidValue { unexpected, expected, .. } => (
            tr!(
                "值的类型不对: 此处应为 {expected},实际为 {unexpected}",
                "wrong type: {expected} is expected here, not {unexpected}"
            ),
            Some(tr!(
                "文本用双引号括起来,列表写作 [\"…\", \"…\"],数字不加引号;文件格式见 README.md",
                "text goes in double quotes, a list is [\"…\", \"…\"], a number has no quotes; see README.md"
            )),
        ),
        Error::DuplicateMappingKey { key, .. } => (
            match key {
                Some(key) => tr!("键 `{key}` 重复", "duplicate mapping key: {key}"),
                None => tr!("键重复", "duplicate mapping key"),
            },
            Some(tr!(
                "每个键在一个条目中只能出现一次,请删除或改名其中一个",
                "each key may appear once per entry; remove or rename one"
            )),
        ),
        Error::QuotingRequired { value, .. } => (
            tr!(
                "`{value}` 未加引号,会被读作数字或布尔值,而不是文本",
                "unquoted `{value}` reads as a number or boolean, not as text"
            ),
            Some(tr!(
                "请加引号: \"{value}\"(编号、日期和作为文本的数字都是字符串)",
                "quote it: \"{value}\" (IDs, dates and numbers-as-text are strings)"
            )),
        ),
        Error::NullIntoString { .. } if key_is_missing(text, line, column) => (
            tr!("`:` 前缺少键名", "a key is missing before the `:`"),
            Some(tr!("写作 `键: 值`,如 text: \"…\"", "write `key: value`, such as text: \"…\"")),
        ),
        Error::NullIntoString { .. } => (
            tr!("此处缺少值", "the value is missing here"),
            Some(tr!(
                "在冒号后写上用双引号括起来的文本,如 text: \"…\";空文本写作 \"\"",
                "write the text after the colon, in double quotes: text: \"…\" (an empty text is \"\")"
            )),
        ),
        Error::InvalidScalar { ty, .. } if ty.contains("float") || ty.contains("int") => (
            tr!("此处应为数字", "a number is expected here"),
            Some(tr!("此值是数字,不加引号和单位,如 98.5", "this value is a number, without quotes or unit: 98.5")),
        ),
        Error::NonFiniteFloat { value, .. } => (
            tr!("`{value}` 不是有限的数", "`{value}` is not a finite number"),
            Some(tr!("请写实际的数,如 98.5", "write an actual number such as 98.5")),
        ),
        Error::UnknownAnchor { .. } => anchors(tr!("别名 `*…` 没有对应的锚点", "an alias `*…` has no anchor")),
        Error::UnsupportedTag { tag, .. } => (
            tr!("不支持的标签 `{tag}`", "unsupported tag `{tag}`"),
            Some(tr!(
                "基本要求文件不使用 `!` 标签: 请删除它;以 `!` 开头的文本请加双引号",
                "group files use no `!` tags: remove it; text that starts with `!` goes in double quotes"
            )),
        ),
        other => unknown(&other.to_string()),
    }
}

/// Syntax errors: the parser could not read the text as YAML.
fn syntax(kind: &ErrorKind, english: &str) -> (String, Option<String>) {
    let indent_hint = || {
        tr!(
            "用空格缩进,与同一层的其他行左对齐;改好后可运行 `taizhang fmt` 整理格式",
            "indent with spaces, aligned with the other lines of the same level; then `taizhang fmt` tidies the layout"
        )
    };
    let quote_hint = || {
        tr!(
            "文本请用双引号括起来;文本中的双引号写作 \\\"(或用中文引号“”)",
            "put text in double quotes; a double quote inside text is \\\" (or use “”)"
        )
    };
    let (message, hint) = match kind {
        ErrorKind::TabInBlockIndentation
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInIndentation
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => (
            tr!("此处有制表符 (Tab);YAML 只能用空格缩进", "a tab here; YAML indents with spaces only"),
            tr!(
                "把制表符换成空格(每级缩进两个空格),然后运行 `taizhang fmt` 整理格式",
                "replace the tab with spaces (two per level), then run `taizhang fmt` to tidy the layout"
            ),
        ),
        ErrorKind::ExpectedBlockMappingKey => (
            tr!(
                "此行缩进不对,或者不是 `键: 值` 的形式",
                "this line is indented wrongly, or is not a `key: value` line"
            ),
            tr!(
                "同一条目的键要与上面的键左对齐(用空格缩进);列表项以 `- ` 开头",
                "align the key with the keys of the same entry above it (indent with spaces); list items start with `- `"
            ),
        ),
        ErrorKind::ExpectedBlockSequenceEntry | ErrorKind::BlockSequenceEntryNotAllowed => (
            tr!(
                "此处缩进不对,或者缺少列表项开头的 `- `",
                "the indentation is wrong here, or a list item lacks its leading `- `"
            ),
            tr!(
                "列表项以 `- `(短横线加空格)开头,与同一列表的其他项左对齐",
                "list items start with `- ` (a dash and a space), aligned with the other items of the list"
            ),
        ),
        ErrorKind::ExpectedNodeContent => (
            tr!("此处缺少值", "a value is missing here"),
            tr!("在冒号后写上值,文本用双引号括起来", "write the value after the colon; text goes in double quotes"),
        ),
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey => (
            tr!("缺少冒号: 应为 `键: 值`", "a `:` is missing: write `key: value`"),
            tr!(
                "键后面是冒号和一个空格,如 text: \"…\";含冒号的文本请用双引号括起来",
                "a key is followed by a colon and a space, as in text: \"…\"; quote text that contains a colon"
            ),
        ),
        ErrorKind::MappingValueNotAllowed
        | ErrorKind::InvalidColonPlacement
        | ErrorKind::InvalidMappingValueWhitespace
        | ErrorKind::FlowMappingValueAdjacentCollection
        | ErrorKind::MappingKeyNotAllowed => (
            tr!("此处不能有 `:`", "a `:` is not allowed here"),
            tr!(
                "含冒号的文本请用双引号括起来;`键: 值` 的冒号后要有空格;也请检查前面的 `[` 是否缺少 `]`",
                "quote text that contains a colon; put a space after the colon of `key: value`; and check that an earlier `[` has its `]`"
            ),
        ),
        ErrorKind::UnexpectedCharacter { character } => {
            let shown = character.escape_default();
            let hint = if character.is_control() {
                tr!("删除这个不可见的控制字符", "remove this invisible control character")
            } else {
                quote_hint()
            };
            (tr!("意外的字符 `{shown}`", "unexpected character `{shown}`"), hint)
        }
        ErrorKind::MisplacedFlowCollectionEnd => (
            tr!("多余的 `]` 或 `}}`", "a `]` or `}}` without its opening bracket"),
            tr!("删除它,或补上对应的开括号", "remove it, or add the bracket it closes"),
        ),
        ErrorKind::MismatchedFlowCollectionEnd { open, close } => (
            tr!("`{open}` 不能用 `{close}` 闭合", "`{open}` is closed by `{close}`"),
            tr!("`[` 用 `]` 闭合,`{{` 用 `}}` 闭合", "`[` closes with `]`, `{{` with `}}`"),
        ),
        ErrorKind::UnclosedFlowCollection { open } => (
            tr!("`{open}` 没有闭合", "`{open}` is not closed"),
            tr!("在列表末尾补上对应的右括号", "add the closing bracket at the end of the list"),
        ),
        ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping => (
            tr!("文件在括号闭合之前就结束了", "the file ends before a bracket is closed"),
            tr!("补上结尾的 `]` 或 `}}`", "add the closing `]` or `}}`"),
        ),
        ErrorKind::UnexpectedEofBlockSequence | ErrorKind::UnexpectedEofBlockMapping | ErrorKind::UnexpectedEof => {
            let (message, hint) = truncated();
            (message, hint.unwrap_or_default())
        }
        ErrorKind::UnclosedQuotedScalar => {
            (tr!("引号没有闭合", "a quote is not closed"), tr!("补上结尾的引号", "add the closing quote"))
        }
        ErrorKind::InvalidTrailingDoubleQuotedScalar | ErrorKind::InvalidTrailingSingleQuotedScalar => (
            tr!("引号结束后还有内容", "text follows the closing quote"),
            tr!(
                "文本中的双引号写作 \\\"(或用中文引号“”);列表项之间用英文逗号分隔",
                "write a double quote inside text as \\\" (or use “”); separate list items with commas"
            ),
        ),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidUnicodeEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate => (
            tr!("双引号文本中有无效的转义 `\\`", "an invalid `\\` escape in double-quoted text"),
            tr!("反斜杠写作 \\\\,如 \"C:\\\\资料\"", "write a backslash as \\\\, as in \"C:\\\\files\""),
        ),
        ErrorKind::CommentNotSeparated => (
            tr!("`#` 注释前要有空格", "a `#` comment needs a space before it"),
            tr!(
                "在 `#` 前加一个空格;文本中的 `#` 要放在双引号内",
                "put a space before the `#`; a `#` that is part of the text goes inside the double quotes"
            ),
        ),
        ErrorKind::CommentInterceptedScalar => (
            tr!("注释打断了多行文本", "a comment interrupts text that runs over several lines"),
            tr!("把文本写在一行,用双引号括起来", "write the text on one line, in double quotes"),
        ),
        ErrorKind::InvalidIndentation
        | ErrorKind::InvalidBlockScalarIndent
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::InvalidFlowScalarIndent => (tr!("缩进不对", "wrong indentation"), indent_hint()),
        ErrorKind::RecursionLimitExceeded => (
            tr!("嵌套层数过多", "nested too deeply"),
            tr!(
                "此处的 `[` 或 `{{` 层层嵌套,没有哪个基本要求文件是这样的;文件可能已损坏,请用 `git diff` 与提交的版本比较",
                "`[` or `{{` nest here deeper than any group file does; the file may be damaged: compare it with the committed version (`git diff`)"
            ),
        ),
        ErrorKind::ExpectedWhitespace | ErrorKind::InvalidBlockEntryWhitespace => (
            tr!("此处缺少空格", "a space is missing here"),
            tr!("`- ` 和 `键: 值` 的符号后都要有一个空格", "`-` and the `:` of `key: value` are followed by a space"),
        ),
        ErrorKind::BomInsideDocument => (
            tr!("文件中间有字节顺序标记 (BOM)", "a byte-order mark (BOM) inside the file"),
            tr!(
                "删除这个不可见字符(常见于拼接文件时)",
                "remove this invisible character (it comes from joining files)"
            ),
        ),
        ErrorKind::UnknownAnchor | ErrorKind::MissingAnchorOrAliasName | ErrorKind::AnchorCountOverflow => {
            let (message, hint) = anchors(tr!("`&` 或 `*` 用法不对", "a misused `&` or `*`"));
            (message, hint.unwrap_or_default())
        }
        ErrorKind::InvalidDocumentEnd
        | ErrorKind::ExpectedDocumentStart
        | ErrorKind::MissingDocumentEndBeforeDirective
        | ErrorKind::DirectiveDisallowed
        | ErrorKind::DocumentIndicatorInQuotedScalar => (
            tr!("`---`、`...` 或 `%` 开头的行在此无效", "a line starting with `---`, `...` or `%` is not valid here"),
            tr!(
                "基本要求文件只有一个文档: 删除这些行;以它们开头的文本请加双引号",
                "a group file is one document: remove these lines; text starting with them goes in double quotes"
            ),
        ),
        ErrorKind::PlainScalarStartsWithDashFlowIndicator
        | ErrorKind::BlockEntryInFlowCollection
        | ErrorKind::UnexpectedEndOfPlainScalar => {
            (tr!("此处的文本无法读取", "the text here cannot be read"), quote_hint())
        }
        _ => return unknown(english),
    };
    (message, Some(hint))
}

/// A file that ends where more must follow.
fn truncated() -> (String, Option<String>) {
    (
        tr!("文件意外结束", "the file ends unexpectedly"),
        Some(tr!(
            "文件可能被截断了;请用 `git diff` 与提交的版本比较",
            "the file may have been cut short: compare it with the committed version (`git diff`)"
        )),
    )
}

/// Anchors and aliases (`&a`, `*a`), which group files do not use.
fn anchors(message: String) -> (String, Option<String>) {
    (
        message,
        Some(tr!(
            "基本要求文件不使用锚点和别名 (`&` 和 `*`);以 `&` 或 `*` 开头的文本请加双引号",
            "group files use no anchors or aliases (`&`, `*`); text starting with `&` or `*` goes in double quotes"
        )),
    )
}

/// A value of the wrong shape: text, a list or a mapping was expected.
fn unexpected(expected: &str) -> (String, Option<String>) {
    if expected.contains("string") {
        (
            tr!("此处应为文本", "text is expected here"),
            Some(tr!(
                "把文本写在一行,用双引号括起来: \"…\";这里不能放列表或 `键: 值`",
                "write the text on one line, in double quotes: \"…\"; a list or `key: value` cannot go here"
            )),
        )
    } else if expected.contains("sequence") {
        (
            tr!("此处应为列表", "a list is expected here"),
            Some(tr!("此值是列表,请写作 [\"…\", \"…\"]", "this value is a list: write [\"…\", \"…\"]")),
        )
    } else if expected.contains("mapping") {
        (
            tr!("此处应为映射 (`键: 值` 行)", "a mapping of `key: value` lines is expected here"),
            Some(tr!(
                "此值是映射,由 `键: 值` 行组成,如 unit: \"…\"",
                "this value is a mapping of `key: value` lines, such as unit: \"…\""
            )),
        )
    } else {
        (tr!("此处应为 {expected}", "expected {expected}"), None)
    }
}

/// A message the parser words that no hand edit is known to cause: its
/// English, introduced in the user's language.
fn unknown(english: &str) -> (String, Option<String>) {
    let english = english.split(" at line ").next().unwrap_or(english).trim();
    (
        tr!("YAML 无法读取: {english}", "{english}"),
        Some(tr!(
            "对照同一文件中格式正确的条目修改,或用 `git diff` 查看改动",
            "compare with a well-formed entry of the same file, or see what changed with `git diff`"
        )),
    )
}

/// Whether the text holds nothing but white space and comments.
fn is_blank(text: &str) -> bool {
    text.lines().map(str::trim).all(|l| l.is_empty() || l.starts_with('#'))
}

/// Whether the `:` at a 1-based line and column has no key before it
/// (`    : "…"`, or `- : "…"`).
fn key_is_missing(text: &str, line: u64, column: u64) -> bool {
    let Some(line) = usize::try_from(line).ok().and_then(|l| text.lines().nth(l.checked_sub(1)?)) else {
        return false;
    };
    let before: String = line.chars().take(usize::try_from(column).unwrap_or(0).saturating_sub(1)).collect();
    let at = line.chars().nth(before.chars().count());
    at == Some(':') && matches!(before.trim(), "" | "-")
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
