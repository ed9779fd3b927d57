//! Sources: what the user asked for, the index URL and name it resolves to, and how
//! the index's links map to issue files.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use url::Url;

use super::sources::{GithubFolder, SourceDef};
use crate::model::SourceId;
use crate::parse::index;
use crate::text::{escape_line, show_path};

pub const DEFAULT_NAME: &str = "嵌入式AI简报";
/// The default newsletter's [`SourceId`]; the embedded sample stands in for it.
pub const DEFAULT_ID: &str = "embedded-ai";
pub const DEFAULT_INDEX: &str =
    "https://raw.githubusercontent.com/ysh329/awesome-embedded-ai/master/README.md";
/// The host GitHub serves raw repository files from.
pub const GITHUB_RAW_HOST: &str = "raw.githubusercontent.com";

/// What the user asked to read when no path is given, as yet unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSpec {
    pub index: IndexSpec,
    /// Never touch the network: read the cache (or the embedded sample) only.
    pub offline: bool,
}

/// The index of the source the user asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IndexSpec {
    /// The default newsletter.
    #[default]
    Default,
    /// A URL, as given; only http(s) is accepted when the source is resolved.
    Url(String),
    /// A local index file, as given.
    Path(PathBuf),
}

impl IndexSpec {
    /// Reads an index as the user writes it: a URL (`scheme://…`) or a local path.
    pub fn from_text(text: &str) -> IndexSpec {
        if text.contains("://") {
            IndexSpec::Url(text.to_string())
        } else {
            IndexSpec::Path(PathBuf::from(text))
        }
    }
}

/// A newsletter fetched into the cache: where its index lives, what to call it, its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub index: Url,
    /// See [`Source::id`].
    id: SourceId,
    /// The GitHub folder to list for issue files, when configured; without it a folder
    /// is listed when the index is a raw GitHub file (inferred from the index's links).
    pub github: Option<GithubFolder>,
}

impl Source {
    pub fn default_source() -> Source {
        let index = Url::parse(DEFAULT_INDEX).expect("the default index URL is valid");
        Source {
            name: DEFAULT_NAME.to_string(),
            id: default_id(),
            index,
            github: None,
        }
    }

    /// The source a configured [`SourceDef`] names (its index a URL or an index file):
    /// its id and title are the definition's.
    pub fn of_def(def: &SourceDef) -> anyhow::Result<Source> {
        let resolved = Source::resolve(&def.index)?;
        Ok(Source {
            name: def.title.clone(),
            id: def.id.clone(),
            github: def.github.clone(),
            ..resolved
        })
    }

    /// The source `spec` names: an http(s) URL, or a local index file that exists.
    pub fn resolve(spec: &IndexSpec) -> anyhow::Result<Source> {
        let index = match spec {
            IndexSpec::Default => return Ok(Source::default_source()),
            IndexSpec::Url(text) if text.starts_with("http://") || text.starts_with("https://") => {
                Url::parse(text)
                    .with_context(|| format!("{}: not a valid URL", escape_line(text)))?
            }
            IndexSpec::Url(text) => {
                bail!(
                    "{}: only http(s) URLs and local paths can be sources",
                    escape_line(text)
                )
            }
            IndexSpec::Path(path) => file_url(path)?,
        };
        let name = match index.to_file_path() {
            Ok(path) => show_path(&path),
            Err(()) => escape_line(index.as_str()).into_owned(),
        };
        Ok(Source {
            name: crate::text::sanitize(&name),
            id: derived_id(&index),
            index,
            github: None,
        })
    }

    /// An http(s) URL or a local path to an index file.
    pub fn parse(text: &str) -> anyhow::Result<Source> {
        Source::resolve(&IndexSpec::from_text(text))
    }

    pub fn is_default(&self) -> bool {
        self.index.as_str() == DEFAULT_INDEX
    }

