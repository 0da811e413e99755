//! Just enough HTTP/1.1 for SDK clients: request line and headers, a body by
//! `Content-Length` or chunked transfer coding, `Expect: 100-continue`, keep-alive.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::log::BODY_KEPT;

/// Longest request head accepted.
const MAX_HEAD: usize = 64 * 1024;

/// A parsed request.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// `Connection: close` or HTTP/1.0 without keep-alive.
    pub wants_close: bool,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why reading stopped.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed the connection between requests.
    Closed,
    /// The server is stopping.
    Stopped,
    /// Not HTTP we understand; answered with 400 and closed.
    Malformed(&'static str),
    Io(io::Error),
}

impl From<io::Error> for ReadError {
    fn from(err: io::Error) -> Self {
        ReadError::Io(err)
    }
}

/// One accepted connection and the bytes read from it but not used yet.
#[derive(Debug)]
pub(crate) struct Conn<'a> {
    pub stream: TcpStream,
    buf: Vec<u8>,
    stop: &'a AtomicBool,
}

impl<'a> Conn<'a> {
    /// `stream` must have a short read timeout: it is how a blocked read notices `stop`.
    pub fn new(stream: TcpStream, stop: &'a AtomicBool) -> Self {
        Conn { stream, buf: Vec::new(), stop }
    }

    /// Reads more bytes into the buffer; `Ok(0)` at end of stream.
    fn fill(&mut self) -> Result<usize, ReadError> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if self.stop.load(Ordering::SeqCst) {
                return Err(ReadError::Stopped);
            }
            match self.stream.read(&mut chunk) {
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(n);
                }
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Reads the next request head. `Err(Closed)` if the peer closed before sending one.
    pub fn read_head(&mut self) -> Result<Request, ReadError> {
        let end = loop {
            if let Some(pos) = find(&self.buf, b"\r\n\r\n") {
                break pos;
            }
            if self.buf.len() > MAX_HEAD {
                return Err(ReadError::Malformed("request head too long"));
            }
            if self.fill()? == 0 {
                return Err(if self.buf.is_empty() {
                    ReadError::Closed
                } else {
                    ReadError::Malformed("connection closed inside a request head")
                });
            }
        };
        let head: Vec<u8> = self.buf.drain(..end + 4).collect();
        parse_head(&head[..end])
    }

