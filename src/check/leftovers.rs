//! Files an interrupted write left in the checklist: temporaries that a
//! `git add -A` would sweep into a commit. Warnings, not errors: the data is
//! whole, and the next edit removes them.

use crate::check::diagnostic::Diagnostic;
use crate::tr;
use std::path::{Path, PathBuf};

/// One warning per temporary file in `found` (paths under `root`).
pub fn temporaries(root: &Path, found: &[PathBuf]) -> Vec<Diagnostic> {
    found
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            Diagnostic::warning(
                &rel.join("/"),
                tr!("中断的写入留下的临时文件", "temporary file left by an interrupted write"),
            )
            .with_hint(tr!(
                "下一次修改(如 taizhang set)会删除它,也可以直接删除;不要提交它",
                "the next edit (such as taizhang set) removes it, or delete it yourself; do not commit it"
            ))
        })
        .collect()
}
