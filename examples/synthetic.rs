//! Writes a synthetic checklist of any size, for the benchmark: the shipped
//! registry, and groups of leaves whose text, units, deadlines and progress
//! entries look like the notice's.
//!
//! Usage: cargo run --release --example synthetic -- OUT_DIR LEAVES [LEAVES_PER_GROUP]

use taizhang::model::{Duty, GroupFile, Located, Measure, Progress};

const UNITS: [&str; 8] =
    ["市司法局", "市公安局", "市民政局", "市中级法院", "市财政局", "市人社局", "市教育局", "市检察院"];
const TEXT: &str =
    "健全完善规章制度,梳理工作流程和风险点,严格落实社区矫正各环节执行标准,推动城乡社区治理法治化、科学化、精细化。";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(leaves)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: synthetic OUT_DIR LEAVES [LEAVES_PER_GROUP]");
        std::process::exit(2);
    };
    let per_group = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100usize);
    let tasks = write(std::path::Path::new(out), leaves, per_group);
    println!("{leaves} leaves in {} groups → {}", leaves.div_ceil(per_group), tasks.display());
}

/// Writes a checklist of `leaves` leaves, `per_group` to a group file, at
/// `root`; returns its `tasks/` folder. The same checklist every time.
pub fn write(root: &std::path::Path, leaves: usize, per_group: usize) -> std::path::PathBuf {
    let tasks = root.join("tasks");
    std::fs::create_dir_all(&tasks).unwrap();
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(manifest.join("taizhang.toml"), root.join("taizhang.toml")).unwrap();
    std::fs::copy(manifest.join("tasks/units.toml"), tasks.join("units.toml")).unwrap();
    let groups = leaves.div_ceil(per_group);
    for g in 1..=groups {
        let count = per_group.min(leaves - (g - 1) * per_group);
        let measures = (1..=count).map(|m| measure(g, m)).collect();
        let group = GroupFile {
            group: Located::new(g.to_string()),
            title: format!("第{g}项基本要求。"),
            target: "社区矫正对象矫正小组配比率100%,教育帮扶率100%。".into(),
            indicators: vec![],
            measures,
            duties: vec![Duty { units: names(&[UNITS[g % UNITS.len()]]), label: None, text: TEXT.into() }],
        };
        std::fs::write(tasks.join(format!("{g:05}.yaml")), taizhang::store::layout::group_file(&group)).unwrap();
    }
    tasks
}

fn measure(g: usize, m: usize) -> Measure {
    let lead = UNITS[(g + m) % UNITS.len()];
    let co = UNITS[(g + 3 * m + 1) % UNITS.len()];
    let month = 1 + (g + m) % 12;
    let year = 2020 + (m % 2);
    let progress = if m.is_multiple_of(3) {
        let status = if m.is_multiple_of(2) { "done" } else { "doing" };
        vec![Progress {
            unit: Located::new(lead.to_string()),
            status: Located::new(status.to_string()),
            date: Some(Located::new(format!("{year}-{month:02}-15"))),
            note: Some("已制定实施方案".into()),
            evidence: vec![format!("宜司发〔{year}〕{m}号")],
        }]
    } else {
        vec![]
    };
    Measure {
        text: TEXT.into(),
        assignment: Some(format!("({lead}、{co},各县市区,{year}年{month}月)")),
        units: names(&[lead, co]),
        scope: names(&["各县市区"]),
        due: Some(Located::new(format!("{year}-{month:02}"))),
        due_text: Some(Located::new(format!("{year}年{month}月"))),
        progress,
        ..Measure::new(format!("{g}.{m}"))
    }
}

fn names(list: &[&str]) -> Vec<Located<String>> {
    list.iter().map(|n| Located::new(n.to_string())).collect()
}
