//! The store's own tests (those of whole loads are in tests/progressive_load.rs).

use super::*;
use crate::model::{Library, SourceId, SourceInfo};

fn write_heads(path: &Path, version: u32, model: u64) {
    let heads = Heads {
        version,
        model,
        files: Vec::new(),
    };
    let mut writer = Writer::default();
    writer.part(HEADS, postcard::to_allocvec(&heads).unwrap());
    writer.part(BODIES, Vec::new());
    std::fs::write(path, writer.finish(fresh_generation())).unwrap();
}

#[test]
fn heads_sort_as_their_issues_do() {
    let issue = |source: &str, id: &str, date: Option<&str>, number: Option<u32>| Issue {
        source: SourceId::new(source).unwrap(),
        id: id.into(),
        date: date.map(str::to_string),
        number,
        location: format!("{source}/{id}.md"),
        ..Issue::default()
    };
    let issues = vec![
        issue("a", "x", Some("2020-01-02"), None),
        issue("b", "issue-9", None, Some(9)),
        issue("a", "y", Some("2020-01-02"), Some(3)),
        issue("b", "issue-10", None, Some(10)),
        issue("a", "z", None, None),
        issue("b", "w", Some("2021-05-01"), None),
        issue("a", "v", Some("2019-12-31"), None),
    ];
    let mut library = Library::new(issues.clone());
    library.sources = ["b", "a"]
        .map(|id| SourceInfo::of_id(&SourceId::new(id).unwrap()))
        .to_vec();
    library.sort();
    let mut heads: Vec<IssueHead> = issues.iter().map(IssueHead::of).collect();
    sort_heads(&mut heads, &mut Vec::new(), &library.sources);
    let expected: Vec<IssueHead> = library.issues.iter().map(IssueHead::of).collect();
    assert_eq!(heads, expected);
}

#[test]
fn a_store_of_another_store_version_or_model_shape_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("s.brief"));
    write_heads(store.path(), STORE_VERSION, model_shape::fingerprint());
    assert!(store.open().is_some());
    write_heads(store.path(), STORE_VERSION + 1, model_shape::fingerprint());
    assert!(store.open().is_none());
    write_heads(store.path(), STORE_VERSION, model_shape::fingerprint() ^ 1);
    assert!(store.open().is_none());
}

#[test]
fn stamps_missing_or_of_another_version_tell_nothing_and_heads_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("s.brief"));
    let write = |stamps: Option<Vec<u8>>| {
        let heads = Heads {
            version: STORE_VERSION,
            model: model_shape::fingerprint(),
            files: Vec::new(),
        };
        let mut writer = Writer::default();
        writer.part(HEADS, postcard::to_allocvec(&heads).unwrap());
        writer.part(BODIES, Vec::new());
        if let Some(stamps) = stamps {
            writer.part(STAMPS, stamps);
        }
        std::fs::write(store.path(), writer.finish(fresh_generation())).unwrap();
    };
    let current = |store: &Store| store.current(&store.open_lazily().unwrap(), &[]);
    write(Some(postcard::to_allocvec(&Stamps::of(&[])).unwrap()));
    let held = current(&store).expect("stamps of no file, no probe: current");
    assert_eq!((held.issues, held.pages), (0, 0));
    assert_eq!(held.mark.path, store.path());
    write(None);
    assert!(current(&store).is_none(), "no stamps");
    assert!(store.open().is_some(), "the heads are read");
    let mut other = postcard::to_allocvec(&Stamps::of(&[])).unwrap();
    other[0] ^= 1;
    write(Some(other));
    assert!(current(&store).is_none(), "stamps of another version");
}
