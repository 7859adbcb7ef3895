//! A version of a group file as pieces, for histories: its top-level
//! measures, each parsed once for all the versions that hold it word for
//! word, and the rest of the file. A commit nearly always edits one
//! measure, so a history of thousands of versions parses a few thousand
//! measures rather than thousands of whole files, and compares only the
//! measures that differ.
//!
//! It holds only for files in the canonical layout, which the canonical
//! reader reads line by line: a top-level measure is the lines from its
//! `  - ` to the next one (or to the next top-level key), and that reader
//! reads those lines the same wherever they stand. So when the rest of the
//! file (with `measures: []`) and every measure on its own (after a
//! minimal header) read canonically, the whole file does too, with these
//! values. Anything else — a file serde-saphyr must read, no measures, an
//! ID found twice, whose states would overwrite one another — is read
//! whole instead (`split` returns `None`).

use crate::git::audit::{self, Aspect, Change, Key, State, States};
use crate::model::registry::Registry;
use crate::store::canonical;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;

/// A version of a group file, as pieces.
#[derive(Debug)]
pub struct Pieces {
    /// The file without its measures.
    rest: Arc<Piece>,
    /// The group's `order` key and its state: every indicator and measure ID.
    order: (Key, State),
    measures: Vec<Arc<Piece>>,
}

/// Some lines of a group file and the states they give.
#[derive(Debug)]
pub struct Piece {
    text: Box<str>,
    states: States,
    /// The IDs in it (the group's and its indicators' for the rest of the
    /// file; a measure's and its items', depth first, for a measure).
    ids: Vec<Arc<str>>,
}

/// The pieces read lately, by text: the versions of a history hold each
/// many times, one after the other. (The rest of a file starts at column 0
/// and a measure with `  - `: the two never share a text.)
#[derive(Default)]
pub struct Memo {
    recent: HashMap<Box<str>, Arc<Piece>>,
    /// The recent ones before: those still met move back, the others go
    /// when these are replaced, which keeps memory flat.
    older: HashMap<Box<str>, Arc<Piece>>,
}

/// How many pieces make the recent ones: room for every measure of a
/// large checklist, and those of the versions being read.
const MEMO_SIZE: usize = 1024;

/// What a measure needs before it to read as the only one of a file.
const HEADER: &str = "group: \"0\"\ntitle: \"\"\nmeasures:\n";

/// A group file's text as pieces; `None` when it must be read whole.
pub fn split(text: &str, memo: &mut Memo, registry: &Registry) -> Option<Pieces> {
    let (rest, measures) = lines(text)?;
    let rest = memo.get(&rest, |text| {
        let group = canonical::read(text)?;
        if !group.measures.is_empty() {
            return None;
        }
        let mut ids: Vec<Arc<str>> = vec![group.group.value.as_str().into()];
        ids.extend(group.indicators.iter().map(|i| i.id.value.as_str().into()));
        // The order of the whole file is worked out per version.
        let mut states = audit::states(group, registry);
        states.retain(|key, _| !(key.aspect == Aspect::Text && key.detail == "order" && *key.id == *ids[0]));
        Some(Piece { text: text.into(), states, ids })
    })?;
    let mut pieces = Vec::with_capacity(measures.len());
    for measure in measures {
        let piece = memo.get(measure, |text| {
            let mut group = canonical::read(&format!("{HEADER}{text}"))?;
            let [measure] = std::mem::take(&mut group.measures).try_into().ok()?;
            let mut ids = Vec::new();
            audit::measure_ids(std::slice::from_ref(&measure), &mut ids);
            let ids = ids.into_iter().map(Arc::from).collect();
            Some(Piece { text: text.into(), states: audit::measure_states_of(measure, registry), ids })
        })?;
        pieces.push(piece);
    }
    // An ID found twice: its states would overwrite one another.
    let mut seen = HashSet::with_capacity(rest.ids.len() + 4 * pieces.len());
    let all = || rest.ids.iter().chain(pieces.iter().flat_map(|p| p.ids.iter()));
    if !all().all(|id| seen.insert(&**id)) {
        return None;
    }
    // As `audit::states` has it: indicators, then measures depth first.
    let order: Vec<&str> = all().skip(1).map(|id| &**id).collect();
    let key = Key { id: rest.ids[0].clone(), aspect: Aspect::Text, detail: "order".into() };
    let order = (key, State::Text(order.join(" ")));
    Some(Pieces { rest, order, measures: pieces })
}

impl Memo {
    /// The piece with this text, read with `read` unless read before.
    fn get(&mut self, text: &str, read: impl FnOnce(&str) -> Option<Piece>) -> Option<Arc<Piece>> {
        if let Some(piece) = self.recent.get(text) {
            return Some(piece.clone());
        }
        let piece = match self.older.remove_entry(text) {
            Some((_, piece)) => piece,
            None => Arc::new(read(text)?),
        };
        if self.recent.len() >= MEMO_SIZE {
            self.older = std::mem::take(&mut self.recent);
        }
        self.recent.insert(text.into(), piece.clone());
        Some(piece)
    }
}

