//! Fetching one file: HTTP(S) with validators, retries, redirects and limits, or a local file.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ureq::Agent;
use ureq::http::{HeaderMap, Response, header};
use url::Url;

use super::bounded::{self, Origin, Refused, human_bytes};
use super::cancel::Cancel;
use crate::text::{escape_line, show_path};

/// Limits and timings of every request.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    /// The whole request, body included.
    pub request_timeout: Duration,
    pub body_cap: u64,
    pub max_redirects: u32,
    /// Attempts per file for transient failures (timeouts, 5xx, cut bodies).
    pub tries: u32,
    /// First pause between attempts; doubled each time.
    pub backoff: Duration,
    /// The longest `Retry-After` (on 429 and 503) brief waits before asking again;
    /// a server asking for longer gets no retry.
    pub max_retry_after: Duration,
    pub user_agent: String,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            body_cap: 5 * 1024 * 1024,
            max_redirects: 5,
            tries: 3,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
            user_agent: format!("brief/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// What a server said about a version of a file, to ask later whether it changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    /// These validators, updated by whatever the response headers carry.
    fn updated_by(&self, headers: &HeaderMap) -> Validators {
        let read = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .filter(|v| v.len() < 512)
                .map(str::to_string)
        };
        Validators {
            etag: read(header::ETAG).or_else(|| self.etag.clone()),
            last_modified: read(header::LAST_MODIFIED).or_else(|| self.last_modified.clone()),
        }
    }
}

/// A successful answer.
#[derive(Debug)]
pub enum Reply {
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
    NotModified {
        validators: Validators,
    },
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("rate limited (HTTP {0})")]
    RateLimited(u16),
    /// A 429 or 503 saying when to come back (`Retry-After`, in seconds).
    #[error("HTTP {code}: the server asks to wait {}s", wait.as_secs())]
    Busy { code: u16, wait: Duration },
    #[error("HTTP {0}")]
    Status(u16),
    #[error("timed out")]
    Timeout,
    #[error("larger than the {} limit", human_bytes(*.0))]
    TooLarge(u64),
    #[error("the connection closed before the whole file arrived")]
    Truncated,
    #[error("{0}")]
    Redirect(String),
    #[error("{0}")]
    Network(String),
    #[error("cancelled")]
    Cancelled,
}

impl FetchError {
    /// Worth another try: the same request may well succeed in a moment.
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout | FetchError::Truncated => true,
            FetchError::Status(code) => *code >= 500,
            _ => false,
        }
    }
}

/// Fetches `http`, `https` and `file` URLs.
#[derive(Clone)]
pub struct Client {
    agent: Agent,
    options: HttpOptions,
}

/// One hop's outcome: a final response, or where to go next.
enum Hop {
    Done(Reply),
    Redirect(Url),
}

impl Client {
    pub fn new(options: HttpOptions) -> Client {
        let agent: Agent = Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.request_timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .https_only(false)
            .user_agent(options.user_agent.as_str())
            .build()
            .into();
        Client { agent, options }
    }

    /// GETs `url`, conditionally when `validators` has anything, retrying transient
    /// failures with backoff. `accept` sets the Accept header.
    pub fn get(
        &self,
        url: &Url,
        validators: &Validators,
        accept: Option<&str>,
        cancel: &Cancel,
    ) -> Result<Reply, FetchError> {
        if url.scheme() == "file" {
            return self.read_file(url, validators);
        }
        let mut pause = self.options.backoff;
        let mut attempt = 1;
        loop {
            if cancel.is_cancelled() {
                return Err(FetchError::Cancelled);
            }
            let retries_left = attempt < self.options.tries;
            match self.follow_redirects(url, validators, accept) {
                Err(err) if err.is_transient() && retries_left => {
                    cancel.sleep(pause);
                    pause *= 2;
                }
                Err(FetchError::Busy { wait, .. })
                    if wait <= self.options.max_retry_after && retries_left =>
                {
                    cancel.sleep(wait);
                }
                // A 429 not retried is a rate limit: the run stops asking.
                Err(FetchError::Busy { code: 429, .. }) => {
                    return Err(FetchError::RateLimited(429));
                }
                other => return other,
            }
            attempt += 1;
        }
    }

    fn follow_redirects(
        &self,
        url: &Url,
        validators: &Validators,
        accept: Option<&str>,
    ) -> Result<Reply, FetchError> {
        let mut current = url.clone();
        for _ in 0..=self.options.max_redirects {
            match self.request(&current, validators, accept)? {
                Hop::Done(reply) => return Ok(reply),
                Hop::Redirect(next) => {
                    check_redirect(&current, &next)?;
                    current = next;
                }
            }
        }
        Err(FetchError::Redirect(format!(
            "more than {} redirects",
            self.options.max_redirects
        )))
    }

