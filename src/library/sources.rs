//! The newsletters the reader follows: as configured ([`SourceDef`], the shared
//! contract of issue 11: the config file fills them), then checked and ready to load
//! and refresh ([`Feed`]): fetched into the cache, or a local folder of Markdown files
//! read in place.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;

use super::LoadReport;
use super::cancel::Cancel;
use super::remote::{self, FetchOptions};
use super::source::{DEFAULT_ID, DEFAULT_INDEX, DEFAULT_NAME, IndexSpec, Source, default_id};
use super::store::{self, Depth};
use super::{embedded, local};
use crate::model::{Library, SourceId, SourceInfo};
use crate::text::{sanitize, show_path};

/// One newsletter the reader follows, as configured (or the built-in default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDef {
    /// Stable short id: the config's `name` (must be a valid SourceId: [a-z0-9_-], ≤48).
    pub id: SourceId,
    /// What the reader shows (config `title`, default: the name). 嵌入式AI简报 for the default.
    pub title: String,
    /// Where its index is: http(s) URL of an index file, or a local path (an index file
    /// or a folder of issues).
    pub index: IndexSpec,
    /// For a GitHub source: where to list the issue folder (config `repo`, `branch`, `folder`).
    pub github: Option<GithubFolder>,
}

/// A folder of a GitHub repository holding a newsletter's issues, listed through the
/// contents API for issue files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubFolder {
    /// `owner/name`.
    pub repo: String,
    pub branch: String,
    pub folder: String,
}

/// The default newsletter's repository, branch and issue folder.
pub const DEFAULT_REPO: &str = "ysh329/awesome-embedded-ai";
pub const DEFAULT_BRANCH: &str = "master";
pub const DEFAULT_FOLDER: &str = "embedded-ai-report";

impl SourceDef {
    /// 嵌入式AI简报 with id `embedded-ai` (source::DEFAULT_ID) and the default index.
    pub fn default_newsletter() -> SourceDef {
        debug_assert_eq!(default_id().as_str(), DEFAULT_ID);
        SourceDef {
            id: default_id(),
            title: DEFAULT_NAME.to_string(),
            index: IndexSpec::Url(DEFAULT_INDEX.to_string()),
            github: Some(GithubFolder {
                repo: DEFAULT_REPO.to_string(),
                branch: DEFAULT_BRANCH.to_string(),
                folder: DEFAULT_FOLDER.to_string(),
            }),
        }
    }

    /// A source given on the command line (`--source URL|PATH`), not configured: its id
    /// derived from where it is ([`Source::id`]; for a folder, [`local::folder_id`]),
    /// its title that place. An error when the URL is not http(s) or the path does not exist.
    pub fn ad_hoc(index: &IndexSpec) -> anyhow::Result<SourceDef> {
        if let IndexSpec::Path(path) = index
            && path.is_dir()
        {
            let folder = canonical(path)?;
            return Ok(SourceDef {
                id: local::folder_id(&folder),
                title: show_path(&folder),
                index: IndexSpec::Path(folder),
                github: None,
            });
        }
        let source = Source::resolve(index)?;
        Ok(SourceDef {
            id: source.id(),
            title: source.name.clone(),
            index: index.clone(),
            github: None,
        })
    }
}

/// A newsletter ready to load and refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// An index fetched over HTTP (or read from a local index file) into the cache.
    Fetched(Source),
    /// A local folder of Markdown files (a `git clone` kept up to date by the user's
    /// tools), read in place: a refresh reads it again.
    Folder(FolderSource),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderSource {
    pub id: SourceId,
    pub title: String,
    /// Canonical.
    pub path: PathBuf,
}

impl Feed {
    /// The feed `def` describes: a folder when its index is a local folder, else a
    /// fetched source. An error when its index is unusable (no such path, not http(s)).
    pub fn resolve(def: &SourceDef) -> anyhow::Result<Feed> {
        if let IndexSpec::Path(path) = &def.index
            && path.is_dir()
        {
            return Ok(Feed::Folder(FolderSource {
                id: def.id.clone(),
                title: sanitize(&def.title),
                path: canonical(path)?,
            }));
        }
        let mut source = Source::of_def(def)?;
        source.name = sanitize(&source.name);
        Ok(Feed::Fetched(source))
    }

