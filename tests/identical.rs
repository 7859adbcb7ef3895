//! Every report, on the shipped checklist and on a 10,000-leaf synthetic one,
//! prints exactly what `tests/golden/identical.txt` records: a fingerprint
//! (length and FNV-1a hash) of each command's exit status, stdout and
//! stderr. Work on speed must leave every byte as it was; a change meant to
//! alter output re-blesses the file with `UPDATE_GOLDEN=1 cargo test --test
//! identical`, after the output itself was read in the other tests' goldens.

mod common;

#[allow(dead_code)]
#[path = "../examples/synthetic.rs"]
mod synthetic;

use std::fmt::Write as _;
use std::path::Path;

/// The reports, each judged as of two dates.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "json"],
    &["list"],
    &["list", "--format", "json"],
    &["list", "--format", "csv"],
    &["list", "--unit", "市司法局", "--overdue"],
    &["list", "--unit", "各县市区", "--format", "json"],
    &["show", "1.1"],
    &["show", "1.1", "--format", "json"],
    &["overdue"],
    &["overdue", "--format", "json"],
    &["overdue", "--format", "md"],
    &["overdue", "--within", "30"],
    &["summary"],
    &["summary", "--by", "unit"],
    &["summary", "--format", "json"],
    &["summary", "--by", "unit", "--format", "json"],
    &["indicators"],
    &["indicators", "--format", "json"],
    &["export", "--format", "csv", "-o", "-"],
    &["export", "--format", "json", "-o", "-"],
];

const DATES: &[&str] = &["2021-01-04", "2021-07-01"];

#[test]
fn reports_are_byte_identical_to_the_recorded_ones() {
    let shipped = common::shipped_checklist();
    let synthetic = tempfile::tempdir().unwrap();
    synthetic::write(synthetic.path(), 10_000, 100);
    let mut actual = String::new();
    for (name, dir) in [("shipped", shipped.path()), ("synthetic-10k", synthetic.path())] {
        for date in DATES {
            for args in COMMANDS {
                let run = common::command(dir).args(*args).env("TAIZHANG_TODAY", date).output().unwrap();
                let mut bytes = format!("exit {:?}\n", run.status.code()).into_bytes();
                bytes.extend(&run.stdout);
                bytes.extend(b"\n--- stderr\n");
                bytes.extend(&run.stderr);
                writeln!(actual, "{name} {date} {}: {}", args.join(" "), fingerprint(&bytes)).unwrap();
            }
            writeln!(actual, "{name} {date} export xlsx: {}", fingerprint(xlsx_cells(dir, date).as_bytes())).unwrap();
        }
    }
    let golden = common::repo().join("tests/golden/identical.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    let changed: Vec<&str> = actual.lines().filter(|line| !expected.lines().any(|e| e == *line)).collect();
    assert!(changed.is_empty(), "these reports print something else than recorded:\n{}", changed.join("\n"));
    assert_eq!(actual, expected, "the recorded reports differ from these");
}

/// Length and FNV-1a hash of a report.
fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{} bytes, {hash:016x}", bytes.len())
}

/// Every cell of every sheet of the xlsx export, as text (the file itself
/// holds the time it was made).
fn xlsx_cells(dir: &Path, date: &str) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("ledger.xlsx");
    let run = common::command(dir)
        .args(["export", "--format", "xlsx", "-o"])
        .arg(&path)
        .env("TAIZHANG_TODAY", date)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let mut text = String::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        writeln!(text, "== {name}").unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            writeln!(text, "{}", cells.join("\t")).unwrap();
        }
    }
    text
}
