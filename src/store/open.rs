//! Opening `state.db`, whatever state it is in: a fresh one is made; one that is not
//! a database (garbage, cut short) is moved aside and replaced; one that cannot be
//! written is read and nothing more is saved. Never a crash, never a silent wipe.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::load::Loaded;
use super::schema::{self, VERSION};
use super::{FILE_NAME, Store};
use crate::model::SourceId;
use crate::text::show_path;

/// The page size of a new `state.db`.
const PAGE_SIZE: i64 = 16 * 1024;

/// How long a write waits for another brief's transaction before it fails.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A store, what it held for the sources asked about, and what went wrong opening it.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub loaded: Loaded,
    /// One line for the status bar and the log when something went wrong: the file
    /// was moved aside, or changes will not be saved and why.
    pub notice: Option<String>,
}

/// Why a database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("it was written by a newer brief (schema version {0}, this one knows {VERSION})")]
    Newer(i32),
}

impl Failure {
    /// The file is not a database, or a damaged one: only moving it aside helps.
    fn is_corrupt(&self) -> bool {
        matches!(self, Failure::Sqlite(err) if matches!(
            err.sqlite_error_code(),
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
        ))
    }
}

/// Opens (making it if need be) `state.db` in `data_dir` and loads what it holds for
/// `sources`. See the module's notes for what happens when that goes wrong.
pub fn open(data_dir: &Path, sources: &[SourceId]) -> Opened {
    let path = data_dir.join(FILE_NAME);
    match open_and_load(data_dir, &path, sources) {
        Ok((store, loaded)) => Opened {
            store,
            loaded,
            notice: None,
        },
        Err(failure) if failure.is_corrupt() => replace_corrupt(data_dir, &path, sources, &failure),
        Err(failure) => read_only(&path, sources, &failure),
    }
}

fn open_and_load(
    data_dir: &Path,
    path: &Path,
    sources: &[SourceId],
) -> Result<(Store, Loaded), Failure> {
    fs::create_dir_all(data_dir)?;
    let store = open_file(path)?;
    let loaded = store.load(sources)?;
    Ok((store, loaded))
}

/// The database at `path`, made if missing, migrated to the current schema.
pub fn open_file(path: &Path) -> Result<Store, Failure> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Before anything changes the file: a newer brief's database is left as it is.
    let version = schema::user_version(&conn)?;
    if version > VERSION {
        return Err(Failure::Newer(version));
    }
    if version == 0 {
        // Before the first table and WAL, or never: a new database's pages are 16 KiB,
        // a quarter of the reads at start of SQLite's 4 KiB (`benches/state.rs`).
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    }
    // Readers never wait on a writer, and a crash loses nothing committed.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        log::warn!("{}: journal mode {mode}, not WAL", show_path(path));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    schema::migrate(&mut conn)?;
    Ok(Store {
        conn,
        path: Some(path.to_path_buf()),
        last_stamp: 0,
    })
}

/// A store in memory with the current schema: it saves nothing.
pub fn in_memory() -> Store {
    // Only running out of memory could make these fail.
    let mut conn = Connection::open_in_memory().expect("SQLite opens a database in memory");
    if let Err(err) = schema::migrate(&mut conn) {
        log::warn!("the reading state in memory: {err}");
    }
    Store {
        conn,
        path: None,
        last_stamp: 0,
    }
}

/// `path` cannot be used for writing: read what it holds if it can be read (changes
/// are then kept in memory only), else start from nothing.
fn read_only(path: &Path, sources: &[SourceId], failure: &Failure) -> Opened {
    let shown = show_path(path);
    log::warn!("{shown}: {failure}");
    let loaded = match &failure {
        Failure::Newer(_) => None,
        _ => load_read_only(path, sources),
    };
    let store = in_memory();
    Opened {
        notice: Some(format!(
            "reading state will not be saved ({shown}: {failure}); marks last until you quit"
        )),
        loaded: loaded.unwrap_or_default(),
        store,
    }
}

/// What a database holds, opened without writing anything (not even its journal),
/// when it has the current schema.
pub fn load_read_only(path: &Path, sources: &[SourceId]) -> Option<Loaded> {
    if !path.exists() {
        return None;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    let uri = |extra: &str| format!("file:{}?mode=ro{extra}", uri_path(path));
    // A database in WAL mode needs its shared-memory file, which a read-only folder
    // may not have: then it is read as a file no one writes.
    let conn = Connection::open_with_flags(uri(""), flags)
        .and_then(|conn| schema::user_version(&conn).map(|_| conn))
        .or_else(|_| Connection::open_with_flags(uri("&immutable=1"), flags))
        .ok()?;
    if schema::user_version(&conn).ok()? != VERSION {
        return None;
    }
    let store = Store {
        conn,
        path: None,
        last_stamp: 0,
    };
    store.load(sources).ok()
}

/// `path` for a `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// `path` is damaged: moves it (and its journal files) aside under a name with the
/// time, and starts a fresh database.
fn replace_corrupt(
    data_dir: &Path,
    path: &Path,
    sources: &[SourceId],
    failure: &Failure,
) -> Opened {
    let shown = show_path(path);
    let aside = match move_aside(path) {
        Ok(aside) => aside,
        Err(err) => {
            let failure = Failure::Io(err);
            log::warn!(
                "{shown} is damaged ({}) and could not be moved aside",
                failure
            );
            return read_only(path, sources, &failure);
        }
    };
    let notice = format!(
        "{shown} could not be read ({failure}): moved it to {} and started a new one",
        show_path(&aside)
    );
    log::warn!("{notice}");
    match open_and_load(data_dir, path, sources) {
        Ok((store, loaded)) => Opened {
            store,
            loaded,
            notice: Some(notice),
        },
        Err(failure) => {
            let mut opened = read_only(path, sources, &failure);
            opened.notice = Some(format!("{notice}, which failed too: {failure}"));
            opened
        }
    }
}

/// Renames `path` to `path.corrupt-<UTC time>` (with `-2`, `-3`… if taken), and its
/// `-wal` and `-shm` files along with it. Returns the new name.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let time = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let base = with_suffix(path, &format!(".corrupt-{time}"));
    let aside = (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => with_suffix(&base, &format!("-{n}")),
        })
        .find(|candidate| !candidate.exists())
        .expect("some name is free");
    fs::rename(path, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let journal = with_suffix(path, suffix);
        if journal.exists() {
            let moved = with_suffix(&aside, suffix);
            if let Err(err) = fs::rename(&journal, &moved) {
                log::warn!("{}: could not move aside: {err}", show_path(&journal));
            }
        }
    }
    Ok(aside)
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
