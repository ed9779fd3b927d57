//! What the command line and the environment ask for, resolved once into the library's
//! types: a flag wins over an environment variable, which wins over the default. (A
//! config file will be one more layer, between the environment and the defaults.)

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::bail;

use super::SourceArgs;
use crate::library::dirs::Dirs;
use crate::library::remote::FetchOptions;
use crate::library::source::{IndexSpec, SourceSpec};
use crate::library::sources::SourceDef;
use crate::model::SourceId;

/// Moves the cache (tests point it at a temporary folder).
pub const CACHE_DIR_ENV: &str = "BRIEF_CACHE_DIR";
/// Moves the data directory.
pub const DATA_DIR_ENV: &str = "BRIEF_DATA_DIR";
/// The GitHub REST API base URL (tests use a loopback server).
pub const GITHUB_API_ENV: &str = "BRIEF_GITHUB_API";
/// Comma-separated extra `host:port`s laid out like raw.githubusercontent.com.
pub const GITHUB_RAW_HOSTS_ENV: &str = "BRIEF_GITHUB_RAW_HOSTS";

/// Everything the library is told from outside.
#[derive(Debug, Clone)]
pub struct Settings {
    /// What `--source` and `--offline` ask for.
    pub source: SourceSpec,
    /// The newsletters the reader follows, as configured: the default newsletter alone
    /// when the config lists none.
    pub sources: Vec<SourceDef>,
    pub fetch: FetchOptions,
    pub dirs: Dirs,
}

impl Settings {
    /// The sources this run reads: every configured one; with `--source TEXT`, the
    /// configured source named TEXT, else TEXT as a URL or path (one source, not
    /// configured, whose id is derived from it).
    pub fn selected_sources(&self) -> anyhow::Result<Vec<SourceDef>> {
        let text = match &self.source.index {
            IndexSpec::Default => return Ok(self.sources.clone()),
            IndexSpec::Path(path) => path.to_str(),
            IndexSpec::Url(_) => None,
        };
        if let Some(def) = text.and_then(|t| self.sources.iter().find(|d| d.id.as_str() == t)) {
            return Ok(vec![def.clone()]);
        }
        if let (IndexSpec::Path(path), Some(name)) = (&self.source.index, text)
            && !path.exists()
            && SourceId::new(name).is_ok()
        {
            let names: Vec<&str> = self.sources.iter().map(|d| d.id.as_str()).collect();
            bail!(
                "{name}: no such file or folder, and no configured source of that name \
                 (configured: {})",
                names.join(", ")
            );
        }
        Ok(vec![SourceDef::ad_hoc(&self.source.index)?])
    }
}

/// What one layer (the flags, the environment) sets; None where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    pub cache_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub jobs: Option<usize>,
    pub github_api: Option<String>,
    pub github_raw_hosts: Option<Vec<String>>,
}

