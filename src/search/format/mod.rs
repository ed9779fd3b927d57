//! The container of a persisted index: numbered parts in one file, each read alone,
//! every byte checked before use.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! header, 64 bytes:
//!   0  magic "brief-ix"          8  version u32       12 page bits u32 (16: 64 KiB)
//!   16 generation u64            24 file length u64   32 part count u32
//!   36 page count u32            40 directory xxh3 u64 (seeded with the generation)
//!   48 header xxh3 u64 of bytes 0..48 (seed 0)          56 zero u64
//! directory, from byte 64:
//!   per part: kind u32, zero u32, offset u64 (from the data start), length u64
//!   per page of the data: its xxh3 u64, seeded with the generation plus its number
//! data, from the end of the directory: the parts, each at a multiple of 8
//! ```
//!
//! Any mismatch is an [`IndexError`]: another version, a short or torn file, a byte
//! changed. Pages are checked when they are read, so a reader of a few parts of a
//! large file pays for those only; a file written again in place changes the
//! generation, which every page checksum depends on, so pages of two writes never
//! pass as one.
//!
//! A source in memory (bytes, or a file mapped: [`Mapped`]) is read where it lies, each
//! page checked the first time it is touched; a file otherwise is read into buffers.

use std::borrow::Cow;
use std::io;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use twox_hash::XxHash3_64;

mod source;
mod writer;

pub use source::{HeldPart, Mapped, ReadAt};
pub use writer::Writer;
use writer::page_sum;

const MAGIC: &[u8; 8] = b"brief-ix";
/// Bumped at every change of layout or meaning: a file of another version is rebuilt.
pub const FORMAT_VERSION: u32 = 4;
const HEADER_BYTES: usize = 64;
const PART_BYTES: usize = 24;
const PAGE_BITS: u32 = 16;
const PAGE_BYTES: usize = 1 << PAGE_BITS;
/// Pages read (and checked) at once by one core, of a large read.
const READ_PAGES: usize = 16;
/// More parts than any version writes: a larger count is garbage.
const MAX_PARTS: usize = 64;

