//! `taizhang overdue`: the weekly digest, as text for mail, Markdown, JSON
//! or CSV.

use super::{Context, load_report};
use crate::cli::{DigestFormat, OverdueArgs};
use crate::digest::{Item, Section, digest};
use crate::due::Due;
use crate::filter::resolve_unit;
use crate::i18n::Lang;
use crate::obligation::Window;
use crate::partial::LeftOut;
use crate::render::{csv_record, line, sanitize, value};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &OverdueArgs, out: &mut dyn Write) -> Result<u8> {
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let unit = args.unit.as_deref().map(|u| resolve_unit(&checklist.registry, u)).transpose()?;
    let window = Window { today: ctx.today, within: i64::from(args.within), staleness: checklist.config.staleness() };
    let sections = digest(ledger, &checklist.registry, window, unit);
    let lang = ctx.lang(checklist);
    let info = &checklist.config.checklist;
    let title = match &info.number {
        Some(number) => format!("{} ({number})", info.title),
        None => info.title.clone(),
    };
    match args.format {
        DigestFormat::Text => {
            out.write_all(report.notice(false).as_bytes())?;
            render(out, &sections, &title, window, lang, false)?;
        }
        DigestFormat::Md => {
            out.write_all(report.notice(true).as_bytes())?;
            render(out, &sections, &title, window, lang, true)?;
        }
        DigestFormat::Json => {
            let incomplete = !report.left_out.is_empty();
            let digest = DigestJson {
                as_of: ctx.today.to_string(),
                within: args.within,
                stale_days: window.staleness.days,
                units: &sections,
                totals: Totals::of(&sections),
                incomplete: incomplete.then_some(true),
                left_out: incomplete.then_some(&report.left_out),
            };
            crate::render::write_json(&mut *out, &digest)?;
            writeln!(out)?;
        }
        DigestFormat::Csv => csv(out, &sections)?,
    }
    let any_overdue = sections.iter().any(|s| !s.overdue.is_empty());
    Ok(if args.fail_if_any && any_overdue { 1 } else { report.code() })
}

/// The digest as JSON, streamed: it can be larger than the ledger.
#[derive(Serialize)]
struct DigestJson<'a> {
    as_of: String,
    within: u32,
    stale_days: i64,
    units: &'a [Section<'a>],
    totals: Totals,
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    left_out: Option<&'a Vec<LeftOut>>,
}

#[derive(Serialize)]
struct Totals {
    units: usize,
    overdue: usize,
    due_soon: usize,
    stale: usize,
}

impl Totals {
    fn of(sections: &[Section]) -> Totals {
        Totals {
            units: sections.len(),
            overdue: sections.iter().map(|s| s.overdue.len()).sum(),
            due_soon: sections.iter().map(|s| s.due_soon.len()).sum(),
            stale: sections.iter().map(|s| s.stale.len()).sum(),
        }
    }
}

/// The words of the digest in one language.
struct Words {
    heading: &'static str,
    overdue: &'static str,
    due_soon: String,
    stale: String,
    total: &'static str,
    units: &'static str,
    nothing: &'static str,
}

fn words(lang: Lang, window: Window) -> Words {
    match lang {
        Lang::Zh => Words {
            heading: "逾期周报",
            overdue: "逾期",
            due_soon: format!("{} 天内到期", window.within),
            stale: format!("长期未更新 ({} 天无进展)", window.staleness.days),
            total: "合计",
            units: "个单位",
            nothing: "没有逾期、即将到期或长期未更新的事项。",
        },
        Lang::En => Words {
            heading: "Overdue digest",
            overdue: "Overdue",
            due_soon: format!("Due within {} days", window.within),
            stale: format!("Stale ({} days without progress)", window.staleness.days),
            total: "Total",
            units: "units",
            nothing: "Nothing is overdue, due soon or stale.",
        },
    }
}

/// `逾期 3 天` / `3 days late` and the like.
fn days(kind: usize, item: &Item, lang: Lang) -> String {
    match (kind, item.days, lang) {
        (0, Some(d), Lang::Zh) => format!("逾期 {d} 天"),
        (0, Some(d), Lang::En) => format!("{d} day{} late", if d == 1 { "" } else { "s" }),
        (1, Some(0), Lang::Zh) => "今天到期".into(),
        (1, Some(0), Lang::En) => "due today".into(),
        (1, Some(d), Lang::Zh) => format!("还剩 {d} 天"),
        (1, Some(d), Lang::En) => format!("{d} day{} left", if d == 1 { "" } else { "s" }),
        (_, Some(d), Lang::Zh) => format!("{d} 天未更新"),
        (_, Some(d), Lang::En) => format!("last entry {d} days ago"),
        (_, None, Lang::Zh) => "从未记录".into(),
        (_, None, Lang::En) => "never recorded".into(),
    }
}

