//! The progress website: a static, offline, self-contained set of HTML
//! pages built from the ledger and its git history, the same bytes for the
//! same inputs. Every number on it comes from the reports' own functions
//! (`tally` as in `summary`, `digest` as in `overdue`).

mod burnup;
mod cells;
mod chart;
mod index;
mod layout;
mod leaf;
mod unit;
mod words;

use crate::git::trail::{self, Event};
use crate::i18n::Lang;
use crate::model::ledger::{Leaf, Ledger};
use crate::model::obligation::Obligation;
use crate::model::obligation::Window;
use crate::report::digest::{Section, digest};
use crate::report::partial::LeftOut;
use crate::report::render::sanitize_owned;
use crate::report::tally::{self, Tally};
use crate::store::{self, Checklist, Limit, TASKS_DIR};
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use words::Words;

/// "Due soon" on the site: within this many days of the as-of date.
pub const WITHIN: i64 = 30;

/// One file of the site: its path inside the output folder and its text.
pub struct Page {
    pub path: String,
    pub html: String,
}

/// What a site is built from.
pub struct Input<'a> {
    pub checklist: &'a Checklist,
    pub ledger: &'a Ledger,
    /// The audit trail, oldest first; none without a git repository.
    pub history: Option<Vec<Event>>,
    pub today: NaiveDate,
    pub lang: Lang,
    /// Write one page per leaf.
    pub leaf_pages: bool,
    /// The most rows a long table lists (the overdue list, a unit's measures).
    pub max_rows: usize,
    /// The group files a `--keep-going` build left out: every page says so.
    pub left_out: &'a [LeftOut],
}

/// Everything the pages share, computed once.
pub struct Site<'a> {
    pub checklist: &'a Checklist,
    pub ledger: &'a Ledger,
    pub lang: Lang,
    pub words: &'static Words,
    pub today: NaiveDate,
    pub left_out: &'a [LeftOut],
    pub leaf_pages: bool,
    pub max_rows: usize,
    pub groups: Vec<Tally>,
    pub units: Vec<Tally>,
    pub digest: Vec<Section<'a>>,
    pub history: Option<&'a [Event]>,
    pub burnup: burnup::Burnup,
    /// Unit name → its page number (`units/N.html`).
    unit_pages: HashMap<String, usize>,
    /// By page number less one: the unit's obligations, in checklist order.
    owed: Vec<Vec<(&'a Leaf, &'a Obligation)>>,
}

impl Site<'_> {
    /// The number of a unit's page.
    pub fn unit_page(&self, unit: &str) -> Option<usize> {
        self.unit_pages.get(unit).copied()
    }

    /// The obligations of the unit on page `page`, in checklist order.
    pub fn owed(&self, page: usize) -> &[(&Leaf, &Obligation)] {
        &self.owed[page - 1]
    }

    /// The header every page shows, for a page `root` away from the index.
    pub fn frame<'s>(&'s self, root: &'s str) -> layout::Frame<'s> {
        let info = &self.checklist.config.checklist;
        layout::Frame {
            words: self.words,
            left_out: self.left_out,
            title: &info.title,
            number: info.number.as_deref(),
            as_of: self.today.to_string(),
            root,
        }
    }
}

/// The audit trail of the group files, when the checklist is in a git
/// repository with commits, and the number of file versions that could not
/// be read (their changes are missing from the charts and timelines).
pub fn read_history(root: &Path, checklist: &Checklist) -> Result<(Option<Vec<Event>>, usize)> {
    if !crate::git::is_repository(root) || !crate::git::has_commits(root) {
        return Ok((None, 0));
    }
    let limit = Limit::new(checklist.config.settings.max_file_mb)?;
    let (events, unreadable) = trail::read(root, &checklist.registry, None, &[TASKS_DIR], limit)?;
    Ok((Some(events), unreadable.len()))
}

/// Builds every page — the index, one per unit, and one per leaf when
/// asked — and hands each to `out` as soon as it is made, so that a large
/// site is never held in memory whole. Returns the number of pages.
pub fn build(input: &Input, out: &mut dyn FnMut(Page) -> Result<()>) -> Result<usize> {
    let (checklist, ledger) = (input.checklist, input.ledger);
    let staleness = checklist.config.staleness();
    let window = Window { today: input.today, within: WITHIN, staleness };
    let units = tally::by_unit(ledger, input.today, staleness);
    let unit_pages: HashMap<String, usize> = units.iter().enumerate().map(|(i, t)| (t.name.clone(), i + 1)).collect();
    let mut owed = vec![Vec::new(); units.len()];
    for leaf in &ledger.leaves {
        for o in &leaf.obligations {
            if let Some(page) = unit_pages.get(&*o.unit) {
                owed[page - 1].push((leaf, o));
            }
        }
    }
    let burnup = match &input.history {
        Some(events) => burnup::replay(ledger, &checklist.registry, events, input.today),
        None => burnup::Burnup::default(),
    };
    let site = Site {
        checklist,
        ledger,
        lang: input.lang,
        words: Words::of(input.lang),
        today: input.today,
        left_out: input.left_out,
        leaf_pages: input.leaf_pages,
        max_rows: input.max_rows,
        groups: tally::by_group(ledger, input.today, staleness),
        units,
        digest: digest(ledger, &checklist.registry, window, None),
        history: input.history.as_deref(),
        burnup,
        unit_pages,
        owed,
    };
    let mut out = |path: String, markup: maud::Markup| out(Page { path, html: sanitize_owned(markup.into_string()) });
    out("index.html".into(), index::page(&site))?;
    let mut count = 1;
    for (i, t) in site.units.iter().enumerate() {
        out(format!("units/{}.html", i + 1), unit::page(&site, t, site.owed(i + 1)))?;
        count += 1;
    }
    if site.leaf_pages {
        let timelines = leaf::timelines(site.history.unwrap_or_default());
        for l in &ledger.leaves {
            let events = timelines.get(l.id.as_str()).map(Vec::as_slice).unwrap_or_default();
            out(format!("leaves/{}.html", cells::file_name(&l.id)), leaf::page(&site, l, events))?;
            count += 1;
        }
    }
    Ok(count)
}

/// The folders of the site that hold only its own pages.
pub const PAGE_FOLDERS: [&str; 2] = ["units", "leaves"];

/// Removes the pages in `dir`'s page folders that this build did not write
/// (a unit or measure gone, or leaf pages no longer asked for), so that the
/// folder is the site and nothing else; other files are left alone.
pub fn prune(dir: &Path, written: &std::collections::HashSet<String>) -> Result<usize> {
    let mut removed = 0;
    for folder in PAGE_FOLDERS {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { continue };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{folder}/{name}");
            if name.ends_with(".html") && entry.file_type()?.is_file() && !written.contains(&path) {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        // An emptied folder goes too; one holding anything else stays.
        std::fs::remove_dir(dir.join(folder)).ok();
    }
    Ok(removed)
}

/// Writes a page under `dir`, the file whole or not at all.
pub fn write(dir: &Path, page: &Page) -> Result<()> {
    store::write_atomic(&dir.join(&page.path), &page.html)
}
