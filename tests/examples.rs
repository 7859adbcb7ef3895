//! The shipped examples work: the pre-commit hook refuses a broken
//! checklist (problems first, then the summary), the CI workflow is valid
//! YAML that runs check and review.

mod common;

use std::path::Path;
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
