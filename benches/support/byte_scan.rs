//! The baseline of the search benches: a plain byte scan of the Markdown files, as
//! grep does it.

use std::path::PathBuf;

/// A grep-like scan: every file read, the lines holding the bytes counted.
pub fn byte_scan(files: &[PathBuf], needle: &[u8]) -> usize {
    let finder = memchr::memmem::Finder::new(needle);
    files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("reads");
            let mut lines = 0;
            let mut last_line = usize::MAX;
            for at in finder.find_iter(&bytes) {
                let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
                if line_start != last_line {
                    lines += 1;
                    last_line = line_start;
                }
            }
            lines
        })
        .sum()
}
