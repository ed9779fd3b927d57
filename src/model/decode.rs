//! Reading an [`Entry`] back from what its `Serialize` writes (title, source, tags,
//! URL, links, summary, number), and a [`Section`] from what its own writes (title,
//! path, link, body, links, entries: the parents are the path less its last title), so that a library written with serde (the persisted library
//! of `library::store`) reads back equal, whatever format carries it. The strings are
//! borrowed from the input where the format allows, and land in one buffer (or stay
//! where they lie, in bytes shared by many entries: see `model::shared`).

use std::borrow::Cow;

use serde::de::Visitor;
use serde::{Deserialize, Deserializer};

use super::shared::Window;
use super::{Entry, EntryParts, Link, LinkSpan, Section, Span};

/// A string borrowed from the input when the format allows, else copied. (A `Cow`
/// is borrowed by serde only as a field itself, not inside an `Option` or a `Vec`.)
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text<'a>, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                text: &'de str,
            ) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(Visit)
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

#[derive(Deserialize)]
struct LinkFields<'a> {
    #[serde(borrow)]
    text: Text<'a>,
    #[serde(borrow)]
    url: Text<'a>,
}

/// The fields of `impl Serialize for Entry`, in its order.
#[derive(Deserialize)]
#[serde(rename = "Entry")]
struct EntryFields<'a> {
    #[serde(borrow)]
    title: Text<'a>,
    #[serde(borrow)]
    source: Option<Text<'a>>,
    #[serde(borrow)]
    tags: Vec<Text<'a>>,
    #[serde(borrow)]
    url: Option<Text<'a>>,
    #[serde(borrow)]
    links: Vec<LinkFields<'a>>,
    #[serde(borrow)]
    summary: Text<'a>,
    number: Option<u32>,
}

/// The fields of `impl Serialize for Section`, in its order.
#[derive(Deserialize)]
#[serde(rename = "Section")]
struct SectionFields {
    title: String,
    path: Vec<String>,
    link: Option<Link>,
    body: String,
    links: Vec<Link>,
    entries: Vec<Entry>,
}

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Section, D::Error> {
        let SectionFields {
            title,
            mut path,
            link,
            body,
            links,
            entries,
        } = SectionFields::deserialize(deserializer)?;
        // The path ends with the section's own title; what comes before are its parents.
        path.pop();
        Ok(Section {
            title,
            parents: path,
            link,
            body,
            links,
            entries,
        })
    }
}

impl EntryFields<'_> {
    fn strings(&self) -> impl Iterator<Item = &str> {
        [&self.title, &self.summary]
            .into_iter()
            .chain(&self.source)
            .chain(&self.tags)
            .chain(&self.url)
            .chain(self.links.iter().flat_map(|l| [&l.text, &l.url]))
            .map(|s| &**s)
    }

    /// Where the strings sit, each placed by `place`.
    fn parts(&self, mut place: impl FnMut(&str) -> Span) -> EntryParts {
        EntryParts {
            title: place(&self.title),
            summary: place(&self.summary),
            source: self.source.as_deref().map(&mut place),
            tags: self.tags.iter().map(|t| place(t)).collect(),
            url: self.url.as_deref().map(&mut place),
            links: self
                .links
                .iter()
                .map(|l| LinkSpan {
                    text: place(&l.text),
                    url: place(&l.url),
                })
                .collect(),
            number: self.number,
        }
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        let fields = EntryFields::deserialize(deserializer)?;
        if let Some(window) = Window::around(fields.strings()) {
            let parts = fields.parts(|part| {
                let range = window.place(part);
                Span::new(range.start, range.end)
            });
            return Ok(Entry::from_window(window, parts));
        }
        let mut text = String::with_capacity(fields.strings().map(str::len).sum());
        let parts = fields.parts(|part| {
            let start = text.len();
            text.push_str(part);
            Span::new(start, text.len())
        });
        Ok(Entry::from_parts(text, parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_back_equal_through_json() {
        let entry = Entry::new("标题 title", Some("知乎"), "摘要 summary")
            .with_tag("tag")
            .with_url("https://a.example/x")
            .with_link("标题 title", "https://a.example/x")
            .with_link("more", "https://b.example/")
            .with_number(12);
        let json = serde_json::to_string(&entry).unwrap();
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, entry);
        let bare = Entry::new("", None, "");
        let back: Entry = serde_json::from_str(&serde_json::to_string(&bare).unwrap()).unwrap();
        assert_eq!(back, bare);
    }

    #[test]
    fn a_section_reads_back_equal_through_json_with_its_parents() {
        let link = |text: &str, url: &str| Link {
            text: text.into(),
            url: url.into(),
        };
        let section = Section {
            title: "Cargo".into(),
            parents: vec!["Updates".into(), "Project".into()],
            link: Some(link("Cargo", "https://c.example/")),
            body: "prose".into(),
            links: vec![link("a", "https://a.example/")],
            entries: vec![Entry::new("t", None, "s").with_number(3)],
        };
        let json = serde_json::to_string(&section).unwrap();
        assert!(
            json.contains(r#""path":["Updates","Project","Cargo"]"#),
            "{json}"
        );
        let back: Section = serde_json::from_str(&json).unwrap();
        assert_eq!(back, section);
        let top = Section {
            title: "Top".into(),
            ..Section::default()
        };
        let back: Section = serde_json::from_str(&serde_json::to_string(&top).unwrap()).unwrap();
        assert_eq!(back, top);
    }
}