    /// The source's stable id: a configured source's name ([`SourceDef::id`]);
    /// [`DEFAULT_ID`] for the default newsletter; else one [`SourceId::derive`]d from
    /// the index URL (as the `url` crate writes it): labelled by the repository for a
    /// GitHub URL, the host for another web URL, the folder holding the index for a
    /// local one; hashed from the whole URL.
    pub fn id(&self) -> SourceId {
        self.id.clone()
    }

    /// The repository folder to list for issue files, and a raw file URL of the
    /// repository to build the listed files' URLs on: the configured [`GithubFolder`]
    /// (its files on the index's host when the index is a raw file of the repository's
    /// kind, else on raw.githubusercontent.com), if any.
    pub fn configured_listing(&self, raw_hosts: &[String]) -> Option<(GithubRepo, String, Url)> {
        let github = self.github.as_ref()?;
        let (owner, repo) = github.repo.split_once('/')?;
        let plain = [owner, repo, github.branch.as_str()]
            .iter()
            .all(|s| is_plain_segment(s));
        if !plain
            || !github
                .folder
                .split('/')
                .all(|s| s.is_empty() || is_plain_segment(s))
        {
            return None;
        }
        let repo = GithubRepo {
            owner: owner.to_string(),
            repo: repo.to_string(),
            branch: github.branch.clone(),
        };
        let like = match is_raw_host(&self.index, raw_hosts) {
            true => self.index.clone(),
            false => Url::parse(&format!("https://{GITHUB_RAW_HOST}/")).ok()?,
        };
        Some((repo, github.folder.trim_matches('/').to_string(), like))
    }

    /// The issue file a link in the index (or in an issue at `base`) points at, if it is
    /// a Markdown file served by this source. Links elsewhere are never followed.
    pub fn issue_url(&self, link: &str, base: &Url, raw_hosts: &[String]) -> Option<Url> {
        let repo = GithubRepo::from_raw(&self.index, raw_hosts);
        let mut url = self.resolve_link(link, base, repo.as_ref())?;
        url.set_fragment(None);
        url.set_query(None);
        let listed = || {
            self.configured_listing(raw_hosts)
                .is_some_and(|(repo, _, like)| {
                    same_origin(&url, &like) && repo.folder_of(&url).is_some()
                })
        };
        let acceptable = index::is_markdown_path(url.path())
            && url != self.index
            && (self.serves(&url) || listed())
            && url.username().is_empty()
            && url.password().is_none();
        acceptable.then_some(url)
    }

    /// Where `link` (on the page at `base`) points. A blob link of the repository is
    /// its raw file. A root-relative link (`/content/HelloGitHub99.md`) means what it
    /// means where it is read: on GitHub the repository's root (as GitHub renders it),
    /// for a local index the index's folder, never above that root; on a website, the
    /// site's root, as a browser resolves it.
    fn resolve_link(&self, link: &str, base: &Url, repo: Option<&GithubRepo>) -> Option<Url> {
        if let Some(url) = repo.and_then(|r| r.raw_from_blob_link(link, &self.index)) {
            return Some(url);
        }
        let root_relative = link.strip_prefix('/').filter(|r| !r.starts_with('/'));
        let root = match (root_relative, repo) {
            (Some(_), Some(repo)) => repo.root_url(&self.index),
            (Some(_), None) if self.index.scheme() == "file" => self.index.join(".").ok(),
            _ => None,
        };
        match (root_relative, root) {
            (Some(rest), Some(root)) => {
                let url = root.join(rest).ok()?;
                url.path().starts_with(root.path()).then_some(url)
            }
            _ => base.join(link).ok(),
        }
    }

    /// True when `url` belongs to this source: same scheme, host and port as the index
    /// (for a local index: a file in the index's folder or below).
    pub fn serves(&self, url: &Url) -> bool {
        if self.index.scheme() == "file" {
            let folder = self.index.join(".").ok();
            return url.scheme() == "file"
                && folder.is_some_and(|f| url.path().starts_with(f.path()));
        }
        same_origin(url, &self.index)
    }
}

