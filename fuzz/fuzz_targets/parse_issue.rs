//! `cargo +nightly fuzz run parse_issue`: the parser must never panic or hang, and
//! nothing it returns may hold a forbidden control character.
#![no_main]

use brief::parse::parse_issue_bytes;
use brief::text::is_clean;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let issue = parse_issue_bytes(data, "fuzz", "fuzz");
    for s in issue.strings() {
        assert!(is_clean(s), "forbidden character in {s:?}");
    }
});
