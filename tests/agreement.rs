//! Every report is a view of one obligation model: on random checklists
//! (units with aliases, nested collectives, leaves with several units and a
//! scope, leaf, unit and collective extensions, entries of members and of
//! collectives as a whole, ongoing and undated leaves) `list`, `overdue`,
//! `summary --by unit` and `export` agree on which (leaf, unit) pairs are
//! overdue, how many each unit has, and the deadline in force, and name
//! units only by their canonical names.
//!
//! PROPTEST_CASES sets the number of checklists (default 256).

mod common;

use common::Rng;

use chrono::NaiveDate;
use common::last_day;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// A generated registry: canonical names, their aliases, collective members.
struct Registry {
    units: Vec<String>,
    collectives: Vec<(String, Vec<String>)>,
    aliases: BTreeMap<String, String>,
}

impl Registry {
    fn random(rng: &mut Rng) -> Registry {
        let units: Vec<String> = (0..3 + rng.below(6)).map(|i| format!("单位{i}")).collect();
        let mut collectives: Vec<(String, Vec<String>)> = Vec::new();
        for i in 0..1 + rng.below(3) {
            let mut members = Vec::new();
            // Some collectives list nobody: they owe their leaves themselves.
            if rng.chance(80) {
                for u in &units {
                    if rng.chance(40) {
                        members.push(u.clone());
                    }
                }
                if i > 0 && rng.chance(30) {
                    members.push(collectives[rng.below(i)].0.clone());
                }
            }
            collectives.push((format!("集合{i}"), members));
        }
        let mut aliases = BTreeMap::new();
        for name in units.iter().chain(collectives.iter().map(|(c, _)| c)) {
            if rng.chance(40) {
                aliases.insert(format!("{name}别称"), name.clone());
            }
        }
        Registry { units, collectives, aliases }
    }

    fn toml(&self) -> String {
        let mut out = String::new();
        let aliases = |name: &str| -> String {
            let list: Vec<String> =
                self.aliases.iter().filter(|(_, c)| *c == name).map(|(a, _)| format!("\"{a}\"")).collect();
            format!("aliases = [{}]\n", list.join(", "))
        };
        for u in &self.units {
            let _ = write!(out, "[[unit]]\nname = \"{u}\"\n{}kind = \"department\"\n\n", aliases(u));
        }
        for (c, members) in &self.collectives {
            let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
            let _ = write!(out, "[[collective]]\nname = \"{c}\"\n{}members = [{}]\n\n", aliases(c), list.join(", "));
        }
        out
    }

    /// Every canonical name.
    fn canonical(&self) -> BTreeSet<String> {
        self.units.iter().cloned().chain(self.collectives.iter().map(|(c, _)| c.clone())).collect()
    }

    /// The units a name stands for (nested collectives expanded); a
    /// collective that comes to none owes its leaves itself.
    fn expand(&self, name: &str) -> Vec<String> {
        let members = self.members(name);
        if members.is_empty() { vec![name.to_string()] } else { members }
    }

    /// The units a collective lists, through nested ones (none for a unit).
    fn members(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.collectives.iter().filter(|(c, _)| c == name).flat_map(|(_, members)| members) {
            let units = if self.units.contains(m) { vec![m.clone()] } else { self.members(m) };
            for u in units {
                if !out.contains(&u) {
                    out.push(u);
                }
            }
        }
        out
    }

    /// A name as a file may write it: itself or one of its aliases.
    fn written(&self, name: &str, rng: &mut Rng) -> String {
        let aliases: Vec<&String> = self.aliases.iter().filter(|(_, c)| *c == name).map(|(a, _)| a).collect();
        if !aliases.is_empty() && rng.chance(50) { aliases[rng.below(aliases.len())].clone() } else { name.to_string() }
    }
}

fn random_date(rng: &mut Rng) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 1).unwrap() + chrono::Days::new(rng.below(600) as u64)
}

