//! Command-line definitions: the global options and one `Args` struct per
//! command, whose doc comments are the help text.

pub mod clap_error;
pub mod lang;
pub mod zh;

use crate::i18n::Lang;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// taizhang (台账): a policy task list kept as plain YAML in git.
#[derive(Debug, Parser)]
#[command(
    name = "taizhang",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  taizhang list --unit 市司法局 --overdue --as-of 2021-01-01\n  taizhang set 17.1.1 done --unit 市国资委 --evidence 宜国资发〔2021〕3号\n  taizhang overdue --within 14"
)]
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
    /// Judge deadlines as of this date (YYYY-MM-DD) instead of today
    /// [default: the TAIZHANG_TODAY variable, else the clock].
    // TAIZHANG_TODAY is read by `Context::new`, not bound here: an error in
    // it must name the variable, and clap would blame --as-of.
    #[arg(long, global = true, value_name = "DATE")]
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
    Set(SetArgs),
    Extend(ExtendArgs),
    History(HistoryArgs),
    Review(ReviewArgs),
    Overdue(OverdueArgs),
    Summary(SummaryArgs),
    Record(RecordArgs),
    Indicators(IndicatorsArgs),
    Export(ExportArgs),
    Form(FormArgs),
    Collect(CollectArgs),
    Schema(SchemaArgs),
    Completions(CompletionsArgs),
    Man(ManArgs),
    Init(InitArgs),
    Fmt(FmtArgs),
    Site(SiteArgs),
}

/// Import a notice's task list (任务清单) into a checklist.
///
/// Writes DIR/tasks/NN.yaml, one file per requirement group, and, when they
/// do not exist yet, DIR/taizhang.toml and DIR/tasks/units.toml. The layout
/// (the shipped notice's, labelled brackets, role verbs, labelled lines, a
/// table, irregular forms) is detected and named; everything doubtful is
/// listed with its line. Every line of the task list must find a place;
/// what cannot is reported with its line number (in a Word file, its
/// paragraph's; in a table, its row's) and nothing is written, unless
/// --lenient.
///
/// Example: taizhang import examples/yichang-sfj-2020-5.txt --out .
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The task list: UTF-8 text, a Word file (.docx), a spreadsheet
    /// (.xlsx, .xls, .ods) or a CSV file. A .doc, .wps or .pdf is refused
    /// with the command that converts it.
    pub file: PathBuf,
    /// The layout to read instead of the one detected: notice (the shipped
    /// notice's), A (labelled roles in a bracket), B (role verbs in a
    /// bracket), C (labelled lines), D (a table), E (irregular forms).
    #[arg(long, value_enum, ignore_case = true)]
    pub layout: Option<crate::import::Layout>,
    /// Write what could be placed and report the rest (on stderr, and as a
    /// comment at the top of taizhang.toml) instead of writing nothing.
    #[arg(long)]
    pub lenient: bool,
    /// How --dry-run shows the tasks.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ImportFormat,
    /// The checklist folder to write into.
    #[arg(long, short, default_value = ".")]
    pub out: PathBuf,
    /// Replace group files that differ from the import (their progress is lost).
    #[arg(long)]
    pub force: bool,
    /// Show every measure as it would be imported (ID, text, units, scope,
    /// deadline) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Check every file and report every problem.
///
/// Each problem is printed as `path:line:col: error: message`, with a hint
/// where one helps. Exit status: 0 clean, 1 problems found, 2 could not run.
///
/// Example: taizhang check --format json
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The output form.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// How `import --dry-run` shows what it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Table,
    Json,
}

/// An output form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// List leaves (the measures that are tracked), filtered.
///
/// Examples:
///
/// taizhang list --unit 市司法局 --as-of 2021-01-01
///
/// taizhang list --unit 夷陵区 --overdue --as-of 2021-07-01
///
/// taizhang list --group 17 --format json
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The output form.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Order: id (document order), due (earliest deadline first) or unit
    /// (lead unit, then document order).
    #[arg(long, value_enum, default_value_t = SortBy::Id)]
    pub sort: SortBy,
    /// Columns for table, md and csv, comma-separated: id, group, text,
    /// units, scope, due, due_text, status, role, overdue.
    #[arg(long, value_delimiter = ',', value_enum)]
    pub columns: Vec<Column>,
    /// Leave out group files with problems instead of stopping, and say
    /// at the top of the report which were left out (exit status 1).
    #[arg(long)]
    pub keep_going: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    Id,
    Due,
    Unit,
}

