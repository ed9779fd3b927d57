//! `brief search --json`.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::rows::{Row, RowKind};
use crate::search::path_titles;

/// One result of `brief search --json`: an entry ([`JsonEntry`]) or prose
/// ([`JsonProse`]), told apart by the `prose` field only prose has.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonResult<'a> {
    Entry(JsonEntry<'a>),
    Prose(JsonProse<'a>),
}

/// A matching entry. `source` is the entry's publisher (`title | source`), as it
/// always was; `from` the name (id) of the newsletter it is in; `section` its
/// section's title and `path` that section's full path, as for prose.
#[derive(Serialize)]
struct JsonEntry<'a> {
    from: &'a str,
    issue: &'a str,
    date: Option<&'a str>,
    section: &'a str,
    path: Vec<&'a str>,
    title: &'a str,
    source: Option<&'a str>,
    url: Option<&'a str>,
    snippet: &'a str,
    score: u32,
}

/// Matching prose: `prose` is `"intro"` or `"section"`; `section` the section's title
/// and `path` its full path (`null` and `[]` for an intro); `snippet` the text around
/// the match.
#[derive(Serialize)]
struct JsonProse<'a> {
    from: &'a str,
    issue: &'a str,
    date: Option<&'a str>,
    prose: &'static str,
    section: Option<&'a str>,
    path: Vec<&'a str>,
    snippet: &'a str,
    score: u32,
}

fn json_result<'a>(row: &'a Row) -> JsonResult<'a> {
    let path = row
        .path
        .as_deref()
        .map_or(Vec::new(), |p| path_titles(p).collect());
    match &row.kind {
        RowKind::Entry {
            title,
            source,
            url,
            snippet,
        } => JsonResult::Entry(JsonEntry {
            from: row.from,
            issue: &row.issue,
            date: row.date.as_deref(),
            section: row.section().unwrap_or(""),
            path,
            title,
            source: source.as_deref(),
            url: url.as_deref(),
            snippet,
            score: row.score,
        }),
        RowKind::Prose { prose, snippet } => JsonResult::Prose(JsonProse {
            from: row.from,
            issue: &row.issue,
            date: row.date.as_deref(),
            prose,
            section: row.section(),
            path,
            snippet,
            score: row.score,
        }),
    }
}

pub(super) fn print_json(results: &[Row]) -> io::Result<()> {
    let json: Vec<JsonResult> = results.par_iter().map(json_result).collect();
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &json)?;
    writeln!(out)?;
    out.flush()
}
