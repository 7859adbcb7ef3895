//! The frame every page shares: head, inline style sheet and script, the
//! header with the checklist's title, and the filter form over tables.
//! Nothing is fetched: no external style sheet, font, script or image.

use super::words::Words;
use crate::i18n::Lang;
use crate::model::status::Status;
use crate::report::partial::{self, LeftOut};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// What the header of every page shows.
pub struct Frame<'a> {
    pub words: &'a Words,
    /// The group files a partial build left out, named at the top.
    pub left_out: &'a [LeftOut],
    /// The checklist's title and 文号.
    pub title: &'a str,
    pub number: Option<&'a str>,
    pub as_of: String,
    /// From this page to the site's root: `""` or `"../"`.
    pub root: &'a str,
}

/// A whole page: `heading` names it, `body` is its content.
pub fn page(frame: &Frame, heading: &str, body: Markup) -> Markup {
    let w = frame.words;
    html! {
        (DOCTYPE)
        html lang=(w.html_lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (heading) " · " (frame.title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    @if frame.root.is_empty() {
                        h1 { (heading) }
                        @if let Some(number) = frame.number { p.number { (number) } }
                    } @else {
                        p.crumbs { a href={ (frame.root) "index.html" } { (w.home) } }
                        p.checklist {
                            a href={ (frame.root) "index.html" } { (frame.title) }
                            @if let Some(number) = frame.number { " " span.number { (number) } }
                        }
                        h1 { (heading) }
                    }
                    p.asof { (w.as_of) " " time id="as-of" datetime=(frame.as_of) { (frame.as_of) } }
                    @if !frame.left_out.is_empty() {
                        div.partial role="alert" {
                            @for line in partial::notice(frame.left_out, false).lines().filter(|l| !l.is_empty()) {
                                p { (line.trim_start()) }
                            }
                        }
                    }
                }
                main { (body) }
                footer { (w.generated_by) }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}

/// The filter over the tables of a page with class `filterable`: by text,
/// status, unit and group. The same fields can be given in the address's
/// fragment (`#q=…&status=done&unit=…&group=3`), so a filtered view can be
/// linked and bookmarked, from a web server or from `file://`.
pub fn filter(words: &Words, lang: Lang, groups: &[(String, String)]) -> Markup {
    let l = lang.labels();
    html! {
        form.filter role="search" aria-label=(words.search) {
            label { (words.search) " " input type="search" name="q"; }
            label { (l.status) " "
                select name="status" {
                    option value="" { (words.any) }
                    @for s in Status::ALL { option value=(s.key()) { (lang.status(s)) } }
                }
            }
            label { (l.unit) " " input type="text" name="unit"; }
            @if !groups.is_empty() {
                label { (l.group) " "
                    select name="group" {
                        option value="" { (words.any) }
                        @for (id, title) in groups { option value=(id) { (id) " " (crate::report::render::excerpt(title, 16)) } }
                    }
                }
            }
            output.count aria-live="polite" {}
            span.shown { (words.shown) }
        }
    }
}

/// The style sheet: system fonts that cover Chinese, bars and charts,
/// tables that scroll sideways on a phone, and A4 print pages.
const STYLE: &str = r#"
:root{--done:#1a7f37;--doing:#0969da;--blocked:#b3261e;--todo:#8c959f;--ink:#1f2328;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem;color:var(--ink);background:#fff;line-height:1.5;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
a{color:#0550ae}
header .checklist{font-size:1.1rem;margin:.2rem 0}
header .number,.asof,.crumbs,footer{color:var(--muted)}
.partial{border:1px solid var(--blocked);padding:.25rem 1rem;margin:.5rem 0}
h1{font-size:1.5rem;margin:.3rem 0}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line)}
.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;margin:0}
.totals div{border:1px solid var(--line);border-radius:6px;padding:.4rem .6rem}
.totals dt{color:var(--muted);font-size:.85rem}
.totals dd{margin:0;font-size:1.6rem;font-weight:600}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:flex;min-width:8rem;height:1rem;background:#eaeef2;border-radius:3px;overflow:hidden}
.seg{display:block;height:100%}
.progress{display:flex;gap:.4rem;align-items:center}.progress .bar{flex:1}.percent{min-width:3em;text-align:right;font-variant-numeric:tabular-nums}
.seg.done{background:var(--done)}.seg.doing{background:var(--doing)}.seg.blocked{background:var(--blocked)}.seg.todo{background:var(--todo)}
.status{white-space:nowrap}.status.done{color:var(--done)}.status.doing{color:var(--doing)}.status.blocked{color:var(--blocked)}
.late{color:var(--blocked);font-weight:600}
.chart svg{width:100%;height:auto;max-height:22rem}
.chart .axis{stroke:var(--ink)}.chart .tick{stroke:var(--blocked);stroke-width:1.5}
.chart .done{fill:none;stroke:var(--done);stroke-width:2.5}.chart .due{fill:none;stroke:var(--muted);stroke-dasharray:5 4;stroke-width:1.5}
.chart .label{font-size:12px;fill:var(--muted)}
.key::before{content:"";display:inline-block;width:1.5em;height:0;margin-right:.3em;vertical-align:middle}
.done-key::before{border-top:3px solid var(--done)}.due-key::before{border-top:2px dashed var(--muted)}
.filter{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0;padding:.5rem;background:#f6f8fa;border-radius:6px}
.filter input,.filter select{font:inherit;padding:.15rem .3rem;max-width:100%}.filter label{max-width:100%}
ol.timeline{padding-left:1.2rem}
footer{margin-top:3rem;font-size:.85rem}
figure{margin:1rem 0}
@media (max-width:40rem){body{padding:.5rem}h1{font-size:1.25rem}th,td{padding:.25rem}.scroll table{min-width:40rem}}
@page{size:A4;margin:15mm}
@media print{body{max-width:none;padding:0;font-size:10pt}.filter,footer,.crumbs,details{display:none}
section.table{break-before:page}thead{display:table-header-group}tr{break-inside:avoid}a{color:inherit;text-decoration:none}
.seg{print-color-adjust:exact;-webkit-print-color-adjust:exact}.scroll{overflow:visible}}
"#;

/// The filter: reads the form (and, on load, the address's fragment), hides
/// the rows that do not match, and keeps the fragment in step.
const SCRIPT: &str = r#"
(function(){
var form=document.querySelector('form.filter');if(!form)return;
var fields=['q','status','unit','group'];
function low(s){return (s||'').toLowerCase();}
function apply(){
var f={};fields.forEach(function(k){var e=form.elements[k];f[k]=e?e.value.trim():'';});
var shown=0,all=0;
document.querySelectorAll('table.filterable tbody tr').forEach(function(tr){
var ok=(!f.q||low(tr.textContent).indexOf(low(f.q))>=0)
&&(!f.status||tr.getAttribute('data-status')===f.status)
&&(!f.unit||('|'+(tr.getAttribute('data-units')||'')+'|').indexOf('|'+f.unit+'|')>=0)
&&(!f.group||tr.getAttribute('data-group')===f.group);
tr.hidden=!ok;all++;if(ok)shown++;});
form.querySelector('output.count').textContent=shown+' / '+all;
var p=new URLSearchParams();fields.forEach(function(k){if(f[k])p.set(k,f[k]);});
var h=p.toString();
try{history.replaceState(null,'',h?'#'+h:location.pathname+location.search);}catch(e){}
}
var start=new URLSearchParams(location.hash.slice(1));
fields.forEach(function(k){var e=form.elements[k];if(e&&start.has(k))e.value=start.get(k);});
form.addEventListener('input',apply);form.addEventListener('change',apply);
form.addEventListener('submit',function(e){e.preventDefault();apply();});
apply();
})();
"#;
