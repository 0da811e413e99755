//! URI pieces of the REST protocols: percent-encoding, `requestUri` templates with
//! `{Label}` and greedy `{Label+}` segments, and query strings.
//!
//! Encoding follows botocore: everything but the unreserved characters
//! `A-Z a-z 0-9 - . _ ~` is percent-encoded as UTF-8; a greedy label also keeps `/`.

use std::collections::HashMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::Error;

/// Everything except the unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// As [`UNRESERVED`], keeping `/` (greedy labels).
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Percent-encodes a URI label or a query key/value.
pub(crate) fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// Percent-encodes a greedy URI label (`/` kept).
pub(crate) fn encode_greedy(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED_AND_SLASH).to_string()
}

/// A `requestUri` split into its path template and its literal query (`?cors`,
/// `?list-type=2`), which is kept verbatim.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UriTemplate<'a> {
    pub path: &'a str,
    pub literal_query: Option<&'a str>,
}

impl<'a> UriTemplate<'a> {
    pub fn parse(request_uri: &'a str) -> Self {
        match request_uri.split_once('?') {
            Some((path, query)) => Self { path, literal_query: Some(query).filter(|q| !q.is_empty()) },
            None => Self { path: request_uri, literal_query: None },
        }
    }

    /// The path with every `{Label}` replaced by its encoded value from `labels`
    /// (keyed by label name). A label without a value is an error naming it.
    pub fn render_path(&self, labels: &HashMap<&str, String>) -> Result<String, Error> {
        let mut out = String::with_capacity(self.path.len() + 16);
        let mut rest = self.path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            out.push_str(&rest[..open]);
            let label = &rest[open + 1..close];
            let (name, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            let value = labels.get(name).ok_or_else(|| {
                Error::Serialization(format!("missing value for URI label {name} (a required parameter)"))
            })?;
            out.push_str(&if greedy { encode_greedy(value) } else { encode(value) });
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Query parameters in the order they go on the wire.
#[derive(Debug, Default)]
pub(crate) struct QueryString {
    /// Already-encoded `key=value` (or bare `key`) pieces.
    pieces: Vec<String>,
    /// Keys (decoded) set by named members, which win over map-bound parameters.
    named: Vec<String>,
}

impl QueryString {
    /// Starts with the literal query of the URI template.
    pub fn new(literal: Option<&str>) -> Self {
        let pieces = literal.map(|q| q.split('&').map(str::to_owned).collect()).unwrap_or_default();
        Self { pieces, named: Vec::new() }
    }

    /// Adds a parameter bound by name (`location: querystring` with a `locationName`).
    pub fn push_named(&mut self, key: &str, value: &str) {
        if !self.named.iter().any(|k| k == key) {
            self.named.push(key.to_owned());
        }
        self.push(key, value);
    }

    /// Adds a parameter from a map-bound member, unless a named member set the same key.
    pub fn push_from_map(&mut self, key: &str, value: &str) {
        if !self.named.iter().any(|k| k == key) {
            self.push(key, value);
        }
    }

    fn push(&mut self, key: &str, value: &str) {
        self.pieces.push(format!("{}={}", encode(key), encode(value)));
    }

    /// The encoded query (without `?`), `None` when empty.
    pub fn finish(self) -> Option<String> {
        (!self.pieces.is_empty()).then(|| self.pieces.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_botocore() {
        assert_eq!(
            encode(" %:/?#[]@!$&'()*+,;=😹"),
            "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
        );
        assert_eq!(encode_greedy("there/guy~ok"), "there/guy~ok");
    }

    #[test]
    fn renders_labels() {
        let t = UriTemplate::parse("/{Bucket}/{Key+}?uploads");
        let labels = HashMap::from([("Bucket", "b".to_owned()), ("Key", "a b/c".to_owned())]);
        assert_eq!(t.render_path(&labels).ok().as_deref(), Some("/b/a%20b/c"));
        assert_eq!(t.literal_query, Some("uploads"));
        assert!(UriTemplate::parse("/{Missing}").render_path(&labels).is_err());
        let regex = UriTemplate::parse("/ReDosLiteral/{Bucket}/(a+)+");
        assert_eq!(regex.render_path(&labels).ok().as_deref(), Some("/ReDosLiteral/b/(a+)+"));
    }

    #[test]
    fn named_query_parameters_win() {
        let mut q = QueryString::new(Some("foo=bar&hello"));
        q.push_named("bar", "named");
        q.push_from_map("bar", "fromMap");
        q.push_from_map("qux", "a b");
        assert_eq!(q.finish().as_deref(), Some("foo=bar&hello&bar=named&qux=a%20b"));
    }
}
