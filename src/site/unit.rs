//! A unit's page: its counts, its completion over time, and every
//! obligation it has with role, deadline in force, status, note, evidence
//! and days late.

use super::Site;
use super::cells::{self, leaf_link};
use super::chart::{self, Burnup};
use super::layout::{filter, page as frame_page};
use crate::model::ledger::Leaf;
use crate::model::obligation::Obligation;
use crate::report::tally::Tally;
use maud::{Markup, html};

/// The page of the unit `t` names.
pub fn page(site: &Site, t: &Tally, owed: &[(&Leaf, &Obligation)]) -> Markup {
    let w = site.words;
    let l = site.lang.labels();
    let listed = &owed[..owed.len().min(site.max_rows)];
    let cut = w
        .cut_unit
        .replace("{shown}", &listed.len().to_string())
        .replace("{all}", &owed.len().to_string())
        .replace("{unit}", &t.name);
    let groups: Vec<(String, String)> = site.ledger.groups.iter().map(|g| (g.id.clone(), g.title.clone())).collect();
    let body = html! {
        section aria-labelledby="counts" {
            h2 id="counts" { (w.totals) }
            dl.totals {
                div { dt { (w.leaves) } dd id="unit-total" { (t.total()) } }
                div { dt { (l.lead) } dd { (t.lead) } }
                div { dt { (l.co) } dd { (t.co) } }
                @for status in super::chart::ORDER {
                    div { dt { (site.lang.status(status)) } dd { (t.count(status)) } }
                }
                div { dt { (l.overdue) } dd id="unit-overdue" { (t.overdue) } }
                div { dt { (l.stale) } dd { (t.stale) } }
            }
            (chart::status_bar(t, site.lang))
        }
        section aria-labelledby="unit-burnup" {
            h2 id="unit-burnup" { (w.unit_burnup) }
            (burnup(site, t, owed))
        }
        section.table aria-labelledby="obligations" {
            h2 id="obligations" { (w.obligations) }
            @if listed.len() < owed.len() { p.note.cut { (cut) } }
            (filter(w, site.lang, &groups))
            div.scroll {
                table.filterable id="obligations-table" {
                    caption { (w.obligations) " (" (owed.len()) ")" }
                    thead { tr {
                        th scope="col" { (l.id) }
                        th scope="col" { (l.text) }
                        th scope="col" { (l.role) }
                        th scope="col" { (l.due) }
                        th scope="col" { (l.status) }
                        th scope="col" { (l.date) }
                        th scope="col" { (l.note) }
                        th scope="col" { (l.evidence) }
                        th.num scope="col" { (w.days_late) }
                    } }
                    tbody {
                        @for (leaf, o) in listed {
                            (row(site, leaf, o))
                        }
                    }
                }
            }
        }
    };
    frame_page(&site.frame("../"), &t.name, body)
}

fn row(site: &Site, leaf: &Leaf, o: &Obligation) -> Markup {
    html! {
        tr data-units=(o.unit) data-status=(o.status.key()) data-group=(site.ledger.groups[leaf.group].id) {
            th scope="row" { (leaf_link(site, leaf, "../")) }
            td { (leaf.text) }
            (cells::obligation(site, leaf, o))
        }
    }
}

/// The unit's obligations done over time, ending at today's count.
fn burnup(site: &Site, t: &Tally, owed: &[(&Leaf, &Obligation)]) -> Markup {
    let Some(start) = site.burnup.start else {
        return html! { p.note { (site.words.no_history) } };
    };
    let mut done = site.burnup.units.get(t.name.as_str()).cloned().unwrap_or_default();
    if done.last().is_none_or(|p| p.1 != t.done || p.0 < site.today) {
        done.push((site.today.max(start), t.done));
    }
    let deadlines: Vec<_> = owed.iter().filter_map(|(_, o)| cells::last_day(o.due)).collect();
    let chart = Burnup {
        id: "unit-chart",
        title: site.words.unit_burnup,
        start,
        end: site.today.max(start),
        done: &done,
        deadlines: &deadlines,
        total: owed.len(),
    };
    chart::burnup(&chart, site.words, site.lang)
}
