//! A loopback HTTP/1.1 server in GitHub's layout, for fetch tests and benches.
//!
//! Raw files live at `/OWNER/REPO/BRANCH/<path>`, the contents API at
//! `/api/repos/OWNER/REPO/contents/<folder>?ref=BRANCH`. Every response closes its
//! connection. Faults are switched per request path; every request is logged.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

pub const OWNER: &str = "ysh329";
pub const REPO: &str = "awesome-embedded-ai";
pub const BRANCH: &str = "master";
const LAST_MODIFIED: &str = "Wed, 01 Jan 2020 00:00:00 GMT";

/// A way for the server to misbehave on one path.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answer this status every time (404, 403, 429, 500...).
    Status(u16),
    /// Answer this status the first time, then behave.
    StatusOnce(u16),
    /// Answer this status with `Retry-After: seconds` the first time, then behave.
    RetryAfterOnce(u16, u64),
    /// Wait this long before answering.
    Slow(Duration),
    /// A 200 whose body never ends.
    Endless,
    /// A Content-Length larger than the bytes sent before closing.
    Truncated,
    /// A redirect to the same path, forever.
    RedirectLoop,
    /// A redirect to this absolute URL.
    RedirectTo(String),
    /// A 200 whose body is not UTF-8.
    NonUtf8,
    /// Conditional requests get a 304 carrying a new ETag.
    ChangedEtag,
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Record {
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    pub status: u16,
    pub body_bytes: usize,
    /// When the request arrived.
    pub at: Instant,
}

impl Record {
    pub fn conditional(&self) -> bool {
        self.if_none_match.is_some() || self.if_modified_since.is_some()
    }
}

#[derive(Default)]
struct State {
    /// Repository path → content.
    files: BTreeMap<String, Vec<u8>>,
    /// Absolute request paths served verbatim, outside the repository layout.
    routes: HashMap<String, Vec<u8>>,
    faults: HashMap<String, Fault>,
    fired: HashMap<String, u32>,
    log: Vec<Record>,
    latency: Duration,
}

pub struct Server {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub fn start(files: BTreeMap<String, Vec<u8>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State {
            files,
            ..State::default()
        }));
        let shared = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                thread::spawn(move || handle(stream, &state));
            }
        });
        Server { addr, state }
    }

    /// Serves a folder laid out like the repository (README.md, issue folders).
    pub fn from_dir(dir: &Path) -> Server {
        let mut files = BTreeMap::new();
        collect(dir, "", &mut files);
        Server::start(files)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn api_base(&self) -> String {
        format!("{}/api", self.base())
    }

    /// Request path of the repository file at `path`.
    pub fn raw_path(path: &str) -> String {
        format!("/{OWNER}/{REPO}/{BRANCH}/{path}")
    }

    pub fn listing_path(folder: &str) -> String {
        format!("/api/repos/{OWNER}/{REPO}/contents/{folder}")
    }

    pub fn raw_url(&self, path: &str) -> String {
        format!("{}{}", self.base(), Server::raw_path(path))
    }

    pub fn index_url(&self) -> String {
        self.raw_url("README.md")
    }

    pub fn set_file(&self, path: &str, bytes: impl Into<Vec<u8>>) {
        self.state().files.insert(path.to_string(), bytes.into());
    }

    pub fn set_route(&self, request_path: &str, bytes: impl Into<Vec<u8>>) {
        self.state()
            .routes
            .insert(request_path.to_string(), bytes.into());
    }

    /// Sets a fault on a request path (see [`Server::raw_path`], [`Server::listing_path`]).
    pub fn set_fault(&self, request_path: &str, fault: Fault) {
        let mut state = self.state();
        state.fired.remove(request_path);
        state.faults.insert(request_path.to_string(), fault);
    }

    pub fn clear_faults(&self) {
        let mut state = self.state();
        state.faults.clear();
        state.fired.clear();
    }

    pub fn set_latency(&self, latency: Duration) {
        self.state().latency = latency;
    }

    /// Requests that arrived for `request_path` since its fault was set (answered or not yet).
    pub fn arrivals(&self, request_path: &str) -> u32 {
        self.state()
            .fired
            .get(request_path)
            .copied()
            .unwrap_or_default()
    }

    pub fn log(&self) -> Vec<Record> {
        self.state().log.clone()
    }

    pub fn clear_log(&self) {
        self.state().log.clear();
    }
}

fn collect(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let key = format!("{prefix}{name}");
        if path.is_dir() {
            collect(&path, &format!("{key}/"), files);
        } else if let Ok(bytes) = std::fs::read(&path) {
            files.insert(key, bytes);
        }
    }
}

struct Request {
    path: String,
    headers: HashMap<String, String>,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let target = line.split_whitespace().nth(1)?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let path = target.split('?').next().unwrap_or_default().to_string();
    Some(Request { path, headers })
}

/// A response to write: status, extra headers, body, and how to send it.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    mode: Mode,
}

enum Mode {
    Normal,
    Endless,
    Truncated,
}

