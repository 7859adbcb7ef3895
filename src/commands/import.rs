//! `taizhang import`: a notice's task list → group files.

use super::Context;
use super::schema::{SCHEMA_FILE, schema_text};
use crate::cli::{ImportArgs, ImportFormat};
use crate::import::{Doubt, Imported, Layout, Notice, Problem, import_source};
use crate::model::config::new_config_text;
use crate::model::ledger::Role;
use crate::model::{Located, Measure};
use crate::store::layout::group_file;
use crate::store::{CONFIG_FILE, Limit, ReadError, TASKS_DIR, UNITS_FILE, read, write_atomic};
use crate::tr;
use anyhow::{Context as _, Result, bail};
use std::io::Write;
use std::path::Path;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<u8> {
    let root = ctx.dir.join(&args.out);
    // Messages follow the checklist imported into, when there is one already.
    super::set_lang(ctx.lang, &root);
    let limit = Limit::before_settings();
    let name = args.file.display().to_string();
    let bytes = read::named_file(&ctx.dir.join(&args.file), limit).map_err(|e| e.into_error(&name))?;
    let source = crate::import::document::read(&name, bytes, limit.bytes())?;
    let Imported { notice, layout, problems, doubts } = import_source(&source, args.layout);
    let place = |line: usize| format!("{name}:{line}");
    say_what_was_read(layout, &doubts, &problems, &place);
    if !problems.is_empty() && (!args.lenient || notice.groups.is_empty()) {
        eprintln!(
            "{}",
            tr!("{} 行无法归类,未写入任何文件", "{} line(s) could not be placed; nothing was written", problems.len())
        );
        // A script asking for JSON gets what was read and what was not.
        if args.dry_run && args.format == ImportFormat::Json {
            preview_json(&notice, layout, &doubts, &problems, out)?;
        }
        return Ok(1);
    }
    let files: Vec<(String, String)> = notice
        .groups
        .iter()
        .map(|g| (format!("{TASKS_DIR}/{:02}.yaml", g.group.value.parse::<u32>().unwrap_or(0)), group_file(g)))
        .collect();
    // What `check` would refuse is never written, whatever the layout.
    let refused = crate::check::unwritten(&root, &files);
    if !refused.is_empty() {
        for d in &refused {
            eprint!("{}", d.render());
        }
        eprintln!(
            "{}",
            tr!(
                "导入结果有 {} 处无法通过 check(多为文中序号重复或错乱),未写入任何文件;请先改正原文",
                "the import would write {} problem(s) that check refuses (mostly numbers repeated or out of order in the document); nothing was written: correct the document first",
                refused.len()
            )
        );
        return Ok(1);
    }
    if !problems.is_empty() {
        eprintln!(
            "{}",
            tr!(
                "{} 行无法归类,已跳过(--lenient);其余照常导入",
                "{} line(s) could not be placed and were left out (--lenient); the rest is imported",
                problems.len()
            )
        );
    }
    if args.dry_run {
        return match args.format {
            ImportFormat::Table => preview(&notice, out),
            ImportFormat::Json => preview_json(&notice, layout, &doubts, &problems, out),
        };
    }
    let left_out: Vec<String> = problems.iter().map(|p| format!("{}: {}", place(p.line), p.message)).collect();
    write_checklist(&root, &files, &notice, &left_out, args.force, limit)?;
    let message = tr!("已导入 {}", "imported {}", counts(&notice));
    // `-C .` and `--out .` make `././tasks`: the interior `.` go.
    let tasks: std::path::PathBuf = root.join(TASKS_DIR).components().collect();
    writeln!(out, "{message} → {}", crate::report::render::sanitize(&tasks.display().to_string()))?;
    Ok(0)
}

