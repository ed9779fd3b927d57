//! The Markdown body → title and layout: parsed whole, or, when its markup would cost
//! too much memory at once, in pieces (see [`pieces`]) read twice, once for the
//! outline and once for the layout, so that only one piece's events exist at a time.

use std::collections::HashMap;

use pulldown_cmark::{BrokenLink, CowStr, Event, Parser};

use super::blocks;
use super::limits::{self, Tally};
use super::outline::OutlineBuilder;
use super::pieces::{self, Plan};
use super::sections::{Builder, Layout};

/// What the body holds: the title heading's text, and everything else laid out.
pub(super) struct Body {
    pub title: Option<String>,
    pub layout: Layout,
    pub tally: Tally,
}

/// A body up to this long is first parsed whole without counting its markup, and
/// kept so unless it gives more events than a piece may hold (or its tables would).
const SHORT_BODY: usize = 32 << 10;

/// Events a piece may give per unit of its markup budget.
const EVENTS_PER_UNIT: usize = 2;

/// What the body is read with: the issue's names, the markup budget of a piece, and
/// the tally of what the issue keeps.
pub(super) struct Context<'h> {
    pub names: Names<'h>,
    pub budget: usize,
    pub tally: Tally,
}

/// What the issue is called outside its body.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Names<'h> {
    /// The title the header gave, if any.
    pub header_title: Option<&'h str>,
    /// The issue's id (its file stem).
    pub id: &'h str,
}

/// Parses `body`, noting in `notes` what reading it in pieces may have changed.
pub(super) fn parse(body: &str, context: Context, notes: &mut Vec<String>) -> Body {
    let Context {
        names,
        budget,
        tally,
    } = context;
    if body.len() <= SHORT_BODY && pieces::table_padding(body) <= budget {
        let limit = budget.saturating_mul(EVENTS_PER_UNIT);
        let mut events: Vec<Event> = Vec::with_capacity(body.len() / 16 + 16);
        events.extend(Parser::new_ext(body, super::options()).take(limit + 1));
        if events.len() <= limit {
            return laid_out(&events, names, tally);
        }
    }
    let plan = pieces::plan(body, budget);
    if plan.pieces.len() == 1 {
        return whole(body, plan.cost, names, tally);
    }
    if plan.rough_cuts > 0 {
        notes.push(limits::pieces_note(plan.pieces.len(), plan.rough_cuts));
    }
    in_pieces(body, &plan, names, tally, notes)
}

fn whole(body: &str, cost: usize, names: Names, tally: Tally) -> Body {
    // Issues hold fewer events than markup units, and a unit per 16 bytes at most.
    let mut events: Vec<Event> = Vec::with_capacity(cost.min(body.len() / 16) + 16);
    events.extend(Parser::new_ext(body, super::options()));
    laid_out(&events, names, tally)
}

/// The layout of a body parsed whole into `events`.
fn laid_out(events: &[Event], names: Names, tally: Tally) -> Body {
    let blocks = blocks::split(events);
    let mut outline = OutlineBuilder::default();
    outline.add(events, &blocks);
    let mut outline = outline.finish(names.header_title);
    let title = outline.title_text.take();
    let mut builder = Builder::new(outline, names.id, tally);
    builder.add(events, &blocks);
    let (layout, tally) = builder.finish();
    Body {
        title,
        layout,
        tally,
    }
}

fn in_pieces(body: &str, plan: &Plan, names: Names, tally: Tally, notes: &mut Vec<String>) -> Body {
    let mut references = References::new(body.len());
    let mut outline = OutlineBuilder::default();
    for range in &plan.pieces {
        let piece = &body[range.clone()];
        let found = {
            let mut parser = references.parser(piece);
            let events: Vec<Event> = (&mut parser).collect();
            outline.add(&events, &blocks::split(&events));
            own_definitions(&parser)
        };
        references.add(found);
    }
    if references.ignored > 0 {
        notes.push(limits::references_note(references.ignored));
    }
    let mut outline = outline.finish(names.header_title);
    let title = outline.title_text.take();
    let mut builder = Builder::new(outline, names.id, tally);
    for range in &plan.pieces {
        let events: Vec<Event> = references.parser(&body[range.clone()]).collect();
        builder.add(&events, &blocks::split(&events));
    }
    let (layout, tally) = builder.finish();
    Body {
        title,
        layout,
        tally,
    }
}

