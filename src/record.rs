//! Recording a change to one group file safely: under the checklist's write
//! lock, only if the file passes `check` before, and only if after the edit
//! it parses, passes `check` and differs from the old content in exactly the
//! intended way. Otherwise nothing is written.

use crate::check::check;
use crate::diagnostic::Diagnostic;
use crate::layout::group_file;
use crate::ledger::Ledger;
use crate::model::GroupFile;
use crate::store::{self, Checklist};
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

/// Applies `make_edit` to the file holding `leaf`, and commits the file
/// when `commit` is asked for or the checklist's `commit` setting is on.
pub fn record(
    root: &Path,
    leaf: &str,
    commit: bool,
    make_edit: impl FnOnce(&Checklist, &Ledger, &GroupFile, &str) -> Result<Edit>,
) -> Result<Recorded> {
    let _lock = store::lock(root)?;
    let (checklist, path) = store::load_for_leaf(root, leaf)?;
    let commit = commit || checklist.config.settings.commit;
    if commit {
        crate::git::require_repository(root, "committing")?;
    }
    let (ledger, problems) = check(&checklist);
    let file = &checklist.files[0];
    refuse_if_any(&problems, &format!("{} does not pass `taizhang check`", file.rel))?;
    let group = file.group.as_ref().ok_or_else(|| anyhow!("{} could not be read", file.rel))?;
    let edit = make_edit(&checklist, &ledger, group, &file.text)?;
    let reread = store::read_group_text(&edit.text)
        .map_err(|e| anyhow!("internal error: the edit made {} unreadable ({e}); nothing was changed", file.rel))?;
    if group_file(&reread) != group_file(&edit.expected) {
        bail!("internal error: the edit of {} would change more than intended; nothing was changed", file.rel);
    }
    let after = Checklist {
        files: vec![store::SourceFile { rel: file.rel.clone(), text: edit.text.clone(), group: Some(reread) }],
        problems: Vec::new(),
        ..checklist
    };
    let (_, problems) = check(&after);
    refuse_if_any(&problems, "the change would leave the file with problems")?;
    store::write_atomic(&path, &edit.text)?;
    let rel = after.files[0].rel.clone();
    let commit = if commit {
        let mut message = format!("{}\n\n", edit.summary);
        for (key, value) in &edit.trailers {
            message.push_str(&format!("{key}: {value}\n"));
        }
        let hash = crate::git::commit_file(root, &rel, &message).map_err(|e| {
            anyhow!("{} is saved, but could not be committed: {e:#}\nhint: fix the cause and commit it yourself: git commit {rel}", edit.summary)
        })?;
        Some(hash)
    } else {
        None
    };
    Ok(Recorded { file: rel, summary: edit.summary, commit })
}

fn refuse_if_any(problems: &[Diagnostic], what: &str) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    for problem in problems.iter().take(5) {
        eprint!("{}", problem.render());
    }
    bail!(
        "{what}: {} problem(s); nothing was changed\nhint: fix them first (`taizhang check` lists them all)",
        problems.len()
    )
}
