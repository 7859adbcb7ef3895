//! `taizhang init`: an empty checklist to start from — taizhang.toml,
//! tasks/units.toml with example entries, a README and a .gitignore, in a
//! git repository. It only ever adds what is missing: an existing file is
//! never touched, so running it again changes nothing.

use super::Context;
use crate::cli::InitArgs;
use crate::git;
use crate::i18n::{self, Lang};
use crate::import::NoticeMeta;
use crate::model::config::new_config_text;
use crate::store::{CONFIG_FILE, UNITS_FILE, write_atomic};
use crate::tr;
use anyhow::{Context as _, Result};
use std::io::Write;
use std::path::Path;

/// Runs the command; returns its exit status.
pub fn run(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<u8> {
    let root = match &args.dir {
        // Shown as given: `台账/README.md`, not `./台账/README.md`.
        Some(dir) if ctx.dir == Path::new(".") => dir.clone(),
        Some(dir) => ctx.dir.join(dir),
        None => ctx.dir.clone(),
    };
    // Messages follow a checklist that is already there, like `import`.
    super::set_lang(ctx.lang, &root);
    std::fs::create_dir_all(&root).with_context(|| tr!("无法创建 {}", "cannot create {}", root.display()))?;

    // git first: when it cannot run, nothing but the folder has been made.
    let new_repository = !git::is_repository(&root);
    if new_repository {
        git::init(&root)?;
    }

    let files = [
        (CONFIG_FILE, config_text()),
        (UNITS_FILE, UNITS_EXAMPLE.to_string()),
        ("README.md", readme_text().to_string()),
        (".gitignore", GITIGNORE.to_string()),
    ];
    let mut created = Vec::new();
    let mut kept = Vec::new();
    for (rel, text) in &files {
        let path = root.join(rel);
        // symlink_metadata: a dangling link is there too, and is not replaced.
        if std::fs::symlink_metadata(&path).is_ok() {
            kept.push(*rel);
        } else {
            write_atomic(&path, text)?;
            created.push(*rel);
        }
    }

    if created.is_empty() && !new_repository {
        writeln!(
            out,
            "{}",
            tr!(
                "无需改动: {} 已有 {} 且在 git 仓库中;没有新建或更改任何文件",
                "nothing to do: {} already has {} and is in a git repository; nothing was created or changed",
                root.display(),
                kept.join(&tr!("、", ", "))
            )
        )?;
        return Ok(0);
    }
    for rel in &created {
        writeln!(out, "{}", tr!("已创建 {}", "created {}", root.join(rel).display()))?;
    }
    for rel in &kept {
        writeln!(out, "{}", tr!("已存在,未改动 {}", "kept {} (already there)", root.join(rel).display()))?;
    }
    if new_repository {
        writeln!(out, "{}", tr!("已在 {} 初始化 git 仓库", "initialised a git repository in {}", root.display()))?;
    }
    writeln!(
        out,
        "{}",
        tr!(
            "下一步: 导入通知的任务清单,整理单位名录,再运行 `taizhang check`;见 {}",
            "next: import the notice's task list, curate the unit registry, then run `taizhang check`; see {}",
            root.join("README.md").display()
        )
    )?;
    Ok(0)
}

/// `taizhang.toml`: the settings block `import` writes (one source of truth),
/// with a title to replace and a note on the notice's details.
fn config_text() -> String {
    let meta = NoticeMeta { title: "未命名任务清单".to_string(), ..NoticeMeta::default() };
    format!(
        "# Created by `taizhang init`. Replace the title below with the task list's\n\
         # own title, and add the notice's 文号, issuer and date, for example:\n\
         #   number = \"宜司发〔2020〕5号\"\n\
         #   issuer = \"宜昌市司法局\"\n\
         #   date = \"2020年8月6日\"\n\
         # (`taizhang import` writes this file from the notice only when it is absent.)\n{}",
        new_config_text(&meta, crate::i18n::current())
    )
}

/// A registry that passes `check` and shows the format: example units and a
/// collective, clearly marked for replacing.
const UNITS_EXAMPLE: &str = r#"# Unit registry (单位名录): every unit the group files may name.
# EXAMPLE: the entries below only show the format. Replace them with the units
# of your notice; `taizhang check` reports every name it does not know.
#
# A unit: its canonical name, other spellings that mean the same unit, and its
# kind, one of department, judicial, association, area, other.

[[unit]]
name = "示例局"                 # EXAMPLE: replace
aliases = ["示例市局"]          # other spellings (optional)
kind = "department"

[[unit]]
name = "示例区"                 # EXAMPLE: replace
kind = "area"

[[unit]]
name = "示例县"                 # EXAMPLE: replace
kind = "area"

# A collective: a name that stands for many units (各县市区). Its members are
# units or other collectives; measures assigned to it are found by each member.

[[collective]]
name = "各示例县区"             # EXAMPLE: replace
aliases = ["示例县区"]
members = ["示例区", "示例县"]

# A collective of every unit of one kind:
#
# [[collective]]
# name = "市直各部门"
# aliases = ["市直各单位"]
# all_of_kind = "department"
"#;

const GITIGNORE: &str = "# taizhang: the write lock, and temporary files of interrupted writes\n\
.taizhang.lock\n\
.*.taizhang-tmp\n\
# Editors and operating systems\n\
*.swp\n\
*~\n\
.DS_Store\n\
Thumbs.db\n\
# Lock files of documents open in Office or WPS\n\
~$*\n\
.~lock.*#\n";

/// The README stub, in the language of messages.
fn readme_text() -> &'static str {
    match i18n::current() {
        Lang::Zh => README_ZH,
        Lang::En => README_EN,
    }
}