fn same_origin(url: &Url, other: &Url) -> bool {
    url.scheme() == other.scheme()
        && url.host_str() == other.host_str()
        && url.port_or_known_default() == other.port_or_known_default()
}

/// The id of the default newsletter (and of the embedded sample standing in for it).
pub fn default_id() -> SourceId {
    SourceId::new(DEFAULT_ID).expect("the default source id is valid")
}

/// The id of the source whose index is `index`: see [`Source::id`].
fn derived_id(index: &Url) -> SourceId {
    if index.as_str() == DEFAULT_INDEX {
        return default_id();
    }
    let segments: Vec<&str> = index
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let host = index.host_str().unwrap_or_default();
    let label = match (index.scheme(), host) {
        ("file", _) => segments.iter().rev().nth(1).copied(),
        (_, GITHUB_RAW_HOST | "github.com" | "www.github.com") => segments.get(1).copied(),
        _ => None,
    };
    let label = label.unwrap_or_else(|| host.strip_prefix("www.").unwrap_or(host));
    SourceId::derive(&percent_decode(label), index.as_str())
}

fn file_url(path: &Path) -> anyhow::Result<Url> {
    let absolute = std::fs::canonicalize(path)
        .with_context(|| format!("{}: cannot read the source index", show_path(path)))?;
    Url::from_file_path(&absolute)
        .map_err(|()| anyhow::anyhow!("{}: not a usable path", show_path(&absolute)))
}

/// A GitHub repository at a branch, as seen through its raw file URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubRepo {
    pub owner: String,
    pub repo: String,
    pub branch: String,
}

impl GithubRepo {
    /// Reads `https://raw.githubusercontent.com/OWNER/REPO/BRANCH/...`; `raw_hosts` names
    /// further hosts (`host:port`) laid out the same way (a test server).
    pub fn from_raw(url: &Url, raw_hosts: &[String]) -> Option<GithubRepo> {
        if !is_raw_host(url, raw_hosts) {
            return None;
        }
        let mut segments = url.path_segments()?;
        let (owner, repo, branch) = (segments.next()?, segments.next()?, segments.next()?);
        segments.next()?;
        [owner, repo, branch]
            .iter()
            .all(|s| is_plain_segment(s))
            .then(|| GithubRepo {
                owner: owner.to_string(),
                repo: repo.to_string(),
                branch: branch.to_string(),
            })
    }

    /// The repository folder holding `url` (a raw file of this repository), e.g. `embedded-ai-report`.
    pub fn folder_of(&self, url: &Url) -> Option<String> {
        let segments: Vec<&str> = url.path_segments()?.collect();
        let prefix = [
            self.owner.as_str(),
            self.repo.as_str(),
            self.branch.as_str(),
        ];
        if segments.len() < 4 || segments[..3] != prefix {
            return None;
        }
        let folder = &segments[3..segments.len() - 1];
        folder
            .iter()
            .all(|s| is_plain_segment(s))
            .then(|| folder.join("/"))
    }

    /// The contents-API URL listing `folder`.
    pub fn listing_url(&self, api_base: &str, folder: &str) -> Option<Url> {
        let mut url = Url::parse(api_base).ok()?;
        {
            let mut segments = url.path_segments_mut().ok()?;
            segments.pop_if_empty();
            segments.extend(["repos", &self.owner, &self.repo, "contents"]);
            segments.extend(folder.split('/').filter(|s| !s.is_empty()));
        }
        url.query_pairs_mut().append_pair("ref", &self.branch);
        Some(url)
    }

    /// The raw URL (on the host of `like`) of the repository file at `path`.
    pub fn raw_url(&self, like: &Url, path: &str) -> Option<Url> {
        let parts: Vec<&str> = path.split('/').collect();
        if !parts.iter().all(|s| is_plain_segment(s)) {
            return None;
        }
        let mut url = like.clone();
        url.set_query(None);
        url.set_fragment(None);
        {
            let mut segments = url.path_segments_mut().ok()?;
            segments.clear();
            segments.extend([&self.owner, &self.repo, &self.branch]);
            segments.extend(parts);
        }
        Some(url)
    }

