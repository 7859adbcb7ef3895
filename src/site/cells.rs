//! Table cells several pages share: a status, a deadline in force, a link
//! to a unit's or a leaf's page.

use super::Site;
use crate::model::due::Due;
use crate::model::ledger::Leaf;
use crate::model::obligation::Obligation;
use crate::model::status::Status;
use maud::{Markup, html};

/// A status, coloured by its class.
pub fn status(site: &Site, status: Status) -> Markup {
    html! { span class={ "status " (status.key()) } { (site.lang.status(status)) } }
}

/// The deadline in force for an obligation: the notice's wording, or the
/// original and the extended one.
pub fn due(site: &Site, leaf: &Leaf, o: &Obligation) -> String {
    match o.extended(leaf.due) {
        Some(new) => format!("{} → {}", site.lang.due(leaf.due, leaf.due_text.as_deref()), new.key()),
        None => site.lang.due(leaf.due, leaf.due_text.as_deref()),
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
