//! `taizhang review BASE..HEAD`: the changes of a branch and what in them
//! a reviewer must look at.

use super::Context;
use super::history::{row, short};
use crate::audit::{Aspect, State};
use crate::check::check;
use crate::cli::{ReportFormat, ReviewArgs};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::registry::Registry;
use crate::status::Status;
use crate::tr;
use crate::trail::{self, Event};
use crate::{config::Config, git, render, store};
use anyhow::{Result, bail};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// Why a change needs a reviewer's eye.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    DoneWithoutEvidence,
    Backwards { from: String, to: String },
    EntryRemoved,
    DeadlineEdited,
    ExtensionEdited,
    TextEdited { field: String },
    NotLiaison { email: String, units: Vec<String> },
}

impl Flag {
    fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Flag::DoneWithoutEvidence => if zh { "已完成但无佐证" } else { "done without evidence" }.into(),
            Flag::Backwards { from, to } => {
                let name =
                    |key: &str| Status::parse(key).map_or_else(|| key.to_string(), |s| lang.status(s).to_string());
                let (from, to) = (name(from), name(to));
                if zh {
                    format!("状态倒退: {from} → {to}")
                } else {
                    format!("status moved backwards: {from} → {to}")
                }
            }
            Flag::EntryRemoved => if zh { "删除了进展记录" } else { "a progress entry was removed" }.into(),
            Flag::DeadlineEdited => if zh {
                "完成时限被直接修改, 没有延期记录"
            } else {
                "deadline changed without a recorded extension"
            }
            .into(),
            Flag::ExtensionEdited => if zh {
                "已有的延期记录被修改或删除"
            } else {
                "an existing extension was edited or removed"
            }
            .into(),
            Flag::TextEdited { field } => {
                if zh {
                    format!("修改了文件原文 ({field})")
                } else {
                    format!("the notice's text was edited ({field})")
                }
            }
            Flag::NotLiaison { email, units } if units.is_empty() => {
                if zh {
                    format!("{email} 不是登记的联络员")
                } else {
                    format!("{email} is not a registered liaison")
                }
            }
            Flag::NotLiaison { email, units } => {
                let units = units.join("、");
                if zh {
                    format!("{email} 是 {units} 的联络员, 不是本单位的")
                } else {
                    format!("{email} is the liaison of {units}, not of this unit")
                }
            }
        }
    }
}

