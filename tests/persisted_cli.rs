//! `brief list` and `brief search` through the persisted library and search index print
//! byte for byte what they print without them: cold, warm, with several processes
//! writing the store at once, and with a cache that cannot be written (then nothing
//! extra is printed either).

mod corpus_dir;
mod isolate;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread;

use brief::testing::synth::{issue_id, issue_markdown};
use proptest::prelude::*;

/// Standard output, error output and exit code of one run.
type Printed = (Vec<u8>, Vec<u8>, Option<i32>);

/// `brief ARGS LIBRARY` with its cache in `cache`, and its other folders (its reading
/// state among them) in a fresh folder of its own.
fn brief(args: &[&str], library: &Path, cache: &Path) -> Printed {
    let home = tempfile::tempdir().unwrap();
    brief_at(args, library, cache, home.path())
}

/// [`brief`] with its other folders (its reading state among them) in `home`.
fn brief_at(args: &[&str], library: &Path, cache: &Path, home: &Path) -> Printed {
    printed(&mut brief_command(args, library, cache, home))
}

/// `brief ARGS LIBRARY`, its folders in `home` and its cache in `cache`, not yet run.
fn brief_command(args: &[&str], library: &Path, cache: &Path, home: &Path) -> Command {
    let mut command = isolate::isolated(Command::new(env!("CARGO_BIN_EXE_brief")), home);
    command
        .args(args)
        .arg(library)
        .env("BRIEF_CACHE_DIR", cache)
        .env("NO_COLOR", "1");
    command
}

fn printed(command: &mut Command) -> Printed {
    let output: Output = command.output().expect("brief runs");
    (output.stdout, output.stderr, output.status.code())
}

/// A cache directory that cannot be made: under a regular file.
fn blocked_cache(dir: &Path) -> PathBuf {
    let file = dir.join("not-a-folder");
    fs::write(&file, "x").unwrap();
    file.join("cache")
}

fn synthetic_library(dir: &Path, issues: &[usize]) -> PathBuf {
    let library = dir.join("issues");
    fs::create_dir_all(&library).unwrap();
    for &n in issues {
        fs::write(
            library.join(format!("{}.md", issue_id(n))),
            issue_markdown(n),
        )
        .unwrap();
    }
    library
}

const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["search", "量化"],
    &["search", "--json", "量化"],
    &["search", "--json", "tvm -剪枝 section:论文"],
    &["search", "title:npu"],
];

/// Each command's output without a store, then cold and warm with one.
fn assert_same_with_and_without_store(library: &Path, dir: &Path, commands: &[&[&str]]) {
    let blocked = blocked_cache(dir);
    let cache = dir.join("cache");
    for args in commands {
        let expected = brief(args, library, &blocked);
        assert!(expected.2.is_some_and(|c| c <= 1), "{args:?}: {expected:?}");
        for round in ["cold", "warm", "warm again"] {
            let before = cache_files(&cache);
            let printed = brief(args, library, &cache);
            assert!(
                printed == expected,
                "{args:?} {round}: {}\n---\n{}",
                String::from_utf8_lossy(&printed.0),
                String::from_utf8_lossy(&printed.1)
            );
            if round == "warm again" {
                // Warm, nothing is written: the store and the saved index were used.
                assert_eq!(cache_files(&cache), before, "{args:?}");
                let indexes = before.iter().filter(|(n, _)| n.ends_with(".index"));
                let expected = usize::from(args[0] == "search");
                assert_eq!(indexes.count(), expected, "{args:?} {before:?}");
            }
        }
    }
}

