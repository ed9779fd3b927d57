//! The document's top-level blocks, as ranges over its event list.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::trim::trim;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Heading(u8),
    /// A paragraph that reads like a heading with more than six `#`.
    LongHeading,
    Paragraph,
    List {
        ordered: bool,
    },
    Rule,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub kind: Kind,
    /// Events of the block, its start and end tags included.
    pub events: Range<usize>,
    /// For lists: the range of this block's items in [`Blocks::items`].
    pub items: Range<usize>,
}

#[derive(Debug, Default)]
pub(super) struct Blocks {
    pub blocks: Vec<Block>,
    /// Event ranges of top-level list items, their `Item` tags excluded.
    pub items: Vec<Range<usize>>,
}

/// Splits `events` into top-level blocks without recursion: only a depth counter.
pub(super) fn split(events: &[Event]) -> Blocks {
    let mut out = Blocks::default();
    let mut depth = 0usize;
    let mut start = 0;
    let mut item_start = 0;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    start = i;
                    let items = out.items.len();
                    out.blocks.push(Block {
                        kind: kind_of(tag, events.get(i + 1)),
                        events: i..i,
                        items: items..items,
                    });
                }
                if depth == 1 && matches!(tag, Tag::Item) {
                    item_start = i + 1;
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 1 && matches!(tag, TagEnd::Item) {
                    out.items.push(item_start..i);
                }
                if depth == 0 {
                    let items_end = out.items.len();
                    if let Some(block) = out.blocks.last_mut() {
                        block.events = start..i + 1;
                        block.items.end = items_end;
                    }
                }
            }
            _ if depth == 0 => {
                let kind = if matches!(event, Event::Rule) {
                    Kind::Rule
                } else {
                    Kind::Other
                };
                let items = out.items.len();
                out.blocks.push(Block {
                    kind,
                    events: i..i + 1,
                    items: items..items,
                });
            }
            _ => {}
        }
    }
    out
}

fn kind_of(tag: &Tag, next: Option<&Event>) -> Kind {
    match tag {
        Tag::Heading { level, .. } => Kind::Heading(*level as u8),
        Tag::Paragraph if starts_long_heading(next) => Kind::LongHeading,
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(start) => Kind::List {
            ordered: start.is_some(),
        },
        _ => Kind::Other,
    }
}

fn starts_long_heading(first: Option<&Event>) -> bool {
    let Some(Event::Text(text)) = first else {
        return false;
    };
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    hashes > 6 && text[hashes..].starts_with([' ', '\t'])
}

/// The text of a long heading line without its `#` marks.
pub(super) fn strip_hashes(text: &str) -> &str {
    trim(trim(text).trim_start_matches('#').trim_end_matches('#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn splits_top_level_blocks_and_items() {
        let text = "# T\n\npara\n\n- a\n  - nested\n- b\n\n---\n\n######## long\n";
        let events: Vec<Event> = Parser::new(text).collect();
        let blocks = split(&events);
        let kinds: Vec<Kind> = blocks.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Heading(1),
                Kind::Paragraph,
                Kind::List { ordered: false },
                Kind::Rule,
                Kind::LongHeading
            ]
        );
        assert_eq!(blocks.blocks[2].items.len(), 2);
    }
}
