//! The front page: totals, completion per group and per unit, the burn-up
//! chart and the overdue list, worst first.

use super::Site;
use super::cells::{self, leaf_link, unit_link};
use super::chart::{self, Burnup};
use super::layout::{filter, page as frame_page};
use crate::report::digest::Item;
use crate::report::tally::{self, Tally};
use maud::{Markup, html};
use std::collections::HashMap;

/// The index page.
pub fn page(site: &Site) -> Markup {
    let w = site.words;
    let l = site.lang.labels();
    let total = tally::total(&site.groups, l.total);
    let heading = site.checklist.config.checklist.title.as_str();
    let groups: Vec<(String, String)> = site.ledger.groups.iter().map(|g| (g.id.clone(), g.title.clone())).collect();
    let body = html! {
        section.totals-section aria-labelledby="totals" {
            h2 id="totals" { (w.totals) }
            (totals(site, &total))
        }
        section aria-labelledby="burnup" {
            h2 id="burnup" { (w.burnup) }
            (burnup(site, &total))
        }
        section.table aria-labelledby="by-group" {
            h2 id="by-group" { (w.by_group) }
            (group_table(site))
        }
        section.table aria-labelledby="by-unit" {
            h2 id="by-unit" { (w.by_unit) }
            (unit_table(site))
        }
        section.table aria-labelledby="overdue" {
            h2 id="overdue" { (w.overdue_list) }
            (filter(w, site.lang, &groups))
            (overdue_table(site))
        }
    };
    frame_page(&site.frame(""), heading, body)
}

/// The totals, each with an ID a script or a test can find: leaves by
/// rolled-up status as `summary` counts them, items as `overdue` counts them.
fn totals(site: &Site, total: &Tally) -> Markup {
    let w = site.words;
    let lang = site.lang;
    use crate::model::status::Status::*;
    let overdue_items: usize = site.digest.iter().map(|s| s.overdue.len()).sum();
    let due_soon: usize = site.digest.iter().map(|s| s.due_soon.len()).sum();
    let cells: [(&str, &str, usize); 10] = [
        ("total-leaves", w.leaves, total.total()),
        ("total-done", lang.status(Done), total.done),
        ("total-doing", lang.status(Doing), total.doing),
        ("total-blocked", lang.status(Blocked), total.blocked),
        ("total-todo", lang.status(Todo), total.todo),
        ("total-overdue", w.overdue_leaves, total.overdue),
        ("total-stale", w.stale_leaves, total.stale),
        ("total-overdue-items", w.overdue_items, overdue_items),
        ("total-due-soon", w.due_soon, due_soon),
        ("total-percent", w.completion, total.percent()),
    ];
    html! {
        dl.totals {
            @for (id, name, n) in cells {
                div {
                    dt { (name) }
                    dd id=(id) { (n) @if id == "total-percent" { "%" } }
                }
            }
        }
    }
}

fn burnup(site: &Site, total: &Tally) -> Markup {
    let w = site.words;
    let Some(start) = site.burnup.start else {
        return html! { p.note { (w.no_history) } };
    };
    let mut done = site.burnup.leaves.clone();
    // The last point is today's count, the one the totals show.
    if done.last().is_none_or(|p| p.1 != total.done || p.0 < site.today) {
        done.push((site.today.max(start), total.done));
    }
    let deadlines: Vec<_> = site.ledger.leaves.iter().filter_map(|l| cells::last_day(l.due_in_force)).collect();
    let chart = Burnup {
        id: "burnup-chart",
        title: w.burnup,
        start,
        end: site.today.max(start),
        done: &done,
        deadlines: &deadlines,
        total: total.total(),
    };
    chart::burnup(&chart, w, site.lang)
}

fn count_headers(site: &Site) -> Markup {
    let headers = site.lang.count_headers();
    html! {
        @for h in &headers[..6] { th.num scope="col" { (h) } }
        th scope="col" { (headers[6]) }
    }
}

