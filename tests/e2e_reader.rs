//! The real binary in a pseudo-terminal, read back with a terminal emulator (vt100).
//! `BROWSER` is a script that records its arguments, so opening a link is observable.

use std::fs;
use std::io::{Read, Write};
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Generous: CI machines are loaded; polling returns as soon as the screen is right.
const TIMEOUT: Duration = Duration::from_secs(30);
const ROWS: u16 = 30;
const COLS: u16 = 100;

const SAFE_URL: &str = "https://example.com/int4?a=1&b=$(touch%20pwned);x";

const NEWEST: &str = "# 嵌入式AI简报 (2020-06-03)

导读：端到端测试用的期刊，中文与 English 混排。

## 业界新闻

- [端侧推理框架迎来 int4 权重量化 | 示例日报](https://example.com/int4?a=1&b=$(touch%20pwned);x)  
摘要：MNN 这类端侧框架正在把 int4 权重量化做成默认选项。
- [一个危险的链接 | 测试](javascript:alert(1))  
摘要：这个链接不应被打开。

## 往期回顾

| [2020-05-15](../embedded-ai-report/2020-05-15.md) |
";

const OLDER: &str = "# 嵌入式AI简报 (2020-05-15)

## 论文

- [低比特量化综述 | arXiv](https://arxiv.org/abs/2005.00001)  
摘要：综述。
";

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("2020-06-03.md"), NEWEST).unwrap();
        fs::write(dir.path().join("2020-05-15.md"), OLDER).unwrap();
        let script = dir.path().join("record-browser");
        let record = dir.path().join("opened.txt");
        let body = format!(
            "#!/bin/sh\nfor arg in \"$@\"; do printf '[%s]\\n' \"$arg\"; done >> '{}'\n",
            record.display()
        );
        fs::write(&script, body).unwrap();
        make_executable(&script);
        Fixture { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn recorded(&self) -> String {
        fs::read_to_string(self.path("opened.txt")).unwrap_or_default()
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

struct Session {
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    output: Arc<Mutex<Vec<u8>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(fixture: &Fixture, browser: &str) -> Session {
        Session::start_with(fixture, &[("BROWSER", browser)])
    }

    /// The reader on the fixture's issues with `env` set; no config file unless `env`
    /// names one.
    fn start_with(fixture: &Fixture, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
        command.arg(fixture.dir.path());
        for (name, value) in env {
            command.env(name, value);
        }
        command.env("TERM", "xterm-256color");
        command.env("XDG_CONFIG_HOME", fixture.path("config"));
        command.env("XDG_STATE_HOME", fixture.path("state"));
        command.env("XDG_CACHE_HOME", fixture.path("cache"));
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZero::new(ROWS).unwrap(),
            NonZero::new(COLS).unwrap(),
            0,
        )));
        let output = Arc::new(Mutex::new(Vec::new()));
        let (screen_in, output_in) = (Arc::clone(&screen), Arc::clone(&output));
        thread::spawn(move || {
            let _master = pty.master;
            let mut chunk = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut chunk) {
                screen_in.lock().unwrap().process(&chunk[..n]);
                output_in.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        Session {
            writer,
            screen,
            output,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    /// The screen's rows but the last (the status bar), without trailing blanks (a
    /// blank written and a cell cleared look the same).
    fn rows_above_status(&self) -> Vec<String> {
        let contents = self.contents();
        let mut rows: Vec<String> = contents.lines().map(|r| r.trim_end().to_string()).collect();
        rows.resize(usize::from(ROWS), String::new());
        rows.truncate(usize::from(ROWS) - 1);
        rows
    }

    /// Where the terminal shows its cursor (row, column), None when hidden.
    fn cursor(&self) -> Option<(u16, u16)> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        (!screen.hide_cursor()).then(|| screen.cursor_position())
    }

    /// Polls until the screen contains `text`, failing with the screen after the timeout.
    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("screen shows {text:?}"), || {
            self.contents().contains(text)
        });
    }

    fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if done() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting until {what}; screen:\n{}",
            self.contents()
        );
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends `q` until the reader exits (it may take one `q` per level), then waits for it.
    fn quit(&mut self) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "brief exited with {status:?}");
                break;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "brief did not quit; screen:\n{}",
                self.contents()
            );
            self.keys("q");
            thread::sleep(Duration::from_millis(200));
        }
        // Let the reader thread drain the last bytes.
        let output = Arc::clone(&self.output);
        let mut last = 0;
        self.wait_until("the output stops growing", || {
            let len = output.lock().unwrap().len();
            let stable = len == last;
            last = len;
            stable
        });
    }

    fn assert_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "alternate screen left");
        assert!(!screen.hide_cursor(), "cursor shown");
        assert!(!screen.bracketed_paste(), "bracketed paste off");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse off"
        );
        let output = self.output.lock().unwrap();
        let tail = String::from_utf8_lossy(&output[output.len().saturating_sub(64)..]).into_owned();
        assert!(
            tail.contains("\x1b[?1049l"),
            "ends leaving the alternate screen: {tail:?}"
        );
        assert!(
            tail.ends_with("\x1b[?25h"),
            "ends showing the cursor: {tail:?}"
        );
    }
}