impl Response {
    fn new(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
            mode: Mode::Normal,
        }
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_nodelay(true);
    let Some(request) = read_request(&stream) else {
        return;
    };
    let at = Instant::now();
    let (latency, fault, fired) = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        let fault = state.faults.get(&request.path).cloned();
        let fired = state.fired.entry(request.path.clone()).or_default();
        *fired += 1;
        let fired = *fired;
        (state.latency, fault, fired)
    };
    thread::sleep(latency);
    if let Some(Fault::Slow(pause)) = &fault {
        thread::sleep(*pause);
    }
    let response = {
        let state = state.lock().unwrap_or_else(|e| e.into_inner());
        respond(&state, &request, fault.as_ref(), fired)
    };
    let sent = match response.mode {
        Mode::Normal => response.body.len(),
        _ => 0,
    };
    {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.log.push(Record {
            path: request.path.clone(),
            if_none_match: request.headers.get("if-none-match").cloned(),
            if_modified_since: request.headers.get("if-modified-since").cloned(),
            user_agent: request.headers.get("user-agent").cloned(),
            status: response.status,
            body_bytes: sent,
            at,
        });
    }
    let _ = write_response(&mut stream, response);
}

fn respond(state: &State, request: &Request, fault: Option<&Fault>, fired: u32) -> Response {
    match fault {
        Some(Fault::Status(code)) => return Response::new(*code, b"fault".to_vec()),
        Some(Fault::StatusOnce(code)) if fired == 1 => {
            return Response::new(*code, b"fault".to_vec());
        }
        Some(Fault::RetryAfterOnce(code, seconds)) if fired == 1 => {
            return Response::new(*code, b"busy".to_vec())
                .header("Retry-After", seconds.to_string());
        }
        Some(Fault::RedirectLoop) => {
            return Response::new(302, Vec::new()).header("Location", request.path.clone());
        }
        Some(Fault::RedirectTo(url)) => {
            return Response::new(302, Vec::new()).header("Location", url.clone());
        }
        _ => {}
    }
    let Some(body) = content(state, &request.path) else {
        return Response::new(404, b"404: Not Found".to_vec());
    };
    let body = match fault {
        Some(Fault::NonUtf8) => [&[0xff, 0xfe, 0xc3, 0x28][..], &body].concat(),
        _ => body,
    };
    let etag = etag_of(&body);
    let conditional = request.headers.get("if-none-match");
    match fault {
        Some(Fault::ChangedEtag) if conditional.is_some() => {
            let fresh = format!("\"changed-{fired}\"");
            return Response::new(304, Vec::new()).header("ETag", fresh);
        }
        Some(Fault::Endless) => {
            return Response {
                mode: Mode::Endless,
                ..Response::new(200, Vec::new())
            };
        }
        Some(Fault::Truncated) => {
            return Response {
                mode: Mode::Truncated,
                ..Response::new(200, body)
            };
        }
        _ => {}
    }
    let fresh = match (conditional, request.headers.get("if-modified-since")) {
        (Some(tag), _) => *tag == etag,
        (None, Some(date)) => date == LAST_MODIFIED,
        (None, None) => false,
    };
    let response = if fresh {
        Response::new(304, Vec::new())
    } else {
        Response::new(200, body)
    };
    response
        .header("ETag", etag)
        .header("Last-Modified", LAST_MODIFIED)
}

/// The bytes at `path`: a route, a raw repository file, or a generated folder listing.
fn content(state: &State, path: &str) -> Option<Vec<u8>> {
    if let Some(bytes) = state.routes.get(path) {
        return Some(bytes.clone());
    }
    if let Some(file) = path.strip_prefix(&format!("/{OWNER}/{REPO}/{BRANCH}/")) {
        return state.files.get(file).cloned();
    }
    let folder = path.strip_prefix(&format!("/api/repos/{OWNER}/{REPO}/contents/"))?;
    Some(listing(state, folder.trim_end_matches('/')))
}

fn listing(state: &State, folder: &str) -> Vec<u8> {
    let prefix = format!("{folder}/");
    let items: Vec<String> = state
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix(&prefix)?;
            if name.contains('/') {
                return None;
            }
            Some(format!(
                r#"{{"name":"{name}","path":"{path}","sha":"{}","size":{},"type":"file","download_url":"https://example.invalid/{path}"}}"#,
                etag_of(bytes).trim_matches('"'),
                bytes.len()
            ))
        })
        .collect();
    format!("[{}]", items.join(",")).into_bytes()
}

fn etag_of(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Other",
    }
}

fn write_response(stream: &mut TcpStream, response: Response) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match response.mode {
        Mode::Normal if response.status == 304 => {}
        Mode::Normal => head.push_str(&format!("Content-Length: {}\r\n", response.body.len())),
        Mode::Truncated => head.push_str(&format!(
            "Content-Length: {}\r\n",
            response.body.len() + 1000
        )),
        Mode::Endless => {}
    }
    head.push_str("\r\n");
    if let Mode::Endless = response.mode {
        stream.write_all(head.as_bytes())?;
        let chunk = vec![b'a'; 64 * 1024];
        loop {
            stream.write_all(&chunk)?;
        }
    }
    // One write: a head and body sent apart can wait on a delayed ACK.
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&response.body);
    stream.write_all(&bytes)?;
    stream.flush()
}
