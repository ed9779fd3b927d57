//! What the command line, the environment and the config file ask for, resolved once
//! into the library's and the reader's types: a flag wins over an environment
//! variable, which wins over the config file, which wins over the default. One
//! exception, as the config file's documentation says: its `browser` wins over
//! `$BROWSER` (which stands in for the default).

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;

use super::SourceArgs;
use crate::app::{Keymap, MarkRead};
use crate::library::dirs::Dirs;
use crate::library::remote::FetchOptions;
use crate::library::source::{IndexSpec, SourceSpec};
use crate::library::sources::SourceDef;
use crate::library::store::{Depth, Writes};
use crate::model::SourceId;
use crate::tui::ReaderOptions;
use crate::ui::Theme;

/// Moves the cache (tests point it at a temporary folder).
pub const CACHE_DIR_ENV: &str = "BRIEF_CACHE_DIR";
/// Moves the data directory.
pub const DATA_DIR_ENV: &str = "BRIEF_DATA_DIR";
/// The GitHub REST API base URL (tests use a loopback server).
pub const GITHUB_API_ENV: &str = "BRIEF_GITHUB_API";
/// Comma-separated extra `host:port`s laid out like raw.githubusercontent.com.
pub const GITHUB_RAW_HOSTS_ENV: &str = "BRIEF_GITHUB_RAW_HOSTS";
/// Any non-empty value draws without colour (<https://no-color.org>), whatever the
/// config file's theme.
pub const NO_COLOR_ENV: &str = "NO_COLOR";
/// The browser command when the config file names none.
pub const BROWSER_ENV: &str = "BROWSER";

/// Everything the library and the reader are told from outside.
#[derive(Debug, Clone)]
pub struct Settings {
    /// What `--source` and `--offline` ask for.
    pub source: SourceSpec,
    /// The newsletters the reader follows, as configured: the default newsletter alone
    /// when the config lists none.
    pub sources: Vec<SourceDef>,
    pub fetch: FetchOptions,
    pub dirs: Dirs,
    pub reader: ReaderOptions,
}

impl Settings {
    /// These settings for a command that prints first: stores left to a writer after
    /// it (`deferred`), and the same loading only `depth` deep (`heads`).
    pub fn deferred_at(&self, depth: Depth) -> (Settings, Settings) {
        let mut deferred = self.clone();
        deferred.fetch.writes = Writes::Deferred;
        let mut heads = deferred.clone();
        heads.fetch.depth = depth;
        (deferred, heads)
    }

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

/// What one layer (the flags, the environment, the config file) sets; None where it
/// says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    pub cache_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub jobs: Option<usize>,
    pub github_api: Option<String>,
    pub github_raw_hosts: Option<Vec<String>>,
    pub offline: Option<bool>,
    pub sources: Option<Vec<SourceDef>>,
    /// The default bindings with the layer's changes.
    pub keymap: Option<Keymap>,
    pub theme: Option<Theme>,
    pub browser: Option<String>,
    pub browser_in_terminal: Option<bool>,
    /// `Duration::ZERO`: never refresh on its own.
    pub refresh_interval: Option<Duration>,
    pub mark_read: Option<MarkRead>,
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
            github_api: text(GITHUB_API_ENV).filter(|v| !v.is_empty()),
            github_raw_hosts: text(GITHUB_RAW_HOSTS_ENV).map(|hosts| {
                hosts
                    .split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
            theme: var(NO_COLOR_ENV)
                .filter(|v| !v.is_empty())
                .map(|_| Theme::mono()),
            browser: text(BROWSER_ENV).filter(|v| !v.trim().is_empty()),
            ..Layer::default()
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
            offline: self.offline.or(lower.offline),
            sources: self.sources.or(lower.sources),
            keymap: self.keymap.or(lower.keymap),
            theme: self.theme.or(lower.theme),
            browser: self.browser.or(lower.browser),
            browser_in_terminal: self.browser_in_terminal.or(lower.browser_in_terminal),
            refresh_interval: self.refresh_interval.or(lower.refresh_interval),
            mark_read: self.mark_read.or(lower.mark_read),
        }
    }
}

/// The layers in their order: `flags` over `environment` over `file`, except that the
/// file's browser wins over the environment's (`$BROWSER`).
pub fn stack(flags: Layer, environment: Layer, file: Layer) -> Layer {
    let browser = (flags.browser.clone())
        .or(file.browser.clone())
        .or(environment.browser.clone());
    Layer {
        browser,
        ..flags.over(environment).over(file)
    }
}