    fn request(
        &self,
        url: &Url,
        validators: &Validators,
        accept: Option<&str>,
    ) -> Result<Hop, FetchError> {
        let mut request = self.agent.get(url.as_str());
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT, accept);
        }
        let response = request.call().map_err(classify)?;
        self.interpret(url, response, validators)
    }

    fn interpret(
        &self,
        url: &Url,
        mut response: Response<ureq::Body>,
        validators: &Validators,
    ) -> Result<Hop, FetchError> {
        let status = response.status();
        let code = status.as_u16();
        if status.is_redirection() && code != 304 {
            return redirect_target(url, response.headers()).map(Hop::Redirect);
        }
        let reply = match code {
            200 => {
                let bytes = response
                    .body_mut()
                    .with_config()
                    .limit(self.options.body_cap)
                    .read_to_vec()
                    .map_err(classify)?;
                Reply::Body {
                    validators: Validators::default().updated_by(response.headers()),
                    bytes,
                }
            }
            304 => Reply::NotModified {
                validators: validators.updated_by(response.headers()),
            },
            404 | 410 => Reply::Missing,
            429 | 503 => {
                return Err(match retry_after(response.headers()) {
                    Some(wait) => FetchError::Busy { code, wait },
                    None if code == 429 => FetchError::RateLimited(code),
                    None => FetchError::Status(code),
                });
            }
            403 => return Err(FetchError::RateLimited(code)),
            _ => return Err(FetchError::Status(code)),
        };
        Ok(Hop::Done(reply))
    }

    /// A local file, with its SHA-256 standing in for an ETag.
    fn read_file(&self, url: &Url, validators: &Validators) -> Result<Reply, FetchError> {
        let path = url.to_file_path().map_err(|()| {
            FetchError::Network(format!("{}: not a local path", escape_line(url.as_str())))
        })?;
        let bytes = match bounded::read(&path, self.options.body_cap, Origin::Found) {
            Ok(bytes) => bytes,
            Err(Refused::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Reply::Missing);
            }
            Err(Refused::TooLarge { cap }) => return Err(FetchError::TooLarge(cap)),
            Err(refused) => {
                return Err(FetchError::Network(format!(
                    "{}: {refused}",
                    show_path(&path)
                )));
            }
        };
        let etag = Some(format!("\"{}\"", sha256_hex(&bytes)));
        if validators.etag == etag {
            return Ok(Reply::NotModified {
                validators: validators.clone(),
            });
        }
        Ok(Reply::Body {
            bytes,
            validators: Validators {
                etag,
                last_modified: None,
            },
        })
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `Retry-After` in seconds (the HTTP-date form is not read: the answer is then
/// treated as if it had none).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse().ok().map(Duration::from_secs)
}

fn redirect_target(url: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let location = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| FetchError::Redirect("a redirect without a usable Location".into()))?;
    url.join(location)
        .map_err(|_| FetchError::Redirect("a redirect to an invalid URL".into()))
}

/// Redirects stay on the same host and never go from https to http.
fn check_redirect(from: &Url, to: &Url) -> Result<(), FetchError> {
    if from.scheme() == "https" && to.scheme() != "https" {
        return Err(FetchError::Redirect(format!(
            "refused a redirect from https to {}",
            to.scheme()
        )));
    }
    if !matches!(to.scheme(), "http" | "https") || to.host_str() != from.host_str() {
        return Err(FetchError::Redirect(format!(
            "refused a redirect to another host ({})",
            to.host_str().unwrap_or("none")
        )));
    }
    Ok(())
}

fn classify(err: ureq::Error) -> FetchError {
    match err {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge(limit),
        ureq::Error::StatusCode(code) => FetchError::Status(code),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            FetchError::Truncated
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout,
        ureq::Error::Protocol(_) => FetchError::Truncated,
        other => FetchError::Network(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_may_upgrade_but_not_downgrade_or_leave_the_host() {
        let https = Url::parse("https://h/a").unwrap();
        let http = Url::parse("http://h/a").unwrap();
        assert!(check_redirect(&http, &https).is_ok());
        assert!(check_redirect(&https, &http).is_err());
        let other = Url::parse("https://evil/a").unwrap();
        assert!(check_redirect(&https, &other).is_err());
    }

    #[test]
    fn only_timeouts_5xx_and_cut_bodies_are_retried() {
        assert!(FetchError::Timeout.is_transient());
        assert!(FetchError::Status(503).is_transient());
        assert!(FetchError::Truncated.is_transient());
        assert!(!FetchError::Status(400).is_transient());
        assert!(!FetchError::RateLimited(429).is_transient());
        assert!(!FetchError::TooLarge(1).is_transient());
    }
}
