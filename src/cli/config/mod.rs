//! The config file (`~/.config/brief/config.toml`, or where `BRIEF_CONFIG` says):
//! finding it, reading and checking it into a settings [`Layer`], and `brief config`.
//!
//! An invalid file is one error line `FILE:LINE:COLUMN: MESSAGE` and exit status 2 for
//! every command; options brief does not know are warnings; a missing file at the
//! standard place means the defaults.

mod check;
mod command;
mod default;
mod diagnostic;
mod keys;
mod raw;
mod report;
mod sources;
mod unknown;

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

pub use command::{ConfigCommand, run_command};
pub use default::default_text;
pub use diagnostic::Diagnostic;
use diagnostic::Problem;

use super::SourceArgs;
use super::settings::{self, Layer, Settings};
use crate::library::dirs::Dirs;

/// Names the config file instead of the standard place; the file must then exist.
pub const CONFIG_ENV: &str = "BRIEF_CONFIG";
/// The file's name in brief's config folder.
pub const FILE_NAME: &str = "config.toml";
/// A config file is small; a bigger one is refused rather than read into memory.
const MAX_BYTES: u64 = 1 << 20;

/// Where the config file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Named by `BRIEF_CONFIG`: it must exist.
    pub named: bool,
}

impl Location {
    /// `BRIEF_CONFIG` (`named`) when set and not empty, else `config.toml` in
    /// `config_dir`; None when there is neither.
    pub fn find(named: Option<OsString>, config_dir: Option<&Path>) -> Option<Location> {
        match named.filter(|n| !n.is_empty()) {
            Some(path) => Some(Location {
                path: PathBuf::from(path),
                named: true,
            }),
            None => config_dir.map(|dir| Location {
                path: dir.join(FILE_NAME),
                named: false,
            }),
        }
    }

    /// The location for this process: its environment and the platform's folders.
    pub fn standard() -> Option<Location> {
        let config_dir = Dirs::standard().ok().map(|dirs| dirs.config);
        Location::find(std::env::var_os(CONFIG_ENV), config_dir.as_deref())
    }

    /// The path as given, for messages (made safe for the terminal when printed).
    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

/// What a config file sets, and the warnings met reading it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub layer: Layer,
    pub warnings: Vec<Diagnostic>,
    /// False when there was no file (the defaults apply).
    pub found: bool,
}

/// Reads and checks the file at `location`. No location, or no file at the standard
/// place, is no config; a file `BRIEF_CONFIG` names must be there.
pub fn load(location: Option<&Location>) -> Result<Loaded, Diagnostic> {
    let Some(location) = location else {
        return Ok(Loaded::default());
    };
    let shown = location.shown();
    let fail = |message: String| Diagnostic {
        file: shown.clone(),
        at: None,
        message,
    };
    let bytes = match read_limited(&location.path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !location.named => {
            return Ok(Loaded::default());
        }
        Err(err) => return Err(fail(format!("cannot read the config file: {err}"))),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let at = diagnostic::line_column(&text, text.len());
            return Err(Diagnostic {
                at: Some(at),
                ..fail("not UTF-8 text".to_string())
            });
        }
    };
    let folder = location.path.parent().unwrap_or(Path::new(""));
    parse(&text, &shown, folder)
}

/// A config file that cannot be used: exit status 2, whatever the command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidConfig(pub Diagnostic);

/// The settings for a command: `flags` over the environment over the config file (at
/// its standard place) over the defaults, and the file's warnings, one line each.
pub fn configured(args: &SourceArgs, flags: Layer) -> anyhow::Result<(Settings, Vec<String>)> {
    let file = load(Location::standard().as_ref()).map_err(InvalidConfig)?;
    let warnings = file.warnings.iter().map(ToString::to_string).collect();
    Ok((settings::resolve(args, flags, file.layer)?, warnings))
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(std::io::Error::other("it is a folder"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} KiB",
            MAX_BYTES / 1024
        )));
    }
    Ok(bytes)
}

/// Checks config `text`; `file` is how messages name it, `folder` where relative
/// source paths start.
pub fn parse(text: &str, file: &str, folder: &Path) -> Result<Loaded, Diagnostic> {
    let place = |problem: Problem| problem.place(file, text);
    let document = DeTable::parse(text).map_err(|err| place(toml_problem(&err)))?;
    let mut ignored = Vec::new();
    let deserializer = toml::de::Deserializer::from(document.clone());
    let raw: raw::RawConfig = serde_ignored::deserialize(deserializer, |path| {
        ignored.push(unknown::segments(&path));
    })
    .map_err(|err| place(toml_problem(&err)))?;
    let checked = check::check(raw, (text, document.get_ref()), folder).map_err(place)?;
    let mut warnings: Vec<Problem> = ignored
        .iter()
        .map(|path| unknown::unknown_option(document.get_ref(), path))
        .chain(checked.warnings)
        .collect();
    warnings.sort_by_key(Problem::start);
    Ok(Loaded {
        layer: checked.layer,
        warnings: warnings.into_iter().map(place).collect(),
        found: true,
    })
}

fn toml_problem(err: &toml::de::Error) -> Problem {
    Problem {
        span: err.span(),
        message: err.message().trim().replace('\n', "; "),
    }
}

#[cfg(test)]
mod tests;