#[test]
fn enter_on_an_entry_opens_its_link_in_the_browser() {
    let fixture = Fixture::new();
    let browser = format!("{} --new-tab", fixture.path("record-browser").display());
    let mut session = Session::start(&fixture, &browser);
    session.wait_for("Issues");
    session.wait_for("端侧推理框架迎来");
    // Into the first issue's entries; the first entry is selected.
    session.keys("\r");
    session.wait_for("entry 1/2");
    session.keys("\r");
    session.wait_for("opened https://example.com/int4");
    session.wait_until("the browser recorded a URL", || {
        !fixture.recorded().is_empty()
    });
    assert_eq!(fixture.recorded(), format!("[--new-tab]\n[{SAFE_URL}]\n"));
    assert!(!fixture.path("pwned").exists(), "no shell ran the URL");
    session.quit();
    session.assert_restored();
}

#[test]
fn a_javascript_link_is_refused_and_nothing_is_launched() {
    let fixture = Fixture::new();
    let mut session = Session::start(
        &fixture,
        &fixture.path("record-browser").display().to_string(),
    );
    session.wait_for("端侧推理框架迎来");
    session.keys("\r");
    session.wait_for("entry 1/2");
    session.keys("j");
    session.wait_for("entry 2/2");
    session.keys("\r");
    session.wait_for("refused to open a javascript: link");
    session.keys("k");
    session.wait_for("entry 1/2");
    session.keys("j");
    session.wait_for("entry 2/2");
    session.keys("o1");
    session.wait_for("refused to open a javascript: link");
    // Then a safe link: launches happen in key order, so once it is recorded, any
    // launch for the refused link would have been recorded before it.
    session.keys("k");
    session.wait_for("entry 1/2");
    session.keys("o");
    session.wait_until("the browser recorded a URL", || {
        !fixture.recorded().is_empty()
    });
    session.quit();
    session.assert_restored();
    assert_eq!(
        fixture.recorded(),
        format!("[{SAFE_URL}]\n"),
        "only the safe link was launched"
    );
}

#[test]
fn an_archive_link_goes_to_that_issue_inside_the_reader() {
    let fixture = Fixture::new();
    let mut session = Session::start(
        &fixture,
        &fixture.path("record-browser").display().to_string(),
    );
    session.wait_for("Archive");
    session.keys("1");
    session.wait_for("went to issue 2020-05-15");
    session.wait_for("issue 2/2");
    session.quit();
    session.assert_restored();
    assert_eq!(fixture.recorded(), "");
}

