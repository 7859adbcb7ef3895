//! taizhang (台账): a government policy task list kept as plain YAML in git.
//!
//! Data flows one way: `store` loads the files, `check` validates them into
//! the `model`'s ledger, `report` selects and renders leaves, and the
//! commands parse arguments, call them and print. `import` reads notices,
//! `git` reads history, `form` and `site` make spreadsheets and pages.

pub mod check;
pub mod cli;
pub mod commands;
pub mod form;
pub mod git;
pub mod i18n;
pub mod import;
pub mod model;
pub mod report;
pub mod site;
pub mod store;

use anyhow::Result;
use cli::{Cli, Command};
use commands::Context;
use std::io::Write;

/// Runs one command; returns the exit status (0 ok, 1 problems found).
pub fn run(cli: Cli) -> Result<u8> {
    let ctx = Context::new(&cli.global)?;
    // Buffered: the standard output is line-buffered, and a report is many lines.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match &cli.command {
        Command::Import(args) => commands::import::run(&ctx, args, &mut out)?,
        Command::Check(args) => commands::check::run(&ctx, args, &mut out)?,
        Command::List(args) => commands::list::run(&ctx, args, &mut out)?,
        Command::Show(args) => commands::show::run(&ctx, args, &mut out)?,
        Command::Set(args) => commands::set::run(&ctx, args, &mut out)?,
        Command::Extend(args) => commands::extend::run(&ctx, args, &mut out)?,
        Command::History(args) => commands::history::run(&ctx, args, &mut out)?,
        Command::Review(args) => commands::review::run(&ctx, args, &mut out)?,
        Command::Overdue(args) => commands::overdue::run(&ctx, args, &mut out)?,
        Command::Summary(args) => commands::summary::run(&ctx, args, &mut out)?,
        Command::Record(args) => commands::record::run(&ctx, args, &mut out)?,
        Command::Indicators(args) => commands::indicators::run(&ctx, args, &mut out)?,
        Command::Export(args) => commands::export::run(&ctx, args, &mut out)?,
        Command::Form(args) => commands::form::run(&ctx, args, &mut out)?,
        Command::Collect(args) => commands::collect::run(&ctx, args, &mut out)?,
        Command::Schema(args) => commands::schema::run(&ctx, args, &mut out)?,
        Command::Completions(args) => commands::completions::run(args, &mut out)?,
        Command::Man(args) => commands::completions::man(args, &mut out)?,
        Command::Init(args) => commands::init::run(&ctx, args, &mut out)?,
        Command::Fmt(args) => commands::fmt::run(&ctx, args, &mut out)?,
        Command::Site(args) => commands::site::run(&ctx, args, &mut out)?,
    };
    out.flush()?;
    Ok(code)
}
