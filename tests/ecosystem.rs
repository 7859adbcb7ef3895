//! Around the checklist: shell completions, the man page, `init` for a new
//! checklist, and the help of every command.

mod common;

use clap::CommandFactory;
use common::{command, run};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The names of the commands, from the command-line definitions themselves.
fn commands() -> Vec<String> {
    let cli = taizhang::cli::Cli::command();
    let names: Vec<String> = cli.get_subcommands().map(|c| c.get_name().to_string()).collect();
    assert!(names.len() > 10, "{names:?}");
    names
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    // The shell's own way of registering the script, and of offering `overdue`.
    let shells = [
        ("bash", "complete -F _taizhang", "taizhang,overdue)"),
        ("zsh", "#compdef taizhang", "'overdue:"),
        ("fish", "complete -c taizhang", "-a \"overdue\""),
        ("powershell", "Register-ArgumentCompleter", "[CompletionResult]::new('overdue'"),
    ];
    for (shell, registers, overdue) in shells {
        let r = run(dir.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.lines().count() > 50, "{shell}: too short:\n{}", r.stdout);
        assert!(r.stdout.contains(registers), "{shell}: no `{registers}`");
        assert!(r.stdout.contains(overdue), "{shell}: no `{overdue}`");
        for name in commands() {
            assert!(r.stdout.contains(&name), "{shell}: no command `{name}`");
        }
    }
}

#[test]
fn completions_of_an_unknown_shell_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["completions", "cmd.exe"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
}

#[test]
fn man_page_has_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".TH TAIZHANG 1 "), "{}", &r.stdout[..200.min(r.stdout.len())]);
    assert_eq!(r.stdout.matches(".TH ").count(), 1, "one page, one title");
    for heading in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH COMMANDS"] {
        assert!(r.stdout.contains(heading), "no `{heading}`");
    }
    for name in commands() {
        // Listed under COMMANDS, and a section of its own with its examples.
        assert!(r.stdout.contains(&format!("\\fBtaizhang {name}\\fR")), "`{name}` is not listed");
        let heading = format!(".SH \"TAIZHANG {}\"", name.to_uppercase());
        let start = r.stdout.find(&heading).unwrap_or_else(|| panic!("no section `{heading}`"));
        let section = &r.stdout[start..];
        let end = section[heading.len()..].find(".SH ").map_or(section.len(), |i| i + heading.len());
        let section = &section[..end];
        for part in [".SS SYNOPSIS", ".SS DESCRIPTION", "Example"] {
            assert!(section.contains(part), "`{name}`'s section has no `{part}`");
        }
    }
    // No references to per-command pages that are not there.
    assert!(!r.stdout.contains("taizhang\\-import(1)"));
}

#[test]
fn man_synopsis_names_every_value() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("\\-C \\fR]"), "`[-C ]` without its value");
    assert!(
        r.stdout.contains(
            "\\fBtaizhang\\fR [\\fB\\-C\\fR \\fIDIR\\fR] [\\fB\\-\\-as\\-of\\fR \\fIDATE\\fR] [\\fB\\-\\-lang\\fR \\fILANG\\fR]"
        ),
        "{}",
        r.stdout.lines().find(|l| l.starts_with("\\fBtaizhang\\fR [")).unwrap_or_default()
    );
    let extend = r.stdout.lines().find(|l| l.starts_with("\\fBtaizhang extend\\fR [")).expect("extend's synopsis");
    assert!(
        extend.contains(" \\fB\\-\\-to\\fR \\fITO\\fR \\fB\\-\\-reason\\fR \\fIREASON\\fR <\\fIID\\fR>"),
        "{extend}"
    );
}

