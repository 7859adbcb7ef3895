//! Arbitrary bytes as a group file: reading never panics, and whenever the
//! fast reader takes the text its result is exactly serde-saphyr's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang::{store::canonical, store};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = store::read_group_text(text);
    if let Some(fast) = canonical::read(text) {
        match store::parse_group(text) {
            Ok(slow) => assert_eq!(fast, slow, "the readers disagree on {text:?}"),
            Err(e) => panic!("the fast reader took what serde-saphyr refuses ({e}): {text:?}"),
        }
    }
    // The editors' view of the lines never panics either.
    let _ = taizhang::store::yaml_lines::lines(text);
});
