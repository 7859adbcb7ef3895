//! clap's own errors (a mistyped command, a missing or invalid value) told
//! in Chinese: clap words them in English only, so the kind and context of
//! the error are rendered here, in the layout clap uses.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The error in Chinese, ready for stderr: the message, a did-you-mean or
/// other hint where clap has one, the usage line and where to read more
/// (`command`, such as `taizhang set`, is what was run).
pub fn render(error: &clap::Error, command: &str) -> String {
    let mut out = format!("error: {}\n", message(error));
    let hints = hints(error);
    if !hints.is_empty() {
        out.push('\n');
        for hint in hints {
            out.push_str(&format!("  hint: {hint}\n"));
        }
    }
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => Some(usage.to_string()),
        _ => None,
    };
    if let Some(usage) = &usage {
        let line = usage.trim().strip_prefix("Usage:").unwrap_or(usage.trim()).trim();
        out.push_str(&format!("\n用法: {line}\n"));
    }
    out.push_str(&format!("\n更多信息请运行 `{command} --help`。\n"));
    out
}

/// What went wrong, in Chinese; clap's English for a kind not covered.
fn message(error: &clap::Error) -> String {
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    let chinese = match error.kind() {
        ErrorKind::InvalidSubcommand => string(ContextKind::InvalidSubcommand).map(|s| format!("无法识别的命令 `{s}`")),
        ErrorKind::UnknownArgument => arg.map(|a| format!("无法识别的参数 `{a}`")),
        ErrorKind::InvalidValue => match (arg, value) {
            (Some(arg), Some("")) => Some(format!("{arg} 缺少值")),
            (Some(arg), Some(value)) => Some(format!("{arg} 的值 `{value}` 无效{}", possible_values(error))),
            _ => None,
        },
        ErrorKind::ValueValidation => match (arg, value) {
            (Some(arg), Some(value)) => {
                let reason = std::error::Error::source(error).map(|s| reason(&s.to_string())).unwrap_or_default();
                Some(format!("{arg} 的值 `{value}` 无效{reason}"))
            }
            _ => None,
        },
        ErrorKind::MissingRequiredArgument => match error.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(args)) => {
                Some(format!("缺少必需的参数:{}", args.iter().map(|a| format!("\n  {a}")).collect::<String>()))
            }
            _ => None,
        },
        ErrorKind::MissingSubcommand => {
            string(ContextKind::InvalidSubcommand).map(|s| format!("`{s}` 后面需要一个命令"))
        }
        ErrorKind::ArgumentConflict => match (arg, error.get(ContextKind::PriorArg)) {
            (Some(arg), Some(ContextValue::String(prior))) if prior == arg => Some(format!("参数 {arg} 只能给出一次")),
            (Some(arg), Some(ContextValue::String(prior))) => Some(format!("参数 {arg} 不能与 {prior} 同时使用")),
            (Some(arg), Some(ContextValue::Strings(prior))) => {
                Some(format!("参数 {arg} 不能与以下参数同时使用: {}", prior.join(", ")))
            }
            (Some(arg), _) => Some(format!("参数 {arg} 不能与其他已给出的参数同时使用")),
            _ => None,
        },
        ErrorKind::NoEquals => arg.map(|a| format!("{a} 的值需要用等号给出: {a}=…")),
        ErrorKind::TooManyValues => match (arg, value) {
            (Some(arg), Some(value)) => Some(format!("{arg} 多出了值 `{value}`")),
            _ => None,
        },
        ErrorKind::TooFewValues => match (arg, number(ContextKind::MinValues), number(ContextKind::ActualNumValues)) {
            (Some(arg), Some(min), Some(actual)) => Some(format!("{arg} 至少需要 {min} 个值,只给出了 {actual} 个")),
            _ => None,
        },
        ErrorKind::WrongNumberOfValues => {
            match (arg, number(ContextKind::ExpectedNumValues), number(ContextKind::ActualNumValues)) {
                (Some(arg), Some(want), Some(actual)) => Some(format!("{arg} 需要 {want} 个值,给出了 {actual} 个")),
                _ => None,
            }
        }
        ErrorKind::InvalidUtf8 => Some("命令行参数不是有效的 UTF-8 文本".to_string()),
        _ => None,
    };
    chinese.unwrap_or_else(|| english(error))
}

/// `\n  [可选值: a, b]` when clap lists the values an argument takes.
fn possible_values(error: &clap::Error) -> String {
    match error.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(values)) if !values.is_empty() => format!("\n  [可选值: {}]", values.join(", ")),
        _ => String::new(),
    }
}