/// One item as a line: ID, lateness, deadline, role, text.
fn item_line(kind: usize, item: &Item, lang: Lang) -> String {
    let l = lang.labels();
    let mut role = lang.role(item.role).to_string();
    if let Some(via) = item.via {
        role.push_str(&format!(" ({} {via})", l.via));
    }
    let due = match (item.original_due, item.due) {
        (Some(original), Some(due)) => format!("{} {} → {}", l.due, original.key(), due.key()),
        (None, Some(due)) if due != Due::Ongoing => {
            format!("{} {}", l.due, lang.due(item.leaf.due, item.leaf.due_text.as_deref()))
        }
        _ => String::new(),
    };
    let mut status = lang.status(item.status).to_string();
    if let Some(collective) = item.recorded_for {
        status.push_str(&format!(" ({})", l.recorded_for.replace("{}", collective)));
    }
    let parts: Vec<String> = [days(kind, item, lang), due, role, status, crate::render::excerpt(&item.leaf.text, 30)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    format!("{:<8}  {}", item.id, parts.join("  "))
}

/// `逾期 3, 14 天内到期 1, 长期未更新 2`.
fn tally(w: &Words, overdue: usize, due_soon: usize, stale: usize) -> String {
    let stale_name = w.stale.split(" (").next().unwrap_or_default();
    format!("{} {overdue}, {} {due_soon}, {stale_name} {stale}", w.overdue, w.due_soon)
}

fn counts(section: &Section, w: &Words) -> String {
    tally(w, section.overdue.len(), section.due_soon.len(), section.stale.len())
}

/// The digest as plain text for mail, or as Markdown for a web view.
fn render(
    out: &mut dyn Write,
    sections: &[Section],
    title: &str,
    window: Window,
    lang: Lang,
    markdown: bool,
) -> std::io::Result<()> {
    let w = words(lang, window);
    if markdown {
        write!(out, "## {} {}\n\n{}", w.heading, window.today, line("", title))?;
    } else {
        write!(out, "{}  {}\n{}", w.heading, window.today, line("", title))?;
    }
    if sections.is_empty() {
        writeln!(out, "\n{}", w.nothing)?;
    }
    for section in sections {
        let counts = counts(section, &w);
        if markdown {
            writeln!(out, "\n### {}\n\n{counts}\n", value(section.unit, ""))?;
        } else {
            write!(out, "\n{}", line("", &format!("【{}】 {counts}", section.unit)))?;
        }
        let kinds = [
            (w.overdue, &section.overdue),
            (w.due_soon.as_str(), &section.due_soon),
            (w.stale.as_str(), &section.stale),
        ];
        for (kind, (name, items)) in kinds.into_iter().enumerate() {
            if items.is_empty() {
                continue;
            }
            if markdown {
                writeln!(out, "**{name}**\n")?;
            } else {
                writeln!(out, "  {name}")?;
            }
            for item in items {
                let text = item_line(kind, item, lang);
                if markdown {
                    writeln!(out, "- {}", value(&text, "  ").replace('|', "\\|"))?;
                } else {
                    out.write_all(line("    ", &text).as_bytes())?;
                }
            }
            if markdown {
                writeln!(out)?;
            }
        }
    }
    let sum = Totals::of(sections);
    let totals = format!("{} {}, {}", sum.units, w.units, tally(&w, sum.overdue, sum.due_soon, sum.stale));
    if markdown { writeln!(out, "\n**{}**: {totals}", w.total) } else { writeln!(out, "\n{}: {totals}", w.total) }
}

fn csv(out: &mut dyn Write, sections: &[Section]) -> std::io::Result<()> {
    out.write_all(
        csv_record(
            &["unit", "kind", "id", "role", "via", "recorded_for", "due", "original_due", "days", "status", "text"]
                .map(String::from),
        )
        .as_bytes(),
    )?;
    let key = |due: Option<Due>| due.map(|d| d.key()).unwrap_or_default();
    for section in sections {
        for (kind, items) in [("overdue", &section.overdue), ("due_soon", &section.due_soon), ("stale", &section.stale)]
        {
            for item in items {
                let record = csv_record(&[
                    section.unit.to_string(),
                    kind.to_string(),
                    item.id.to_string(),
                    item.role.key().to_string(),
                    item.via.unwrap_or_default().to_string(),
                    item.recorded_for.unwrap_or_default().to_string(),
                    key(item.due),
                    key(item.original_due),
                    item.days.map(|d| d.to_string()).unwrap_or_default(),
                    item.status.key().to_string(),
                    sanitize(&item.leaf.text),
                ]);
                out.write_all(record.as_bytes())?;
            }
        }
    }
    Ok(())
}
