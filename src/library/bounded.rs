//! Reading a local file without trusting it: never more than a cap (whatever size the
//! file claims: `/dev/zero`, a pipe), and, for files found rather than named, only
//! regular files, opened so that a FIFO cannot block the open.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// How the user came to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Named on the command line: read whatever it is (a FIFO waits for its writer, as
    /// with `cat`), up to the cap.
    Named,
    /// Found in a walk, the cache or an index: read only if it is a regular file.
    Found,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file (a FIFO, a device, a socket, a folder).
    NotRegular(&'static str),
    /// More than `cap` bytes.
    TooLarge {
        cap: u64,
    },
    Io(io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::NotRegular(kind) => write!(f, "skipped: a {kind}, not a regular file"),
            Refused::TooLarge { cap } => {
                write!(f, "skipped: larger than the {} limit", human_bytes(*cap))
            }
            Refused::Io(err) => write!(f, "{err}"),
        }
    }
}

impl From<io::Error> for Refused {
    fn from(err: io::Error) -> Self {
        Refused::Io(err)
    }
}

/// The bytes of `path`, at most `cap` of them; more is refused, never cut silently.
pub fn read(path: &Path, cap: u64, origin: Origin) -> Result<Vec<u8>, Refused> {
    let file = open(path, origin)?;
    let metadata = file.metadata()?;
    let kind = metadata.file_type();
    if origin == Origin::Found && !kind.is_file() {
        return Err(Refused::NotRegular(kind_name(kind)));
    }
    // Room for the size the file claims (within the cap), so that it is read in one
    // call rather than in reads that double from 32 bytes; a file that grew meanwhile
    // is still read whole.
    let claimed = if kind.is_file() {
        metadata.len().min(cap)
    } else {
        0
    };
    let mut bytes = Vec::with_capacity(usize::try_from(claimed).unwrap_or(0));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(Refused::TooLarge { cap });
    }
    Ok(bytes)
}

/// Opens for reading. A found file is opened without blocking, so that a FIFO cannot
/// hold the open until a writer comes; it is refused as not regular right after. (A
/// regular file ignores O_NONBLOCK: reading it behaves as usual.)
fn open(path: &Path, origin: Origin) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if origin == Origin::Found {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What kind of file `kind` is, for a message.
pub fn kind_name(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
        if kind.is_socket() {
            return "socket";
        }
    }
    if kind.is_dir() {
        "folder"
    } else if kind.is_symlink() {
        "symbolic link"
    } else if kind.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// `bytes` for a message: `8 MiB`, `512 KiB`, `100 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_cap_and_refuses_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read(&path, 5, Origin::Found).unwrap(), b"12345");
        let refused = read(&path, 4, Origin::Found).unwrap_err();
        assert!(matches!(refused, Refused::TooLarge { cap: 4 }), "{refused}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_claiming_no_size_is_read_only_to_the_cap() {
        let path = Path::new("/dev/zero");
        let refused = read(path, 1024, Origin::Named).unwrap_err();
        assert!(matches!(refused, Refused::TooLarge { cap: 1024 }));
        let refused = read(path, 1024, Origin::Found).unwrap_err();
        assert_eq!(refused.to_string(), "skipped: a device, not a regular file");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(8 * 1024 * 1024), "8 MiB");
        assert_eq!(human_bytes(5 * 1024 * 1024 + 512 * 1024), "5.5 MiB");
        assert_eq!(human_bytes(2048), "2 KiB");
        assert_eq!(human_bytes(100), "100 bytes");
    }
}
