//! What changed in `taizhang.toml` and `tasks/units.toml`: both files as
//! keyed states (see `audit`), so that a review lists a liaison added, a
//! setting changed or a unit renamed as plainly as a status change. Pure:
//! text in, states out.
//!
//! The files are read as plain TOML, not as `Config` or `RegistryFile`, so
//! that a version `check` would reject is still compared key by key.

use crate::git::audit::{Aspect, Key, State, States};
use crate::store::{CONFIG_FILE, UNITS_FILE};
use std::collections::BTreeMap;
use std::sync::Arc;
use toml::{Table, Value};

/// The states of `taizhang.toml`: one per liaison e-mail (the units it may
/// edit), one per other value (`settings.require_evidence`). `None` when
/// the text is not TOML.
pub fn config_states(text: &str) -> Option<States> {
    let table: Table = text.parse().ok()?;
    let id: Arc<str> = CONFIG_FILE.into();
    let mut out = States::new();
    for (name, value) in table {
        match (name.as_str(), value) {
            ("liaison", Value::Array(entries)) => liaisons(&mut out, &id, entries),
            (_, value) => flatten(&mut out, &id, name, value),
        }
    }
    Some(out)
}

/// The states of `tasks/units.toml`: one per unit and per collective, by
/// name (a rename is one removed and one added). `None` when the text is
/// not TOML.
pub fn registry_states(text: &str) -> Option<States> {
    let table: Table = text.parse().ok()?;
    let id: Arc<str> = UNITS_FILE.into();
    let mut out = States::new();
    for (name, value) in table {
        match (name.as_str(), value) {
            ("unit" | "collective", Value::Array(entries)) => {
                for (i, entry) in entries.into_iter().enumerate() {
                    named(&mut out, &id, &name, i, entry);
                }
            }
            (_, value) => flatten(&mut out, &id, name, value),
        }
    }
    Some(out)
}

/// A liaison entry per e-mail (as `review` matches them: ignoring ASCII
/// case), its value the units it stands for, with the person's name.
fn liaisons(out: &mut States, id: &Arc<str>, entries: Vec<Value>) {
    let mut by_email: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let Value::Table(mut entry) = entry else {
            flatten(out, id, format!("liaison[{}]", i + 1), entry);
            continue;
        };
        let email = match entry.remove("email") {
            Some(Value::String(email)) => email.to_ascii_lowercase(),
            other => other.map_or_else(|| format!("#{}", i + 1), |v| v.to_string()),
        };
        let unit = match entry.remove("unit") {
            Some(Value::String(unit)) => unit,
            Some(other) => other.to_string(),
            None => "-".to_string(),
        };
        let rest = fields(entry);
        let value = if rest.is_empty() { unit } else { format!("{unit} ({rest})") };
        by_email.entry(email).or_default().push(value);
    }
    for (email, mut units) in by_email {
        units.sort();
        out.insert(key(id, format!("liaison {email}")), State::Text(units.join("、")));
    }
}

/// A unit or collective, keyed by its name.
fn named(out: &mut States, id: &Arc<str>, kind: &str, index: usize, entry: Value) {
    let Value::Table(mut entry) = entry else {
        flatten(out, id, format!("{kind}[{}]", index + 1), entry);
        return;
    };
    let name = match entry.remove("name") {
        Some(Value::String(name)) => name,
        other => format!("#{} {}", index + 1, other.map(|v| v.to_string()).unwrap_or_default()),
    };
    out.insert(key(id, format!("{kind} {name}")), State::Text(fields(entry)));
}

/// `kind = "area"; aliases = ["…"]`: the rest of an entry, in key order.
fn fields(entry: Table) -> String {
    entry.into_iter().map(|(k, v)| format!("{k} = {}", compact(&v))).collect::<Vec<_>>().join("; ")
}

/// Every scalar (or array of scalars) under `path`, one state each.
fn flatten(out: &mut States, id: &Arc<str>, path: String, value: Value) {
    match value {
        Value::Table(table) => {
            for (name, value) in table {
                flatten(out, id, format!("{path}.{name}"), value);
            }
        }
        Value::Array(items) if items.iter().any(|v| matches!(v, Value::Table(_) | Value::Array(_))) => {
            for (i, value) in items.into_iter().enumerate() {
                flatten(out, id, format!("{path}[{}]", i + 1), value);
            }
        }
        value => {
            out.insert(key(id, path), State::Text(compact(&value)));
        }
    }
}

/// A value on one line, as TOML writes it.
fn compact(value: &Value) -> String {
    match value {
        Value::Table(t) => format!("{{ {} }}", fields(t.clone())),
        other => other.to_string(),
    }
}

fn key(id: &Arc<str>, detail: String) -> Key {
    Key { id: id.clone(), aspect: Aspect::Config, detail: detail.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::audit::diff;

    fn details(old: &States, new: &States) -> Vec<String> {
        diff(Some(old), Some(new)).into_iter().map(|c| c.key.detail.into_owned()).collect()
    }

    #[test]
    fn liaisons_and_settings_are_keys() {
        let old =
            config_states("[settings]\nrequire_evidence = true\n[[liaison]]\nemail = \"A@x.org\"\nunit = \"甲\"\n")
                .unwrap();
        let new = config_states(
            "[settings]\nrequire_evidence = false\n[[liaison]]\nemail = \"a@x.org\"\nunit = \"甲\"\n\
             [[liaison]]\nemail = \"a@x.org\"\nunit = \"乙\"\nname = \"张三\"\n",
        )
        .unwrap();
        assert_eq!(details(&old, &new), ["liaison a@x.org", "settings.require_evidence"]);
        assert_eq!(
            new[&key(&CONFIG_FILE.into(), "liaison a@x.org".into())],
            State::Text("乙 (name = \"张三\")、甲".into())
        );
    }

    #[test]
    fn units_and_collectives_are_keyed_by_name() {
        let old = registry_states(
            "[[unit]]\nname = \"甲\"\nkind = \"area\"\n[[collective]]\nname = \"各区\"\nmembers = [\"甲\"]\n",
        )
        .unwrap();
        let new = registry_states(
            "[[unit]]\nname = \"乙\"\nkind = \"area\"\n[[collective]]\nname = \"各区\"\nmembers = [\"乙\"]\n",
        )
        .unwrap();
        assert_eq!(details(&old, &new), ["collective 各区", "unit 乙", "unit 甲"]);
        assert!(registry_states("[[unit]\n").is_none());
    }
}
