//! `taizhang site`: the static progress website.

use super::{Context, load_report};
use crate::cli::SiteArgs;
use crate::site::{self, Input};
use crate::tr;
use anyhow::Result;
use std::collections::HashSet;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &SiteArgs, out: &mut dyn Write) -> Result<u8> {
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let lang = ctx.lang(checklist);
    let root = &checklist.root;
    let many = ledger.leaves.len() > args.max_leaf_pages;
    if many && !args.no_leaf_pages {
        eprintln!(
            "{}",
            tr!(
                "措施有 {} 项,多于 --max-leaf-pages {},未生成每项措施的页面",
                "{} measures, more than --max-leaf-pages {}: no page per measure is written",
                ledger.leaves.len(),
                args.max_leaf_pages
            )
        );
    }
    let (history, unreadable) = site::read_history(root, checklist)?;
    if unreadable > 0 {
        eprintln!(
            "warning: {}",
            tr!(
                "git 记录中有 {} 个文件版本无法读取,其中的变更未计入图表和变更记录\nhint: `taizhang history` 列出它们",
                "{} file version(s) in the git history could not be read; their changes are not in the charts and histories\nhint: `taizhang history` names them",
                unreadable
            )
        );
    }
    let input = Input {
        checklist,
        ledger,
        history,
        today: ctx.today,
        lang,
        leaf_pages: !args.no_leaf_pages && !many,
        max_rows: args.max_rows,
        left_out: &report.left_out,
    };
    let mut written = HashSet::new();
    let pages = site::build(&input, &mut |page| {
        site::write(&args.output, &page)?;
        written.insert(page.path);
        Ok(())
    })?;
    // Pages of the files a partial build left out stay as the last
    // complete build wrote them.
    if report.left_out.is_empty() {
        site::prune(&args.output, &written)?;
    }
    writeln!(
        out,
        "{}",
        tr!("已生成 {} 个页面 → {}", "{} pages written to {}", pages, args.output.join("index.html").display())
    )?;
    Ok(report.code())
}