/// A column of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Column {
    Id,
    Group,
    Text,
    Units,
    Scope,
    Due,
    // Named as in `list --format json`; `due-text` is accepted too.
    #[value(name = "due_text", alias = "due-text")]
    DueText,
    Status,
    Role,
    Overdue,
}

/// Which leaves to keep.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Leaves this unit is responsible for (aliases and collectives count).
    #[arg(long, short)]
    pub unit: Option<String>,
    /// With --unit: only leaves the unit leads (牵头); same as --role lead.
    #[arg(long, requires = "unit", conflicts_with = "role")]
    pub lead: bool,
    /// With --unit: the unit's role, lead (牵头), responsible (责任),
    /// support (配合), co (any but lead, including where the measure also
    /// applies) or any.
    #[arg(long, value_enum, requires = "unit")]
    pub role: Option<RoleFilter>,
    /// Only standing duties (长期坚持) without progress for the checklist's
    /// stale_days (by anyone, or by the unit with --unit).
    #[arg(long)]
    pub stale: bool,
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

impl FilterArgs {
    /// The values as the library's filter takes them.
    pub fn query(&self) -> crate::report::filter::Query<'_> {
        use crate::report::filter::RoleWanted;
        let role = if self.lead {
            Some(RoleWanted::Lead)
        } else {
            self.role.map(|r| match r {
                RoleFilter::Lead => RoleWanted::Lead,
                RoleFilter::Responsible => RoleWanted::Responsible,
                RoleFilter::Support => RoleWanted::Support,
                RoleFilter::Co => RoleWanted::Co,
                RoleFilter::Any => RoleWanted::Any,
            })
        };
        crate::report::filter::Query {
            unit: self.unit.as_deref(),
            role,
            stale: self.stale,
            group: self.group.as_deref(),
            status: self.status.as_deref(),
            due_before: self.due_before.as_deref(),
            due_after: self.due_after.as_deref(),
            overdue: self.overdue,
            text: self.text.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleFilter {
    Lead,
    Responsible,
    Support,
    Co,
    Any,
}

/// An output form.
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
    /// The output form.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// An output form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

/// Record one unit's progress on one leaf.
///
/// Only the lines of that unit's entry change. `done` without --date is
/// dated with the as-of date (today). --unit may be left out when the leaf
/// has one unit, or when your own unit is set in TAIZHANG_UNIT or in
/// ~/.config/taizhang/config.toml (`unit = "市司法局"`).
///
/// Examples:
///
/// taizhang set 17.1.1 done --unit 市国资委 --date 2021-03-01 --evidence 宜国资发〔2021〕3号
///
/// taizhang set 1.1 推进中 --unit 秭归县 --note "已制定方案" --commit
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The leaf ID, such as 17.1.2.
    #[arg(allow_hyphen_values = true)]
    pub id: String,
    /// 未开始/推进中/已完成/受阻 or todo/doing/done/blocked.
    pub status: String,
    /// Whose progress this is (a unit assigned to the leaf, or a member of
    /// an assigned collective).
    #[arg(long, short)]
    pub unit: Option<String>,
    /// With --unit naming a collective (各县市区): record the entry for the
    /// collective as a whole, standing for every member without its own.
    #[arg(long, requires = "unit")]
    pub as_collective: bool,
    /// The date of this status: 2021-03-01, 2021-3-1, 2021/3/1, 2021.3.1 or
    /// 2021年3月1日; default: the as-of date. A later date needs --future.
    #[arg(long)]
    pub date: Option<String>,
    #[command(flatten)]
    pub entry: EntryArgs,
}

/// What `set` and `record` keep with an entry, and whether to commit it.
#[derive(Debug, Args)]
pub struct EntryArgs {
    /// A note; replaces the entry's note.
    #[arg(long)]
    pub note: Option<String>,
    /// Evidence: a 文号, a link or a file in the repository; repeatable,
    /// added to the entry's evidence.
    #[arg(long)]
    pub evidence: Vec<String>,
    /// Commit the file to git with a message and trailers describing the change.
    #[arg(long)]
    pub commit: bool,
    /// Accept a date (`set --date`) or period (`record --period`) after the
    /// as-of date; without it such a date is taken for a typing mistake.
    #[arg(long)]
    pub future: bool,
}

/// Record a deadline extension of a leaf, or of one unit's part of it.
///
/// The original deadline stays; the extension is appended with its reason
/// and approving document, and reports judge lateness against it.
///
/// Example: taizhang extend 21.2 --to 2021-06 --reason "受疫情影响" --approval 宜司发〔2020〕9号
#[derive(Debug, Args)]
pub struct ExtendArgs {
    /// The leaf ID, such as 21.2.
    #[arg(allow_hyphen_values = true)]
    pub id: String,
    /// Extend only this unit's deadline (default: your own unit, from
    /// TAIZHANG_UNIT or ~/.config/taizhang/config.toml).
    #[arg(long, short)]
    pub unit: Option<String>,
    /// Extend the deadline of the whole leaf, for every unit.
    #[arg(long, conflicts_with = "unit")]
    pub all_units: bool,
    /// With --unit naming a collective (各县市区): extend it for every member.
    #[arg(long, requires = "unit")]
    pub as_collective: bool,
    /// The new deadline: a month (2021-09, 2021-9, 2021/9, 2021.9 or 2021年9月: the
    /// end of that month) or a day (2021-09-15, 2021/9/15 or 2021年9月15日).
    #[arg(long)]
    pub to: String,
    /// Why the deadline moves.
    #[arg(long)]
    pub reason: String,
    /// The approving document (文号) or a link.
    #[arg(long)]
    pub approval: Option<String>,
    /// The unit that asked for the extension, recorded with it.
    #[arg(long, value_name = "UNIT")]
    pub requested_by: Option<String>,
    /// Commit the file to git.
    #[arg(long)]
    pub commit: bool,
}

/// The audit trail from git: who changed which progress entry, deadline or
/// text, when, in which commit.
///
/// Read from the committed contents themselves (not from commit messages),
/// so hand edits and merges are audited too.
///
/// Examples:
///
/// taizhang history 17.1.1
///
/// taizhang history --unit 市司法局 --since 2021-01-01 --format md
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this leaf (or the leaves under this measure or group).
    #[arg(allow_hyphen_values = true)]
    pub id: Option<String>,
    /// Only changes by or for this unit.
    #[arg(long, short)]
    pub unit: Option<String>,
    /// Only changes authored on or after DATE (a day, or a month: from its
    /// first day).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The output form.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// An output form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Md,
}

