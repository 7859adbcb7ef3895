//! `taizhang check`: report every problem of the checklist.

use super::Context;
use crate::check::{leftovers, problems};
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
    let (leaves, mut problems) = problems(checklist);
    problems.extend(leftovers::temporaries(&root, &store::temporaries(&root)));
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    match args.format {
        CheckFormat::Json => writeln!(out, "{}", crate::report::render::json(&problems)?)?,
        CheckFormat::Text => {
            for problem in &problems {
                write!(out, "{}", problem.render())?;
            }
        }
    }
    let warned = if warnings == 0 { String::new() } else { tr!(";{} 个警告", "; {} warning(s)", warnings) };
    // The summary on stderr comes after the problems on stdout, also where
    // both go to one terminal (the pre-commit hook).
    out.flush()?;
    if errors == 0 {
        eprintln!(
            "{}{warned}",
            tr!("检查通过: {} 个文件,{} 项措施", "ok: {} files, {} leaves", checklist.files.len(), leaves)
        );
        Ok(0)
    } else {
        eprintln!("{}{warned}", tr!("发现 {} 个问题", "{} problem(s)", errors));
        Ok(1)
    }
}
