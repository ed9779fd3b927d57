//! Showing names that are not ours (file paths, URLs, a server's words) in a one-line
//! message: every character that could act on a terminal, break the line or hide
//! itself is written as a visible escape (`\u{1b}`, `\n`, `\xff`), never removed, so
//! the user sees what the name really holds.

use std::borrow::Cow;
use std::path::Path;

use super::is_forbidden;

/// `text` with control, line-breaking and invisible characters written as escapes:
/// `\n`, `\r`, `\t`, else `\u{…}`. Clean text is borrowed unchanged.
pub fn escape_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    Cow::Owned(out)
}

/// A path as a message shows it: [`escape_line`] over its text, and bytes that are not
/// UTF-8 written as `\xNN` (never replaced by `�`, which would hide what the name is).
pub fn show_path(path: &Path) -> String {
    let bytes = path_bytes(path);
    // Printable ASCII is shown as it is (a library's every file is shown once a load).
    if bytes.iter().all(|b| (0x20..0x7f).contains(b))
        && let Ok(text) = std::str::from_utf8(&bytes)
    {
        return text.to_string();
    }
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        push_escaped(&mut out, chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    match path.to_string_lossy() {
        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
    }
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
}

/// Characters a one-line message never shows as they are: what [`super::sanitize`]
/// removes, line breaks and tabs, and every tag character (the sanitizer keeps those
/// inside flag emoji; a message shows them all).
fn needs_escape(c: char) -> bool {
    c.is_control() || is_forbidden(c) || matches!(c, '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_in_a_name_become_visible_escapes() {
        let name = "evil\u{1b}]0;TITLE\u{7}\u{1b}[2J\u{9b}x\u{202e}y\u{200b}z\nw.md";
        assert_eq!(
            escape_line(name),
            "evil\\u{1b}]0;TITLE\\u{7}\\u{1b}[2J\\u{9b}x\\u{202e}y\\u{200b}z\\nw.md"
        );
        assert_eq!(show_path(Path::new(name)), escape_line(name));
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let text = "2020-06-03 嵌入式AI简报 — “ok”.md";
        assert!(matches!(escape_line(text), Cow::Borrowed(t) if t == text));
        assert_eq!(show_path(Path::new(text)), text);
    }

    #[test]
    fn escaping_twice_changes_nothing_more() {
        let once = escape_line("a\u{1b}b").into_owned();
        assert_eq!(escape_line(&once), once);
    }

    #[cfg(unix)]
    #[test]
    fn bytes_that_are_not_utf8_are_shown_as_hex() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(OsStr::from_bytes(b"a\xffb\x1b.md"));
        assert_eq!(show_path(path), "a\\xffb\\u{1b}.md");
    }
}
