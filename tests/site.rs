//! `taizhang site` on the shipped checklist with a few recorded entries in
//! its git history, opened in a real headless Chromium: the pages show the
//! numbers `summary` and `overdue` give, the filter hides rows, text from
//! the files is shown as text, nothing is fetched from the network, and two
//! builds are the same bytes.
//!
//! These tests need Debian's `chromium` (`.ci/run` installs it); without
//! it they fail rather than pass unseen.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The date every report and the site are made for.
const AS_OF: &str = "2021-07-01";

/// A measure text no page may run as a script.
const HOSTILE: &str = "<script>alert(1)</script>";

/// The checklist in a git repository with history, and the site built
/// from it; made once for all tests.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn site(&self) -> PathBuf {
        self.path().join("public")
    }
}

fn git_env(cmd: &mut Command, who: &str, day: &str) {
    let date = format!("{day}T10:00:00+08:00");
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", who)
        .env("GIT_AUTHOR_EMAIL", "liaison@example.org")
        .env("GIT_COMMITTER_NAME", who)
        .env("GIT_COMMITTER_EMAIL", "liaison@example.org")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date);
}

fn git(dir: &Path, day: &str, args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).args(args);
    git_env(&mut cmd, "办公室", day);
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs taizhang in the fixture as of `day`, acting as a liaison.
fn taizhang(dir: &Path, day: &str, args: &[&str]) -> common::Run {
    let mut cmd = common::command(dir);
    cmd.args(args).env("TAIZHANG_TODAY", day);
    git_env(&mut cmd, "联络员", day);
    let out = cmd.output().unwrap();
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn ok(dir: &Path, day: &str, args: &[&str]) -> String {
    let r = taizhang(dir, day, args);
    assert_eq!(r.code, 0, "taizhang {args:?}: {}", r.stderr);
    r.stdout
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let fixture = Fixture { dir: common::shipped_checklist() };
        let dir = fixture.path();
        // A hostile measure text, as a careless or malicious edit could leave it.
        let path = dir.join("tasks/01.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let from = "纳入县乡党委书记抓基层党建工作述职评议考核内容。\"";
        assert!(text.contains(from));
        std::fs::write(
            &path,
            // And a right-to-left override (YAML's `\u202e`), which would reorder what follows.
            text.replacen(from, &format!("纳入县乡党委书记抓基层党建工作述职评议考核内容。{HOSTILE}\\u202e\""), 1),
        )
        .unwrap();
        git(dir, "2020-08-10", &["init", "-q", "-b", "main"]);
        git(dir, "2020-08-10", &["add", "-A"]);
        git(dir, "2020-08-10", &["commit", "-qm", "导入任务清单"]);
        let note = format!("已部署 {HOSTILE}");
        for (day, id, unit, status) in [
            ("2020-12-10", "2.1", "市司法局", "done"),
            ("2021-01-15", "17.3", "市中级法院", "doing"),
            ("2021-03-01", "5.4", "市司法局", "done"),
            ("2021-04-20", "17.6.1", "市中级法院", "done"),
            ("2021-05-10", "21.2", "市林业和园林局", "blocked"),
        ] {
            ok(dir, day, &["set", id, status, "--unit", unit, "--note", &note, "--commit"]);
        }
        ok(dir, AS_OF, &["site", "-o", "public", "--as-of", AS_OF]);
        fixture
    })
}

/// Debian's Chromium; the browser tests cannot run without it.
fn chromium() -> &'static str {
    let found = Command::new("chromium").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(found, "chromium is not installed: apt-get install -y chromium (.ci/run does this)");
    "chromium"
}

/// The DOM of `url` after its scripts ran, in a headless browser whose
/// every network request fails.
fn dump_dom(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--proxy-server=127.0.0.1:9"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .output()
        .unwrap();
    let dom = String::from_utf8(out.stdout).unwrap();
    assert!(dom.contains("</html>"), "no DOM for {url}: {}", String::from_utf8_lossy(&out.stderr));
    dom
}

fn file_url(path: &Path, fragment: &str) -> String {
    let mut url = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url + fragment
}

/// `#unit=…` with the value percent-encoded.
fn fragment(key: &str, value: &str) -> String {
    let encoded: String = value.bytes().map(|b| format!("%{b:02X}")).collect();
    format!("#{key}={encoded}")
}

