//! `cargo +nightly fuzz run parse_issue`: the parser must never panic or hang, nothing
//! it returns may hold a forbidden control or invisible character, a single-line field
//! no line break, a URL no whitespace.
#![no_main]

use brief::parse::parse_issue_bytes_report;
use brief::text::{is_clean, is_clean_line, is_clean_url};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (issue, _notes) = parse_issue_bytes_report(data, "fuzz", "fuzz");
    for s in issue.strings() {
        assert!(is_clean(s), "forbidden character in {s:?}");
    }
    for section in &issue.sections {
        assert!(is_clean_line(&section.title), "{:?}", section.title);
        for entry in &section.entries {
            let lines = [entry.title()].into_iter().chain(entry.source()).chain(entry.tags());
            for s in lines.chain(entry.links().map(|l| l.text)) {
                assert!(is_clean_line(s), "line break in {s:?}");
            }
            for url in entry.url().into_iter().chain(entry.links().map(|l| l.url)) {
                assert!(is_clean_url(url), "unusable URL {url:?}");
            }
        }
    }
    for link in &issue.archive {
        assert!(is_clean_line(&link.text) && is_clean_url(&link.url), "{link:?}");
    }
    assert!(is_clean_line(&issue.title), "{:?}", issue.title);
});
