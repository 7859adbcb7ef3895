//! Builds a git repository holding the shipped checklist and COMMITS
//! commits of progress edits (made with taizhang's own editing code), for
//! the history benchmark. Uses `git fast-import`, so 10,000 commits take
//! seconds.
//!
//! Usage: cargo run --release --example synthetic_history -- OUT_DIR COMMITS

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use taizhang::model::{Located, Measure, Progress};

const STATUSES: [&str; 4] = ["todo", "doing", "blocked", "done"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(commits)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: synthetic_history OUT_DIR COMMITS");
        std::process::exit(2);
    };
    write(out, commits);
    println!("{commits} commits in {out}");
}

/// Makes `out` a repository of the shipped checklist and `commits` progress
/// commits; the same arguments always give the same commits.
pub fn write(out: &str, commits: usize) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("tasks")).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("tasks/{}", path.file_name().unwrap().to_string_lossy());
        files.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    files.insert("taizhang.toml".into(), std::fs::read_to_string(root.join("taizhang.toml")).unwrap());
    // Every (file, leaf, unit) that can receive progress.
    let mut targets = Vec::new();
    for (name, text) in &files {
        if let Ok(group) = taizhang::store::parse_group(text) {
            for leaf in leaves(&group.measures) {
                for unit in &leaf.units {
                    targets.push((name.clone(), leaf.id.value.clone(), unit.value.clone()));
                }
            }
        }
    }
    std::fs::create_dir_all(out).unwrap();
    run(out, &["init", "-q", "-b", "main"]);
    let mut child =
        Command::new("git").current_dir(out).args(["fast-import", "--quiet"]).stdin(Stdio::piped()).spawn().unwrap();
    let mut stream = std::io::BufWriter::new(child.stdin.take().unwrap());
    let start = 1_600_000_000u64;
    commit(&mut stream, "办公室", start, "导入任务清单", &files.iter().collect::<Vec<_>>());
    for i in 0..commits {
        let (name, leaf, unit) = &targets[i * 7 % targets.len()];
        let text = &files[name];
        let group = taizhang::store::parse_group(text).unwrap();
        let entry = Progress {
            unit: Located::new(unit.clone()),
            status: Located::new(STATUSES[i % 4].to_string()),
            date: Some(Located::new(format!("2021-{:02}-{:02}", 1 + i % 12, 1 + i % 28))),
            note: Some(format!("第{i}次更新")),
            evidence: if i % 4 == 3 { vec![format!("宜司发〔2021〕{i}号")] } else { vec![] },
        };
        let new = taizhang::store::edit::set_progress(text, &group, leaf, |u| u == unit, &entry).unwrap();
        files.insert(name.clone(), new);
        let who = format!("联络员{}", i % 50);
        commit(&mut stream, &who, start + 3600 * (i as u64 + 1), &format!("{leaf} {unit}"), &[(name, &files[name])]);
    }
    drop(stream);
    assert!(child.wait().unwrap().success());
    run(out, &["checkout", "-q", "main"]);
}

fn leaves(measures: &[Measure]) -> Vec<&Measure> {
    measures.iter().flat_map(|m| if m.is_leaf() { vec![m] } else { leaves(&m.items) }).collect()
}

fn commit(out: &mut impl Write, who: &str, time: u64, message: &str, files: &[(&String, &String)]) {
    writeln!(out, "commit refs/heads/main").unwrap();
    let email = format!("{}@example.org", who.len());
    writeln!(out, "author {who} <{email}> {time} +0800\ncommitter {who} <{email}> {time} +0800").unwrap();
    writeln!(out, "data {}\n{message}", message.len()).unwrap();
    for (path, text) in files {
        writeln!(out, "M 100644 inline {path}\ndata {}\n{text}", text.len()).unwrap();
    }
    writeln!(out).unwrap();
}

fn run(dir: &str, args: &[&str]) {
    assert!(Command::new("git").current_dir(dir).args(args).status().unwrap().success());
}