    pub fn id(&self) -> SourceId {
        match self {
            Feed::Fetched(source) => source.id(),
            Feed::Folder(folder) => folder.id.clone(),
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Feed::Fetched(source) => &source.name,
            Feed::Folder(folder) => &folder.title,
        }
    }

    pub fn info(&self) -> SourceInfo {
        SourceInfo {
            id: self.id(),
            title: self.title().to_string(),
        }
    }

    /// True for a feed fetched over the network (a folder is read, never fetched).
    pub fn is_fetched(&self) -> bool {
        matches!(self, Feed::Fetched(_))
    }

    /// What the feed holds now, without touching the network: the cache of a fetched
    /// source (for the default newsletter with nothing cached, the embedded sample),
    /// or the folder's files. Every issue is the feed's; the library lists the feed.
    /// At `options.depth` (the heads alone, or whole issues), through the persisted
    /// library when `options.persist`.
    pub fn load(&self, options: &FetchOptions) -> LoadReport {
        let mut report = match self {
            Feed::Fetched(source) => {
                let cached = remote::load_cached(source, options);
                if cached.is_empty() && source.is_default() {
                    let mut sample = embedded::load();
                    sample.warnings.extend(cached.warnings);
                    sample
                } else {
                    cached
                }
            }
            Feed::Folder(folder) => read_folder(&folder.path, options),
        };
        if options.depth == Depth::Heads {
            report = report.into_heads();
        }
        self.claim(&mut report.library);
        let id = self.id();
        report
            .heads
            .iter_mut()
            .chain(&mut report.page_heads)
            .for_each(|head| head.source = id.as_str().to_string());
        report.feeds = vec![self.clone()];
        report
    }

    /// Makes every issue and page of `library` the feed's, and the feed its one source.
    pub fn claim(&self, library: &mut Library) {
        library.set_source(&self.id());
        library.sources = vec![self.info()];
    }
}

/// The issues of a folder, or none with a warning when it cannot be read.
fn read_folder(path: &Path, options: &FetchOptions) -> LoadReport {
    let paths = [path.to_path_buf()];
    let (root, depth) = (options.store_root(), options.depth);
    local::load_stored_with(&paths, root, depth, options.writes).unwrap_or_else(|err| LoadReport {
        warnings: vec![format!("{}: {err:#}", show_path(path))],
        ..LoadReport::default()
    })
}

fn canonical(path: &Path) -> anyhow::Result<PathBuf> {
    std::fs::canonicalize(path).with_context(|| format!("{}: cannot read it", show_path(path)))
}

/// Loads `defs` together, each from its cache or folder and all at once, into one
/// library ordered by [`Library::sort`]. A source that cannot be resolved is skipped
/// with a warning (an error when it is the only one). When nothing at all is there
/// yet, the fetched sources are fetched first, all at once (unless `offline`, an
/// error then), reporting `progress(done, total)` summed over them and stopping when
/// `cancel` is set (an error then); otherwise a source with nothing cached waits for
/// a refresh, with a warning, and never holds the others back.
pub fn load_all(
    defs: &[SourceDef],
    offline: bool,
    options: &FetchOptions,
    progress: &mut (dyn FnMut(usize, usize) + Send),
    cancel: &Cancel,
) -> anyhow::Result<LoadReport> {
    let (feeds, mut warnings) = resolve_all(defs)?;
    // Each load is parallel inside already; rayon runs several side by side too.
    let mut parts: Vec<LoadReport> = feeds.par_iter().map(|feed| feed.load(options)).collect();
    let empty = parts.iter().all(LoadReport::is_empty);
    if empty && feeds.iter().any(Feed::is_fetched) {
        if offline {
            let names: Vec<&str> = feeds.iter().map(Feed::title).collect();
            bail!(
                "nothing cached yet for {} (and --offline forbids fetching it)",
                names.join(", ")
            );
        }
        parts = super::refresh::fetch_empty(&feeds, parts, options, progress, cancel);
        if cancel.is_cancelled() {
            let names: Vec<&str> = feeds.iter().map(Feed::title).collect();
            bail!("cancelled while fetching {}", names.join(", "));
        }
    }
    for (feed, part) in feeds.iter().zip(&parts) {
        if part.is_empty() && feeds.len() > 1 && feed.is_fetched() {
            warnings.push(format!(
                "{}: nothing cached yet (a refresh or `brief fetch` gets it)",
                feed.title()
            ));
        }
    }
    let parts = match options.depth {
        Depth::Heads => parts.into_iter().map(LoadReport::into_heads).collect(),
        Depth::MarkIfCurrent => all_held_or_whole(&feeds, parts, options),
        Depth::Full => parts,
    };
    Ok(merge(&feeds, parts, warnings))
}

