//! The unit registry (`tasks/units.toml`): canonical names, aliases, kinds
//! and collectives.
//!
//! Names in the group files stay as the notice wrote them; the registry is
//! what makes `市中院` and `市中级法院` the same unit, and what lets 夷陵区
//! find the measures assigned to 各县市区.

use crate::tr;
use serde::Deserialize;
// Looked up for every leaf, never listed: hashed, with a fast hash.
use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use toml::Spanned;

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryFile {
    #[serde(default)]
    pub unit: Vec<UnitEntry>,
    #[serde(default)]
    pub collective: Vec<CollectiveEntry>,
}

/// One organisation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub kind: Spanned<String>,
}

/// A name that stands for many units (各县市区, 市直各部门).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectiveEntry {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Units or other collectives it stands for.
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    /// Every unit of this kind is a member too.
    pub all_of_kind: Option<Spanned<String>>,
}

/// The kinds a unit may have.
pub const KINDS: [&str; 5] = ["department", "judicial", "association", "area", "other"];

/// A problem in the registry file, at a byte range.
#[derive(Debug)]
pub struct RegistryProblem {
    pub span: std::ops::Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// The registry ready for lookups.
#[derive(Debug, Default)]
pub struct Registry {
    /// Every accepted spelling → canonical name, shared: a ledger holds a
    /// canonical name once per (leaf, unit), and cloning it costs no copy.
    canonical: BTreeMap<String, Arc<str>>,
    /// Canonical unit name → kind.
    kinds: BTreeMap<String, String>,
    /// Collective → its units, expanded through nested collectives.
    members: HashMap<String, BTreeSet<String>>,
    /// The same members in the order the file lists the units.
    ordered: HashMap<String, Vec<Arc<str>>>,
    /// Canonical name → its position in the file, for listing in file order.
    rank: HashMap<String, usize>,
}

impl Registry {
    /// Builds the registry, reporting duplicate names and unknown members.
    pub fn build(file: &RegistryFile) -> (Registry, Vec<RegistryProblem>) {
        let mut registry = Registry::default();
        let mut problems = Vec::new();
        let mut claim = |name: &Spanned<String>, canonical: &str, problems: &mut Vec<RegistryProblem>| {
            if registry.canonical.insert(name.get_ref().clone(), Arc::from(canonical)).is_some() {
                problems.push(RegistryProblem {
                    span: name.span(),
                    message: tr!("`{}` 重复登记", "`{}` is registered twice", name.get_ref()),
                    hint: Some(tr!(
                        "每个名称或别名在 units.toml 中只能出现一次",
                        "each name or alias may appear once in units.toml"
                    )),
                });
            }
        };
        for unit in &file.unit {
            let name = unit.name.get_ref();
            claim(&unit.name, name, &mut problems);
            for alias in &unit.aliases {
                claim(alias, name, &mut problems);
            }
            if !KINDS.contains(&unit.kind.get_ref().as_str()) {
                problems.push(RegistryProblem {
                    span: unit.kind.span(),
                    message: tr!("未知类型 `{}`", "unknown kind `{}`", unit.kind.get_ref()),
                    hint: Some(tr!("请使用以下之一: {}", "use one of: {}", KINDS.join(", "))),
                });
            }
            registry.kinds.insert(name.clone(), unit.kind.get_ref().clone());
            let next = registry.rank.len();
            registry.rank.entry(name.clone()).or_insert(next);
        }
        for collective in &file.collective {
            let name = collective.name.get_ref();
            claim(&collective.name, name, &mut problems);
            for alias in &collective.aliases {
                claim(alias, name, &mut problems);
            }
        }
        for collective in &file.collective {
            let mut seen = BTreeSet::new();
            let members = registry.expand(file, collective, &mut seen, &mut problems);
            let mut ordered: Vec<Arc<str>> = members.iter().map(|m| registry.shared(m)).collect();
            ordered.sort_by_key(|m| registry.rank.get(&**m).copied().unwrap_or(usize::MAX));
            registry.ordered.insert(collective.name.get_ref().clone(), ordered);
            registry.members.insert(collective.name.get_ref().clone(), members);
        }
        (registry, problems)
    }

    fn expand(
        &self,
        file: &RegistryFile,
        collective: &CollectiveEntry,
        seen: &mut BTreeSet<String>,
        problems: &mut Vec<RegistryProblem>,
    ) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if !seen.insert(collective.name.get_ref().clone()) {
            return out;
        }
        if let Some(kind) = &collective.all_of_kind {
            out.extend(self.kinds.iter().filter(|(_, k)| *k == kind.get_ref()).map(|(n, _)| n.clone()));
        }
        for member in &collective.members {
            let Some(canonical) = self.resolve(member.get_ref()) else {
                problems.push(RegistryProblem {
                    span: member.span(),
                    message: tr!(
                        "成员 `{}` 不是已登记的单位",
                        "member `{}` is not a registered unit",
                        member.get_ref()
                    ),
                    hint: self.suggest(member.get_ref()).map(|s| tr!("是否应为 `{s}`?", "did you mean `{s}`?")),
                });
                continue;
            };
            match file.collective.iter().find(|c| c.name.get_ref() == canonical) {
                Some(nested) => out.extend(self.expand(file, nested, seen, problems)),
                None => {
                    out.insert(canonical.to_string());
                }
            }
        }
        out
    }