/// A random group file over the registry.
fn group_file(registry: &Registry, rng: &mut Rng) -> String {
    let names: Vec<String> = registry.canonical().into_iter().collect();
    let mut out = String::from("group: \"1\"\ntitle: \"测试\"\nmeasures:\n");
    for leaf in 1..=2 + rng.below(6) {
        let mut assigned: Vec<String> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let name = names[rng.below(names.len())].clone();
            if !assigned.contains(&name) {
                assigned.push(name);
            }
        }
        let scope = (assigned.len() > 1 && rng.chance(40)).then(|| assigned.pop().unwrap());
        let list = |names: &[String], rng: &mut Rng| -> String {
            names.iter().map(|n| format!("\"{}\"", registry.written(n, rng))).collect::<Vec<_>>().join(", ")
        };
        let _ = write!(out, "  - id: \"1.{leaf}\"\n    text: \"措施{leaf}\"\n    units: [{}]\n", list(&assigned, rng));
        if let Some(scope) = &scope {
            let _ = writeln!(out, "    scope: [{}]", list(std::slice::from_ref(scope), rng));
        }
        let all: Vec<String> = assigned.iter().chain(scope.iter()).cloned().collect();
        let month = 1 + rng.below(12) as u32;
        let dated = match rng.below(5) {
            0 => {
                let _ = writeln!(out, "    due: \"ongoing\"");
                false
            }
            1 => false,
            2 => {
                let _ = writeln!(out, "    due: \"2021-{month:02}-15\"");
                true
            }
            _ => {
                let _ = writeln!(out, "    due: \"2021-{month:02}\"");
                true
            }
        };
        // Who may have an entry or an extension: an assigned name, or a unit it stands for.
        let mut reporters: Vec<String> = Vec::new();
        for name in &all {
            for u in std::iter::once(name.clone()).chain(registry.expand(name)) {
                if !reporters.contains(&u) {
                    reporters.push(u);
                }
            }
        }
        if dated && rng.chance(60) {
            out.push_str("    extensions:\n");
            for _ in 0..1 + rng.below(3) {
                let to = format!("2022-{:02}", 1 + rng.below(12));
                let _ = writeln!(out, "      - to: \"{to}\"\n        reason: \"理由\"");
                if rng.chance(70) {
                    let unit = &reporters[rng.below(reporters.len())];
                    let _ = writeln!(out, "        unit: \"{}\"", registry.written(unit, rng));
                }
            }
        }
        out.push_str("    progress:\n");
        let mut entries = 0;
        for unit in &reporters {
            if rng.chance(45) {
                let status = ["todo", "doing", "done", "blocked"][rng.below(4)];
                let _ = writeln!(
                    out,
                    "      - unit: \"{}\"\n        status: \"{status}\"\n        date: \"{}\"",
                    registry.written(unit, rng),
                    random_date(rng)
                );
                entries += 1;
            }
        }
        if entries == 0 {
            out = out.trim_end_matches("    progress:\n").to_string();
            out.push_str("    progress: []\n");
        }
    }
    out
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let r = common::run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", r.stdout))
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

type Pairs = BTreeSet<(String, String)>;

