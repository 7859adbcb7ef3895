//! `taizhang fmt`: the canonical layout, comments kept, nothing else moved.

mod common;

use common::{run, shipped_checklist};

#[test]
fn the_shipped_checklist_is_canonical() {
    let r = run(&common::repo(), &["fmt", "--check"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

/// A hand-reformatted copy of tasks/02.yaml: other quoting, key order,
/// spacing and comments, same content.
fn hand_formatted(text: &str) -> String {
    text.replacen("group: \"2\"", "# 手工整理过的文件\ngroup: '2'", 1)
        .replacen("units: [\"市司法局\"]", "units: [ '市司法局' ]   # 只有一个单位", 1)
        .replacen("    text: \"加大执法标准化建设力度。", "    # 措施原文\n    text: \"加大执法标准化建设力度。", 1)
        .replacen("due_text: \"2020年12月\"", "due_text: 2020年12月", 1)
        .replace("progress: []", "progress:   []")
}

#[test]
fn a_reformatted_copy_fails_the_check_and_is_restored_with_its_comments() {
    let dir = shipped_checklist();
    let path = dir.path().join("tasks/02.yaml");
    let canonical = std::fs::read_to_string(&path).unwrap();
    let edited = hand_formatted(&canonical);
    assert_ne!(edited, canonical);
    std::fs::write(&path, &edited).unwrap();
    let before = run(dir.path(), &["list", "--format", "json", "--group", "2"]).stdout;
    let r = run(dir.path(), &["fmt", "--check"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "tasks/02.yaml\n"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited, "--check changes nothing");
    let r = run(dir.path(), &["fmt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "tasks/02.yaml\n"), "{}", r.stderr);
    let formatted = std::fs::read_to_string(&path).unwrap();
    let with_comments = canonical
        .replacen("group: \"2\"", "# 手工整理过的文件\ngroup: \"2\"", 1)
        .replacen("units: [\"市司法局\"]", "units: [\"市司法局\"]  # 只有一个单位", 1)
        .replacen("    text: \"加大执法标准化建设力度。", "    # 措施原文\n    text: \"加大执法标准化建设力度。", 1);
    assert_eq!(formatted, with_comments);
    assert_eq!(
        run(dir.path(), &["list", "--format", "json", "--group", "2"]).stdout,
        before,
        "the content is the same"
    );
    let r = run(dir.path(), &["fmt", "--check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn a_file_that_does_not_parse_is_left_alone() {
    let dir = shipped_checklist();
    let path = dir.path().join("tasks/03.yaml");
    let broken = std::fs::read_to_string(&path).unwrap().replacen("group: \"3\"", "group: \"3", 1);
    std::fs::write(&path, &broken).unwrap();
    let r = run(dir.path(), &["fmt"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("tasks/03.yaml"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn a_file_that_does_not_check_is_left_alone() {
    let dir = shipped_checklist();
    let path = dir.path().join("tasks/17.yaml");
    // Progress on a measure with sub-items: check refuses it, and the layout
    // would drop it, so fmt must not touch the file.
    let odd = std::fs::read_to_string(&path).unwrap().replacen(
        "    text: \"加强各种所有制经济产权保护。\"\n",
        "    text: \"加强各种所有制经济产权保护。\"\n    progress:\n      - unit: \"市国资委\"\n        status: 'doing'\n",
        1,
    );
    std::fs::write(&path, &odd).unwrap();
    let r = run(dir.path(), &["fmt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), odd);
}

/// The base checklist with `from` replaced by `to` in its group file.
fn base_with(from: &str, to: &str) -> tempfile::TempDir {
    let dir = common::base_checklist();
    let path = dir.path().join("tasks/01.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "the fixture holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

fn formatted(dir: &std::path::Path) -> String {
    let r = run(dir, &["fmt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::read_to_string(dir.join("tasks/01.yaml")).unwrap()
}

#[test]
fn a_hash_inside_quotes_is_not_a_comment() {
    let cases = [
        ("    text: 'it''s # not a comment'\n", "    text: \"it's # not a comment\"\n"),
        ("    text: 'it''s' # a comment\n", "    text: \"it's\"  # a comment\n"),
        ("    text: \"a \\\" # b\"\n", "    text: \"a \\\" # b\"\n"),
        ("    text: it's # a comment\n", "    text: \"it's\"  # a comment\n"),
    ];
    for (written, canonical) in cases {
        let dir = base_with("    text: \"第一项措施。\"\n", written);
        let out = formatted(dir.path());
        assert!(out.contains(canonical), "{written:?} became:\n{out}");
        // The two lines of the header, and the comment if there is one.
        assert_eq!(out.matches('#').count(), 2 + canonical.matches('#').count(), "{written:?} became:\n{out}");
    }
}

#[test]
fn hash_lines_of_a_block_scalar_are_text_not_comments() {
    let dir =
        base_with("        note: \"已制定方案\"\n", "        note: |\n          已制定方案\n          # 第二行\n");
    let out = formatted(dir.path());
    assert!(out.contains("        note: \"已制定方案\\n# 第二行\\n\"\n"), "{out}");
    assert!(!out.contains("\n# 第二行"), "no comment made of the note's text:\n{out}");
}

#[test]
fn a_comment_after_a_lone_cr_is_kept_as_its_own_line() {
    let dir = base_with("measures:\n", "# 注释\r# 另一行\nmeasures:\n");
    let out = formatted(dir.path());
    assert!(out.contains("# 注释\n# 另一行\nmeasures:\n"), "{out}");
}

#[test]
fn comments_keep_their_item_when_its_keys_are_reordered_and_fmt_is_stable() {
    let dir = base_with(
        "  - id: \"1.2\"\n    text: \"第二项措施。\"\n",
        "  # 第二项\n  - text: \"第二项措施。\"  #\n    #\n    id: '1.2'\n",
    );
    let out = formatted(dir.path());
    // The comment that stood before `id` stands before it still, on the item's first line.
    assert!(out.contains("  # 第二项\n  #\n  - id: \"1.2\"\n    text: \"第二项措施。\"  #\n"), "{out}");
    let r = run(dir.path(), &["fmt", "--check"]);
    assert_eq!(r.code, 0, "formatting twice changes nothing: {}{}", r.stdout, r.stderr);
}
