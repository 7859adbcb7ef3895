//! Writers that meet, wait or die: the lock inside the checklist shared by
//! every writer (whatever its temporary folder or path to the checklist),
//! waits that are reported and bounded, killed writes that leave the old file
//! and a temporary the next write removes, and `export -o` onto links,
//! FIFOs and devices.

mod common;

use common::{base_checklist, command, run, shipped_checklist};
use std::io::Write;
use std::path::{Path, PathBuf};
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

/// Waits for `child` at most `limit`, killing it if it runs longer; its
/// exit code (-1 when killed) and standard error.
fn finish(mut child: Child, limit: Duration) -> (i32, String) {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Waits until `found` holds, at most ten seconds.
fn wait_for(what: &str, mut found: impl FnMut() -> bool) {
    let start = Instant::now();
    while !found() {
        assert!(start.elapsed() < Duration::from_secs(10), "waited ten seconds for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Holds the checklist's lock as another writer would, with `pid` in the file.
fn hold_lock(root: &Path, pid: &str) -> std::fs::File {
    let mut file = std::fs::OpenOptions::new().create(true).truncate(true).write(true).open(root.join(LOCK)).unwrap();
    file.lock().unwrap();
    writeln!(file, "{pid}").unwrap();
    file
}

/// The leaves of group 1 with their recorded (unit, status) pairs.
fn progress_of_group_1(dir: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let r = run(dir, &["list", "--group", "1", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let leaves: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    leaves
        .iter()
        .map(|leaf| {
            let entries = leaf["progress"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["unit"].as_str().unwrap().to_string(), e["status"].as_str().unwrap().to_string()))
                .collect();
            (leaf["id"].as_str().unwrap().to_string(), entries)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn writers_in_different_temp_dirs_and_through_a_symlink_all_land() {
    let dir = shipped_checklist();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    let link = outside.path().join("台账");
    std::os::unix::fs::symlink(root, &link).unwrap();
    let temps: Vec<PathBuf> = (0..3)
        .map(|i| {
            let t = outside.path().join(format!("tmp{i}"));
            std::fs::create_dir(&t).unwrap();
            t
        })
        .collect();
    let areas = ["夷陵区", "西陵区", "伍家岗区", "点军区", "猇亭区", "宜都市", "当阳市", "枝江市", "远安县", "兴山县"];
    let leaves = ["1.1", "1.2", "1.3", "1.4"];
    let months = ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06"];
    let mut children = Vec::new();
    // Every other writer goes through the link, each in one of the temp dirs.
    let mut n = 0;
    let mut spawn = |args: &[&str]| {
        n += 1;
        let dir = if n % 2 == 0 { root.to_path_buf() } else { link.clone() };
        let child = command(&dir)
            .args(args)
            .env("TMPDIR", &temps[n % temps.len()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        children.push(child);
    };
    for leaf in leaves {
        for area in areas {
            spawn(&["set", leaf, "doing", "--unit", area, "--as-of", "2021-01-01"]);
        }
    }
    for (i, month) in months.iter().enumerate() {
        let value = format!("{}", 80 + i);
        spawn(&["record", "15.i1", &value, "--period", month, "--as-of", "2021-07-05"]);
    }
    for child in children {
        let (code, stderr) = finish(child, Duration::from_secs(120));
        assert_eq!(code, 0, "{stderr}");
    }
    for (leaf, entries) in progress_of_group_1(root) {
        if !leaves.contains(&leaf.as_str()) {
            continue;
        }
        let mut units: Vec<&str> = entries.iter().map(|(u, _)| u.as_str()).collect();
        units.sort();
        let mut want = areas.to_vec();
        want.sort();
        assert_eq!(units, want, "every area's entry on {leaf} landed");
    }
    let fifteen = read(root, "tasks/15.yaml");
    for month in months {
        assert!(fifteen.contains(&format!("period: \"{month}\"")), "the value for {month} landed:\n{fifteen}");
    }
    assert_eq!(run(root, &["check"]).code, 0);
    assert!(!root.join(LOCK).exists(), "the lock file goes with the last writer");
    let left: Vec<String> = strays(root, "tasks", &[])
        .into_iter()
        .filter(|name| !name.ends_with(".yaml") && !name.ends_with(".toml") && !name.ends_with(".json"))
        .collect();
    assert!(left.is_empty(), "nothing but the checklist's files in tasks/: {left:?}");
}

#[test]
fn a_waiting_writer_says_who_holds_the_lock_and_gives_up_after_the_timeout() {
    let dir = base_checklist();
    let root = dir.path();
    let before = read(root, "tasks/01.yaml");
    let held = hold_lock(root, "424242");
    let start = Instant::now();
    let child = spawn(root, &["set", "1.1", "doing", "--unit", "市司法局"], &[("TAIZHANG_LOCK_TIMEOUT", "2")]);
    let (code, stderr) = finish(child, Duration::from_secs(20));
    let waited = start.elapsed();
    assert_eq!(code, 2, "{stderr}");
    assert!(waited >= Duration::from_secs(2) && waited < Duration::from_secs(15), "waited {waited:?}");
    let lock = root.canonicalize().unwrap().join(LOCK);
    let waiting = stderr.lines().next().unwrap_or_default();
    assert!(
        waiting.contains("waiting for the write lock") && waiting.contains(&lock.display().to_string()),
        "first it says what it waits for: {stderr}"
    );
    assert!(waiting.contains("424242"), "and who holds it: {stderr}");
    assert!(
        stderr.contains("error: gave up waiting for the write lock") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert!(stderr.contains("lock_timeout"), "the hint names the setting: {stderr}");
    assert_eq!(read(root, "tasks/01.yaml"), before, "nothing was written");

    // The setting in taizhang.toml bounds the wait the same way.
    let config = read(root, "taizhang.toml") + "lock_timeout = 1\n";
    std::fs::write(root.join("taizhang.toml"), config).unwrap();
    let start = Instant::now();
    let r = run(root, &["set", "1.1", "doing", "--unit", "市司法局"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(start.elapsed() < Duration::from_secs(10), "gave up after about a second");
    assert!(r.stderr.contains("gave up waiting for the write lock"), "{}", r.stderr);

    // A writer that waits less than the timeout goes ahead once the lock is free.
    let child = spawn(root, &["set", "1.1", "doing", "--unit", "市司法局"], &[("TAIZHANG_LOCK_TIMEOUT", "30")]);
    std::thread::sleep(Duration::from_millis(1500));
    drop(held);
    let (code, stderr) = finish(child, Duration::from_secs(20));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("waiting for the write lock"), "{stderr}");
    assert!(read(root, "tasks/01.yaml").contains("- unit: \"市司法局\"\n        status: \"doing\""));
}

#[test]
fn a_bad_lock_timeout_is_refused() {
    let dir = base_checklist();
    let r = command(dir.path())
        .args(["set", "1.1", "doing", "--unit", "市司法局"])
        .env("TAIZHANG_LOCK_TIMEOUT", "soon")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("TAIZHANG_LOCK_TIMEOUT"), "{stderr}");
    assert!(!read(dir.path(), "tasks/01.yaml").contains("市司法局\"\n        status"), "nothing was written");
}

#[cfg(unix)]
#[test]
fn a_read_only_checklist_is_refused_before_anything_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = base_checklist();
    let root = dir.path();
    let before = read(root, "tasks/01.yaml");
    for d in [root.join("tasks"), root.to_path_buf()] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    std::fs::set_permissions(root.join("tasks/01.yaml"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(root.join("tasks/units.toml"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(root.join("taizhang.toml"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = common::command_unprivileged(root)
        .args(["set", "1.1", "doing", "--unit", "市司法局"])
        .output()
        .expect("the binary runs");
    for d in [root.to_path_buf(), root.join("tasks")] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: cannot create the lock file"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(read(root, "tasks/01.yaml"), before);
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

/// `export --format csv` to standard output: what every -o must receive.
fn csv(root: &Path) -> String {
    let r = run(root, &["export", "--format", "csv", "-o", "-", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[cfg(unix)]
#[test]
fn export_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let dir = base_checklist();
    let root = dir.path();
    let want = csv(root);
    std::fs::create_dir(root.join("out")).unwrap();
    std::fs::write(root.join("out/ledger.csv"), "an older export").unwrap();
    std::os::unix::fs::symlink("out/ledger.csv", root.join("latest.csv")).unwrap();
    let r = run(root, &["export", "--format", "csv", "-o", "latest.csv", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(root.join("latest.csv").symlink_metadata().unwrap().file_type().is_symlink(), "still a link");
    assert_eq!(read(root, "out/ledger.csv"), want, "its target holds the export");
    assert_eq!(strays(root, "out", &["ledger.csv"]), Vec::<String>::new(), "no temporary left");

    // A link to a file not yet there: the file is made where the link points.
    std::os::unix::fs::symlink("out/new.csv", root.join("new.csv")).unwrap();
    let r = run(root, &["export", "--format", "csv", "-o", "new.csv", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(root.join("new.csv").symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(read(root, "out/new.csv"), want);
}

#[cfg(unix)]
#[test]
fn export_into_a_fifo_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = base_checklist();
    let root = dir.path();
    let want = csv(root);
    let fifo = root.join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let child = spawn(root, &["export", "--format", "csv", "-o", "pipe.csv", "--as-of", "2021-01-01"], &[]);
    let (code, stderr) = finish(child, Duration::from_secs(20));
    assert_eq!(code, 0, "{stderr}");
    assert!(fifo.symlink_metadata().unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
    assert_eq!(reader.join().unwrap(), want, "the reader got the export");
    assert_eq!(strays(root, ".", &["taizhang.toml", "tasks", "pipe.csv"]), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn export_to_a_device_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = base_checklist();
    let r = run(dir.path(), &["export", "--format", "json", "-o", "/dev/null", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let null = Path::new("/dev/null").symlink_metadata().unwrap();
    assert!(null.file_type().is_char_device(), "/dev/null is still the device");
}

#[test]
fn export_onto_a_folder_is_refused() {
    let dir = base_checklist();
    let r = run(dir.path(), &["export", "--format", "csv", "-o", "tasks", "--as-of", "2021-01-01"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: tasks is a folder"), "{}", r.stderr);
    assert_eq!(tasks_strays(dir.path()), Vec::<String>::new());
}