/// On stderr: the layout read, every doubt and every line that could not
/// be placed, each with its place.
fn say_what_was_read(layout: Option<Layout>, doubts: &[Doubt], problems: &[Problem], place: &dyn Fn(usize) -> String) {
    if let Some(layout) = layout {
        eprintln!("{}", tr!("版式: {}", "layout: {}", layout_words(layout)));
    }
    for d in doubts {
        eprint!("{}", sanitize_line(&format!("{}: {}: {}", place(d.line), tr!("存疑", "check"), d.message)));
    }
    for p in problems {
        eprint!("{}", sanitize_line(&format!("{}: error: {}", place(p.line), p.message)));
    }
}

/// Writes the group files, the schema, and `taizhang.toml` and
/// `tasks/units.toml` where there are none yet (`left_out` heads a new
/// `taizhang.toml`). Group files that exist and differ are replaced only
/// with `force`.
fn write_checklist(
    root: &Path,
    files: &[(String, String)],
    notice: &Notice,
    left_out: &[String],
    force: bool,
    limit: Limit,
) -> Result<()> {
    // Checked and written under the lock, so a `set` at the same moment
    // is not overwritten between the two.
    std::fs::create_dir_all(root).with_context(|| tr!("无法创建 {}", "cannot create {}", root.display()))?;
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
    if !conflicts.is_empty() && !force {
        bail!(tr!(
            "以下文件已存在且与导入结果不同: {}\nhint: 其中可能有已记录的进展;确需替换请加 --force",
            "these files exist and differ from the import: {}\nhint: they may hold recorded progress; pass --force to replace them",
            conflicts.join(", ")
        ));
    }
    for (rel, text) in files {
        write_atomic(&root.join(rel), text)?;
    }
    // The schema the group files name on their first line; always written,
    // as it belongs to this version of the tool rather than to the user.
    write_atomic(&root.join(TASKS_DIR).join(SCHEMA_FILE), &schema_text())?;
    // Task lists are Chinese, so is their checklist.
    let config = format!("{}{}", left_out_comment(left_out), new_config_text(&notice.meta, crate::i18n::Lang::Zh));
    write_if_absent(&root.join(CONFIG_FILE), &config)?;
    write_if_absent(&root.join(UNITS_FILE), &crate::import::starter::registry(notice))
}

/// `28 个基本要求、105 项措施(其中 101 项有责任单位和完成时限)`.
fn counts(notice: &Notice) -> String {
    let leaves: Vec<&Measure> = notice.groups.iter().flat_map(|g| leaves(&g.measures)).collect();
    let assigned = leaves.iter().filter(|m| m.roles().any(|(_, r)| r != Role::Scope) && m.due.is_some()).count();
    let (groups, total) = (notice.groups.len(), leaves.len());
    tr!(
        "{groups} 个基本要求、{total} 项措施(其中 {assigned} 项有责任单位和完成时限)",
        "{groups} groups, {total} leaves ({assigned} with units and a deadline)"
    )
}

