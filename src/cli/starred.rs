//! `brief starred`: the starred entries of the library's sources, newest star first;
//! as JSON, or as Markdown that brief reads back as an issue (`- [title | source](url)`
//! under a heading per issue date).

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde::Serialize;

use super::write_stdout;
use crate::store::{Star, rfc3339};
use crate::text::{display_width, escape_line, fit, sanitize};

/// How `brief starred` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One line per entry: date, title, source, URL.
    #[default]
    Text,
    /// Markdown: a list of links under a heading per issue date.
    Md,
    /// An array of objects, newest star first.
    Json,
}

pub fn run(stars: &[Star], format: Format) -> anyhow::Result<ExitCode> {
    let out = match format {
        Format::Text => text(stars),
        Format::Md => markdown(stars),
        Format::Json => {
            let items: Vec<Item> = stars.iter().map(Item::from).collect();
            serde_json::to_string_pretty(&items)? + "\n"
        }
    };
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One star in `brief starred --json`.
#[derive(Serialize)]
struct Item {
    /// The newsletter (its source id).
    source: String,
    issue: String,
    /// The entry's id in its issue (its key).
    entry: String,
    title: String,
    /// The entry's publisher (`title | publisher`).
    publisher: Option<String>,
    url: Option<String>,
    issue_date: Option<String>,
    /// When it was starred, RFC 3339.
    starred_at: String,
}

impl From<&Star> for Item {
    fn from(star: &Star) -> Item {
        Item {
            source: star.key.issue.source.to_string(),
            issue: sanitize(&star.key.issue.issue),
            entry: sanitize(&star.key.entry),
            title: star.title.clone(),
            publisher: star.publisher.clone(),
            url: star.url.clone(),
            issue_date: star.issue_date.clone(),
            starred_at: rfc3339(star.starred_at),
        }
    }
}

/// `2020-06-03  title · publisher  url`, the titles in one column.
fn text(stars: &[Star]) -> String {
    let labels: Vec<String> = stars.iter().map(label).collect();
    let width = labels.iter().map(|l| display_width(l)).max().unwrap_or(0);
    let mut out = String::new();
    for (star, label) in stars.iter().zip(&labels) {
        let date = star.issue_date.as_deref().unwrap_or("—");
        let url = star.url.as_deref().unwrap_or("");
        let line = format!("{}  {}  {}", fit(date, 10), fit(label, width), url);
        out.push_str(&escape_line(line.trim_end()));
        out.push('\n');
    }
    out
}

fn label(star: &Star) -> String {
    match &star.publisher {
        Some(publisher) => format!("{} · {publisher}", star.title),
        None => star.title.clone(),
    }
}

/// The stars as an issue brief reads back: `# Starred`, then `## DATE` sections,
/// newest date first (undated last), each star a list item.
fn markdown(stars: &[Star]) -> String {
    let mut by_date: BTreeMap<Option<&str>, Vec<&Star>> = BTreeMap::new();
    for star in stars {
        by_date
            .entry(star.issue_date.as_deref())
            .or_default()
            .push(star);
    }
    let mut out = String::from("# Starred\n");
    let dated = by_date.iter().rev().filter(|(date, _)| date.is_some());
    let undated = by_date.iter().filter(|(date, _)| date.is_none());
    for (date, stars) in dated.chain(undated) {
        out.push_str(&format!("\n## {}\n\n", date.unwrap_or("Undated")));
        for star in stars {
            out.push_str(&item(star));
            out.push('\n');
        }
    }
    out
}

/// `- [title | publisher](url)`. A title with a bar of its own and no publisher ends
/// with ` |`, so the bar is not taken for the publisher's; an entry without a link
/// is its text alone.
fn item(star: &Star) -> String {
    let mut text = escape_markdown(&star.title);
    match &star.publisher {
        Some(publisher) => {
            text.push_str(" | ");
            text.push_str(&escape_markdown(publisher));
        }
        None if star.title.contains(['|', '｜']) => text.push_str(" |"),
        None => {}
    }
    match &star.url {
        Some(url) => format!("- [{text}]({})", destination(url)),
        None => format!("- {text}"),
    }
}

/// `text` with what Markdown would read as markup backslash-escaped.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '&' | '~' | '!' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination: as it is when it can be, else in `<…>`.
fn destination(url: &str) -> String {
    let plain = !url.is_empty()
        && !url.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '\\'));
    if plain {
        return url.to_string();
    }
    let mut out = String::from("<");
    for c in url.chars() {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}
