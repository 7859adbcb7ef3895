//! `taizhang history`: the audit trail, read from git.

use super::Context;
use crate::check::check;
use crate::cli::{HistoryArgs, ReportFormat};
use crate::git::audit::{Aspect, Change, EntryState, ExtensionState, State, extension_changes};
use crate::git::trail::{self, Event, Side, Unreadable};
use crate::i18n::Lang;
use crate::model::due::{bound_arg, parse_date};
use crate::model::lookup::{require_part, resolve_unit};
use crate::model::status::Status;
use crate::report::render;
use crate::tr;
use crate::{git, store};
use anyhow::Result;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &HistoryArgs, out: &mut dyn Write) -> Result<u8> {
    let root = store::find_root(&ctx.dir)?;
    git::require_repository(&root, &tr!("查看变更记录", "history"))?;
    let since = match &args.since {
        Some(text) => Some(bound_arg("--since", text, true)?),
        None => None,
    };
    let checklist = store::load(&root)?;
    let (ledger, _) = check(&checklist);
    let registry = &checklist.registry;
    let unit = args.unit.as_deref().map(|u| resolve_unit(registry, u)).transpose()?;
    let path = match &args.id {
        Some(id) => {
            let path = store::load_for_leaf(&root, id)?.1;
            require_part(&ledger, id)?;
            Some(path)
        }
        None => None,
    };
    let rel = path.as_ref().map(|p| p.strip_prefix(&root).unwrap_or(p).to_string_lossy().replace('\\', "/"));
    let paths = [rel.as_deref().unwrap_or(store::TASKS_DIR)];
    let limit = store::Limit::new(checklist.config.settings.max_file_mb)?;
    let (events, unreadable) = trail::read(&root, registry, None, &paths, limit)?;
    let events: Vec<&Event> = events
        .iter()
        // A file's creation is its import, not a change to its entries; a
        // removed file's entries show as removed.
        .filter(|e| e.change.key.aspect != Aspect::File)
        .filter(|e| {
            args.id.as_ref().is_none_or(|id| *e.change.key.id == **id || e.change.key.id.starts_with(&format!("{id}.")))
        })
        .filter(|e| since.is_none_or(|s| e.date.get(..10).and_then(parse_date).is_some_and(|d| d >= s)))
        .filter(|e| {
            let Some(unit) = unit else { return true };
            match e.change.key.aspect {
                // A member's own entries, and those recorded for a collective it belongs to.
                Aspect::Progress => {
                    let detail = &*e.change.key.detail;
                    registry.covers(unit, detail) || registry.covers(detail, unit)
                }
                _ => ledger
                    .leaves
                    .iter()
                    .any(|l| *l.id == *e.change.key.id && l.obligations_of(unit, registry).next().is_some()),
            }
        })
        .collect();
    for u in &unreadable {
        let warning = if let Some(side) = u.too_large {
            too_large(u, side, limit)
        } else {
            tr!(
                "提交 {1} 中的 {0} 无法读取,其中的变更未列出",
                "{} could not be read in commit {}; its changes there are not shown",
                render::sanitize(&u.file),
                short(&u.commit)
            )
        };
        eprintln!("warning: {warning}");
    }
    let lang = ctx.lang(&checklist);
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", crate::report::render::json(&events)?)?,
        ReportFormat::Table | ReportFormat::Md => {
            let l = lang.labels();
            let header = vec![l.date, l.commit, l.author, l.id, l.unit, l.change];
            let rows: Vec<Vec<String>> = events.iter().map(|e| row(e, lang)).collect();
            let text = if args.format == ReportFormat::Md {
                render::markdown(&header, &rows)
            } else {
                render::table(header, rows, Some(5))
            };
            write!(out, "{text}")?;
        }
    }
    Ok(0)
}

/// One event as table cells.
pub fn row(e: &Event, lang: Lang) -> Vec<String> {
    let unit = match e.change.key.aspect {
        Aspect::Progress => e.change.key.detail.to_string(),
        Aspect::Extensions => extension_units(&e.change, lang),
        _ => String::new(),
    };
    vec![
        e.date.get(..10).unwrap_or(&e.date).to_string(),
        short(&e.commit).to_string(),
        e.author.clone(),
        e.change.key.id.to_string(),
        unit,
        describe(&e.change, lang),
    ]
}

