//! The canonical reader against serde-saphyr: on every group file in the
//! repository, on files `layout` writes, and on many small edits of them.
//! Whenever `canonical::read` returns a value it must be exactly what
//! `store::parse_group` returns, locations included; `None` is always
//! allowed, and is required when serde-saphyr refuses the text.

use std::path::{Path, PathBuf};
use taizhang::model::{Actual, Duty, Extension, GroupFile, Indicator, Located, Measure, Progress};
use taizhang::store::canonical::read;
use taizhang::store::layout::group_file;
use taizhang::store::parse_group;

/// What `read` did with a text that it was allowed to do.
#[derive(Debug, PartialEq)]
enum Outcome {
    Read,
    LeftToSerde,
}

/// Checks `read` against `parse_group` on `text`; panics on disagreement.
fn compare(text: &str, what: &str) -> Outcome {
    match (read(text), parse_group(text)) {
        (None, _) => Outcome::LeftToSerde,
        (Some(fast), Ok(slow)) => {
            assert_eq!(fast, slow, "{what}: canonical reader disagrees with serde-saphyr on\n{text}");
            Outcome::Read
        }
        (Some(_), Err(error)) => {
            panic!("{what}: canonical reader accepted what serde-saphyr refuses ({error}):\n{text}")
        }
    }
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("readable").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

#[test]
fn repository_group_files_are_read_exactly() {
    let files = yaml_files(&manifest().join("tasks"));
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let what = path.display().to_string();
        if parse_group(&text).is_ok() {
            assert_eq!(compare(&text, &what), Outcome::Read, "{what} is in the canonical layout but was not read");
        }
    }
}

#[test]
fn fixtures_are_read_exactly_or_left_to_serde() {
    let files = yaml_files(&manifest().join("tests/fixtures"));
    assert!(files.len() > 10);
    let mut read_count = 0;
    for path in files {
        // Some fixtures are not UTF-8 on purpose (a file saved as GBK).
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let what = path.display().to_string();
        let outcome = compare(&text, &what);
        // A file that is byte for byte what `layout` writes must take the fast path.
        if let Ok(group) = parse_group(&text)
            && group_file(&group) == text
        {
            assert_eq!(outcome, Outcome::Read, "{what} is canonical but was not read");
        }
        read_count += usize::from(outcome == Outcome::Read);
    }
    assert!(read_count > 10, "only {read_count} fixtures took the fast path");
}

/// Strings that need quoting, escaping or are easy to misread.
const AWKWARD: &[&str] = &[
    "市司法局",
    "a\"quoted\" word",
    "back\\slash\\",
    "line\nbreak\n",
    "tab\there",
    "\u{1b}[31mred\u{0}nul\u{7f}del",
    "c1\u{85}\u{9f} separators\u{2028}\u{2029} bom\u{feff}",
    "astral 😀𝄞 and CJK,标点(全角);“引号”",
    "# not a comment",
    "key: value, [list] {map} & * ! | > ' % @ `",
    "  leading and trailing  ",
    "",
    "2.10",
    "true",
    "~",
    "- dash",
    "\\u0041 looks like an escape",
];

fn awkward(i: usize) -> String {
    AWKWARD[i % AWKWARD.len()].to_string()
}

fn located(i: usize) -> Located<String> {
    Located::new(awkward(i))
}

fn leaf(id: &str, seed: usize) -> Measure {
    Measure {
        id: Located::new(id.to_string()),
        text: awkward(seed),
        assignment: Some(awkward(seed + 1)),
        tail: seed.is_multiple_of(2).then(|| "。".to_string()),
        lead: match seed % 3 {
            0 => None,
            1 => Some(vec![]),
            _ => Some(vec![located(seed + 7)]),
        },
        units: (0..seed % 3 + 1).map(|k| located(seed + k)).collect(),
        support: if seed % 4 == 1 { vec![located(seed + 8), located(seed + 9)] } else { vec![] },
        scope: if seed % 2 == 1 { vec![located(seed + 5)] } else { vec![] },
        persons: if seed % 5 == 2 { vec![awkward(seed + 10)] } else { vec![] },
        due: Some(Located::new("2021-12".into())),
        due_text: (!seed.is_multiple_of(3)).then(|| located(seed + 2)),
        due_source: (seed % 4 == 3).then(|| Located::new("text".into())),
        extensions: (0..seed % 3)
            .map(|k| Extension {
                unit: (k == 0).then(|| located(seed + k)),
                to: Located::new("2022-06-30".into()),
                reason: awkward(seed + k + 3),
                approval: (k == 1).then(|| awkward(seed + 4)),
                requested_by: (k == 2).then(|| located(seed + 6)),
                date: (k == 0).then(|| Located::new("2021-11-02".into())),
            })
            .collect(),
        progress: (0..seed % 4)
            .map(|k| Progress {
                unit: located(seed + k),
                status: Located::new(["todo", "doing", "done"][k % 3].into()),
                date: (k != 1).then(|| Located::new("2021-03-01".into())),
                note: (k != 2).then(|| awkward(seed + k + 7)),
                evidence: (0..k).map(|e| awkward(seed + e + 9)).collect(),
            })
            .collect(),
        items: vec![],
    }
}