    /// The raw URL (on the host of `like`) of the repository's root folder, with a
    /// trailing slash.
    fn root_url(&self, like: &Url) -> Option<Url> {
        let mut url = like.clone();
        url.set_query(None);
        url.set_fragment(None);
        {
            let mut segments = url.path_segments_mut().ok()?;
            segments.clear();
            segments.extend([&self.owner, &self.repo, &self.branch, ""]);
        }
        Some(url)
    }

    /// Maps `https://github.com/OWNER/REPO/blob/BRANCH/PATH` of this repository to its raw URL.
    fn raw_from_blob_link(&self, link: &str, like: &Url) -> Option<Url> {
        let url = Url::parse(link).ok()?;
        if !matches!(url.host_str(), Some("github.com" | "www.github.com")) {
            return None;
        }
        let segments: Vec<&str> = url.path_segments()?.collect();
        let [owner, repo, "blob", branch, path @ ..] = segments.as_slice() else {
            return None;
        };
        let same = owner.eq_ignore_ascii_case(&self.owner)
            && repo.eq_ignore_ascii_case(&self.repo)
            && *branch == self.branch;
        if !same || path.is_empty() {
            return None;
        }
        self.raw_url(like, &path.join("/"))
    }
}

fn is_raw_host(url: &Url, raw_hosts: &[String]) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if host == GITHUB_RAW_HOST && url.scheme() == "https" {
        return true;
    }
    let with_port = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    raw_hosts.contains(&with_port)
}

/// A path segment safe to put back into a URL: no dot segments, no separators, no escapes.
fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.contains(['/', '\\', '%', '?', '#'])
        && !segment.chars().any(char::is_control)
}

