//! `taizhang check`: report every problem of the checklist.

use super::Context;
use crate::check::check;
use crate::cli::{CheckArgs, CheckFormat};
use crate::store;
use crate::tr;
use anyhow::Result;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &CheckArgs, out: &mut dyn Write) -> Result<u8> {
    let root = store::find_root(&ctx.dir)?;
    let checklist = store::load(&root)?;
    // Kept to the end of the process: freeing a large checklist only to exit is slow.
    let checklist: &'static _ = Box::leak(Box::new(checklist));
    let (ledger, problems) = check(checklist);
    let ledger: &'static _ = Box::leak(Box::new(ledger));
    match args.format {
        CheckFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&problems)?)?,
        CheckFormat::Text => {
            for problem in &problems {
                write!(out, "{}", problem.render())?;
            }
        }
    }
    // The summary on stderr comes after the problems on stdout, also where
    // both go to one terminal (the pre-commit hook).
    out.flush()?;
    if problems.is_empty() {
        eprintln!(
            "{}",
            tr!("检查通过: {} 个文件,{} 项措施", "ok: {} files, {} leaves", checklist.files.len(), ledger.leaves.len())
        );
        Ok(0)
    } else {
        eprintln!("{}", tr!("发现 {} 个问题", "{} problem(s)", problems.len()));
        Ok(1)
    }
}
