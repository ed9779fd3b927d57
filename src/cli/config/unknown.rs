//! Options brief does not know: serde skips them and names their path; this finds
//! where the path's key is written, and what was probably meant.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::diagnostic::{Problem, did_you_mean};
use super::raw::{OPTIONS, SOURCE_OPTIONS, STYLE_OPTIONS};

/// A step of a path into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Segment {
    Key(String),
    Index(usize),
}

/// The path serde reports, as steps into the document. The wrappers that carry
/// spans show up as keys of their own; they are not in the document.
pub(super) fn segments(path: &serde_ignored::Path<'_>) -> Vec<Segment> {
    use serde_ignored::Path;
    let mut steps = match path {
        Path::Root => return Vec::new(),
        Path::Seq { parent, .. }
        | Path::Map { parent, .. }
        | Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => segments(parent),
    };
    match path {
        Path::Seq { index, .. } => steps.push(Segment::Index(*index)),
        Path::Map { key, .. } if !key.starts_with("$__serde_spanned_private") => {
            steps.push(Segment::Key(key.clone()));
        }
        _ => {}
    }
    steps
}

/// The warning about the option at `path` of `document`.
pub(super) fn unknown_option(document: &DeTable<'_>, path: &[Segment]) -> Problem {
    // `source.nmae`: the line tells which source.
    let name: Vec<String> = path
        .iter()
        .filter_map(|step| match step {
            Segment::Key(key) => Some(key.clone()),
            Segment::Index(_) => None,
        })
        .collect();
    let last = name.last().cloned().unwrap_or_default();
    let known: &[&str] = match path.first() {
        Some(Segment::Key(key)) if path.len() == 1 && !key.is_empty() => &OPTIONS,
        Some(Segment::Key(key)) if key == "source" => &SOURCE_OPTIONS,
        Some(Segment::Key(key)) if key == "theme" => &STYLE_OPTIONS,
        _ => &[],
    };
    let hint = did_you_mean(&last, known.iter().copied());
    Problem {
        span: locate(document, path),
        message: format!("unknown option {:?}{hint}", name.join(".")),
    }
}

/// Where the key at the end of `path` (keys only) is written.
pub(super) fn key_span(document: &DeTable<'_>, path: &[&str]) -> Option<Range<usize>> {
    let path: Vec<Segment> = path
        .iter()
        .map(|key| Segment::Key(key.to_string()))
        .collect();
    locate(document, &path)
}

/// Where the key at the end of `path` is written.
fn locate(document: &DeTable<'_>, path: &[Segment]) -> Option<Range<usize>> {
    let (first, rest) = path.split_first()?;
    let Segment::Key(key) = first else {
        return None;
    };
    let (key, mut value) = document.iter().find(|(k, _)| k.get_ref() == key)?;
    let mut span = key.span();
    for step in rest {
        let next = match (step, value.get_ref()) {
            (Segment::Key(wanted), DeValue::Table(table)) => {
                let (key, value) = table.iter().find(|(k, _)| k.get_ref() == wanted)?;
                span = key.span();
                value
            }
            (Segment::Index(index), DeValue::Array(array)) => {
                let value = array.get(*index)?;
                span = value.span();
                value
            }
            _ => return Some(span),
        };
        value = next;
    }
    Some(span)
}
