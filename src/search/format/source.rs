//! Where a container's bytes come from: bytes in memory, a file read a piece at a
//! time, or a file mapped into memory.

use std::fs::File;
use std::io;

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