/// The number in the element with this `id`.
fn number(dom: &str, id: &str) -> u64 {
    let start = dom.find(&format!("id=\"{id}\">")).unwrap_or_else(|| panic!("no #{id}")) + id.len() + 6;
    dom[start..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

/// The rows of the table with this `id`: (attributes of `<tr …>`, hidden).
fn rows<'a>(dom: &'a str, id: &str) -> Vec<(&'a str, bool)> {
    let start = dom.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no table #{id}"));
    let body = &dom[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr ")
        .skip(1)
        .map(|row| row.split('>').next().unwrap())
        .map(|attrs| (attrs, attrs.contains("hidden")))
        .collect()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, AS_OF, args)).unwrap()
}

#[test]
fn the_rendered_totals_are_those_of_summary_and_overdue() {
    let f = fixture();
    let dom = dump_dom(&file_url(&f.site().join("index.html"), ""));
    let summary = json(f.path(), &["summary", "--format", "json", "--as-of", AS_OF]);
    let total = &summary["total"];
    let count = |key: &str| total[key].as_u64().unwrap();
    assert_eq!(number(&dom, "total-done"), count("done"));
    assert_eq!(number(&dom, "total-doing"), count("doing"));
    assert_eq!(number(&dom, "total-blocked"), count("blocked"));
    assert_eq!(number(&dom, "total-todo"), count("todo"));
    assert_eq!(number(&dom, "total-overdue"), count("overdue"));
    assert_eq!(number(&dom, "total-stale"), count("stale"));
    assert_eq!(number(&dom, "total-leaves"), count("done") + count("doing") + count("blocked") + count("todo"));
    assert_eq!((count("done"), count("doing"), count("blocked")), (3, 1, 1), "the recorded entries count");
    let overdue = json(f.path(), &["overdue", "--format", "json", "--within", "30", "--as-of", AS_OF]);
    assert_eq!(number(&dom, "total-overdue-items"), overdue["totals"]["overdue"].as_u64().unwrap());
    assert_eq!(number(&dom, "total-due-soon"), overdue["totals"]["due_soon"].as_u64().unwrap());
    // One row per overdue item, longest late first.
    let items = rows(&dom, "overdue-list");
    assert_eq!(items.len() as u64, overdue["totals"]["overdue"].as_u64().unwrap());
    let days: Vec<u64> = dom
        .split("<td class=\"num late\">")
        .skip(1)
        .map(|cell| cell.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "not worst first: {days:?}");
    assert!(dom.contains(&format!("datetime=\"{AS_OF}\"")));
    // The per-group table has a row for each group `summary` lists.
    assert_eq!(rows(&dom, "groups").len(), summary["rows"].as_array().unwrap().len());
}

#[test]
fn the_burnup_chart_follows_the_history() {
    let f = fixture();
    let index = std::fs::read_to_string(f.site().join("index.html")).unwrap();
    assert!(index.contains("<svg"), "no chart");
    // The chart's data: the days of the done entries, counting up to today's total.
    for (day, done) in [("2020-12-10", 1), ("2021-03-01", 2), ("2021-04-20", 3)] {
        assert!(index.contains(&format!("<tr><td>{day}</td><td class=\"num\">{done}</td></tr>")), "{day} {done}");
    }
    assert!(index.contains("<title>完成时限 2020-12-31</title>"), "no deadline marker");
    let unit = std::fs::read_to_string(f.site().join("units/1.html")).unwrap();
    assert!(unit.contains("<svg"), "no chart on a unit's page");
    // A leaf's timeline: when, who, which commit, old → new.
    let leaf = std::fs::read_to_string(f.site().join("leaves/2.1.html")).unwrap();
    let timeline = &leaf[leaf.find("<ol class=\"timeline\">").expect("a timeline")..];
    assert!(timeline.contains(">2020-12-10</time> 联络员 <code>"), "{timeline}");
    assert!(timeline.contains("市司法局: - → 已完成 (2020-12-10)"), "{timeline}");
}

