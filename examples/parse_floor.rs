//! The benchmark's parse floor: reads every group file of a checklist on one
//! thread and parses it into a generic YAML value, with no validation and no
//! model. What any tool that reads these files must at least spend.
//!
//! Usage: cargo run --release --example parse_floor -- CHECKLIST_DIR

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor CHECKLIST_DIR");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = std::fs::read_dir(std::path::Path::new(&root).join("tasks"))
        .expect("tasks/ is readable")
        .map(|entry| entry.expect("tasks/ lists").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut nodes = 0usize;
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("a group file reads");
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("a group file parses");
        nodes += count(&value);
    }
    println!("{} files, {nodes} nodes", paths.len());
}

/// The nodes of a value, so that the parse cannot be optimised away.
fn count(value: &serde_yaml_ng::Value) -> usize {
    match value {
        serde_yaml_ng::Value::Sequence(items) => 1 + items.iter().map(count).sum::<usize>(),
        serde_yaml_ng::Value::Mapping(map) => 1 + map.iter().map(|(k, v)| count(k) + count(v)).sum::<usize>(),
        _ => 1,
    }
}