    /// Reads the body of `request`: returns its length and its first [`BODY_KEPT`] bytes.
    pub fn read_body(&mut self, request: &Request) -> Result<(u64, Vec<u8>), ReadError> {
        let chunked = request.header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
        let length = match request.header("content-length") {
            Some(v) => Some(v.trim().parse::<u64>().map_err(|_| ReadError::Malformed("bad Content-Length"))?),
            None => None,
        };
        let expects_continue = request.header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
        if expects_continue && (chunked || length.unwrap_or(0) > 0) {
            self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let mut body = Body::default();
        if chunked {
            self.read_chunked(&mut body)?;
        } else {
            self.read_exact_into(length.unwrap_or(0), &mut body)?;
        }
        Ok((body.len, body.kept))
    }

    fn read_exact_into(&mut self, mut remaining: u64, body: &mut Body) -> Result<(), ReadError> {
        while remaining > 0 {
            if self.buf.is_empty() && self.fill()? == 0 {
                return Err(ReadError::Malformed("connection closed inside a body"));
            }
            let take = usize::try_from(remaining).unwrap_or(usize::MAX).min(self.buf.len());
            body.push(&self.buf[..take]);
            self.buf.drain(..take);
            remaining -= take as u64;
        }
        Ok(())
    }

    fn read_line(&mut self) -> Result<String, ReadError> {
        loop {
            if let Some(pos) = find(&self.buf, b"\r\n") {
                let line: Vec<u8> = self.buf.drain(..pos + 2).collect();
                return String::from_utf8(line[..pos].to_vec())
                    .map_err(|_| ReadError::Malformed("chunk line is not UTF-8"));
            }
            if self.buf.len() > MAX_HEAD {
                return Err(ReadError::Malformed("chunk line too long"));
            }
            if self.fill()? == 0 {
                return Err(ReadError::Malformed("connection closed inside a chunked body"));
            }
        }
    }

    fn read_chunked(&mut self, body: &mut Body) -> Result<(), ReadError> {
        loop {
            let line = self.read_line()?;
            let size_text = line.split(';').next().unwrap_or("").trim();
            let size = u64::from_str_radix(size_text, 16).map_err(|_| ReadError::Malformed("bad chunk size"))?;
            if size == 0 {
                // Trailer fields, then the empty line.
                while !self.read_line()?.is_empty() {}
                return Ok(());
            }
            self.read_exact_into(size, body)?;
            if !self.read_line()?.is_empty() {
                return Err(ReadError::Malformed("chunk not followed by CRLF"));
            }
        }
    }
}

#[derive(Default)]
struct Body {
    len: u64,
    kept: Vec<u8>,
}

impl Body {
    fn push(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        let room = BODY_KEPT.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(head: &[u8]) -> Result<Request, ReadError> {
    let text = std::str::from_utf8(head).map_err(|_| ReadError::Malformed("request head is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && !t.is_empty() => (m, t, v),
        _ => return Err(ReadError::Malformed("bad request line")),
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(ReadError::Malformed("only HTTP/1.0 and HTTP/1.1 are spoken here")),
    };
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(ReadError::Malformed("header line without a colon"))?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(ReadError::Malformed("bad header name"));
        }
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
    let connection = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
        .map(|(_, v)| v.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(",");
    let wants_close = connection.contains("close") || (http10 && !connection.contains("keep-alive"));
    Ok(Request { method: method.to_owned(), target: target.to_owned(), headers, wants_close })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        416 => "Range Not Satisfiable",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// What [`write_response`] sends.
#[derive(Debug)]
pub(crate) struct Outgoing<'a> {
    pub status: u16,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    /// `HEAD`: send `Content-Length` but no body.
    pub head_only: bool,
    pub close: bool,
    /// Goes into `x-amz-request-id` and `x-amzn-RequestId`.
    pub request_id: &'a str,
}

/// Writes one response; `Content-Length`, `Date`, the request id headers and, when closing,
/// `Connection: close` are added.
pub(crate) fn write_response(stream: &mut TcpStream, out: &Outgoing<'_>) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", out.status, reason(out.status));
    for (name, value) in out.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nDate: {}\r\nx-amz-request-id: {id}\r\nx-amz-id-2: {id}\r\nx-amzn-RequestId: {id}\r\n",
        out.body.len(),
        http_date(SystemTime::now()),
        id = out.request_id,
    ));
    if out.close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !out.head_only {
        bytes.extend_from_slice(out.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub(crate) fn http_date(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)],
        day,
        MONTHS[usize::try_from(month - 1).unwrap_or(0)],
        year,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// (year, month 1-12, day 1-31) of a day count since 1970-01-01, proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates() {
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        let rfc_example = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(rfc_example), "Sun, 06 Nov 1994 08:49:37 GMT");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(http_date(leap), "Tue, 29 Feb 2000 00:00:00 GMT");
    }

    #[test]
    fn heads() {
        let r = parse_head(b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\nConnection: Close").expect("parse");
        assert_eq!((r.method.as_str(), r.target.as_str(), r.wants_close), ("GET", "/a?b=1", true));
        assert_eq!(r.header("host"), Some("x"));
        assert!(parse_head(b"HTTP/1.0 GET").is_err());
        assert!(parse_head(b"GET / HTTP/2\r\n").is_err());
        assert!(parse_head(b"GET / HTTP/1.1\r\nbad header").is_err());
        assert!(parse_head(b"GET / HTTP/1.0").expect("1.0").wants_close);
    }
}
