//! Where a container's bytes come from: bytes in memory, a file read a piece at a
//! time, or a file mapped into memory; and letting a mapped file's pages go.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Container, IndexError};

/// Where a container's bytes come from: a file, a mapped file, or bytes in memory.
pub trait ReadAt: Sync {
    fn size(&self) -> io::Result<u64>;
    /// Fills `buf` from `offset`; a short read is an error.
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()>;
    /// All the bytes, when they lie in memory (bytes, or a mapped file): then they are
    /// borrowed rather than read into buffers.
    fn in_memory(&self) -> Option<&[u8]> {
        None
    }

    /// Lets the pages of bytes `range` go from the process's memory, when they lie in
    /// a mapped file: they stay in the page cache, and a later read maps them again,
    /// unchanged. Nothing for other sources.
    fn release(&self, _range: Range<usize>) {}
}

impl ReadAt for &[u8] {
    fn size(&self) -> io::Result<u64> {
        Ok(self.len() as u64)
    }

    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let bytes = start
            .checked_add(buf.len())
            .and_then(|end| self.get(start..end))
            .ok_or(io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(bytes);
        Ok(())
    }

    fn in_memory(&self) -> Option<&[u8]> {
        Some(self)
    }
}

/// A file mapped into memory when it can be: its pages are then read from the page
/// cache where they lie, with no copy into fresh memory (whose first touch, page by
/// page, costs more than the copy). A file that cannot be mapped is read as a file.
pub enum Mapped {
    Map(memmap2::Mmap),
    Unmapped(File),
}

/// Bytes of a memory page, as far as releasing pages goes (a larger page is released
/// whole only when all of it lies in the range).
const PAGE_BYTES: usize = 4096;

/// Bytes of a part let go as one piece of work (see [`Container::release_parts`]).
const RELEASED_PIECE_BYTES: usize = 4 << 20;
/// Bytes of a held part checked (and let go, when asked) at a time.
const CHECKED_PIECE_BYTES: usize = 4 << 20;

impl Mapped {
    /// One of the crate's five `unsafe` blocks.
    #[allow(unsafe_code)]
    pub fn open(file: File) -> Mapped {
        // SAFETY: the map is only read. brief never changes a container in place: it
        // writes a new file and renames it over the old one, so the mapped file keeps
        // its bytes while it is open. Each page is checked against its checksum the
        // first time it is read. (A file that another program truncates under the map
        // would fault on a read past its new end: as with git's mapped packs, that is
        // left to the one who truncates it.)
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Mapped::Map(map),
            Err(_) => Mapped::Unmapped(file),
        }
    }
}

impl ReadAt for Mapped {
    fn size(&self) -> io::Result<u64> {
        match self {
            Mapped::Map(map) => Ok(map.len() as u64),
            Mapped::Unmapped(file) => file.size(),
        }
    }

    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        match self {
            Mapped::Map(map) => (&map[..]).read_exact_at(buf, offset),
            Mapped::Unmapped(file) => file.read_exact_at(buf, offset),
        }
    }

    fn in_memory(&self) -> Option<&[u8]> {
        match self {
            Mapped::Map(map) => Some(map),
            Mapped::Unmapped(_) => None,
        }
    }

    /// One of the crate's five `unsafe` blocks.
    #[allow(unsafe_code)]
    fn release(&self, range: Range<usize>) {
        let Mapped::Map(map) = self else {
            return;
        };
        let start = range.start.next_multiple_of(PAGE_BYTES);
        let end = range.end.min(map.len()) / PAGE_BYTES * PAGE_BYTES;
        if start < end {
            // SAFETY: the map is of a file, read-only and shared (memmap2 maps files
            // with MAP_SHARED). There MADV_DONTNEED only drops the pages from this
            // process's page tables: a later read faults them in again from the page
            // cache, with the same bytes (brief never changes the file in place: see
            // `open`). So every reference into the map stays valid and reads the same.
            let advice = memmap2::UncheckedAdvice::DontNeed;
            let _ = unsafe { map.unchecked_advise_range(advice, start, end - start) };
        }
    }
}

impl ReadAt for File {
    fn size(&self) -> io::Result<u64> {
        Ok(self.metadata()?.len())
    }

    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(self, buf, offset)
    }
}