fn branch(id: &str, text: &str, items: Vec<Measure>) -> Measure {
    Measure { items, ..Measure { text: text.into(), ..leaf(id, 0) } }
}

/// Groups as `import` and `set` would write them, with every optional
/// field both present and absent somewhere.
fn synthetic() -> Vec<GroupFile> {
    let mut groups = Vec::new();
    for seed in 0..AWKWARD.len() {
        let deep = branch(
            "3.2",
            &awkward(seed + 3),
            vec![
                leaf("3.2.1", seed + 1),
                branch("3.2.2", "", vec![leaf("3.2.2.1", seed + 2), leaf("3.2.2.2", seed + 3)]),
            ],
        );
        groups.push(GroupFile {
            group: Located::new("3".into()),
            title: awkward(seed),
            target: awkward(seed + 1),
            indicators: vec![indicator(seed, 0.0), indicator(seed + 1, 92.5)],
            measures: vec![leaf("3.1", seed), deep, leaf("3.3", seed + 5)],
            duties: vec![
                Duty {
                    units: vec![located(seed), located(seed + 1)],
                    label: Some(awkward(seed + 2)),
                    text: awkward(seed),
                },
                Duty { units: vec![located(seed + 3)], label: None, text: awkward(seed + 4) },
            ],
        });
    }
    groups.push(GroupFile {
        group: Located::new("4".into()),
        title: "空".into(),
        target: String::new(),
        indicators: vec![],
        measures: vec![],
        duties: vec![],
    });
    groups
}

/// An indicator with awkward strings, one actual value and `value`.
fn indicator(seed: usize, value: f64) -> Indicator {
    Indicator {
        id: Located::new(format!("3.i{}", seed + 1)),
        name: awkward(seed),
        comparator: Located::new("<=".into()),
        value: Located::new(value),
        unit: (!seed.is_multiple_of(2)).then(|| Located::new("人次".into())),
        period: None,
        phrase: awkward(seed + 1),
        source: "3.1".into(),
        actuals: vec![Actual {
            period: Located::new("2021".into()),
            unit: None,
            value: Located::new(value + 1.5),
            date: None,
            note: Some(awkward(seed + 2)),
            evidence: vec![],
        }],
    }
}

#[test]
fn files_layout_writes_are_read_exactly() {
    for (i, group) in synthetic().into_iter().enumerate() {
        let text = group_file(&group);
        assert_eq!(compare(&text, &format!("synthetic {i}")), Outcome::Read, "synthetic {i} was not read:\n{text}");
        // And the values are those that were written.
        let back = read(&text).expect("read");
        assert_eq!(back.title, group.title);
        assert_eq!(back.measures.len(), group.measures.len());
        assert_eq!(group_file(&back), text);
    }
}

