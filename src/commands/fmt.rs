//! `taizhang fmt`: group files in the canonical layout, comments kept.

use super::Context;
use super::schema::{SCHEMA_FILE, schema_text};
use crate::check::problems;
use crate::cli::FmtArgs;
use crate::store::layout::group_file;
use crate::store::reformat::reformat;
use crate::{report::render, store, tr};
use anyhow::Result;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &FmtArgs, out: &mut dyn Write) -> Result<u8> {
    let root = store::find_root(&ctx.dir)?;
    let _lock = if args.check { None } else { Some(store::lock(&root)?) };
    let checklist = store::load_with_texts(&root)?;
    let (_, problems) = problems(&checklist);
    let mut unreadable = 0;
    let mut changed = Vec::new();
    for file in &checklist.files {
        // A file that does not parse or check is never rewritten: the layout
        // writes only what the model holds, and a problem may be where
        // something would be lost.
        let group = file.group.as_ref().filter(|_| !problems.iter().any(|p| p.path == file.rel));
        let Some(group) = group else {
            unreadable += 1;
            eprintln!(
                "{}",
                tr!(
                    "{}: 未通过检查,未格式化 (运行 `taizhang check` 查看原因)",
                    "{}: does not pass check, not formatted (`taizhang check` says why)",
                    render::sanitize(&file.rel)
                )
            );
            continue;
        };
        let formatted = reformat(&file.text, group);
        if formatted == file.text {
            continue;
        }
        let same = store::read_group_text(&formatted).is_ok_and(|g| group_file(&g) == group_file(group));
        if !same {
            unreadable += 1;
            eprintln!(
                "{}",
                tr!(
                    "{}: 整理后内容会改变,未格式化;请报告此问题",
                    "{}: formatting would change its content, not formatted; please report this",
                    render::sanitize(&file.rel)
                )
            );
            continue;
        }
        if !args.check {
            store::write_atomic(&root.join(&file.rel), &formatted)?;
        }
        writeln!(out, "{}", render::sanitize(&file.rel))?;
        changed.push(file.rel.as_str());
    }
    // The schema every file names on its first line: missing or out of date
    // is as much a formatting matter as the files themselves.
    let schema_path = root.join(store::TASKS_DIR).join(SCHEMA_FILE);
    let schema = schema_text();
    let current = store::read::checklist_file(&root, &schema_path, store::Limit::before_settings());
    if current.ok().as_deref() != Some(schema.as_bytes()) {
        if !args.check {
            store::write_atomic(&schema_path, &schema)?;
        }
        writeln!(out, "{}/{SCHEMA_FILE}", store::TASKS_DIR)?;
        changed.push(SCHEMA_FILE);
    }
    let summary = match (args.check, changed.len()) {
        (true, 0) => tr!("所有文件均为规范格式", "every file is in the canonical layout"),
        (true, n) => tr!(
            "{n} 个文件不是规范格式 (运行 `taizhang fmt` 整理)",
            "{n} file(s) not in the canonical layout (run `taizhang fmt`)"
        ),
        (false, n) => tr!("已整理 {n} 个文件", "formatted {n} file(s)"),
    };
    out.flush()?;
    eprintln!("{summary}");
    Ok(if unreadable > 0 || (args.check && !changed.is_empty()) { 1 } else { 0 })
}