/// A version in the history that was larger than the size limit, as a
/// warning with its hint.
pub fn too_large(u: &Unreadable, side: Side, limit: store::Limit) -> String {
    let error = store::ReadError::TooLarge(limit);
    let (file, commit) = (render::sanitize(&u.file), short(&u.commit));
    let name = match side {
        Side::After => tr!("提交 {commit} 中的 {file}", "{file} in commit {commit}"),
        Side::Before => tr!("提交 {commit} 之前的 {file}", "{file} before commit {commit}"),
    };
    format!("{}\nhint: {}", error.message(Some(&name)), error.hint().unwrap_or_default())
}

pub fn short(hash: &str) -> &str {
    hash.get(..7).unwrap_or(hash)
}

/// A change in words: `未开始 → 已完成 (2021-03-01)`.
pub fn describe(change: &Change, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match (&change.old, &change.new) {
        (old, Some(State::Progress(new))) => {
            let old = match old {
                Some(State::Progress(old)) => Some(old),
                _ => None,
            };
            progress(old, new, lang)
        }
        (Some(State::Progress(old)), None) => {
            let status = status_name(&old.status, lang);
            if zh {
                format!("删除进展记录 (原为 {status})")
            } else {
                format!("progress entry removed (was {status})")
            }
        }
        (old, new) if change.key.aspect == Aspect::Extensions => extensions(old.as_ref(), new.as_ref(), lang),
        (old, _) if change.key.aspect == Aspect::File => match (old.is_none(), zh) {
            (true, true) => "新增文件".to_string(),
            (true, false) => "file added".to_string(),
            (false, true) => "删除文件".to_string(),
            (false, false) => "file removed".to_string(),
        },
        (old, new) if change.key.aspect == Aspect::Config => {
            // In full: a collective's members or a liaison's units are the
            // point of the change, wherever in the value they differ.
            let value = |s: Option<&State>| match s {
                Some(State::Text(t)) if !t.is_empty() => t.clone(),
                Some(State::Text(_)) => "{}".to_string(),
                _ => "-".to_string(),
            };
            format!("{}: {} → {}", change.key.detail, value(old.as_ref()), value(new.as_ref()))
        }
        (old, Some(State::Actual(new))) => {
            let before = match old {
                Some(State::Actual(old)) => format!("{} → ", old.value),
                _ => String::new(),
            };
            let whom = new.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
            tr!("实际值 {}{whom}: {before}{}", "actual {}{whom}: {before}{}", new.period, new.value)
        }
        (Some(State::Actual(old)), None) => {
            tr!("删除实际值 {} (原为 {})", "actual value {} removed (was {})", old.period, old.value)
        }
        (Some(State::Deadline { due: a, .. }), Some(State::Deadline { due: b, due_text })) => {
            let (a, b) = (a.as_deref().unwrap_or("-"), b.as_deref().unwrap_or("-"));
            let wording = due_text.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
            if zh { format!("完成时限 {a} → {b}{wording}") } else { format!("deadline {a} → {b}{wording}") }
        }
        (old, new) => {
            let text = |s: Option<&State>| match s {
                Some(State::Text(t)) => crate::report::render::excerpt(t, 24),
                _ => "-".to_string(),
            };
            let field = field_name(&change.key.detail, lang);
            if zh {
                format!("{field}: {} → {}", text(old.as_ref()), text(new.as_ref()))
            } else {
                format!("text {field}: {} → {}", text(old.as_ref()), text(new.as_ref()))
            }
        }
    }
}

fn progress(old: Option<&EntryState>, new: &EntryState, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let before = old.map_or(status_name("todo", lang), |o| status_name(&o.status, lang));
    let mut text = format!("{before} → {}", status_name(&new.status, lang));
    if let Some(date) = &new.date {
        text.push_str(&format!(" ({date})"));
    }
    if new.note.is_some() && new.note != old.and_then(|o| o.note.clone()) {
        text.push_str(&format!("{} {}", if zh { " 备注:" } else { " note:" }, new.note.as_deref().unwrap_or_default()));
    }
    let added: Vec<&String> = new.evidence.iter().filter(|e| old.is_none_or(|o| !o.evidence.contains(e))).collect();
    if !added.is_empty() {
        let added: Vec<&str> = added.iter().map(|s| s.as_str()).collect();
        text.push_str(&format!("{} +{}", if zh { " 佐证:" } else { " evidence:" }, added.join(" +")));
    }
    text
}