/// The file without its measures (with `measures: []` in their place) and
/// the text of each top-level measure; `None` unless the measures are a
/// block right after a `measures:` line.
fn lines(text: &str) -> Option<(String, Vec<&str>)> {
    const KEY: &str = "measures:\n";
    let start = if text.starts_with(KEY) { 0 } else { memchr::memmem::find(text.as_bytes(), b"\nmeasures:\n")? + 1 };
    let first = start + KEY.len();
    if !text[first..].starts_with("  - ") {
        return None;
    }
    let mut measures = Vec::new();
    let (mut from, mut at) = (first, first);
    let end = loop {
        if at == text.len() {
            break at;
        }
        let line = &text[at..];
        if at > first && line.starts_with("  - ") {
            measures.push(&text[from..at]);
            from = at;
        } else if !matches!(line.as_bytes()[0], b' ' | b'#' | b'\n') {
            // The next top-level key (or what the reader will refuse).
            break at;
        }
        at = memchr::memchr(b'\n', line.as_bytes()).map_or(text.len(), |n| at + n + 1);
    };
    measures.push(&text[from..end]);
    let rest = format!("{}measures: []\n{}", &text[..start], &text[end..]);
    Some((rest, measures))
}

impl Pieces {
    /// Every state of the version, as `audit::states` gives it.
    pub fn states(&self) -> States {
        let mut states = self.rest.states.clone();
        states.insert(self.order.0.clone(), self.order.1.clone());
        for piece in &self.measures {
            states.extend(piece.states.iter().map(|(k, s)| (k.clone(), s.clone())));
        }
        states
    }
}

/// The changes from `old` to `new`, as `audit::diff` gives them for their
/// states: pieces found in both (word for word) hold the same states and
/// none of their keys is anywhere else, so only the others are compared.
pub fn diff(old: &Pieces, new: &Pieces) -> Vec<Change> {
    // The usual commit: one measure edited, and nothing else.
    if same(&old.rest, &new.rest) && old.order == new.order && old.measures.len() == new.measures.len() {
        let mut differ = old.measures.iter().zip(&new.measures).filter(|(x, y)| !same(x, y));
        match (differ.next(), differ.next()) {
            (None, _) => return Vec::new(),
            (Some((x, y)), None) => return audit::diff(Some(&x.states), Some(&y.states)),
            _ => {}
        }
    }
    let (mut a, mut b) = (States::new(), States::new());
    let add = |states: &mut States, piece: &Piece| {
        states.extend(piece.states.iter().map(|(k, s)| (k.clone(), s.clone())));
    };
    let same_rest = same(&old.rest, &new.rest);
    if !same_rest {
        add(&mut a, &old.rest);
        add(&mut b, &new.rest);
    }
    if !same_rest || old.order != new.order {
        a.insert(old.order.0.clone(), old.order.1.clone());
        b.insert(new.order.0.clone(), new.order.1.clone());
    }
    if old.measures.len() == new.measures.len() {
        for (x, y) in old.measures.iter().zip(&new.measures) {
            if !same(x, y) {
                add(&mut a, x);
                add(&mut b, y);
            }
        }
    } else {
        let mut left: HashMap<&str, usize> = HashMap::new();
        for x in &old.measures {
            *left.entry(&x.text).or_default() += 1;
        }
        for y in &new.measures {
            match left.get_mut(&*y.text) {
                Some(n) if *n > 0 => *n -= 1,
                _ => add(&mut b, y),
            }
        }
        for x in &old.measures {
            if let Some(n) = left.get_mut(&*x.text)
                && *n > 0
            {
                *n -= 1;
                add(&mut a, x);
            }
        }
    }
    audit::diff(Some(&a), Some(&b))
}

