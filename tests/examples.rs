//! The shipped examples work: the pre-commit hook refuses a broken
//! checklist, the CI workflow is valid YAML that runs check and review.

mod common;

use std::process::Command;

fn git(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "联络员")
        .env("GIT_AUTHOR_EMAIL", "l@example.org")
        .env("GIT_COMMITTER_NAME", "联络员")
        .env("GIT_COMMITTER_EMAIL", "l@example.org")
        // The hook calls `taizhang`: the binary under test.
        .env(
            "PATH",
            format!(
                "{}:{}",
                std::path::Path::new(env!("CARGO_BIN_EXE_taizhang")).parent().unwrap().display(),
                std::env::var("PATH").unwrap()
            ),
        )
        .output()
        .unwrap()
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
fn the_ci_workflow_runs_check_and_review() {
    let text = std::fs::read_to_string(common::repo().join("examples/ci/taizhang.yml")).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let steps = workflow["jobs"]["check"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.trim() == "taizhang check"));
    assert!(runs.iter().any(|r| r.contains("taizhang review \"origin/${{ github.base_ref }}..HEAD\" --format md")));
    assert_eq!(workflow["jobs"]["check"]["steps"][0]["with"]["fetch-depth"], 0);
}
