//! The README's tour is what the tool prints: every command in a
//! `console` block runs (through `sh`, as typed, with the binary on PATH)
//! and its output is compared with the lines under it. A line `…` stands
//! for any number of lines left out.
//!
//! The commands run where a reader would run them: read-only ones in a
//! clone of this repository, `import` in a fresh folder, and the commands
//! that write (`export`, `record`, `set`, `extend`) in copies of the
//! shipped checklist, the last three in a git repository whose branch
//! `gzw` then goes through `history` and `review`. The round of
//! spreadsheet forms runs in a repository of its own, with the forms of
//! 夷陵区 and 市司法局 filled in by another writer before each `collect`.
//!
//! To rewrite the README's outputs after reading the differences:
//! UPDATE_README=1 cargo test --test readme

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// One command of the tour, the output the README shows for it, and
/// where that output is (line numbers, from 0, end excluded).
struct Step {
    section: String,
    command: String,
    expected: Vec<String>,
    lines: std::ops::Range<usize>,
}

/// The commands of every `console` block, with the `###` section they are in.
fn steps(readme: &str) -> Vec<Step> {
    let (mut steps, mut section, mut in_console) = (Vec::new(), String::new(), false);
    for (n, line) in readme.lines().enumerate() {
        match line {
            "```console" => in_console = true,
            "```" if in_console => in_console = false,
            _ if !in_console => {
                if let Some(heading) = line.strip_prefix("### ").or_else(|| line.strip_prefix("## ")) {
                    section = heading.to_string();
                }
            }
            _ => match line.strip_prefix("$ ") {
                Some(command) => steps.push(Step {
                    section: section.clone(),
                    command: command.to_string(),
                    expected: Vec::new(),
                    lines: n + 1..n + 1,
                }),
                None => {
                    let step = steps.last_mut().expect("a console block starts with a command");
                    step.expected.push(line.to_string());
                    step.lines.end = n + 1;
                }
            },
        }
    }
    steps
}

/// Whether `actual` is `expected`, where a line `…` stands for any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "…" => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((first, rest)) => actual.first() == Some(&first.as_str()) && matches(rest, &actual[1..]),
    }
}

/// `actual` shortened as `expected` is: the lines before and after a `…`.
fn elided(expected: &[String], actual: &[&str]) -> Vec<String> {
    let Some(cut) = expected.iter().position(|l| l == "…") else {
        return actual.iter().map(|l| l.to_string()).collect();
    };
    let after = expected.len() - cut - 1;
    let tail = actual.len().saturating_sub(after).max(cut.min(actual.len()));
    let mut out: Vec<String> = actual[..cut.min(actual.len())].iter().map(|l| l.to_string()).collect();
    out.push("…".into());
    out.extend(actual[tail..].iter().map(|l| l.to_string()));
    out
}

/// Who makes the commits of the tour, and when (author and committer).
fn identity(name: &str, date: &str) -> Vec<(&'static str, String)> {
    let email = format!("{}@example.org", if name.starts_with("国资委") { "gzw" } else { "sfj" });
    vec![
        ("GIT_AUTHOR_NAME", name.to_string()),
        ("GIT_COMMITTER_NAME", name.to_string()),
        ("GIT_AUTHOR_EMAIL", email.clone()),
        ("GIT_COMMITTER_EMAIL", email),
        ("GIT_AUTHOR_DATE", format!("{date} +0800")),
        ("GIT_COMMITTER_DATE", format!("{date} +0800")),
        ("TAIZHANG_TODAY", date[..10].to_string()),
    ]
}

