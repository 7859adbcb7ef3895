//! A stretch of task text and the assignment bracket that closes it.

use super::roles::{Form, Roles, form_of};
use crate::import::Layout;
use crate::tr;

/// A task's text with its assignment lifted out.
#[derive(Debug, Default)]
pub struct Clause {
    /// The text without the assignment bracket.
    pub text: String,
    /// The assignment bracket as written, when one was read.
    pub raw: Option<String>,
    /// Punctuation after the bracket.
    pub tail: Option<String>,
    pub roles: Roles,
    pub form: Option<Form>,
    /// Brackets that looked like an assignment and were not read.
    pub doubts: Vec<String>,
    /// An unbalanced bracket.
    pub error: Option<String>,
}

const PAIRS: [(char, char); 4] = [('(', ')'), ('〔', '〕'), ('【', '】'), ('[', ']')];

/// Reads `body`; `layout` (when forced) limits the forms read, and `year`
/// is the document's, for a month written without one.
pub fn read(body: &str, layout: Option<Layout>, year: Option<i32>) -> Clause {
    let mut clause = Clause { text: body.to_string(), ..Clause::default() };
    let brackets = match brackets(body) {
        Ok(brackets) => brackets,
        Err(error) => {
            clause.error = Some(error);
            return clause;
        }
    };
    let last = brackets.last().copied().filter(|&(_, close)| is_tail(&body[close..]));
    for &(open, close) in &brackets {
        let inner = inner(&body[open..close]);
        let Some(form) = form_of(inner) else { continue };
        if Some((open, close)) != last {
            if form != Form::Bare {
                clause.doubts.push(tr!(
                    "正文中间的括号像责任分工,未读取: {}",
                    "a bracket inside the text looks like an assignment and was not read: {}",
                    &body[open..close]
                ));
            }
            continue;
        }
        if !allowed(form, layout) {
            clause.doubts.push(tr!(
                "括号像责任分工,但不属于所选版式,未读取: {}",
                "a bracket looks like an assignment but not of the layout asked for, not read: {}",
                &body[open..close]
            ));
            continue;
        }
        let mut roles = Roles::default();
        roles.read_bracket(inner, form, year);
        if !roles.names_anyone() {
            clause.doubts.push(tr!(
                "括号像责任分工,但未读出单位: {}",
                "a bracket looks like an assignment but names no unit, not read: {}",
                &body[open..close]
            ));
            continue;
        }
        let tail = body[close..].trim();
        clause.text = body[..open].trim_end().to_string();
        clause.raw = Some(body[open..close].to_string());
        clause.tail = (!tail.is_empty()).then(|| tail.to_string());
        clause.roles = roles;
        clause.form = Some(form);
    }
    clause
}

/// Whether a bracket of `form` is read when `layout` is asked for.
fn allowed(form: Form, layout: Option<Layout>) -> bool {
    match layout {
        Some(Layout::A) => form == Form::Labelled,
        Some(Layout::B) => form == Form::Verbs,
        Some(Layout::C) => false,
        _ => true,
    }
}

/// Only punctuation may follow an assignment.
fn is_tail(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '。' | ';' | ',' | '.' | '、') || c.is_whitespace())
}

/// The text inside a bracket.
fn inner(bracket: &str) -> &str {
    let open = bracket.chars().next().map_or(0, char::len_utf8);
    let close = bracket.chars().next_back().map_or(0, char::len_utf8);
    &bracket[open..bracket.len() - close]
}

/// Byte ranges of the outermost brackets of any kind.
fn brackets(text: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut ranges = Vec::new();
    let mut stack: Vec<(usize, (char, char))> = Vec::new();
    for (i, c) in text.char_indices() {
        if let Some(&pair) = PAIRS.iter().find(|(open, _)| *open == c) {
            stack.push((i, pair));
        } else if PAIRS.iter().any(|(_, close)| *close == c) {
            let Some((start, (open, close))) = stack.pop() else {
                return Err(tr!("`{c}` 没有对应的左括号", "unmatched `{c}`"));
            };
            if close != c {
                return Err(tr!("`{open}` 与 `{c}` 不配对", "`{open}` closed by `{c}`"));
            }
            if stack.is_empty() {
                ranges.push((start, i + c.len_utf8()));
            }
        }
    }
    match stack.last() {
        Some((_, (open, _))) => Err(tr!("`{open}` 没有闭合", "unclosed `{open}`")),
        None => Ok(ranges),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assignment_is_the_last_bracket() {
        let c = read("建立台账(试行),每月通报进展。(牵头单位:市政府办;责任单位:市直各部门)", None, None);
        assert_eq!(c.text, "建立台账(试行),每月通报进展。");
        assert_eq!(c.raw.as_deref(), Some("(牵头单位:市政府办;责任单位:市直各部门)"));
        assert_eq!(c.form, Some(Form::Labelled));
    }

    #[test]
    fn square_brackets_hold_names_with_brackets() {
        let c = read("推进改革。〔牵头单位:市委办(市目标办);责任单位:各县(市、区)政府〕", None, None);
        assert_eq!(c.roles.lead, Some(vec!["市委办(市目标办)".to_string()]));
        assert_eq!(c.roles.units, ["各县(市、区)政府"]);
        assert_eq!(c.tail, None);
    }

    #[test]
    fn forced_layouts_read_only_their_brackets() {
        let c = read("推进改革(市数据局牵头)。", Some(Layout::A), None);
        assert_eq!((c.raw, c.doubts.len()), (None, 1));
        assert_eq!(c.text, "推进改革(市数据局牵头)。");
        let c = read("推进改革(市数据局牵头)。", Some(Layout::B), None);
        assert_eq!(c.tail.as_deref(), Some("。"));
    }

    #[test]
    fn unbalanced_brackets_are_errors() {
        assert!(read("推进改革(市数据局牵头", None, None).error.is_some());
        assert!(read("推进改革〔市数据局牵头)", None, None).error.is_some());
    }
}
