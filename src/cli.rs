//! Command-line definitions: the global options and one `Args` struct per
//! command, whose doc comments are the help text.

use crate::i18n::Lang;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// taizhang (台账): a policy task list kept as plain YAML in git.
#[derive(Debug, Parser)]
#[command(name = "taizhang", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Judge deadlines as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, global = true, env = "TAIZHANG_TODAY", value_name = "DATE")]
    pub as_of: Option<String>,
    /// Language of labels: zh or en (default: the checklist's setting).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Import(ImportArgs),
    Check(CheckArgs),
    List(ListArgs),
    Show(ShowArgs),
}

/// Import a notice's task list (任务清单) into a checklist.
///
/// Writes DIR/tasks/NN.yaml, one file per requirement group, and, when they
/// do not exist yet, DIR/taizhang.toml and DIR/tasks/units.toml. Every line of
/// the task list must find a place; what cannot is reported with its line
/// number and nothing is written.
///
/// Example: taizhang import examples/yichang-sfj-2020-5.txt --out .
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The notice as UTF-8 text.
    pub file: PathBuf,
    /// The checklist folder to write into.
    #[arg(long, short, default_value = ".")]
    pub out: PathBuf,
    /// Replace group files that differ from the import (their progress is lost).
    #[arg(long)]
    pub force: bool,
}

/// Check every file and report every problem.
///
/// Each problem is printed as `path:line:col: error: message`, with a hint
/// where one helps. Exit status: 0 clean, 1 problems found, 2 could not run.
///
/// Example: taizhang check --format json
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// List leaves (the measures that are tracked), filtered.
///
/// Examples:
///   taizhang list --unit 市司法局 --as-of 2021-01-01
///   taizhang list --unit 夷陵区 --overdue --as-of 2021-07-01
///   taizhang list --group 17 --format json
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Which leaves to keep.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Leaves this unit is responsible for (aliases and collectives count).
    #[arg(long, short)]
    pub unit: Option<String>,
    /// With --unit: only leaves the unit leads (牵头).
    #[arg(long, requires = "unit")]
    pub lead: bool,
    /// Only this requirement group (its number).
    #[arg(long, short)]
    pub group: Option<String>,
    /// Only this status (未开始/推进中/已完成/受阻 or todo/doing/done/blocked);
    /// with --unit, that unit's own status.
    #[arg(long, short)]
    pub status: Option<String>,
    /// Only leaves due on or before DATE (YYYY-MM-DD or YYYY-MM).
    #[arg(long, value_name = "DATE")]
    pub due_before: Option<String>,
    /// Only leaves due on or after DATE (YYYY-MM-DD or YYYY-MM).
    #[arg(long, value_name = "DATE")]
    pub due_after: Option<String>,
    /// Only leaves past their deadline and not done, as of --as-of.
    #[arg(long)]
    pub overdue: bool,
    /// Only leaves whose ID or text contains WORD.
    #[arg(long, value_name = "WORD")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
    Md,
}

/// Show one leaf in full: text, units and their progress, deadline, the
/// group's target and the duties of its units.
///
/// Example: taizhang show 17.1.2
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A leaf ID such as 17.1.2.
    #[arg(allow_hyphen_values = true)]
    pub id: String,
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}
