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
use clap_mangen::roff::{Roff, bold, roman};
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
    page.push_str(&part(|w| main.render_synopsis_section(w))?);
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
    let mut body = part(|w| man.render_synopsis_section(w))?;
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
