//! `cargo +nightly fuzz run parse_issue`: the parser must never panic or hang, and
//! nothing it returns may hold a forbidden control character.
#![no_main]

use brief::parse::{is_clean, parse_issue_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let issue = parse_issue_bytes(data, "fuzz", "fuzz");
    for s in all_strings(&issue) {
        assert!(is_clean(s), "forbidden character in {s:?}");
    }
});

/// Every string of the issue.
fn all_strings(issue: &brief::model::Issue) -> Vec<&str> {
    let mut out = vec![issue.id.as_str(), &issue.title, &issue.origin, &issue.intro];
    out.extend(issue.archive.iter().flat_map(|l| [l.text.as_str(), &l.url]));
    for section in &issue.sections {
        out.extend([section.title.as_str(), &section.body]);
        for entry in &section.entries {
            out.extend([entry.title(), entry.summary()]);
            out.extend(entry.source());
            out.extend(entry.url());
            out.extend(entry.tags());
            out.extend(entry.links().flat_map(|l| [l.text, l.url]));
        }
    }
    out
}
