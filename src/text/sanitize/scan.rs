//! The fast scan: does a text hold a byte that may start a character the rule changes?
//!
//! Every position is judged by its byte and the two after it ([`suspicious`]), which
//! asks about a dozen lead bytes, some with the bytes after them. Asking all of that of
//! every byte costs several instructions a byte, so the text is read in blocks of
//! [`BLOCK`] positions, each first put through a coarser test ([`maybe`]) that takes
//! half as many operations, lets through the common punctuation of Chinese text (“”
//! aside), and flags every position [`suspicious`] does. Only a flagged block is asked
//! the exact question. Both tests are branch-free over a block of fixed size, so they
//! compile to a few vector instructions each.

/// Positions per block.
const BLOCK: usize = 16;

/// Bytes a block reads: its positions and the two bytes after the last of them.
const WINDOW: usize = BLOCK + 2;

/// True when some byte of `bytes` may start a character `sanitize` changes: when
/// [`suspicious`] holds at some position, with zeros past the end.
pub(super) fn any_suspicious(bytes: &[u8]) -> bool {
    // Spaces past the end read as the zeros there: `suspicious` never tells a
    // following 0 from a following space.
    let len = bytes.len();
    if len < WINDOW {
        let mut padded = [b' '; BLOCK + WINDOW];
        for (to, &from) in padded.iter_mut().zip(bytes) {
            *to = from;
        }
        return window_suspicious(&padded[..WINDOW])
            || len > BLOCK && window_suspicious(&padded[BLOCK..]);
    }
    let mut start = 0;
    while start + WINDOW <= len {
        if window_suspicious(&bytes[start..start + WINDOW]) {
            return true;
        }
        start += BLOCK;
    }
    // Up to `BLOCK + 1` positions are left. The last `BLOCK` are read with spaces
    // after them, the one before (if left) by a window that ends with the text.
    if len - start > BLOCK && window_suspicious(&bytes[len - WINDOW..]) {
        return true;
    }
    let mut last = [b' '; WINDOW];
    last[..BLOCK].copy_from_slice(&bytes[len - BLOCK..]);
    window_suspicious(&last)
}

/// True when [`suspicious`] holds at one of the first [`BLOCK`] positions of `window`
/// (which is [`WINDOW`] bytes long).
#[inline(always)]
fn window_suspicious(window: &[u8]) -> bool {
    let first: &[u8; BLOCK] = window[..BLOCK].try_into().unwrap_or(&[0; BLOCK]);
    let second: &[u8; BLOCK] = window[1..=BLOCK].try_into().unwrap_or(&[0; BLOCK]);
    let mut flagged = 0u8;
    for i in 0..BLOCK {
        flagged |= maybe(first[i], second[i]);
    }
    if flagged == 0 {
        return false;
    }
    let third: &[u8; BLOCK] = window[2..WINDOW].try_into().unwrap_or(&[0; BLOCK]);
    let mut found = 0u8;
    for i in 0..BLOCK {
        found |= suspicious(first[i], second[i], third[i]);
    }
    found != 0
}

/// 1 when a character starting with byte `a`, followed by `b`, may be suspicious:
/// whenever [`suspicious`] is 1 (see `maybe_flags_every_suspicious_position`), and
/// for some more lead bytes, which are rare in Chinese and English text.
#[inline(always)]
fn maybe(a: u8, b: u8) -> u8 {
    // C0 controls but newline, and the leads of four-byte characters (0xF0–0xFF).
    let control_or_long = u8::from(a.wrapping_add(0x10) < 0x30) & u8::from(a != b'\n');
    // DEL, and the leads from 0xC0 to 0xE2 (Latin-1, C1, U+034F, U+061C, U+1xxx,
    // general punctuation).
    let lead = u8::from(a == 0x7F) | u8::from(a.wrapping_sub(0xC0) < 0x23);
    // U+3164; U+FEFF, U+FFA0, U+FFF0–U+FFFB. Not 。、 nor full-width ，：（）｜.
    let cjk = u8::from(a == 0xE3) & u8::from(b == 0x85)
        | u8::from(a == 0xEF) & (u8::from(b == 0xBB) | u8::from(b >= 0xBE));
    control_or_long | lead | cjk
}

/// 1 when a character starting with byte `a`, followed by `b` and `c`, may be
/// changed by `sanitize` (see `every_changed_character_is_suspicious`).
#[inline(always)]
pub(super) fn suspicious(a: u8, b: u8, c: u8) -> u8 {
    let is = |x: u8, v: u8| u8::from(x == v);
    let control = u8::from(a < 0x20) & u8::from(a != b'\n') | is(a, 0x7F);
    // C1 controls and the soft hyphen.
    let latin1 = is(a, 0xC2) & (u8::from(b < 0xA0) | is(b, 0xAD));
    let two = is(a, 0xCD) & is(b, 0x8F)
        | is(a, 0xD8) & is(b, 0x9C)
        | is(a, 0xE1) & (is(b, 0x85) | is(b, 0x9E) | is(b, 0xA0))
        | is(a, 0xE3) & is(b, 0x85)
        | is(a, 0xEF) & (is(b, 0xBB) | u8::from(b >= 0xBE))
        | is(a, 0xF0) & (is(b, 0x9B) | is(b, 0x9D))
        | is(a, 0xF3);
    // U+200B–U+200F, U+2028–U+202E, U+2060–U+206F.
    let punctuation = is(a, 0xE2)
        & (is(b, 0x80) & (u8::from(c.wrapping_sub(0x8B) < 5) | u8::from(c.wrapping_sub(0xA8) < 7))
            | is(b, 0x81) & u8::from(c.wrapping_sub(0xA0) < 0x10));
    control | latin1 | two | punctuation
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The coarse test lets nothing through that the exact one flags.
    #[test]
    fn maybe_flags_every_suspicious_position() {
        for a in 0..=u8::MAX {
            for b in 0..=u8::MAX {
                let flagged = (0..=u8::MAX).any(|c| suspicious(a, b, c) == 1);
                if flagged {
                    assert_eq!(maybe(a, b), 1, "{a:#x} {b:#x}");
                }
            }
        }
    }

    /// What comes after the end reads as zeros, whichever way the end is reached.
    #[test]
    fn a_space_after_the_end_reads_as_a_zero() {
        for a in 0..=u8::MAX {
            for b in 0..=u8::MAX {
                assert_eq!(suspicious(a, b, 0), suspicious(a, b, b' '), "{a:#x} {b:#x}");
            }
            assert_eq!(suspicious(a, 0, 0), suspicious(a, b' ', b' '), "{a:#x}");
        }
    }

    /// The block scan agrees with asking [`suspicious`] of every position, at every
    /// length and wherever the suspicious byte stands.
    #[test]
    fn blocks_agree_with_every_position() {
        let plain = "嵌入式AI，“量化”。a b\n".as_bytes().repeat(4);
        let reference = |bytes: &[u8]| {
            let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
            (0..bytes.len()).any(|i| suspicious(bytes[i], at(i + 1), at(i + 2)) == 1)
        };
        for len in 0..plain.len() {
            let text = &plain[..len];
            assert_eq!(any_suspicious(text), reference(text), "{len}");
            for pos in 0..len {
                for probe in [&[0x1Bu8][..], &[0xC2, 0x85], &[0xEF, 0xBB, 0xBF], &[0xF3]] {
                    let mut bytes = text.to_vec();
                    let end = (pos + probe.len()).min(len);
                    bytes[pos..end].copy_from_slice(&probe[..end - pos]);
                    assert_eq!(any_suspicious(&bytes), reference(&bytes), "{len} {pos}");
                }
            }
        }
    }
}