/// Small canonical files to edit (serde-saphyr is slow in a debug build,
/// so they are short): the base fixture, and a group with extensions,
/// progress, nested items and duties, and strings with escapes.
fn mutation_sources() -> Vec<String> {
    let base = std::fs::read_to_string(manifest().join("tests/fixtures/base/tasks/01.yaml")).expect("base fixture");
    let text = |s: &str| s.to_string();
    let at = |s: &str| Located::new(s.to_string());
    let mut first = leaf("3.1", 0);
    first.text = text("甲\"乙\\丙");
    first.assignment = Some(text("(市局,2021年)"));
    first.units = vec![at("市局"), at("区😀局")];
    first.extensions = vec![
        Extension {
            unit: Some(at("市局")),
            to: at("2022-06"),
            reason: text("a\nb"),
            approval: None,
            requested_by: Some(at("市局")),
            date: Some(at("2022-01-02")),
        },
        Extension {
            unit: None,
            to: at("2022-09-30"),
            reason: text("c\td"),
            approval: Some(text("文〔1〕号")),
            requested_by: None,
            date: None,
        },
    ];
    first.progress = vec![
        Progress {
            unit: at("市局"),
            status: at("done"),
            date: Some(at("2021-05-06")),
            note: Some(text("e\u{1b}f")),
            evidence: vec![text("x"), text("y")],
        },
        Progress { unit: at("区😀局"), status: at("doing"), date: None, note: None, evidence: vec![] },
    ];
    let mut item = leaf("3.2.1", 0);
    item.text = text("项");
    item.units = vec![at("市局")];
    let group = GroupFile {
        group: at("3"),
        title: text("题"),
        target: text("# 目标: 100%"),
        indicators: vec![Indicator {
            id: at("3.i1"),
            name: text("率"),
            comparator: at(">="),
            value: Located::new(90.0),
            unit: Some(at("%")),
            period: Some(at("quarter")),
            phrase: text("率90%以上"),
            source: text("target"),
            actuals: vec![Actual {
                period: at("2021-Q1"),
                unit: Some(at("市局")),
                value: Located::new(92.25),
                date: Some(at("2021-04-01")),
                note: Some(text("注")),
                evidence: vec![text("文")],
            }],
        }],
        measures: vec![first, branch("3.2", "枝", vec![item])],
        duties: vec![Duty {
            units: vec![at("市局"), at("区😀局")], label: Some(text("两局")), text: text("职责")
        }],
    };
    vec![base, group_file(&group)]
}

/// Where the line's content starts, and the column its keys stand at.
fn indents(line: &str) -> (usize, usize) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let keys = if line[indent..].starts_with("- ") { indent + 2 } else { indent };
    (indent, keys)
}

/// The byte range of the first double-quoted scalar on the line, quotes included.
fn first_string(line: &str) -> Option<(usize, usize)> {
    let open = line.find('"')?;
    let bytes = line.as_bytes();
    let mut at = open + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some((open, at + 1)),
            _ => at += 1,
        }
    }
    None
}

/// Characters and escapes put at the start of a string: some serde-saphyr
/// reads, some it refuses; the fast reader takes only the `\u` escapes.
const STRING_EDITS: [&str; 19] = [
    "\u{80}",
    "\u{fffe}",
    "\\x41",
    "\\/",
    "\\u00e9",
    "\\u00E9",
    "\\U0001F600",
    "\\ud800",
    "\\ud83d\\ude00",
    "\\0",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "\t",
    "\r",
    "\u{7f}",
    "\u{1}",
    " # x",
    "\\\n",
];

