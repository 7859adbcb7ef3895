//! Lists of unit names as task lists other than the shipped notice write
//! them: `市住建局、市财政局等有关部门`, `各县(市、区)政府`,
//! `市直各部门,各县市区政府`.

use super::assignment::split_top_level;
use crate::tr;

/// A list of names split into names. Separators are `、`, `,`, `;` and
/// `/` outside brackets. A trailing `等`, `等有关部门`, `等相关单位` (what
/// the list leaves open) is dropped and reported as the second value. An
/// enumeration of bare levels after a collective, `各县、市、区政府`, stays one
/// name, as does `各县(市、区)政府`. Empty items are skipped.
pub fn split(list: &str) -> (Vec<String>, bool) {
    let mut open_ended = false;
    let mut names: Vec<String> = Vec::new();
    let items = split_top_level(list.trim(), &['、', ',', ';', '/', ',', ';']);
    let mut i = 0;
    while i < items.len() {
        let mut item = items[i].trim().to_string();
        i += 1;
        // `各县、市、区政府`: levels enumerated inside one collective.
        if item.starts_with('各') && item.chars().count() <= 3 {
            while i < items.len() && is_level_then_rest(&items[i]) {
                item.push('、');
                item.push_str(items[i].trim());
                i += 1;
                // A level with its rest (`区政府`) ends the enumeration.
                if !LEVELS.contains(&items[i - 1].trim()) {
                    break;
                }
            }
        }
        let (name, open) = strip_open_end(&item);
        open_ended |= open;
        let name = name.trim();
        if !name.is_empty() {
            names.push(name.to_string());
        }
    }
    (names, open_ended)
}

/// Administrative levels a collective may enumerate: `各县、市、区政府`.
const LEVELS: [&str; 7] = ["街道", "省", "市", "县", "区", "乡", "镇"];

/// `市`, `区`, `街道`, or `区政府`: a level, alone or starting the shared rest.
fn is_level_then_rest(item: &str) -> bool {
    let item = item.trim();
    let level = LEVELS.iter().find_map(|level| item.strip_prefix(level));
    level.is_some_and(|rest| {
        rest.is_empty() || ["政府", "党委", "办事处", "党工委"].iter().any(|end| rest.ends_with(end))
    })
}

/// Drops the words that leave a list open: `等`, `等有关部门`, `等相关单位`.
fn strip_open_end(name: &str) -> (&str, bool) {
    for end in ["等有关部门", "等有关单位", "等相关部门", "等相关单位", "等部门", "等单位", "等"]
    {
        if let Some(rest) = name.strip_suffix(end)
            && !rest.is_empty()
        {
            return (rest, true);
        }
    }
    (name, false)
}

/// The doubt for a list that `split` found open-ended.
pub fn open_ended(list: &str) -> String {
    tr!(
        "单位列表 `{list}` 以“等”结尾,未列出的单位未导入",
        "the list `{list}` ends in 等: units it leaves unnamed are not imported"
    )
}

/// A list of people (`张三、李四`), one name per item.
pub fn people(list: &str) -> Vec<String> {
    split_top_level(list, &['、', ',', ';', '/', ',', ';', '\n']).into_iter().filter(|p| !p.is_empty()).collect()
}

/// Whether `short` abbreviates `long`: the same name without its level
/// prefix (`住建局` of `市住建局`).
pub fn abbreviates(short: &str, long: &str) -> bool {
    short != long
        && short.chars().count() >= 2
        && ["市", "县", "区", "省"].iter().any(|prefix| long.strip_prefix(prefix) == Some(short))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &str) -> Vec<String> {
        split(list).0
    }

    #[test]
    fn lists_split_on_every_separator_outside_brackets() {
        assert_eq!(names("市直各部门,各县市区政府"), ["市直各部门", "各县市区政府"]);
        assert_eq!(names("市人社局、市财政局"), ["市人社局", "市财政局"]);
        assert_eq!(names("各县(市、区)政府"), ["各县(市、区)政府"]);
        assert_eq!(names("各县、市、区政府,市财政局"), ["各县、市、区政府", "市财政局"]);
        assert_eq!(names("各乡镇、街道"), ["各乡镇、街道"]);
        assert_eq!(names("各乡镇、街道办事处,县民政局"), ["各乡镇、街道办事处", "县民政局"]);
        assert_eq!(names("各县、市政府"), ["各县、市政府"]);
        assert_eq!(names("市住建局、市城管局"), ["市住建局", "市城管局"]);
    }

    #[test]
    fn an_open_end_is_dropped_and_said() {
        assert_eq!(split("市住建局、市财政局等有关部门"), (vec!["市住建局".into(), "市财政局".into()], true));
        assert_eq!(split("市住建局等"), (vec!["市住建局".into()], true));
        assert_eq!(split("市住建局"), (vec!["市住建局".into()], false));
    }

    #[test]
    fn abbreviations_drop_the_level() {
        assert!(abbreviates("住建局", "市住建局"));
        assert!(!abbreviates("市住建局", "市住建局"));
        assert!(!abbreviates("局", "市局"));
    }
}
