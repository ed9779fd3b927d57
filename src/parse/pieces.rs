//! Pieces of a body to parse one at a time, so that memory stays in proportion to
//! the input.
//!
//! pulldown-cmark keeps a tree node, and the parser an event, for nearly every markup
//! character, and a table gets an empty cell for each one its short rows lack (up to
//! 2^18 a table): a page of tiny links or of short rows under a wide table header costs
//! hundreds of times its size when parsed whole. A body whose markup would cost more
//! than the budget is cut into pieces: before a heading that follows a blank line
//! where one is near (the cut changes nothing there), else after a blank line, else
//! between lines, and a single line longer than a piece between characters.

use std::ops::Range;

/// How a body is cut: byte ranges in order, covering it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Plan {
    pub pieces: Vec<Range<usize>>,
    /// Cuts not made before a heading: a list, table or paragraph may read as two there.
    pub rough_cuts: usize,
    /// Markup units of the whole body, or a bound on them for a short body.
    pub cost: usize,
}

/// Cuts `body` into pieces of at most `budget` markup units each (see [`cost`]).
pub(super) fn plan(body: &str, budget: usize) -> Plan {
    // No byte counts more than one unit but for table padding: a body of no more
    // bytes than the budget is not counted.
    let cost = if body.len() <= budget {
        body.len() + table_padding(body)
    } else {
        cost(body)
    };
    if cost <= budget {
        return Plan {
            pieces: std::iter::once(0..body.len()).collect(),
            rough_cuts: 0,
            cost,
        };
    }
    let mut cutter = Cutter::new(budget);
    for line in body.split_inclusive('\n') {
        cutter.line(body, line);
    }
    cutter.pieces.push(cutter.start..body.len());
    Plan {
        pieces: cutter.pieces,
        rough_cuts: cutter.rough_cuts,
        cost,
    }
}

/// Markup units of `text`: an upper bound on the tree nodes and events it parses to,
/// up to a constant factor. Every ASCII punctuation byte and newline counts one, and
/// every row of a table as many as the table has columns (the cells it may be padded to).
pub(super) fn cost(text: &str) -> usize {
    markup(text.as_bytes()) + table_padding(text)
}

/// ASCII punctuation and newlines in `bytes`: counted in 64 lanes of byte counters
/// without branches, which vectorizes.
fn markup(bytes: &[u8]) -> usize {
    let mut total = 0;
    // A lane counts at most one byte per block: 255 blocks fit a byte counter.
    for stretch in bytes.chunks(64 * 255) {
        let mut lanes = [0u8; 64];
        for block in stretch.chunks(64) {
            for (lane, &b) in lanes.iter_mut().zip(block) {
                *lane += u8::from(is_markup(b));
            }
        }
        total += lanes.iter().map(|&n| usize::from(n)).sum::<usize>();
    }
    total
}

#[inline(always)]
fn is_markup(b: u8) -> bool {
    (b.wrapping_sub(0x21) < 15)
        | (b.wrapping_sub(0x3A) < 7)
        | (b.wrapping_sub(0x5B) < 6)
        | (b.wrapping_sub(0x7B) < 4)
        | (b == b'\n')
}

/// The empty cells tables in `text` may be padded with: for each delimiter row, its
/// columns for every line up to the next blank one. Only lines holding a `|` are read.
pub(super) fn table_padding(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut padding = 0;
    let mut read_to = 0;
    for pipe in memchr::memchr_iter(b'|', bytes) {
        if pipe < read_to || !may_delimit(bytes, pipe) {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..pipe]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[pipe..]).map_or(bytes.len(), |i| pipe + i + 1);
        read_to = end;
        let mut table = Table::default();
        if table.padding(start, &text[start..end]) == 0 && table.open.is_some() {
            for row in text[end..].split_inclusive('\n') {
                let cells = table.padding(read_to, row);
                if cells == 0 {
                    break;
                }
                padding += cells;
                read_to += row.len();
            }
        }
    }
    padding
}