/// Why a persisted index cannot be used. Every one means: build it again.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("not a search index (bad magic)")]
    NotAnIndex,
    #[error("search index version {found}, this brief reads version {FORMAT_VERSION}")]
    Version { found: u32 },
    #[error("search index is damaged: {0}")]
    Damaged(&'static str),
    #[error("search index page {0} fails its checksum")]
    Checksum(usize),
    #[error("cannot read the search index: {0}")]
    Io(#[from] io::Error),
}

/// Pages of a container's data, read and checked, kept by a reader for its next reads
/// (see [`Container::buffered`]): the few it reads from at a time, their memory reused.
#[derive(Default)]
pub struct PageBuffers {
    pages: Vec<PageBuffer>,
    /// Counts reads, to tell which page was used last.
    clock: u64,
}

/// One page of [`PageBuffers`].
struct PageBuffer {
    /// `usize::MAX` while it holds none.
    page: usize,
    /// The [`PageBuffers::clock`] of its last read.
    used: u64,
    bytes: Vec<u8>,
}

/// Pages [`PageBuffers`] keeps: a reader of a few parts, each in order, needs one
/// for each place it reads from (a string list's offsets and its strings).
const BUFFERED_PAGES: usize = 8;

impl PageBuffers {
    /// The buffer that holds `page`, or else the one to read it into (emptied).
    fn slot(&mut self, page: usize) -> (usize, bool) {
        self.clock += 1;
        if let Some(i) = self.pages.iter().position(|b| b.page == page) {
            self.pages[i].used = self.clock;
            return (i, true);
        }
        let i = if self.pages.len() < BUFFERED_PAGES {
            self.pages.push(PageBuffer {
                page: usize::MAX,
                used: 0,
                bytes: Vec::new(),
            });
            self.pages.len() - 1
        } else {
            let oldest = self.pages.iter().enumerate().min_by_key(|(_, b)| b.used);
            oldest.map_or(0, |(i, _)| i)
        };
        self.pages[i].page = usize::MAX;
        self.pages[i].used = self.clock;
        (i, false)
    }
}

/// An opened container: its directory checked, its pages checked as they are read.
pub struct Container<R> {
    generation: u64,
    data_start: u64,
    data_len: u64,
    parts: Vec<(u32, Range<u64>)>,
    sums: Vec<u64>,
    /// Pages already read and checked, for small reads that come back to them; one
    /// cell per page of the data.
    cache: Vec<OnceLock<Box<[u8]>>>,
    /// Pages of a source in memory already checked; one flag per page of the data.
    checked: Vec<AtomicBool>,
    source: R,
}

impl<R: ReadAt> Container<R> {
    /// Reads and checks the header and the directory.
    pub fn open(source: R) -> Result<Container<R>, IndexError> {
        let size = source.size()?;
        let mut header = [0u8; HEADER_BYTES];
        source
            .read_exact_at(&mut header, 0)
            .map_err(|_| IndexError::NotAnIndex)?;
        if &header[0..8] != MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        let word =
            |at: usize| u32::from_le_bytes(header[at..at + 4].try_into().unwrap_or_default());
        let long =
            |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap_or_default());
        if word(8) != FORMAT_VERSION {
            return Err(IndexError::Version { found: word(8) });
        }
        let header_sum = XxHash3_64::oneshot_with_seed(0, &header[..48]);
        if long(48) != header_sum || long(56) != 0 || word(12) != PAGE_BITS {
            return Err(IndexError::Damaged("header"));
        }
        if long(24) != size {
            return Err(IndexError::Damaged("file length"));
        }
        let (parts, pages) = (word(32) as usize, word(36) as usize);
        let directory_len = parts * PART_BYTES + pages * 8;
        let data_start = (HEADER_BYTES + directory_len) as u64;
        if parts > MAX_PARTS
            || data_start > size
            || (size - data_start).div_ceil(PAGE_BYTES as u64) != pages as u64
        {
            return Err(IndexError::Damaged("directory size"));
        }
        let mut directory = vec![0u8; directory_len];
        source.read_exact_at(&mut directory, HEADER_BYTES as u64)?;
        let generation = long(16);
        if XxHash3_64::oneshot_with_seed(generation, &directory) != long(40) {
            return Err(IndexError::Damaged("directory"));
        }
        let field =
            |at: usize| u64::from_le_bytes(directory[at..at + 8].try_into().unwrap_or_default());
        let data_len = size - data_start;
        let mut table = Vec::with_capacity(parts);
        for p in 0..parts {
            let at = p * PART_BYTES;
            let (start, len) = (field(at + 8), field(at + 16));
            let end = start
                .checked_add(len)
                .filter(|&end| end <= data_len && field(at) >> 32 == 0);
            let end = end.ok_or(IndexError::Damaged("part bounds"))?;
            table.push((field(at) as u32, start..end));
        }
        let sums = (0..pages)
            .map(|p| field(parts * PART_BYTES + p * 8))
            .collect();
        let cache = (0..pages).map(|_| OnceLock::new()).collect();
        let checked = (0..pages).map(|_| AtomicBool::new(false)).collect();
        Ok(Container {
            generation,
            data_start,
            data_len,
            parts: table,
            sums,
            cache,
            checked,
            source,
        })
    }

    /// The whole file, when it lies in memory (bytes, or a file mapped).
    pub fn in_memory(&self) -> Option<&[u8]> {
        self.source.in_memory()
    }

    /// The identity of the write that made the file.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The bytes of part `kind` (the first of that kind).
    pub fn part(&self, kind: u32) -> Result<Cow<'_, [u8]>, IndexError> {
        let range = self.part_range(kind)?;
        self.read(range)
    }

    /// Length in bytes of part `kind`.
    pub fn part_len(&self, kind: u32) -> Result<u64, IndexError> {
        self.part_range(kind).map(|r| r.end - r.start)
    }

    /// Bytes `range` of part `kind`, read through the page cache: for small reads.
    /// Borrowed from the cache when they lie on one page.
    pub fn cached(&self, kind: u32, range: Range<u64>) -> Result<Cow<'_, [u8]>, IndexError> {
        let range = self.within(kind, range)?;
        if let Some(bytes) = self.borrowed(&range)? {
            return Ok(Cow::Borrowed(bytes));
        }
        let pages = self.pages_of(&range);
        let on_page = |page: usize| -> Result<&[u8], IndexError> {
            let bytes = self.cached_page(page)?;
            let page_start = (page * PAGE_BYTES) as u64;
            let from = range.start.max(page_start) - page_start;
            let to = range.end.min(page_start + bytes.len() as u64) - page_start;
            Ok(&bytes[from as usize..to as usize])
        };
        if pages.len() == 1 {
            return on_page(pages.start).map(Cow::Borrowed);
        }
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for page in pages {
            out.extend_from_slice(on_page(page)?);
        }
        Ok(Cow::Owned(out))
    }

    /// Bytes `range` of part `kind` through `buffers`: each page they lie on is read
    /// into one of them (unless it is there already); they are borrowed from it when
    /// they lie on one page, else copied together from them. For reads that go
    /// through large parts in order: each page is read once, into memory that is
    /// reused.
    pub fn buffered<'b>(
        &'b self,
        kind: u32,
        range: Range<u64>,
        buffers: &'b mut PageBuffers,
    ) -> Result<Cow<'b, [u8]>, IndexError> {
        let range = self.within(kind, range)?;
        if let Some(bytes) = self.borrowed(&range)? {
            return Ok(Cow::Borrowed(bytes));
        }
        let pages = self.pages_of(&range);
        if pages.len() == 1 {
            let i = self.buffer_page(pages.start, buffers)?;
            let page_start = (pages.start * PAGE_BYTES) as u64;
            let (from, to) = (range.start - page_start, range.end - page_start);
            return Ok(Cow::Borrowed(
                &buffers.pages[i].bytes[from as usize..to as usize],
            ));
        }
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for page in pages {
            let i = self.buffer_page(page, buffers)?;
            let page_start = (page * PAGE_BYTES) as u64;
            let from = range.start.max(page_start) - page_start;
            let to = range.end.min(page_start + PAGE_BYTES as u64) - page_start;
            out.extend_from_slice(&buffers.pages[i].bytes[from as usize..to as usize]);
        }
        Ok(Cow::Owned(out))
    }

    /// Which of `buffers` holds `page`, read and checked into one unless it is there.
    fn buffer_page(&self, page: usize, buffers: &mut PageBuffers) -> Result<usize, IndexError> {
        let (i, held) = buffers.slot(page);
        if !held {
            let page_start = (page * PAGE_BYTES) as u64;
            let end = (page_start + PAGE_BYTES as u64).min(self.data_len);
            let buffer = &mut buffers.pages[i];
            self.read_pages_into(page_start..end, &mut buffer.bytes)?;
            buffer.page = page;
        }
        Ok(i)
    }

    /// Bytes `range` of part `kind`, read once: for large reads.
    pub fn slice(&self, kind: u32, range: Range<u64>) -> Result<Cow<'_, [u8]>, IndexError> {
        let range = self.within(kind, range)?;
        self.read(range)
    }

    fn part_range(&self, kind: u32) -> Result<Range<u64>, IndexError> {
        self.parts
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, range)| range.clone())
            .ok_or(IndexError::Damaged("a part is missing"))
    }

    fn within(&self, kind: u32, range: Range<u64>) -> Result<Range<u64>, IndexError> {
        let part = self.part_range(kind)?;
        let start = part.start.checked_add(range.start);
        let end = part.start.checked_add(range.end);
        match (start, end) {
            (Some(start), Some(end)) if start <= end && end <= part.end => Ok(start..end),
            _ => Err(IndexError::Damaged("a record points outside its part")),
        }
    }

    fn pages_of(&self, range: &Range<u64>) -> Range<usize> {
        if range.start == range.end {
            return 0..0;
        }
        (range.start as usize / PAGE_BYTES)..(range.end as usize).div_ceil(PAGE_BYTES)
    }

    /// Data bytes `range`: the pages covering it, read at once and checked on all cores
    /// (or borrowed, checked, from a source in memory).
    fn read(&self, range: Range<u64>) -> Result<Cow<'_, [u8]>, IndexError> {
        if let Some(bytes) = self.borrowed(&range)? {
            return Ok(Cow::Borrowed(bytes));
        }
        let mut bytes = Vec::new();
        let at = self.read_pages_into(range, &mut bytes)?;
        // In place: no second buffer of the size of the part.
        bytes.truncate(at.end);
        bytes.drain(..at.start);
        Ok(Cow::Owned(bytes))
    }

    /// [`Container::slice`], read into `buf` (whose memory is reused) unless the
    /// source is in memory.
    pub fn slice_in<'b>(
        &'b self,
        kind: u32,
        range: Range<u64>,
        buf: &'b mut Vec<u8>,
    ) -> Result<&'b [u8], IndexError> {
        let range = self.within(kind, range)?;
        if let Some(bytes) = self.borrowed(&range)? {
            return Ok(bytes);
        }
        let at = self.read_pages_into(range, buf)?;
        Ok(&buf[at])
    }

    /// Data bytes `range` of a source in memory, the pages they lie on checked (once:
    /// on all cores when there are many); None for a source read into buffers.
    fn borrowed(&self, range: &Range<u64>) -> Result<Option<&[u8]>, IndexError> {
        let Some(all) = self.source.in_memory() else {
            return Ok(None);
        };
        let data = &all[self.data_start as usize..];
        let check = |page: usize| -> Result<(), IndexError> {
            if self.checked[page].load(Ordering::Relaxed) {
                return Ok(());
            }
            let start = page * PAGE_BYTES;
            let bytes = &data[start..(start + PAGE_BYTES).min(data.len())];
            self.check(page, bytes)?;
            self.checked[page].store(true, Ordering::Relaxed);
            Ok(())
        };
        let pages = self.pages_of(range);
        if pages.len() > READ_PAGES {
            pages.into_par_iter().try_for_each(check)?;
        } else {
            pages.into_iter().try_for_each(check)?;
        }
        Ok(Some(&data[range.start as usize..range.end as usize]))
    }

    fn read_pages_into(
        &self,
        range: Range<u64>,
        bytes: &mut Vec<u8>,
    ) -> Result<Range<usize>, IndexError> {
        let pages = self.pages_of(&range);
        if pages.is_empty() {
            bytes.clear();
            return Ok(0..0);
        }
        let first = (pages.start * PAGE_BYTES) as u64;
        let last = ((pages.end * PAGE_BYTES) as u64).min(self.data_len);
        let len = (last - first) as usize;
        if bytes.capacity() < len {
            // Fresh zeroed memory from the allocator needs no zeroing pass: its pages
            // are touched first by the reads below, on all cores.
            *bytes = vec![0; len];
        } else {
            // Overwritten whole by the reads: only new bytes are zeroed.
            bytes.resize(len, 0);
        }
        // Large reads in pieces on all cores, each read and checked by one.
        bytes
            .par_chunks_mut(READ_PAGES * PAGE_BYTES)
            .enumerate()
            .try_for_each(|(n, piece)| {
                let at = first + (n * READ_PAGES * PAGE_BYTES) as u64;
                self.source.read_exact_at(piece, self.data_start + at)?;
                let page = pages.start + n * READ_PAGES;
                piece
                    .chunks(PAGE_BYTES)
                    .enumerate()
                    .try_for_each(|(i, bytes)| self.check(page + i, bytes))
            })?;
        Ok((range.start - first) as usize..(range.end - first) as usize)
    }

    fn cached_page(&self, page: usize) -> Result<&[u8], IndexError> {
        let cell = self
            .cache
            .get(page)
            .ok_or(IndexError::Damaged("a page outside the file"))?;
        if let Some(bytes) = cell.get() {
            return Ok(bytes);
        }
        let start = (page * PAGE_BYTES) as u64;
        let end = (start + PAGE_BYTES as u64).min(self.data_len);
        // Another thread may have read it meanwhile: the same checked bytes.
        let bytes = self.read(start..end)?.into_owned().into_boxed_slice();
        Ok(cell.get_or_init(|| bytes))
    }

    fn check(&self, page: usize, bytes: &[u8]) -> Result<(), IndexError> {
        match self.sums.get(page) {
            Some(&sum) if sum == page_sum(bytes, self.generation, page) => Ok(()),
            _ => Err(IndexError::Checksum(page)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container of one part of `pages` pages and a bit, each byte telling its place.
    fn container_bytes(pages: usize) -> (Vec<u8>, Vec<u8>) {
        let part: Vec<u8> = (0..pages * PAGE_BYTES + 100)
            .map(|i| (i % 251) as u8)
            .collect();
        let mut writer = Writer::default();
        writer.part(1, part.clone());
        (writer.finish(7), part)
    }

    /// `check` of `file` opened from each source: bytes in memory, a file read into
    /// buffers, a file mapped into memory.
    fn each_source(file: &[u8], check: impl Fn(&str, &dyn Fn(Read, Range<u64>) -> Bytes)) {
        let temp = write_temp(file);
        let open = || std::fs::File::open(temp.path()).unwrap();
        let mapped = Mapped::open(open());
        assert!(mapped.in_memory().is_some());
        check("bytes", &reads(Container::open(file).unwrap()));
        check("file", &reads(Container::open(open()).unwrap()));
        check("mapped", &reads(Container::open(mapped).unwrap()));
    }

    /// The ways to read a part of a container.
    #[derive(Clone, Copy)]
    enum Read {
        Buffered,
        Cached,
        Slice,
    }

    type Bytes = Result<Vec<u8>, IndexError>;

    /// Reads of part 1 of `container`, the buffered ones through buffers it keeps.
    fn reads<R: ReadAt>(container: Container<R>) -> impl Fn(Read, Range<u64>) -> Bytes {
        let buffers = std::cell::RefCell::new(PageBuffers::default());
        move |read, range| {
            Ok(match read {
                Read::Buffered => container
                    .buffered(1, range, &mut buffers.borrow_mut())?
                    .into_owned(),
                Read::Cached => container.cached(1, range)?.into_owned(),
                Read::Slice => container.slice(1, range)?.into_owned(),
            })
        }
    }

    #[test]
    fn reads_give_the_bytes_in_any_order_from_every_source() {
        let (file, part) = container_bytes(20);
        let len = part.len() as u64;
        // In order, back again (more pages than are kept), across page ends, empty.
        let mut ranges: Vec<Range<u64>> =
            (0..len / 3000).map(|i| i * 3000..i * 3000 + 150).collect();
        ranges.extend(
            (0..20)
                .rev()
                .map(|p| p * PAGE_BYTES as u64 + 10..p * PAGE_BYTES as u64 + 20),
        );
        ranges.push(PAGE_BYTES as u64 - 5..PAGE_BYTES as u64 + 5);
        ranges.push(len - 3..len);
        ranges.push(9..9);
        ranges.push(0..len);
        each_source(&file, |source, read| {
            for way in [Read::Buffered, Read::Cached, Read::Slice] {
                for range in &ranges {
                    let expected = &part[range.start as usize..range.end as usize];
                    assert_eq!(read(way, range.clone()).unwrap(), expected, "{source}");
                }
                assert!(read(way, len - 1..len + 1).is_err(), "{source}");
            }
        });
    }

    #[test]
    fn an_empty_or_short_file_mapped_is_no_index() {
        for bytes in [&b""[..], b"brief-ix", &container_bytes(1).0[..70]] {
            let mapped = Mapped::open(write_temp(bytes).reopen().unwrap());
            assert!(Container::open(mapped).is_err(), "{}", bytes.len());
        }
    }

    #[test]
    fn buffers_keep_a_few_pages() {
        let (file, _) = container_bytes(20);
        let container = Container::open(write_temp(&file).reopen().unwrap()).unwrap();
        let mut buffers = PageBuffers::default();
        for page in 0..20 {
            let at = page * PAGE_BYTES as u64;
            container.buffered(1, at..at + 10, &mut buffers).unwrap();
        }
        assert_eq!(buffers.pages.len(), BUFFERED_PAGES);
    }

    fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        file
    }

    #[test]
    fn a_damaged_page_is_an_error_from_every_source_and_every_read() {
        let (mut file, _) = container_bytes(40);
        let data_start = file.len() - (40 * PAGE_BYTES + 100);
        file[data_start + PAGE_BYTES + 7] ^= 1;
        let at = PAGE_BYTES as u64;
        each_source(&file, |source, read| {
            assert!(read(Read::Buffered, 0..10).is_ok(), "{source}");
            assert!(matches!(
                read(Read::Buffered, at..at + 10),
                Err(IndexError::Checksum(1))
            ));
            // A page that failed is not taken as held (or checked) afterwards.
            assert!(read(Read::Buffered, at + 20..at + 30).is_err(), "{source}");
            assert!(read(Read::Cached, at + 20..at + 30).is_err(), "{source}");
            assert!(read(Read::Slice, at - 5..at + 5).is_err(), "{source}");
            // A large read (checked on all cores) fails on it too.
            assert!(read(Read::Slice, 0..30 * at).is_err(), "{source}");
            assert!(read(Read::Slice, 2 * at..30 * at).is_ok(), "{source}");
        });
    }
}