/// Every edit of one line (at `i`) that the test tries.
fn line_edits(lines: &[&str], i: usize) -> Vec<Vec<String>> {
    let line = lines[i];
    let (indent, keys) = indents(line);
    let mut variants: Vec<String> = Vec::new();
    let mut multi: Vec<Vec<String>> = Vec::new();
    let replace = |text: String| -> Vec<String> {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        out[i] = text;
        out
    };
    let insert_after = |extra: String| -> Vec<String> {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        out.insert(i + 1, extra);
        out
    };
    // Delete one character of the structure: the last column of the
    // indentation, the dash, key and colon, the opening quote, the end of
    // the line, flow punctuation and the first backslash.
    let prefix = line.find('"').map_or(line.len(), |q| q + 1);
    let mut cuts: Vec<usize> = (indent.saturating_sub(1)..prefix).collect();
    cuts.extend(line.len().saturating_sub(2)..line.len());
    cuts.extend(line.match_indices(['[', ']', ',']).map(|(at, _)| at));
    cuts.extend(line.find('\\'));
    cuts.sort_unstable();
    cuts.dedup();
    for at in cuts.into_iter().filter(|&at| line.is_char_boundary(at)) {
        let c = line[at..].chars().next().expect("in the line");
        variants.push(format!("{}{}", &line[..at], &line[at + c.len_utf8()..]));
    }
    // Re-indent by one or two columns.
    for n in [1, 2] {
        variants.push(format!("{}{line}", " ".repeat(n)));
        if indent >= n {
            variants.push(line[n..].to_string());
        }
    }
    // Quotes: unquote the value, swap each quote for a single one.
    if let Some((open, close)) = first_string(line) {
        let inner = &line[open + 1..close - 1];
        variants.push(format!("{}{inner}{}", &line[..open], &line[close..]));
        variants.push(format!("{}2.10{}", &line[..open], &line[close..]));
        variants.push(format!("{}\"{inner}\\\"{}", &line[..open], &line[close..]));
        // Characters and escapes inside a string: on every third line only,
        // since where the string stands matters little and time does.
        let tokens: &[&str] = if i.is_multiple_of(3) { &STRING_EDITS } else { &[] };
        for token in tokens {
            variants.push(format!("{}{token}{}", &line[..open + 1], &line[open + 1..]));
        }
        variants.push(format!("{}&a {}", &line[..open], &line[open..]));
        variants.push(format!("{}!!str {}", &line[..open], &line[open..]));
        variants.push(format!("{}'{}'{}", &line[..open], &line[open + 1..close - 1], &line[close..]));
    }
    for (at, _) in line.match_indices('"').take(4) {
        variants.push(format!("{}'{}", &line[..at], &line[at + 1..]));
    }
    // Numbers: quoted (text to YAML, refused by both readers), and too
    // long to be finite (infinity to a bare parse, refused by serde-saphyr).
    if let Some(at) = line.find("value: ").map(|at| at + "value: ".len())
        && line[at..].starts_with(|c: char| c.is_ascii_digit() || c == '-')
    {
        let (head, number) = line.split_at(at);
        variants.push(format!("{head}\"{number}\""));
        variants.push(format!("{head}'{number}'"));
        variants.push(format!("{head}1{}", "0".repeat(400)));
        variants.push(format!("{head}{number}{}", "0".repeat(400)));
        variants.push(format!("{head}-{}.5", "9".repeat(320)));
        variants.push(format!("{head}{}", "9".repeat(308)));
        variants.push(format!("{head}0.{}1", "0".repeat(400)));
    }
    // Trailing text, tabs, line endings.
    variants.push(format!("{line} # c"));
    variants.push(format!("{line} "));
    variants.push(format!("{line}\r"));
    variants.push(format!("\t{line}"));
    variants.push(format!("{}\t{}", &line[..indent], &line[indent..]));
    variants.push(line.replacen(": ", ":\t", 1));
    variants.push(line.replacen(": ", ":  ", 1));
    variants.push(line.replacen(':', " :", 1));
    variants.push(line.replacen("- ", "-  ", 1));
    variants.push(line.replacen("- ", "-\n".to_string().as_str(), 1));
    variants.push(line.replacen("[", "[ ", 1));
    variants.push(line.replacen("\", \"", "\",\"", 1));
    variants.push(line.replacen("]", ", ]", 1));
    variants.push(line.replacen(" []", "", 1));
    variants.push(line.replacen(": [", ":\n", 1));
    variants.sort();
    variants.dedup();
    for edit in variants.into_iter().filter(|edit| edit != line) {
        multi.push(replace(edit));
    }
    // Whole lines: duplicate, delete, swap, insert unknown keys, blanks and comments.
    multi.push(insert_after(line.to_string()));
    let mut deleted: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    deleted.remove(i);
    multi.push(deleted);
    if i + 1 < lines.len() {
        let mut swapped: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        swapped.swap(i, i + 1);
        multi.push(swapped);
    }
    for pad in [indent, keys, keys + 2] {
        multi.push(insert_after(format!("{}x: \"y\"", " ".repeat(pad))));
        multi.push(insert_after(format!("{}# comment", " ".repeat(pad))));
    }
    multi.push(insert_after(String::new()));
    multi.push(insert_after("   ".to_string()));
    multi.push(insert_after(format!("{}- id: \"9.9\"", " ".repeat(indent))));
    multi.push(insert_after("---".to_string()));
    if i == 0 {
        // Comments are skipped, but not every character is allowed in them.
        for token in STRING_EDITS {
            multi.push(insert_after(format!("# {token}")));
        }
    }
    multi
}

