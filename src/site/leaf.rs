//! A leaf's page: its text, units and their progress, extensions, the
//! indicators of its group, and its history from git.

use super::Site;
use super::cells::{self, unit_link};
use super::layout::page as frame_page;
use crate::git::audit::{Aspect, State};
use crate::git::trail::Event;
use crate::model::ledger::Leaf;
use crate::model::status::Status;
use crate::store::layout::number;
use maud::{Markup, html};
use std::collections::HashMap;

/// The events of each leaf, oldest first; a file's creation is its import,
/// not a change of its leaves.
pub fn timelines(events: &[Event]) -> HashMap<&str, Vec<&Event>> {
    let mut by_leaf: HashMap<&str, Vec<&Event>> = HashMap::new();
    for e in events.iter().filter(|e| e.change.key.aspect != Aspect::File) {
        by_leaf.entry(&e.change.key.id).or_default().push(e);
    }
    by_leaf
}

/// The page of `leaf`.
pub fn page(site: &Site, leaf: &Leaf, events: &[&Event]) -> Markup {
    let w = site.words;
    let l = site.lang.labels();
    let group = &site.ledger.groups[leaf.group];
    let indicators: Vec<_> = site.ledger.indicators.iter().filter(|i| i.group == leaf.group).collect();
    let heading = format!("{} {}", leaf.id, crate::report::render::excerpt(&leaf.text, 24));
    let body = html! {
        section aria-labelledby="measure" {
            h2 id="measure" { (l.measure) " " (leaf.id) }
            dl.facts {
                dt { (l.group) } dd { (group.id) " " (group.title) }
                @for context in &leaf.context { dt { (w.context) } dd { (context) } }
                dt { (l.text) } dd id="leaf-text" { (leaf.text) }
                @if let Some(assignment) = &leaf.assignment { dt { (l.units) } dd { (assignment) } }
                @if !leaf.persons.is_empty() { dt { (l.persons) } dd { (leaf.persons.join("、")) } }
                dt { (l.due) } dd { (site.lang.due(leaf.due, leaf.due_text.as_deref())) }
                dt { (l.status) } dd { (cells::status(site, leaf.status)) }
            }
        }
        section.table aria-labelledby="progress" {
            h2 id="progress" { (l.progress) }
            div.scroll { table {
                caption { (l.progress) }
                thead { tr {
                    th scope="col" { (l.unit) } th scope="col" { (l.role) } th scope="col" { (l.due) }
                    th scope="col" { (l.status) } th scope="col" { (l.date) } th scope="col" { (l.note) }
                    th scope="col" { (l.evidence) } th.num scope="col" { (w.days_late) }
                } }
                tbody {
                    @for o in &leaf.obligations {
                        tr {
                            th scope="row" { (unit_link(site, &o.unit, "../")) }
                            (cells::obligation(site, leaf, o))
                        }
                    }
                }
            } }
        }
        @if !leaf.extensions.is_empty() {
            section.table aria-labelledby="extensions" {
                h2 id="extensions" { (w.extensions) }
                div.scroll { table {
                    caption { (w.extensions) }
                    thead { tr {
                        th scope="col" { (l.unit) } th scope="col" { (l.extended_to) } th scope="col" { (w.reason) }
                        th scope="col" { (w.approval) } th scope="col" { (l.date) }
                    } }
                    tbody { @for e in &leaf.extensions { tr {
                        td { @match &e.unit { Some(u) => (u.canonical), None => (l.all_units) } }
                        td { (e.to.key()) } td { (e.reason) }
                        td { @if let Some(a) = &e.approval { (a) } }
                        td { @if let Some(d) = e.date { (d) } }
                    } } }
                } }
            }
        }
        @if !indicators.is_empty() {
            section.table aria-labelledby="indicators" {
                h2 id="indicators" { (w.indicators) }
                div.scroll { table {
                    caption { (w.indicators) }
                    thead { tr {
                        th scope="col" { (l.indicator) } th scope="col" { (l.target_value) } th scope="col" { (l.period) }
                        th scope="col" { (l.unit) } th.num scope="col" { (l.actual) } th scope="col" { (l.date) }
                    } }
                    tbody { @for i in &indicators {
                        @let target = format!("{} {}{}", i.comparator.symbol(), number(i.value), i.unit.as_deref().unwrap_or(""));
                        @if i.actuals.is_empty() {
                            tr { th scope="row" { (i.id) " " (i.name) } td { (target) } td {} td {} td.num { (l.no_data) } td {} }
                        }
                        @for a in &i.actuals {
                            tr {
                                th scope="row" { (i.id) " " (i.name) } td { (target) } td { (a.period.key()) }
                                td { @match &a.unit { Some(u) => (u.canonical), None => (l.all_units) } }
                                td.num { (number(a.value)) } td { @if let Some(d) = a.date { (d) } }
                            }
                        }
                    } }
                } }
            }
        }
        section aria-labelledby="timeline" {
            h2 id="timeline" { (w.timeline) }
            @if events.is_empty() {
                p.note { (w.no_changes) }
            } @else {
                ol.timeline {
                    @for e in events {
                        li {
                            time datetime=(e.date) { (e.date.get(..10).unwrap_or(&e.date)) } " "
                            (e.author) " "
                            code { (e.commit.get(..8).unwrap_or(&e.commit)) } " "
                            (describe(site, e))
                        }
                    }
                }
            }
        }
    };
    frame_page(&site.frame("../"), &heading, body)
}

/// `市司法局: 未开始 → 已完成 (2021-03-01)` and the like, in the page's language.
fn describe(site: &Site, e: &Event) -> String {
    let lang = site.lang;
    let l = lang.labels();
    let state = |s: &Option<State>| match s {
        None => "-".to_string(),
        Some(State::Progress(p)) => {
            let status = Status::parse(&p.status).map_or(p.status.as_str(), |s| lang.status(s));
            match &p.date {
                Some(d) => format!("{status} ({d})"),
                None => status.to_string(),
            }
        }
        Some(State::Deadline { due, due_text }) => due.clone().or(due_text.clone()).unwrap_or_else(|| "-".into()),
        Some(State::Extensions(list)) => list.iter().map(|x| x.to.clone()).collect::<Vec<_>>().join(", "),
        Some(State::Text(t)) => crate::report::render::excerpt(t, 30),
        Some(State::Actual(a)) => format!("{} {}", a.period, a.value),
    };
    let detail = &*e.change.key.detail;
    let what = match e.change.key.aspect {
        Aspect::Progress => detail.to_string(),
        Aspect::Deadline => l.due.to_string(),
        Aspect::Extensions => site.words.extensions.to_string(),
        Aspect::Actual => format!("{} {detail}", l.actual),
        _ => detail.to_string(),
    };
    format!("{what}: {} → {}", state(&e.change.old), state(&e.change.new))
}