/// What a branch changes, for the reviewer of its pull request.
///
/// Lists every progress, deadline and text change in the commits of
/// BASE..HEAD with its author, and flags what a reviewer must look at:
/// done without evidence, a status moving backwards, a deadline changed
/// without a recorded extension, an entry edited by someone who is not the
/// unit's liaison (`[[liaison]]` in taizhang.toml), the notice's text
/// edited, and problems `check` finds at HEAD.
///
/// Examples:
///
/// taizhang review origin/main..HEAD
///
/// taizhang review main..feature --format md --strict
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The commits to review, as BASE..HEAD.
    pub range: String,
    /// The output form.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Exit with status 1 when anything is flagged.
    #[arg(long)]
    pub strict: bool,
}

/// The weekly digest for cron: the totals and the five units most behind,
/// then per unit (worst first) what is overdue, what falls due soon, and
/// which standing duties (长期坚持) have had no progress lately.
///
/// The output is deterministic (stable order, no colour, no dependence on
/// the terminal), so two runs on the same data print the same bytes.
///
/// Examples:
///
/// taizhang overdue --as-of 2021-01-01
///
/// taizhang overdue --unit 市司法局 --within 30 --format md
///
/// taizhang overdue --fail-if-any
#[derive(Debug, Args)]
pub struct OverdueArgs {
    /// Also list deadlines falling within this many days.
    #[arg(long, default_value_t = 14, value_name = "DAYS")]
    pub within: u32,
    /// Only this unit (a member of a collective also gets what it answers
    /// for through the collective).
    #[arg(long, short)]
    pub unit: Option<String>,
    /// The output form.
    #[arg(long, value_enum, default_value_t = DigestFormat::Text)]
    pub format: DigestFormat,
    /// The order of the units: worst (most overdue items first, then most
    /// days late) or document (as they first appear in the checklist).
    #[arg(long, value_enum, default_value_t = DigestOrder::Worst)]
    pub sort: DigestOrder,
    /// List every standing duty a unit never reported on, instead of one
    /// line per unit with their number and IDs.
    #[arg(long)]
    pub stale_details: bool,
    /// Exit with status 1 when anything is overdue.
    #[arg(long)]
    pub fail_if_any: bool,
    /// Leave out group files with problems instead of stopping, and say
    /// at the top of the report which were left out (exit status 1).
    #[arg(long)]
    pub keep_going: bool,
}

