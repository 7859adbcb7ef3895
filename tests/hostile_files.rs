//! Files the tool must not trust: odd entries in `tasks/` (links, folders,
//! pipes), files too large to read, and YAML built to exhaust memory or the
//! stack. Every command must finish promptly, name the file at fault and
//! read nothing it should not.
//!
//! Commands run with a deadline (a hang fails the test instead of stalling
//! it) and, for the YAML bombs, under a 1 GB address-space limit.

mod common;

use common::{Run, base_checklist, command};
use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long any command here may take.
const DEADLINE: Duration = Duration::from_secs(10);

/// The address-space limit the YAML bombs run under.
const MEMORY_LIMIT: &str = "--as=1073741824";

/// Runs `cmd`, killing it and failing the test when it outlives the deadline.
fn run_bounded(mut cmd: Command) -> Run {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the binary runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stderr.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{cmd:?} did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// `taizhang ARGS` in `dir`, with the deadline.
fn taizhang(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = command(dir);
    cmd.args(args);
    run_bounded(cmd)
}

/// `taizhang ARGS` in `dir`, with the deadline and the memory limit.
fn taizhang_limited(dir: &Path, args: &[&str]) -> Run {
    let inner = command(dir);
    let mut cmd = Command::new("/usr/bin/prlimit");
    cmd.current_dir(dir).arg(MEMORY_LIMIT).arg("--").arg(inner.get_program()).args(args);
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    run_bounded(cmd)
}

/// Asserts that the command ran to an ordinary end: 0, 1 or 2, not a
/// signal (a crash, or the kernel refusing memory).
fn assert_ended(r: &Run) {
    assert!(matches!(r.code, 0..=2), "exit {}\nstdout: {}\nstderr: {}", r.code, r.stdout, r.stderr);
}

/// `check` fails and reports `path` with `words` in the message.
fn assert_check_names(dir: &Path, path: &str, words: &str) -> Run {
    let r = taizhang(dir, &["check"]);
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    let line = r.stdout.lines().find(|l| l.starts_with(&format!("{path}:"))).unwrap_or_else(|| {
        panic!("no problem reported for {path}:\n{}", r.stdout);
    });
    assert!(line.contains(words), "{line}");
    r
}

/// Reports refuse to run on a checklist with this problem, and say why.
fn assert_list_refuses(dir: &Path, path: &str) {
    let r = taizhang(dir, &["list"]);
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains(path), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// A valid group file for group 2.
const GROUP_2: &str = "group: \"2\"\ntitle: \"第二项要求。\"\nmeasures:\n  - id: \"2.1\"\n    text: \"措施。\"\n    \
                       units: [\"市司法局\"]\n    due: \"2020-12\"\n    due_text: \"2020年12月\"\n    progress: []\n";

#[test]
fn a_symlink_to_a_file_inside_the_checklist_is_followed() {
    let dir = base_checklist();
    let root = dir.path();
    std::fs::create_dir(root.join("shared")).unwrap();
    std::fs::rename(root.join("tasks/01.yaml"), root.join("shared/01.yaml")).unwrap();
    symlink("../shared/01.yaml", root.join("tasks/01.yaml")).unwrap();
    let r = taizhang(root, &["check"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(r.stderr.contains("1 files"), "{}", r.stderr);
    let r = taizhang(root, &["list", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"1.1\"") && r.stdout.contains("\"1.2\""), "{}", r.stdout);
    // An edit goes to the file the link points to; the link stays a link.
    let r = taizhang(root, &["set", "1.1", "doing", "--unit", "市司法局", "--date", "2021-01-05"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(root.join("tasks/01.yaml")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(root.join("shared/01.yaml")).unwrap().contains("2021-01-05"));
}

#[test]
fn a_symlink_leaving_the_checklist_is_an_error() {
    let dir = base_checklist();
    symlink("/etc/passwd", dir.path().join("tasks/02.yaml")).unwrap();
    let r = assert_check_names(dir.path(), "tasks/02.yaml", "outside the checklist");
    assert!(!r.stdout.contains("root:"), "nothing of the target is shown: {}", r.stdout);
    assert_list_refuses(dir.path(), "tasks/02.yaml");
}

#[test]
fn a_symlink_loop_is_an_error() {
    let dir = base_checklist();
    symlink("03.yaml", dir.path().join("tasks/02.yaml")).unwrap();
    symlink("02.yaml", dir.path().join("tasks/03.yaml")).unwrap();
    let r = assert_check_names(dir.path(), "tasks/02.yaml", "loop");
    assert!(r.stdout.contains("tasks/03.yaml:"), "{}", r.stdout);
    assert_list_refuses(dir.path(), "tasks/02.yaml");
}

#[test]
fn a_dangling_symlink_is_an_error() {
    let dir = base_checklist();
    symlink("gone.yaml", dir.path().join("tasks/02.yaml")).unwrap();
    assert_check_names(dir.path(), "tasks/02.yaml", "does not exist");
    assert_list_refuses(dir.path(), "tasks/02.yaml");
}

#[test]
fn a_directory_named_like_a_group_file_is_an_error() {
    let dir = base_checklist();
    std::fs::create_dir(dir.path().join("tasks/99.yaml")).unwrap();
    assert_check_names(dir.path(), "tasks/99.yaml", "directory");
    assert_list_refuses(dir.path(), "tasks/99.yaml");
}

#[test]
fn a_fifo_named_like_a_group_file_is_an_error_and_never_opened() {
    let dir = base_checklist();
    mkfifo(&dir.path().join("tasks/02.yaml"));
    assert_check_names(dir.path(), "tasks/02.yaml", "FIFO");
    assert_list_refuses(dir.path(), "tasks/02.yaml");
    // A command that reads only group 1 is not held up either.
    let r = taizhang(dir.path(), &["show", "1.1"]);
    assert_ended(&r);
}

#[test]
fn an_unreadable_group_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = base_checklist();
    let path = dir.path().join("tasks/01.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = taizhang(dir.path(), &["check"]);
    assert_ended(&r);
    // Run as a user the permissions refuse (the superuser reads anything).
    for (args, code) in [(&["check"][..], 1), (&["list"][..], 2)] {
        let output = common::command_unprivileged(dir.path()).args(args).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{text}");
        assert!(text.contains("tasks/01.yaml") && text.contains("permission"), "{text}");
    }
}

#[test]
fn a_group_file_in_a_subfolder_is_an_error_not_a_group() {
    let dir = base_checklist();
    std::fs::create_dir(dir.path().join("tasks/sub")).unwrap();
    std::fs::write(dir.path().join("tasks/sub/02.yaml"), GROUP_2).unwrap();
    assert_check_names(dir.path(), "tasks/sub/02.yaml", "subfolder");
    assert_list_refuses(dir.path(), "tasks/sub/02.yaml");
    let r = taizhang(dir.path(), &["list", "--keep-going", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.contains("\"2.1\""), "never loaded: {}", r.stdout);
}

#[test]
fn a_fifo_as_taizhang_toml_is_an_error_and_never_opened() {
    let dir = base_checklist();
    std::fs::remove_file(dir.path().join("taizhang.toml")).unwrap();
    mkfifo(&dir.path().join("taizhang.toml"));
    assert_check_names(dir.path(), "taizhang.toml", "FIFO");
    assert_list_refuses(dir.path(), "taizhang.toml");
}

#[test]
fn a_fifo_as_the_unit_registry_is_an_error_and_never_opened() {
    let dir = base_checklist();
    std::fs::remove_file(dir.path().join("tasks/units.toml")).unwrap();
    mkfifo(&dir.path().join("tasks/units.toml"));
    assert_check_names(dir.path(), "tasks/units.toml", "FIFO");
    assert_list_refuses(dir.path(), "tasks/units.toml");
    let r = taizhang(dir.path(), &["set", "1.1", "doing", "--unit", "市司法局", "--date", "2021-01-05"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("tasks/units.toml"), "{}", r.stderr);
}

#[test]
fn a_file_over_the_configured_limit_is_refused() {
    let dir = base_checklist();
    let config = dir.path().join("taizhang.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("[settings]\n", "[settings]\nmax_file_mb = 1\n");
    std::fs::write(&config, text).unwrap();
    let padding = "# 填充\n".repeat(1024 * 1024 / 9 + 1000);
    std::fs::write(dir.path().join("tasks/02.yaml"), format!("{GROUP_2}{padding}")).unwrap();
    assert_check_names(dir.path(), "tasks/02.yaml", "larger than the limit of 1 MB");
    assert_list_refuses(dir.path(), "tasks/02.yaml");
    // Under the limit, the same file is a group like any other.
    std::fs::write(dir.path().join("tasks/02.yaml"), GROUP_2).unwrap();
    let r = taizhang(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn the_default_limit_is_64_mb() {
    let dir = base_checklist();
    let file = std::fs::File::create(dir.path().join("tasks/02.yaml")).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    assert_check_names(dir.path(), "tasks/02.yaml", "larger than the limit of 64 MB");
}

#[test]
fn import_refuses_an_endless_input() {
    let dir = tempfile::tempdir().unwrap();
    let r = taizhang(dir.path(), &["import", "/dev/zero", "--out", "c"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("/dev/zero") && r.stderr.contains("64 MB"), "{}", r.stderr);
    assert!(!dir.path().join("c/tasks").exists());
}

#[test]
fn import_takes_its_limit_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("notice.txt");
    std::fs::write(&notice, "通知\n".repeat(200_000)).unwrap();
    let mut cmd = command(dir.path());
    cmd.args(["import", "notice.txt", "--out", "c"]).env("TAIZHANG_MAX_FILE_MB", "1");
    let r = run_bounded(cmd);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("notice.txt") && r.stderr.contains("1 MB"), "{}", r.stderr);
    assert!(r.stderr.contains("TAIZHANG_MAX_FILE_MB"), "the hint says how to raise it: {}", r.stderr);
}

/// A group file whose measures nest aliases `levels` deep, `fan` to a
/// level: the first measure's text expands `fan^levels` times.
fn alias_bomb(scalar: &str, levels: usize, fan: usize) -> String {
    let mut text = String::from("group: \"2\"\ntitle: \"t\"\nmeasures:\n");
    text.push_str(&format!("  - &m0 {{id: \"2.0\", text: \"{scalar}\"}}\n"));
    for level in 1..=levels {
        let items = vec![format!("*m{}", level - 1); fan].join(", ");
        text.push_str(&format!("  - &m{level} {{id: \"2.{level}\", text: \"t\", items: [{items}]}}\n"));
    }
    text
}

fn assert_aliases_refused(dir: &Path, r: &Run) {
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("tasks/02.yaml:4:9: error: anchors (&) and aliases (*) are not used in group files"),
        "{}",
        r.stdout
    );
    let r = taizhang(dir, &["check", "--lang", "zh"]);
    assert!(r.stdout.contains("tasks/02.yaml:4:9: error: 基本要求文件中不使用锚点(&)和别名(*)"), "{}", r.stdout);
}

#[test]
fn a_billion_laughs_is_refused() {
    let dir = base_checklist();
    std::fs::write(dir.path().join("tasks/02.yaml"), alias_bomb("lol", 9, 10)).unwrap();
    let r = taizhang_limited(dir.path(), &["check"]);
    assert_aliases_refused(dir.path(), &r);
}

#[test]
fn one_big_scalar_behind_nested_aliases_is_refused() {
    let dir = base_checklist();
    std::fs::write(dir.path().join("tasks/02.yaml"), alias_bomb(&"x".repeat(1024 * 1024), 4, 10)).unwrap();
    let r = taizhang_limited(dir.path(), &["check"]);
    assert_aliases_refused(dir.path(), &r);
}

#[test]
fn history_and_review_refuse_alias_bombs_too() {
    let dir = base_checklist();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "base"]);
    std::fs::write(dir.path().join("tasks/02.yaml"), alias_bomb(&"x".repeat(1024 * 1024), 4, 10)).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-qm", "bomb"]);
    std::fs::remove_file(dir.path().join("tasks/02.yaml")).unwrap();
    git(&["commit", "-qam", "gone"]);
    assert_ended(&taizhang_limited(dir.path(), &["history"]));
    assert_ended(&taizhang_limited(dir.path(), &["review", "HEAD~2..HEAD~1"]));
}

#[test]
fn ampersands_and_asterisks_in_text_and_comments_are_text() {
    let dir = base_checklist();
    let text = GROUP_2.replace("措施。", "甲 & 乙 *重点* &a *a") + "# &anchor *alias in a comment\n";
    let text = text.replace("title: \"第二项要求。\"", "title: 'single & quoted *a'  # &x *x");
    std::fs::write(dir.path().join("tasks/02.yaml"), text).unwrap();
    let r = taizhang(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn nesting_10000_deep_is_refused_without_a_crash() {
    // Block and flow nesting of any shape, and measures really nested in
    // measures, as deep as the parser lets them.
    let head = "group: \"2\"\ntitle: \"t\"\nmeasures:\n";
    let mut measures = String::from(head);
    for level in 0..120 {
        let indent = " ".repeat(2 * level);
        measures.push_str(&format!("{indent}- id: \"2.{level}\"\n{indent}  text: \"t\"\n{indent}  items:\n"));
    }
    measures.push_str(&format!("{}- {{id: \"2.x\", text: \"t\", items: ", " ".repeat(240)));
    measures.push_str(&"[{id: \"2.y\", text: \"t\", items: ".repeat(120));
    measures.push_str(&format!("[]{}}}\n", "}]".repeat(120)));
    let shapes = [
        format!("{head}{}x\n", "- ".repeat(10_000)),
        format!("{head}  {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{head}  - {}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)),
        measures,
    ];
    for text in shapes {
        let dir = base_checklist();
        std::fs::write(dir.path().join("tasks/02.yaml"), text).unwrap();
        let r = taizhang_limited(dir.path(), &["check"]);
        assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
        assert!(r.stdout.contains("tasks/02.yaml:"), "{}", r.stdout);
    }
}
