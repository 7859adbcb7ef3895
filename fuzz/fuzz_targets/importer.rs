//! Arbitrary text as a task list, in whatever layout it is detected as:
//! the importer never panics, and every group it makes is written as a
//! file that reads back (by the fast reader, in the canonical layout) as
//! the same group.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang::{store::canonical, import, store::layout, store};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let imported = import::import_source(&import::Source::Text(text.to_string()), None);
    for group in &imported.notice.groups {
        let file = layout::group_file(group);
        let fast =
            canonical::read(&file).unwrap_or_else(|| panic!("the fast reader refuses what import writes: {file:?}"));
        let slow =
            store::parse_group(&file).unwrap_or_else(|e| panic!("import wrote an unreadable file ({e}): {file:?}"));
        assert_eq!(fast, slow, "the readers disagree on {file:?}");
        assert_eq!(layout::group_file(&fast), file, "what import writes does not read back as itself");
    }
});