/// The order of the digest's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestOrder {
    Worst,
    Document,
}

/// An output form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    Text,
    Md,
    Json,
    Csv,
}

/// Completion per group or per unit, with a bar per row and totals.
///
/// Examples:
///
/// taizhang summary --as-of 2021-07-01
///
/// taizhang summary --by unit
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// One row per requirement group, or per unit.
    #[arg(long, value_enum, default_value_t = SummaryBy::Group)]
    pub by: SummaryBy,
    /// The output form.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Leave out group files with problems instead of stopping, and say
    /// at the top of the report which were left out (exit status 1).
    #[arg(long)]
    pub keep_going: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryBy {
    Group,
    Unit,
}

/// Record an actual value of an indicator (量化目标) for a period.
///
/// Only the lines of that value change, with the same safeguards as `set`.
/// A value for the same period (and unit) is replaced.
///
/// Examples:
///
/// taizhang record 15.i1 92.5 --period 2021
///
/// taizhang record 22.i2 3 --period 2021-Q2 --unit 市司法局 --evidence 活动台账.pdf
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The indicator ID, such as 15.i1 (`taizhang indicators` lists them).
    #[arg(allow_hyphen_values = true)]
    pub id: String,
    /// The actual value: 92.5 for 92.5 %, 3 for 3 次.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// The period: 2021, 2021-H1, 2021-Q3, or a month: 2021-07, 2021-7,
    /// 2021/7 or 2021年7月.
    #[arg(long)]
    pub period: String,
    /// The unit the value is for (default: your own unit, from
    /// TAIZHANG_UNIT or ~/.config/taizhang/config.toml; without one, the
    /// whole checklist).
    #[arg(long, short)]
    pub unit: Option<String>,
    /// The value is for the whole checklist, even when your own unit is set.
    #[arg(long, conflicts_with = "unit")]
    pub all_units: bool,
    #[command(flatten)]
    pub entry: EntryArgs,
}

/// Each indicator: its target, the latest actual value, met / not met /
/// no data, and the gap; for quarterly indicators, the quarters with
/// nothing recorded.
///
/// Examples:
///
/// taizhang indicators --as-of 2021-12-31
///
/// taizhang indicators --period 2021 --format json
#[derive(Debug, Args)]
pub struct IndicatorsArgs {
    /// Judge the values of this period (2021, 2021-H1, 2021-Q3, 2021-07);
    /// default: each indicator's latest.
    #[arg(long)]
    pub period: Option<String>,
    /// Only values recorded for this unit.
    #[arg(long, short)]
    pub unit: Option<String>,
    /// Only the indicators of this group.
    #[arg(long, short)]
    pub group: Option<String>,
    /// The output form.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Leave out group files with problems instead of stopping, and say
    /// at the top of the report which were left out (exit status 1).
    #[arg(long)]
    pub keep_going: bool,
}

/// Export the ledger as a spreadsheet (xlsx), CSV or JSON: one row per
/// (leaf, unit) with the measure, deadline, status and lateness.
///
/// Examples:
///
/// taizhang export --format xlsx -o 台账.xlsx --as-of 2021-07-01
///
/// taizhang export --format csv --bom -o 台账.csv
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The output form.
    #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
    pub format: ExportFormat,
    /// The file to write (`-` for stdout, csv and json only).
    #[arg(long, short)]
    pub output: std::path::PathBuf,
    /// Start the CSV with a UTF-8 byte-order mark, so Excel on Windows reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,
    /// Leave out group files with problems instead of stopping, and say
    /// at the top of the report which were left out (exit status 1).
    #[arg(long)]
    pub keep_going: bool,
}