/// `parts` as loaded at [`Depth::MarkIfCurrent`]: as they are when every part is
/// current, else all whole (the parts loaded as heads, or held in their stores,
/// loaded again, whole).
fn all_held_or_whole(
    feeds: &[Feed],
    parts: Vec<LoadReport>,
    options: &FetchOptions,
) -> Vec<LoadReport> {
    if parts.iter().all(|p| p.library.issues.is_empty()) {
        return parts;
    }
    let whole = FetchOptions {
        depth: Depth::Full,
        ..options.clone()
    };
    feeds
        .iter()
        .zip(parts)
        .map(|(feed, part)| {
            if !part.has_heads() && part.held == 0 {
                part
            } else {
                feed.load(&whole)
            }
        })
        .collect()
}

/// Each definition's feed; those that cannot be resolved become warnings (`TITLE:
/// skipped: why`), unless none (or the only one) can: an error then.
pub fn resolve_all(defs: &[SourceDef]) -> anyhow::Result<(Vec<Feed>, Vec<String>)> {
    if let [def] = defs {
        return Ok((vec![Feed::resolve(def)?], Vec::new()));
    }
    let mut feeds = Vec::new();
    let mut warnings = Vec::new();
    for def in defs {
        match Feed::resolve(def) {
            Ok(feed) => feeds.push(feed),
            Err(err) => warnings.push(format!("{}: skipped: {err:#}", sanitize(&def.title))),
        }
    }
    if feeds.is_empty() {
        bail!("no usable source: {}", warnings.join("; "));
    }
    Ok((feeds, warnings))
}

/// One library of the feeds' parts, the feeds listed in order; with several feeds,
/// each warning says whose it is.
fn merge(feeds: &[Feed], parts: Vec<LoadReport>, mut warnings: Vec<String>) -> LoadReport {
    let several = feeds.len() > 1;
    if !several {
        let mut report = parts.into_iter().next().unwrap_or_default();
        warnings.append(&mut report.warnings);
        report.warnings = warnings;
        report.feeds = feeds.to_vec();
        return report;
    }
    let mut library = Library::default();
    let mut heads = Vec::new();
    let mut page_heads = Vec::new();
    let mut stored = Some(Vec::new());
    let mut unsaved = false;
    let mut held = 0;
    for (feed, part) in feeds.iter().zip(parts) {
        unsaved |= part.unsaved;
        held += part.held;
        library.issues.extend(part.library.issues);
        library.pages.extend(part.library.pages);
        heads.extend(part.heads);
        page_heads.extend(part.page_heads);
        stored = stored.zip(part.stored).map(|(mut all, one)| {
            all.extend(one);
            all
        });
        library.sources.push(feed.info());
        let title = feed.title();
        warnings.extend(part.warnings.iter().map(|w| format!("{title}: {w}")));
    }
    library.sort();
    store::sort_heads(&mut heads, &mut page_heads, &library.sources);
    LoadReport {
        library,
        warnings,
        label: several_label(feeds),
        feeds: feeds.to_vec(),
        heads,
        page_heads,
        stored,
        unsaved,
        held,
    }
}

/// What a library of several feeds is called: `2 sources (A, B)`.
pub(super) fn several_label(feeds: &[Feed]) -> String {
    let titles: Vec<&str> = feeds.iter().map(Feed::title).collect();
    format!("{} sources ({})", feeds.len(), titles.join(", "))
}