#[test]
fn every_command_has_a_summary_and_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for name in commands() {
        let r = run(dir.path(), &[&name, "--help"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let summary = r.stdout.lines().next().unwrap_or_default();
        assert!(!summary.trim().is_empty() && !summary.starts_with("Usage"), "{name}: no summary line");
        // The description, above the usage line that names the command anyway.
        let description = &r.stdout[..r.stdout.find("Usage:").unwrap_or(0)];
        assert!(description.contains("Example"), "`taizhang {name} --help` has no example:\n{}", r.stdout);
        assert!(description.contains(&format!("taizhang {name}")), "{name}: the example does not run `{name}`");
    }
}

/// In the shipped checklist (`lang = "zh"`) the help is Chinese, with the
/// same examples; no English help text of a command's options is left.
#[test]
fn every_command_has_its_help_in_chinese() {
    let root = common::repo();
    let cli = taizhang::cli::Cli::command();
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        let r = run(&root, &[name, "--help"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let usage = r.stdout.find("\n用法: ").unwrap_or_else(|| panic!("{name}: no 用法 line:\n{}", r.stdout));
        let description = &r.stdout[..usage];
        assert!(description.contains("示例"), "`taizhang {name} --help` has no example:\n{}", r.stdout);
        assert!(description.contains(&format!("taizhang {name}")), "{name}: the example does not run `{name}`");
        assert!(r.stdout.contains("\n选项:\n"), "{name}:\n{}", r.stdout);
        for english in sub.get_arguments().chain(cli.get_arguments()).filter_map(|a| a.get_help()) {
            let english = english.to_string();
            assert!(!r.stdout.contains(&english), "{name}: English help left: {english}");
        }
        for word in ["Usage:", "Options:", "Arguments:", "Print help", "[default:", "[possible values:"] {
            assert!(!r.stdout.contains(word), "{name}: `{word}` in\n{}", r.stdout);
        }
    }
}

/// `--help`, `set --help` and a mistyped command: Chinese in the shipped
/// checklist, English with `--lang en`.
#[test]
fn help_and_a_mistyped_command_follow_the_language() {
    let root = common::repo();
    let zh = run(&root, &["--help"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(zh.stdout.starts_with("台账: "), "{}", zh.stdout);
    for part in
        ["\n用法: taizhang [选项] <命令>\n", "\n命令:\n  import ", "\n选项:\n  -C <DIR> ", "\n示例:\n  taizhang list "]
    {
        assert!(zh.stdout.contains(part), "`{part}` not in\n{}", zh.stdout);
    }
    let en = run(&root, &["--help", "--lang", "en"]);
    assert!(en.stdout.contains("\nUsage: taizhang [OPTIONS] <COMMAND>\n"), "{}", en.stdout);
    assert!(en.stdout.contains("\nCommands:\n") && en.stdout.contains("\nExamples:\n"), "{}", en.stdout);

    let zh = run(&root, &["set", "--help"]);
    assert!(zh.stdout.starts_with("记录一个单位在一项措施上的进展\n"), "{}", zh.stdout);
    assert!(zh.stdout.contains("\n用法: taizhang set [选项] <ID> <STATUS>\n\n参数:\n"), "{}", zh.stdout);
    assert!(zh.stdout.contains("\n  -u, --unit <UNIT>\n          记录哪个单位的进展"), "{}", zh.stdout);
    let en = run(&root, &["--lang", "en", "set", "--help"]);
    assert!(en.stdout.starts_with("Record one unit's progress on one leaf.\n"), "{}", en.stdout);
    assert!(en.stdout.contains("\nUsage: taizhang set [OPTIONS] <ID> <STATUS>\n"), "{}", en.stdout);

    let zh = run(&root, &["lits"]);
    assert_eq!((zh.code, zh.stdout.as_str()), (2, ""));
    assert_eq!(
        zh.stderr,
        "error: 无法识别的命令 `lits`\n\n  hint: 是否应为 `list`?\n\n用法: taizhang [选项] <命令>\n\n\
         更多信息请运行 `taizhang --help`。\n"
    );
    let en = run(&root, &["lits", "--lang", "en"]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.starts_with("error: unrecognized subcommand 'lits'\n"), "{}", en.stderr);
    assert!(en.stderr.contains("tip: a similar subcommand exists: 'list'"), "{}", en.stderr);

    // The help command, and clap's errors about values.
    let zh = run(&root, &["help", "extend"]);
    assert!(zh.stdout.starts_with("记录一项措施的延期"), "{}", zh.stdout);
    let zh = run(&root, &["list", "--format", "jsn"]);
    assert!(
        zh.stderr.starts_with(
            "error: --format <FORMAT> 的值 `jsn` 无效\n  [可选值: table, json, csv, md]\n\n  hint: 是否应为 `json`?\n"
        ),
        "{}",
        zh.stderr
    );
    assert!(zh.stderr.ends_with("更多信息请运行 `taizhang list --help`。\n"), "{}", zh.stderr);
    // Outside a checklist the locale decides.
    let dir = tempfile::tempdir().unwrap();
    let zh = command(dir.path()).args(["set"]).env("LANG", "zh_CN.UTF-8").output().unwrap();
    let stderr = String::from_utf8(zh.stderr).unwrap();
    assert!(stderr.starts_with("error: 缺少必需的参数:\n  <ID>\n  <STATUS>\n"), "{stderr}");
}

/// Every file under `dir`, `.git` included: its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let modified = e.metadata().unwrap().modified().unwrap();
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), (std::fs::read(e.path()).unwrap(), modified))
        })
        .collect()
}