/// Write a unit's fill-in progress form (xlsx), for units that report by
/// e-mail rather than through git.
///
/// One row per measure the unit owes (through a collective too): the
/// notice's columns locked, the columns to fill in highlighted, a hidden
/// sheet recording what the form was made from. `collect` reads it back.
///
/// Examples:
///
/// taizhang form --unit 夷陵区 -o 夷陵区.xlsx --as-of 2021-03-01
///
/// taizhang form --all-units -o 填报表
#[derive(Debug, Args)]
pub struct FormArgs {
    /// The unit the form is for.
    #[arg(long, short, required_unless_present = "all_units")]
    pub unit: Option<String>,
    /// One form per unit that owes any measure, named after the unit, in
    /// the folder given by -o.
    #[arg(long, conflicts_with = "unit")]
    pub all_units: bool,
    /// The file to write (with --all-units: the folder).
    #[arg(long, short)]
    pub output: std::path::PathBuf,
}

/// Read returned progress forms and record what each unit changed.
///
/// Every row of every form is checked before anything is written; a problem
/// in any of them means nothing is written (unless --skip-invalid). A row
/// whose entry changed in the ledger after the form was made, and that the
/// form changes too, is a conflict: left out unless --theirs. The changes go
/// through the same checked edits as `set` and `extend`, and are printed as
/// a review per unit.
///
/// Examples:
///
/// taizhang collect 回收/*.xlsx --dry-run
///
/// taizhang collect 夷陵区.xlsx --commit
#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The returned forms (.xlsx, .xls or .ods).
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Print the review and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Record the valid rows even when other rows have problems.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Where the ledger changed after the form was made and the form changes
    /// it too, record the form's values (default: leave such rows out).
    #[arg(long)]
    pub theirs: bool,
    /// Commit each unit's changes as one commit with a Reported-by trailer.
    #[arg(long)]
    pub commit: bool,
    /// The output form.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// An output form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Json,
}

/// Print the JSON Schema of the group files, generated from the types that
/// read them, for editors that validate YAML.
///
/// Example: taizhang schema > tasks/group.schema.json
#[derive(Debug, Args)]
pub struct SchemaArgs {}

/// Print a shell completion script.
///
/// Examples:
///
/// taizhang completions bash > ~/.local/share/bash-completion/completions/taizhang
///
/// taizhang completions zsh > ~/.zfunc/_taizhang
///
/// taizhang completions fish > ~/.config/fish/completions/taizhang.fish
///
/// taizhang completions powershell >> $PROFILE
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish or powershell (or elvish).
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the man page (roff).
///
/// Example: taizhang man > ~/.local/share/man/man1/taizhang.1
#[derive(Debug, Args)]
pub struct ManArgs {}

/// Create an empty checklist: taizhang.toml, tasks/units.toml with
/// examples, a README and a .gitignore, and `git init` when the folder is
/// not in a repository. Existing files are left as they are.
///
/// Example: taizhang init 台账
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder (created if missing); default: the current one.
    // Its own id: `dir` is the global -C, which would swallow this value.
    #[arg(id = "init_dir", value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

/// Rewrite group files into the canonical layout that `import` writes,
/// keeping their comments; with --check, only list the files that are not.
///
/// Examples:
///
/// taizhang fmt
///
/// taizhang fmt --check
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// List the files that are not in the canonical layout and exit 1 if any.
    #[arg(long)]
    pub check: bool,
}

/// Build a static progress website from the ledger and its git history.
///
/// Writes DIR/index.html (totals, completion per group and per unit as
/// bars, a burn-up chart of measures done over time with the deadlines as
/// markers, and the overdue list, longest late first), one page per unit in
/// DIR/units/ and one per measure in DIR/leaves/. The pages load nothing
/// from the network, open from a shared folder (file://) as well as from
/// any web server, filter their tables in the browser, print on A4, and
/// are the same bytes for the same checklist, history and date.
///
/// Example: taizhang site -o public --as-of 2021-07-01
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the site into (created when missing).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Write no page per measure.
    #[arg(long)]
    pub no_leaf_pages: bool,
    /// Write no page per measure when the checklist has more measures than N.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub max_leaf_pages: usize,
    /// List at most N rows in a long table (the overdue list, a unit's
    /// measures) and say how many more there are.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub max_rows: usize,
    /// Leave out group files with problems instead of stopping, and say
    /// so on stderr (exit status 1).
    #[arg(long)]
    pub keep_going: bool,
}
