//! `taizhang overdue`: the weekly digest, as text for mail, Markdown, JSON
//! or CSV.

use super::{Context, load_report};
use crate::cli::{DigestFormat, DigestOrder, OverdueArgs};
use crate::i18n::Lang;
use crate::model::due::Due;
use crate::model::obligation::Window;
use crate::report::digest::{Item, Section, digest, most_behind, worst_first};
use crate::report::filter::resolve_unit;
use crate::report::partial::LeftOut;
use crate::report::render::{columns, csv_record, line, sanitize, sanitize_owned, value};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &OverdueArgs, out: &mut dyn Write) -> Result<u8> {
    let report = load_report(ctx, args.keep_going)?;
    let (checklist, ledger) = (report.checklist, report.ledger);
    let unit = args.unit.as_deref().map(|u| resolve_unit(&checklist.registry, u)).transpose()?;
    let window = Window { today: ctx.today, within: i64::from(args.within), staleness: checklist.config.staleness() };
    let mut sections = digest(ledger, &checklist.registry, window, unit);
    if args.sort == DigestOrder::Worst {
        worst_first(&mut sections);
    }
    let lang = ctx.lang(checklist);
    let info = &checklist.config.checklist;
    let title = match &info.number {
        Some(number) => format!("{} ({number})", info.title),
        None => info.title.clone(),
    };
    let layout = |markdown| Layout { lang, markdown, stale_details: args.stale_details };
    match args.format {
        DigestFormat::Text => {
            out.write_all(report.notice(false).as_bytes())?;
            render(out, &sections, &title, window, &layout(false))?;
        }
        DigestFormat::Md => {
            out.write_all(report.notice(true).as_bytes())?;
            render(out, &sections, &title, window, &layout(true))?;
        }
        DigestFormat::Json => {
            let incomplete = !report.left_out.is_empty();
            let digest = DigestJson {
                as_of: ctx.today.to_string(),
                within: args.within,
                stale_days: window.staleness.days,
                units: &sections,
                totals: Totals::of(&sections),
                most_behind: most_behind(&sections, 5)
                    .into_iter()
                    .map(|s| Behind { unit: s.unit, overdue: s.overdue.len(), most_days_late: s.most_days_late() })
                    .collect(),
                incomplete: incomplete.then_some(true),
                left_out: incomplete.then_some(&report.left_out),
            };
            crate::report::render::write_json(&mut *out, &digest)?;
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
    /// The five units with the most overdue items, worst first.
    most_behind: Vec<Behind<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    left_out: Option<&'a Vec<LeftOut>>,
}

#[derive(Serialize)]
struct Behind<'a> {
    unit: &'a str,
    overdue: usize,
    most_days_late: i64,
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
    units: &'static str,
    as_of: &'static str,
    most_behind: &'static str,
    nothing: &'static str,
    compacted: &'static str,
}

fn words(lang: Lang, window: Window) -> Words {
    match lang {
        Lang::Zh => Words {
            heading: "逾期周报",
            overdue: "逾期",
            due_soon: format!("{} 天内到期", window.within),
            stale: format!("长期未更新 ({} 天无进展)", window.staleness.days),
            units: "个单位",
            as_of: "截至",
            most_behind: "逾期最多的单位",
            nothing: "没有逾期、即将到期或长期未更新的事项。",
            compacted: "从未记录进展的长期坚持事项按单位合并为一行;--stale-details 逐项列出。",
        },
        Lang::En => Words {
            heading: "Overdue digest",
            overdue: "Overdue",
            due_soon: format!("Due within {} days", window.within),
            stale: format!("Stale ({} days without progress)", window.staleness.days),
            units: "units",
            as_of: "As of",
            most_behind: "Most behind",
            nothing: "Nothing is overdue, due soon or stale.",
            compacted: "Standing duties never reported on are one line per unit; --stale-details lists them.",
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

/// One item as cells: ID, lateness, deadline, role, status, text.
fn item_cells(kind: usize, item: &Item, lang: Lang) -> Vec<String> {
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
    [
        item.id.to_string(),
        days(kind, item, lang),
        due,
        role,
        status,
        crate::report::render::excerpt(&item.leaf.text, 30),
    ]
    .map(sanitize_owned)
    .into()
}

/// `从未记录 3 项: 15.1、17.2.1、17.7`: a unit's standing duties never
/// reported on, in one line.
fn never_reported(items: &[&Item], lang: Lang) -> String {
    let ids: Vec<&str> = items.iter().map(|i| i.id).collect();
    match lang {
        Lang::Zh => format!("从未记录 {} 项: {}", ids.len(), ids.join("、")),
        Lang::En => format!("never recorded: {} ({})", ids.len(), ids.join(", ")),
    }
}

/// `逾期 10 项, 最多逾期 4 天` / `10 overdue, up to 4 days late`.
fn how_far_behind(section: &Section, lang: Lang) -> String {
    let (count, most) = (section.overdue.len(), section.most_days_late());
    match lang {
        Lang::Zh => format!("逾期 {count} 项, 最多逾期 {most} 天"),
        Lang::En => format!("{count} overdue, up to {most} day{} late", if most == 1 { "" } else { "s" }),
    }
}

/// `逾期 3, 14 天内到期 1, 长期未更新 2`.
fn tally(w: &Words, overdue: usize, due_soon: usize, stale: usize) -> String {
    let stale_name = w.stale.split(" (").next().unwrap_or_default();
    format!("{} {overdue}, {} {due_soon}, {stale_name} {stale}", w.overdue, w.due_soon)
}

fn counts(section: &Section, w: &Words) -> String {
    tally(w, section.overdue.len(), section.due_soon.len(), section.stale.len())
}

/// How the digest is laid out.
struct Layout {
    lang: Lang,
    markdown: bool,
    /// Every never-reported standing duty on a line of its own.
    stale_details: bool,
}

/// The digest as plain text for mail, or as Markdown for a web view: the
/// totals and the units most behind first, then each unit's part.
fn render(
    out: &mut dyn Write,
    sections: &[Section],
    title: &str,
    window: Window,
    layout: &Layout,
) -> std::io::Result<()> {
    let (lang, markdown) = (layout.lang, layout.markdown);
    let w = words(lang, window);
    if markdown {
        write!(out, "## {} {}\n\n{}", w.heading, window.today, line("", title))?;
    } else {
        write!(out, "{}  {}\n{}", w.heading, window.today, line("", title))?;
    }
    if sections.is_empty() {
        return writeln!(out, "\n{}", w.nothing);
    }
    let sum = Totals::of(sections);
    let totals = format!(
        "{} {}: {} {}, {}",
        w.as_of,
        window.today,
        sum.units,
        w.units,
        tally(&w, sum.overdue, sum.due_soon, sum.stale)
    );
    let behind = most_behind(sections, 5);
    if markdown {
        writeln!(out, "\n{totals}\n")?;
        if !behind.is_empty() {
            writeln!(out, "**{}**\n", w.most_behind)?;
            for (rank, section) in (1..).zip(&behind) {
                writeln!(out, "{rank}. {}: {}", value(section.unit, "   "), how_far_behind(section, lang))?;
            }
        }
    } else {
        writeln!(out, "\n{totals}")?;
        if !behind.is_empty() {
            writeln!(out, "{}:", w.most_behind)?;
            let rows: Vec<Vec<String>> =
                behind.iter().map(|s| vec![sanitize(s.unit).into_owned(), how_far_behind(s, lang)]).collect();
            for row in columns(&rows) {
                out.write_all(line("  ", &row).as_bytes())?;
            }
        }
    }
    let mut compacted = false;
    for section in sections {
        let counts = counts(section, &w);
        if markdown {
            writeln!(out, "\n### {}\n\n{counts}", value(section.unit, ""))?;
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
            // Standing duties never reported on: one line for the unit.
            let (never, listed): (Vec<&Item>, Vec<&Item>) =
                items.iter().partition(|i| kind == 2 && i.days.is_none() && !layout.stale_details);
            compacted |= !never.is_empty();
            let rows: Vec<Vec<String>> = listed.iter().map(|item| item_cells(kind, item, lang)).collect();
            if markdown {
                writeln!(out, "\n**{name}**\n")?;
                for row in &rows {
                    let cells: Vec<&str> = row.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
                    writeln!(out, "- {}", value(&cells.join("  "), "  ").replace('|', "\\|"))?;
                }
                if !never.is_empty() {
                    writeln!(out, "- {}", value(&never_reported(&never, lang), "  "))?;
                }
            } else {
                writeln!(out, "  {name}")?;
                for row in columns(&rows) {
                    out.write_all(line("    ", &row).as_bytes())?;
                }
                if !never.is_empty() {
                    out.write_all(line("    ", &never_reported(&never, lang)).as_bytes())?;
                }
            }
        }
    }
    if compacted {
        writeln!(out, "\n{}", w.compacted)?;
    }
    Ok(())
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
                    sanitize(&item.leaf.text).into_owned(),
                ]);
                out.write_all(record.as_bytes())?;
            }
        }
    }
    Ok(())
}
