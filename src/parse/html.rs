//! Raw HTML reduced to its text: tags dropped, comments and scripts skipped, links
//! and images kept as links.

/// What a piece of HTML contributes to the rendered text.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'h> {
    Text(&'h str),
    /// An entity such as `&amp;`, decoded.
    Char(char),
    LineBreak,
    ParagraphBreak,
    LinkStart(String),
    LinkEnd,
    Image {
        alt: String,
        src: String,
    },
}

/// Tags longer than this are dropped without reading their attributes.
pub(super) const MAX_TAG: usize = 4096;

/// Splits HTML into [`Piece`]s. State carries over between calls, so a tag or a
/// comment may span several lines of an HTML block.
#[derive(Default)]
pub(super) struct Stripper {
    state: State,
    tag: String,
    /// True when the open tag has grown past [`MAX_TAG`].
    long: bool,
    /// Tags dropped for their length, over the stripper's life.
    pub long_tags: usize,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum State {
    #[default]
    Text,
    Tag,
    Comment,
    /// Inside `<script>` or `<style>`: everything up to the closing tag is skipped.
    Raw,
}

impl Stripper {
    pub fn reset(&mut self) {
        self.state = State::Text;
        self.tag.clear();
        self.long = false;
    }

    pub fn feed<'h>(&mut self, html: &'h str, mut emit: impl FnMut(Piece<'h>)) {
        let mut rest = html;
        while !rest.is_empty() {
            rest = match self.state {
                State::Text => self.text(rest, &mut emit),
                State::Tag => self.tag(rest, &mut emit),
                State::Comment => skip_past(rest, "-->", &mut self.state),
                State::Raw => self.raw(rest),
            };
        }
    }

    fn text<'h>(&mut self, html: &'h str, emit: &mut impl FnMut(Piece<'h>)) -> &'h str {
        let end = html.find(['<', '&']).unwrap_or(html.len());
        if end > 0 {
            emit(Piece::Text(&html[..end]));
        }
        let rest = &html[end..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            self.state = State::Comment;
            comment
        } else if let Some(tag) = rest.strip_prefix('<') {
            self.state = State::Tag;
            self.tag.clear();
            tag
        } else if rest.starts_with('&') {
            let (piece, len) = entity(rest);
            emit(piece);
            &rest[len..]
        } else {
            rest
        }
    }

    fn tag<'h>(&mut self, html: &'h str, emit: &mut impl FnMut(Piece<'h>)) -> &'h str {
        let Some(end) = html.find('>') else {
            self.push_tag(html);
            return "";
        };
        self.push_tag(&html[..end]);
        self.state = State::Text;
        if std::mem::take(&mut self.long) {
            self.long_tags += 1;
        } else {
            let tag = std::mem::take(&mut self.tag);
            if let Some(piece) = self.classify(&tag) {
                emit(piece);
            }
            self.tag = tag;
        }
        self.tag.clear();
        &html[end + 1..]
    }

    fn push_tag(&mut self, part: &str) {
        if self.tag.len() + part.len() > MAX_TAG {
            self.long = true;
        } else {
            self.tag.push_str(part);
        }
    }

    fn raw<'h>(&mut self, html: &'h str) -> &'h str {
        let lower_end = html
            .to_ascii_lowercase()
            .find("</")
            .map(|i| (i, &html[i..]));
        match lower_end {
            Some((i, closing))
                if is_named(&closing[2..], "script") || is_named(&closing[2..], "style") =>
            {
                self.state = State::Tag;
                self.tag.clear();
                &html[i + 1..]
            }
            Some((i, _)) => &html[i + 2..],
            None => "",
        }
    }

