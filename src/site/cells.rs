//! Table cells several pages share: a role, a status, a deadline in force,
//! an obligation's entry, a link to a unit's or a leaf's page.

use super::Site;
use crate::model::due::Due;
use crate::model::ledger::{Leaf, Role};
use crate::model::obligation::Obligation;
use crate::model::status::Status;
use maud::{Markup, html};

/// A status, coloured by its class.
pub fn status(site: &Site, status: Status) -> Markup {
    html! { span class={ "status " (status.key()) } { (site.lang.status(status)) } }
}

/// A unit's status on a leaf, and the collective whose entry, recorded for
/// it as a whole, gives it.
pub fn status_of(site: &Site, state: Status, recorded_for: Option<&str>) -> Markup {
    let l = site.lang.labels();
    html! {
        (status(site, state))
        @if let Some(whole) = recorded_for { " (" (l.recorded_for.replace("{}", whole)) ")" }
    }
}

/// A unit's role on a leaf, and the collective it owes the leaf through.
pub fn role(site: &Site, role: Role, via: Option<&str>) -> Markup {
    let l = site.lang.labels();
    html! { (site.lang.role(role)) @if let Some(via) = via { " (" (l.via) " " (via) ")" } }
}

/// The deadline `in_force` for a unit on `leaf`: the notice's wording, or
/// the original and the extended one.
pub fn due(site: &Site, leaf: &Leaf, in_force: Option<Due>) -> String {
    let worded = site.lang.due(leaf.due, leaf.due_text.as_deref());
    match in_force.filter(|d| Some(*d) != leaf.due) {
        Some(new) => format!("{worded} → {}", new.key()),
        None => worded,
    }
}

/// An obligation's cells from its role to its days late: role, deadline in
/// force, status, and the date, note and evidence of its entry.
pub fn obligation(site: &Site, leaf: &Leaf, o: &Obligation) -> Markup {
    let entry = leaf.entry_of(o);
    html! {
        td { (role(site, o.role, o.via.as_deref())) }
        td { (due(site, leaf, o.due)) }
        td { (status_of(site, o.status, o.recorded_for.as_deref())) }
        td { @if let Some(date) = entry.and_then(|e| e.date) { (date) } }
        td { @if let Some(note) = entry.and_then(|e| e.note.as_deref()) { (note) } }
        td { @if let Some(e) = entry { (e.evidence.join("; ")) } }
        td.num { @if let Some(days) = o.days_late(site.today) { span.late { (days) } } }
    }
}

/// The last day of a deadline, for charts; none for standing duties.
pub fn last_day(due: Option<Due>) -> Option<chrono::NaiveDate> {
    due.and_then(|d| d.last_day())
}

/// A leaf's ID, linked to its page when pages are written for leaves.
pub fn leaf_link(site: &Site, leaf: &Leaf, root: &str) -> Markup {
    html! {
        @if site.leaf_pages {
            a href={ (root) "leaves/" (file_name(&leaf.id)) ".html" } { (leaf.id) }
        } @else {
            (leaf.id)
        }
    }
}

/// A unit's name, linked to its page.
pub fn unit_link(site: &Site, unit: &str, root: &str) -> Markup {
    html! {
        @match site.unit_page(unit) {
            Some(n) => a href={ (root) "units/" (n) ".html" } { (unit) },
            None => (unit),
        }
    }
}

/// A leaf ID as a file name: IDs are digits and dots, but a name never
/// leaves its folder whatever it holds.
pub fn file_name(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect()
}