fn count_cells(site: &Site, t: &Tally) -> Markup {
    html! {
        @for n in [t.done, t.doing, t.blocked, t.todo, t.overdue, t.stale] { td.num { (n) } }
        td { div.progress { (chart::status_bar(t, site.lang)) span.percent { (t.percent()) "%" } } }
    }
}

fn group_table(site: &Site) -> Markup {
    let l = site.lang.labels();
    html! {
        div.scroll {
            table id="groups" {
                caption { (site.words.by_group) }
                thead { tr {
                    th scope="col" { (l.group) }
                    th scope="col" { (l.text) }
                    th.num scope="col" { (l.leaves_header) }
                    (count_headers(site))
                } }
                tbody {
                    @for (g, t) in site.ledger.groups.iter().zip(&site.groups) {
                        tr data-group=(g.id) {
                            th scope="row" { (g.id) }
                            td { (g.title) }
                            td.num { (t.total()) }
                            (count_cells(site, t))
                        }
                    }
                }
            }
        }
    }
}

fn unit_table(site: &Site) -> Markup {
    let l = site.lang.labels();
    html! {
        div.scroll {
            table id="units" {
                caption { (site.words.by_unit) }
                thead { tr {
                    th scope="col" { (l.unit) }
                    th.num scope="col" { (l.lead) }
                    th.num scope="col" { (l.co) }
                    (count_headers(site))
                } }
                tbody {
                    @for t in &site.units {
                        tr data-units=(t.name) {
                            th scope="row" { (unit_link(site, &t.name, "")) }
                            td.num { (t.lead) }
                            td.num { (t.co) }
                            (count_cells(site, t))
                        }
                    }
                }
            }
        }
    }
}

/// Every overdue item of the digest: longest late first, then in the
/// checklist's order.
fn overdue_items<'a>(site: &'a Site) -> Vec<(&'a str, &'a Item<'a>)> {
    let order: HashMap<&str, usize> = site.ledger.leaves.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let mut items: Vec<(&str, &Item)> =
        site.digest.iter().flat_map(|s| s.overdue.iter().map(move |i| (s.unit, i))).collect();
    items.sort_by_cached_key(|(_, i)| (std::cmp::Reverse(i.days.unwrap_or(0)), order.get(i.id).copied().unwrap_or(0)));
    items
}

fn overdue_table(site: &Site) -> Markup {
    let w = site.words;
    let l = site.lang.labels();
    let mut items = overdue_items(site);
    if items.is_empty() {
        return html! { p.note { (w.nothing_overdue) } };
    }
    let all = items.len();
    items.truncate(site.max_rows);
    html! {
        @if items.len() < all {
            p.note.cut { (w.cut_overdue.replace("{shown}", &items.len().to_string()).replace("{all}", &all.to_string())) }
        }
        div.scroll {
            table.filterable id="overdue-list" {
                caption { (w.overdue_list) " (" (all) ")" }
                thead { tr {
                    th.num scope="col" { (w.days_late) }
                    th scope="col" { (l.id) }
                    th scope="col" { (l.unit) }
                    th scope="col" { (l.role) }
                    th scope="col" { (l.due) }
                    th scope="col" { (l.status) }
                    th scope="col" { (l.text) }
                } }
                tbody {
                    @for (unit, item) in &items {
                        tr data-units=(unit) data-status=(item.status.key()) data-group=(site.ledger.groups[item.leaf.group].id) {
                            td.num.late { (item.days.unwrap_or(0)) }
                            th scope="row" { (leaf_link(site, item.leaf, "")) }
                            td { (unit_link(site, unit, "")) }
                            td { (cells::role(site, item.role, item.via)) }
                            td { (cells::due(site, item.leaf, item.due)) }
                            td { (cells::status_of(site, item.status, item.recorded_for)) }
                            td { (item.leaf.text) }
                        }
                    }
                }
            }
        }
    }
}
