//! Reading the command line in the user's language. The language is known
//! before clap runs (`--lang`, else the `lang` setting of the checklist at
//! `-C` or the current directory, else the locale), so that help and clap's
//! own errors are Chinese when everything else is.

use super::zh::{self, HELP_COMMAND};
use super::{Cli, clap_error};
use crate::i18n::Lang;
use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// The parsed command line, or the exit status when clap printed help, the
/// version or an error instead.
pub fn parse(args: Vec<OsString>) -> Result<Cli, ExitCode> {
    let (lang, dir) = scan(&args);
    let lang = crate::commands::set_lang(lang, &dir.unwrap_or_else(|| PathBuf::from(".")));
    if lang == Lang::En {
        return Ok(Cli::parse_from(args));
    }
    let mut cmd = zh::translate(Cli::command());
    let command = invoked(&cmd, &args);
    let matches = cmd.try_get_matches_from_mut(&args).map_err(|e| report(&e, &command))?;
    if let Some((HELP_COMMAND, sub)) = matches.subcommand() {
        let names: Vec<String> = sub.get_many::<String>("command").into_iter().flatten().cloned().collect();
        return Err(help(&mut cmd, &names));
    }
    Cli::from_arg_matches(&matches).map_err(|e| report(&e, &command))
}

/// The options every command takes that are followed by a value.
const GLOBAL_VALUES: [&str; 3] = ["-C", "--as-of", "--lang"];

/// What was run, for the hint that says where to read more: `taizhang set`,
/// or `taizhang` when no command is named.
fn invoked(cmd: &clap::Command, args: &[OsString]) -> String {
    let mut words = args.iter().skip(1).filter_map(|w| w.to_str());
    while let Some(word) = words.next() {
        if GLOBAL_VALUES.contains(&word) {
            words.next();
        } else if !word.starts_with('-') {
            if cmd.find_subcommand(word).is_some() && word != HELP_COMMAND {
                return format!("taizhang {word}");
            }
            break;
        }
    }
    "taizhang".to_string()
}

/// `--lang` and `-C` as given, read ahead of clap (which needs the language
/// before it can parse); what is not understood here is left to clap.
fn scan(args: &[OsString]) -> (Option<Lang>, Option<PathBuf>) {
    let mut lang = None;
    let mut dir = None;
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let Some(word) = word.to_str() else { continue };
        if word == "--" {
            break;
        }
        if word == "--lang" {
            lang = words.next().and_then(|v| v.to_str()).and_then(|v| Lang::from_str(v, false).ok()).or(lang);
        } else if let Some(value) = word.strip_prefix("--lang=") {
            lang = Lang::from_str(value, false).ok().or(lang);
        } else if word == "-C" {
            dir = words.next().map(PathBuf::from).or(dir);
        } else if let Some(value) = word.strip_prefix("-C").filter(|v| !v.is_empty()) {
            dir = Some(PathBuf::from(value.strip_prefix('=').unwrap_or(value)));
        }
    }
    (lang, dir)
}

/// Prints what clap stopped with: help and the version as clap renders
/// them (in the translated command), errors in Chinese. Returns the exit status.
fn report(error: &clap::Error, command: &str) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
        }
        _ => eprint!("{}", clap_error::render(error, command)),
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// `taizhang help [COMMAND]`: the long help of the command named, or of
/// `taizhang` itself.
fn help(cmd: &mut clap::Command, names: &[String]) -> ExitCode {
    let mut target = cmd;
    for name in names {
        let known: Vec<String> = target.get_subcommands().map(|s| s.get_name().to_string()).collect();
        match target.find_subcommand_mut(name) {
            Some(sub) => target = sub,
            None => {
                let hint = crate::model::registry::closest(name, known.iter().map(String::as_str))
                    .map(|near| format!("\n  hint: 是否应为 `{near}`?\n"))
                    .unwrap_or_default();
                eprint!("error: 无法识别的命令 `{name}`\n{hint}\n更多信息请运行 `taizhang --help`。\n");
                return ExitCode::from(2);
            }
        }
    }
    let text = target.render_long_help().to_string();
    // A reader that went away (`| head`) is not an error.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(args: &[&str]) -> (Option<Lang>, Option<PathBuf>) {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        scan(&args)
    }

    fn invoked_by(args: &[&str]) -> String {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        invoked(&zh::translate(Cli::command()), &args)
    }

    #[test]
    fn the_command_run_is_named_in_the_hint() {
        assert_eq!(invoked_by(&["taizhang", "list", "--format", "jsn"]), "taizhang list");
        assert_eq!(invoked_by(&["taizhang", "-C", "set", "--lang", "zh", "set", "1.1"]), "taizhang set");
        assert_eq!(invoked_by(&["taizhang", "lst"]), "taizhang");
        assert_eq!(invoked_by(&["taizhang", "--as-of"]), "taizhang");
    }

    #[test]
    fn lang_and_dir_are_read_ahead_of_clap() {
        assert_eq!(scanned(&["taizhang", "list"]), (None, None));
        assert_eq!(scanned(&["taizhang", "--lang", "en", "list"]), (Some(Lang::En), None));
        assert_eq!(scanned(&["taizhang", "list", "--lang=zh"]), (Some(Lang::Zh), None));
        assert_eq!(scanned(&["taizhang", "-C", "台账", "list"]), (None, Some(PathBuf::from("台账"))));
        assert_eq!(scanned(&["taizhang", "-C台账", "list"]), (None, Some(PathBuf::from("台账"))));
        assert_eq!(scanned(&["taizhang", "--lang", "fr", "list"]), (None, None), "left to clap to refuse");
        assert_eq!(scanned(&["taizhang", "set", "--", "--lang", "en"]), (None, None));
    }
}
