//! `taizhang collect`: read returned progress forms, check every row, and
//! record what each unit changed; print it as a review per unit.

use super::{Context, load_checked};
use crate::cli::{CollectArgs, ReportFormat};
use crate::form::apply::{self, Applied};
use crate::form::outcome::{Change, Outcome, Problem, State, What};
use crate::form::read;
use crate::form::validate::{self, Checks};
use crate::i18n::Lang;
use crate::{report::render, store, tr};
use anyhow::Result;
use std::io::Write;

/// Runs the command; returns its exit status: 0 when every row was clean,
/// 1 when any problem was found.
pub fn run(ctx: &Context, args: &CollectArgs, out: &mut dyn Write) -> Result<u8> {
    let root = store::find_root(&ctx.dir)?;
    let (checklist, ledger) = load_checked(ctx)?;
    let lang = ctx.lang(checklist);
    let checks = Checks {
        checklist: &checklist.config.checklist.title,
        ledger,
        registry: &checklist.registry,
        require_evidence: checklist.config.settings.require_evidence,
        today: ctx.today,
        theirs: args.theirs,
        lang,
    };
    let mut outcome = Outcome::default();
    for path in &args.files {
        let form = read::read(path);
        validate::form(&path.display().to_string(), form.as_ref(), &checks, &mut outcome);
    }
    validate::refuse_twice(&mut outcome);
    let errors = outcome.problems.iter().filter(|p| p.is_error()).count();
    let write = !args.dry_run && (errors == 0 || args.skip_invalid) && !outcome.changes.is_empty();
    let mut applied = Vec::new();
    if write {
        let commit = args.commit || checklist.config.settings.commit;
        if commit {
            let mut files: Vec<&str> = Vec::new();
            for change in &outcome.changes {
                let leaf = ledger.leaves.iter().find(|l| l.id == change.id);
                if let Some(file) = leaf.map(|l| l.file.as_str()).filter(|f| !files.contains(f)) {
                    files.push(file);
                }
            }
            apply::require_clean(&root, &files)?;
        }
        applied = apply::apply(&root, &outcome.changes, commit, ctx.today, lang)?;
    }
    match args.format {
        ReportFormat::Json => {
            let value = serde_json::json!({
                "dry_run": args.dry_run,
                "written": write,
                "units": units(&outcome).iter().map(|unit| serde_json::json!({
                    "unit": unit,
                    "changes": outcome.changes.iter().filter(|c| Some(&c.unit) == unit.as_ref()).collect::<Vec<_>>(),
                    "problems": outcome.problems.iter().filter(|p| p.unit == *unit).collect::<Vec<_>>(),
                    "commit": applied.iter().find(|a| Some(&a.unit) == unit.as_ref()).and_then(|a| a.commit.clone()),
                })).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", render::json(&value)?)?;
        }
        ReportFormat::Md => write!(out, "{}", markdown(&outcome, &applied, lang))?,
        ReportFormat::Table => write!(out, "{}", text(&outcome, &applied, lang))?,
    }
    out.flush()?;
    let changes = outcome.changes.len();
    let found = outcome.problems.len();
    let outcome_line = if write {
        tr!("已写入 {changes} 项变更,{found} 个问题", "{changes} change(s) written, {found} problem(s)")
    } else if args.dry_run {
        tr!(
            "试运行: {changes} 项变更,{found} 个问题;未写入",
            "dry run: {changes} change(s), {found} problem(s); nothing written"
        )
    } else if errors > 0 {
        tr!(
            "{found} 个问题,未写入任何更改\nhint: 请更正后重新收集,或用 --skip-invalid 只写入没有问题的行",
            "{found} problem(s); nothing was written\nhint: correct them and collect again, or pass --skip-invalid to record the rows without problems"
        )
    } else {
        tr!("没有需要写入的变更,{found} 个问题", "nothing to write, {found} problem(s)")
    };
    eprintln!("{outcome_line}");
    Ok(u8::from(found > 0))
}

/// The units the review speaks of, in the order they appear; `None` for
/// the forms that could not be read as any unit's.
fn units(outcome: &Outcome) -> Vec<Option<String>> {
    let mut units: Vec<Option<String>> = Vec::new();
    let all =
        outcome.changes.iter().map(|c| Some(c.unit.clone())).chain(outcome.problems.iter().map(|p| p.unit.clone()));
    for unit in all {
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    units
}

/// A change as one line: `编号 单位: 旧 → 新`.
fn change_line(change: &Change, lang: Lang) -> String {
    match &change.what {
        What::Progress { old, new, .. } => format!(
            "{} {}: {} → {}",
            change.id,
            change.unit,
            State::describe(old.as_ref(), lang),
            State::describe(Some(new), lang)
        ),
        What::Extension { from, to, .. } => {
            let label = if lang == Lang::Zh { "完成时限" } else { "deadline" };
            format!("{} {}: {label} {} → {}", change.id, change.unit, from.key(), to.key())
        }
    }
}

/// What goes under a change's line: the note and evidence it records, the
/// reason of an extension, and what a `--theirs` row overrides.
fn details(change: &Change, lang: Lang) -> Vec<(&'static str, String)> {
    let zh = lang == Lang::Zh;
    let mut lines = Vec::new();
    match &change.what {
        What::Progress { old, new, added_evidence } => {
            let old_note = old.as_ref().and_then(|o| o.note.as_deref());
            if let Some(note) = new.note.as_deref().filter(|n| Some(*n) != old_note) {
                lines.push((if zh { "进展情况" } else { "progress" }, note.to_string()));
            }
            if !added_evidence.is_empty() {
                lines.push((if zh { "佐证材料" } else { "evidence" }, added_evidence.join("; ")));
            }
        }
        What::Extension { reason, .. } => {
            lines.push((if zh { "延期理由(单位申请)" } else { "reason (requested by the unit)" }, reason.clone()));
        }
    }
    if let Some(was) = &change.overrides {
        lines.push((if zh { "以表单为准,台账原为" } else { "the form wins; the ledger had" }, was.clone()));
    }
    lines
}

/// The heading of a unit's part of the review.
fn heading(unit: &Option<String>, applied: &[Applied]) -> String {
    match unit {
        Some(unit) => match applied.iter().find(|a| a.unit == *unit).and_then(|a| a.commit.as_deref()) {
            Some(commit) => format!("{unit}  [{commit}]"),
            None => unit.clone(),
        },
        None => tr!("无法读取的填报表", "Forms that could not be read"),
    }
}

/// The review as text.
fn text(outcome: &Outcome, applied: &[Applied], lang: Lang) -> String {
    let mut out = String::new();
    for unit in units(outcome) {
        out.push_str(&render::line("", &heading(&unit, applied)));
        for change in outcome.changes.iter().filter(|c| Some(&c.unit) == unit.as_ref()) {
            out.push_str(&render::line("  ", &change_line(change, lang)));
            for (label, value) in details(change, lang) {
                out.push_str(&render::line("      ", &format!("{label}: {value}")));
            }
        }
        let problems: Vec<&Problem> = outcome.problems.iter().filter(|p| p.unit == unit).collect();
        if !problems.is_empty() {
            out.push_str(&render::line("  ", &tr!("问题:", "problems:")));
            for p in problems {
                out.push_str(&render::line("    ", &format!("{}: {}", p.place.describe(), p.message)));
            }
        }
    }
    out
}

/// The review as Markdown, for a pull request or an e-mail.
fn markdown(outcome: &Outcome, applied: &[Applied], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    for unit in units(outcome) {
        out.push_str(&format!("### {}\n\n", render::value(&heading(&unit, applied), "")));
        let rows: Vec<Vec<String>> = outcome
            .changes
            .iter()
            .filter(|c| Some(&c.unit) == unit.as_ref())
            .map(|c| {
                let details: Vec<String> = details(c, lang).into_iter().map(|(l, v)| format!("{l}: {v}")).collect();
                vec![change_line(c, lang), details.join("\n")]
            })
            .collect();
        if !rows.is_empty() {
            let header = if zh { ["变更", "说明"] } else { ["change", "details"] };
            out.push_str(&render::markdown(&header, &rows));
            out.push('\n');
        }
        let problems: Vec<&Problem> = outcome.problems.iter().filter(|p| p.unit == unit).collect();
        if !problems.is_empty() {
            out.push_str(if zh { "#### 问题\n\n" } else { "#### Problems\n\n" });
            for p in problems {
                let line = format!("- `{}`: {}", p.place.describe().replace('`', "'"), p.message);
                out.push_str(&render::value(&line, "  "));
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}