#[test]
fn the_filter_hides_rows_from_the_address_fragment() {
    let f = fixture();
    let index = f.site().join("index.html");
    let unit = "市委组织部";
    let dom = dump_dom(&file_url(&index, &fragment("unit", unit)));
    let items = rows(&dom, "overdue-list");
    let shown: Vec<&&str> = items.iter().filter(|(_, hidden)| !hidden).map(|(attrs, _)| attrs).collect();
    let overdue = json(f.path(), &["overdue", "--format", "json", "--unit", unit, "--as-of", AS_OF]);
    let expected = overdue["units"].as_array().unwrap().iter().find(|u| u["unit"] == unit).unwrap()["overdue"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(shown.len(), expected, "rows shown for {unit}");
    assert!(shown.iter().all(|attrs| attrs.contains(&format!("data-units=\"{unit}\""))));
    assert!(items.iter().filter(|(_, hidden)| *hidden).count() > 0, "nothing hidden");
    assert!(dom.contains(&format!("{expected} / {}", items.len())), "the count of rows shown");
    // By status on a unit's page, and by text.
    let page = f.site().join("units/1.html");
    let dom = dump_dom(&file_url(&page, "#status=done"));
    assert!(
        rows(&dom, "obligations-table").iter().all(|(attrs, hidden)| *hidden != attrs.contains("data-status=\"done\""))
    );
    let dom = dump_dom(&file_url(&index, &fragment("q", "alert(1)")));
    let items = rows(&dom, "overdue-list");
    let shown = items.iter().filter(|(_, hidden)| !hidden).count();
    assert!(shown >= 1 && shown < items.len(), "text filter: {shown} of {}", items.len());
}

#[test]
fn text_from_the_files_shows_as_text() {
    let f = fixture();
    let dom = dump_dom(&file_url(&f.site().join("leaves/1.1.html"), ""));
    assert!(dom.contains("考核内容。&lt;script&gt;alert(1)&lt;/script&gt;"), "the measure text is not shown as text");
    assert_eq!(dom.matches("<script").count(), 1, "only the page's own script runs");
    assert!(dom.contains("&lt;/script&gt;\\u{202e}"), "the override is not made visible");
    let dom = dump_dom(&file_url(&f.site().join("leaves/2.1.html"), ""));
    assert!(dom.contains("已部署 &lt;script&gt;alert(1)&lt;/script&gt;"), "the note is not shown as text");
    for file in files(&f.site()) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains(HOSTILE), "{} holds the raw script", file.display());
        assert!(!text.contains('\u{202e}'), "{} holds a raw bidi override", file.display());
    }
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn no_page_refers_to_the_network() {
    let f = fixture();
    let all = files(&f.site());
    assert!(all.len() > 100, "{} files", all.len());
    for file in &all {
        let text = std::fs::read_to_string(file).unwrap();
        for attr in ["src=", "href=", "url("] {
            for value in text.split(attr).skip(1) {
                let value = value.trim_start_matches(['"', '\'']);
                for bad in ["http:", "https:", "//", "ftp:", "data:"] {
                    assert!(!value.starts_with(bad), "{}: {attr}{}", file.display(), &value[..value.len().min(40)]);
                }
            }
        }
        assert!(!text.contains("@import"), "{}", file.display());
    }
}

#[test]
fn two_builds_are_the_same_bytes() {
    let f = fixture();
    let dir = f.path();
    let again = tempfile::tempdir().unwrap();
    let out = again.path().join("site");
    ok(dir, AS_OF, &["site", "-o", out.to_str().unwrap(), "--as-of", AS_OF]);
    let first = files(&f.site());
    let second = files(&out);
    let names = |list: &[PathBuf], root: &Path| -> Vec<PathBuf> {
        list.iter().map(|p| p.strip_prefix(root).unwrap().to_path_buf()).collect()
    };
    assert_eq!(names(&first, &f.site()), names(&second, &out));
    for (a, b) in first.iter().zip(&second) {
        assert!(std::fs::read(a).unwrap() == std::fs::read(b).unwrap(), "{} differs", a.display());
    }
}