impl Layer {
    /// What the environment sets, looking each variable up with `var`. Empty values say
    /// nothing, except for the raw hosts, where an empty list is a list.
    pub fn from_env(var: impl Fn(&str) -> Option<OsString>) -> Layer {
        let text = |name: &str| var(name).and_then(|v| v.into_string().ok());
        let path = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        Layer {
            cache_dir: path(CACHE_DIR_ENV),
            data_dir: path(DATA_DIR_ENV),
            jobs: None,
            github_api: text(GITHUB_API_ENV).filter(|v| !v.is_empty()),
            github_raw_hosts: text(GITHUB_RAW_HOSTS_ENV).map(|hosts| {
                hosts
                    .split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
        }
    }

    /// Each setting from `self` where it has one, else from `lower`.
    pub fn over(self, lower: Layer) -> Layer {
        Layer {
            cache_dir: self.cache_dir.or(lower.cache_dir),
            data_dir: self.data_dir.or(lower.data_dir),
            jobs: self.jobs.or(lower.jobs),
            github_api: self.github_api.or(lower.github_api),
            github_raw_hosts: self.github_raw_hosts.or(lower.github_raw_hosts),
        }
    }
}

/// The settings for this run: `flags` over the process environment over the defaults.
pub fn resolve(args: &SourceArgs, flags: Layer) -> anyhow::Result<Settings> {
    let environment = Layer::from_env(|name| std::env::var_os(name));
    Ok(settings(args, flags.over(environment), Dirs::standard()?))
}

/// The settings `layer` asks for, the platform's directories `standard` and the
/// library's defaults filling the rest.
pub fn settings(args: &SourceArgs, layer: Layer, standard: Dirs) -> Settings {
    let dirs = Dirs {
        cache: layer.cache_dir.unwrap_or(standard.cache),
        data: layer.data_dir.unwrap_or(standard.data),
        ..standard
    };
    let mut fetch = FetchOptions::with_cache_root(dirs.cache.clone());
    if let Some(jobs) = layer.jobs {
        fetch.jobs = jobs;
    }
    if let Some(api) = layer.github_api {
        fetch.github_api = api;
    }
    if let Some(hosts) = layer.github_raw_hosts {
        fetch.github_raw_hosts = hosts;
    }
    let source = SourceSpec {
        index: args
            .source
            .as_deref()
            .map_or(IndexSpec::Default, IndexSpec::from_text),
        offline: args.offline,
    };
    Settings {
        source,
        sources: vec![SourceDef::default_newsletter()],
        fetch,
        dirs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::remote::{DEFAULT_GITHUB_API, DEFAULT_JOBS};

    fn standard() -> Dirs {
        Dirs {
            cache: PathBuf::from("/home/u/.cache/brief"),
            state: PathBuf::from("/home/u/.local/state/brief"),
            data: PathBuf::from("/home/u/.local/share/brief"),
            config: PathBuf::from("/home/u/.config/brief"),
        }
    }

    fn environment(pairs: &[(&str, &str)]) -> Layer {
        Layer::from_env(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    #[test]
    fn with_nothing_set_the_defaults_apply() {
        let settings = settings(&SourceArgs::default(), environment(&[]), standard());
        assert_eq!(settings.dirs, standard());
        assert_eq!(settings.fetch.cache_root, standard().cache);
        assert_eq!(settings.fetch.jobs, DEFAULT_JOBS);
        assert_eq!(settings.fetch.github_api, DEFAULT_GITHUB_API);
        assert!(settings.fetch.github_raw_hosts.is_empty());
        assert_eq!(settings.source, SourceSpec::default());
    }

    #[test]
    fn the_environment_moves_directories_and_github_endpoints() {
        let env = environment(&[
            (CACHE_DIR_ENV, "/tmp/c"),
            (DATA_DIR_ENV, "/tmp/d"),
            (GITHUB_API_ENV, "http://127.0.0.1:9/api"),
            (GITHUB_RAW_HOSTS_ENV, " 127.0.0.1:9 ,, localhost:8 "),
        ]);
        let settings = settings(&SourceArgs::default(), env, standard());
        assert_eq!(settings.dirs.cache, PathBuf::from("/tmp/c"));
        assert_eq!(settings.fetch.cache_root, PathBuf::from("/tmp/c"));
        assert_eq!(settings.dirs.data, PathBuf::from("/tmp/d"));
        assert_eq!(settings.dirs.state, standard().state);
        assert_eq!(settings.dirs.config, standard().config);
        assert_eq!(settings.fetch.github_api, "http://127.0.0.1:9/api");
        assert_eq!(
            settings.fetch.github_raw_hosts,
            ["127.0.0.1:9", "localhost:8"]
        );
    }

    #[test]
    fn source_names_select_configured_sources_and_anything_else_is_a_place() {
        let mut settings = settings(&SourceArgs::default(), environment(&[]), standard());
        let other = SourceDef {
            id: SourceId::new("twir").unwrap(),
            title: "This Week in Rust".into(),
            index: IndexSpec::Url("https://example.com/twir/README.md".into()),
            github: None,
        };
        settings.sources.push(other.clone());
        assert_eq!(settings.selected_sources().unwrap(), settings.sources);
        let mut ask = |text: &str| {
            settings.source.index = IndexSpec::from_text(text);
            settings.selected_sources()
        };
        assert_eq!(ask("twir").unwrap(), [other]);
        assert_eq!(
            ask("embedded-ai").unwrap(),
            [SourceDef::default_newsletter()]
        );
        let url = ask("https://example.org/news/README.md").unwrap();
        assert_eq!(url.len(), 1);
        assert!(url[0].id.as_str().starts_with("example-org-"), "{url:?}");
        let unknown = ask("nonesuch").unwrap_err().to_string();
        assert!(
            unknown.contains("configured: embedded-ai, twir"),
            "{unknown}"
        );
        let folder = tempfile::tempdir().unwrap();
        let local = ask(folder.path().to_str().unwrap()).unwrap();
        assert_eq!(
            local[0].index,
            IndexSpec::Path(folder.path().canonicalize().unwrap())
        );
    }

    #[test]
    fn empty_variables_say_nothing() {
        let env = environment(&[(CACHE_DIR_ENV, ""), (GITHUB_API_ENV, "")]);
        assert_eq!(env, Layer::default());
    }

    #[test]
    fn flags_win_over_the_environment() {
        let flags = Layer {
            jobs: Some(2),
            cache_dir: Some(PathBuf::from("/flag")),
            ..Layer::default()
        };
        let env = environment(&[(CACHE_DIR_ENV, "/env")]);
        let args = SourceArgs {
            source: Some("https://example.com/README.md".to_string()),
            offline: true,
        };
        let settings = settings(&args, flags.over(env), standard());
        assert_eq!(settings.fetch.jobs, 2);
        assert_eq!(settings.dirs.cache, PathBuf::from("/flag"));
        assert_eq!(
            settings.source,
            SourceSpec {
                index: IndexSpec::Url("https://example.com/README.md".to_string()),
                offline: true,
            }
        );
    }
}