/// `--dry-run`: every leaf as it would be imported, with its units by
/// role, the people named and the deadline; then the counts. A column
/// nothing fills is left out.
fn preview(notice: &Notice, out: &mut dyn Write) -> Result<u8> {
    let l = crate::i18n::current().labels();
    let names = |units: &[Located<String>]| -> String {
        units.iter().map(|u| u.value.as_str()).collect::<Vec<_>>().join("、")
    };
    let by_role = |m: &Measure, role: Role| -> String {
        m.roles().filter(|(_, r)| *r == role).map(|(u, _)| u.value.as_str()).collect::<Vec<_>>().join("、")
    };
    let header = [l.id, l.text, l.lead, l.responsible, l.support, l.scope, l.persons, l.due];
    let cells: Vec<[String; 8]> = notice
        .groups
        .iter()
        .flat_map(|g| leaves(&g.measures))
        .map(|m| {
            [
                m.id.value.clone(),
                m.text.clone(),
                by_role(m, Role::Lead),
                by_role(m, Role::Responsible),
                names(&m.support),
                names(&m.scope),
                m.persons.join("、"),
                m.due_text.as_ref().map(|d| d.value.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    let filled: Vec<usize> = (0..header.len()).filter(|&i| cells.iter().any(|row| !row[i].is_empty())).collect();
    let rows: Vec<Vec<String>> = cells.iter().map(|row| filled.iter().map(|&i| row[i].clone()).collect()).collect();
    let header = filled.iter().map(|&i| header[i]).collect();
    out.write_all(crate::report::render::table(header, rows, Some(1)).as_bytes())?;
    out.flush()?;
    eprintln!(
        "{}",
        tr!("试运行: 将导入 {};未写入任何文件", "dry run: would import {}; nothing was written", counts(notice))
    );
    Ok(0)
}

/// `--dry-run --format json`: the layout, every leaf, the doubts and the
/// lines left out.
fn preview_json(
    notice: &Notice,
    layout: Option<Layout>,
    doubts: &[Doubt],
    problems: &[Problem],
    out: &mut dyn Write,
) -> Result<u8> {
    fn names(units: &[Located<String>]) -> Vec<&str> {
        units.iter().map(|u| u.value.as_str()).collect()
    }
    let leaves: Vec<serde_json::Value> = notice
        .groups
        .iter()
        .flat_map(|g| leaves(&g.measures).into_iter().map(move |m| (g, m)))
        .map(|(g, m)| {
            let role = |role: Role| -> Vec<&str> {
                m.roles().filter(|(_, r)| *r == role).map(|(u, _)| u.value.as_str()).collect()
            };
            serde_json::json!({
                "id": m.id.value,
                "group": g.group.value,
                "line": m.id.line,
                "text": m.text,
                "assignment": m.assignment,
                "lead": role(Role::Lead),
                "responsible": role(Role::Responsible),
                "support": names(&m.support),
                "scope": names(&m.scope),
                "persons": m.persons,
                "due": m.due.as_ref().map(|d| &d.value),
                "due_text": m.due_text.as_ref().map(|d| &d.value),
                "due_source": m.due_source.as_ref().map(|d| &d.value),
            })
        })
        .collect();
    let problems: Vec<serde_json::Value> =
        problems.iter().map(|p| serde_json::json!({"line": p.line, "message": p.message})).collect();
    let report = serde_json::json!({
        "layout": layout.map(Layout::name),
        "title": notice.meta.title,
        "leaves": leaves,
        "doubts": doubts,
        "left_out": problems,
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    out.flush()?;
    Ok(0)
}

/// The layout as the user sees it named.
fn layout_words(layout: Layout) -> String {
    let words = match layout {
        Layout::Notice => tr!("通知原版式(`一、基本要求:` 分组)", "the notice's own (`一、基本要求:` groups)"),
        Layout::A => tr!("A(括号内标注牵头、责任单位)", "A (labelled roles in a bracket)"),
        Layout::B => tr!("B(括号内写“某某牵头、某某负责”)", "B (role verbs in a bracket)"),
        Layout::C => tr!("C(任务下方分行标注单位和时限)", "C (labelled lines under each task)"),
        Layout::D => tr!("D(表格)", "D (a table)"),
        Layout::E => tr!("E(不规则写法: 子项、共用分工、一段多项)", "E (irregular: sub-items, shared assignments)"),
    };
    words.to_string()
}

/// What `--lenient` left out, as comment lines for the top of taizhang.toml.
fn left_out_comment(left_out: &[String]) -> String {
    if left_out.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "# 导入时无法归类、未导入的行 / lines the import could not place and left out:
",
    );
    for line in left_out {
        // One comment line each: a line break in the text would end the comment.
        let flat: String = line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        out.push_str(&format!("#   {}\n", crate::report::render::sanitize(&flat)));
    }
    out.push('\n');
    out
}

fn sanitize_line(text: &str) -> String {
    crate::report::render::line("", text)
}

fn leaves(measures: &[Measure]) -> Vec<&Measure> {
    measures.iter().flat_map(|m| if m.is_leaf() { vec![m] } else { leaves(&m.items) }).collect()
}

fn write_if_absent(path: &Path, text: &str) -> Result<()> {
    if path.exists() { Ok(()) } else { write_atomic(path, text) }
}
