//! Writers that die: a killed write leaves the old file whole and at most a
//! temporary named after it, which `check` points at and the next write
//! removes; no later edit is lost.

mod common;

use common::{base_checklist, command, run};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The lock file, as the README names it.
const LOCK: &str = ".taizhang.lock";

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Every name in `dir/rel` that is not one of `expected`: what a write left behind.
fn strays(dir: &Path, rel: &str, expected: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join(rel))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !expected.contains(&name.as_str()))
        .collect();
    names.sort();
    names
}

/// The files a write may have left in `tasks/` (the fixture has only these).
fn tasks_strays(dir: &Path) -> Vec<String> {
    strays(dir, "tasks", &["01.yaml", "units.toml"])
}

/// Starts the binary with piped output.
fn spawn(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Child {
    let mut cmd = command(dir);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (key, value) in envs {
        cmd.env(key, value);
    }
    cmd.spawn().unwrap()
}

/// Waits until `found` holds, at most ten seconds.
fn wait_for(what: &str, mut found: impl FnMut() -> bool) {
    let start = Instant::now();
    while !found() {
        assert!(start.elapsed() < Duration::from_secs(10), "waited ten seconds for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_write_killed_before_its_rename_leaves_the_old_file_and_the_next_write_cleans_up() {
    let dir = base_checklist();
    let root = dir.path();
    let before = read(root, "tasks/01.yaml");
    let mut child = spawn(
        root,
        &["set", "1.1", "done", "--unit", "市司法局", "--date", "2021-03-01"],
        &[("TAIZHANG_TEST_PAUSE_WRITE", "20000")],
    );
    wait_for("the temporary file", || tasks_strays(root).iter().any(|n| n.ends_with(".taizhang-tmp")));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(read(root, "tasks/01.yaml"), before, "the old file, whole");
    let left = tasks_strays(root);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".01.yaml.") && left[0].ends_with(".taizhang-tmp"), "named after its file: {left:?}");

    // `check` points at it, without failing the checklist for it.
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let warning = format!("tasks/{}:1:1: warning: ", left[0]);
    assert!(r.stdout.starts_with(&warning), "{}", r.stdout);
    assert!(r.stdout.contains("interrupted"), "{}", r.stdout);
    let json = run(root, &["check", "--format", "json"]);
    let problems: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(problems[0]["severity"], "warning", "{}", json.stdout);

    // The next write lands and removes what the killed one left.
    let r = run(root, &["set", "1.2", "done", "--unit", "市中院", "--date", "2021-03-02"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(tasks_strays(root), Vec::<String>::new());
    assert!(!root.join(LOCK).exists());
    let after = read(root, "tasks/01.yaml");
    assert!(after.contains("status: \"done\"\n        date: \"2021-03-02\""), "{after}");
    assert!(!after.contains("2021-03-01\"\n"), "the killed edit did not land: {after}");
}

/// A small deterministic generator for kill delays.
fn next(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

#[test]
fn writes_killed_at_random_moments_never_tear_a_file_or_lose_a_later_edit() {
    let dir = base_checklist();
    let root = dir.path();
    let original = read(root, "tasks/01.yaml");
    let mut seed = 10;
    let mut last = original.clone();
    for round in 0..25 {
        let status = ["doing", "blocked", "todo"][round % 3];
        let pause = (next(&mut seed) % 15).to_string();
        let mut child = spawn(
            root,
            &["set", "1.1", status, "--unit", "市民政局", "--note", &format!("第{round}次")],
            &[("TAIZHANG_TEST_PAUSE_WRITE", &pause)],
        );
        std::thread::sleep(Duration::from_millis(next(&mut seed) % 40));
        let _ = child.kill();
        child.wait().unwrap();
        let now = read(root, "tasks/01.yaml");
        let new = now != last;
        assert!(!new || now.contains(&format!("note: \"第{round}次\"")), "old or new, nothing else:\n{now}");
        last = now;
    }
    assert_eq!(run(root, &["check"]).code, 0, "every state parses and checks");
    let r = run(root, &["set", "1.2", "blocked", "--unit", "市中院", "--note", "最后一次"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(tasks_strays(root), Vec::<String>::new(), "no temporary is left after the next write");
    assert!(!root.join(LOCK).exists());
    assert!(read(root, "tasks/01.yaml").contains("note: \"最后一次\""));
}

#[test]
fn init_ignores_the_lock_and_temporaries() {
    let temp = tempfile::tempdir().unwrap();
    let r = run(temp.path(), &["init", "台账"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let root = temp.path().join("台账");
    for rel in [LOCK, "tasks/.01.yaml.a1B2c3.taizhang-tmp", ".taizhang.toml.x9Y8z7.taizhang-tmp"] {
        std::fs::write(root.join(rel), "").unwrap();
    }
    let status = std::process::Command::new("git")
        .current_dir(&root)
        .args(["status", "--porcelain", "--untracked-files=all"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let status = String::from_utf8(status.stdout).unwrap();
    assert!(!status.contains("taizhang-tmp") && !status.contains(LOCK), "git does not see them:\n{status}");
}