#[test]
fn a_cjk_search_goes_to_the_first_result_and_enter_opens_it() {
    let fixture = Fixture::new();
    let mut session = Session::start(
        &fixture,
        &fixture.path("record-browser").display().to_string(),
    );
    session.wait_for("端侧推理框架迎来");
    // Start from the other issue, so going to the first result is a real move.
    session.keys("]");
    session.wait_for("issue 2/2");
    session.keys("/");
    session.wait_for("type to search 2 issues");
    session.keys("量化");
    session.wait_for("2 entries in 2 issues");
    session.wait_until("the cursor sits after the query", || {
        session.cursor() == Some((0, 3 + 4))
    });
    session.keys("\r");
    session.wait_for("result 1/2");
    // Both titles match; the newer issue ranks first.
    session.wait_for("issue 1/2 · entry 1/2");
    assert!(session.contents().contains("BROWSE"));
    assert_eq!(session.cursor(), None, "no cursor outside the prompt");
    session.keys("\r");
    session.wait_until("the browser recorded a URL", || {
        !fixture.recorded().is_empty()
    });
    assert_eq!(fixture.recorded(), format!("[{SAFE_URL}]\n"));
    session.keys("n");
    session.wait_for("result 2/2");
    session.wait_for("issue 2/2 · entry 1/1");
    session.wait_for("低比特量化综述");
    session.quit();
    session.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

fn signal_restores_the_terminal(signal: &str) {
    let fixture = Fixture::new();
    let mut session = Session::start(&fixture, "true");
    session.wait_for("Issues");
    let pid = session.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    while !matches!(session.child.try_wait(), Ok(Some(_))) {
        assert!(start.elapsed() < TIMEOUT, "brief ignored SIG{signal}");
        thread::sleep(Duration::from_millis(50));
    }
    let output = Arc::clone(&session.output);
    session.wait_until("the restore sequence arrives", || {
        String::from_utf8_lossy(&output.lock().unwrap()).ends_with("\x1b[?25h")
    });
    session.assert_restored();
}

/// The reader on the first entry, configured to run `script` as a browser in the
/// terminal.
fn on_the_first_entry(fixture: &Fixture, script: &str) -> Session {
    let browser = fixture.path("terminal-browser");
    fs::write(&browser, script).unwrap();
    make_executable(&browser);
    let config = fixture.path("config.toml");
    let text = format!(
        "browser = '{}'\nbrowser_in_terminal = true\n",
        browser.display()
    );
    fs::write(&config, text).unwrap();
    let config = config.display().to_string();
    let mut session = Session::start_with(fixture, &[("BRIEF_CONFIG", &config)]);
    session.wait_for("端侧推理框架迎来");
    session.keys("\r");
    session.wait_for("entry 1/2");
    session
}

#[test]
fn a_browser_in_the_terminal_gets_the_keyboard_and_the_screen_comes_back() {
    let fixture = Fixture::new();
    let got = fixture.path("got.txt");
    let script = format!(
        "#!/bin/sh\nprintf 'TERMINAL BROWSER %s\\n' \"$1\"\nprintf 'type a line: '\n\
         IFS= read -r line\nprintf '%s' \"$line\" > '{}'\n",
        got.display()
    );
    let mut session = on_the_first_entry(&fixture, &script);
    session.wait_for("摘要：MNN");
    let before = session.rows_above_status();
    session.keys("o");
    session.wait_for("TERMINAL BROWSER https://example.com/int4");
    session.wait_for("type a line:");
    assert!(
        !session.alternate_screen(),
        "the browser has the main screen"
    );
    // Keys the reader would act on (down, right, quit, open): the browser gets them.
    session.keys("jjlqo hello\r");
    session.wait_until("the browser read its line", || {
        fs::read_to_string(&got).is_ok_and(|line| line == "jjlqo hello")
    });
    session.wait_until("the reader's screen is back", || {
        session.alternate_screen() && session.rows_above_status() == before
    });
    assert_eq!(session.cursor(), None, "the cursor is hidden again");
    // The reader reads the keyboard again.
    session.keys("j");
    session.wait_for("entry 2/2");
    session.quit();
    session.assert_restored();
}

#[test]
fn ctrl_c_in_a_terminal_browser_ends_the_browser_not_the_reader() {
    let fixture = Fixture::new();
    let script = "#!/bin/sh\nprintf 'TERMINAL BROWSER\\n'\nread -r line\n";
    let mut session = on_the_first_entry(&fixture, script);
    session.keys("o");
    session.wait_for("TERMINAL BROWSER");
    session.keys("\u{3}");
    session.wait_until("the reader's screen is back", || {
        session.alternate_screen() && session.contents().contains("端侧推理框架迎来")
    });
    session.wait_for("the browser exited with");
    session.keys("j");
    session.wait_for("entry 2/2");
    assert!(
        session.child.try_wait().unwrap().is_none(),
        "the reader runs"
    );
    session.quit();
    session.assert_restored();
}
