//! What may reach a terminal: the one rule for controls and invisible characters.
//!
//! Three kinds of field, one rule each:
//! - multi-line text ([`sanitize`]): intros, section bodies, summaries. Keeps newlines.
//! - single-line text ([`sanitize_line`]): titles, ids, sources, tags, link texts. A
//!   line break (however it got there: `&#10;` is decoded by the Markdown parser) is
//!   folded into a space, so a field can never forge a line of output.
//! - URLs ([`sanitize_url`]): nothing invisible, so the URL shown is the URL opened;
//!   a URL holding whitespace is refused, as no browser would open it as written.
//!
//! Dropped everywhere: C0 controls but newline (a tab becomes a space, CR and the
//! Unicode line and paragraph separators U+2028/U+2029 become newlines), DEL, C1, the
//! bidi overrides and isolates, and the invisible characters that can hide or disguise
//! text: the bidi marks (LRM, RLM, ALM), zero-width space and non-joiner, word joiner
//! and the invisible operators (U+2060–U+206F), BOM, soft hyphen, combining grapheme
//! joiner, Mongolian vowel separator, Khmer inherent vowels, the Hangul fillers,
//! interlinear annotation marks, shorthand and musical format controls, and the tag
//! characters. Kept because visible text needs them: variation selectors (emoji and
//! CJK presentation), Mongolian free variation selectors, a zero-width joiner between
//! two emoji (👩‍💻), and tag characters that spell a flag after 🏴 (England, Scotland).
//! URLs drop those too: a link's address is ASCII or a plain IRI.

mod scan;

use scan::any_suspicious;
#[cfg(test)]
use scan::suspicious;

/// `text` as multi-line text: see the module documentation.
pub fn sanitize(text: &str) -> String {
    if is_clean(text) {
        return text.to_string();
    }
    rebuild(text)
}

/// Like [`sanitize`], reusing the allocation when nothing needs to change.
pub fn sanitize_owned(text: String) -> String {
    if is_clean(&text) {
        return text;
    }
    rebuild(&text)
}

/// `text` as single-line text: sanitized, each line break and the spaces around it
/// folded into one space, and trimmed when something was folded.
pub fn sanitize_line(text: &str) -> String {
    if is_clean_line(text) {
        return text.to_string();
    }
    fold_lines(&rebuild(text))
}

/// Like [`sanitize_line`], reusing the allocation when nothing needs to change.
pub fn sanitize_line_owned(text: String) -> String {
    if is_clean_line(&text) {
        return text;
    }
    fold_lines(&rebuild(&text))
}

/// `url` without controls and invisible characters, or `None` when it holds
/// whitespace (a line break, a space, a blank lookalike) and so is no usable link.
pub fn sanitize_url(url: &str) -> Option<String> {
    if url.bytes().all(|b| b.is_ascii_graphic()) {
        return Some(url.to_string());
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c == '\u{2800}' {
            return None;
        }
        if is_url_char(c) {
            out.push(c);
        }
    }
    Some(out)
}

/// True when [`sanitize`] would change nothing in `text`.
pub fn is_clean(text: &str) -> bool {
    !any_suspicious(text.as_bytes()) || first_change(text).is_none()
}

/// True when `text` holds no character that [`sanitize`] changes or keeps only next
/// to certain others (a joiner between emoji, the tags of a flag), so that every
/// slice of it is clean on its own too. Stricter than [`is_clean`], as fast.
pub fn is_clean_throughout(text: &str) -> bool {
    !any_suspicious(text.as_bytes())
}

/// True when [`sanitize_line`] would change nothing in `text`.
pub fn is_clean_line(text: &str) -> bool {
    is_clean(text) && memchr::memchr(b'\n', text.as_bytes()).is_none()
}

/// True when [`sanitize_url`] keeps `url` as it is.
pub fn is_clean_url(url: &str) -> bool {
    sanitize_url(url).as_deref() == Some(url)
}

/// True for the characters [`sanitize`] always removes, wherever they stand.
pub(super) fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}'..='\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180E}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E001F}' | '\u{E0080}'..='\u{E00FF}'
        | '\u{E01F0}'..='\u{E0FFF}')
}

/// True for the line breaks [`sanitize`] turns into `\n`.
pub(super) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