#[test]
fn leaf_pages_can_be_left_out_and_english_is_offered() {
    let f = fixture();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("small");
    let r =
        taizhang(f.path(), AS_OF, &["site", "-o", site.to_str().unwrap(), "--max-leaf-pages", "10", "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("--max-leaf-pages 10"), "{}", r.stderr);
    assert!(!site.join("leaves").exists());
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<html lang=\"en\">") && index.contains("Measures done over time"));
    assert!(!index.contains("leaves/"), "links to pages that were not written");
    let none = out.path().join("none");
    ok(f.path(), AS_OF, &["site", "-o", none.to_str().unwrap()]);
    assert!(none.join("leaves/1.1.html").is_file());
    std::fs::write(none.join("units/notes.txt"), "kept").unwrap();
    ok(f.path(), AS_OF, &["site", "-o", none.to_str().unwrap(), "--no-leaf-pages"]);
    assert!(!none.join("leaves").exists(), "the pages of an earlier build are removed");
    assert!(none.join("units/1.html").exists() && none.join("units/notes.txt").exists());
}

#[test]
fn long_tables_are_cut_with_a_note_and_a_checklist_without_git_has_no_chart() {
    let f = fixture();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("cut");
    ok(f.path(), AS_OF, &["site", "-o", site.to_str().unwrap(), "--max-rows", "5", "--no-leaf-pages"]);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert_eq!(rows(&index, "overdue-list").len(), 5);
    assert!(index.contains("仅列出逾期最久的 5 项,共 "), "no note on the cut list");
    // The same checklist outside git: the pages say the chart cannot be drawn.
    let plain = common::shipped_checklist();
    let site = out.path().join("plain");
    ok(plain.path(), AS_OF, &["site", "-o", site.to_str().unwrap()]);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("<svg") && index.contains("没有 git 记录"), "chart without history");
    assert!(site.join("leaves/17.1.2.html").is_file());
}

#[test]
fn an_entry_whose_status_stops_reading_no_longer_counts_as_done() {
    let dir = common::shipped_checklist();
    let path = dir.path();
    git(path, "2020-08-10", &["init", "-q", "-b", "main"]);
    git(path, "2020-08-10", &["add", "-A"]);
    git(path, "2020-08-10", &["commit", "-qm", "导入任务清单"]);
    ok(path, "2020-12-10", &["set", "2.1", "done", "--unit", "市司法局", "--commit"]);
    // A hand edit leaves a status no one can read, and a later one mends it.
    let file = path.join("tasks/02.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("status: \"done\"", "status: \"finished\"", 1)).unwrap();
    git(path, "2021-01-05", &["commit", "-qam", "改"]);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("status: \"finished\"", "status: \"doing\"", 1)).unwrap();
    git(path, "2021-02-01", &["commit", "-qam", "再改"]);
    ok(path, "2021-03-01", &["site", "-o", "public", "--as-of", "2021-03-01"]);
    let index = std::fs::read_to_string(path.join("public/index.html")).unwrap();
    for (day, done) in [("2020-12-10", 1), ("2021-01-05", 0)] {
        assert!(index.contains(&format!("<tr><td>{day}</td><td class=\"num\">{done}</td></tr>")), "{day} {done}");
    }
}

#[test]
fn a_partial_site_says_so_and_keeps_the_pages_of_what_it_left_out() {
    let dir = common::shipped_checklist();
    let path = dir.path();
    ok(path, AS_OF, &["site", "-o", "public", "--as-of", AS_OF]);
    let page = path.join("public/leaves/2.1.html");
    assert!(page.exists());
    // Group 2 breaks: the build goes on without it, and says so.
    let file = path.join("tasks/02.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\"市司法局\"", "\"市司法厅\"", 1)).unwrap();
    let r = common::command(path)
        .args(["site", "-o", "public", "--as-of", AS_OF, "--keep-going"])
        .env("TAIZHANG_TODAY", AS_OF)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1), "{}", String::from_utf8_lossy(&r.stderr));
    for rel in ["index.html", "units/1.html", "leaves/1.1.html"] {
        let html = std::fs::read_to_string(path.join("public").join(rel)).unwrap();
        let notice = &html[html.find("<div class=\"partial\" role=\"alert\">").unwrap_or_else(|| panic!("{rel}"))..];
        assert!(notice.contains("tasks/02.yaml: 1 个问题"), "{rel}: {notice}");
    }
    assert!(page.exists(), "the page of a measure left out stays as the last complete build made it");
}
