//! The shipped examples work: the pre-commit hook refuses a broken
//! checklist (problems first, then the summary), the CI workflow is valid
//! YAML that runs check and review, and the cron line and the systemd unit
//! run in the bare environment cron and systemd give them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git").current_dir(dir).args(args).envs(git_env()).output().unwrap()
}

#[test]
fn the_pre_commit_hook_refuses_a_broken_checklist() {
    let dir = common::shipped_checklist();
    let path = dir.path();
    assert!(git(path, &["init", "-q"]).status.success());
    let hook = path.join(".git/hooks/pre-commit");
    std::fs::copy(common::repo().join("examples/hooks/pre-commit"), &hook).unwrap();
    assert!(git(path, &["add", "-A"]).status.success());
    let ok = git(path, &["commit", "-qm", "导入"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let file = path.join("tasks/02.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\"市司法局\"", "\"市司法厅\"", 1)).unwrap();
    assert!(git(path, &["add", "-A"]).status.success());
    let refused = git(path, &["commit", "-qm", "坏的修改"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let stdout = String::from_utf8_lossy(&refused.stdout);
    let said = format!("{stdout}{stderr}");
    assert!(said.contains("未知单位 `市司法厅`") && said.contains("commit refused"), "{said}");
}

#[test]
fn the_hook_prints_the_problems_before_the_summary() {
    let dir = common::shipped_checklist();
    let path = dir.path();
    assert!(git(path, &["init", "-q"]).status.success());
    std::fs::copy(common::repo().join("examples/hooks/pre-commit"), path.join(".git/hooks/pre-commit")).unwrap();
    let file = path.join("tasks/02.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\"市司法局\"", "\"市司法厅\"", 1)).unwrap();
    assert!(git(path, &["add", "-A"]).status.success());
    // Both streams into one file, as both go to one terminal.
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("commit.log");
    let out = std::fs::File::create(&log).unwrap();
    let mut commit = Command::new("git");
    commit.current_dir(path).args(["commit", "-qm", "坏的修改"]);
    commit.envs(git_env());
    let status = commit.stdout(Stdio::from(out.try_clone().unwrap())).stderr(Stdio::from(out)).status().unwrap();
    assert!(!status.success());
    let said = std::fs::read_to_string(&log).unwrap();
    let problem = said.find("未知单位 `市司法厅`").unwrap_or_else(|| panic!("{said}"));
    let summary = said.find("发现 1 个问题").unwrap_or_else(|| panic!("{said}"));
    assert!(problem < summary, "the summary comes before the problem:\n{said}");
}

/// The environment `git` runs with here: no user configuration, a fixed
/// identity, and the binary under test first on PATH.
fn git_env() -> Vec<(&'static str, String)> {
    vec![
        ("GIT_CONFIG_GLOBAL", "/dev/null".into()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("GIT_AUTHOR_NAME", "联络员".into()),
        ("GIT_AUTHOR_EMAIL", "l@example.org".into()),
        ("GIT_COMMITTER_NAME", "联络员".into()),
        ("GIT_COMMITTER_EMAIL", "l@example.org".into()),
        (
            "PATH",
            format!(
                "{}:{}",
                Path::new(env!("CARGO_BIN_EXE_taizhang")).parent().unwrap().display(),
                std::env::var("PATH").unwrap()
            ),
        ),
    ]
}

#[cfg(unix)]
/// A clone of the shipped checklist whose `origin` is a bare repository, as
/// on the machine that runs the digest, so that `git pull --ff-only` works.
fn clone_with_origin(root: &Path) -> PathBuf {
    let work = common::shipped_checklist();
    assert!(git(work.path(), &["init", "-q"]).status.success());
    assert!(git(work.path(), &["add", "-A"]).status.success());
    assert!(git(work.path(), &["commit", "-qm", "导入"]).status.success());
    let origin = root.join("origin.git");
    let clone = root.join("checklist");
    assert!(
        git(root, &["clone", "-q", "--bare", work.path().to_str().unwrap(), origin.to_str().unwrap()]).status.success()
    );
    assert!(git(root, &["clone", "-q", origin.to_str().unwrap(), clone.to_str().unwrap()]).status.success());
    clone
}

#[cfg(unix)]
/// A folder with `taizhang` (the binary under test) and the stand-ins
/// given as (name, shell script), put where the examples' PATH names the
/// folder `cargo install` writes to.
fn bin_dir(root: &Path, stand_ins: &[(&str, &str)]) -> PathBuf {
    let bin = root.join("cargo-bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_taizhang"), bin.join("taizhang")).unwrap();
    for (name, script) in stand_ins {
        let path = bin.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
        std::fs::set_permissions(&path, permissions).unwrap();
    }
    bin
}

#[cfg(unix)]
/// A documented PATH (`/home/taizhang/.cargo/bin:/usr/local/bin:…`) with
/// its `.cargo/bin` folder replaced by `bin`, the rest as documented.
fn documented_path(path: &str, bin: &Path) -> String {
    assert!(path.split(':').any(|p| p.ends_with("/.cargo/bin")), "PATH names no ~/.cargo/bin: {path}");
    assert!(path.split(':').any(|p| p == "/usr/bin"), "PATH leaves out /usr/bin, where git is: {path}");
    let folders: Vec<String> = path
        .split(':')
        .map(|p| if p.ends_with("/.cargo/bin") { bin.display().to_string() } else { p.to_string() })
        .collect();
    folders.join(":")
}

#[cfg(unix)]
/// Runs a shell command line under `env -i`, as cron and systemd run jobs:
/// nothing inherited, only the variables given.
fn bare(dir: &Path, variables: &[(&str, String)], script: &str) -> std::process::Output {
    let mut cmd = Command::new("env");
    cmd.current_dir(dir).arg("-i");
    for (key, value) in variables {
        cmd.arg(format!("{key}={value}"));
    }
    cmd.args(["/bin/sh", "-c", script]).output().unwrap()
}

#[cfg(unix)]
#[test]
fn the_cron_line_runs_with_the_documented_path() {
    let crontab = std::fs::read_to_string(common::repo().join("examples/cron/crontab")).unwrap();
    let path = crontab.lines().find_map(|l| l.strip_prefix("PATH=")).expect("the crontab sets PATH");
    let job = crontab.lines().find(|l| l.starts_with(|c: char| c.is_ascii_digit() || c == '*')).expect("a job line");
    // The five time fields, then the command.
    let command = job.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
    assert!(command.starts_with("cd /srv/taizhang/checklist && "), "{command}");
    let root = tempfile::tempdir().unwrap();
    let clone = clone_with_origin(root.path());
    let bin = bin_dir(root.path(), &[]);
    let command = command.replace("/srv/taizhang/checklist", clone.to_str().unwrap());
    let home = root.path().display().to_string();
    let run = bare(root.path(), &[("PATH", documented_path(path, &bin)), ("HOME", home.clone())], &command);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}{}", stdout, String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains("逾期"), "the digest:\n{stdout}");
    // Without the PATH line, cron's own PATH does not find an installed taizhang.
    if !Path::new("/usr/bin/taizhang").exists() && !Path::new("/bin/taizhang").exists() {
        let run = bare(root.path(), &[("PATH", "/usr/bin:/bin".into()), ("HOME", home)], &command);
        assert!(!run.status.success());
        assert!(String::from_utf8_lossy(&run.stderr).contains("taizhang: not found"), "{run:?}");
    }
}

#[cfg(unix)]
#[test]
fn the_weekly_site_rebuild_runs_with_the_documented_path() {
    let crontab = std::fs::read_to_string(common::repo().join("examples/cron/crontab")).unwrap();
    let path = crontab.lines().find_map(|l| l.strip_prefix("PATH=")).expect("the crontab sets PATH");
    let job = crontab
        .lines()
        .find(|l| l.starts_with(|c: char| c.is_ascii_digit() || c == '*') && l.contains("taizhang site"))
        .expect("a job line that rebuilds the site");
    let command = job.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
    let root = tempfile::tempdir().unwrap();
    let clone = clone_with_origin(root.path());
    let bin = bin_dir(root.path(), &[]);
    let www = root.path().join("www");
    let command = command
        .replace("/srv/taizhang/checklist", clone.to_str().unwrap())
        .replace("/srv/www/taizhang", www.to_str().unwrap());
    let run = bare(
        root.path(),
        &[("PATH", documented_path(path, &bin)), ("HOME", root.path().display().to_string())],
        &command,
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.stdout.is_empty(), "cron would mail every week: {}", String::from_utf8_lossy(&run.stdout));
    assert!(www.join("index.html").is_file() && www.join("units/1.html").is_file());
    let status = git(&clone, &["status", "--porcelain"]);
    assert!(status.stdout.is_empty(), "the clone stays clean: {}", String::from_utf8_lossy(&status.stdout));
}

#[cfg(unix)]
#[test]
fn the_systemd_unit_keeps_its_digests_outside_the_clone() {
    let unit = std::fs::read_to_string(common::repo().join("examples/cron/taizhang-overdue.service")).unwrap();
    let value = |key: &str| unit.lines().find_map(|l| l.strip_prefix(&format!("{key}="))).map(str::to_string);
    assert_eq!(value("StateDirectory").as_deref(), Some("taizhang/digests"), "systemd creates the folder");
    let path = value("Environment").and_then(|e| e.strip_prefix("PATH=").map(str::to_string)).expect("a PATH");
    let exec = value("ExecStart").expect("ExecStart");
    let script = exec.strip_prefix("/bin/sh -c '").and_then(|s| s.strip_suffix('\'')).expect("a sh -c line");
    // systemd turns `%%` into `%` and sets STATE_DIRECTORY to the folder it made.
    let script = script.replace("%%", "%");
    assert!(script.contains("\"$STATE_DIRECTORY/"), "{script}");
    let root = tempfile::tempdir().unwrap();
    let clone = clone_with_origin(root.path());
    let mailed = root.path().join("mailed.txt");
    let bin = bin_dir(root.path(), &[("mail", &format!("cat > '{}'", mailed.display()))]);
    let state = root.path().join("var/lib/taizhang/digests");
    std::fs::create_dir_all(&state).unwrap();
    let variables = [
        ("PATH", documented_path(&path, &bin)),
        ("HOME", root.path().display().to_string()),
        ("STATE_DIRECTORY", state.display().to_string()),
    ];
    let run = bare(&clone, &variables, &script);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let digests: Vec<PathBuf> = std::fs::read_dir(&state).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(digests.len(), 1, "one dated digest");
    let digest = std::fs::read_to_string(&digests[0]).unwrap();
    assert!(digest.contains("逾期"), "{digest}");
    assert_eq!(std::fs::read_to_string(&mailed).unwrap(), digest, "the same digest is mailed");
    let status = git(&clone, &["status", "--porcelain"]);
    assert!(status.stdout.is_empty(), "the clone stays clean: {}", String::from_utf8_lossy(&status.stdout));
}

#[test]
fn the_ci_workflow_runs_check_and_review() {
    let text = std::fs::read_to_string(common::repo().join("examples/ci/taizhang.yml")).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let steps = workflow["jobs"]["check"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.trim() == "taizhang check"));
    assert!(runs.iter().any(|r| r.contains("taizhang review \"origin/${{ github.base_ref }}..HEAD\" --format md")));
    assert_eq!(workflow["jobs"]["check"]["steps"][0]["with"]["fetch-depth"], 0);
}

#[test]
fn the_site_workflow_builds_the_site_and_publishes_it_as_pages() {
    let text = std::fs::read_to_string(common::repo().join("examples/ci/site.yml")).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
    assert_eq!(workflow["on"]["push"]["branches"], serde_json::json!(["main"]));
    assert_eq!(workflow["permissions"]["pages"], "write");
    let build = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    assert_eq!(build[0]["with"]["fetch-depth"], 0, "the burn-up chart needs the whole history");
    assert!(build.iter().any(|s| s["run"].as_str().is_some_and(|r| r.trim() == "taizhang site -o public")));
    let upload =
        build.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-pages-artifact")));
    assert_eq!(upload.expect("the pages are uploaded")["with"]["path"], "public");
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert!(deploy["steps"][0]["uses"].as_str().unwrap().starts_with("actions/deploy-pages"));
}