/// False when the `|` at `pipe` cannot be in a delimiter row: the nearest other
/// bytes on either side of it, spaces aside, are not `|`, `-`, `:` or a line end.
fn may_delimit(bytes: &[u8], pipe: usize) -> bool {
    let delimits = |b: Option<&u8>| matches!(b, None | Some(b'|' | b'-' | b':' | b'\n' | b'\r'));
    let before = bytes[..pipe]
        .iter()
        .rev()
        .find(|&&b| b != b' ' && b != b'\t');
    let after = bytes[pipe + 1..].iter().find(|&&b| b != b' ' && b != b'\t');
    delimits(before) && delimits(after)
}

/// Tracks tables line by line, for the cells their rows may be padded with.
#[derive(Default)]
struct Table {
    /// Columns of the open table, and where its delimiter row starts.
    open: Option<(usize, usize)>,
}

impl Table {
    /// Units of padding the line at `at` may get, and notes a table opening or closing.
    fn padding(&mut self, at: usize, line: &str) -> usize {
        if line.trim().is_empty() {
            self.open = None;
            return 0;
        }
        if let Some((columns, _)) = self.open {
            return columns;
        }
        if is_delimiter_row(line) {
            let columns = line.bytes().filter(|&b| b == b'|').count() + 1;
            self.open = Some((columns, at));
        }
        0
    }

    /// A piece that starts at `at`: rows after it no longer have the table's header
    /// above them, unless the whole table is in the new piece.
    fn cut_at(&mut self, at: usize) {
        if self.open.is_some_and(|(_, start)| start < at) {
            self.open = None;
        }
    }
}

/// `| --- | :-: |`: a line of pipes, dashes, colons and spaces with a pipe and a dash.
fn is_delimiter_row(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr(b'|', bytes).is_some()
        && memchr::memchr(b'-', bytes).is_some()
        && bytes
            .iter()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t' | b'\r' | b'\n'))
}

/// A place the current piece may end.
#[derive(Clone, Copy)]
struct Cut {
    at: usize,
    /// Units of the piece before it.
    used: usize,
}

struct Cutter {
    budget: usize,
    pieces: Vec<Range<usize>>,
    rough_cuts: usize,
    /// Start of the current piece, and its units so far.
    start: usize,
    used: usize,
    /// The last places in the current piece before a heading, and after a blank line.
    heading: Option<Cut>,
    paragraph: Option<Cut>,
    blocks: Containers,
    table: Table,
    blank_before: bool,
}

impl Cutter {
    fn new(budget: usize) -> Self {
        Cutter {
            budget: budget.max(1),
            pieces: Vec::new(),
            rough_cuts: 0,
            start: 0,
            used: 0,
            heading: None,
            paragraph: None,
            blocks: Containers::default(),
            table: Table::default(),
            blank_before: true,
        }
    }

    fn line(&mut self, body: &str, line: &str) {
        let at = line.as_ptr() as usize - body.as_ptr() as usize;
        if at > self.start && self.blank_before && !self.blocks.open() {
            let here = Some(Cut {
                at,
                used: self.used,
            });
            if is_heading(line) {
                self.heading = here;
            }
            if !line.starts_with([' ', '\t']) {
                self.paragraph = here;
            }
        }
        let units = markup(line.as_bytes()) + self.table.padding(at, line);
        if self.used + units > self.budget && at > self.start {
            self.cut_before(at);
        }
        if units > self.budget {
            self.cut_line(at, line);
        } else {
            self.used += units;
        }
        self.blocks.line(line);
        self.blank_before = line.trim().is_empty();
    }

    /// Ends the current piece at the best place before `at`.
    fn cut_before(&mut self, at: usize) {
        let enough = |cut: &Cut| cut.used >= self.budget / 4;
        let cut = if let Some(cut) = self.heading.filter(enough) {
            cut
        } else {
            self.rough_cuts += 1;
            self.paragraph.filter(enough).unwrap_or(Cut {
                at,
                used: self.used,
            })
        };
        let after = |c: Option<Cut>| {
            c.filter(|c| c.at > cut.at).map(|c| Cut {
                at: c.at,
                used: c.used - cut.used,
            })
        };
        let (heading, paragraph) = (after(self.heading), after(self.paragraph));
        self.push(cut.at);
        self.used -= cut.used;
        self.heading = heading;
        self.paragraph = paragraph;
    }