const ZWJ: char = '\u{200D}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// What [`sanitize`] does with one character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Keep,
    Drop,
    /// Becomes `\n` (a CRLF pair becomes one).
    Break,
    /// A tab: becomes a space.
    Space,
    /// Kept only between two emoji.
    Joiner,
    /// Kept only as part of a flag's tag sequence.
    Tag,
}

fn class(c: char) -> Class {
    match c {
        '\n' => Class::Keep,
        '\t' => Class::Space,
        c if is_line_break(c) => Class::Break,
        ZWJ => Class::Joiner,
        '\u{E0020}'..=CANCEL_TAG => Class::Tag,
        c if is_forbidden(c) => Class::Drop,
        _ => Class::Keep,
    }
}

/// A URL keeps no invisible character, not even those visible text needs.
fn is_url_char(c: char) -> bool {
    class(c) == Class::Keep
        && !matches!(c, '\n' | '\u{FE00}'..='\u{FE0F}' | '\u{180B}'..='\u{180F}'
            | '\u{E0100}'..='\u{E01EF}')
}

/// Characters that may stand on either side of a joiner in an emoji sequence:
/// pictographs, the symbol and arrow blocks ZWJ sequences draw on, skin tones (in
/// U+1F3FB–U+1F3FF) and the emoji presentation selector.
fn is_emoji_side(c: char) -> bool {
    matches!(c,
        '\u{FE0F}' | '\u{20E3}' | '\u{A9}' | '\u{AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}'
        | '\u{2139}' | '\u{2194}'..='\u{21FF}' | '\u{2300}'..='\u{23FF}' | '\u{24C2}'
        | '\u{25A0}'..='\u{27BF}' | '\u{2900}'..='\u{297F}' | '\u{2B00}'..='\u{2BFF}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}' | '\u{1F000}'..='\u{1FAFF}')
}

fn keeps_joiner(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(is_emoji_side) && after.is_some_and(is_emoji_side)
}

/// Subdivision codes are short lower-case alphanumerics (`gbeng`, `gbsct`).
const MAX_TAG_SPEC: usize = 7;

/// Bytes of the flag tag sequence that `rest` starts with, when it follows 🏴: one to
/// seven tag letters or digits, then the cancel tag. `None` when it is anything else.
fn flag_tags(before: Option<char>, rest: &str) -> Option<usize> {
    if before != Some(BLACK_FLAG) {
        return None;
    }
    let mut spec = 0;
    for (at, c) in rest.char_indices() {
        match c {
            CANCEL_TAG if spec > 0 => return Some(at + c.len_utf8()),
            '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}' if spec < MAX_TAG_SPEC => {
                spec += 1;
            }
            _ => return None,
        }
    }
    None
}

/// Bytes of the run of tag characters `rest` starts with.
fn tag_run(rest: &str) -> usize {
    rest.char_indices()
        .find(|&(_, c)| class(c) != Class::Tag)
        .map_or(rest.len(), |(at, _)| at)
}

/// Byte offset of the first character [`sanitize`] would change, if any.
fn first_change(text: &str) -> Option<usize> {
    let mut before = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let at = text.len() - rest.len();
        let keep = match class(c) {
            Class::Keep => c.len_utf8(),
            Class::Joiner if keeps_joiner(before, rest[c.len_utf8()..].chars().next()) => {
                c.len_utf8()
            }
            Class::Tag => match flag_tags(before, rest) {
                Some(tags) => tags,
                None => return Some(at),
            },
            _ => return Some(at),
        };
        before = rest[..keep].chars().next_back();
        rest = &rest[keep..];
    }
    None
}

fn rebuild(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        let before = out.chars().next_back();
        match class(c) {
            Class::Keep => out.push(c),
            Class::Space => out.push(' '),
            Class::Break => {
                if !(c == '\r' && rest[len..].starts_with('\n')) {
                    out.push('\n');
                }
            }
            Class::Joiner if keeps_joiner(before, rest[len..].chars().next()) => out.push(c),
            Class::Tag => {
                // A run of tags that spells no flag goes whole.
                let run = match flag_tags(before, rest) {
                    Some(flag) => {
                        out.push_str(&rest[..flag]);
                        flag
                    }
                    None => tag_run(rest),
                };
                rest = &rest[run..];
                continue;
            }
            Class::Joiner | Class::Drop => {}
        }
        rest = &rest[len..];
    }
    out
}

/// Joins the lines of `text` with one space, each line trimmed, blank ones dropped.
fn fold_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests;
