//! The bodies of a store, read a few MiB at a time as issues are decoded, each piece
//! let go once every issue lying in it was decoded: a warm start holds little more
//! than the library it decodes. A mapped store is copied a chunk at a time all the
//! same: decoding the bodies where they lie would keep every page of them resident
//! while the store is open.

use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use crate::search::{Container, Mapped};

/// Bytes of BODIES read at once.
const CHUNK_BYTES: u64 = 4 << 20;

pub(super) struct Bodies {
    /// The part's kind in the container.
    kind: u32,
    chunks: Vec<Mutex<Chunk>>,
}

#[derive(Default)]
struct Chunk {
    bytes: Option<Arc<Vec<u8>>>,
    /// Bodies lying wholly in the chunk not decoded yet.
    left: usize,
}

impl Bodies {
    /// The bodies of part `kind`, `len` bytes long, which will be asked for `ranges`
    /// (each once).
    pub(super) fn new<'a>(
        kind: u32,
        len: u64,
        ranges: impl Iterator<Item = &'a Range<u64>>,
    ) -> Bodies {
        let mut chunks: Vec<Mutex<Chunk>> = (0..len.div_ceil(CHUNK_BYTES))
            .map(|_| Mutex::default())
            .collect();
        for range in ranges {
            if let Some(chunk) = chunk_of(range).and_then(|c| chunks.get_mut(c)) {
                chunk.get_mut().unwrap_or_else(PoisonError::into_inner).left += 1;
            }
        }
        Bodies { kind, chunks }
    }

    /// `f` of the body at `range`: from its chunk (read once, let go after its last
    /// body), or read alone when it straddles two. None when it cannot be read.
    pub(super) fn with<T>(
        &self,
        container: &Container<Mapped>,
        range: &Range<u64>,
        f: impl FnOnce(&[u8]) -> T,
    ) -> Option<T> {
        let Some(at) = chunk_of(range) else {
            let bytes = container.slice(self.kind, range.clone()).ok()?;
            return Some(f(&bytes));
        };
        let chunk = self.chunks.get(at)?;
        let lock = || chunk.lock().unwrap_or_else(PoisonError::into_inner);
        let bytes = {
            let mut chunk = lock();
            if chunk.bytes.is_none() {
                let start = at as u64 * CHUNK_BYTES;
                let end = (start + CHUNK_BYTES).min(self.chunks.len() as u64 * CHUNK_BYTES);
                let end = end.min(container.part_len(self.kind).ok()?);
                chunk.bytes = Some(Arc::new(
                    container.slice(self.kind, start..end).ok()?.into_owned(),
                ));
            }
            chunk.bytes.clone()?
        };
        let base = at as u64 * CHUNK_BYTES;
        let inside =
            usize::try_from(range.start - base).ok()?..usize::try_from(range.end - base).ok()?;
        let out = bytes.get(inside).map(f);
        drop(bytes);
        let mut chunk = lock();
        chunk.left = chunk.left.saturating_sub(1);
        if chunk.left == 0 {
            chunk.bytes = None;
        }
        out
    }
}

/// The chunk holding all of `range`, when one does (and it is not empty).
fn chunk_of(range: &Range<u64>) -> Option<usize> {
    let first = range.start / CHUNK_BYTES;
    let last = range.end.checked_sub(1)? / CHUNK_BYTES;
    (range.start < range.end && first == last).then(|| usize::try_from(first).ok())?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Writer, fresh_generation};

    #[test]
    fn bodies_read_right_across_chunks_and_chunks_are_let_go() {
        let data: Vec<u8> = (0..(9u64 << 20) + 123)
            .map(|n| (n.wrapping_mul(2_654_435_761) >> 7) as u8)
            .collect();
        let mut writer = Writer::default();
        writer.part(2, &data[..]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        std::fs::write(&path, writer.finish(fresh_generation())).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let container = Container::open(Mapped::open(file)).unwrap();
        let len = data.len() as u64;
        let ranges: Vec<Range<u64>> = (0..40)
            .map(|n| n * (len / 40)..(n + 1) * (len / 40))
            .chain([0..0, CHUNK_BYTES - 5..CHUNK_BYTES + 5, len - 7..len])
            .collect();
        let bodies = Bodies::new(2, len, ranges.iter());
        for range in &ranges {
            let expected = &data[range.start as usize..range.end as usize];
            assert_eq!(
                bodies.with(&container, range, <[u8]>::to_vec).as_deref(),
                Some(expected),
                "{range:?}"
            );
        }
        for chunk in &bodies.chunks {
            let chunk = chunk.lock().unwrap();
            assert!(chunk.bytes.is_none() && chunk.left == 0);
        }
    }
}