const README_ZH: &str = r#"# 任务清单台账

本目录是一份 taizhang 台账,由 `taizhang init` 创建。

| 文件 | 内容 |
|---|---|
| `taizhang.toml` | 通知信息(标题、文号、发文单位、日期)和设置 |
| `tasks/units.toml` | 单位名录:单位名称、别名、类型和集合(如 各县市区);现为示例,请替换 |
| `tasks/NN.yaml` | 每个基本要求一个文件,由 `taizhang import` 写入 |

## 下一步

1. 导入通知的任务清单(UTF-8 文本)。`import` 只在 `taizhang.toml` 和
   `tasks/units.toml` 不存在时写入它们,因此要让它们按通知生成,请先删除这两个示例文件:

   ```sh
   rm taizhang.toml tasks/units.toml
   taizhang import 通知.txt
   ```

   也可以保留它们:在 `taizhang.toml` 的 `[checklist]` 中填写通知信息,
   并在 `tasks/units.toml` 中用通知里的单位替换示例。

2. 整理 `tasks/units.toml`:单位类型、别名、集合的成员。
3. 检查全部文件:`taizhang check`
4. 查看任务:`taizhang list --unit 单位名称`,逾期周报:`taizhang overdue`
5. 提交:`git add . && git commit -m "导入任务清单"`

记录进展用 `taizhang set 编号 已完成 --unit 单位名称 --commit`;
各命令的用法见 `taizhang 命令 --help`。
"#;

const README_EN: &str = r#"# Task list (台账)

This folder is a taizhang checklist, created by `taizhang init`.

| file | holds |
|---|---|
| `taizhang.toml` | the notice (title, 文号, issuer, date) and settings |
| `tasks/units.toml` | the unit registry: names, aliases, kinds and collectives (such as 各县市区); examples for now, to replace |
| `tasks/NN.yaml` | one file per requirement group, written by `taizhang import` |

## Next steps

1. Import the notice's task list (任务清单) as UTF-8 text. `import` writes
   `taizhang.toml` and `tasks/units.toml` only when they are absent, so to
   have them written from the notice, remove the two example files first:

   ```sh
   rm taizhang.toml tasks/units.toml
   taizhang import notice.txt
   ```

   Or keep them: fill in `[checklist]` in `taizhang.toml`, and replace the
   examples in `tasks/units.toml` with the units the notice names.

2. Curate `tasks/units.toml`: kinds, aliases, the members of collectives.
3. Check every file: `taizhang check`
4. What a unit must do: `taizhang list --unit UNIT`; what is late: `taizhang overdue`
5. Commit: `git add . && git commit -m "Import the task list"`

Record progress with `taizhang set ID done --unit UNIT --commit`;
`taizhang COMMAND --help` explains each command.
"#;
