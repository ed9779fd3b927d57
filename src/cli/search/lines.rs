//! `brief search`'s aligned lines.

use std::borrow::Cow;
use std::io::{self, Write};

use rayon::prelude::*;

use super::rows::{Row, RowKind};
use crate::model::{path_label, section_name};
use crate::search::{PATH_BREAK, path_titles};
use crate::text::{display_width, push_fit, push_spaces};

const SECTION_COLUMNS: usize = 12;
pub(super) const TITLE_COLUMNS: usize = 60;
/// What the section column says of a hit in an intro.
const INTRO: &str = "Intro";

/// One result's cells: date, newsletter, section path (`Intro` for an intro), title
/// (for prose, a snippet of it in quotes), URL (the entry's, as written); borrowed
/// from where the result's text lies.
pub(super) struct Line<'a> {
    date: Cow<'a, str>,
    from: &'a str,
    section: Cow<'a, str>,
    title: Cow<'a, str>,
    url: Cow<'a, str>,
    /// The display widths of date, from, section and title, measured once.
    widths: [usize; 4],
}

impl<'a> Line<'a> {
    pub(super) fn of(row: Row<'a>) -> Line<'a> {
        let section = match row.path {
            None => Cow::Borrowed(INTRO),
            Some(Cow::Borrowed(path)) => section_label(path),
            Some(Cow::Owned(path)) => Cow::Owned(section_label(&path).into_owned()),
        };
        let (title, url) = match row.kind {
            RowKind::Entry { title, url, .. } => (title, url.unwrap_or_default()),
            RowKind::Prose { snippet, .. } => (Cow::Owned(format!("“{snippet}”")), Cow::default()),
        };
        let date = row.date.unwrap_or(row.issue);
        let widths = [
            display_width(&date),
            display_width(row.from),
            display_width(&section),
            display_width(&title),
        ];
        Line {
            date,
            from: row.from,
            section,
            title,
            url,
            widths,
        }
    }
}

/// What the section column says of a section whose path is `path`.
fn section_label(path: &str) -> Cow<'_, str> {
    match path.rsplit_once(PATH_BREAK) {
        None => Cow::Borrowed(section_name(path)),
        Some((parents, title)) => {
            let parents: Vec<&str> = path_titles(parents).collect();
            Cow::Owned(path_label(&parents, title))
        }
    }
}

/// Aligned lines, after the date the source's name when `several`; cut to fit on a
/// terminal, whole when piped. Made on all cores, in order, and written at once.
pub(super) fn print_lines(lines: &[Line], several: bool) -> io::Result<()> {
    let cap = |columns| {
        if crate::cli::stdout_is_terminal() {
            columns
        } else {
            usize::MAX
        }
    };
    let width = |cell: usize, max: usize| {
        let widest = lines.par_iter().map(|l| l.widths[cell]).max();
        widest.unwrap_or(0).min(max)
    };
    let widths = Widths {
        date: width(0, usize::MAX),
        source: several.then(|| width(1, usize::MAX)),
        section: width(2, cap(SECTION_COLUMNS)),
        title: width(3, cap(TITLE_COLUMNS)),
    };
    let chunks: Vec<String> = lines
        .par_chunks(LINES_PER_CHUNK)
        .map(|chunk| {
            // At most this long (so that it is not grown and copied as it is made).
            let padded = widths.date + widths.source.unwrap_or(0) + widths.section + widths.title;
            let bytes = |l: &Line| {
                l.date.len() + l.from.len() + l.section.len() + l.title.len() + l.url.len()
            };
            let most: usize = chunk.iter().map(|l| bytes(l) + padded + 9).sum();
            let mut out = String::with_capacity(most);
            for cells in chunk {
                widths.push_line(cells, &mut out);
            }
            out
        })
        .collect();
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    for chunk in &chunks {
        out.write_all(chunk.as_bytes())?;
    }
    out.flush()
}

/// Lines formatted as one piece of work.
const LINES_PER_CHUNK: usize = 512;

/// The widths of the columns of the lines.
struct Widths {
    date: usize,
    /// None unless the lines come from several newsletters.
    source: Option<usize>,
    section: usize,
    title: usize,
}

impl Widths {
    /// Appends the line of `cells` to `out`, without trailing spaces.
    fn push_line(&self, cells: &Line<'_>, out: &mut String) {
        let start = out.len();
        let [date, from, section, title] = cells.widths;
        push_measured(out, &cells.date, date, self.date);
        if let Some(width) = self.source {
            out.push_str("  ");
            push_measured(out, cells.from, from, width);
        }
        out.push_str("  ");
        push_measured(out, &cells.section, section, self.section);
        out.push_str("  ");
        push_measured(out, &cells.title, title, self.title);
        out.push_str("  ");
        out.push_str(&cells.url);
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
}

/// [`push_fit`] of `text`, whose display width is `measured`: when it fits, it is
/// padded without measuring it again.
fn push_measured(out: &mut String, text: &str, measured: usize, width: usize) {
    if width > 0 && measured <= width {
        out.push_str(text);
        push_spaces(out, width - measured);
    } else {
        push_fit(out, text, width);
    }
}