/// The settings for this run: `flags` over the process environment over the config
/// file's layer `file` over the defaults.
pub fn resolve(args: &SourceArgs, flags: Layer, file: Layer) -> anyhow::Result<Settings> {
    let environment = Layer::from_env(|name| std::env::var_os(name));
    Ok(settings(
        args,
        stack(flags, environment, file),
        Dirs::standard()?,
    ))
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
        offline: layer.offline.unwrap_or(false),
    };
    let defaults = ReaderOptions::default();
    let reader = ReaderOptions {
        keymap: layer.keymap.unwrap_or(defaults.keymap),
        theme: layer.theme.unwrap_or(defaults.theme),
        browser: layer.browser,
        browser_in_terminal: layer
            .browser_in_terminal
            .unwrap_or(defaults.browser_in_terminal),
        refresh_interval: match layer.refresh_interval {
            Some(interval) => Some(interval).filter(|i| !i.is_zero()),
            None => defaults.refresh_interval,
        },
        mark_read: layer.mark_read.unwrap_or(defaults.mark_read),
    };
    Settings {
        source,
        fetch,
        dirs,
        sources: layer
            .sources
            .filter(|sources| !sources.is_empty())
            .unwrap_or_else(|| vec![SourceDef::default_newsletter()]),
        reader,
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
        let flags = Layer {
            offline: Some(args.offline),
            ..flags
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

    #[test]
    fn flags_beat_the_environment_which_beats_the_file() {
        let file = Layer {
            cache_dir: Some(PathBuf::from("/file")),
            data_dir: Some(PathBuf::from("/file-data")),
            offline: Some(false),
            theme: Some(Theme::light()),
            refresh_interval: Some(Duration::from_secs(60)),
            ..Layer::default()
        };
        let env = environment(&[
            (CACHE_DIR_ENV, "/env"),
            (DATA_DIR_ENV, "/env-data"),
            (NO_COLOR_ENV, "1"),
        ]);
        let flags = Layer {
            cache_dir: Some(PathBuf::from("/flag")),
            offline: Some(true),
            ..Layer::default()
        };
        let layer = stack(flags, env.clone(), file.clone());
        let settings = settings(&SourceArgs::default(), layer, standard());
        assert_eq!(settings.dirs.cache, PathBuf::from("/flag"), "flag over env");
        assert_eq!(
            settings.dirs.data,
            PathBuf::from("/env-data"),
            "env over file"
        );
        assert!(settings.source.offline, "flag over file");
        assert_eq!(
            settings.reader.theme,
            Theme::mono(),
            "NO_COLOR over the file's theme"
        );
        assert_eq!(
            settings.reader.refresh_interval,
            Some(Duration::from_secs(60)),
            "the file over the default"
        );
        let without_env = settings_from(Layer::default(), Layer::default(), file);
        assert_eq!(without_env.dirs.cache, PathBuf::from("/file"));
        assert_eq!(without_env.reader.theme, Theme::light());
        assert!(!without_env.source.offline);
    }

    fn settings_from(flags: Layer, env: Layer, file: Layer) -> Settings {
        settings(&SourceArgs::default(), stack(flags, env, file), standard())
    }

    #[test]
    fn the_files_browser_beats_dollar_browser_which_beats_the_system_opener() {
        let env = environment(&[(BROWSER_ENV, "firefox")]);
        let file = Layer {
            browser: Some("w3m".to_string()),
            ..Layer::default()
        };
        let reader = |env: &Layer, file: &Layer| {
            settings_from(Layer::default(), env.clone(), file.clone()).reader
        };
        assert_eq!(reader(&env, &file).browser.as_deref(), Some("w3m"));
        assert_eq!(
            reader(&env, &Layer::default()).browser.as_deref(),
            Some("firefox")
        );
        assert_eq!(reader(&Layer::default(), &Layer::default()).browser, None);
        assert_eq!(
            environment(&[(BROWSER_ENV, "  ")]).browser,
            None,
            "blank says nothing"
        );
    }

    #[test]
    fn no_color_needs_a_value() {
        assert_eq!(environment(&[(NO_COLOR_ENV, "")]).theme, None);
        assert_eq!(
            environment(&[(NO_COLOR_ENV, "0")]).theme,
            Some(Theme::mono())
        );
    }

    #[test]
    fn without_a_config_the_reader_has_its_defaults() {
        let settings = settings(&SourceArgs::default(), Layer::default(), standard());
        assert_eq!(settings.reader, ReaderOptions::default());
        assert_eq!(settings.sources, [SourceDef::default_newsletter()]);
    }
}