/// The extensions of one state (none when it has none).
pub fn extension_list(state: Option<&State>) -> &[ExtensionState] {
    match state {
        Some(State::Extensions(list)) => list,
        _ => &[],
    }
}

/// Each added, edited or removed extension with its unit, old → new.
fn extensions(old: Option<&State>, new: Option<&State>, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let parts: Vec<String> = extension_changes(extension_list(old), extension_list(new))
        .into_iter()
        .map(|pair| match pair {
            (None, Some(e)) => {
                let whom = e.unit.as_ref().map(|u| format!(" ({u})")).unwrap_or_default();
                let asked = match &e.requested_by {
                    Some(by) if zh => format!("(应 {by} 申请)"),
                    Some(by) => format!(" (requested by {by})"),
                    None => String::new(),
                };
                let approval = asked + &e.approval.as_ref().map(|a| format!(" [{a}]")).unwrap_or_default();
                if zh {
                    format!("延期至 {}{whom}: {}{approval}", e.to, e.reason)
                } else {
                    format!("extended to {}{whom}: {}{approval}", e.to, e.reason)
                }
            }
            (Some(a), Some(b)) => {
                let whom = whom(a.unit.as_deref(), lang);
                let mut text = if zh {
                    format!("延期修改{whom}: {} → {}", a.to, b.to)
                } else {
                    format!("extension edited{whom}: {} → {}", a.to, b.to)
                };
                let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".to_string());
                let fields = [
                    (if zh { "理由" } else { "reason" }, a.reason.clone(), b.reason.clone()),
                    (if zh { "批准" } else { "approval" }, dash(&a.approval), dash(&b.approval)),
                    (if zh { "日期" } else { "date" }, dash(&a.date), dash(&b.date)),
                    (if zh { "申请单位" } else { "requested by" }, dash(&a.requested_by), dash(&b.requested_by)),
                ];
                for (label, x, y) in fields.into_iter().filter(|(_, x, y)| x != y) {
                    text.push_str(&format!("; {label}: {x} → {y}"));
                }
                text
            }
            (Some(a), None) => {
                let whom = whom(a.unit.as_deref(), lang);
                if zh {
                    format!("删除延期{whom} (原为延期至 {}: {})", a.to, a.reason)
                } else {
                    format!("extension removed{whom} (was to {}: {})", a.to, a.reason)
                }
            }
            (None, None) => String::new(),
        })
        .collect();
    parts.join("; ")
}

/// ` (夷陵区)`, or ` (全部单位)` for an extension of the whole leaf.
fn whom(unit: Option<&str>, lang: Lang) -> String {
    match unit {
        Some(u) => format!(" ({u})"),
        None if lang == Lang::Zh => " (全部单位)".to_string(),
        None => " (all units)".to_string(),
    }
}

/// The units whose extensions a change adds, edits or removes, in order;
/// an extension of the whole leaf counts as all units.
fn extension_units(change: &Change, lang: Lang) -> String {
    let all = if lang == Lang::Zh { "全部单位" } else { "all units" };
    let mut units: Vec<&str> = Vec::new();
    for (a, b) in extension_changes(extension_list(change.old.as_ref()), extension_list(change.new.as_ref())) {
        let unit = a.or(b).map(|e| e.unit.as_deref().unwrap_or(all));
        if let Some(unit) = unit
            && !units.contains(&unit)
        {
            units.push(unit);
        }
    }
    units.join("、")
}

/// A field of the notice's text (the `detail` of a text change) as the
/// reader's language names it: `units` is 责任单位 in Chinese.
pub fn field_name(field: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return field.to_string();
    }
    if let Some(n) = field.strip_prefix("duty ") {
        return format!("职责 {n}");
    }
    let name = match field {
        "title" => "标题",
        "target" => "量化目标",
        "order" => "措施顺序",
        "indicator" => "指标",
        "phrase" => "指标原文",
        "source" => "指标出处",
        "text" => "措施文本",
        "assignment" => "分工原文",
        "tail" => "分工后的标点",
        "units" => "责任单位",
        "lead" => "牵头单位",
        "support" => "配合单位",
        "persons" => "分管领导",
        other => other,
    };
    name.to_string()
}

fn status_name(key: &str, lang: Lang) -> String {
    Status::parse(key).map_or_else(|| key.to_string(), |s| lang.status(s).to_string())
}
