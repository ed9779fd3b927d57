//! Where a container's bytes come from: bytes in memory, a file read a piece at a
//! time, or a file mapped into memory.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::Arc;

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

impl Mapped {
    /// One of the crate's three `unsafe` blocks.
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

impl HeldPart {
    /// Part `kind` of `container`, its pages checked; None when the file is not
    /// mapped (then read the part into memory).
    pub fn of(
        container: &Arc<Container<Mapped>>,
        kind: u32,
    ) -> Result<Option<HeldPart>, IndexError> {
        let Some(all) = container.source.in_memory() else {
            return Ok(None);
        };
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
        let all = self.container.source.in_memory().unwrap_or_default();
        all.get(self.range.clone()).unwrap_or_default()
    }
}

impl std::fmt::Debug for HeldPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HeldPart({} bytes)", self.range.len())
    }
}
