//! Removal of characters that must never reach a terminal.

/// Returns `text` without control characters: C0 controls except newline (a tab
/// becomes a space, CRLF and a lone CR become LF), DEL, C1 (U+0080–U+009F) and the
/// bidi overrides U+202A–U+202E and U+2066–U+2069.
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

/// True when no character of `text` would be changed by [`sanitize`].
pub fn is_clean(text: &str) -> bool {
    const CHUNK: usize = 64;
    let bytes = text.as_bytes();
    // Bytes are tested without branches so the loop vectorizes; only a chunk holding
    // a suspicious lead byte is looked at closely.
    if !any_suspicious(bytes) {
        return true;
    }
    let mut start = 0;
    for chunk in bytes.chunks(CHUNK) {
        if any_suspicious(chunk) && !chunk_is_clean(bytes, start, chunk.len()) {
            return false;
        }
        start += chunk.len();
    }
    true
}

fn any_suspicious(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |any, &b| any | is_suspicious(b)) != 0
}

/// Every forbidden character starts with a byte < 0x20 other than a newline, 0x7F,
/// 0xC2 (C1) or 0xE2 (bidi): 1 for those bytes, without branches.
fn is_suspicious(b: u8) -> u8 {
    u8::from(b < 0x20) & u8::from(b != b'\n')
        | u8::from(b == 0x7F)
        | u8::from(b == 0xC2)
        | u8::from(b == 0xE2)
}

fn chunk_is_clean(bytes: &[u8], start: usize, len: usize) -> bool {
    (start..start + len).all(|i| match bytes[i] {
        b'\n' => true,
        0..=0x1F | 0x7F => false,
        0xC2 => !matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        0xE2 => !is_bidi_sequence(&bytes[i..]),
        _ => true,
    })
}

fn is_bidi_sequence(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xE2, 0x80, 0xAA..=0xAE, ..] | [0xE2, 0x81, 0xA6..=0xA9, ..]
    )
}

fn rebuild(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// True for the characters [`sanitize`] removes (newline, tab and CR aside).
pub(super) fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}'..='\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_controls_and_bidi_overrides() {
        let dirty = "a\u{1b}[31mb\u{7f}c\u{85}d\u{202e}e\u{2067}f\u{0}g";
        assert_eq!(sanitize(dirty), "a[31mbcdefg");
    }

    #[test]
    fn keeps_newlines_turns_tabs_into_spaces_and_crlf_into_lf() {
        assert_eq!(sanitize("a\tb\r\nc\rd\n"), "a b\nc\nd\n");
    }

    #[test]
    fn clean_text_is_unchanged_including_cjk_and_symbols() {
        let text = "嵌入式AI简报（2020-06-03）：量化｜剪枝 — “ok” ©";
        assert!(is_clean(text));
        assert_eq!(sanitize(text), text);
        assert_eq!(sanitize_owned(text.to_string()), text);
    }
}
