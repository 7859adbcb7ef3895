//! The assignment parenthetical of a measure: `(市司法局、市公安局,各县市区,2021年12月)`.
//!
//! Its parts are separated by commas at bracket depth zero (the notice once
//! uses a full stop instead). The first part lists the responsible units, lead
//! first; the last is the deadline; a part in between names either the local
//! areas where the measure also applies (the scope, `各县市区`) or, as in
//! `(各级人民法院,各级司法行政机关,2021年6月)`, more units.

use crate::model::due::Due;

/// A parsed assignment; `raw` is the bracketed text exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub raw: String,
    pub units: Vec<String>,
    pub scope: Vec<String>,
    pub due_text: String,
    pub due: Due,
}

/// Parses the text inside the brackets; `None` when it is not an
/// assignment (for example a document number `宜府办发〔2020〕5号`).
pub fn parse(raw: &str, inner: &str) -> Option<Assignment> {
    let parts = split_top_level(inner, &[',', '。']);
    let (due_text, names) = parts.split_last()?;
    let due = Due::from_wording(due_text)?;
    let (first, rest) = names.split_first()?;
    let mut units = split_units(first)?;
    let mut scope = Vec::new();
    for part in rest {
        let names = split_units(part)?;
        if part.starts_with("各县市区") {
            scope.extend(names);
        } else {
            units.extend(names);
        }
    }
    Some(Assignment { raw: raw.to_string(), units, scope, due_text: due_text.trim().to_string(), due })
}

/// Splits a list of unit names on `、` at depth zero and expands the
/// notice's two abbreviations: a shared suffix (`县、乡党委政府` is 县党委政府
/// and 乡党委政府) and a shared prefix (`市委办(市委督查室、市目标办)` is
/// 市委办(市委督查室) and 市委办(市目标办)). `None` if a name is empty.
pub fn split_units(list: &str) -> Option<Vec<String>> {
    let items = split_top_level(list, &['、']);
    let mut names = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.is_empty() {
            return None;
        }
        if is_bare_level(item) {
            let next = items.get(i + 1)?;
            let suffix: String = next.chars().skip(1).collect();
            names.push(format!("{item}{suffix}"));
        } else {
            names.extend(expand_shared_prefix(item));
        }
    }
    Some(names)
}

/// An administrative level standing alone before a name that shares its suffix.
fn is_bare_level(item: &str) -> bool {
    matches!(item, "省" | "市" | "县" | "区" | "乡" | "镇" | "村")
}

fn expand_shared_prefix(item: &str) -> Vec<String> {
    if let Some(inner) = item.strip_suffix(')')
        && let Some((base, list)) = inner.split_once('(')
        && list.contains('、')
        && !base.is_empty()
    {
        return list.split('、').map(|part| format!("{base}({part})")).collect();
    }
    vec![item.to_string()]
}

/// Splits on any of `separators` outside brackets, trimming each part.
pub fn split_top_level(text: &str, separators: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' | '【' | '〔' | '《' => depth += 1,
            ')' | ']' | '】' | '〕' | '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 && separators.contains(&c) => {
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current.trim().to_string());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(inner: &str) -> (Vec<String>, Vec<String>, String) {
        let a = parse(&format!("({inner})"), inner).expect(inner);
        (a.units, a.scope, a.due_text)
    }

    #[test]
    fn lead_scope_and_due() {
        let (u, s, d) = units("市司法局、市公安局、市网格监管中心,各县市区,2021年12月");
        assert_eq!(u, ["市司法局", "市公安局", "市网格监管中心"]);
        assert_eq!(s, ["各县市区"]);
        assert_eq!(d, "2021年12月");
    }

    #[test]
    fn comma_between_units_is_not_a_scope() {
        let (u, s, _) = units("各级人民法院,各级司法行政机关,2021年6月");
        assert_eq!(u, ["各级人民法院", "各级司法行政机关"]);
        assert!(s.is_empty());
    }

    #[test]
    fn stray_full_stop_before_deadline() {
        let (u, s, d) = units("市直各行政执法部门,各县市区。2021年12月");
        assert_eq!(
            (u, s, d.as_str()),
            (vec!["市直各行政执法部门".to_string()], vec!["各县市区".to_string()], "2021年12月")
        );
    }

    #[test]
    fn nested_brackets_and_shared_affixes() {
        assert_eq!(units("市委办(市目标办),2021年12月").0, ["市委办(市目标办)"]);
        assert_eq!(units("县、乡党委政府,2021年6月").0, ["县党委政府", "乡党委政府"]);
        assert_eq!(split_units("市委办(市委督查室、市目标办)").unwrap(), ["市委办(市委督查室)", "市委办(市目标办)"]);
    }

    #[test]
    fn document_numbers_are_not_assignments() {
        assert_eq!(parse("(宜府办发〔2020〕5号)", "宜府办发〔2020〕5号"), None);
        assert_eq!(parse("(社区)", "社区"), None);
        assert_eq!(units("市司法局,长期坚持").2, "长期坚持");
    }
}
