//! `taizhang schema`: the committed copy is what the command prints, every
//! group file we ship validates against it with a validator independent of
//! the tool, broken files do not, and where the schema has a pattern it
//! accepts exactly what `check` accepts.

mod common;

use common::{fixture, repo, run};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use taizhang::model::due::Due;
use taizhang::model::indicator::is_unit;
use taizhang::model::status::Status;
use taizhang::model::target::{Comparator, Period};

fn schema_text() -> String {
    let r = run(&repo(), &["schema"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn schema() -> Value {
    serde_json::from_str(&schema_text()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema is a valid JSON Schema")
}

/// A group file as the validator sees it: YAML read into JSON (comments
/// dropped, unquoted numbers as numbers).
fn as_json(yaml: &str) -> Value {
    serde_saphyr::from_str(yaml).expect("the YAML parses")
}

/// What the validator finds wrong with a group file, with where.
fn problems(validator: &jsonschema::Validator, yaml: &str) -> Vec<String> {
    let instance = as_json(yaml);
    validator.iter_errors(&instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// The `tasks/*.yaml` of a checklist folder.
fn group_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("tasks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_committed_schema_is_what_the_command_prints() {
    let printed = schema_text();
    let committed = std::fs::read_to_string(repo().join("tasks/group.schema.json")).unwrap();
    assert!(
        printed == committed,
        "tasks/group.schema.json is stale: run `cargo run -- import examples/yichang-sfj-2020-5.txt --out . --force`"
    );
    assert!(printed.ends_with("}\n"));
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema["title"].as_str().is_some_and(|t| t.contains("taizhang")));
    // serde's attributes: unknown keys refused, defaults and options optional.
    let measure = &schema["definitions"]["Measure"];
    assert_eq!(measure["additionalProperties"], false);
    assert_eq!(measure["required"], json!(["id"]));
    assert_eq!(measure["properties"]["due"]["type"], json!(["string", "null"]));
    assert!(measure["properties"]["id"]["description"].as_str().is_some_and(|d| d.contains("dotted")));
}

#[test]
fn shipped_group_files_name_the_schema_and_validate() {
    let validator = validator();
    let files = group_files(&repo());
    assert_eq!(files.len(), 28);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(text.starts_with("# yaml-language-server: $schema=group.schema.json\n"), "{name}");
        assert_eq!(problems(&validator, &text), Vec::<String>::new(), "tasks/{name}");
    }
}

#[test]
fn fixture_group_files_validate() {
    let validator = validator();
    for checklist in ["base", "reports"] {
        let files = group_files(&fixture(checklist));
        assert!(!files.is_empty());
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(problems(&validator, &text), Vec::<String>::new(), "{}", path.display());
        }
    }
}

/// The base fixture's group file with every field the schema constrains:
/// an indicator with an actual value, and an extension. `check` accepts it.
fn full_file() -> String {
    let text = std::fs::read_to_string(fixture("base/tasks/01.yaml")).unwrap();
    let text = text.replacen(
        "measures:\n",
        "indicators:\n\
         \x20 - id: \"1.i1\"\n\
         \x20   name: \"测试量化目标\"\n\
         \x20   comparator: \">=\"\n\
         \x20   value: 100\n\
         \x20   unit: \"%\"\n\
         \x20   period: \"year\"\n\
         \x20   phrase: \"测试量化目标100%\"\n\
         \x20   source: \"target\"\n\
         \x20   actuals:\n\
         \x20     - period: \"2021\"\n\
         \x20       value: 90\n\
         measures:\n",
        1,
    );
    // Without the wording, `due` is checked on its own.
    let text = text.replace("    due_text: \"2020年12月\"\n", "").replace("    due_text: \"长期坚持\"\n", "");
    text.replacen(
        "    due: \"2020-12\"\n",
        "    due: \"2020-12\"\n    extensions:\n      - to: \"2021-06\"\n        reason: \"机构改革\"\n",
        1,
    )
}

/// Runs `check` on group files written one after another into one copy
/// of the base fixture.
struct Checker(tempfile::TempDir);

impl Checker {
    fn new() -> Checker {
        Checker(common::base_checklist())
    }

    fn accepts(&self, yaml: &str) -> bool {
        std::fs::write(self.0.path().join("tasks/01.yaml"), yaml).unwrap();
        let r = run(self.0.path(), &["check"]);
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
        r.code == 0
    }
}

#[test]
fn broken_files_do_not_validate() {
    let validator = validator();
    let checker = Checker::new();
    let full = full_file();
    assert!(checker.accepts(&full), "the full file is valid");
    assert_eq!(problems(&validator, &full), Vec::<String>::new());
    let cases = [
        (
            "an unknown key",
            "    text: \"第一项措施。\"\n",
            "    text: \"第一项措施。\"\n    colour: \"red\"\n",
            "/measures/0",
        ),
        ("a number where text belongs", "group: \"1\"", "group: 1", "/group"),
        ("a number where text belongs", "id: \"1.2\"", "id: 1.2", "/measures/1/id"),
        ("an id that is not dotted numbers", "id: \"1.2\"", "id: \"1-2\"", "/measures/1/id"),
        ("an id with a leading zero", "id: \"1.2\"", "id: \"1.02\"", "/measures/1/id"),
        ("a bad status", "status: \"doing\"", "status: \"finished\"", "/measures/1/progress/0/status"),
        ("a missing title", "title: \"测试基本要求。\"\n", "", ""),
        ("an impossible day", "due: \"2020-12\"", "due: \"2021-02-29\"", "/measures/0/due"),
        ("a bad comparator", "comparator: \">=\"", "comparator: \"≥\"", "/indicators/0/comparator"),
    ];
    for (what, from, to, at) in cases {
        assert!(full.contains(from), "{what}: {from}");
        let broken = full.replacen(from, to, 1);
        let found = problems(&validator, &broken);
        assert!(!found.is_empty(), "{what} validates");
        assert!(found.iter().all(|p| p.starts_with(&format!("{at}:"))), "{what}: {found:?}");
        assert!(!checker.accepts(&broken), "{what}: check accepts it");
    }
}

/// For each constrained field, values that the schema and `check` must
/// judge alike, in the full file (everything else in it valid).
#[test]
fn the_schema_and_check_agree_on_every_constrained_field() {
    let validator = validator();
    let checker = Checker::new();
    let full = full_file();
    let fields: [(&str, &[&str]); 10] = [
        ("group: \"1\"", &["1", "01", "1.0", " 1", "+1", "١", ""]),
        ("id: \"1.2\"", &["1.2", "1.3", "1.10", "1.02", "1.0", "1", "1.", "1..2", "1.a", "1.2 ", "1.+2", "1.١"]),
        ("id: \"1.i1\"", &["1.i1", "1.i2", "1.i10", "1.i01", "1.i0", "1.i", "1.1", "1i1", "1.I1", "01.i1"]),
        ("comparator: \">=\"", &[">=", "<=", "=", "≥", "==", " >=", ">", ""]),
        ("unit: \"%\"", &["%", "个", "家", "次", "人次", "％", "人", "percent", " %"]),
        ("period: \"year\"", &["year", "quarter", "month", "Year", "每季度", "week", ""]),
        (
            "period: \"2021\"",
            &[
                "2021",
                "2021-H1",
                "2021-H02",
                "2021-Q4",
                "2021-Q004",
                "2021-07",
                "2021-H3",
                "2021-Q0",
                "2021-13",
                "2021-7",
                "21",
                "2021-",
                "2021-H+1",
            ],
        ),
        (
            "status: \"doing\"",
            &[
                "doing",
                "DONE",
                "Blocked",
                " todo ",
                "未开始",
                "已完成",
                "\u{85}推进中\u{3000}",
                "finished",
                "do ne",
                "\u{feff}doing",
                "ＤＯＮＥ",
            ],
        ),
        (
            "due: \"2020-12\"",
            &[
                "2020-12",
                "ongoing",
                "2021-02-28",
                "2024-02-29",
                "2000-02-29",
                " 202-01-01",
                "+204-02-29",
                "\u{3000}4-02-29",
                "2021-02-29",
                "1900-02-29",
                "+200-02-29",
                "2021-13",
                "2021-1",
                "Ongoing",
                "2021-12-1",
                "2021/12",
                " 2021-12",
            ],
        ),
        ("to: \"2021-06\"", &["2021-06", "2021-06-30", " 2021-06-30", "ongoing", "2021-06-31", "2021-6"]),
    ];
    for (field, values) in fields {
        assert!(full.contains(field), "{field}");
        let (key, _) = field.split_once(": ").unwrap();
        for value in values {
            let yaml = full.replacen(field, &format!("{key}: {}", taizhang::store::layout::quote(value)), 1);
            let schema_says = problems(&validator, &yaml).is_empty();
            assert_eq!(schema_says, checker.accepts(&yaml), "{key}: {value:?}: the schema says {schema_says}");
        }
    }
}

/// A validator for the schema of one property of one definition.
fn property(schema: &Value, definition: &str, name: &str) -> jsonschema::Validator {
    jsonschema::validator_for(&schema["definitions"][definition]["properties"][name]).unwrap()
}

/// Asserts that a property's schema accepts exactly the strings `rule` does.
fn agree(validator: &jsonschema::Validator, what: &str, values: &[String], rule: impl Fn(&str) -> bool) {
    for value in values {
        let schema_says = validator.is_valid(&Value::String(value.clone()));
        assert_eq!(schema_says, rule(value), "{what}: {value:?}: the schema says {schema_says}");
    }
}

#[test]
fn the_patterns_are_the_parsers_of_check() {
    let schema = schema();
    // Deadlines: every year form chrono's %Y reads, every month and day.
    let years = [
        "0000",
        "0004",
        "0100",
        "0400",
        "1900",
        "2000",
        "2020",
        "2021",
        "2024",
        "2100",
        "9999",
        "+202",
        "+204",
        "+200",
        "+400",
        " 202",
        " 204",
        "  20",
        "  24",
        "   4",
        "   0",
        "\t+20",
        "\u{85}20",
        "\u{a0}+4",
        "\u{3000}4",
        "\u{3000}3",
        "+ 20",
        "2 02",
        "20 2",
        "202 ",
        "-202",
        "a202",
        "202",
        "20211",
        "２０２１",
    ];
    let months = ["00", "01", "02", "04", "09", "10", "11", "12", "13", "1", "001"];
    let days = ["", "00", "01", "28", "29", "30", "31", "32", "1", "001"];
    let mut deadlines: Vec<String> = ["ongoing", "Ongoing", " ongoing", "ongoing ", "", "2021", "2021/12", "2021-12-"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for year in years {
        for month in months {
            for day in days {
                deadlines.push(if day.is_empty() {
                    format!("{year}-{month}")
                } else {
                    format!("{year}-{month}-{day}")
                });
            }
        }
    }
    agree(&property(&schema, "Measure", "due"), "due", &deadlines, |s| Due::from_key(s).is_some());
    agree(&property(&schema, "Extension", "to"), "to", &deadlines, |s| {
        Due::from_key(s).is_some_and(|d| d != Due::Ongoing)
    });

    // Statuses: every spelling, in any case, with any white space around.
    let mut statuses = Vec::new();
    let spaces =
        ["", " ", "\t", "\n", "\u{b}", "\u{85}", "\u{a0}", "\u{2007}", "\u{3000}", "\u{feff}", "\u{200b}", "x"];
    for word in ["todo", "doing", "done", "blocked", "未开始", "推进中", "已完成", "受阻", "finished", "todos", "未开"]
    {
        let mut chars = word.chars();
        let capitalized = chars.next().unwrap().to_uppercase().chain(chars).collect::<String>();
        for form in [word.to_string(), word.to_uppercase(), capitalized] {
            for before in spaces {
                for after in ["", " ", "\u{2029}", "\u{feff}"] {
                    statuses.push(format!("{before}{form}{after}"));
                }
            }
        }
    }
    statuses.extend(["", " ", "do ne", "dOnE", "ＤＯＮＥ", "todo\u{0}"].map(String::from));
    agree(&property(&schema, "Progress", "status"), "status", &statuses, |s| Status::parse(s).is_some());

    // Periods of actual values.
    let mut periods: Vec<String> = Vec::new();
    for year in ["2021", "0000", "202", "20211", "+202", " 202"] {
        periods.push(year.to_string());
        for rest in [
            "", "H1", "H2", "H0", "H3", "H01", "H002", "H+1", "H", "h1", "Q1", "Q4", "Q5", "Q04", "Q+4", "Q", "01",
            "12", "00", "13", "1", "001", "+1", " 1", "1 ", "H1 ",
        ] {
            periods.push(format!("{year}-{rest}"));
        }
    }
    agree(&property(&schema, "Actual", "period"), "period", &periods, |s| Period::parse(s).is_some());

    let comparators = [">=", "<=", "=", "≥", "==", ">", " =", "=>", ""].map(String::from);
    agree(&property(&schema, "Indicator", "comparator"), "comparator", &comparators, |s| {
        Comparator::parse(s).is_some()
    });
    let units = ["%", "个", "家", "次", "人次", "％", "人", "次 ", "%%", ""].map(String::from);
    agree(&property(&schema, "Indicator", "unit"), "unit", &units, is_unit);
}
