//! Reports over the valid part of a checklist (`--keep-going`): the group
//! files with problems are left out, and the report says so at its top, so
//! that a partial report never looks complete.

use crate::check::check;
use crate::check::diagnostic::Diagnostic;
use crate::model::ledger::Ledger;
use crate::store::{CONFIG_FILE, Checklist, UNITS_FILE};
use crate::tr;
use serde::Serialize;

/// A group file a report left out, and why.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOut {
    /// The file, relative to the checklist root.
    pub file: String,
    /// How many problems `check` found in it.
    pub problems: usize,
    /// The first of them, as `line:col: message`.
    pub first: String,
}

/// Checks the checklist and, when only group files have problems, checks
/// it again without them. Problems in `taizhang.toml` or `tasks/units.toml`
/// concern every file, so then nothing can be reported: they are returned
/// as the error.
pub fn check_valid_part(mut checklist: Checklist) -> Result<(Checklist, Ledger, Vec<LeftOut>), Vec<Diagnostic>> {
    let (ledger, problems) = check(&checklist);
    if problems.is_empty() {
        return Ok((checklist, ledger, Vec::new()));
    }
    if problems.iter().any(|p| p.path == CONFIG_FILE || p.path == UNITS_FILE) {
        return Err(problems);
    }
    let mut left_out: Vec<LeftOut> = Vec::new();
    for p in &problems {
        match left_out.iter_mut().find(|l| l.file == p.path) {
            Some(l) => l.problems += 1,
            None => left_out.push(LeftOut {
                file: p.path.clone(),
                problems: 1,
                first: format!("{}:{}: {}", p.line, p.column, p.message),
            }),
        }
    }
    checklist.files.retain(|f| !left_out.iter().any(|l| l.file == f.rel));
    checklist.problems.retain(|p| !left_out.iter().any(|l| l.file == p.path));
    let (ledger, problems) = check(&checklist);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((checklist, ledger, left_out))
}

/// The notice at the top of a partial text or Markdown report (empty for a
/// complete one).
pub fn notice(left_out: &[LeftOut], markdown: bool) -> String {
    if left_out.is_empty() {
        return String::new();
    }
    let mut out = tr!(
        "注意: 本报告不完整,以下 {} 个文件有问题,未计入:\n",
        "Note: this report is incomplete; these {} file(s) have problems and were left out:\n",
        left_out.len()
    );
    for l in left_out {
        let line = tr!("{}: {} 个问题,第一个在 {}", "{}: {} problem(s), the first at {}", l.file, l.problems, l.first);
        out.push_str(&format!("{}{}\n", if markdown { "- " } else { "  " }, crate::report::render::value(&line, "  ")));
    }
    out.push_str(&tr!("运行 `taizhang check` 查看全部问题。\n\n", "Run `taizhang check` to see them all.\n\n"));
    if markdown { format!("> {}", out.trim_end().replace('\n', "\n> ")) + "\n\n" } else { out }
}
