//! Whose edit this is: the one answer for `set`, `extend` and `record` to
//! "which unit is mine". `--unit`, else the liaison's own unit
//! (`TAIZHANG_UNIT` or the user's config, see `config::own_unit`), else the
//! leaf's only unit. An edit that reaches further than one unit — a whole
//! leaf, or a collective recorded as a whole — is made only when asked for
//! by name (`--all-units`, `--as-collective`).

use crate::model::ledger::Leaf;
use crate::model::lookup::resolve_unit;
use crate::model::obligation::may_report;
use crate::model::registry::Registry;
use crate::tr;
use anyhow::{Result, anyhow, bail};

/// What the user said on the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked<'a> {
    /// `--unit`.
    pub unit: Option<&'a str>,
    /// `--all-units`: the edit is for every unit of the leaf.
    pub all_units: bool,
    /// `--as-collective`: the named collective is recorded as a whole.
    pub as_collective: bool,
}

/// Who an edit is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    /// One canonical unit (or a collective recorded as a whole).
    Unit(String),
    /// Every unit: the leaf (or indicator) as a whole.
    All,
}

impl Whose {
    /// The unit, when the edit is for one.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Whose::Unit(unit) => Some(unit),
            Whose::All => None,
        }
    }
}

/// The unit the user means: `--unit`, else their own configured unit
/// (looked up only when `--unit` is not given), as a canonical name, with
/// whether it came from the configuration.
fn named<'r>(registry: &'r Registry, asked: Asked) -> Result<Option<(&'r str, bool)>> {
    if let Some(name) = asked.unit {
        return Ok(Some((resolve_unit(registry, name)?, false)));
    }
    if asked.all_units {
        return Ok(None);
    }
    match crate::model::config::own_unit()? {
        Some(own) => {
            let unit = resolve_unit(registry, &own).map_err(|e| {
                anyhow!(tr!(
                    "本单位设置有误({e})\nhint: 请更正 TAIZHANG_UNIT 或 ~/.config/taizhang/config.toml 中的 unit,或改用 --unit",
                    "your own unit is set wrongly ({e})\nhint: correct TAIZHANG_UNIT or unit in ~/.config/taizhang/config.toml, or pass --unit"
                ))
            })?;
            Ok(Some((unit, true)))
        }
        None => Ok(None),
    }
}

/// Whose entry or extension on `leaf` the edit is.
pub fn for_leaf(leaf: &Leaf, registry: &Registry, asked: Asked, allow_all: bool) -> Result<Whose> {
    if asked.all_units {
        return Ok(Whose::All);
    }
    let assigned: Vec<&str> = leaf.units().into_iter().chain(leaf.scope()).collect();
    // Names from the checklist, quoted in messages: shown, never obeyed.
    let listed =
        if assigned.is_empty() { tr!("无", "none") } else { crate::report::render::value(&assigned.join("、"), "") };
    let Some((unit, configured)) = named(registry, asked)? else {
        return match leaf.obligations.as_slice() {
            [only] => Ok(Whose::Unit(only.unit.to_string())),
            _ if allow_all => bail!(tr!(
                "请指明是哪个单位的延期\nhint: 用 --unit 指定单位(责任单位: {listed}),或用 --all-units 为全部单位延期",
                "which unit's deadline is this?\nhint: pass --unit (assigned: {listed}), or --all-units to extend it for every unit"
            )),
            _ => bail!(tr!(
                "请指明是哪个单位的进展\nhint: 请用 --unit 指定(责任单位: {listed}),或在 TAIZHANG_UNIT 中设置本单位",
                "which unit's progress is this?\nhint: pass --unit (assigned: {listed}), or set your own unit in TAIZHANG_UNIT"
            )),
        };
    };
    let shown = crate::report::render::value(unit, "");
    if !may_report(&leaf.assigned, unit, registry) {
        let source = if configured { tr!("(本单位设置)", " (your configured unit)") } else { String::new() };
        bail!(tr!(
            "`{shown}`{source} 不是 {} 的责任单位\nhint: {} 的责任单位为 {listed}",
            "`{shown}`{source} is not assigned to {}\nhint: {} is assigned to {listed}",
            leaf.id,
            leaf.id
        ));
    }
    if asked.as_collective && !registry.is_collective(unit) {
        bail!(tr!(
            "`{shown}` 不是集合名称,--as-collective 只用于集合名称(如 各县市区)",
            "`{shown}` is not a collective; --as-collective is for names such as 各县市区"
        ));
    }
    let members = registry.members_in_order(unit);
    if !members.is_empty() && !asked.as_collective {
        let examples: Vec<&str> = members.iter().take(3).map(|m| &**m).collect();
        bail!(tr!(
            "`{shown}` 代表 {} 个单位,进展应由各单位分别记录\nhint: 用 --unit 指定其中一个单位(如 {}),或用 --as-collective 为 `{shown}` 整体记录",
            "`{shown}` stands for {} units, and each records its own progress\nhint: pass --unit with one of them (such as {}), or --as-collective to record it for `{shown}` as a whole",
            members.len(),
            examples.join("、")
        ));
    }
    Ok(Whose::Unit(unit.to_string()))
}

/// Whose value of an indicator the edit is: `--unit` or the configured unit;
/// the target as a whole with `--all-units`, or when no unit is configured.
pub fn for_indicator(registry: &Registry, asked: Asked) -> Result<Whose> {
    Ok(match named(registry, asked)? {
        Some((unit, _)) => Whose::Unit(unit.to_string()),
        None => Whose::All,
    })
}