/// A part of a mapped container, held where it lies: its pages checked once, when it
/// is taken, its bytes then read with no further check. It keeps the container (and
/// the map) alive: a clone is a count, not a copy.
#[derive(Clone)]
pub struct HeldPart {
    container: Arc<Container<Mapped>>,
    /// Where the part lies in the mapped file.
    range: Range<usize>,
}

/// Letting pages go.
impl<R: ReadAt> Container<R> {
    /// Lets the pages of bytes `range` of part `kind` go from the process's memory,
    /// when the file is mapped (see [`ReadAt::release`]).
    pub fn release(&self, kind: u32, range: Range<u64>) {
        if let Ok(range) = self.within(kind, range) {
            self.release_file_bytes(self.data_start + range.start..self.data_start + range.end);
        }
    }

    /// Lets the pages of bytes `range` of the file go (see [`ReadAt::release`]).
    fn release_file_bytes(&self, range: Range<u64>) {
        let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        self.source
            .release(to_usize(range.start)..to_usize(range.end));
    }

    /// Lets the pages of every part but `kept` go (see [`Container::release`]).
    pub fn release_all_but(&self, kept: u32) {
        for (kind, range) in self.parts.iter().filter(|(kind, _)| *kind != kept) {
            self.release(*kind, 0..range.end - range.start);
        }
    }

    /// Lets the pages of the parts whose kind is `chosen` go, a piece per core at a
    /// time (see [`Container::release`]). Mapped pages left at a process's end are
    /// unmapped there, on one core: a search of a large library maps a few hundred MiB.
    pub fn release_parts(&self, chosen: impl Fn(u32) -> bool) {
        let piece = RELEASED_PIECE_BYTES as u64;
        let pieces: Vec<Range<u64>> = (self.parts.iter())
            .filter(|(kind, _)| chosen(*kind))
            .flat_map(|(_, range)| {
                let (mut at, end) = (self.data_start + range.start, self.data_start + range.end);
                // Cut where the file is, so that no page straddles two pieces.
                std::iter::from_fn(move || {
                    let next = (at / piece + 1) * piece;
                    let cut = (at < end).then(|| at..next.min(end));
                    at = next;
                    cut
                })
            })
            .collect();
        (pieces.into_par_iter()).for_each(|range| self.release_file_bytes(range));
    }
}

impl HeldPart {
    /// Part `kind` of `container`, its pages checked (a piece at a time, each let go
    /// once checked unless `resident`); None when the file is not mapped (then read
    /// the part into memory).
    pub fn of(
        container: &Arc<Container<Mapped>>,
        kind: u32,
        resident: bool,
    ) -> Result<Option<HeldPart>, IndexError> {
        let Some(all) = container.in_memory() else {
            return Ok(None);
        };
        let len = container.part_len(kind)?;
        for start in (0..len).step_by(CHECKED_PIECE_BYTES) {
            let piece = start..(start + CHECKED_PIECE_BYTES as u64).min(len);
            container.slice(kind, piece.clone())?;
            if !resident {
                container.release(kind, piece);
            }
        }
        let bytes = container.part(kind)?;
        let start = (bytes.as_ptr() as usize).checked_sub(all.as_ptr() as usize);
        let range = start.map(|start| start..start + bytes.len());
        Ok(range
            .filter(|range| range.end <= all.len())
            .map(|range| HeldPart {
                container: Arc::clone(container),
                range,
            }))
    }

    pub fn bytes(&self) -> &[u8] {
        let all = self.container.in_memory().unwrap_or_default();
        all.get(self.range.clone()).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.range.len()
    }

    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }

    /// Lets the pages of bytes `range` of the part go (see [`ReadAt::release`]).
    pub fn release(&self, range: Range<usize>) {
        let start = self.range.start.saturating_add(range.start);
        let end = self
            .range
            .start
            .saturating_add(range.end)
            .min(self.range.end);
        self.container.source.release(start..end);
    }
}

