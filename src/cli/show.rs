//! `brief show ISSUE`: one issue as readable text, or as JSON.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::anyhow;

use super::write_stdout;
use crate::model::{Entry, Issue, Library, Link, LinkRef, Lookup, Section};
use crate::text::{display_width, wrap};

const PIPE_WIDTH: usize = 80;
const MAX_WIDTH: usize = 100;
const INDENT: &str = "   ";

pub fn run(library: &Library, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let id = if id.eq_ignore_ascii_case("latest") {
        "latest"
    } else {
        id
    };
    let issue = match library.lookup(id) {
        Lookup::Found(issue) => issue,
        Lookup::Missing => {
            return Err(anyhow!(
                "no issue {id:?} in {} issues (see `brief list`)",
                library.issues.len()
            ));
        }
        Lookup::Ambiguous(candidates) => return Err(ambiguous(library, id, &candidates)),
    };
    let out = if json {
        serde_json::to_string_pretty(issue)? + "\n"
    } else {
        render(issue, library.source_label(issue), output_width())
    };
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `ISSUE` names several issues: the error lists them, each by what names it alone.
fn ambiguous(library: &Library, id: &str, candidates: &[&Issue]) -> anyhow::Error {
    let several = library.has_several_sources();
    let names: Vec<String> = candidates
        .iter()
        .map(|issue| {
            let name = match several {
                true => issue.key().to_string(),
                false => issue.id.clone(),
            };
            format!("{name} ({})", issue.title)
        })
        .collect();
    anyhow!(
        "{id:?} names {} issues: {}; give one of these ids",
        candidates.len(),
        names.join(", ")
    )
}

fn output_width() -> usize {
    if !std::io::stdout().is_terminal() {
        return PIPE_WIDTH;
    }
    crossterm::terminal::size()
        .map(|(cols, _)| usize::from(cols).clamp(20, MAX_WIDTH))
        .unwrap_or(PIPE_WIDTH)
}

/// The issue as plain text wrapped to `width` columns; `source` names its newsletter
/// (see [`Library::source_label`]).
pub fn render(issue: &Issue, source: Option<&str>, width: usize) -> String {
    let mut out = String::new();
    push_wrapped(&mut out, &issue.title, width, "");
    for line in issue.meta_lines(source) {
        push_wrapped(&mut out, &line, width, "");
    }
    out.push('\n');
    if !issue.intro.is_empty() {
        push_wrapped(&mut out, &issue.intro, width, "");
        out.push('\n');
    }
    if !issue.intro_links.is_empty() {
        push_links(&mut out, &issue.intro_links, "", "");
        out.push('\n');
    }
    for (s, section) in issue.sections.iter().enumerate() {
        if !issue.is_heading_only(s) {
            render_section(&mut out, section, width);
        }
    }
    if !issue.archive.is_empty() {
        let _ = writeln!(out, "## Archive\n");
        push_links(&mut out, &issue.archive, "", "");
    }
    out
}

/// `## Path › Title`, the section's prose and its own links (the heading's first).
fn render_section(out: &mut String, section: &Section, width: usize) {
    let _ = writeln!(out, "## {}\n", section.path_label());
    if !section.body.is_empty() {
        push_wrapped(out, &section.body, width, "");
        out.push('\n');
    }
    let links = section.own_links();
    if !links.is_empty() {
        push_links(out, &links, "", "");
        out.push('\n');
    }
    for (n, entry) in section.entries.iter().enumerate() {
        render_entry(out, n + 1, entry, width);
    }
}

/// An entry under its number: the digest's own when it numbers its entries, else
/// `n`, its place in the section.
fn render_entry(out: &mut String, n: usize, entry: &Entry, width: usize) {
    let mut head = match entry.number() {
        Some(number) => format!("{number}. "),
        None => format!("{n}. "),
    };
    for tag in entry.tags() {
        let _ = write!(head, "[{tag}] ");
    }
    head.push_str(entry.title());
    if let Some(source) = entry.source_hint() {
        let _ = write!(head, " — {source}");
    }
    push_wrapped(out, &head, width, INDENT);
    let links: Vec<Link> = entry.links().map(LinkRef::to_link).collect();
    push_links(out, &links, INDENT, entry.title());
    if !entry.summary().is_empty() {
        push_wrapped(out, entry.summary(), width, INDENT);
    }
    out.push('\n');
}

/// Numbered links, `[1] text: url`, never wrapped so that URLs stay whole. The text is
/// left out by the one rule, [`Link::label`]: for the entry's `title` link, say.
fn push_links(out: &mut String, links: &[Link], indent: &str, title: &str) {
    for (n, link) in links.iter().enumerate() {
        let _ = match link.label(title) {
            Some(label) => writeln!(out, "{indent}[{}] {label}: {}", n + 1, link.url),
            None => writeln!(out, "{indent}[{}] {}", n + 1, link.url),
        };
    }
}

/// Wraps `text` (UAX #14 line breaking, CJK-aware) with `indent` before every line.
fn push_wrapped(out: &mut String, text: &str, width: usize, indent: &str) {
    for line in wrap(text, width.saturating_sub(display_width(indent)).max(1)) {
        let _ = writeln!(out, "{indent}{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue_with(entry: Entry) -> Issue {
        Issue {
            id: "x".into(),
            sections: vec![Section {
                title: "论文".into(),
                entries: vec![entry],
                ..Section::default()
            }],
            ..Issue::default()
        }
    }

    #[test]
    fn links_are_labelled_by_the_shared_rule() {
        let entry = Entry::new("ProxylessNAS", None, "")
            .with_link("ProxylessNAS", "https://a.example/p")
            .with_link("原文", "https://a.example/o");
        let text = render(&issue_with(entry), None, 80);
        assert!(text.contains("   [1] https://a.example/p\n"), "{text}");
        assert!(
            text.contains("   [2] 原文: https://a.example/o\n"),
            "{text}"
        );
    }

    #[test]
    fn an_entry_shows_the_digests_own_number() {
        let entry = Entry::new("fakelog", None, "").with_number(17);
        let text = render(&issue_with(entry), None, 80);
        assert!(text.contains("   17. fakelog\n"), "{text}");
        let text = render(&issue_with(Entry::new("plain", None, "")), None, 80);
        assert!(text.contains("   1. plain\n"), "{text}");
    }

    #[test]
    fn an_entry_without_a_title_keeps_its_link_labels() {
        let entry = Entry::new("", None, "").with_link("原文", "https://a.example/o");
        let text = render(&issue_with(entry), None, 80);
        assert!(
            text.contains("   [1] 原文: https://a.example/o\n"),
            "{text}"
        );
    }
}