/// Why a value did not parse, for the parsers the options use (numbers).
fn reason(text: &str) -> String {
    let chinese = match text {
        "invalid digit found in string" => "应为非负整数",
        "cannot parse integer from empty string" => "值为空",
        "number too large to fit in target type" => "数值过大",
        "number too small to fit in target type" => "数值过小",
        _ => return format!(": {text}"),
    };
    format!(": {chinese}")
}

/// The did-you-mean and other hints clap attaches to an error.
fn hints(error: &clap::Error) -> Vec<String> {
    let mut hints = Vec::new();
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        let names = match error.get(kind) {
            Some(ContextValue::String(name)) => vec![name.clone()],
            Some(ContextValue::Strings(names)) => names.clone(),
            _ => continue,
        };
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            hints.push(format!("是否应为 {}?", names.join(" 或 ")));
        }
    }
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        hints.extend(tips.iter().map(|tip| tip_in_chinese(&tip.to_string())));
    }
    hints
}

/// clap's tips in Chinese, for the ones it gives: how to pass a value that
/// looks like an option, and subcommands given after their arguments.
fn tip_in_chinese(tip: &str) -> String {
    if let Some(rest) = tip.strip_prefix("to pass '")
        && let Some((value, _)) = rest.split_once("' as a value, use '")
    {
        return format!("如果 `{value}` 是值而不是选项,请写作 `-- {value}`");
    }
    if let Some(rest) = tip.strip_prefix("subcommand '")
        && let Some((name, _)) = rest.split_once("' exists; to use it, remove the '--' before it")
    {
        return format!("命令 `{name}` 存在;要使用它,请删去它前面的 `--`");
    }
    if let Some(rest) = tip.strip_prefix("unexpected argument '")
        && let Some((value, _)) = rest.split_once('\'')
    {
        return format!("无法识别的参数 `{value}`");
    }
    tip.to_string()
}

/// clap's own message (without its `error: ` prefix and the rest), for an
/// error kind this module does not word.
fn english(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    fn error(args: &[&str]) -> String {
        let mut cmd = crate::cli::zh::translate(Cli::command());
        let error = cmd.try_get_matches_from_mut(args).expect_err("a parse error");
        let command = if args[1].starts_with('-') || args[1] == "lits" {
            "taizhang".to_string()
        } else {
            format!("taizhang {}", args[1])
        };
        render(&error, &command)
    }

    #[test]
    fn a_mistyped_command_gets_a_did_you_mean() {
        assert_eq!(
            error(&["taizhang", "lits"]),
            "error: 无法识别的命令 `lits`\n\n  hint: 是否应为 `list`?\n\n用法: taizhang [选项] <命令>\n\n\
             更多信息请运行 `taizhang --help`。\n"
        );
    }

    #[test]
    fn values_missing_invalid_or_unparsable() {
        let missing = error(&["taizhang", "list", "--unit"]);
        assert!(missing.starts_with("error: --unit <UNIT> 缺少值\n"), "{missing}");
        assert!(missing.ends_with("更多信息请运行 `taizhang list --help`。\n"), "{missing}");
        let invalid = error(&["taizhang", "list", "--format", "jsn"]);
        assert!(
            invalid.starts_with(
                "error: --format <FORMAT> 的值 `jsn` 无效\n  [可选值: table, json, csv, md]\n\n  hint: 是否应为 `json`?\n"
            ),
            "{invalid}"
        );
        let number = error(&["taizhang", "overdue", "--within", "两周"]);
        assert!(number.starts_with("error: --within <DAYS> 的值 `两周` 无效: 应为非负整数\n"), "{number}");
    }

    #[test]
    fn unknown_and_missing_arguments() {
        let unknown = error(&["taizhang", "list", "--unti", "x"]);
        assert!(unknown.starts_with("error: 无法识别的参数 `--unti`\n\n  hint: 是否应为 `--unit`?\n"), "{unknown}");
        let missing = error(&["taizhang", "set", "1.1"]);
        assert!(missing.starts_with("error: 缺少必需的参数:\n  <STATUS>\n"), "{missing}");
        assert!(missing.contains("\n用法: taizhang set [选项] <ID> <STATUS>\n"), "{missing}");
        let conflict =
            error(&["taizhang", "extend", "1.1", "--unit", "a", "--all-units", "--to", "2021-09", "--reason", "r"]);
        assert!(conflict.starts_with("error: 参数 --unit <UNIT> 不能与 --all-units 同时使用\n"), "{conflict}");
    }
}
