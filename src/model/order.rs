//! The one order of a library: newest first. See [`Library::sort`].

use std::cmp::Ordering;

use super::{Issue, Library, SourceInfo};

impl Library {
    /// Sorts the issues newest first, by one rule:
    ///
    /// - Within a source, issues with a date come newest date first (the same date:
    ///   higher number, then fewer folders deep, then [`natural_cmp`] of ids, higher
    ///   first). Issues without a date but with a number are placed by number among
    ///   the numbered dated ones (just before the first whose number is lower, else
    ///   just after the last whose number is higher), higher numbers first; when no
    ///   dated issue has a number, after all dated issues. Issues with neither come
    ///   last, by id (`issue-407` before `issue-99`: numbers in ids compare as numbers).
    /// - Sources are interleaved by date, each keeping its own order: an undated issue
    ///   stands at the date of its newer neighbour in its source (else its older
    ///   one), and a source without any date follows every dated issue, sources then
    ///   in the order listed. Equal dates keep the listed order of sources.
    ///
    /// Pages are sorted by source, then id. `latest` is the first issue of this order,
    /// and search ranks ties by it.
    pub fn sort(&mut self) {
        self.issues = sort_issues(std::mem::take(&mut self.issues), &self.sources);
        sort_pages(&mut self.pages, &self.sources);
    }
}

/// What the order of a library looks at of an issue: an [`Issue`], or what stands
/// for one (an issue's head, which the order of whole issues must give too).
pub trait Ordered {
    /// Its source's id ([`super::SourceId::as_str`]).
    fn source_id(&self) -> &str;
    fn id(&self) -> &str;
    fn date(&self) -> Option<&str>;
    fn number(&self) -> Option<u32>;
    fn location(&self) -> &str;
}

