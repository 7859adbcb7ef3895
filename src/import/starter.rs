//! The starter unit registry an import writes when the checklist has none:
//! every name the task list uses, with its kind guessed from the name, and
//! abbreviations found in the same document suggested as aliases. The
//! office curates it afterwards (members of collectives, kinds).

use super::Notice;
use super::units::abbreviates;
use crate::model::Measure;
use std::collections::BTreeSet;

/// What a name is, judged from its wording alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guess {
    /// `各县市区`, `市直各部门`: stands for units the document does not list.
    Collective,
    Unit(&'static str),
}

/// The kind a name suggests: courts and procuratorates are judicial,
/// county-level names areas, names with `各` collectives.
fn guess(name: &str) -> Guess {
    let bare = name.strip_suffix("人民政府").or_else(|| name.strip_suffix("政府")).unwrap_or(name);
    if name.contains('各') {
        Guess::Collective
    } else if name.contains("法院") || name.contains("检察院") {
        Guess::Unit("judicial")
    } else if ["协会", "学会", "商会", "联合会", "妇联", "工会", "残联", "科协"].iter().any(|w| name.contains(w))
    {
        Guess::Unit("association")
    } else if is_area(bare) {
        Guess::Unit("area")
    } else if ["局", "委", "办", "厅", "部", "署", "室", "中心", "台", "社", "院", "所", "队"]
        .iter()
        .any(|end| name.ends_with(end))
    {
        Guess::Unit("department")
    } else {
        Guess::Unit("other")
    }
}

/// A county-level name (`夷陵区`, `宜都市`, `长阳县`), not the city's own
/// `市…` offices.
fn is_area(name: &str) -> bool {
    let chars = name.chars().count();
    chars >= 2 && !name.starts_with('市') && ["县", "区", "旗", "市"].iter().any(|end| name.ends_with(end))
}

/// Every unit name the notice uses, sorted.
fn names(notice: &Notice) -> BTreeSet<String> {
    fn leaves(measures: &[Measure], out: &mut BTreeSet<String>) {
        for m in measures {
            out.extend(m.roles().map(|(u, _)| u.value.clone()));
            leaves(&m.items, out);
        }
    }
    let mut names = BTreeSet::new();
    for group in &notice.groups {
        leaves(&group.measures, &mut names);
        for duty in &group.duties {
            names.extend(duty.units.iter().map(|u| u.value.clone()));
        }
    }
    names
}

/// The text of `tasks/units.toml` for a new checklist.
pub fn registry(notice: &Notice) -> String {
    let names = names(notice);
    // A name that abbreviates another one of the document is its alias.
    let full_name = |short: &str| names.iter().find(|long| abbreviates(short, long)).cloned();
    let mut out = String::from(
        "# Unit registry. Give each unit its kind (department, judicial, association, area, other)\n\
         # and aliases; list the members of each collective.\n",
    );
    let quote = |text: &str| toml::Value::String(text.to_string()).to_string();
    for name in names.iter().filter(|n| full_name(n).is_none()) {
        match guess(name) {
            Guess::Collective => out.push_str(&format!("\n[[collective]]\nname = {}\nmembers = []\n", quote(name))),
            Guess::Unit(kind) => {
                out.push_str(&format!("\n[[unit]]\nname = {}\n", quote(name)));
                let aliases: Vec<String> =
                    names.iter().filter(|short| full_name(short).as_deref() == Some(name)).map(|s| quote(s)).collect();
                if !aliases.is_empty() {
                    out.push_str("# aliases suggested: the document also writes the name short\n");
                    out.push_str(&format!("aliases = [{}]\n", aliases.join(", ")));
                }
                out.push_str(&format!("kind = {}\n", quote(kind)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_guessed_from_the_name() {
        assert_eq!(guess("市中级人民法院"), Guess::Unit("judicial"));
        assert_eq!(guess("夷陵区政府"), Guess::Unit("area"));
        assert_eq!(guess("宜都市"), Guess::Unit("area"));
        assert_eq!(guess("市住建局"), Guess::Unit("department"));
        assert_eq!(guess("市直各部门"), Guess::Collective);
        assert_eq!(guess("各县(市、区)政府"), Guess::Collective);
        assert_eq!(guess("市律师协会"), Guess::Unit("association"));
        assert_eq!(guess("张三"), Guess::Unit("other"));
    }
}