    /// The canonical name for a name or alias.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.canonical.get(name).map(|c| &**c)
    }

    /// The canonical name for a name or alias, shared.
    pub fn resolve_shared(&self, name: &str) -> Option<Arc<str>> {
        self.canonical.get(name).cloned()
    }

    /// A canonical name as the registry shares it (a new one when it is not
    /// registered).
    pub fn shared(&self, canonical: &str) -> Arc<str> {
        self.resolve_shared(canonical).unwrap_or_else(|| Arc::from(canonical))
    }

    /// Whether a canonical name is a collective.
    pub fn is_collective(&self, canonical: &str) -> bool {
        self.members.contains_key(canonical)
    }

    /// A collective's members in the order the registry lists the units
    /// (empty for a unit, or a collective that lists none).
    pub fn members_in_order(&self, collective: &str) -> &[Arc<str>] {
        self.ordered.get(collective).map_or(&[], Vec::as_slice)
    }

    /// Whether canonical `unit` is among the members of canonical `collective`.
    pub fn contains(&self, collective: &str, unit: &str) -> bool {
        self.members.get(collective).is_some_and(|m| m.contains(unit))
    }

    /// Whether canonical `name` stands for canonical `unit`: it is the unit,
    /// or a collective the unit belongs to. What `--unit NAME` selects.
    pub fn covers(&self, name: &str, unit: &str) -> bool {
        name == unit || self.contains(name, unit)
    }

    /// Where a canonical name stands in the file, for listing units in the
    /// registry's order.
    pub fn rank(&self, canonical: &str) -> usize {
        self.rank.get(canonical).copied().unwrap_or(usize::MAX)
    }

    /// The closest registered spelling, for a "did you mean" hint.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        closest(name, self.canonical.keys().map(String::as_str))
    }
}

/// Names longer than this get no suggestion: nobody mistypes a paragraph,
/// and edit distance costs the product of the two lengths.
const LONGEST_SUGGESTED: usize = 64;

/// The candidate nearest to `name` by edit distance over characters, if it
/// is near enough to be a plausible slip.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = name.chars().count();
    if length > LONGEST_SUGGESTED {
        return None;
    }
    let limit = (length / 2).max(1);
    candidates
        // Lengths further apart than the limit cannot be within it.
        .filter(|c| c.chars().take(length + limit + 1).count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.chars().count()))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_get_no_suggestion() {
        let long = "局".repeat(100);
        let other = format!("{long}甲");
        assert_eq!(closest(&long, [other.as_str()].into_iter()), None);
        assert_eq!(closest("市司法", ["市司法局", &other].into_iter()), Some("市司法局"));
    }

    fn registry(text: &str) -> (Registry, Vec<RegistryProblem>) {
        Registry::build(&toml::from_str(text).unwrap())
    }

    const SAMPLE: &str = r#"
[[unit]]
name = "市中级法院"
aliases = ["市中院"]
kind = "department"
[[unit]]
name = "夷陵区"
kind = "area"
[[collective]]
name = "各县市区"
aliases = ["各县市区政府"]
members = ["夷陵区"]
[[collective]]
name = "各级人民法院"
members = ["市中级法院", "各县市区"]
"#;

    #[test]
    fn aliases_and_nested_collectives() {
        let (r, problems) = registry(SAMPLE);
        assert!(problems.is_empty());
        assert_eq!(r.resolve("市中院"), Some("市中级法院"));
        assert_eq!(r.resolve("各县市区政府"), Some("各县市区"));
        assert!(r.contains("各级人民法院", "夷陵区"));
        assert!(r.contains("各级人民法院", "市中级法院"));
        assert!(!r.contains("各县市区", "市中级法院"));
    }

    #[test]
    fn did_you_mean() {
        let (r, _) = registry(SAMPLE);
        assert_eq!(r.suggest("市中级法庭"), Some("市中级法院"));
        assert_eq!(r.suggest("市财政局"), None);
    }

    #[test]
    fn duplicates_and_unknown_members_are_reported() {
        crate::i18n::set(crate::i18n::Lang::En);
        let (_, problems) = registry(
            "[[unit]]\nname = \"甲\"\nkind = \"area\"\n[[unit]]\nname = \"甲\"\nkind = \"planet\"\n[[collective]]\nname = \"乙\"\nmembers = [\"丙\"]\n",
        );
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`甲` is registered twice", "unknown kind `planet`", "member `丙` is not a registered unit"]
        );
    }
}
