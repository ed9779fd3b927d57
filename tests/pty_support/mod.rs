//! Shared by the end-to-end tests: the real binary in a pseudo-terminal, read back
//! with a terminal emulator (vt100). `BROWSER` is a script that records its
//! arguments, so opening a link is observable.
#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

#[path = "../isolate/mod.rs"]
mod isolate;

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// Generous: CI machines are loaded; polling returns as soon as the screen is right.
pub const TIMEOUT: Duration = Duration::from_secs(30);
pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;

pub const SAFE_URL: &str = "https://example.com/int4?a=1&b=$(touch%20pwned);x";

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

/// Two issues in a temporary folder, a recording browser script, and room for the
/// reader's state (its log) and cache.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
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

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn recorded(&self) -> String {
        fs::read_to_string(self.path("opened.txt")).unwrap_or_default()
    }

    /// The reader's log file (under `XDG_STATE_HOME`).
    pub fn log(&self) -> String {
        fs::read_to_string(self.path("state/brief/brief.log")).unwrap_or_default()
    }

    /// `brief <fixture folder>` with `browser` as `$BROWSER`, state and cache inside
    /// the fixture.
    pub fn command(&self, browser: &str) -> CommandBuilder {
        let mut command = self.with_env(env!("CARGO_BIN_EXE_brief"), browser);
        command.arg(self.dir.path());
        command
    }

    /// `brief ARGS` (not the fixture folder) with the fixture's environment.
    pub fn command_with(&self, browser: &str, args: &[&str]) -> CommandBuilder {
        let mut command = self.with_env(env!("CARGO_BIN_EXE_brief"), browser);
        command.args(args);
        command
    }

    /// The reader's `state.db` (under `XDG_DATA_HOME`).
    pub fn state_db(&self) -> PathBuf {
        self.path("data/brief/state.db")
    }

    /// [`Fixture::command`] run by `sh -c 'trap "" HUP; brief …'`: a shell that ignores
    /// hang-ups and stays the session leader, so a closed terminal sends brief no SIGHUP.
    pub fn command_under_a_shell_ignoring_hup(&self, browser: &str) -> CommandBuilder {
        let mut command = self.with_env("sh", browser);
        let script = "trap '' HUP; \"$0\" \"$@\"; status=$?; exit $status";
        command.args(["-c", script, env!("CARGO_BIN_EXE_brief")]);
        command.arg(self.dir.path());
        command
    }

    fn with_env(&self, program: &str, browser: &str) -> CommandBuilder {
        let mut command = CommandBuilder::new(program);
        for (name, value) in isolate::environment(self.dir.path()) {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            }
        }
        command.env("BROWSER", browser);
        command.env("TERM", "xterm-256color");
        command.env("XDG_STATE_HOME", self.path("state"));
        command.env("XDG_DATA_HOME", self.path("data"));
        command.env("XDG_CACHE_HOME", self.path("cache"));
        // No config file but the one a test names (`BRIEF_CONFIG`).
        command.env("XDG_CONFIG_HOME", self.path("config"));
        command
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// A program in a pseudo-terminal; everything it writes goes to a vt100 screen and
/// is kept as bytes too.
pub struct Session {
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn MasterPty + Send>>,
    screen: Arc<Mutex<vt100::Parser>>,
    output: Arc<Mutex<Vec<u8>>>,
    /// Tells the output thread to let go of its handle on the terminal.
    hanging_up: Arc<AtomicBool>,
    pub child: Box<dyn Child + Send + Sync>,
}

impl Session {
    pub fn start(fixture: &Fixture, browser: &str) -> Session {
        Session::spawn(fixture.command(browser))
    }

    pub fn spawn(command: CommandBuilder) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
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
        let hanging_up = Arc::new(AtomicBool::new(false));
        let (screen_in, output_in) = (Arc::clone(&screen), Arc::clone(&output));
        let stop = Arc::clone(&hanging_up);
        thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut chunk) {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                screen_in.lock().unwrap().process(&chunk[..n]);
                output_in.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        Session {
            writer: Some(writer),
            master: Some(pty.master),
            screen,
            output,
            hanging_up,
            child,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Where the terminal shows its cursor (row, column), None when hidden.
    pub fn cursor(&self) -> Option<(u16, u16)> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        (!screen.hide_cursor()).then(|| screen.cursor_position())
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    /// How many bytes the program has written so far: a mark for [`Session::output_since`].
    pub fn mark(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// What the program wrote after `mark`, as text (escape sequences included).
    pub fn output_since(&self, mark: usize) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()[mark..]).into_owned()
    }

    /// Polls until the screen contains `text`, failing with the screen after the timeout.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("screen shows {text:?}"), || {
            self.contents().contains(text)
        });
    }

    pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
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

    pub fn keys(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("the terminal is still there");
        writer.write_all(bytes.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Sends `signal` (a name: `TERM`, `TSTP`, ...) to the program.
    pub fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .args([format!("-{signal}"), self.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{signal}");
    }

    /// Whether the program is stopped (job control), as `ps` reports it.
    pub fn stopped(&self) -> bool {
        let ps = Command::new("ps")
            .args(["-o", "stat=", "-p", &self.pid().to_string()])
            .output()
            .unwrap();
        String::from_utf8_lossy(&ps.stdout)
            .trim_start()
            .starts_with('T')
    }

    /// The path of the terminal the program runs in (`/dev/pts/N`).
    pub fn tty_name(&self) -> PathBuf {
        let master = self.master.as_ref().expect("the terminal is still there");
        master.tty_name().expect("a tty name")
    }

    /// Closes the terminal, as closing its window does: the program's side hangs up
    /// once every handle on ours is closed. A size change makes the program draw, so
    /// the output thread wakes up and lets go of its handle too.
    pub fn hang_up(&mut self) {
        self.hanging_up.store(true, Ordering::SeqCst);
        if let Some(master) = &self.master {
            let smaller = PtySize {
                rows: ROWS - 1,
                cols: COLS - 1,
                pixel_width: 0,
                pixel_height: 0,
            };
            master.resize(smaller).unwrap();
        }
        self.writer = None;
        self.master = None;
    }

    /// Waits for the program to exit, failing after the timeout.
    pub fn wait_exit(&mut self, what: &str) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < TIMEOUT, "{what}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends `q` until the reader exits (it may take one `q` per level), then waits for it.
    pub fn quit(&mut self) {
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
            // Quitting may wait a moment for a store being written: a second `q` sent
            // meanwhile would be echoed by the restored terminal.
            let sent = Instant::now();
            while sent.elapsed() < Duration::from_secs(2)
                && self.child.try_wait().unwrap().is_none()
            {
                thread::sleep(Duration::from_millis(20));
            }
        }
        self.wait_for_quiet_output();
    }

    /// Lets the output thread drain the last bytes.
    pub fn wait_for_quiet_output(&self) {
        let output = Arc::clone(&self.output);
        let mut last = 0;
        self.wait_until("the output stops growing", || {
            let len = output.lock().unwrap().len();
            let stable = len == last;
            last = len;
            stable
        });
    }

    /// The terminal is as the shell wants it: main screen, cursor shown, no mouse or
    /// paste reporting, and the last bytes written are the ones that restore it.
    pub fn assert_restored(&self) {
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

impl Drop for Session {
    /// A failed test leaves no program behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
