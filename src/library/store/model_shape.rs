//! The shape of the model as serde sees it, as one number: a store written while the
//! model had other fields is not read (postcard, which the store uses, is not
//! self-describing). Computed, so that a field added to `Issue`, `Section`, `Entry`'s
//! serialization or `Link` changes it without anyone remembering to.

use std::sync::OnceLock;

use twox_hash::XxHash3_64;

use crate::model::{Entry, Issue, Link, Section};

/// A hash of the JSON of an issue with every field set: the field names, their order
/// and the kinds of their values.
pub fn fingerprint() -> u64 {
    static FINGERPRINT: OnceLock<u64> = OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let json = serde_json::to_vec(&sample()).unwrap_or_default();
        XxHash3_64::oneshot(&json)
    })
}

fn sample() -> Issue {
    let entry = Entry::new("t", Some("s"), "m")
        .with_tag("g")
        .with_url("u")
        .with_link("x", "y")
        .with_number(1);
    let link = || Link {
        text: "a".into(),
        url: "u".into(),
    };
    Issue {
        id: "i".into(),
        title: "t".into(),
        date: Some("d".into()),
        number: Some(1),
        location: "l".into(),
        intro: "n".into(),
        intro_links: vec![link()],
        sections: vec![Section {
            title: "t".into(),
            parents: vec!["p".into()],
            link: Some(link()),
            body: "b".into(),
            links: vec![link()],
            entries: vec![entry],
        }],
        archive: vec![link()],
        ..Issue::default()
    }
}