/// Runs `command` through `sh` in `dir`, as a reader in a Chinese locale at
/// a terminal 90 columns wide would; stdout and stderr as one stream.
fn shell(dir: &Path, command: &str, env: &[(&'static str, String)]) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_taizhang")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut sh = Command::new("sh");
    sh.current_dir(dir).arg("-c").arg(format!("{command} 2>&1"));
    for (key, _) in std::env::vars() {
        if key.starts_with("TAIZHANG_") || key.starts_with("LC_") || key.starts_with("GIT_") {
            sh.env_remove(key);
        }
    }
    sh.env("PATH", path)
        .env("LANG", "zh_CN.UTF-8")
        .env("COLUMNS", "110")
        .env("HOME", common::NO_HOME)
        .env("XDG_CONFIG_HOME", Path::new(common::NO_HOME).join(".config"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    let out = sh.output().expect("sh runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The folders the tour's commands run in.
struct Places {
    /// A clone of the repository: the shipped checklist and the fixtures.
    clone: tempfile::TempDir,
    /// The shipped checklist, copied for the commands that write.
    export: tempfile::TempDir,
    indicators: tempfile::TempDir,
    /// The shipped checklist in git, on branch `gzw` off `main`.
    review: tempfile::TempDir,
    /// The shipped checklist in git, for the round of spreadsheet forms.
    forms: tempfile::TempDir,
    /// The test checklist with three mistakes, for `check`.
    broken: tempfile::TempDir,
    /// Empty folders for `import`: one with the notice, one with a notice
    /// that has a stray line.
    import: tempfile::TempDir,
    stray: tempfile::TempDir,
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs(identity("市司法局", "2021-02-01 09:00:00"))
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn places() -> Places {
    let clone = tempfile::tempdir().unwrap();
    let out = Command::new("git")
        .args(["clone", "-q", "--no-hardlinks"])
        .arg(common::repo())
        .arg(clone.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The working tree as it is, committed or not, is what is tested.
    for rel in ["README.md", "tests/fixtures", "examples", "taizhang.toml", "tasks"] {
        let from = common::repo().join(rel);
        if from.is_dir() {
            common::copy_dir(&from, &clone.path().join(rel));
        } else {
            std::fs::copy(&from, clone.path().join(rel)).unwrap();
        }
    }
    let review = common::shipped_checklist();
    git(review.path(), &["init", "-q", "-b", "main"]);
    git(review.path(), &["add", "-A"]);
    git(review.path(), &["commit", "-qm", "导入宜司发〔2020〕5号任务清单"]);
    git(review.path(), &["switch", "-qc", "gzw"]);
    let forms = common::shipped_checklist();
    git(forms.path(), &["init", "-q", "-b", "main"]);
    git(forms.path(), &["add", "-A"]);
    git(forms.path(), &["commit", "-qm", "导入宜司发〔2020〕5号任务清单"]);
    let import = tempfile::tempdir().unwrap();
    common::copy_dir(&clone.path().join("examples"), &import.path().join("examples"));
    let stray = tempfile::tempdir().unwrap();
    let notice = std::fs::read_to_string(clone.path().join("examples/yichang-sfj-2020-5.txt")).unwrap();
    let anchor = "  3.完善权益保障机制。";
    let with_stray_line = notice.replacen(anchor, &format!("  这一行不属于任何措施\n{anchor}"), 1);
    std::fs::write(stray.path().join("notice.txt"), with_stray_line).unwrap();
    let broken = common::base_checklist();
    common::copy_dir(&common::fixture("check/several-problems/tasks"), &broken.path().join("tasks"));
    let copy = common::shipped_checklist;
    Places { clone, export: copy(), indicators: copy(), review, forms, broken, import, stray }
}

/// Where a step runs, with what environment, after which unshown steps.
fn place<'p>(places: &'p Places, step: &Step) -> (PathBuf, Vec<(&'static str, String)>, Vec<&'static str>) {
    let command = step.command.as_str();
    let folder = |dir: &'p tempfile::TempDir| dir.path().to_path_buf();
    if command.starts_with("taizhang import notice.txt") {
        return (folder(&places.stray), vec![], vec![]);
    }
    // The second `check`, on a checklist with mistakes.
    if command == "taizhang check --lang zh" {
        return (folder(&places.broken), vec![], vec![]);
    }
    match step.section.split(':').next().unwrap_or_default() {
        "import" => (folder(&places.import), vec![], vec![]),
        "export" => (folder(&places.export), vec![], vec![]),
        "indicators and record" => (folder(&places.indicators), vec![], vec![]),
        "set" => (folder(&places.review), identity("国资委联络员", "2021-03-02 10:12:00"), vec![]),
        // Before the extension, 市司法局 records 5.4 (done, no evidence:
        // what `review` flags).
        "extend" => (
            folder(&places.review),
            identity("司法局联络员", "2021-03-05 16:40:00"),
            vec!["taizhang set 5.4 done --unit 市司法局 --commit"],
        ),
        "history" | "review" => (folder(&places.review), identity("司法局联络员", "2021-03-08 09:00:00"), vec![]),
        "Collecting progress by spreadsheet" => {
            (folder(&places.forms), identity("司法局联络员", "2021-03-05 17:00:00"), vec![])
        }
        _ => (folder(&places.clone), vec![], vec![]),
    }
}

/// The forms 夷陵区 and 市司法局 send back into `回收/`, filled in by
/// another program. 夷陵区 asks for more time; in the first round without
/// the reason, which it adds when asked (`corrected`).
fn return_forms(dir: &Path, corrected: bool) {
    use common::returned::{Put, fill};
    std::fs::create_dir_all(dir.join("回收")).unwrap();
    let mut yiling = vec![
        ("1.3", "状态", Put::Text("已完成")),
        ("1.3", "完成日期", Put::Day(2021, 3, 1)),
        ("1.3", "进展情况", Put::Text("已建成网格化服务平台")),
        ("1.3", "佐证材料", Put::Text("夷政办发〔2021〕1号")),
        ("3.2", "状态", Put::Text("推进中")),
        ("3.2", "进展情况", Put::Text("已拟订方案")),
        ("4.1", "申请延期至", Put::Text("2022-06")),
    ];
    if corrected {
        yiling.push(("4.1", "延期理由", Put::Text("等待市级信访信息系统升级")));
    }
    fill(&dir.join("填报表/夷陵区.xlsx"), &dir.join("回收/夷陵区.xlsx"), &yiling);
    let sfj = [
        ("2.1", "状态", Put::Text("已完成")),
        ("2.1", "完成日期", Put::Day(2021, 2, 26)),
        ("2.1", "佐证材料", Put::Text("宜司发〔2021〕2号")),
    ];
    fill(&dir.join("填报表/市司法局.xlsx"), &dir.join("回收/市司法局.xlsx"), &sfj);
}

#[test]
fn the_tour_prints_what_the_readme_shows() {
    let path = common::repo().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let steps = steps(&readme);
    assert!(steps.len() >= 15, "{} commands in the tour", steps.len());
    let places = places();
    let bless = std::env::var("UPDATE_README").is_ok_and(|v| v == "1");
    let mut lines: Vec<String> = readme.lines().map(String::from).collect();
    let mut differences = Vec::new();
    // From the last step back, so that rewriting keeps earlier line numbers.
    let mut outputs: Vec<(usize, String)> = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let (dir, env, before) = place(&places, step);
        if step.command.starts_with("taizhang collect") {
            return_forms(&dir, step.command.contains("--commit"));
        }
        for command in before {
            let said = shell(&dir, command, &env);
            assert!(!said.contains("error"), "{command}: {said}");
        }
        outputs.push((n, shell(&dir, &step.command, &env)));
    }
    for (n, actual) in outputs.into_iter().rev() {
        let step = &steps[n];
        let actual: Vec<&str> = actual.lines().collect();
        if matches(&step.expected, &actual) {
            continue;
        }
        if bless {
            lines.splice(step.lines.clone(), elided(&step.expected, &actual));
        } else {
            differences.push(format!(
                "README.md line {}: `{}`\n--- README\n{}\n--- printed\n{}\n",
                step.lines.start,
                step.command,
                step.expected.join("\n"),
                actual.join("\n")
            ));
        }
    }
    if bless {
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    differences.reverse();
    assert!(differences.is_empty(), "{}(to accept: UPDATE_README=1)", differences.join("\n"));
}

#[test]
fn an_elided_output_matches_any_lines_in_between() {
    let expected: Vec<String> = ["a", "…", "z"].map(String::from).into();
    assert!(matches(&expected, &["a", "z"]));
    assert!(matches(&expected, &["a", "b", "c", "z"]));
    assert!(!matches(&expected, &["a", "b"]));
    assert!(!matches(&expected, &["b", "z"]));
    assert_eq!(elided(&expected, &["a", "b", "c", "y"]), ["a", "…", "y"]);
}
