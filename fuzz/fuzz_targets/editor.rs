//! A group file and an edit (progress, an extension or an actual value on
//! a leaf or indicator, for a unit or period already there or a new one):
//! `fmt` keeps the content and is stable, and the edit reads back as exactly
//! the intended change with every other value where it was, or is refused
//! with a hint to run `fmt` — never for a file in `fmt`'s layout. The first
//! five bytes choose the edit; the rest is the file.
#![no_main]

#[path = "../../tests/edit_property/mod.rs"]
mod edit_property;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((choice, rest)) = edit_property::Choice::split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    if let Err(problem) = edit_property::check(text, choice) {
        panic!("{choice:?}: {problem}");
    }
});