    /// Cuts a line of more units than a piece holds between characters, preferring
    /// the last space before the budget runs out. Its last part stays in the piece.
    fn cut_line(&mut self, at: usize, line: &str) {
        let mut from = 0;
        loop {
            let rest = &line[from..];
            let end = units_end(rest, self.budget.saturating_sub(self.used));
            if end >= rest.len() {
                self.used += markup(rest.as_bytes());
                return;
            }
            let end = rest[..end]
                .rfind(' ')
                .filter(|&space| space > end / 2)
                .map_or(end, |space| space + 1);
            from += end;
            self.push(at + from);
            self.used = 0;
            self.rough_cuts += 1;
        }
    }

    /// Ends the current piece at `at`; the next one starts there.
    fn push(&mut self, at: usize) {
        self.pieces.push(self.start..at);
        self.start = at;
        self.table.cut_at(at);
        self.heading = None;
        self.paragraph = None;
    }
}

/// The longest prefix of `text` (ending at a character boundary, never empty) that
/// holds at most `budget` units.
fn units_end(text: &str, budget: usize) -> usize {
    let mut used = 0;
    for (at, b) in text.bytes().enumerate() {
        used += markup(&[b]);
        if used > budget {
            let mut end = at.max(1);
            while !text.is_char_boundary(end) {
                end += 1;
            }
            return end;
        }
    }
    text.len()
}

/// An ATX heading at the start of a line: one to six `#`, then a space or the end.
fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && matches!(
            line.as_bytes().get(hashes),
            None | Some(b' ' | b'\t' | b'\r' | b'\n')
        )
}

/// Fenced code and raw HTML blocks that blank lines and headings do not end: a cut
/// inside one would turn its rest into Markdown. Only blocks at the top level are
/// tracked; one inside a list may be taken for a top-level one, which only costs a
/// cut in a better place.
#[derive(Default)]
struct Containers {
    /// The fence character and length of an open code fence.
    fence: Option<(u8, usize)>,
    /// What ends an open HTML block (script, comment, …).
    html_end: Option<&'static str>,
}

/// Start and end markers of the HTML blocks that run until their end marker.
const HTML_BLOCKS: &[(&str, &str)] = &[
    ("<script", "</script>"),
    ("<pre", "</pre>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
    ("<!--", "-->"),
    ("<?", "?>"),
    ("<![cdata[", "]]>"),
    ("<!", ">"),
];

impl Containers {
    fn open(&self) -> bool {
        self.fence.is_some() || self.html_end.is_some()
    }

    fn line(&mut self, line: &str) {
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let content = &line[indent..];
        let top_level = indent <= 3 && !content.starts_with('\t');
        if let Some((mark, len)) = self.fence {
            let run = content.bytes().take_while(|&b| b == mark).count();
            if top_level && run >= len && content[run..].trim().is_empty() {
                self.fence = None;
            }
            return;
        }
        if let Some(end) = self.html_end {
            if contains_ignoring_case(line, end) {
                self.html_end = None;
            }
            return;
        }
        if !top_level {
            return;
        }
        if let Some(fence) = fence_opening(content) {
            self.fence = Some(fence);
        } else if let Some(end) = html_block_end(content) {
            let start = content.find('<').map_or(0, |i| i + 1);
            if !contains_ignoring_case(&content[start..], end) {
                self.html_end = Some(end);
            }
        }
    }
}

fn fence_opening(content: &str) -> Option<(u8, usize)> {
    let mark = *content.as_bytes().first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let run = content.bytes().take_while(|&b| b == mark).count();
    let info_has_backtick = mark == b'`' && content[run..].contains('`');
    (run >= 3 && !info_has_backtick).then_some((mark, run))
}

fn html_block_end(content: &str) -> Option<&'static str> {
    let bytes = content.as_bytes();
    HTML_BLOCKS.iter().find_map(|&(start, end)| {
        let head = bytes.get(..start.len())?;
        let after = bytes.get(start.len()).copied();
        let matches = head.eq_ignore_ascii_case(start.as_bytes())
            && match start {
                // `<!` starts a declaration only before a letter.
                "<!" => after.is_some_and(|b| b.is_ascii_alphabetic()),
                "<!--" | "<?" | "<![cdata[" => true,
                // A tag name ends there: `<prefix>` is no `<pre>` block.
                _ => matches!(after, None | Some(b' ' | b'\t' | b'>' | b'\r' | b'\n')),
            };
        matches.then_some(end)
    })
}

fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests;
