//! `taizhang import`: a notice's task list → group files.

use super::Context;
use super::schema::{SCHEMA_FILE, schema_text};
use crate::cli::ImportArgs;
use crate::import::{Imported, Notice, import_source};
use crate::model::Measure;
use crate::model::config::new_config_text;
use crate::store::layout::group_file;
use crate::store::{CONFIG_FILE, Limit, ReadError, TASKS_DIR, UNITS_FILE, read, write_atomic};
use crate::tr;
use anyhow::{Context as _, Result, bail};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<u8> {
    let root = ctx.dir.join(&args.out);
    // Messages follow the checklist imported into, when there is one already.
    super::set_lang(ctx.lang, &root);
    let source = ctx.dir.join(&args.file);
    let limit = Limit::before_settings();
    let name = args.file.display().to_string();
    let bytes = read::named_file(&source, limit).map_err(|e| e.into_error(&name))?;
    let source = crate::import::document::read(&name, bytes, limit.bytes())?;
    let Imported { notice, problems, .. } = import_source(&source, args.layout);
    if !problems.is_empty() {
        for p in &problems {
            let place = format!("{}:{}", args.file.display(), p.line);
            eprint!("{}", crate::report::render::line("", &format!("{place}: error: {}", p.message)));
        }
        eprintln!(
            "{}",
            tr!("{} 行无法归类,未写入任何文件", "{} line(s) could not be placed; nothing was written", problems.len())
        );
        return Ok(1);
    }
    if args.dry_run {
        return preview(&notice, out);
    }
    let files: Vec<(String, String)> = notice
        .groups
        .iter()
        .map(|g| (format!("{TASKS_DIR}/{:02}.yaml", g.group.value.parse::<u32>().unwrap_or(0)), group_file(g)))
        .collect();
    // Checked and written under the lock, so a `set` at the same moment
    // is not overwritten between the two.
    std::fs::create_dir_all(&root).with_context(|| tr!("无法创建 {}", "cannot create {}", root.display()))?;
    let canonical = root.canonicalize()?;
    let _lock = crate::store::lock(&canonical)?;
    // A file that is there but cannot be read (a FIFO, a link leading out)
    // is not known to match, so it counts as differing.
    let conflicts: Vec<&str> = files
        .iter()
        .filter(|(rel, text)| match read::checklist_file(&canonical, &canonical.join(rel), limit) {
            Ok(old) => old != text.as_bytes(),
            Err(ReadError::Missing) => false,
            Err(_) => true,
        })
        .map(|(rel, _)| rel.as_str())
        .collect();
    if !conflicts.is_empty() && !args.force {
        bail!(tr!(
            "以下文件已存在且与导入结果不同: {}\nhint: 其中可能有已记录的进展;确需替换请加 --force",
            "these files exist and differ from the import: {}\nhint: they may hold recorded progress; pass --force to replace them",
            conflicts.join(", ")
        ));
    }
    for (rel, text) in &files {
        write_atomic(&root.join(rel), text)?;
    }
    // The schema the group files name on their first line; always written,
    // as it belongs to this version of the tool rather than to the user.
    write_atomic(&root.join(TASKS_DIR).join(SCHEMA_FILE), &schema_text())?;
    // The notice is Chinese, so is its checklist.
    write_if_absent(&root.join(CONFIG_FILE), &new_config_text(&notice.meta, crate::i18n::Lang::Zh))?;
    write_if_absent(&root.join(UNITS_FILE), &starter_registry(&notice))?;
    let message = tr!("已导入 {}", "imported {}", counts(&notice));
    // `-C .` and `--out .` make `././tasks`: the interior `.` go.
    let tasks: std::path::PathBuf = root.join(TASKS_DIR).components().collect();
    writeln!(out, "{message} → {}", crate::report::render::sanitize(&tasks.display().to_string()))?;
    Ok(0)
}

/// `28 个基本要求、105 项措施(其中 101 项有责任单位和完成时限)`.
fn counts(notice: &Notice) -> String {
    let leaves: Vec<&Measure> = notice.groups.iter().flat_map(|g| leaves(&g.measures)).collect();
    let assigned = leaves.iter().filter(|m| !m.units.is_empty() && m.due.is_some()).count();
    let (groups, total) = (notice.groups.len(), leaves.len());
    tr!(
        "{groups} 个基本要求、{total} 项措施(其中 {assigned} 项有责任单位和完成时限)",
        "{groups} groups, {total} leaves ({assigned} with units and a deadline)"
    )
}

/// `--dry-run`: every leaf as it would be imported (its units lead first),
/// then the counts.
fn preview(notice: &Notice, out: &mut dyn Write) -> Result<u8> {
    let l = crate::i18n::current().labels();
    let names = |units: &[crate::model::Located<String>]| -> String {
        units.iter().map(|u| u.value.as_str()).collect::<Vec<_>>().join("、")
    };
    let rows: Vec<Vec<String>> = notice
        .groups
        .iter()
        .flat_map(|g| leaves(&g.measures))
        .map(|m| {
            let due = m.due_text.as_ref().map(|d| d.value.clone()).unwrap_or_default();
            vec![m.id.value.clone(), m.text.clone(), names(&m.units), names(&m.scope), due]
        })
        .collect();
    let header = vec![l.id, l.text, l.units, l.scope, l.due];
    out.write_all(crate::report::render::table(header, rows, Some(1)).as_bytes())?;
    out.flush()?;
    eprintln!(
        "{}",
        tr!("试运行: 将导入 {};未写入任何文件", "dry run: would import {}; nothing was written", counts(notice))
    );
    Ok(0)
}

fn leaves(measures: &[Measure]) -> Vec<&Measure> {
    measures.iter().flat_map(|m| if m.is_leaf() { vec![m] } else { leaves(&m.items) }).collect()
}

fn write_if_absent(path: &Path, text: &str) -> Result<()> {
    if path.exists() { Ok(()) } else { write_atomic(path, text) }
}

/// A registry listing every name the notice uses, for the user to curate:
/// names with 各 become collectives, the rest units of kind `other`.
fn starter_registry(notice: &Notice) -> String {
    let mut names = BTreeSet::new();
    for group in &notice.groups {
        for m in leaves(&group.measures) {
            names.extend(m.roles().map(|(u, _)| u.value.clone()));
        }
        for duty in &group.duties {
            names.extend(duty.units.iter().map(|u| u.value.clone()));
        }
    }
    let mut out = String::from(
        "# Unit registry. Give each unit its kind (department, judicial, association, area, other)\n\
         # and aliases; list the members of each collective.\n",
    );
    for name in &names {
        let quoted = toml::Value::String(name.clone()).to_string();
        if name.contains('各') {
            out.push_str(&format!("\n[[collective]]\nname = {quoted}\nmembers = []\n"));
        } else {
            out.push_str(&format!("\n[[unit]]\nname = {quoted}\nkind = \"other\"\n"));
        }
    }
    out
}