const FILES: [&str; 4] = ["taizhang.toml", "tasks/units.toml", "README.md", ".gitignore"];

#[test]
fn init_creates_a_checklist_that_checks_and_a_second_init_changes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let r = run(temp.path(), &["init", "台账"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let root = temp.path().join("台账");
    for file in FILES {
        assert!(root.join(file).is_file(), "{file} was not created");
        assert!(r.stdout.contains(&format!("created 台账/{file}")), "{file} not reported:\n{}", r.stdout);
    }
    assert!(root.join(".git").is_dir(), "no git repository");
    assert!(r.stdout.contains("initialised a git repository in 台账"), "{}", r.stdout);
    // The settings block is the one `import` writes; the registry is marked as an example.
    let config = std::fs::read_to_string(root.join("taizhang.toml")).unwrap();
    assert!(config.contains("[settings]") && config.contains("stale_days = 90"), "{config}");
    let units = std::fs::read_to_string(root.join("tasks/units.toml")).unwrap();
    assert!(units.contains("EXAMPLE") && units.contains("[[unit]]") && units.contains("[[collective]]"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for step in ["taizhang import", "taizhang check", "taizhang list"] {
        assert!(readme.contains(step), "README.md does not mention `{step}`");
    }

    // The new, empty checklist passes check, and list works on it.
    let check = run(temp.path(), &["-C", "台账", "check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let list = run(&root, &["list", "--format", "json"]);
    assert_eq!((list.code, list.stdout.trim()), (0, "[]"), "{}", list.stderr);

    // Again: nothing is written, and it says so.
    let before = snapshot(&root);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = run(temp.path(), &["init", "台账", "--lang", "zh"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.starts_with("无需改动"), "{}", again.stdout);
    assert!(!again.stdout.contains("已创建"), "{}", again.stdout);
    let english = run(temp.path(), &["init", "台账", "--lang", "en"]);
    assert!(english.stdout.starts_with("nothing to do") && english.stdout.contains("nothing was created"));
    assert_eq!(snapshot(&root), before, "a second init changed files");
}

#[test]
fn init_keeps_existing_files_and_adds_the_missing_ones() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("README.md"), "mine\n").unwrap();
    let r = run(temp.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(temp.path().join("README.md")).unwrap(), "mine\n");
    assert!(r.stdout.contains("kept ./README.md"), "{}", r.stdout);
    assert!(temp.path().join("taizhang.toml").is_file() && temp.path().join("tasks/units.toml").is_file());
}

#[test]
fn init_in_a_git_repository_does_not_nest_one() {
    let temp = tempfile::tempdir().unwrap();
    let git = std::process::Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(temp.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs");
    assert!(git.success());
    // Relative to -C, as every command's paths are.
    std::fs::create_dir(temp.path().join("docs")).unwrap();
    let r = run(temp.path(), &["-C", "docs", "init", "台账/2021"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let root = temp.path().join("docs/台账/2021");
    assert!(root.join("taizhang.toml").is_file(), "{}", r.stdout);
    assert!(!root.join(".git").exists(), "a repository was nested in the existing one");
    assert!(!r.stdout.contains("initialised a git"), "{}", r.stdout);
    let check = command(temp.path()).args(["-C", "docs/台账/2021", "check"]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}