#[test]
fn edited_files_are_read_exactly_or_left_to_serde() {
    let (mut read_count, mut total) = (0, 0);
    for (f, source) in mutation_sources().iter().enumerate() {
        let lines: Vec<&str> = source.lines().collect();
        for i in 0..lines.len() {
            for edited in line_edits(&lines, i) {
                let mut text = edited.join("\n");
                text.push('\n');
                let outcome = compare(&text, &format!("source {f}, edit of line {}", i + 1));
                read_count += usize::from(outcome == Outcome::Read);
                total += 1;
            }
        }
        // Without the final line break, and cut short after any line.
        compare(source.trim_end_matches('\n'), "no final newline");
        for (end, _) in source.match_indices('\n') {
            compare(&source[..end], &format!("source {f} cut short at byte {end}"));
        }
    }
    // Both outcomes must occur, or the test proves nothing.
    assert!(read_count > 100 && total - read_count > 1000, "{read_count} of {total} edits read");
}

/// An indicator whose target value is written `value`.
fn with_value(value: &str) -> String {
    format!(
        "group: \"1\"\ntitle: \"t\"\nindicators:\n  - id: \"1.i1\"\n    name: \"n\"\n    comparator: \">=\"\n    \
         value: {value}\n    phrase: \"p\"\n    source: \"title\"\n    actuals: []\n"
    )
}

/// A number field holds a number. Quoted, it is text to YAML, to the schema
/// and to editors, so both readers refuse it rather than one reading it as
/// the number; a numeral too long for a finite number is refused by both.
#[test]
fn numbers_are_unquoted_and_finite_for_both_readers() {
    let long = "1".repeat(401);
    let long_fraction = format!("{}.5", "9".repeat(400));
    let negative = format!("-{}", "9".repeat(320));
    let refused =
        ["\"90\"", "'90'", "\"92.5\"", "\"98.5%\"", &long, &long_fraction, &negative, ".inf", "-.inf", ".nan"];
    for value in refused {
        let text = with_value(value);
        assert_eq!(read(&text), None, "the fast reader takes `value: {value}`");
        assert!(parse_group(&text).is_err(), "serde-saphyr takes `value: {value}`");
    }
    let largest = "9".repeat(308);
    let tiny = format!("0.{}1", "0".repeat(400));
    for (value, number) in [("90", 90.0), ("-92.5", -92.5), (largest.as_str(), 1e308), (tiny.as_str(), 0.0)] {
        let text = with_value(value);
        assert_eq!(compare(&text, value), Outcome::Read, "`value: {value}`");
        assert_eq!(read(&text).unwrap().indicators[0].value.value, number, "`value: {value}`");
    }
}

/// The refusal of a quoted number says so, and how to write it.
#[test]
fn a_quoted_number_is_refused_with_a_hint_to_drop_the_quotes() {
    let text = with_value("\"90\"");
    let error = parse_group(&text).unwrap_err();
    let problem = taizhang::store::yaml_error::diagnostic("tasks/01.yaml", &text, &error);
    assert_eq!(problem.line, 7);
    assert!(problem.message.contains("`\"90\"`"), "{}", problem.message);
    assert!(problem.hint.as_deref().is_some_and(|h| h.ends_with(" 90")), "{:?}", problem.hint);
}

/// Random small edits with structural characters, from a fixed seed.
#[test]
fn randomly_edited_files_are_read_exactly_or_left_to_serde() {
    const TOKENS: &[&str] = &[
        " ", "  ", "\n", "\"", "\\", ":", ": ", "- ", "#", "[", "]", ", ", "\t", "x", "é", "2.10", "\n  ", "\\u0041",
        "{", "}", "'", "\\n", "&", "*", "!", "|", ">", "~", "?",
    ];
    let sources = mutation_sources();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut read_count = 0;
    for round in 0..1000 {
        let source = &sources[next(sources.len())];
        let mut text = source.clone();
        for _ in 0..1 + next(2) {
            let mut at = next(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match next(3) {
                0 => text.insert_str(at, TOKENS[next(TOKENS.len())]),
                1 => {
                    let mut end = (at + 1 + next(3)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
                    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                    let line = text[start..end].to_string();
                    text.insert_str(start, &line);
                }
            }
        }
        read_count += usize::from(compare(&text, &format!("random edit {round}")) == Outcome::Read);
    }
    assert!(read_count > 50, "only {read_count} random edits read");
}
