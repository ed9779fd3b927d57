//! A test's brief never touches the user's files nor reads their settings: every
//! folder brief finds on its own (config, cache, data, state) points inside the test's
//! folder, and the user's variables that would change what a test sees are dropped.
//! Each spawning helper applies these first, then sets what its test is about.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Variables of the user's that a test's brief must not see.
const DROPPED: [&str; 8] = [
    "BRIEF_CONFIG",
    "BRIEF_CACHE_DIR",
    "BRIEF_DATA_DIR",
    "BRIEF_GITHUB_API",
    "BRIEF_GITHUB_RAW_HOSTS",
    "NO_COLOR",
    "BROWSER",
    "COLORTERM",
];

/// The environment for a brief whose own folders live under `root`: each variable
/// with `Some(value)` to set, `None` to remove. The home folder is made (a pseudo-
/// terminal starts its program there); brief makes the others as it needs them.
pub fn environment(root: &Path) -> Vec<(&'static str, Option<PathBuf>)> {
    let _ = std::fs::create_dir_all(root.join("home"));
    let mut vars = vec![
        ("HOME", Some(root.join("home"))),
        ("XDG_CONFIG_HOME", Some(root.join("config"))),
        ("XDG_CACHE_HOME", Some(root.join("cache"))),
        ("XDG_DATA_HOME", Some(root.join("data"))),
        ("XDG_STATE_HOME", Some(root.join("state"))),
        // The persisted library written by brief itself after its output, not by a
        // detached brief that would race the test and outlive its folder.
        ("BRIEF_STORE_WRITES", Some(PathBuf::from("foreground"))),
    ];
    vars.extend(DROPPED.map(|name| (name, None)));
    vars
}

/// `command` with [`environment`] applied.
pub fn isolated(mut command: std::process::Command, root: &Path) -> std::process::Command {
    for (name, value) in environment(root) {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command
}

/// `brief ARGS` run to its end with every folder of its own in a temporary folder,
/// gone after it.
pub fn brief_output(args: &[&str]) -> std::process::Output {
    let root = tempfile::tempdir().expect("a temporary folder");
    isolated(
        std::process::Command::new(env!("CARGO_BIN_EXE_brief")),
        root.path(),
    )
    .args(args)
    .output()
    .expect("run brief")
}