type Definition = (String, String);

fn own_definitions<'a, F>(parser: &Parser<'a, F>) -> Vec<(String, Definition)>
where
    F: pulldown_cmark::BrokenLinkCallback<'a>,
{
    parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let title = def.title.as_deref().unwrap_or("").to_string();
            (normalize_label(label), (def.dest.to_string(), title))
        })
        .collect()
}

/// Link reference definitions of every piece, so that `[text][label]` in one piece
/// finds a definition in another, as when the body is parsed whole.
struct References {
    definitions: HashMap<String, Definition>,
    /// Bytes the definitions may take: as many as the body has.
    room: usize,
    ignored: usize,
}

impl References {
    fn new(room: usize) -> Self {
        References {
            definitions: HashMap::new(),
            room,
            ignored: 0,
        }
    }

    fn add(&mut self, found: Vec<(String, Definition)>) {
        for (label, definition) in found {
            // A label's key, strings and table slot.
            let size = label.len() + definition.0.len() + definition.1.len() + 96;
            if self.definitions.contains_key(&label) {
                continue;
            }
            if size > self.room {
                self.ignored += 1;
                continue;
            }
            self.room -= size;
            self.definitions.insert(label, definition);
        }
    }

    /// A parser of `piece` that resolves references from the other pieces.
    fn parser<'p>(
        &self,
        piece: &'p str,
    ) -> Parser<'p, impl FnMut(BrokenLink<'p>) -> Option<(CowStr<'p>, CowStr<'p>)> + '_> {
        let resolve = |link: BrokenLink<'p>| {
            let (dest, title) = self.definitions.get(&normalize_label(&link.reference))?;
            Some((CowStr::from(dest.clone()), CowStr::from(title.clone())))
        };
        Parser::new_with_broken_link_callback(piece, super::options(), Some(resolve))
    }
}

/// A link label as CommonMark matches it: case-folded, inner whitespace collapsed.
fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    /// Sections of entries with what crosses headings: reference links defined at the
    /// end, fenced code and an HTML comment holding blank lines and `#` lines, tables.
    fn issue() -> String {
        let mut text = String::from("# Weekly 第 3 期\n\nIntro with a [ref link][far].\n\n");
        for i in 0..12 {
            text.push_str(&format!(
                "## Section {i}\n\nNotes [see][far].\n\n\
                 - [Entry {i} | Source](https://e.io/{i}) summary *em* `code`\n\
                 - [[tag] Other {i}][far] more\n\n\
                 ```\ncode\n\n## not a heading {i}\n```\n\n<!--\n\n# hidden {i}\n-->\n\n\
                 | a | b |\n|---|---|\n| 1 | [x](https://x.io/{i}) |\n\n"
            ));
        }
        text.push_str("## 往期回顾\n\n- [past](2020-01-01.md)\n- [older](2019-01-01.md)\n\n");
        text.push_str("----\n\nfooter\n\n[far]: https://far.example/path \"Far\"\n");
        text
    }

    fn sections(body: &Body) -> (&Option<String>, &str, &[Section], usize) {
        let layout = &body.layout;
        (
            &body.title,
            &layout.intro,
            &layout.sections,
            layout.archive.len(),
        )
    }

    #[test]
    fn a_body_cut_at_headings_reads_as_the_whole() {
        let text = issue();
        let plan = pieces::plan(&text, pieces::cost(&text) / 5);
        assert!(plan.pieces.len() >= 4, "{plan:?}");
        assert_eq!(plan.rough_cuts, 0);
        let whole = whole(&text, plan.cost, Names::default(), Tally::new(text.len()));
        let mut notes = Vec::new();
        let cut = in_pieces(
            &text,
            &plan,
            Names::default(),
            Tally::new(text.len()),
            &mut notes,
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(sections(&cut), sections(&whole));
        assert_eq!(whole.layout.sections.len(), 12);
        let entry = &whole.layout.sections[3].entries[1];
        assert_eq!(entry.url(), Some("https://far.example/path"));
    }
}
