//! Writing a container: its header, directory and page checksums, then its parts.

use std::borrow::Cow;
use std::io;

use std::hash::Hasher;

use twox_hash::XxHash3_64;

use super::{FORMAT_VERSION, HEADER_BYTES, MAGIC, PAGE_BITS, PAGE_BYTES, PART_BYTES};

/// Parts to write, each a kind and its bytes (in one piece or several).
#[derive(Default)]
pub struct Writer<'a> {
    parts: Vec<(u32, Vec<Cow<'a, [u8]>>)>,
}

impl<'a> Writer<'a> {
    pub fn part(&mut self, kind: u32, bytes: impl Into<Cow<'a, [u8]>>) {
        self.parts.push((kind, vec![bytes.into()]));
    }

    /// A part made of `pieces`, one after another, without copying them together.
    pub fn part_of_pieces(&mut self, kind: u32, pieces: Vec<Cow<'a, [u8]>>) {
        self.parts.push((kind, pieces));
    }

    /// The file's bytes. `generation` should differ between writes of one file.
    pub fn finish(self, generation: u64) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(generation, &mut out)
            .expect("writing to memory does not fail");
        out
    }

    /// Writes the file to `out`, the parts streamed as they are (no copy of the whole).
    pub fn write_to(self, generation: u64, out: &mut (impl io::Write + ?Sized)) -> io::Result<()> {
        let lens: Vec<usize> = self
            .parts
            .iter()
            .map(|(_, pieces)| pieces.iter().map(|p| p.len()).sum())
            .collect();
        let mut places = Vec::with_capacity(self.parts.len());
        let mut data_len = 0usize;
        for len in &lens {
            places.push(data_len);
            data_len = (data_len + len).next_multiple_of(8);
        }
        let pages = data_len.div_ceil(PAGE_BYTES);
        let data_start = HEADER_BYTES + self.parts.len() * PART_BYTES + pages * 8;
        let sums = self.page_sums(generation, &lens, pages);
        let mut directory = Vec::with_capacity(data_start - HEADER_BYTES);
        for ((kind, _), (&at, &len)) in self.parts.iter().zip(places.iter().zip(&lens)) {
            directory.extend_from_slice(&kind.to_le_bytes());
            directory.extend_from_slice(&0u32.to_le_bytes());
            directory.extend_from_slice(&(at as u64).to_le_bytes());
            directory.extend_from_slice(&(len as u64).to_le_bytes());
        }
        sums.iter()
            .for_each(|s| directory.extend_from_slice(&s.to_le_bytes()));
        let mut header = [0u8; HEADER_BYTES];
        header[0..8].copy_from_slice(MAGIC);
        header[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        header[12..16].copy_from_slice(&PAGE_BITS.to_le_bytes());
        header[16..24].copy_from_slice(&generation.to_le_bytes());
        header[24..32].copy_from_slice(&((data_start + data_len) as u64).to_le_bytes());
        header[32..36].copy_from_slice(&(self.parts.len() as u32).to_le_bytes());
        header[36..40].copy_from_slice(&(pages as u32).to_le_bytes());
        header[40..48]
            .copy_from_slice(&XxHash3_64::oneshot_with_seed(generation, &directory).to_le_bytes());
        let header_sum = XxHash3_64::oneshot_with_seed(0, &header[..48]);
        header[48..56].copy_from_slice(&header_sum.to_le_bytes());
        out.write_all(&header)?;
        out.write_all(&directory)?;
        for ((_, pieces), &len) in self.parts.iter().zip(&lens) {
            for piece in pieces {
                out.write_all(piece)?;
            }
            out.write_all(&[0u8; 8][..len.next_multiple_of(8) - len])?;
        }
        Ok(())
    }

    /// The checksum of every page of the data, the parts padded to multiples of 8.
    fn page_sums(&self, generation: u64, lens: &[usize], pages: usize) -> Vec<u64> {
        let padding = [0u8; 8];
        let pieces = self.parts.iter().zip(lens).flat_map(|((_, pieces), &len)| {
            let pad = &padding[..len.next_multiple_of(8) - len];
            pieces.iter().map(|p| &p[..]).chain(std::iter::once(pad))
        });
        let mut sums = Vec::with_capacity(pages);
        let mut hasher = XxHash3_64::with_seed(generation);
        let mut in_page = 0usize;
        for mut piece in pieces {
            while !piece.is_empty() {
                let take = piece.len().min(PAGE_BYTES - in_page);
                hasher.write(&piece[..take]);
                piece = &piece[take..];
                in_page += take;
                if in_page == PAGE_BYTES {
                    sums.push(hasher.finish());
                    hasher = XxHash3_64::with_seed(page_seed(generation, sums.len()));
                    in_page = 0;
                }
            }
        }
        if in_page > 0 {
            sums.push(hasher.finish());
        }
        sums
    }
}

fn page_seed(generation: u64, page: usize) -> u64 {
    generation.wrapping_add(page as u64)
}

pub(super) fn page_sum(bytes: &[u8], generation: u64, page: usize) -> u64 {
    XxHash3_64::oneshot_with_seed(page_seed(generation, page), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checksums are XXH3-64's: files written by earlier builds (another XXH3
    /// crate) hold these very values, and still read.
    #[test]
    fn page_sums_are_xxh3_as_files_already_written_hold_them() {
        assert_eq!(XxHash3_64::oneshot(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(page_sum(b"brief", 7, 0), 0xb5f2_71ee_c47f_b275);
        assert_eq!(page_sum(b"brief", 5, 2), 0xb5f2_71ee_c47f_b275);
    }
}