/// Whether two pieces are the same lines.
fn same(x: &Arc<Piece>, y: &Arc<Piece>) -> bool {
    Arc::ptr_eq(x, y) || x.text == y.text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The states of `text` read whole.
    fn whole(text: &str) -> Option<States> {
        crate::store::read_group_text(text).ok().map(|g| audit::states(g, &Registry::default()))
    }

    fn pieces(text: &str) -> Option<Pieces> {
        split(text, &mut Memo::default(), &Registry::default())
    }

    #[test]
    fn every_shipped_file_reads_the_same_in_pieces() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tasks");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                let p = pieces(&text).unwrap_or_else(|| panic!("{} reads in pieces", path.display()));
                assert_eq!(p.states(), whole(&text).unwrap(), "{}", path.display());
                read += 1;
            }
        }
        assert!(read > 20);
    }

    const FILE: &str = "group: \"1\"\ntitle: \"t\"\nmeasures:\n  - id: \"1.1\"\n    text: \"a\"\n    units: [\"甲\"]\n    due: \"2020-12\"\n    progress: []\n  - id: \"1.2\"\n    text: \"b\"\n    units: [\"乙\"]\n    items:\n      - id: \"1.2.1\"\n        text: \"c\"\n        units: [\"乙\"]\n        progress:\n          - unit: \"乙\"\n            status: \"doing\"\n# a comment\n\nduties:\n  - units: [\"甲\"]\n    text: \"d\"\n";

    #[test]
    fn a_file_in_pieces_has_the_states_and_changes_of_the_whole() {
        let base = pieces(FILE).unwrap();
        assert_eq!(base.measures.len(), 2);
        assert_eq!(base.states(), whole(FILE).unwrap());
        let edits = [
            FILE.replace("status: \"doing\"", "status: \"done\"\n            date: \"2021-01-01\""),
            FILE.replace("text: \"a\"", "text: \"A\""),
            FILE.replace("title: \"t\"", "title: \"T\""),
            FILE.replace("group: \"1\"", "group: \"2\""),
            FILE.replace("  - id: \"1.2\"", "  - id: \"1.3\"\n    text: \"x\"\n  - id: \"1.2\""),
            FILE.replace("      - id: \"1.2.1\"", "      - id: \"1.2.2\""),
            FILE.replace("# a comment\n", ""),
            FILE.replace("text: \"d\"", "text: \"e\""),
        ];
        for edit in &edits {
            let new = pieces(edit).unwrap_or_else(|| panic!("{edit}"));
            assert_eq!(new.states(), whole(edit).unwrap(), "{edit}");
            assert_eq!(diff(&base, &new), audit::diff(whole(FILE).as_ref(), whole(edit).as_ref()), "{edit}");
            assert_eq!(diff(&new, &base), audit::diff(whole(edit).as_ref(), whole(FILE).as_ref()), "{edit}");
        }
    }

    #[test]
    fn what_the_pieces_cannot_tell_is_read_whole() {
        for text in [
            // An ID twice, a measure's ID the group's, no measures.
            FILE.replace("\"1.2.1\"", "\"1.1\""),
            FILE.replace("id: \"1.1\"", "id: \"1\""),
            "group: \"1\"\ntitle: \"t\"\nmeasures: []\n".to_string(),
            // Not canonical, or not YAML: the whole file decides.
            FILE.replace("    text: \"a\"", "    text: a"),
            FILE.replace("measures:\n", "measures:\n\n"),
            FILE.replace("  - id: \"1.2\"", "   - id: \"1.2\""),
            FILE.replace("# a comment", " # a comment"),
            FILE.replace("\n", "\r\n"),
            FILE.replace("duties:", "measures:\n  - id: \"1.9\"\n    text: \"z\"\nduties:"),
            FILE.replace("duties:\n", "\tduties:\n"),
        ] {
            match pieces(&text) {
                None => {}
                Some(p) => assert_eq!(Some(p.states()), whole(&text), "{text}"),
            }
        }
        assert!(pieces(&FILE.replace("\"1.2.1\"", "\"1.1\"")).is_none());
    }

    /// A group file of the shipped checklist, by index.
    fn shipped(index: usize) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tasks");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        std::fs::read_to_string(&paths[index % paths.len()]).unwrap()
    }

    /// Edits `text` at `at` (a fraction of its length): a character put in,
    /// a line removed or repeated.
    fn edit(text: &str, at: f64, how: u8) -> String {
        let mut cut = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = text.split_at(cut);
        let line_end = tail.find('\n').map_or(tail.len(), |n| n + 1);
        match how % 12 {
            0 => format!("{head}{}", &tail[line_end..]),
            1 => format!("{head}{}{tail}", &tail[..line_end]),
            n => {
                let c = [" ", "-", "#", "\n", "\"", "x", ":", "  - ", "\n  - id: \"9\"\n", "\t"][n as usize - 2];
                format!("{head}{c}{tail}")
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Whatever the edit, a version read in pieces has the states of the
        /// whole file, and two such versions the changes of the whole files.
        #[test]
        fn pieces_agree_with_the_whole_file(file in 0usize..64, edits in proptest::collection::vec((0.0f64..1.0, 0u8..12), 1..4), before in proptest::bool::ANY) {
            let original = shipped(file);
            let mut text = original.clone();
            for (at, how) in edits {
                text = edit(&text, at, how);
            }
            let (old, new) = if before { (original.as_str(), text.as_str()) } else { (text.as_str(), original.as_str()) };
            let mut memo = Memo::default();
            let registry = Registry::default();
            let (p, q) = (split(old, &mut memo, &registry), split(new, &mut memo, &registry));
            for (pieces, text) in [(&p, old), (&q, new)] {
                if let Some(pieces) = pieces {
                    proptest::prop_assert_eq!(Some(pieces.states()), whole(text), "{}", text);
                }
            }
            if let (Some(p), Some(q)) = (&p, &q) {
                proptest::prop_assert_eq!(diff(p, q), audit::diff(whole(old).as_ref(), whole(new).as_ref()));
            }
        }
    }
}
