//! `taizhang review BASE..HEAD`: the changes of a branch and what in them
//! a reviewer must look at.

use super::Context;
use super::history::{extension_list, row, short, too_large};
use crate::check::diagnostic::Diagnostic;
use crate::check::problems;
use crate::cli::{ReportFormat, ReviewArgs};
use crate::git::audit::{Aspect, ExtensionState, State, extension_changes};
use crate::git::trail::{self, Event};
use crate::i18n::Lang;
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::tr;
use crate::{git, model::config::Config, report::render, store};
use anyhow::{Result, bail};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// Why a change needs a reviewer's eye.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    DoneWithoutEvidence,
    Backwards {
        from: String,
        to: String,
    },
    EntryRemoved,
    DeadlineEdited,
    /// An existing extension edited (`to` is its new state) or removed
    /// (`to` is null).
    ExtensionEdited {
        unit: Option<String>,
        from: Box<ExtensionState>,
        to: Option<Box<ExtensionState>>,
    },
    TextEdited {
        field: String,
    },
    NotLiaison {
        email: String,
        units: Vec<String>,
    },
    /// `[[liaison]]` changed: who may edit which unit's entries.
    LiaisonEdited {
        email: String,
    },
    /// Any other value of `taizhang.toml` changed.
    SettingEdited {
        key: String,
    },
    /// A unit or collective in `tasks/units.toml` added, removed or changed.
    RegistryEdited {
        key: String,
    },
    /// A checklist file added or removed as a whole.
    FileAdded {
        file: String,
    },
    FileRemoved {
        file: String,
    },
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
            Flag::ExtensionEdited { unit, from, to } => {
                let whom = unit.as_deref().unwrap_or(if zh { "全部单位" } else { "all units" });
                match (to, zh) {
                    (Some(to), true) => format!("已有的延期记录被修改 ({whom}): {} → {}", from.to, to.to),
                    (Some(to), false) => format!("an existing extension was edited ({whom}): {} → {}", from.to, to.to),
                    (None, true) => format!("已有的延期记录被删除 ({whom}): 原为延期至 {}", from.to),
                    (None, false) => format!("an existing extension was removed ({whom}): was to {}", from.to),
                }
            }
            Flag::TextEdited { field } => {
                if zh {
                    // `15.2 units`: the ID, then the field.
                    let (id, name) = field.split_once(' ').unwrap_or(("", field));
                    format!("修改了通知原文 ({id} {})", super::history::field_name(name, lang))
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
            Flag::LiaisonEdited { email } => {
                if zh {
                    format!("联络员名单被修改 ({email}): 它决定谁可以修改哪个单位的记录")
                } else {
                    format!("the liaison list was changed ({email}): it decides who may edit which unit's entries")
                }
            }
            Flag::SettingEdited { key } => {
                if zh {
                    format!("台账设置被修改 ({key})")
                } else {
                    format!("a checklist setting was changed ({key})")
                }
            }
            Flag::RegistryEdited { key } => {
                if zh {
                    format!("单位名册被修改 ({key}): 单位、别名或集合成员决定记录归属")
                } else {
                    format!(
                        "the unit registry was changed ({key}): units, aliases and members decide whose entry is whose"
                    )
                }
            }
            Flag::FileAdded { file } => {
                if zh {
                    format!("新增了文件 {file}")
                } else {
                    format!("the file {file} was added")
                }
            }
            Flag::FileRemoved { file } => {
                if zh {
                    format!("删除了文件 {file}")
                } else {
                    format!("the file {file} was removed")
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
    let Some((base, dots, head)) = split_range(&args.range) else {
        bail!(tr!(
            "`{}` 不是提交范围\nhint: 请写作 BASE..HEAD,例如 origin/main..HEAD",
            "`{}` is not a range\nhint: write BASE..HEAD, for example origin/main..HEAD",
            render::value(&args.range, "")
        ));
    };
    // Both ends as commit IDs before git sees anything else: from here on
    // no text the user typed reaches git.
    let base = git::resolve_commit(&root, base)?;
    let head = git::resolve_commit(&root, head)?;
    let range = format!("{base}{dots}{head}");
    // The branch under review may rewrite the liaisons, the registry and the
    // settings: what judges its changes is the base's, never its own.
    let trusted = trusted_settings(&root, &base)?;
    let limit = store::Limit::new(trusted.config.settings.max_file_mb)?;
    let at_head = tempfile::tempdir()?;
    materialise(&root, &head, at_head.path(), &[store::CONFIG_FILE, store::TASKS_DIR], limit)?;
    let mut checklist = store::load(at_head.path())?;
    // Nor may it relax a setting `check` applies to its own changes.
    checklist.config.settings.require_evidence |= trusted.config.settings.require_evidence;
    let (_, problems) = problems(&checklist);
    let paths = [store::CONFIG_FILE, store::TASKS_DIR];
    let (events, unreadable) = trail::read(&root, &trusted.registry, Some(&range), &paths, limit)?;
    let reviewed: Vec<Reviewed> =
        events.iter().map(|e| Reviewed { event: e, flags: flags(e, &trusted.config, &trusted.registry) }).collect();
    let lang = ctx.lang(&trusted);
    let flagged = reviewed.iter().filter(|r| !r.flags.is_empty()).count();
    match args.format {
        ReportFormat::Json => {
            let value = serde_json::json!({
                "range": args.range,
                "changes": reviewed,
                "problems": problems,
                "unreadable": unreadable,
            });
            writeln!(out, "{}", crate::report::render::json(&value)?)?;
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
        let warning = if let Some(side) = u.too_large {
            too_large(u, side, limit)
        } else {
            tr!(
                "提交 {1} 中的 {0} 无法读取",
                "{} could not be read in commit {}",
                render::sanitize(&u.file),
                short(&u.commit)
            )
        };
        eprintln!("warning: {warning}");
    }
    // The same three counts the Markdown report starts with.
    let found = problems.len();
    out.flush()?;
    eprintln!(
        "{}",
        tr!(
            "{} 项变更, {flagged} 项需审查, check 发现 {found} 个问题",
            "{} change(s), {flagged} flagged, {found} problem(s) found by check",
            reviewed.len()
        )
    );
    // A checklist that fails `check` at the head is never a clean review,
    // strict or not: merging it would break every report.
    let anything = flagged + found + unreadable.len();
    Ok(if found > 0 || (args.strict && anything > 0) { 1 } else { 0 })
}

/// `BASE..HEAD` or `BASE...HEAD` as (base, dots, head); an empty end is
/// `HEAD`, as git has it. None when the text is not a range.
fn split_range<'a>(range: &'a str) -> Option<(&'a str, &'static str, &'a str)> {
    let dots = if range.contains("...") { "..." } else { ".." };
    let (base, head) = range.split_once(dots)?;
    let end = |end: &'a str| -> &'a str { if end.is_empty() { "HEAD" } else { end } };
    Some((end(base), dots, end(head)))
}

/// The configuration and registry at the base of the range, to judge the
/// branch by; an unreadable `taizhang.toml` there is an error, not an empty
/// list of liaisons.
fn trusted_settings(root: &Path, base: &str) -> Result<store::Checklist> {
    let dir = tempfile::tempdir()?;
    // The base's own limit is not known before its settings are read.
    let limit = store::Limit::before_settings();
    materialise(root, base, dir.path(), &[store::CONFIG_FILE, store::UNITS_FILE], limit)?;
    std::fs::create_dir_all(dir.path().join(store::TASKS_DIR))?;
    let checklist = store::load(dir.path())?;
    let config_exists = dir.path().join(store::CONFIG_FILE).is_file();
    if let Some(p) = checklist.problems.iter().find(|p| p.path == store::CONFIG_FILE && config_exists) {
        bail!(tr!(
            "无法读取 {base} 中的 {}: {}\nhint: 审查以基准的联络员和设置为准,请先修正基准",
            "cannot read {} at {base}: {}\nhint: a review judges the branch by the base's liaisons and settings; fix the base first",
            store::CONFIG_FILE,
            render::sanitize(&p.message)
        ));
    }
    Ok(checklist)
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
            // Adding an extension is the recorded way to move a deadline;
            // changing or dropping one rewrites what was approved.
            for (from, to) in extension_changes(extension_list(old.as_ref()), extension_list(new.as_ref())) {
                if let Some(from) = from {
                    flags.push(Flag::ExtensionEdited {
                        unit: from.unit.clone(),
                        from: Box::new(from.clone()),
                        to: to.cloned().map(Box::new),
                    });
                }
            }
        }
        (Aspect::Text, _, _) => {
            flags.push(Flag::TextEdited { field: format!("{} {}", change.key.id, change.key.detail) })
        }
        // Every value of the settings and the registry decides how entries
        // are read or judged: none changes unseen.
        (Aspect::Config, _, _) => {
            let key = change.key.detail.to_string();
            flags.push(match key.strip_prefix("liaison ") {
                Some(email) if *change.key.id == *store::CONFIG_FILE => {
                    Flag::LiaisonEdited { email: email.to_string() }
                }
                _ if *change.key.id == *store::CONFIG_FILE => Flag::SettingEdited { key },
                _ => Flag::RegistryEdited { key },
            });
        }
        (Aspect::File, None, _) => flags.push(Flag::FileAdded { file: e.file.clone() }),
        (Aspect::File, _, _) => flags.push(Flag::FileRemoved { file: e.file.clone() }),
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
    let mut out = format!("### taizhang review `{}`\n\n", render::value(&args.range, ""));
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
                // Unit names, e-mails and authors come from the branch.
                let line = format!(
                    "- ⚠ {}{unit}: {} ({who} {}, {})",
                    e.change.key.id,
                    f.describe(lang),
                    short(&e.commit),
                    e.author
                );
                // Any later line of a value stays inside the list item.
                out.push_str(&render::value(&line, "  "));
                out.push('\n');
            }
        }
        for p in problems {
            let line = format!("- ⚠ `{}:{}:{}` {}", p.path, p.line, p.column, p.message);
            out.push_str(&render::value(&line, "  "));
            out.push('\n');
        }
    }
    out
}

/// Writes `paths` of the checklist as of `revision` into `dir`, to read
/// them there; a file larger than `limit` stops the review.
fn materialise(root: &Path, revision: &str, dir: &Path, paths: &[&str], limit: store::Limit) -> Result<()> {
    let (request, requests) = std::sync::mpsc::channel();
    let files = git::tree_blobs(root, revision, paths)?;
    let mut missing = files.len();
    for (path, sha) in files {
        request.send((sha, path))?;
    }
    drop(request);
    for blob in git::blobs(root, requests, limit)? {
        let (path, blob) = blob?;
        missing -= 1;
        let bytes = match blob {
            git::Blob::Bytes(bytes) => bytes,
            git::Blob::TooLarge => {
                let error = store::ReadError::TooLarge(limit);
                let name = tr!("{1} 中的 {0}", "{} at {}", path, short(revision));
                bail!("{}\nhint: {}", error.message(Some(&name)), error.hint().unwrap_or_default());
            }
        };
        // As text, as every version in the history is read.
        let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    if missing > 0 {
        bail!(tr!("git cat-file 提前退出", "git cat-file stopped early"));
    }
    Ok(())
}