/// A change and its flags.
#[derive(Debug, Serialize)]
struct Reviewed<'a> {
    #[serde(flatten)]
    event: &'a Event,
    flags: Vec<Flag>,
}

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &ReviewArgs, out: &mut dyn Write) -> Result<u8> {
    let root = store::find_root(&ctx.dir)?;
    git::require_repository(&root, &tr!("审查变更", "review"))?;
    let Some((_, head)) = args.range.split_once("..").filter(|_| !args.range.starts_with('-')) else {
        bail!(tr!(
            "`{}` 不是提交范围\nhint: 请写作 BASE..HEAD,例如 origin/main..HEAD",
            "`{}` is not a range\nhint: write BASE..HEAD, for example origin/main..HEAD",
            args.range
        ));
    };
    let head = if head.is_empty() { "HEAD" } else { head.trim_start_matches('.') };
    let at_head = tempfile::tempdir()?;
    materialise(&root, head, at_head.path())?;
    let checklist = store::load(at_head.path())?;
    let (_, problems) = check(&checklist);
    let (events, unreadable) = trail::read(&root, &checklist.registry, Some(&args.range), &[store::TASKS_DIR])?;
    let reviewed: Vec<Reviewed> =
        events.iter().map(|e| Reviewed { event: e, flags: flags(e, &checklist.config, &checklist.registry) }).collect();
    let lang = ctx.lang(&checklist);
    let flagged = reviewed.iter().filter(|r| !r.flags.is_empty()).count();
    match args.format {
        ReportFormat::Json => {
            let value = serde_json::json!({
                "range": args.range,
                "changes": reviewed,
                "problems": problems,
                "unreadable": unreadable,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        ReportFormat::Table | ReportFormat::Md => {
            let l = lang.labels();
            let header = vec![l.date, l.commit, l.author, l.id, l.unit, l.change, l.flag];
            let rows: Vec<Vec<String>> = reviewed
                .iter()
                .map(|r| {
                    let mut cells = row(r.event, lang);
                    cells
                        .push(r.flags.iter().map(|f| format!("⚠ {}", f.describe(lang))).collect::<Vec<_>>().join("; "));
                    cells
                })
                .collect();
            if args.format == ReportFormat::Md {
                write!(out, "{}", markdown(args, &header, &rows, &reviewed, &problems, lang))?;
            } else {
                write!(out, "{}", render::table(header, rows, Some(5)))?;
                for p in &problems {
                    write!(out, "{}", p.render())?;
                }
            }
        }
    }
    for u in &unreadable {
        eprintln!(
            "warning: {}",
            tr!("提交 {1} 中的 {0} 无法读取", "{} could not be read in commit {}", u.file, short(&u.commit))
        );
    }
    // The same three counts the Markdown report starts with.
    let found = problems.len();
    eprintln!(
        "{}",
        tr!(
            "{} 项变更, {flagged} 项需审查, check 发现 {found} 个问题",
            "{} change(s), {flagged} flagged, {found} problem(s) found by check",
            reviewed.len()
        )
    );
    let anything = flagged + found + unreadable.len();
    Ok(if args.strict && anything > 0 { 1 } else { 0 })
}

/// What a reviewer must look at in one change.
fn flags(e: &Event, config: &Config, registry: &Registry) -> Vec<Flag> {
    let mut flags = Vec::new();
    let change = &e.change;
    match (change.key.aspect, &change.old, &change.new) {
        (Aspect::Progress, old, Some(State::Progress(new))) => {
            let rank = |s: &str| match Status::parse(s) {
                Some(Status::Todo) | None => 0,
                Some(Status::Doing | Status::Blocked) => 1,
                Some(Status::Done) => 2,
            };
            if Status::parse(&new.status) == Some(Status::Done) && !crate::model::has_evidence(&new.evidence) {
                flags.push(Flag::DoneWithoutEvidence);
            }
            if let Some(State::Progress(old)) = old
                && rank(&new.status) < rank(&old.status)
            {
                flags.push(Flag::Backwards { from: old.status.clone(), to: new.status.clone() });
            }
        }
        (Aspect::Progress | Aspect::Actual, Some(_), None) => flags.push(Flag::EntryRemoved),
        (Aspect::Deadline, _, _) => flags.push(Flag::DeadlineEdited),
        (Aspect::Extensions, old, new) => {
            let list = |s: &Option<State>| match s {
                Some(State::Extensions(l)) => l.clone(),
                _ => Vec::new(),
            };
            let (old, new) = (list(old), list(new));
            if new.len() < old.len() || new[..old.len()] != old[..] {
                flags.push(Flag::ExtensionEdited);
            }
        }
        (Aspect::Text, _, _) => {
            flags.push(Flag::TextEdited { field: format!("{} {}", change.key.id, change.key.detail) })
        }
        _ => {}
    }
    if change.key.aspect == Aspect::Progress && !config.liaison.is_empty() {
        let units: Vec<String> = config
            .liaison
            .iter()
            .filter(|l| l.email.eq_ignore_ascii_case(&e.email))
            .map(|l| registry.resolve(&l.unit).unwrap_or(&l.unit).to_string())
            .collect();
        if !units.iter().any(|u| *u == change.key.detail) {
            flags.push(Flag::NotLiaison { email: e.email.clone(), units });
        }
    }
    flags
}

/// The Markdown report for a pull request.
fn markdown(
    args: &ReviewArgs,
    header: &[&str],
    rows: &[Vec<String>],
    reviewed: &[Reviewed],
    problems: &[Diagnostic],
    lang: Lang,
) -> String {
    let zh = lang == Lang::Zh;
    let flagged: Vec<&Reviewed> = reviewed.iter().filter(|r| !r.flags.is_empty()).collect();
    let mut out = format!("### taizhang review `{}`\n\n", args.range);
    out.push_str(&if zh {
        format!("{} 项变更, {} 项需审查, check 发现 {} 个问题。\n\n", reviewed.len(), flagged.len(), problems.len())
    } else {
        format!(
            "{} change(s), {} flagged, {} problem(s) found by check.\n\n",
            reviewed.len(),
            flagged.len(),
            problems.len()
        )
    });
    if !rows.is_empty() {
        out.push_str(&render::markdown(header, rows));
        out.push('\n');
    }
    if !flagged.is_empty() || !problems.is_empty() {
        out.push_str(if zh { "#### 需审查\n\n" } else { "#### To review\n\n" });
        for r in flagged {
            let e = r.event;
            for f in &r.flags {
                let who = if zh { "提交" } else { "commit" };
                let unit = if e.change.key.aspect == Aspect::Progress {
                    format!(" {}", e.change.key.detail)
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "- ⚠ {}{unit}: {} ({who} {}, {})\n",
                    e.change.key.id,
                    f.describe(lang),
                    short(&e.commit),
                    e.author
                ));
            }
        }
        for p in problems {
            out.push_str(&format!("- ⚠ `{}:{}:{}` {}\n", p.path, p.line, p.column, render::sanitize(&p.message)));
        }
    }
    out
}

/// Writes the checklist as of `revision` into `dir`, to check it there.
fn materialise(root: &Path, revision: &str, dir: &Path) -> Result<()> {
    let mut blobs = git::Blobs::open(root)?;
    for (path, sha) in git::tree_blobs(root, revision, &[store::CONFIG_FILE, store::TASKS_DIR])? {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, blobs.read(&sha)?)?;
    }
    Ok(())
}
