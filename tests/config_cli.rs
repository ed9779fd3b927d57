//! The config file as the binary uses it: `brief config path | default | check`, one
//! error line and exit status 2 for an invalid file whatever the command, warnings
//! for unknown options, and flags over environment over file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod isolate;

fn fixtures() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/library")
        .display()
        .to_string()
}

/// A folder for the config (and anything else) of one test.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Writes the standard config file.
    fn config(&self, text: &str) -> PathBuf {
        let folder = self.dir.path().join("xdg-config/brief");
        fs::create_dir_all(&folder).unwrap();
        let path = folder.join("config.toml");
        fs::write(&path, text).unwrap();
        path
    }

    /// Runs brief with `args`, `env` on top of an environment pointing every
    /// directory into the test's folder.
    fn brief(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let brief = Command::new(env!("CARGO_BIN_EXE_brief"));
        let mut command = isolate::isolated(brief, self.dir.path());
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("BRIEF_CACHE_DIR", self.dir.path().join("cache"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env_remove("BRIEF_CONFIG")
            .env_remove("NO_COLOR")
            .env_remove("BROWSER");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("run brief")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn config_path_names_brief_config_else_the_xdg_file() {
    let home = Home::new();
    let out = home.brief(&["config", "path"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = home.dir.path().join("xdg-config/brief/config.toml");
    assert_eq!(stdout(&out), format!("{}\n", expected.display()));
    let out = home.brief(&["config", "path"], &[("BRIEF_CONFIG", "elsewhere.toml")]);
    assert_eq!(stdout(&out), "elsewhere.toml\n");
}

#[test]
fn the_default_config_checks_clean_and_changes_nothing() {
    let home = Home::new();
    let default = home.brief(&["config", "default"], &[]);
    assert!(default.status.success());
    let without = home.brief(&["config", "check"], &[]);
    assert!(without.status.success(), "{}", stderr(&without));
    assert!(stdout(&without).contains("(none there: the defaults apply)"));
    home.config(&stdout(&default));
    let with = home.brief(&["config", "check"], &[]);
    assert!(with.status.success(), "{}", stderr(&with));
    assert_eq!(stderr(&with), "", "no warnings");
    let settings = |out: &Output| stdout(out).lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(settings(&with), settings(&without));
    let report = stdout(&with);
    for line in [
        "  embedded-ai  嵌入式AI简报  https://raw.githubusercontent.com/ysh329/awesome-embedded-ai/master/README.md",
        "offline: false",
        "refresh_interval: 1h",
        "browser: the system's opener",
        "browser_in_terminal: false",
        "mark_read: open",
        "theme: default",
        "keys: the defaults",
    ] {
        assert!(report.contains(line), "{line:?} in\n{report}");
    }
}

const INVALID: &str = "# keys\n[keys.browse]\nj = \"opne_link\"\n";
const INVALID_LINE: &str =
    "brief: config.toml:3:5: unknown command \"opne_link\" (did you mean \"open_link\"?)\n";

#[test]
fn an_invalid_file_stops_every_command_with_one_line_and_status_2() {
    let home = Home::new();
    fs::write(home.dir.path().join("config.toml"), INVALID).unwrap();
    let named = [("BRIEF_CONFIG", "config.toml")];
    let fixtures = fixtures();
    let commands: [&[&str]; 7] = [
        &[],
        &[fixtures.as_str()],
        &["list", fixtures.as_str()],
        &["show", "latest", fixtures.as_str()],
        &["search", "x", fixtures.as_str()],
        &["fetch", "--offline"],
        &["config", "check"],
    ];
    for args in commands {
        let out = home.brief(args, &named);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), INVALID_LINE, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
    }
    // Finding and replacing the broken file still works.
    for args in [["config", "path"], ["config", "default"]] {
        let out = home.brief(&args, &named);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_missing_named_file_is_an_error_and_a_missing_standard_one_is_not() {
    let home = Home::new();
    let out = home.brief(&["list", &fixtures()], &[("BRIEF_CONFIG", "nowhere.toml")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("brief: nowhere.toml: cannot read the config file: "),
        "{}",
        stderr(&out)
    );
    let out = home.brief(&["list", &fixtures()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn unknown_options_are_warned_about_and_the_command_runs() {
    let home = Home::new();
    home.config("offline = true\nrefresh_intervall = \"2h\"\n");
    let out = home.brief(&["list", &fixtures()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2024-01-08"));
    let shown = home.dir.path().join("xdg-config/brief/config.toml");
    assert_eq!(
        stderr(&out),
        format!(
            "brief: warning: {}:2:1: unknown option \"refresh_intervall\" (did you mean \
             \"refresh_interval\"?)\n",
            shown.display()
        )
    );
}

#[test]
fn flags_beat_the_environment_which_beats_the_file() {
    let home = Home::new();
    home.config(
        "offline = false\nbrowser = \"w3m -N\"\ntheme = \"light\"\nrefresh_interval = \"10m\"\n",
    );
    let check = |args: &[&str], env: &[(&str, &str)]| {
        let out = home.brief(args, env);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let report = check(&["config", "check"], &[]);
    assert!(report.contains("offline: false"), "{report}");
    assert!(report.contains("theme: light"), "{report}");
    assert!(report.contains("refresh_interval: 10m"), "{report}");
    let report = check(
        &["config", "check", "--offline"],
        &[("NO_COLOR", "1"), ("BROWSER", "firefox")],
    );
    assert!(report.contains("offline: true"), "the flag wins: {report}");
    assert!(report.contains("theme: mono"), "NO_COLOR wins: {report}");
    assert!(
        report.contains("browser: \"w3m -N\""),
        "the file's browser beats $BROWSER: {report}"
    );
    home.config("");
    let report = check(&["config", "check"], &[("BROWSER", "firefox")]);
    assert!(report.contains("browser: \"firefox\""), "{report}");
}

#[test]
fn a_file_name_with_control_characters_is_shown_without_them() {
    let home = Home::new();
    let name = "evil\u{1b}[2J.toml";
    fs::write(home.dir.path().join(name), INVALID).unwrap();
    let out = home.brief(&["list", &fixtures()], &[("BRIEF_CONFIG", name)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(
        err.starts_with("brief: evil[2J.toml:3:5: unknown command"),
        "{err:?}"
    );
    let out = home.brief(&["config", "path"], &[("BRIEF_CONFIG", name)]);
    assert!(!stdout(&out).contains('\u{1b}'));
}

#[test]
fn check_lists_sources_keys_and_theme_roles_as_resolved() {
    let home = Home::new();
    home.config(
        r##"
[theme]
name = "mono"
title = { underlined = true }

[keys.browse]
x = "next_issue"
"]" = "none"

[[source]]
name = "twir"
title = "This Week in Rust"
index = "https://raw.githubusercontent.com/rust-lang/this-week-in-rust/master/README.md"
repo = "rust-lang/this-week-in-rust"
branch = "master"
folder = "content"

[[source]]
name = "notes"
index = "notes"
"##,
    );
    let out = home.brief(&["config", "check"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    let notes = home.dir.path().join("xdg-config/brief/notes");
    for line in [
        "  twir  This Week in Rust  https://raw.githubusercontent.com/rust-lang/this-week-in-rust/master/README.md  (GitHub rust-lang/this-week-in-rust, branch master, folder content)".to_string(),
        format!("  notes  notes  {}", notes.display()),
        "theme: mono".to_string(),
        "  title: bold = true, underlined = true".to_string(),
        "  [keys.browse] \"x\" = \"next_issue\"".to_string(),
        "  [keys.browse] \"]\" = \"none\"  (was next_issue)".to_string(),
    ] {
        assert!(report.contains(&line), "{line:?} in\n{report}");
    }
}
