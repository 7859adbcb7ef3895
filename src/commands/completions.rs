//! `taizhang completions` and `taizhang man`: the shell completion scripts
//! and the man page, generated from the command-line definitions in `cli`,
//! so they always match the commands and options.
//!
//! Completions are static: subcommands, options and the values of enum
//! options. Leaf IDs and unit names are not completed (that needs
//! clap_complete's dynamic engine, behind its `unstable-dynamic` feature).

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};
use std::io::Write;

/// The name the scripts and the man page are written for.
const BIN: &str = "taizhang";

/// Prints the completion script for one shell.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<u8> {
    let mut cmd = Cli::command();
    // Generated into memory first: clap_complete panics on a write error,
    // and a closed pipe (`| head`) is not worth a panic.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, BIN, &mut script);
    out.write_all(&script)?;
    Ok(0)
}

/// Prints the man page: the main page (synopsis, global options, the list
/// of commands), then one section per command with its synopsis, its full
/// description (examples included) and its options. It is one page, so the
/// list of commands names the sections below rather than `taizhang-import(1)`
/// pages that do not exist.
pub fn man(_args: &ManArgs, out: &mut dyn Write) -> Result<u8> {
    let mut cmd = Cli::command().bin_name(BIN).subcommand_value_name("COMMAND").disable_help_subcommand(true);
    cmd.build();
    let main = Man::new(cmd.clone()).title(BIN.to_uppercase());
    let commands: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    // The page starts with its `.TH` line; the string definitions clap_mangen
    // puts before every part come once, right after it.
    let mut page = part(|w| main.render_title(w))?;
    page.push_str(&Roff::new().render());
    page.push_str(&part(|w| main.render_name_section(w))?);
    page.push_str(&part(|w| synopsis_section(&cmd).to_writer(w))?);
    page.push_str(&part(|w| main.render_description_section(w))?);
    page.push_str(&part(|w| main.render_options_section(w))?);
    let mut list = Roff::new();
    list.control("SH", ["COMMANDS"]);
    list.text([
        roman("Each command has its own section below; "),
        bold("taizhang COMMAND --help"),
        roman(" prints the same."),
    ]);
    for sub in &commands {
        list.control("TP", []);
        list.text([bold(command_name(sub))]);
        if let Some(about) = sub.get_about() {
            list.text([roman(about.to_string())]);
        }
    }
    page.push_str(&part(|w| list.to_writer(w))?);
    for sub in &commands {
        page.push_str(&command_section(sub)?);
    }
    page.push_str(&part(|w| main.render_version_section(w))?);
    out.write_all(page.as_bytes())?;
    Ok(0)
}

/// The SYNOPSIS section: `taizhang set [-C DIR] [-u|--unit UNIT] … <ID>
/// <STATUS>`, options in bold and values in italics. clap_mangen's own
/// names no option's value (`[--as-of]`) and writes `[-C ]` for an option
/// with a short name only.
fn synopsis_section(cmd: &clap::Command) -> Roff {
    let mut line = vec![bold(command_name(cmd))];
    let mut options: Vec<&clap::Arg> = cmd.get_arguments().filter(|a| !a.is_positional() && !a.is_hide_set()).collect();
    // clap_mangen's order: optional before required, then by display order
    // and name (a short name in lower case before its capital).
    options.sort_by_key(|a| {
        let name = match (a.get_short(), a.get_long()) {
            (Some(c), _) => format!("{}{}", c.to_ascii_lowercase(), if c.is_ascii_lowercase() { '0' } else { '1' }),
            (None, Some(long)) => long.to_string(),
            (None, None) => String::new(),
        };
        (a.is_required_set(), a.get_display_order(), name)
    });
    for arg in options {
        let flag = match (arg.get_short(), arg.get_long()) {
            (Some(short), Some(long)) => format!("-{short}|--{long}"),
            (Some(short), None) => format!("-{short}"),
            (None, Some(long)) => format!("--{long}"),
            (None, None) => continue,
        };
        let (open, close) = if arg.is_required_set() { ("", "") } else { ("[", "]") };
        line.push(roman(format!(" {open}")));
        line.push(bold(flag));
        if let Some(value) = value_names(arg) {
            line.push(roman(" "));
            line.push(italic(value));
        }
        line.push(roman(close));
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let value = value_names(arg).unwrap_or_else(|| arg.get_id().to_string());
        let (open, close) = if arg.is_required_set() { ("<", ">") } else { ("[", "]") };
        line.extend([roman(format!(" {open}")), italic(value), roman(close)]);
    }
    if cmd.has_subcommands() {
        line.extend([roman(" <"), italic("COMMAND"), roman(">")]);
    }
    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]);
    roff.text(line);
    roff
}

/// `DIR`, `UNIT`: what an argument takes, when it takes a value.
fn value_names(arg: &clap::Arg) -> Option<String> {
    let takes = arg.get_num_args().is_some_and(|n| n.takes_values());
    let names = arg.get_value_names().filter(|_| takes)?;
    Some(names.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(" "))
}

/// `taizhang import`.
fn command_name(sub: &clap::Command) -> String {
    sub.get_bin_name().map_or_else(|| format!("{BIN} {}", sub.get_name()), str::to_string)
}

/// One command's part of the page: a `.SH` heading named after the command
/// (`TAIZHANG IMPORT`), and clap_mangen's synopsis, description and options
/// sections demoted to subsections.
fn command_section(sub: &clap::Command) -> Result<String> {
    let man = Man::new(sub.clone());
    let mut heading = Roff::new();
    heading.control("SH", [command_name(sub).to_uppercase().as_str()]);
    let mut body = part(|w| synopsis_section(sub).to_writer(w))?;
    body.push_str(&part(|w| man.render_description_section(w))?);
    if sub.get_arguments().any(|a| !a.is_hide_set()) {
        body.push_str(&part(|w| man.render_options_section(w))?);
    }
    let mut section = part(|w| heading.to_writer(w))?;
    for line in body.lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => section.push_str(&format!(".SS {title}\n")),
            None => {
                section.push_str(line);
                section.push('\n');
            }
        }
    }
    Ok(section)
}

/// One rendered part of the page, without the string definitions that
/// roff puts at the start of every part.
fn part(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<String> {
    let mut buffer = Vec::new();
    render(&mut buffer)?;
    let text = String::from_utf8(buffer)?;
    let preamble = Roff::new().render();
    Ok(text.strip_prefix(preamble.as_str()).map_or_else(|| text.clone(), str::to_string))
}