fn agree(seed: u64) {
    let mut rng = Rng(seed | 1);
    let registry = Registry::random(&mut rng);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tasks")).unwrap();
    std::fs::write(
        dir.path().join("taizhang.toml"),
        "[checklist]\ntitle = \"测试\"\ndate = \"2020年5月1日\"\n[settings]\nlang = \"en\"\nstale_days = 90\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("tasks/units.toml"), registry.toml()).unwrap();
    let group = group_file(&registry, &mut rng);
    std::fs::write(dir.path().join("tasks/01.yaml"), &group).unwrap();
    let check = common::run(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "the generated checklist checks clean:\n{}{}\n{group}", check.stdout, check.stderr);

    let today = random_date(&mut rng).to_string();
    let at = ["--as-of", today.as_str()];
    let with = |args: &[&str]| -> Value { json(dir.path(), &[args, &at].concat()) };
    let canonical = registry.canonical();
    let named = |unit: &str, report: &str| {
        assert!(canonical.contains(unit), "{report} names `{unit}`, not a canonical name\n{group}");
    };

    // list: every obligation, with its deadline in force.
    let mut due: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
    let mut from_list = Pairs::new();
    for leaf in with(&["list", "--format", "json"]).as_array().unwrap() {
        for unit in leaf["units"].as_array().unwrap().iter().chain(leaf["scope"].as_array().unwrap()) {
            named(&text(unit), "list units");
        }
        let mut any = false;
        for o in leaf["obligations"].as_array().unwrap() {
            let pair = (text(&leaf["id"]), text(&o["unit"]));
            named(&pair.1, "list obligations");
            due.insert(pair.clone(), o["due"].as_str().map(str::to_string));
            if o["overdue"].as_bool().unwrap() {
                any = true;
                from_list.insert(pair);
            }
        }
        assert_eq!(leaf["overdue"].as_bool(), Some(any), "a leaf is overdue when one of its units is");
    }
    let overdue_leaves: BTreeSet<String> =
        with(&["list", "--overdue", "--format", "json"]).as_array().unwrap().iter().map(|l| text(&l["id"])).collect();
    assert_eq!(overdue_leaves, from_list.iter().map(|(id, _)| id.clone()).collect());

    // overdue: the digest's overdue items, and their deadlines.
    let mut from_digest = Pairs::new();
    for section in with(&["overdue", "--format", "json"])["units"].as_array().unwrap() {
        let unit = text(&section["unit"]);
        named(&unit, "overdue");
        for item in section["overdue"].as_array().unwrap() {
            let pair = (text(&item["id"]), unit.clone());
            assert_eq!(due.get(&pair), Some(&item["due"].as_str().map(str::to_string)), "{pair:?}\n{group}");
            from_digest.insert(pair);
        }
    }
    assert_eq!(from_digest, from_list, "overdue and list disagree\n{group}");

    // summary --by unit: the counts per unit.
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for (_, unit) in &from_list {
        *counts.entry(unit.clone()).or_default() += 1;
    }
    let mut from_summary = BTreeMap::new();
    for row in with(&["summary", "--by", "unit", "--format", "json"])["rows"].as_array().unwrap() {
        named(&text(&row["name"]), "summary");
        let n = row["overdue"].as_u64().unwrap();
        if n > 0 {
            from_summary.insert(text(&row["name"]), n);
        }
    }
    assert_eq!(from_summary, counts, "summary and list disagree\n{group}");

    // export: one row per obligation, with the same deadline and lateness.
    let mut from_export = Pairs::new();
    for row in with(&["export", "--format", "json", "-o", "-"]).as_array().unwrap() {
        let Some(unit) = row["unit"].as_str() else { continue };
        named(unit, "export");
        let pair = (text(&row["id"]), unit.to_string());
        let expected = due.get(&pair).unwrap_or_else(|| panic!("export has {pair:?}, list does not"));
        let day = row["due_date"].as_str().map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        assert_eq!(day, expected.as_deref().and_then(last_day), "{pair:?}\n{group}");
        if !row["overdue_days"].is_null() {
            from_export.insert(pair);
        }
    }
    assert_eq!(from_export, from_list, "export and list disagree\n{group}");

    // One unit or collective asked about: list and overdue pick the same leaves.
    let names: Vec<&String> = canonical.iter().collect();
    let unit = names[rng.below(names.len())].as_str();
    let listed: BTreeSet<String> = with(&["list", "--unit", unit, "--overdue", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| text(&l["id"]))
        .collect();
    let digested: BTreeSet<String> = with(&["overdue", "--unit", unit, "--format", "json"])["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["overdue"].as_array().unwrap().iter().map(|i| text(&i["id"])))
        .collect();
    assert_eq!(listed, digested, "--unit {unit}: list and overdue disagree\n{group}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_report_agrees_on_who_is_late(seed in any::<u64>()) {
        agree(seed);
    }
}