/// The files of the cache's library folder, with their modification times.
fn cache_files(cache: &Path) -> Vec<(String, std::time::SystemTime)> {
    let mut files: Vec<_> = fs::read_dir(cache.join("library"))
        .map(|dir| {
            dir.flatten()
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, e.metadata().unwrap().modified().unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn the_corpus_lists_and_searches_the_same_with_and_without_the_store() {
    let Some(corpus) = corpus_dir::issues_dir() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut commands: Vec<&[&str]> = COMMANDS.to_vec();
    commands.extend_from_slice(&[
        &["search", "--json", "a"],
        &["search", "--json", "\"paddle lite\""],
        &["search", "--json", "--limit", "3", "ncnn"],
        &["search", "--json", "date:2020-06 -tvm"],
        &["search", "zzzz-not-there"],
    ]);
    assert_same_with_and_without_store(&corpus, dir.path(), &commands);
}

#[test]
fn the_digests_list_show_and_search_the_same_with_and_without_the_store() {
    let digests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/digests");
    let folders = [
        ("twir/content", "2024-01-10-this-week-in-rust"),
        ("weekly/docs", "free-music"),
        ("hellogithub/content", "en/HelloGitHub99"),
    ];
    for (folder, id) in folders {
        let dir = tempfile::tempdir().unwrap();
        let commands: &[&[&str]] = &[
            &["list"],
            &["list", "--json"],
            &["list", "--all"],
            &["list", "--all", "--json"],
            &["show", "latest"],
            &["show", "--json", "latest"],
            &["show", "--json", id],
            // Prose (intros, sections' own text) and entries.
            &["search", "toycrate"],
            &["search", "--json", "toycrate"],
            &["search", "--json", "fictional fix"],
            &["search", "--json", "a"],
            &["search", "the"],
            &["search", "--json", "--limit", "2", "rust"],
            &["search", "--json", "section:cargo a"],
            &["search", "--json", "from:content a"],
            &["search", "--json", "-from:content a"],
            &["search", "--json", "github"],
            &["search", "工具"],
            &["search", "zzzz-not-there"],
        ];
        assert_same_with_and_without_store(&digests.join(folder), dir.path(), commands);
    }
}

#[test]
fn a_cache_that_cannot_be_written_changes_nothing_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let library = synthetic_library(dir.path(), &[1, 2, 3]);
    let blocked = blocked_cache(dir.path());
    for args in COMMANDS {
        let printed = brief(args, &library, &blocked);
        assert!(
            printed.1.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&printed.1)
        );
    }
    assert_same_with_and_without_store(&library, dir.path(), COMMANDS);
    // A folder without write permission (moot when the tests run as root).
    let read_only = dir.path().join("read-only");
    fs::create_dir(&read_only).unwrap();
    set_mode(&read_only, 0o555);
    for args in COMMANDS {
        let expected = brief(args, &library, &blocked);
        assert_eq!(brief(args, &library, &read_only), expected, "{args:?}");
    }
    set_mode(&read_only, 0o755);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn processes_writing_the_store_at_once_all_print_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let library = synthetic_library(dir.path(), &(0..12).collect::<Vec<_>>());
    let blocked = blocked_cache(dir.path());
    let cache = dir.path().join("cache");
    for round in 0..3 {
        if round > 0 {
            // Something changed: every process rebuilds at once.
            let text = issue_markdown(round).replace("量化", "量子");
            fs::write(library.join(format!("{}.md", issue_id(round))), text).unwrap();
        }
        for args in [&["list", "--json"][..], &["search", "--json", "量化"]] {
            let expected = brief(args, &library, &blocked);
            let runs: Vec<Printed> = thread::scope(|scope| {
                let handles: Vec<_> = (0..4)
                    .map(|_| scope.spawn(|| brief(args, &library, &cache)))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for printed in runs {
                assert!(printed == expected, "round {round} {args:?}");
            }
            assert_eq!(brief(args, &library, &cache), expected, "after");
        }
    }
    let leftovers: Vec<String> = fs::read_dir(cache.join("library"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `brief list` counts an issue's unread entries from its head (its entries' hashes)
/// when the issue has read marks: it prints what it prints without a store (where
/// whole issues are counted), and decodes no body. (Seen with the last issue changed
/// behind brief's back, its size and time kept, and its body in the store damaged:
/// decoding it would fail and the changed file be parsed.)
#[test]
fn read_marks_are_counted_from_the_heads_as_from_whole_issues() {
    let dir = tempfile::tempdir().unwrap();
    let library = synthetic_library(dir.path(), &(0..60).collect::<Vec<_>>());
    let blocked = blocked_cache(dir.path());
    let cache = dir.path().join("cache");
    let (plain, stored) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let run = |args: &[&str], cache: &Path, home: &Path| {
        let printed = brief_at(args, &library, cache, home);
        assert!(printed.2 == Some(0), "{args:?}: {printed:?}");
        String::from_utf8(printed.0).unwrap()
    };
    let both = |args: &[&str]| {
        let expected = run(args, &blocked, plain.path());
        assert_eq!(run(args, &cache, stored.path()), expected, "{args:?}");
        expected
    };
    assert!(!both(&["list"]).contains("all read"));
    let store = cache.join("library").join(&cache_files(&cache)[0].0);
    let whole = fs::read(&store).unwrap();
    // Its last 64 KiB page holds bodies only: the last issue's among them.
    assert!(whole.len() > 3 << 16, "{}", whole.len());
    let last = library.join(format!("{}.md", issue_id(59)));
    let read_issue = issue_id(3);
    let lists: [&[&str]; 3] = [&["list"], &["list", "--json"], &["list", "--json", "--all"]];
    let marks: [&[&str]; 2] = [&["mark-read", &read_issue], &["mark-read", "--all"]];
    for (round, mark) in marks.into_iter().enumerate() {
        both(mark);
        let expected: Vec<String> = lists.iter().map(|args| both(args)).collect();
        assert_eq!(expected[0].matches("all read").count(), [1, 60][round]);
        let restore = change_behind_the_back(&last);
        assert_ne!(run(&["list"], &blocked, plain.path()), expected[0]);
        let mut damaged = whole.clone();
        *damaged.last_mut().unwrap() ^= 0x20;
        fs::write(&store, &damaged).unwrap();
        let before = cache_files(&cache);
        for (args, expected) in lists.iter().zip(&expected) {
            assert_eq!(&run(args, &cache, stored.path()), expected, "{args:?}");
        }
        assert_eq!(
            cache_files(&cache),
            before,
            "{mark:?}: the store was written"
        );
        restore();
        fs::write(&store, &whole).unwrap();
    }
    // An issue changed since it was read: its new entry is unread.
    let changed = library.join(format!("{}.md", issue_id(5)));
    let text = fs::read_to_string(&changed).unwrap();
    let at = text.find("\n## ").unwrap() + 1;
    let at = at + text[at..].find('\n').unwrap() + 1;
    let entry = "\n- [A made-up entry | nowhere](https://example.com/made-up)\n";
    fs::write(&changed, format!("{}{entry}{}", &text[..at], &text[at..])).unwrap();
    for _ in 0..2 {
        let listed = both(&["list"]);
        assert!(listed.contains(" 1 unread"), "{listed}");
        both(&["list", "--json"]);
    }
}

/// Changes `file` keeping its size and modification time (one entry fewer, spaces
/// at the end in its place); what puts it back.
fn change_behind_the_back(file: &Path) -> impl FnOnce() + use<> {
    let file = file.to_path_buf();
    let text = fs::read_to_string(&file).unwrap();
    let modified = fs::metadata(&file).unwrap().modified().unwrap();
    let start = text.find("\n- [").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap() + 1;
    let changed = format!(
        "{}{}{}",
        &text[..start],
        &text[end..],
        " ".repeat(end - start)
    );
    let put = move |text: &str| {
        fs::write(&file, text).unwrap();
        let opened = fs::File::options().write(true).open(&file).unwrap();
        opened.set_modified(modified).unwrap();
    };
    put(&changed);
    move || put(&text)
}

/// `brief ARGS LIBRARY` as a user runs it (the writing left to a detached brief), its
/// folders in `home` and its cache in `cache`.
fn brief_detached(args: &[&str], library: &Path, cache: &Path, home: &Path) -> Printed {
    printed(brief_command(args, library, cache, home).env_remove("BRIEF_STORE_WRITES"))
}

/// Waits until a file of the cache's library folder ends with `suffix`, then until no
/// writer holds the writers' lock (a detached writer takes it before it writes
/// anything, and keeps it to its end).
fn wait_for_writer(cache: &Path, suffix: &str) {
    let folder = cache.join("library");
    let start = std::time::Instant::now();
    while !cache_files(cache).iter().any(|(n, _)| n.ends_with(suffix)) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "no {suffix} written: {:?}",
            cache_files(cache)
        );
        thread::sleep(std::time::Duration::from_millis(20));
    }
    let lock = fs::File::open(folder.join("writer.lock")).unwrap();
    lock.lock().unwrap();
}

#[test]
fn a_cold_run_prints_first_and_a_detached_brief_writes_the_store_and_index() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let library = synthetic_library(dir.path(), &(0..30).collect::<Vec<_>>());
    let blocked = blocked_cache(dir.path());
    let cache = dir.path().join("cache");
    for (args, written) in [
        (&["list", "--json"][..], ".brief"),
        (&["search", "--json", "量化"], ".index"),
    ] {
        let expected = brief(args, &library, &blocked);
        let cold = brief_detached(args, &library, &cache, home.path());
        assert!(cold == expected, "{args:?} cold");
        wait_for_writer(&cache, written);
        let before = cache_files(&cache);
        assert!(
            before.iter().any(|(n, _)| n.ends_with(written)),
            "{before:?}"
        );
        let warm = brief_detached(args, &library, &cache, home.path());
        assert!(warm == expected, "{args:?} warm");
        // Warm: nothing was behind, so no writer was started (none holds the lock,
        // and nothing changed).
        let lock = fs::File::open(cache.join("library/writer.lock")).unwrap();
        lock.lock().unwrap();
        assert_eq!(cache_files(&cache), before, "{args:?}");
    }
}

/// `brief write-library [--index] LIBRARY` (what a cold run detaches), in the
/// foreground.
fn write_library(index: bool, library: &Path, cache: &Path) -> Printed {
    let args: &[&str] = if index {
        &["write-library", "--index"]
    } else {
        &["write-library"]
    };
    brief(args, library, cache)
}

#[test]
fn the_writer_writes_only_what_is_behind_and_mends_a_damaged_index() {
    let dir = tempfile::tempdir().unwrap();
    let library = synthetic_library(dir.path(), &(0..12).collect::<Vec<_>>());
    let blocked = blocked_cache(dir.path());
    let cache = dir.path().join("cache");
    let search = &["search", "--json", "量化"][..];
    let expected = brief(search, &library, &blocked);
    assert_eq!(
        write_library(false, &library, &cache),
        (vec![], vec![], Some(0))
    );
    let stored = cache_files(&cache);
    assert!(
        stored.iter().any(|(n, _)| n.ends_with(".brief")),
        "{stored:?}"
    );
    assert!(
        !stored.iter().any(|(n, _)| n.ends_with(".index")),
        "{stored:?}"
    );
    // The store is current: written again by nobody.
    assert_eq!(write_library(false, &library, &cache).2, Some(0));
    assert_eq!(cache_files(&cache), stored);
    assert_eq!(write_library(true, &library, &cache).2, Some(0));
    let index = cache_files(&cache)
        .into_iter()
        .find(|(n, _)| n.ends_with(".index"))
        .map(|(n, _)| cache.join("library").join(n))
        .expect("an index");
    // A byte changed deep inside (the header still reads, only a search that reads
    // that page sees it): a writer asked builds the index again all the same.
    let mut bytes = fs::read(&index).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x5a;
    fs::write(&index, &bytes).unwrap();
    assert_eq!(write_library(true, &library, &cache).2, Some(0));
    assert_ne!(
        fs::read(&index).unwrap(),
        bytes,
        "the index was written again"
    );
    let before = cache_files(&cache);
    assert_eq!(brief(search, &library, &cache), expected);
    assert_eq!(cache_files(&cache), before, "the index written is used");
}

/// The index a search reads while the load checks it (that of the stores found
/// last time) is not printed from once the library changed: neither when the store is
/// behind the files, nor when the store was written again but the index was not.
#[test]
fn an_index_searched_before_the_load_tells_it_is_stale_is_not_printed_from() {
    let dir = tempfile::tempdir().unwrap();
    let issues: Vec<usize> = (0..12).collect();
    let library = synthetic_library(dir.path(), &issues);
    let blocked = blocked_cache(dir.path());
    let cache = dir.path().join("cache");
    let search = &["search", "--json", "tpu"][..];
    assert_eq!(write_library(true, &library, &cache).2, Some(0));
    assert_eq!(
        brief(search, &library, &cache),
        brief(search, &library, &blocked)
    );
    for edited in [3, 7] {
        let text = issue_markdown(edited).replace("GPU", "TPU");
        fs::write(library.join(format!("{}.md", issue_id(edited))), text).unwrap();
        let expected = brief(search, &library, &blocked);
        assert_eq!(expected.2, Some(0), "the edit adds a match");
        // The store is behind the files.
        assert_eq!(brief(search, &library, &cache), expected, "{edited}");
        // The store is current again, the index is not.
        assert_eq!(write_library(false, &library, &cache).2, Some(0));
        assert_eq!(brief(search, &library, &cache), expected, "{edited}");
    }
}

const WORDS: &[&str] = &[
    "量化",
    "剪枝",
    "tvm",
    "npu",
    "int8",
    "gpu",
    "模型",
    "arm",
    "lite",
    "卷积",
    "benchmark",
];
const FILTERS: &[&str] = &["", "title:", "source:", "section:", "-"];

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(FILTERS), prop::sample::select(WORDS)),
        1..3,
    )
    .prop_map(|terms| {
        terms
            .iter()
            .map(|(filter, word)| format!("{filter}{word}"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Random libraries (random issues, some edited between runs) and random queries:
    /// the store and the saved index never change what is printed.
    #[test]
    fn random_libraries_and_queries_print_the_same(
        issues in prop::collection::btree_set(0usize..300, 1..12),
        edit in 0usize..12,
        queries in prop::collection::vec(query(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let issues: Vec<usize> = issues.into_iter().collect();
        let library = synthetic_library(dir.path(), &issues);
        let blocked = blocked_cache(dir.path());
        let cache = dir.path().join("cache");
        for step in 0..2 {
            if step == 1 {
                let n = issues[edit % issues.len()];
                let text = issue_markdown(n).replace("GPU", "TPU");
                fs::write(library.join(format!("{}.md", issue_id(n))), text).unwrap();
            }
            for query in &queries {
                for args in [&["search", "--json", query][..], &["search", query]] {
                    let expected = brief(args, &library, &blocked);
                    for _ in 0..2 {
                        prop_assert_eq!(&brief(args, &library, &cache), &expected);
                    }
                }
            }
        }
    }
}
