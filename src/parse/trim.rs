//! `str::trim` and friends, same results, with a fast path for ends that plainly are
//! not whitespace. std decodes and classifies the end characters of every string,
//! which costs more than the rest of trimming a CJK title.

/// Like [`str::trim`].
#[inline]
pub(super) fn trim(text: &str) -> &str {
    trim_end(trim_start(text))
}

/// Like [`str::trim_start`].
#[inline]
pub(super) fn trim_start(text: &str) -> &str {
    match text.as_bytes().first() {
        Some(&first) if may_start_whitespace(first) => text.trim_start(),
        _ => text,
    }
}

/// Like [`str::trim_end`].
#[inline]
pub(super) fn trim_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let last_lead = bytes.iter().rev().take(4).find(|&&b| !is_continuation(b));
    match last_lead {
        Some(&lead) if may_start_whitespace(lead) => text.trim_end(),
        _ => text,
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// True for the first byte of every whitespace character: ASCII space and `\t`..`\r`,
/// and the UTF-8 lead bytes of U+0085 and U+00A0 (0xC2), U+1680 (0xE1),
/// U+2000–U+205F (0xE2) and U+3000 (0xE3). Other bytes start no whitespace.
fn may_start_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std_for_every_character_at_either_end() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("{c}x{c}"), format!("{c}{c} 中 {c}")] {
                assert_eq!(trim(&text), text.trim(), "{:?}", c);
                assert_eq!(trim_start(&text), text.trim_start(), "{:?}", c);
                assert_eq!(trim_end(&text), text.trim_end(), "{:?}", c);
            }
        }
        assert_eq!(trim(""), "");
        assert_eq!(trim("\u{3000}标题\u{a0} "), "标题");
    }
}
