//! The reading state for a command: `state.db` opened for the sources of the loaded
//! library, a problem with it one warning line on stderr.

use std::collections::BTreeSet;

use super::settings::Settings;
use super::warn;
use crate::model::{Library, SourceId};
use crate::store::{self, Opened};

/// The sources of the library's issues.
pub fn sources(library: &Library) -> Vec<SourceId> {
    let sources: BTreeSet<&SourceId> = library.issues.iter().map(|i| &i.source).collect();
    sources.into_iter().cloned().collect()
}

/// Opens the reading state of `library`'s sources; never fails (see [`store::open`]).
pub fn open(library: &Library, settings: &Settings) -> Opened {
    open_sources(&sources(library), settings)
}

/// Opens the reading state of `sources`; never fails (see [`store::open`]).
pub fn open_sources(sources: &[SourceId], settings: &Settings) -> Opened {
    let opened = store::open(&settings.dirs.data, sources);
    if let Some(notice) = &opened.notice {
        warn(notice);
    }
    opened
}
