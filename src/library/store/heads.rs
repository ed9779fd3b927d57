//! Issues' heads: what `brief list` shows of an issue, kept in a store's HEADS so
//! that listing decodes no body; told from pages and ordered as whole issues are.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::library::pages::{self, Marks};
use crate::model::{Issue, Ordered, SourceId, SourceInfo, sort_issues, sort_pages};

/// What `brief list` shows of an issue, and what telling it from a page looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueHead {
    pub source: SourceIdText,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub number: Option<u32>,
    pub location: String,
    pub sections: usize,
    pub entries: usize,
    /// Some entry links somewhere (see [`pages::separate`]).
    pub linked: bool,
    /// The user named the file (a file named is always an issue).
    pub named: bool,
    /// Its entries' hashes, when known: kept in a store, so that `brief list` counts
    /// the unread entries of an issue with read marks without decoding its body.
    pub entry_hashes: Option<EntryHashes>,
}

/// Each entry's [`crate::model::entry_hash`], in reading order, as bytes (8 a hash,
/// little-endian): decoding them from a store is one copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryHashes(Vec<u8>);

impl EntryHashes {
    pub fn of(issue: &Issue) -> EntryHashes {
        let hashes = issue.entry_hashes();
        EntryHashes(hashes.iter().flat_map(|h| h.to_le_bytes()).collect())
    }

    /// The hashes (a damaged value loses its last, partial one).
    pub fn hashes(&self) -> Vec<u64> {
        let hash = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        self.0.chunks_exact(8).map(hash).collect()
    }
}

impl Serialize for EntryHashes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for EntryHashes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = EntryHashes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("entry hashes as bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<EntryHashes, E> {
                Ok(EntryHashes(bytes.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<EntryHashes, E> {
                Ok(EntryHashes(bytes))
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

/// Records a sequence in a store announces (when damaged, no more than this are made
/// room for at first): a store's files, decoded into one allocation rather than grown
/// into (every doubling copied the records decoded so far, into fresh pages).
const ANNOUNCED_AT_MOST: usize = 1 << 16;

/// A sequence decoded into a vector of the length it announces.
pub(super) fn announced_len<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Announced<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Announced<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let announced = seq.size_hint().unwrap_or(0).min(ANNOUNCED_AT_MOST);
            let mut items = Vec::with_capacity(announced);
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(items)
        }
    }
    deserializer.deserialize_seq(Announced(std::marker::PhantomData))
}

/// A source id as stored: read back through [`SourceId::new`].
pub type SourceIdText = String;

impl IssueHead {
    /// The head of `issue`, read from a file not named, as a store keeps it: with its
    /// entries' hashes.
    pub fn stored(issue: &Issue) -> IssueHead {
        IssueHead {
            entry_hashes: Some(EntryHashes::of(issue)),
            ..IssueHead::of(issue)
        }
    }

    /// The head of `issue`, read from a file not named (its entries' hashes left out).
    pub fn of(issue: &Issue) -> IssueHead {
        IssueHead {
            source: issue.source.as_str().to_string(),
            id: issue.id.clone(),
            title: issue.title.clone(),
            date: issue.date.clone(),
            number: issue.number,
            location: issue.location.clone(),
            sections: issue.sections.len(),
            entries: issue.entry_count(),
            linked: pages::is_linked(issue),
            named: false,
            entry_hashes: None,
        }
    }

    /// The source's id (the default id when the stored text is not one).
    pub fn source_id(&self) -> SourceId {
        SourceId::new(&self.source).unwrap_or_default()
    }

    fn marks(&self) -> Marks<'_> {
        Marks {
            linked: self.linked,
            marked: self.date.is_some() || self.number.is_some(),
            stem: self.id.rsplit('/').next().unwrap_or(&self.id),
            named: self.named,
        }
    }
}

/// `items` (whole issues or heads) split into issues and pages by `heads`, their
/// heads in the same order, as [`pages::separate`] splits issues.
pub fn separate_heads<T>(items: Vec<T>, heads: &[IssueHead]) -> (Vec<T>, Vec<T>) {
    let verdicts = pages::verdicts(heads, IssueHead::marks);
    let mut issues = Vec::new();
    let mut pages = Vec::new();
    for (item, page) in items.into_iter().zip(verdicts) {
        if page {
            pages.push(item);
        } else {
            issues.push(item);
        }
    }
    (issues, pages)
}

