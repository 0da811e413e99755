//! The record of every scripted request, and its JSON form (`GET /__log`).

use std::fmt::Write as _;
use std::time::Duration;

/// How much of each request body is kept in the log.
pub const BODY_KEPT: usize = 1 << 20;

/// One request that the script answered (control requests under `/__` are not recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// 1-based position in arrival order: the script step it got.
    pub seq: u64,
    /// Which TCP connection it came on (1-based, in accept order).
    pub connection: u64,
    /// When its head had been read, since the server started.
    pub at: Duration,
    /// The same moment as milliseconds since the Unix epoch.
    pub unix_ms: u128,
    /// Request method.
    pub method: String,
    /// Request target as sent (path and query).
    pub target: String,
    /// Header names and values, in the order received.
    pub headers: Vec<(String, String)>,
    /// Body length in bytes (after removing chunked transfer coding).
    pub body_len: u64,
    /// The first [`BODY_KEPT`] bytes of the body.
    pub body: Vec<u8>,
    /// Label of the step that answered it (`"500"`, `"reset"`, `"ok@1500"`...).
    pub step: String,
}

impl RequestRecord {
    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(path, _)| path)
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Escapes `text` for use inside a JSON string literal.
pub fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn json_string(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(&json_escape(text));
    out.push('"');
}

impl RequestRecord {
    /// This record as one JSON object. `body` holds up to 4 KiB of the body, as text
    /// (invalid UTF-8 replaced).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        let _ = write!(
            out,
            "{{\"seq\":{},\"connection\":{},\"at_ms\":{:.3},\"unix_ms\":{},\"method\":",
            self.seq,
            self.connection,
            self.at.as_secs_f64() * 1000.0,
            self.unix_ms
        );
        json_string(&mut out, &self.method);
        out.push_str(",\"target\":");
        json_string(&mut out, &self.target);
        out.push_str(",\"path\":");
        json_string(&mut out, self.path());
        out.push_str(",\"headers\":[");
        for (i, (name, value)) in self.headers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            json_string(&mut out, name);
            out.push(',');
            json_string(&mut out, value);
            out.push(']');
        }
        let _ = write!(out, "],\"body_len\":{},\"body\":", self.body_len);
        let shown = &self.body[..self.body.len().min(4096)];
        json_string(&mut out, &String::from_utf8_lossy(shown));
        out.push_str(",\"step\":");
        json_string(&mut out, &self.step);
        out.push('}');
        out
    }
}

/// `{"requests":[...]}` for a list of records.
pub fn log_json(records: &[RequestRecord]) -> String {
    let mut out = String::from("{\"requests\":[");
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&record.to_json());
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_valid_and_complete() {
        let record = RequestRecord {
            seq: 2,
            connection: 1,
            at: Duration::from_micros(1500),
            unix_ms: 1_700_000_000_000,
            method: "PUT".into(),
            target: "/b/k%20\"x\"?uploads".into(),
            headers: vec![("Host".into(), "127.0.0.1:1".into()), ("X-Ctl".into(), "a\u{1}\\b".into())],
            body_len: 3,
            body: b"a\nb".to_vec(),
            step: "500".into(),
        };
        let parsed: serde_json::Value = serde_json::from_str(&log_json(&[record])).expect("valid JSON");
        let r = &parsed["requests"][0];
        assert_eq!(r["seq"], 2);
        assert_eq!(r["at_ms"].as_f64(), Some(1.5));
        assert_eq!(r["target"], "/b/k%20\"x\"?uploads");
        assert_eq!(r["path"], "/b/k%20\"x\"");
        assert_eq!(r["headers"][1][1], "a\u{1}\\b");
        assert_eq!(r["body"], "a\nb");
        assert_eq!(r["step"], "500");
    }
}