impl Ordered for Issue {
    fn source_id(&self) -> &str {
        self.source.as_str()
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
    fn number(&self) -> Option<u32> {
        self.number
    }
    fn location(&self) -> &str {
        &self.location
    }
}

/// Where the source `id` is listed in `sources` (unlisted: last).
fn rank(sources: &[SourceInfo], id: &str) -> usize {
    sources
        .iter()
        .position(|s| s.id.as_str() == id)
        .unwrap_or(usize::MAX)
}

/// `issues` of the sources listed in `sources`, in the order [`Library::sort`] gives.
pub fn sort_issues<T: Ordered>(issues: Vec<T>, sources: &[SourceInfo]) -> Vec<T> {
    let mut groups: Vec<(usize, String, Vec<T>)> = Vec::new();
    for issue in issues {
        match groups.iter_mut().find(|(_, id, _)| id == issue.source_id()) {
            Some((_, _, issues)) => issues.push(issue),
            None => {
                let id = issue.source_id().to_string();
                groups.push((rank(sources, &id), id, vec![issue]));
            }
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let sorted: Vec<Vec<T>> = groups
        .into_iter()
        .map(|(_, _, issues)| sort_source(issues))
        .collect();
    interleave(sorted)
}

/// Sorts `pages` as [`Library::sort`] does: by source, then id.
pub fn sort_pages<T: Ordered>(pages: &mut [T], sources: &[SourceInfo]) {
    pages.sort_by(|a, b| {
        let (sa, sb) = (a.source_id(), b.source_id());
        (rank(sources, sa), sa)
            .cmp(&(rank(sources, sb), sb))
            .then_with(|| natural_cmp(a.id(), b.id()))
            .then_with(|| a.location().cmp(b.location()))
    });
}

/// One source's issues in the order [`Library::sort`] describes.
fn sort_source<T: Ordered>(issues: Vec<T>) -> Vec<T> {
    let (mut dated, rest): (Vec<T>, Vec<T>) = issues.into_iter().partition(|i| i.date().is_some());
    let (mut numbered, mut neither): (Vec<T>, Vec<T>) =
        rest.into_iter().partition(|i| i.number().is_some());
    dated.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| tie(a, b)));
    numbered.sort_by(|a, b| b.number().cmp(&a.number()).then_with(|| tie(a, b)));
    neither.sort_by(tie);
    let slots: Vec<usize> = numbered
        .iter()
        .map(|issue| slot(&dated, issue.number().unwrap_or(0)))
        .collect();
    let mut placed = Vec::with_capacity(dated.len() + numbered.len() + neither.len());
    let mut numbered = slots.into_iter().zip(numbered).peekable();
    for (at, issue) in dated.into_iter().enumerate() {
        while let Some((_, before)) = numbered.next_if(|(slot, _)| *slot <= at) {
            placed.push(before);
        }
        placed.push(issue);
    }
    placed.extend(numbered.map(|(_, issue)| issue));
    placed.extend(neither);
    placed
}

/// Where an undated issue numbered `number` goes among the `dated` ones: before the
/// first whose number is lower, else after the last whose number is higher, else at
/// the end.
fn slot<T: Ordered>(dated: &[T], number: u32) -> usize {
    if let Some(at) = dated
        .iter()
        .position(|i| i.number().is_some_and(|n| n < number))
    {
        return at;
    }
    dated
        .iter()
        .rposition(|i| i.number().is_some())
        .map_or(dated.len(), |at| at + 1)
}

/// Between issues otherwise equal: fewer folders deep first, then the higher id (by
/// [`natural_cmp`]), then the location.
fn tie<T: Ordered>(a: &T, b: &T) -> Ordering {
    let depth = |i: &T| i.id().matches('/').count();
    depth(a)
        .cmp(&depth(b))
        .then_with(|| natural_cmp(b.id(), a.id()))
        .then_with(|| a.location().cmp(b.location()))
}

/// Merges sources, each already in order, by date: see [`Library::sort`].
fn interleave<T: Ordered>(sources: Vec<Vec<T>>) -> Vec<T> {
    if sources.len() <= 1 {
        return sources.into_iter().flatten().collect();
    }
    let dates: Vec<Vec<Option<&str>>> = sources.iter().map(|s| standing_dates(s)).collect();
    let total = sources.iter().map(Vec::len).sum();
    let mut heads = vec![0; sources.len()];
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(total);
    for _ in 0..total {
        let next = (0..sources.len())
            .filter(|&s| heads[s] < sources[s].len())
            .max_by(|&a, &b| {
                let (da, db) = (&dates[a][heads[a]], &dates[b][heads[b]]);
                // Option orders None lowest; the earlier source wins a tie.
                da.cmp(db).then_with(|| b.cmp(&a))
            });
        let Some(s) = next else { break };
        order.push((s, heads[s]));
        heads[s] += 1;
    }
    drop(dates);
    let mut sources: Vec<std::vec::IntoIter<T>> = sources.into_iter().map(Vec::into_iter).collect();
    order
        .into_iter()
        .filter_map(|(s, _)| sources[s].next())
        .collect()
}

/// The date each issue of a source stands at when sources are interleaved: its own,
/// else its newer neighbour's, else its older one's; none in a source without dates.
fn standing_dates<T: Ordered>(issues: &[T]) -> Vec<Option<&str>> {
    let mut dates: Vec<Option<&str>> = Vec::with_capacity(issues.len());
    for issue in issues {
        let inherited = dates.last().copied().flatten();
        dates.push(issue.date().or(inherited));
    }
    let mut older = None;
    for (date, issue) in dates.iter_mut().zip(issues).rev() {
        if issue.date().is_some() {
            older = issue.date();
        }
        if date.is_none() {
            *date = older;
        }
    }
    dates
}

/// Compares ids as people read them: runs of ASCII digits as numbers (`issue-99`
/// before `issue-407`, `HelloGitHub63` before `HelloGitHub124`), the rest as text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.is_empty(), b.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (part_a, rest_a) = split_run(a);
        let (part_b, rest_b) = split_run(b);
        let digits = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
        let order = if digits(part_a) && digits(part_b) {
            let (x, y) = (
                part_a.trim_start_matches('0'),
                part_b.trim_start_matches('0'),
            );
            x.len()
                .cmp(&y.len())
                .then_with(|| x.cmp(y))
                .then_with(|| part_b.len().cmp(&part_a.len()))
        } else {
            part_a.cmp(part_b)
        };
        if order != Ordering::Equal {
            return order;
        }
        (a, b) = (rest_a, rest_b);
    }
}

/// The leading run of `text` (all ASCII digits, or all other characters) and the rest.
fn split_run(text: &str) -> (&str, &str) {
    let digits = text.starts_with(|c: char| c.is_ascii_digit());
    let end = text
        .find(|c: char| c.is_ascii_digit() != digits)
        .unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
#[path = "order_tests.rs"]
mod tests;