/// `heads` split into issues' and pages' heads, as [`separate_heads`] splits them.
pub fn split_heads(mut heads: Vec<IssueHead>) -> (Vec<IssueHead>, Vec<IssueHead>) {
    let verdicts = pages::verdicts(&heads, IssueHead::marks);
    // The issues' heads stay where they are (a head moved is some 200 bytes copied).
    let mut page = verdicts.into_iter();
    let pages = (heads.extract_if(.., |_| page.next().unwrap_or(false))).collect();
    (heads, pages)
}

/// How many of `heads` are issues, and how many pages, as [`split_heads`] tells them.
pub(super) fn issues_and_pages(heads: &[&IssueHead]) -> (usize, usize) {
    let verdicts = pages::verdicts(heads, |head| head.marks());
    let pages = verdicts.iter().filter(|&&page| page).count();
    (verdicts.len() - pages, pages)
}

/// Sorts the heads of issues and pages as [`crate::model::Library::sort`] sorts a library of those
/// issues and pages listing `sources`.
pub fn sort_heads(issues: &mut [IssueHead], pages: &mut [IssueHead], sources: &[SourceInfo]) {
    // Sorting small stand-ins moves less than sorting heads; the heads are then put in
    // their places where they are.
    let at: Vec<At> = issues
        .iter()
        .enumerate()
        .map(|(at, head)| At(at, head))
        .collect();
    let order: Vec<usize> = sort_issues(at, sources).iter().map(|at| at.0).collect();
    permute(issues, order);
    sort_pages(pages, sources);
}

/// Puts `items[order[i]]` at `i`, in place (`order`: a permutation of the places; an
/// order of another length or out of place leaves them as they are).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    if order.len() != items.len() || order.iter().any(|&from| from >= items.len()) {
        return;
    }
    for start in 0..items.len() {
        let mut at = start;
        // Each cycle of the permutation is followed once, its places marked done.
        while order[at] != at {
            let from = std::mem::replace(&mut order[at], at);
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// A head and where it was.
struct At<'a>(usize, &'a IssueHead);

impl Ordered for At<'_> {
    fn source_id(&self) -> &str {
        Ordered::source_id(self.1)
    }
    fn id(&self) -> &str {
        &self.1.id
    }
    fn date(&self) -> Option<&str> {
        self.1.date.as_deref()
    }
    fn number(&self) -> Option<u32> {
        self.1.number
    }
    fn location(&self) -> &str {
        &self.1.location
    }
}

impl Ordered for IssueHead {
    fn source_id(&self) -> &str {
        &self.source
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
    fn number(&self) -> Option<u32> {
        self.number
    }
    fn location(&self) -> &str {
        &self.location
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::pages::tests::issue;
    use crate::model::Library;

    #[test]
    fn heads_are_told_from_pages_and_ordered_as_whole_issues_are() {
        let issues = [
            issue("issue-9", None, Some(9), true),
            issue("privacy", None, None, false),
            issue("issue-10", Some("2024-01-08"), Some(10), true),
            issue("issue-11", None, Some(11), true),
            issue("subjects/music", None, None, true),
            issue("issue-8", Some("2023-12-01"), None, true),
        ];
        let reads = issues
            .iter()
            .cloned()
            .map(|issue| pages::Read {
                issue,
                named: false,
            })
            .collect();
        let (whole, whole_pages) = pages::separate(reads);
        let mut library = Library {
            issues: whole,
            pages: whole_pages,
            sources: Vec::new(),
        };
        library.sort();
        let heads: Vec<IssueHead> = issues.iter().map(IssueHead::of).collect();
        let (mut listed, mut pages) = separate_heads(heads.clone(), &heads);
        sort_heads(&mut listed, &mut pages, &[]);
        let ids = |v: &[IssueHead]| v.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        let whole_ids = |v: &[Issue]| v.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&listed), whole_ids(&library.issues));
        assert_eq!(ids(&pages), whole_ids(&library.pages));
        assert_eq!(ids(&pages), ["privacy", "subjects/music"]);
    }

    #[test]
    fn a_permutation_puts_each_item_in_its_place() {
        let orders: [&[usize]; 5] = [&[], &[0], &[1, 0], &[2, 0, 1, 4, 3], &[3, 4, 0, 1, 2, 5]];
        for order in orders {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            permute(&mut items, order.to_vec());
            let expected: Vec<usize> = order.iter().map(|&from| from * 10).collect();
            assert_eq!(items, expected, "{order:?}");
        }
        let mut items = vec![1, 2];
        permute(&mut items, vec![0]);
        permute(&mut items, vec![0, 2]);
        assert_eq!(items, [1, 2]);
    }
}
