//! Charts drawn by the tool itself: stacked status bars (HTML) and the
//! burn-up chart (inline SVG), each with a text alternative.

use super::burnup::Series;
use super::words::Words;
use crate::i18n::Lang;
use crate::model::status::Status;
use crate::report::tally::Tally;
use chrono::NaiveDate;
use maud::{Markup, html};

/// The statuses in the order a bar shows them.
pub const ORDER: [Status; 4] = [Status::Done, Status::Doing, Status::Blocked, Status::Todo];

/// A horizontal bar split by status, with its counts as its label.
pub fn status_bar(t: &Tally, lang: Lang) -> Markup {
    let total = t.total().max(1);
    let label: Vec<String> = ORDER.iter().map(|&s| format!("{} {}", lang.status(s), t.count(s))).collect();
    html! {
        div.bar role="img" aria-label=(label.join(", ")) {
            @for status in ORDER {
                @let n = t.count(status);
                @if n > 0 {
                    span class={ "seg " (status.key()) } style={ "width:" (percent(n, total)) } title={ (lang.status(status)) " " (n) } {}
                }
            }
        }
    }
}

/// `n` of `total` as a CSS percentage with one decimal.
fn percent(n: usize, total: usize) -> String {
    format!("{:.1}%", n as f64 * 100.0 / total as f64)
}

const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// What a burn-up chart shows.
pub struct Burnup<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Done over time; the last point is the count on `end`.
    pub done: &'a Series,
    /// The last day of every deadline of the items counted, one per item.
    pub deadlines: &'a [NaiveDate],
    /// The number of items counted: the top of the chart.
    pub total: usize,
}

/// The burn-up chart: done over time against what was due by then, with
/// a tick on the time axis at each deadline, and its data as a table.
pub fn burnup(chart: &Burnup, words: &Words, lang: Lang) -> Markup {
    let span = (chart.end - chart.start).num_days().max(1) as f64;
    let x = |d: NaiveDate| {
        LEFT + ((d - chart.start).num_days().clamp(0, span as i64) as f64 / span) * (WIDTH - LEFT - RIGHT)
    };
    let top = chart.total.max(1) as f64;
    let y = |n: usize| TOP + (1.0 - n as f64 / top) * (HEIGHT - TOP - BOTTOM);
    let mut due: Vec<NaiveDate> = chart.deadlines.iter().copied().filter(|d| *d <= chart.end).collect();
    due.sort();
    let mut due_series: Series = Vec::new();
    let mut before = 0;
    for (i, d) in due.iter().enumerate() {
        if *d < chart.start {
            before = i + 1;
            continue;
        }
        super::burnup::push(&mut due_series, *d, i + 1);
    }
    // One point per day already: the ticks are those days.
    let ticks: Vec<NaiveDate> = due_series.iter().map(|p| p.0).collect();
    let title_id = format!("{}-title", chart.id);
    let desc_id = format!("{}-desc", chart.id);
    let last_done = chart.done.last().map_or(0, |p| p.1);
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-labelledby={ (title_id) " " (desc_id) } {
                title id=(title_id) { (chart.title) }
                desc id=(desc_id) { (words.burnup_alt) ": " (chart.start) " – " (chart.end) ", " (words.done_line) " " (last_done) " / " (chart.total) }
                line.axis x1=(LEFT) y1=(y(0)) x2=(WIDTH - RIGHT) y2=(y(0)) {}
                line.axis x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(y(0)) {}
                text.label x=(LEFT - 6.0) y=(y(chart.total) + 4.0) text-anchor="end" { (chart.total) }
                text.label x=(LEFT - 6.0) y=(y(0) + 4.0) text-anchor="end" { "0" }
                text.label x=(LEFT) y=(HEIGHT - 8.0) text-anchor="start" { (chart.start) }
                text.label x=(WIDTH - RIGHT) y=(HEIGHT - 8.0) text-anchor="end" { (chart.end) }
                @for d in &ticks {
                    line.tick x1=(fmt(x(*d))) y1=(y(0)) x2=(fmt(x(*d))) y2=(y(0) + 8.0) {
                        title { (words.deadline_marker) " " (d) }
                    }
                }
                path.due d=(step(&due_series, before, chart, &x, &y)) {}
                path.done d=(step(chart.done, 0, chart, &x, &y)) {}
            }
            figcaption {
                span.key.done-key { (words.done_line) } " "
                span.key.due-key { (words.due_line) }
            }
            details {
                summary { (words.chart_data) }
                table {
                    caption { (chart.title) }
                    thead { tr { th scope="col" { (lang.labels().date) } th scope="col" { (words.done_line) } } }
                    tbody {
                        @for (d, n) in chart.done.iter() {
                            tr { td { (d) } td.num { (n) } }
                        }
                    }
                }
            }
        }
    }
}

/// A step line through `series`, from `initial` at the start to the end.
fn step(
    series: &Series,
    initial: usize,
    chart: &Burnup,
    x: &dyn Fn(NaiveDate) -> f64,
    y: &dyn Fn(usize) -> f64,
) -> String {
    let mut d = format!("M{} {}", fmt(x(chart.start)), fmt(y(initial)));
    for (day, n) in series.iter().filter(|(day, _)| *day >= chart.start && *day <= chart.end) {
        d.push_str(&format!(" H{} V{}", fmt(x(*day)), fmt(y(*n))));
    }
    d.push_str(&format!(" H{}", fmt(x(chart.end))));
    d
}

/// A coordinate with one decimal: the same text on every machine.
fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
