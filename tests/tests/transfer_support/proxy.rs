//! A fault-injecting HTTP/1.1 proxy in front of moto, for transfer tests: each request is
//! forwarded, answered with a 500, dropped before any response, or forwarded with its
//! response body cut in half — as a rule function decides from the request and how many
//! times the same request line was seen. One request per connection; 127.0.0.1 only.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A request as the proxy read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A query parameter's value (`partNumber`).
    pub fn query(&self, name: &str) -> Option<&str> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }

    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What to do with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Forward,
    /// Answer with an S3 `InternalError` of this status.
    Status(u16),
    /// Close the connection without answering.
    Reset,
    /// Forward, then send the response with only half its body and close.
    TruncateBody,
    /// Forward, with one byte in the middle of the body flipped (same length).
    CorruptBody,
    /// Forward, with 1 KiB more body than the server sent (and a `Content-Length` to match).
    LongBody,
}

/// Decides the fault for a request, given how many times its method, target (without
/// `uploadId`, which changes) and `Range` were seen before (0 the first time).
pub type Rule = dyn Fn(&Request, usize) -> Fault + Send + Sync;

/// A running proxy; stopped when dropped.
pub struct FaultProxy {
    port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    log: Arc<Mutex<Vec<(String, Fault)>>>,
}

struct Shared {
    upstream: String,
    rule: Box<Rule>,
    seen: Mutex<HashMap<String, usize>>,
    log: Arc<Mutex<Vec<(String, Fault)>>>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:PORT`).
    pub fn start(upstream: &str, rule: impl Fn(&Request, usize) -> Fault + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let upstream = upstream.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared =
            Arc::new(Shared { upstream, rule: Box::new(rule), seen: Mutex::new(HashMap::new()), log: log.clone() });
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &shared);
                });
            }
        });
        Self { port, stop, accept: Some(accept), log }
    }

    /// The URL clients use.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far (`METHOD target [range]`) with the fault applied.
    pub fn log(&self) -> Vec<(String, Fault)> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(handle) = self.accept.take() {
            let _ = handle.join();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn read_request(stream: &mut TcpStream) -> io::Result<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "no request"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (method, target) = (first.next().unwrap_or_default().to_owned(), first.next().unwrap_or_default().to_owned());
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())).collect();
    let mut request = Request { method, target, headers, body: buf[head_end..].to_vec() };
    let length: usize = request.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while request.body.len() < length {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        request.body.extend_from_slice(&chunk[..n]);
    }
    Ok(request)
}

fn forward(request: &Request, upstream: &str) -> io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream)?;
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
    for (k, v) in request.headers.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("connection")) {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    up.write_all(head.as_bytes())?;
    up.write_all(&request.body)?;
    let mut response = Vec::new();
    up.read_to_end(&mut response)?;
    Ok(response)
}

/// `response` with `extra` more body bytes and its `Content-Length` raised to match.
fn lengthened(response: &[u8], extra: usize) -> Vec<u8> {
    let head_end = find(response, b"\r\n\r\n").map_or(response.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&response[..head_end]);
    let body_len = response.len() - head_end + extra;
    let head: Vec<String> = head
        .split("\r\n")
        .map(|line| match line.split_once(':') {
            Some((name, _)) if name.eq_ignore_ascii_case("content-length") => format!("{name}: {body_len}"),
            _ => line.to_owned(),
        })
        .collect();
    let mut out = head.join("\r\n").into_bytes();
    out.extend_from_slice(&response[head_end..]);
    out.extend(std::iter::repeat_n(b'!', extra));
    out
}

fn serve(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let request = read_request(&mut stream)?;
    let line = format!("{} {}", request.method, request.target);
    let range = request.header("range").unwrap_or_default();
    let key = format!("{} {range}", line.split("uploadId=").next().unwrap_or_default());
    let seen = {
        let mut seen = shared.seen.lock().map_err(|_| io::Error::other("poisoned"))?;
        let count = seen.entry(key).or_insert(0);
        *count += 1;
        *count - 1
    };
    let fault = (shared.rule)(&request, seen);
    if let Ok(mut log) = shared.log.lock() {
        log.push((format!("{line} {range}").trim_end().to_owned(), fault));
    }
    match fault {
        Fault::Reset => Ok(()),
        Fault::Status(status) => {
            let body = "<Error><Code>InternalError</Code><Message>injected</Message></Error>";
            let response = format!(
                "HTTP/1.1 {status} Injected\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes())
        }
        Fault::Forward => stream.write_all(&forward(&request, &shared.upstream)?),
        Fault::TruncateBody => {
            let response = forward(&request, &shared.upstream)?;
            let head_end = find(&response, b"\r\n\r\n").map_or(response.len(), |i| i + 4);
            let keep = head_end + (response.len() - head_end) / 2;
            stream.write_all(&response[..keep])
        }
        Fault::CorruptBody => {
            let mut response = forward(&request, &shared.upstream)?;
            let head_end = find(&response, b"\r\n\r\n").map_or(response.len(), |i| i + 4);
            let middle = head_end + (response.len() - head_end) / 2;
            if let Some(byte) = response.get_mut(middle) {
                *byte ^= 0xff;
            }
            stream.write_all(&response)
        }
        Fault::LongBody => stream.write_all(&lengthened(&forward(&request, &shared.upstream)?, 1024)),
    }
}
