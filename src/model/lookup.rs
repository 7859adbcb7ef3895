//! Finding what the user named on the command line: a leaf, a part of the
//! task list, an indicator or a unit. A name that is not there is an error
//! with a did-you-mean, never an empty result: an empty report for a
//! mistyped `1.10` would read as "nothing happened".

use crate::model::ledger::{Leaf, Ledger};
use crate::model::registry::{Registry, closest};
use crate::tr;
use anyhow::{Result, anyhow, bail};

/// A name as an error message quotes it: what the user typed, or a name
/// from the checklist, can neither act on the terminal nor start a line
/// (a `hint:` of its own).
fn quoted(name: &str) -> String {
    crate::report::render::value(name, "")
}

/// The leaf with this ID, or an error naming leaves that look alike.
pub fn find_leaf<'a>(ledger: &'a Ledger, id: &str) -> Result<&'a Leaf> {
    if let Some(leaf) = ledger.leaves.iter().find(|l| l.id == id) {
        return Ok(leaf);
    }
    let children: Vec<&str> =
        ledger.leaves.iter().map(|l| l.id.as_str()).filter(|l| l.starts_with(&format!("{id}."))).collect();
    let hint = if !children.is_empty() {
        let (id, children) = (quoted(id), quoted(&children.join(", ")));
        tr!("{id} 含有子项,请选择其中之一: {children}", "{id} has sub-items; pick one of: {children}")
    } else {
        did_you_mean(id, ledger.leaves.iter().map(|l| l.id.as_str()))
    };
    let id = quoted(id);
    Err(anyhow!(tr!("没有措施 `{id}`\nhint: {hint}", "no leaf `{id}`\nhint: {hint}")))
}

/// Checks that `id` names a group, a measure, a leaf or an indicator of the
/// checklist (what `history ID` accepts), or says what it may have meant.
pub fn require_part(ledger: &Ledger, id: &str) -> Result<()> {
    let below = format!("{id}.");
    let known = ledger.groups.iter().any(|g| g.id == id)
        || ledger.leaves.iter().any(|l| l.id == id || l.id.starts_with(&below))
        || ledger.indicators.iter().any(|i| i.id == id);
    if known {
        return Ok(());
    }
    let ids = ledger.leaves.iter().map(|l| l.id.as_str()).chain(ledger.indicators.iter().map(|i| i.id.as_str()));
    let hint = did_you_mean(id, ids);
    let id = quoted(id);
    bail!(tr!("没有措施或指标 `{id}`\nhint: {hint}", "no leaf or indicator `{id}`\nhint: {hint}"))
}

/// Checks that `id` is the number of a group of the checklist.
pub fn require_group(ledger: &Ledger, id: &str) -> Result<()> {
    if ledger.groups.iter().any(|g| g.id == id) {
        return Ok(());
    }
    let ids: Vec<&str> = ledger.groups.iter().map(|g| g.id.as_str()).collect();
    let hint = match closest(id, ids.iter().copied()) {
        Some(near) => tr!("是否应为 `{}`?", "did you mean `{}`?", quoted(near)),
        None => tr!("基本要求编号: {}", "the groups are {}", quoted(&ids.join(", "))),
    };
    let id = quoted(id);
    bail!(tr!("没有基本要求 `{id}`\nhint: {hint}", "there is no group `{id}`\nhint: {hint}"))
}

/// Resolves a unit given on the command line, with a did-you-mean.
pub fn resolve_unit<'r>(registry: &'r Registry, name: &str) -> Result<&'r str> {
    registry.resolve(name.trim()).ok_or_else(|| match registry.suggest(name.trim()).map(quoted) {
        Some(s) => {
            let name = quoted(name);
            anyhow!(tr!("未知单位 `{name}`\nhint: 是否应为 `{s}`?", "unknown unit `{name}`\nhint: did you mean `{s}`?"))
        }
        None => anyhow!(tr!(
            "未知单位 `{}`\nhint: 单位名单见 tasks/units.toml",
            "unknown unit `{}`\nhint: the units are listed in tasks/units.toml",
            quoted(name)
        )),
    })
}

/// "Did you mean …?" for the closest of `ids`, else where to find them all.
fn did_you_mean<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> String {
    match closest(id, ids).map(quoted) {
        Some(near) => tr!("是否应为 `{near}`?", "did you mean `{near}`?"),
        None => tr!("`taizhang list` 可列出全部措施编号", "`taizhang list` shows every leaf ID"),
    }
}