impl std::fmt::Debug for HeldPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HeldPart({} bytes)", self.range.len())
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::io::{Read, Seek, SeekFrom};

    use super::*;
    use crate::search::{Writer, fresh_generation};

    /// Whether each page of `bytes` is in this process's memory (Linux's pagemap).
    fn resident(bytes: &[u8]) -> Vec<bool> {
        let first = bytes.as_ptr() as u64 / PAGE_BYTES as u64;
        let pages = bytes.len() / PAGE_BYTES;
        let mut map = File::open("/proc/self/pagemap").unwrap();
        map.seek(SeekFrom::Start(first * 8)).unwrap();
        let mut words = vec![0u8; pages * 8];
        map.read_exact(&mut words).unwrap();
        let word = |n: usize| u64::from_le_bytes(words[n * 8..n * 8 + 8].try_into().unwrap());
        (0..pages).map(|n| word(n) >> 63 == 1).collect()
    }

    #[test]
    fn released_pages_leave_the_process_and_read_the_same_again() {
        let data: Vec<u8> = (0..(16u32 << 20)).map(|n| (n % 251) as u8).collect();
        let mut writer = Writer::default();
        writer.part(5, &data[..]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        std::fs::write(&path, writer.finish(fresh_generation())).unwrap();
        let container =
            Arc::new(Container::open(Mapped::open(File::open(&path).unwrap())).unwrap());
        let part = HeldPart::of(&container, 5, true).unwrap().unwrap();
        assert_eq!(part.bytes(), &data[..]);
        let aligned = part.bytes().as_ptr().align_offset(PAGE_BYTES);
        let pages = &part.bytes()[aligned..];
        assert!(
            resident(pages).iter().all(|&r| r),
            "read whole, all resident"
        );
        part.release(aligned + (6 << 20)..aligned + (10 << 20));
        let now = resident(pages);
        let page = |mib: usize| (mib << 20) / PAGE_BYTES;
        assert!(now[page(6)..page(10)].iter().all(|&r| !r), "let go");
        // A huge page the range cuts may go whole (it maps again as small pages).
        assert!(
            now[..page(4)].iter().chain(&now[page(12)..]).all(|&r| r),
            "kept"
        );
        assert_eq!(part.bytes(), &data[..], "read again, the same");
        // Checked and let go as it is taken: little of it stays.
        let fresh = Arc::new(Container::open(Mapped::open(File::open(&path).unwrap())).unwrap());
        let released = HeldPart::of(&fresh, 5, false).unwrap().unwrap();
        assert!(
            resident(&released.bytes()[aligned..])
                .iter()
                .filter(|&&r| r)
                .count()
                < 64
        );
    }

    #[test]
    fn the_chosen_parts_leave_the_process_in_pieces_the_others_stay() {
        let parts: Vec<Vec<u8>> = (0..3u8)
            .map(|p| (0..(9u32 << 20)).map(|n| (n % 241) as u8 ^ p).collect())
            .collect();
        let mut writer = Writer::default();
        for (kind, part) in (1..).zip(&parts) {
            writer.part(kind, &part[..]);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        std::fs::write(&path, writer.finish(fresh_generation())).unwrap();
        let container = Container::open(Mapped::open(File::open(&path).unwrap())).unwrap();
        let read = |kind: u32| container.part(kind).unwrap().into_owned();
        let inner_pages = |kind: u32| {
            let bytes = container.part(kind).unwrap();
            let Cow::Borrowed(bytes) = bytes else {
                panic!("a mapped part is borrowed")
            };
            let aligned = bytes.as_ptr().align_offset(PAGE_BYTES);
            // Pages the part shares with its neighbours may go with them.
            resident(&bytes[aligned..bytes.len() - PAGE_BYTES])
        };
        assert!((1..=3).all(|kind| inner_pages(kind).iter().all(|&r| r)));
        container.release_parts(|kind| kind != 2);
        // A huge page a released neighbour cuts may go whole (it maps again as small
        // pages): what lies farther than one from the part's ends stays.
        let kept = inner_pages(2);
        let huge = (2 << 20) / PAGE_BYTES;
        assert!(kept[huge..kept.len() - huge].iter().all(|&r| r), "kept");
        for kind in [1, 3] {
            let left = inner_pages(kind).iter().filter(|&&r| r).count();
            assert_eq!(left, 0, "part {kind}: pages still in memory");
        }
        for (kind, part) in (1..).zip(&parts) {
            assert_eq!(&read(kind), part, "read again, the same");
        }
    }
}