    fn classify(&mut self, tag: &str) -> Option<Piece<'static>> {
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name_len = body
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("br", _) => Some(Piece::LineBreak),
            (
                "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table"
                | "blockquote",
                _,
            ) => Some(Piece::ParagraphBreak),
            ("a", true) => Some(Piece::LinkEnd),
            ("a", false) => Some(Piece::LinkStart(
                attribute(body, "href").unwrap_or_default(),
            )),
            ("img", false) => attribute(body, "src").map(|src| Piece::Image {
                alt: attribute(body, "alt").unwrap_or_default(),
                src,
            }),
            ("script" | "style", false) if !body.ends_with('/') => {
                self.state = State::Raw;
                None
            }
            _ => None,
        }
    }
}

fn skip_past<'h>(html: &'h str, end: &str, state: &mut State) -> &'h str {
    match html.find(end) {
        Some(i) => {
            *state = State::Text;
            &html[i + end.len()..]
        }
        None => "",
    }
}

fn is_named(text: &str, name: &str) -> bool {
    text.len() >= name.len()
        && text[..name.len()].eq_ignore_ascii_case(name)
        && !text[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// The value of attribute `name` in the inside of a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let boundary = lower[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !boundary || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let (quote, body) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(body.len()),
        };
        return Some(decode_entities(&body[..end]));
    }
    None
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let (piece, len) = entity(&rest[i..]);
        match piece {
            Piece::Char(c) => out.push(c),
            _ => out.push('&'),
        }
        rest = &rest[i + len..];
    }
    out.push_str(rest);
    out
}

/// Decodes the entity at the start of `text` (which starts with `&`); unknown ones
/// stay as a literal `&`. Returns the piece and the bytes consumed.
fn entity(text: &str) -> (Piece<'static>, usize) {
    let end = text[1..]
        .bytes()
        .take(10)
        .position(|b| b == b';')
        .map(|i| i + 1);
    let decoded = end.and_then(|end| named_or_numeric(&text[1..end]).map(|c| (c, end + 1)));
    match decoded {
        Some((c, len)) => (Piece::Char(c), len),
        None => (Piece::Char('&'), 1),
    }
}

fn named_or_numeric(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(chunks: &[&str]) -> Vec<String> {
        let mut stripper = Stripper::default();
        let mut out = Vec::new();
        for chunk in chunks {
            stripper.feed(chunk, |p| out.push(format!("{p:?}")));
        }
        out
    }

    #[test]
    fn keeps_text_and_links_drops_tags_and_comments() {
        let got = pieces(&[
            "<font color=red>注：</font><!-- hidden\n",
            "still hidden --><a href=\"https://x.org/a?b=1&amp;c=2\">x</a><br/>",
        ]);
        assert_eq!(
            got,
            vec![
                "Text(\"注：\")",
                "LinkStart(\"https://x.org/a?b=1&c=2\")",
                "Text(\"x\")",
                "LinkEnd",
                "LineBreak"
            ]
        );
    }

    #[test]
    fn tags_too_long_to_read_are_dropped_and_counted() {
        let long = format!("<a href='{}'>x</a><a href='h'>y</a>", "u".repeat(MAX_TAG));
        let mut stripper = Stripper::default();
        let mut out = Vec::new();
        stripper.feed(&long[..MAX_TAG / 2], |p| out.push(format!("{p:?}")));
        stripper.feed(&long[MAX_TAG / 2..], |p| out.push(format!("{p:?}")));
        assert_eq!(
            out,
            [
                "Text(\"x\")",
                "LinkEnd",
                "LinkStart(\"h\")",
                "Text(\"y\")",
                "LinkEnd"
            ]
        );
        assert_eq!(stripper.long_tags, 1);
    }

    #[test]
    fn images_become_links_and_scripts_are_skipped() {
        let got = pieces(&["<img alt='logo' src=logo.png><script>var a = '<b>';</script>ok &lt;3"]);
        assert_eq!(
            got,
            vec![
                "Image { alt: \"logo\", src: \"logo.png\" }",
                "Text(\"ok \")",
                "Char('<')",
                "Text(\"3\")"
            ]
        );
    }
}
