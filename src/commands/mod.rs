//! One module per command; this one holds what they share: the run context
//! and loading a checked checklist.

pub mod check;
pub mod collect;
pub mod completions;
pub mod export;
pub mod extend;
pub mod fmt;
pub mod form;
pub mod history;
pub mod import;
pub mod indicators;
pub mod init;
pub mod list;
pub mod overdue;
pub mod record;
pub mod review;
pub mod schema;
pub mod set;
pub mod show;
pub mod site;
pub mod summary;

use crate::check::check as check_all;
use crate::cli::GlobalArgs;
use crate::i18n::Lang;
use crate::model::due::date_arg;
use crate::model::ledger::Ledger;
use crate::report::partial::{self, LeftOut};
use crate::store::{self, Checklist};
use crate::tr;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The variable that pins "today" when `--as-of` is not given (for cron
/// jobs and reproducible reports).
pub const TODAY_VARIABLE: &str = "TAIZHANG_TODAY";

/// What every command knows before it starts.
pub struct Context {
    /// The directory the command runs in (`-C`, else the current one).
    pub dir: PathBuf,
    /// "Today": `--as-of`, `TAIZHANG_TODAY`, else the clock. Read only here.
    pub today: NaiveDate,
    /// `--lang`, when given.
    pub lang: Option<Lang>,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Result<Context> {
        let dir = global.dir.clone().unwrap_or_else(|| PathBuf::from("."));
        set_lang(global.lang, &dir);
        let today = match (&global.as_of, std::env::var_os(TODAY_VARIABLE)) {
            (Some(text), _) => date_arg("--as-of", text)?,
            (None, Some(value)) if !value.is_empty() => date_arg(TODAY_VARIABLE, &value.to_string_lossy())?,
            _ => chrono::Local::now().date_naive(),
        };
        Ok(Context { dir, today, lang: global.lang })
    }

    /// The output language: `--lang`, else the checklist's setting, else
    /// the locale. Messages follow it from here on.
    pub fn lang(&self, checklist: &Checklist) -> Lang {
        let lang = self.lang.unwrap_or_else(|| match &checklist.config.settings.lang {
            Some(setting) => Lang::from_setting(setting),
            None => Lang::from_locale(),
        });
        crate::i18n::set(lang);
        lang
    }
}

/// Loads and checks the checklist; refuses to go on when it has problems,
/// because a report from a half-read checklist would mislead.
pub fn load_checked(ctx: &Context) -> Result<(&'static Checklist, &'static Ledger)> {
    let report = load(ctx, None)?;
    Ok((report.checklist, report.ledger))
}

/// A checked checklist for a report, and the group files it leaves out.
pub struct Report {
    pub checklist: &'static Checklist,
    pub ledger: &'static Ledger,
    /// With `--keep-going`: the files with problems, left out.
    pub left_out: Vec<LeftOut>,
}

impl Report {
    /// 1 when files were left out (a partial report is never a clean run).
    pub fn code(&self) -> u8 {
        u8::from(!self.left_out.is_empty())
    }

    /// The notice a text or Markdown report starts with.
    pub fn notice(&self, markdown: bool) -> String {
        partial::notice(&self.left_out, markdown)
    }
}

/// Loads and checks the checklist for a report. With `keep_going` (or the
/// `keep_going` setting) group files with problems are left out and named,
/// and the report goes on with the rest; otherwise any problem stops it.
///
/// The checklist and ledger live until the process exits: a command runs
/// once, and freeing a large checklist piece by piece only to exit took a
/// fifth of the run time.
pub fn load_report(ctx: &Context, keep_going: bool) -> Result<Report> {
    load(ctx, Some(keep_going))
}

/// `load_report`; `keep_going` is none for a command that does not offer it.
fn load(ctx: &Context, keep_going: Option<bool>) -> Result<Report> {
    let root = store::find_root(&ctx.dir)?;
    let checklist = store::load(&root)?;
    ctx.lang(&checklist);
    let offered = keep_going.is_some();
    let keep_going = keep_going == Some(true) || (offered && checklist.config.settings.keep_going);
    let outcome = if keep_going {
        partial::check_valid_part(checklist)
    } else {
        match check_all(&checklist) {
            (ledger, problems) if problems.is_empty() => Ok((checklist, ledger, Vec::new())),
            (_, problems) => Err(problems),
        }
    };
    let (checklist, ledger, left_out) = outcome.map_err(|problems| {
        for problem in problems.iter().take(5) {
            eprint!("{}", problem.render());
        }
        anyhow!(tr!(
            "台账有 {} 个问题\nhint: 运行 `taizhang check` 查看全部问题{}",
            "the checklist has {} problem(s)\nhint: run `taizhang check` to see them all{}",
            problems.len(),
            if keep_going || !offered {
                String::new()
            } else {
                tr!(";--keep-going 可跳过有问题的文件", "; --keep-going reports on the files without problems")
            }
        ))
    })?;
    if !left_out.is_empty() {
        eprintln!(
            "{}",
            tr!(
                "警告: {} 个文件有问题,未计入本报告",
                "warning: {} file(s) with problems are left out of this report",
                left_out.len()
            )
        );
    }
    Ok(Report { checklist: Box::leak(Box::new(checklist)), ledger: Box::leak(Box::new(ledger)), left_out })
}

/// Sets the language of messages before anything is loaded: `given`
/// (`--lang`), else the `lang` setting of the checklist at or above `dir`
/// when it can be read, else the locale. `Context::lang` confirms it once
/// the checklist is loaded.
pub fn set_lang(given: Option<Lang>, dir: &Path) -> Lang {
    let lang = given.unwrap_or_else(|| match store::lang_setting(dir) {
        Some(setting) => Lang::from_setting(&setting),
        None => Lang::from_locale(),
    });
    crate::i18n::set(lang);
    lang
}
