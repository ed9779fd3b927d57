use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::style::{Color, Modifier};

use super::*;
use crate::app::{Key, Keymap, MarkRead, Mode};
use crate::cli::settings::settings;
use crate::library::source::IndexSpec;
use crate::library::sources::{GithubFolder, SourceDef};
use crate::ui::Theme;

const FOLDER: &str = "/home/u/.config/brief";

fn parsed(text: &str) -> Loaded {
    parse(text, "config.toml", Path::new(FOLDER)).unwrap_or_else(|err| panic!("{err}"))
}

/// The one-line error for `text`.
fn error(text: &str) -> String {
    match parse(text, "config.toml", Path::new(FOLDER)) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(err) => err.to_string(),
    }
}

fn warnings(text: &str) -> Vec<String> {
    parsed(text)
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn standard() -> Dirs {
    Dirs {
        cache: PathBuf::from("/home/u/.cache/brief"),
        state: PathBuf::from("/home/u/.local/state/brief"),
        data: PathBuf::from("/home/u/.local/share/brief"),
        config: PathBuf::from(FOLDER),
    }
}

fn resolved(layer: Layer) -> Settings {
    settings(&SourceArgs::default(), layer, standard())
}

#[test]
fn a_full_file_sets_every_option() {
    let loaded = parsed(
        r##"
refresh_interval = "30m"
offline = true
browser = "w3m -o confirm_qq=false"
browser_in_terminal = true
mark_read = "select"

[theme]
name = "light"
selected = "#ff8800"
mark = { fg = "black", bg = "208", bold = false, italic = true }

[keys.browse]
x = "next_issue"
"]" = "none"
ctrl-n = "down"

[keys.links]
Enter = "copy_link"

[[source]]
name = "twir"
index = "https://raw.githubusercontent.com/rust-lang/this-week-in-rust/master/README.md"
repo = "rust-lang/this-week-in-rust"
folder = "content"

[[source]]
name = "local"
title = "  Mine  "
index = "issues"
"##,
    );
    assert!(loaded.found);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let layer = loaded.layer;
    assert_eq!(layer.refresh_interval, Some(Duration::from_secs(30 * 60)));
    assert_eq!(layer.offline, Some(true));
    assert_eq!(layer.browser.as_deref(), Some("w3m -o confirm_qq=false"));
    assert_eq!(layer.browser_in_terminal, Some(true));
    assert_eq!(layer.mark_read, Some(MarkRead::Select));
    let theme = layer.theme.clone().expect("a theme");
    assert_eq!(theme.name, "light");
    assert_eq!(theme.selected.fg, Some(Color::Rgb(0xff, 0x88, 0)));
    assert_eq!(theme.selected.bg, Theme::light().selected.bg, "bg kept");
    assert_eq!(theme.mark.bg, Some(Color::Indexed(208)));
    assert!(theme.mark.add_modifier.contains(Modifier::ITALIC));
    assert!(!theme.mark.add_modifier.contains(Modifier::BOLD));
    let keymap = layer.keymap.clone().expect("a keymap");
    assert_eq!(
        keymap
            .browse()
            .lookup(Key::Char('x'))
            .map(|c| c.to_string()),
        Some("next_issue".into())
    );
    assert_eq!(keymap.browse().lookup(Key::Char(']')), None);
    assert_eq!(
        keymap
            .browse()
            .lookup(Key::Ctrl('n'))
            .map(|c| c.to_string()),
        Some("down".into())
    );
    assert_eq!(
        keymap.links().lookup(Key::Enter).map(|c| c.to_string()),
        Some("copy_link".into())
    );
    let sources = layer.sources.clone().expect("sources");
    assert_eq!(
        sources[0],
        SourceDef {
            id: crate::model::SourceId::new("twir").unwrap(),
            title: "twir".to_string(),
            index: IndexSpec::Url(
                "https://raw.githubusercontent.com/rust-lang/this-week-in-rust/master/README.md"
                    .to_string()
            ),
            github: Some(GithubFolder {
                repo: "rust-lang/this-week-in-rust".to_string(),
                branch: "master".to_string(),
                folder: "content".to_string(),
            }),
        },
        "the branch comes from the index URL"
    );
    assert_eq!(sources[1].title, "Mine");
    assert_eq!(
        sources[1].index,
        IndexSpec::Path(Path::new(FOLDER).join("issues"))
    );
    assert_eq!(sources[1].github, None);
    let settings = resolved(layer);
    assert!(settings.source.offline);
    assert_eq!(settings.sources, sources);
    assert_eq!(
        settings.reader.refresh_interval,
        Some(Duration::from_secs(1800))
    );
}

#[test]
fn the_default_file_documents_every_option_and_holds_the_defaults() {
    let text = default_text();
    let loaded = parsed(&text);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let from_file = resolved(loaded.layer.clone());
    let defaults = resolved(Layer::default());
    assert_eq!(from_file.sources, defaults.sources);
    assert_eq!(from_file.sources, [SourceDef::default_newsletter()]);
    assert_eq!(from_file.reader, defaults.reader);
    assert_eq!(from_file.source, defaults.source);
    // Every option, role, mode and command is named in it.
    let documented = raw::OPTIONS
        .iter()
        .chain(&raw::SOURCE_OPTIONS)
        .chain(&raw::STYLE_OPTIONS)
        .chain(&crate::ui::theme::ROLES)
        .chain(&Theme::NAMES)
        .map(|s| s.to_string())
        .chain(
            Mode::ALL
                .into_iter()
                .flat_map(|m| Keymap::default().command_names(m)),
        );
    for name in documented {
        assert!(text.contains(&name), "{name} is not documented");
    }
    // The commented lines are valid too, uncommented.
    let uncommented = text
        .replace("# browser = ", "browser = ")
        .replace("# selected = ", "selected = ");
    let loaded = parsed(&uncommented);
    assert_eq!(loaded.layer.browser.as_deref(), Some("firefox --new-tab"));
}

#[test]
fn an_unknown_command_names_its_place_and_the_nearest_command() {
    let text =
        "# a comment\n\n[keys.browse]\nx = \"next_issue\"\n\n\n\n\n\n\n\nj = \"opne_link\"\n";
    assert_eq!(
        error(text),
        r#"config.toml:12:5: unknown command "opne_link" (did you mean "open_link"?)"#
    );
    assert_eq!(
        error("[keys.links]\nx = \"next_issue\"\n"),
        r#"config.toml:2:5: "next_issue" is not a command in links mode, only in browse"#
    );
    assert_eq!(
        error("[keys.help]\nx = \"fly\"\n"),
        "config.toml:2:5: unknown command \"fly\" in help mode (`brief config default` lists the commands)"
    );
}

#[test]
fn every_error_kind_has_its_line_and_column() {
    let cases = [
        // TOML syntax.
        ("offline = tru\n", "config.toml:1:11: "),
        ("a = 1\n[keys\n", "config.toml:2:6: "),
        ("x = 1\nx = 2\n", "config.toml:2:1: "),
        // Types.
        (
            "offline = \"yes\"\n",
            "config.toml:1:11: invalid type: string \"yes\", expected a boolean",
        ),
        (
            "[[source]]\nname = 3\n",
            "config.toml:2:8: invalid type: integer `3`, expected a string",
        ),
        (
            "[keys]\nbrowse = 1\n",
            "config.toml:2:10: invalid type: integer `1`, expected a map",
        ),
        (
            "theme = 3\n",
            "config.toml:1:9: invalid type: integer `3`, expected a theme name or a table of roles",
        ),
        // Values.
        (
            "refresh_interval = \"5 fortnights\"\n",
            "config.toml:1:20: invalid refresh_interval \"5 fortnights\": ",
        ),
        (
            "mark_read = \"opne\"\n",
            "config.toml:1:13: unknown mark_read \"opne\" (did you mean \"open\"?)",
        ),
        (
            "browser = \"w3m 'x\"\n",
            "config.toml:1:11: browser \"w3m 'x\" does not split into words: ",
        ),
        ("browser = \" \"\n", "config.toml:1:11: browser is empty"),
        (
            "theme = \"ligth\"\n",
            "config.toml:1:9: unknown theme \"ligth\" (did you mean \"light\"?)",
        ),
        (
            "[theme]\nname = \"sepia\"\n",
            "config.toml:2:8: unknown theme \"sepia\" (default, light or mono)",
        ),
        (
            "[theme]\nselected = \"orenge\"\n",
            "config.toml:2:12: unknown color \"orenge\"",
        ),
        (
            "[theme]\nmark = { bg = \"#12345\" }\n",
            "config.toml:2:15: unknown color \"#12345\"",
        ),
        (
            "[keys.brwose]\nx = \"quit\"\n",
            "config.toml:1:7: unknown mode \"brwose\" (did you mean \"browse\"?)",
        ),
        (
            "[keys.browse]\nshift-x = \"quit\"\n",
            "config.toml:2:1: \"shift-x\" is not a key: ",
        ),
        (
            "[[source]]\nname = \"This Week\"\nindex = \"x\"\n",
            "config.toml:2:8: \"This Week\" is not a valid source name",
        ),
        (
            "[[source]]\nname = \"a\"\nindex = \"ftp://x/y\"\n",
            "config.toml:3:9: index \"ftp://x/y\": only http(s) URLs",
        ),
        (
            "[[source]]\nname = \"a\"\nindex = \"https://\"\n",
            "config.toml:3:9: index \"https://\" is not a valid URL",
        ),
        (
            "[[source]]\nname = \"a\"\nindex = \"\"\n",
            "config.toml:3:9: index is empty",
        ),
        (
            "[[source]]\nname = \"a\"\nindex = \"x\"\nrepo = \"just-a-name\"\n",
            "config.toml:4:8: repo \"just-a-name\" is not owner/name",
        ),
        (
            "[[source]]\nname = \"a\"\nindex = \"x\"\nfolder = \"content\"\n",
            "config.toml:4:10: branch and folder name a place",
        ),
        (
            "[[source]]\nname = \"a\"\nindex = \"x\"\nrepo = \"o/r\"\nfolder = \"../up\"\n",
            "config.toml:5:10: \"../up\" is not a plain repository path",
        ),
        (
            "[[source]]\nindex = \"x\"\n",
            "config.toml:1:1: missing field `name`",
        ),
        (
            "[[source]]\nname = \"a\"\nindex = \"x\"\n[[source]]\nname = \"a\"\nindex = \"y\"\n",
            "config.toml:5:8: source name \"a\" is used twice (first on line 2)",
        ),
    ];
    for (text, expected) in cases {
        let got = error(text);
        assert!(
            got.starts_with(expected),
            "{text:?}\n got: {got}\nwant: {expected}…"
        );
    }
}

#[test]
fn the_first_problem_in_the_file_is_the_one_reported() {
    let text = "mark_read = \"x\"\n[theme]\nname = \"y\"\n[keys.browse]\nx = \"z\"\n";
    assert!(
        error(text).starts_with("config.toml:1:13: "),
        "{}",
        error(text)
    );
    let text = "[keys.browse]\nx = \"z\"\n[[source]]\nname = \"A\"\nindex = \"i\"\n";
    assert!(
        error(text).starts_with("config.toml:2:5: "),
        "{}",
        error(text)
    );
}

#[test]
fn a_key_bound_twice_in_a_mode_names_both_bindings() {
    let text = "[keys.browse]\nctrl-d = \"next_issue\"\n\"Ctrl-D\" = \"prev_issue\"\n";
    assert_eq!(
        error(text),
        "config.toml:3:1: ctrl-d is bound twice in browse mode: to next_issue (line 2) and to \
         prev_issue"
    );
    let text = "[keys.search]\nenter = \"accept\"\nreturn = \"none\"\n";
    assert_eq!(
        error(text),
        "config.toml:3:1: enter is bound twice in search mode: to accept (line 2) and to none"
    );
    // The same key in two modes is no conflict, nor the same binding twice.
    parsed("[keys.browse]\nx = \"quit\"\n[keys.links]\nx = \"quit\"\n");
    parsed("[keys.browse]\nenter = \"quit\"\nreturn = \"quit\"\n");
}

#[test]
fn unknown_options_are_warnings_with_their_place() {
    let text = "offline = true\n\nrefresh_intervall = \"2h\"\n[[source]]\nname = \"a\"\nindex = \"x\"\nnmae = \"b\"\n[theme]\nselectd = \"red\"\nmark = { bolt = true }\n";
    assert_eq!(
        warnings(text),
        [
            r#"config.toml:3:1: unknown option "refresh_intervall" (did you mean "refresh_interval"?)"#,
            r#"config.toml:7:1: unknown option "source.nmae" (did you mean "name"?)"#,
            r#"config.toml:9:1: unknown theme role "selectd" (did you mean "selected"?)"#,
            r#"config.toml:10:10: unknown option "theme.mark.bolt" (did you mean "bold"?)"#,
        ]
    );
    // Nothing else changed: the known options still apply.
    let loaded = parsed(text);
    assert_eq!(loaded.layer.offline, Some(true));
    assert_eq!(loaded.layer.refresh_interval, None);
    assert_eq!(
        warnings("colour = 1\n"),
        [r#"config.toml:1:1: unknown option "colour""#]
    );
}

#[test]
fn never_and_zero_turn_the_automatic_refresh_off() {
    for value in ["never", "0", "Never"] {
        let layer = parsed(&format!("refresh_interval = \"{value}\"\n")).layer;
        assert_eq!(resolved(layer).reader.refresh_interval, None, "{value}");
    }
    let layer = parsed("refresh_interval = \"1day\"\n").layer;
    assert_eq!(
        resolved(layer).reader.refresh_interval,
        Some(Duration::from_secs(86_400))
    );
    assert_eq!(
        resolved(Layer::default()).reader.refresh_interval,
        Some(Duration::from_secs(3600))
    );
}

#[test]
fn a_theme_is_a_name_or_a_table() {
    assert_eq!(
        parsed("theme = \"mono\"\n").layer.theme,
        Some(Theme::mono())
    );
    let theme = parsed("[theme]\nheader = \"bright-blue\"\n")
        .layer
        .theme
        .unwrap();
    assert_eq!(
        theme.name, "default",
        "a table without a name restyles the default"
    );
    assert_eq!(theme.header.fg, Some(Color::LightBlue));
    assert_eq!(
        theme.header.add_modifier,
        Theme::default().header.add_modifier
    );
}

#[test]
fn relative_and_home_paths_of_a_source() {
    let layer = parsed("[[source]]\nname = \"a\"\nindex = \"../issues/README.md\"\n[[source]]\nname = \"b\"\nindex = \"/srv/news\"\n").layer;
    let sources = layer.sources.unwrap();
    assert_eq!(
        sources[0].index,
        IndexSpec::Path(PathBuf::from("/home/u/.config/brief/../issues/README.md"))
    );
    assert_eq!(
        sources[1].index,
        IndexSpec::Path(PathBuf::from("/srv/news"))
    );
}

#[test]
fn an_empty_source_list_means_the_default_newsletter() {
    let layer = parsed("source = []\n").layer;
    assert_eq!(resolved(layer).sources, [SourceDef::default_newsletter()]);
}

#[test]
fn the_file_is_found_where_brief_config_says_else_in_the_config_folder() {
    let dir = Path::new("/home/u/.config/brief");
    assert_eq!(
        Location::find(None, Some(dir)),
        Some(Location {
            path: dir.join("config.toml"),
            named: false
        })
    );
    assert_eq!(
        Location::find(Some("".into()), Some(dir)),
        Location::find(None, Some(dir)),
        "an empty BRIEF_CONFIG says nothing"
    );
    assert_eq!(
        Location::find(Some("/tmp/b.toml".into()), Some(dir)),
        Some(Location {
            path: PathBuf::from("/tmp/b.toml"),
            named: true
        })
    );
    assert_eq!(Location::find(None, None), None);
}

#[test]
fn a_missing_file_means_defaults_unless_it_was_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let standard = Location {
        path: path.clone(),
        named: false,
    };
    let loaded = load(Some(&standard)).unwrap();
    assert!(!loaded.found);
    assert_eq!(loaded.layer, Layer::default());
    let named = Location {
        path: path.clone(),
        named: true,
    };
    let err = load(Some(&named)).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "{}: cannot read the config file: ",
            path.display()
        )),
        "{err}"
    );
    assert!(load(None).is_ok_and(|l| !l.found));
}

#[test]
fn unreadable_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let folder = Location {
        path: dir.path().to_path_buf(),
        named: false,
    };
    assert!(load(Some(&folder)).unwrap_err().message.contains("folder"));
    let path = dir.path().join("config.toml");
    std::fs::write(&path, b"offline = true\n# \xff\xfe\n").unwrap();
    let file = Location {
        path: path.clone(),
        named: false,
    };
    assert_eq!(
        load(Some(&file)).unwrap_err().to_string(),
        format!("{}:2:3: not UTF-8 text", path.display())
    );
    std::fs::write(&path, vec![b'#'; (MAX_BYTES + 1) as usize]).unwrap();
    assert!(
        load(Some(&file))
            .unwrap_err()
            .message
            .contains("larger than")
    );
    std::fs::write(
        &path,
        "offline = true\n[[source]]\nname = \"a\"\nindex = \"news\"\n",
    )
    .unwrap();
    let loaded = load(Some(&file)).unwrap();
    assert_eq!(loaded.layer.offline, Some(true));
    assert_eq!(
        loaded.layer.sources.unwrap()[0].index,
        IndexSpec::Path(dir.path().join("news")),
        "relative to the file's folder"
    );
}