/// The issue id of an issue file URL: its file stem, decoded, with anything but
/// letters, digits, `-`, `_` and `.` replaced by `_`.
pub fn issue_id(url: &Url) -> String {
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or_default();
    let decoded = percent_decode(last);
    let stem = match decoded.rfind('.') {
        Some(dot) if dot > 0 => &decoded[..dot],
        _ => decoded.as_str(),
    };
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() { "_".to_string() } else { id }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| {
            std::str::from_utf8(h)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        });
        match (bytes[i], hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_issue(link: &str) -> Option<String> {
        let source = Source::default_source();
        source
            .issue_url(link, &source.index, &[])
            .map(|u| u.to_string())
    }

    #[test]
    fn index_links_resolve_relative_to_the_index() {
        assert_eq!(
            default_issue("./embedded-ai-report/2020-06-03.md#top").as_deref(),
            Some(
                "https://raw.githubusercontent.com/ysh329/awesome-embedded-ai/master/embedded-ai-report/2020-06-03.md"
            )
        );
    }

    #[test]
    fn blob_links_of_the_same_repository_map_to_raw_files() {
        let link = "https://github.com/ysh329/awesome-embedded-ai/blob/master/embedded-ai-report/2019-09-16.md";
        assert_eq!(
            default_issue(link).as_deref(),
            Some(
                "https://raw.githubusercontent.com/ysh329/awesome-embedded-ai/master/embedded-ai-report/2019-09-16.md"
            )
        );
        assert_eq!(
            default_issue("https://github.com/huawei-noah/bolt/blob/master/docs/BENCHMARK.md"),
            None
        );
    }

    #[test]
    fn links_to_other_hosts_downgrades_and_non_markdown_are_refused() {
        assert_eq!(default_issue("https://example.com/x.md"), None);
        assert_eq!(
            default_issue(
                "http://raw.githubusercontent.com/ysh329/awesome-embedded-ai/master/a.md"
            ),
            None
        );
        assert_eq!(default_issue("./LICENSE"), None);
        assert_eq!(default_issue("./README.md"), None);
        assert_eq!(default_issue("file:///etc/passwd.md"), None);
    }

    #[test]
    fn root_relative_links_start_at_the_repository_or_the_index_folder() {
        assert_eq!(
            default_issue("/content/HelloGitHub99.md#top").as_deref(),
            Some(
                "https://raw.githubusercontent.com/ysh329/awesome-embedded-ai/master/content/HelloGitHub99.md"
            )
        );
        assert_eq!(default_issue("/../../other/repo/x.md"), None);
        assert_eq!(default_issue("//evil.example/x.md"), None);
        let index = Url::parse("file:///home/u/news/README.md").unwrap();
        let local = Source {
            name: "local".into(),
            id: derived_id(&index),
            index,
            github: None,
        };
        let url = local.issue_url("/content/a.md", &local.index, &[]).unwrap();
        assert_eq!(url.as_str(), "file:///home/u/news/content/a.md");
        let web = Source::parse("https://example.com/news/index.md").unwrap();
        let url = web.issue_url("/issues/a.md", &web.index, &[]).unwrap();
        assert_eq!(url.as_str(), "https://example.com/issues/a.md");
    }

    #[test]
    fn listing_url_follows_the_contents_api() {
        let source = Source::default_source();
        let repo = GithubRepo::from_raw(&source.index, &[]).unwrap();
        let issue = source
            .issue_url("embedded-ai-report/2020-06-03.md", &source.index, &[])
            .unwrap();
        let folder = repo.folder_of(&issue).unwrap();
        assert_eq!(folder, "embedded-ai-report");
        assert_eq!(
            repo.listing_url("https://api.github.com", &folder)
                .unwrap()
                .as_str(),
            "https://api.github.com/repos/ysh329/awesome-embedded-ai/contents/embedded-ai-report?ref=master"
        );
    }

    #[test]
    fn raw_urls_refuse_dot_segments() {
        let source = Source::default_source();
        let repo = GithubRepo::from_raw(&source.index, &[]).unwrap();
        assert!(repo.raw_url(&source.index, "../x.md").is_none());
        assert!(repo.raw_url(&source.index, "a/%2e%2e/x.md").is_none());
        assert!(repo.raw_url(&source.index, "a/b.md").is_some());
    }

    #[test]
    fn source_ids_are_fixed_for_the_default_and_derived_from_the_index_otherwise() {
        assert_eq!(Source::default_source().id().as_str(), DEFAULT_ID);
        let id = |index: &str| Source::parse(index).unwrap().id().to_string();
        assert_eq!(id(DEFAULT_INDEX), DEFAULT_ID);
        let rust =
            id("https://raw.githubusercontent.com/rust-lang/this-week-in-rust/master/README.md");
        assert!(rust.starts_with("this-week-in-rust-"), "{rust}");
        assert_eq!(
            rust,
            id(
                "https://RAW.githubusercontent.com:443/rust-lang/this-week-in-rust/master/README.md"
            ),
            "the same URL, written differently"
        );
        let other_branch =
            id("https://raw.githubusercontent.com/rust-lang/this-week-in-rust/main/README.md");
        assert_ne!(rust, other_branch);
        assert!(id("http://www.ruanyifeng.com/weekly/index.md").starts_with("ruanyifeng-com-"));
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("News Letter");
        std::fs::create_dir(&dir).unwrap();
        let index = dir.join("README.md");
        std::fs::write(&index, "# index").unwrap();
        let local = id(index.to_str().unwrap());
        assert!(local.starts_with("news-letter-"), "{local}");
    }

    #[test]
    fn issue_ids_are_decoded_and_strict() {
        let url = Url::parse("https://h/a/2020-06-03.md").unwrap();
        assert_eq!(issue_id(&url), "2020-06-03");
        let url = Url::parse("https://h/a/%1b%5B31m%E7%AE%80.md").unwrap();
        assert_eq!(issue_id(&url), "__31m简");
    }
}
