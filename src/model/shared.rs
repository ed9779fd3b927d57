//! Bytes that entries read their strings from where they lie, shared by all of them:
//! a persisted library's file, mapped into memory. Such an entry holds a window of
//! those bytes (a count on them, a start and a length) rather than a copy of its
//! strings, so a library read back from its store costs little memory of its own.
//!
//! Entries deserialized inside [`decoding_from`] whose strings all lie in its bytes
//! become such windows; any other entry copies its strings, as before.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

/// Bytes that do not change while anything holds them.
pub trait Backing: Send + Sync {
    fn bytes(&self) -> &[u8];
}

thread_local! {
    static DECODING_FROM: RefCell<Option<Arc<dyn Backing>>> = const { RefCell::new(None) };
}

/// `decode`, with the entries it deserializes on this thread borrowing their strings
/// from `backing` where they lie in its bytes.
pub fn decoding_from<T>(backing: &Arc<dyn Backing>, decode: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<dyn Backing>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DECODING_FROM.set(self.0.take());
        }
    }
    let _restore = Restore(DECODING_FROM.replace(Some(Arc::clone(backing))));
    decode()
}

/// Where an entry's strings lie in shared bytes.
#[derive(Clone)]
pub(super) struct Window {
    backing: Arc<dyn Backing>,
    start: usize,
    len: u32,
}

impl Window {
    /// The window of the bytes being decoded from that holds every one of `strings`,
    /// when they all lie there (and it is under 4 GiB).
    pub(super) fn around<'a>(strings: impl Iterator<Item = &'a str>) -> Option<Window> {
        DECODING_FROM.with_borrow(|backing| {
            let backing = backing.as_ref()?;
            let all = backing.bytes();
            let base = all.as_ptr() as usize;
            let mut window: Option<Range<usize>> = None;
            for text in strings.filter(|s| !s.is_empty()) {
                let start = (text.as_ptr() as usize).checked_sub(base)?;
                let end = start
                    .checked_add(text.len())
                    .filter(|&end| end <= all.len())?;
                window = Some(window.map_or(start..end, |w| w.start.min(start)..w.end.max(end)));
            }
            let window = window.unwrap_or(0..0);
            Some(Window {
                backing: Arc::clone(backing),
                start: window.start,
                len: u32::try_from(window.len()).ok()?,
            })
        })
    }

    /// Where `text`, one of the strings the window was made around, lies in it.
    pub(super) fn place(&self, text: &str) -> Range<usize> {
        if text.is_empty() {
            return 0..0;
        }
        let base = self.backing.bytes().as_ptr() as usize + self.start;
        let start = (text.as_ptr() as usize).saturating_sub(base);
        start..start + text.len()
    }

    /// The string at `range` of the window; empty when that is not one.
    pub(super) fn read(&self, range: Range<usize>) -> &str {
        let end = self.start + self.len as usize;
        let bytes = self
            .backing
            .bytes()
            .get(self.start..end)
            .unwrap_or_default();
        let text = bytes.get(range).unwrap_or_default();
        std::str::from_utf8(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::Entry;

    struct Bytes(Vec<u8>);

    impl Backing for Bytes {
        fn bytes(&self) -> &[u8] {
            &self.0
        }
    }

    fn backing_of(entries: &[Entry]) -> Arc<dyn Backing> {
        Arc::new(Bytes(postcard::to_allocvec(entries).unwrap()))
    }

    fn decoded(backing: &Arc<dyn Backing>, bytes: &[u8]) -> Vec<Entry> {
        decoding_from(backing, || postcard::from_bytes(bytes).unwrap())
    }

    fn entries() -> Vec<Entry> {
        vec![
            Entry::new("标题 title", Some("知乎"), "摘要 summary 🦀")
                .with_tag("tag")
                .with_url("https://a.example/x")
                .with_link("标题 title", "https://a.example/x")
                .with_number(12),
            Entry::new("", None, ""),
            Entry::new("t", None, "").with_link("", "https://b.example/"),
        ]
    }

    #[test]
    fn entries_decoded_from_the_backing_keep_windows_of_it_others_copy() {
        let entries = entries();
        let backing = backing_of(&entries);
        let shared = decoded(&backing, backing.bytes());
        assert_eq!(shared, entries);
        assert!(shared.iter().all(|e| e.heap_bytes() == 0));
        // The same bytes elsewhere, or no backing at all: copies.
        let elsewhere = backing.bytes().to_vec();
        let copied = decoded(&backing, &elsewhere);
        assert_eq!(copied, entries);
        assert!(copied[0].heap_bytes() > 0);
        let plain: Vec<Entry> = postcard::from_bytes(backing.bytes()).unwrap();
        assert!(
            plain[0].heap_bytes() > 0,
            "the backing is let go after decoding"
        );
        // Changing a shared entry copies its strings first.
        let tagged = shared[0].clone().with_tag("more");
        assert_eq!(tagged, entries[0].clone().with_tag("more"));
        assert!(tagged.heap_bytes() > 0 && shared[0].heap_bytes() == 0);
    }

    #[test]
    fn the_backing_is_let_go_when_decoding_panics() {
        let backing = backing_of(&entries());
        let decode =
            std::panic::AssertUnwindSafe(|| decoding_from(&backing, || panic!("decoding")));
        let caught = std::panic::catch_unwind(decode);
        assert!(caught.is_err());
        let plain: Vec<Entry> = postcard::from_bytes(backing.bytes()).unwrap();
        assert!(plain[0].heap_bytes() > 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_entry_reads_back_the_same_from_a_window(
            strings in proptest::collection::vec(".{0,12}", 7),
            tags in 0usize..3,
            number in proptest::option::of(0u32..100),
        ) {
            let source = Some(strings[1].as_str()).filter(|s| !s.is_empty());
            let mut entry = Entry::new(&strings[0], source, &strings[2]);
            for tag in strings.iter().skip(3).take(tags) {
                entry = entry.with_tag(tag);
            }
            entry = entry.with_url(&strings[5]).with_link(&strings[6], &strings[5]);
            if let Some(number) = number {
                entry = entry.with_number(number);
            }
            let entries = vec![entry.clone(), entry];
            let backing = backing_of(&entries);
            let shared = decoded(&backing, backing.bytes());
            prop_assert_eq!(&shared, &entries);
            prop_assert!(shared.iter().all(|e| e.heap_bytes() == 0));
        }
    }
}
