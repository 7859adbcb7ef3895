//! Recording a change to one group file safely: under the checklist's write
//! lock, only if the file passes `check` before, and only if after the edit
//! it parses, passes `check` and differs from the old content in exactly the
//! intended way. Otherwise nothing is written.

use crate::check::check;
use crate::check::diagnostic::Diagnostic;
use crate::model::GroupFile;
use crate::model::ledger::Ledger;
use crate::store::layout::group_file;
use crate::store::{self, Checklist};
use crate::tr;
use anyhow::{Result, anyhow, bail};
use std::path::Path;

/// What an edit proposes: the new file text, and the content it must have.
pub struct Edit {
    pub text: String,
    pub expected: GroupFile,
    /// One line saying what changed, for the user and the commit message.
    pub summary: String,
    /// Git trailers for the commit: (key, value).
    pub trailers: Vec<(&'static str, String)>,
}

/// What was written.
pub struct Recorded {
    /// The file, relative to the checklist root.
    pub file: String,
    pub summary: String,
    /// The commit made, if any.
    pub commit: Option<String>,
}

/// Refuses a blank `--note` or `--evidence` (empty or only spaces): stored,
/// it would read as a note or evidence that says nothing.
pub fn refuse_blank(note: Option<&str>, evidence: &[String]) -> Result<()> {
    if note.is_some_and(|n| n.trim().is_empty()) {
        bail!(tr!(
            "--note 为空\nhint: 请写明做了什么或受阻的原因;不需要备注时去掉 --note",
            "--note is blank\nhint: say what was done or what is in the way, or leave out --note"
        ));
    }
    if evidence.iter().any(|e| e.trim().is_empty()) {
        bail!(tr!(
            "--evidence 为空\nhint: 请写文号、链接或仓库中的文件;没有佐证时去掉 --evidence",
            "--evidence is blank\nhint: give a 文号, a link or a file in the repository, or leave out --evidence"
        ));
    }
    Ok(())
}

/// Evidence already recorded, then each new item not yet among it.
pub fn merge_evidence(old: &[String], new: &[String]) -> Vec<String> {
    let mut all = old.to_vec();
    for item in new {
        if !all.contains(item) {
            all.push(item.clone());
        }
    }
    all
}

impl Recorded {
    /// What the user is told: the change, the file, and the commit if any;
    /// a reason over several lines continues under it.
    pub fn line(&self) -> String {
        let line = match &self.commit {
            Some(hash) => format!("{}  {}  [{hash}]", self.summary, self.file),
            None => format!("{}  {}", self.summary, self.file),
        };
        crate::report::render::value(&line, "")
    }
}

/// Applies `make_edit` to the file holding `leaf`, and commits the file
/// when `commit` is asked for or the checklist's `commit` setting is on.
pub fn record(
    root: &Path,
    leaf: &str,
    commit: bool,
    make_edit: impl FnOnce(&Checklist, &Ledger, &GroupFile, &str) -> Result<Edit>,
) -> Result<Recorded> {
    write(root, leaf, |checklist| commit || checklist.config.settings.commit, make_edit)
}

/// `record`, never committing whatever the `commit` setting says: for a
/// caller that commits several edits as one (`collect --commit`).
pub fn record_uncommitted(
    root: &Path,
    leaf: &str,
    make_edit: impl FnOnce(&Checklist, &Ledger, &GroupFile, &str) -> Result<Edit>,
) -> Result<Recorded> {
    write(root, leaf, |_| false, make_edit)
}

/// Applies `make_edit` to the file holding `leaf`, committing it when
/// `commit` says so for the checklist.
fn write(
    root: &Path,
    leaf: &str,
    commit: impl FnOnce(&Checklist) -> bool,
    make_edit: impl FnOnce(&Checklist, &Ledger, &GroupFile, &str) -> Result<Edit>,
) -> Result<Recorded> {
    let _lock = store::lock(root)?;
    let (checklist, path) = store::load_for_leaf(root, leaf)?;
    let commit = commit(&checklist);
    if commit {
        crate::git::require_repository(root, &tr!("提交", "committing"))?;
    }
    let (ledger, problems) = check(&checklist);
    let file = &checklist.files[0];
    refuse_if_any(&problems, &tr!("{} 未通过 `taizhang check`", "{} does not pass `taizhang check`", file.rel))?;
    if commit {
        refuse_other_changes(root, &file.rel)?;
    }
    let group = file.group.as_ref().ok_or_else(|| anyhow!(tr!("无法读取 {}", "{} could not be read", file.rel)))?;
    let edit = make_edit(&checklist, &ledger, group, &file.text)?;
    let reread = match store::read_group_text(&edit.text) {
        Ok(reread) if group_file(&reread) == group_file(&edit.expected) => reread,
        outcome => return Err(not_in_place(&file.rel, &file.text, group, outcome.err())),
    };
    let after = Checklist {
        files: vec![store::SourceFile { rel: file.rel.clone(), text: edit.text.clone(), group: Some(reread) }],
        problems: Vec::new(),
        ..checklist
    };
    let (_, problems) = crate::check::problems(&after);
    refuse_if_any(&problems, &tr!("修改后文件会存在问题", "the change would leave the file with problems"))?;
    store::write_atomic(&path, &edit.text)?;
    let rel = after.files[0].rel.clone();
    let commit = if commit {
        let mut message = format!("{}\n\n", edit.summary);
        for (key, value) in &edit.trailers {
            message.push_str(&format!("{key}: {value}\n"));
        }
        let hash = crate::git::commit_file(root, &rel, &message).map_err(|e| {
            anyhow!(tr!(
                "{} 已保存,但未能提交: {e:#}\nhint: 请排除原因后自行提交: git commit {rel}",
                "{} is saved, but could not be committed: {e:#}\nhint: fix the cause and commit it yourself: git commit {rel}",
                edit.summary
            ))
        })?;
        Some(hash)
    } else {
        None
    };
    Ok(Recorded { file: rel, summary: edit.summary, commit })
}

/// Why an edit that did not read back as intended is refused. The edits
/// handle every file in the canonical layout (comments included), so for
/// a file `fmt` would change the way out is `fmt`; for one it would not,
/// the edit itself is wrong.
fn not_in_place(rel: &str, text: &str, group: &GroupFile, error: Option<serde_saphyr::Error>) -> anyhow::Error {
    if crate::store::reformat::reformat(text, group) != text {
        return anyhow!(tr!(
            "{rel} 的写法无法就地修改;未做任何更改\nhint: 请先运行 `taizhang fmt` 把文件整理为规范格式,再重试",
            "{rel} is laid out in a way that cannot be edited in place; nothing was changed\nhint: run `taizhang fmt` to put it in the canonical layout, then try again"
        ));
    }
    let why = match error {
        Some(e) => tr!("修改后无法读取({e})", "the edit made it unreadable ({e})"),
        None => tr!("修改会超出预期范围", "the edit would change more than intended"),
    };
    anyhow!(tr!(
        "内部错误: {rel}: {why};未做任何更改\nhint: 请报告此问题,并附上该文件",
        "internal error: {rel}: {why}; nothing was changed\nhint: please report this, with the file"
    ))
}

/// Refuses, before anything is written, to commit a file that already
/// differs from its committed version: the commit would carry those edits
/// too, under a message and trailers that describe only this one.
pub fn refuse_other_changes(root: &Path, rel: &str) -> Result<()> {
    if crate::git::is_unchanged(root, rel)? {
        return Ok(());
    }
    bail!(tr!(
        "{rel} 还有未提交的修改,提交时会被一并带入本次提交;未做任何更改\n\
         hint: 请先提交或暂存(git stash)这些修改,或不提交本次修改(去掉 --commit,并关闭 commit 设置)",
        "{rel} has other uncommitted changes, which the commit would sweep in; nothing was changed\n\
         hint: commit or stash (git stash) them first, or record this change without committing it \
         (drop --commit and turn off the `commit` setting)"
    ))
}

fn refuse_if_any(problems: &[Diagnostic], what: &str) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    for problem in problems.iter().take(5) {
        eprint!("{}", problem.render());
    }
    bail!(tr!(
        "{what}: 有 {} 个问题,未做任何更改\nhint: 请先修正(`taizhang check` 可列出全部问题)",
        "{what}: {} problem(s); nothing was changed\nhint: fix them first (`taizhang check` lists them all)",
        problems.len()
    ))
}
