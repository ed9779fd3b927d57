//! The crate is built in floors, and an import only ever goes down: a module may use
//! its own floor's code (itself) and anything on a lower floor, never a higher one.
//! This test reads every source file and fails on an import that points up.

use std::fs;
use std::path::{Path, PathBuf};

/// Floors from the ground up; the modules on one floor do not use each other.
const FLOORS: &[&[&str]] = &[
    &["model"],
    &["text", "testing"],
    &["parse", "search"],
    &["library", "store"],
    &["app"],
    &["ui"],
    &["tui"],
    &["cli"],
    &["lib", "main"],
];

/// Longest source file, in lines.
const MAX_FILE_LINES: usize = 600;

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&module))
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/app/state.rs` → `app`, `src/model.rs` → `model`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    let first = Path::new(first);
    first
        .file_stem()
        .unwrap_or(first.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// Code without comments: `//` to the end of the line (doc comments included).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules named after `crate::`, including inside `crate::{a, b::c}`.
fn crate_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            found.extend(group_heads(group));
        } else {
            found.push(identifier(rest));
        }
    }
    found
}

/// The first identifier of each item of a `{…}` group (the text after its `{`).
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = vec![identifier(group.trim_start())];
    let mut depth = 1;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => break,
            '}' => depth -= 1,
            ',' if depth == 1 => heads.push(identifier(group[i + 1..].trim_start())),
            _ => {}
        }
    }
    heads.retain(|h| !h.is_empty() && h != "self");
    heads
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn imports_only_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let floor = floor_of(&module)
            .unwrap_or_else(|| panic!("{module} ({}) is on no floor", file.display()));
        let code = strip_comments(&fs::read_to_string(file).unwrap());
        for used in crate_modules(&code) {
            if used == module {
                continue;
            }
            let Some(used_floor) = floor_of(&used) else {
                continue;
            };
            if used_floor >= floor {
                wrong.push(format!("{}: {module} uses {used}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that do not point down:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_source_file_is_longer_than_the_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, lines)| *lines > MAX_FILE_LINES)
        .map(|(f, lines)| format!("{}: {lines} lines", f.display()))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_scanner_sees_grouped_and_nested_imports() {
    let code = "use crate::{app::{A, B}, ui};\nlet x = crate::cli::run();\nmy_crate::tui::x();";
    assert_eq!(crate_modules(code), ["app", "ui", "cli"]);
    assert_eq!(
        module_of(Path::new("src"), Path::new("src/app/state.rs")),
        "app"
    );
    assert_eq!(
        module_of(Path::new("src"), Path::new("src/model.rs")),
        "model"
    );
    assert_eq!(strip_comments("a // crate::ui\nb"), "a \nb");
}

/// The paths named (in backquotes) in the first column of README's layout table.
fn layout_table_paths() -> Vec<String> {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    let readme = readme.unwrap();
    let table = readme
        .split("\n## Layout\n")
        .nth(1)
        .expect("README has a Layout section");
    let table = table.split("\n## ").next().unwrap();
    let first_columns = table
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| line.strip_prefix("| ")?.split(" |").next());
    first_columns
        .flat_map(|column| column.split('`').skip(1).step_by(2).map(str::to_string))
        .collect()
}

/// What the layout table must name: each module of the crate root and each folder
/// one level below (`src/app/keymap/`), as `src/name.rs` or `src/name/`.
fn modules_to_describe(src: &Path) -> Vec<String> {
    let mut wanted = Vec::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            wanted.push(format!("src/{name}/"));
            for inner in fs::read_dir(&path).unwrap() {
                let inner = inner.unwrap().path();
                if inner.is_dir() {
                    let inner_name = inner.file_name().unwrap().to_string_lossy();
                    wanted.push(format!("src/{name}/{inner_name}/"));
                }
            }
        } else if name.ends_with(".rs") {
            wanted.push(format!("src/{name}"));
        }
    }
    wanted.sort();
    wanted
}

#[test]
fn the_readme_layout_table_matches_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let named = layout_table_paths();
    let missing: Vec<&String> = named.iter().filter(|p| !root.join(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "the layout table names {missing:?}, not in the tree"
    );
    let described = |path: &String| {
        let file_module = path.strip_suffix(".rs").map(|stem| format!("{stem}/"));
        named.contains(path) || file_module.is_some_and(|dir| named.contains(&dir))
    };
    let undescribed: Vec<String> = modules_to_describe(&root.join("src"))
        .into_iter()
        .filter(|path| !described(path))
        .collect();
    assert!(
        undescribed.is_empty(),
        "README's layout table does not name {undescribed:?}"
    );
}
