//! HTTP request and response descriptions: plain values that core builds and parses and
//! that a transport sends and receives. Core never performs I/O itself.

/// An ordered list of header fields. Names compare case-insensitively; order of insertion
/// is kept (it is the order a transport sends them in). `Debug` redacts the values of
/// headers that carry credentials ([`SENSITIVE_HEADERS`]).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

/// Headers whose values are credentials or bearer tokens: never printed.
pub const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "x-amz-sso_bearer_token",
    "x-aws-ec2-metadata-token",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
];

impl std::fmt::Debug for Headers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.0 {
            let secret = SENSITIVE_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s));
            map.entry(name, &if secret { "** redacted **" } else { value.as_str() });
        }
        map.finish()
    }
}

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// All values of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Replaces every value of `name` with `value`.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.remove(&name);
        self.0.push((name, value.into()));
    }

    /// Adds a value, keeping existing ones.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Removes every value of `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    /// True when `name` has at least one value.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Iterates over `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

/// The body of a request.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// The whole body, in memory.
    Bytes(Vec<u8>),
    /// The whole body, in memory, shared: cloning the request (once per attempt) does not
    /// copy it. Used for large raw payloads (S3 parts).
    Shared(std::sync::Arc<[u8]>),
    /// The caller streams the body itself (a streaming blob member such as S3 `PutObject`'s
    /// `Body`); `length` is its size when known.
    External { length: Option<u64> },
}

impl Body {
    /// The in-memory bytes (empty for `Empty` and `External`).
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Bytes(b) => b,
            Self::Shared(b) => b,
            _ => &[],
        }
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("Empty"),
            Self::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            Self::Shared(b) => write!(f, "Shared({} bytes)", b.len()),
            Self::External { length } => write!(f, "External({length:?})"),
        }
    }
}

/// The bytes of an operation's streaming blob input member (S3 `PutObject`/`UploadPart`
/// `Body`), given raw instead of base64 in the input document.
#[derive(Clone, Copy)]
pub enum Payload<'a> {
    /// Borrowed bytes: copied once into the request ([`Body::Shared`]).
    Borrowed(&'a [u8]),
    /// Bytes already shared: the request takes another reference, nothing is copied.
    Shared(&'a std::sync::Arc<[u8]>),
}

impl Payload<'_> {
    /// The body of a request carrying this payload.
    pub fn to_body(self) -> Body {
        match self {
            Self::Borrowed(bytes) => Body::Shared(std::sync::Arc::from(bytes)),
            Self::Shared(bytes) => Body::Shared(bytes.clone()),
        }
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Borrowed(bytes) => bytes,
            Self::Shared(bytes) => bytes,
        }
    }
}

impl std::fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Payload({} bytes)", self.bytes().len())
    }
}

/// A request to send: method, absolute URL (percent-encoded exactly as it goes on the
/// wire), headers and body. `Debug` redacts credentials in headers and a presigned URL's
/// `X-Amz-Security-Token`.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// `scheme://authority/path?query`.
    pub url: String,
    pub headers: Headers,
    pub body: Body,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redact_url_token(&self.url))
            .field("headers", &self.headers)
            .field("body", &self.body)
            .finish()
    }
}

/// The URL with the value of an `X-Amz-Security-Token` query parameter replaced.
fn redact_url_token(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else { return url.to_owned() };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("X-Amz-Security-Token") => format!("{k}=**redacted**"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        Self { method: method.into(), url: url.into(), headers: Headers::new(), body: Body::Empty }
    }

    /// `scheme` of the URL (`https`).
    pub fn scheme(&self) -> &str {
        self.url.split_once("://").map_or("", |(s, _)| s)
    }

    /// The authority (`host[:port]`).
    pub fn authority(&self) -> &str {
        let rest = self.url.split_once("://").map_or(self.url.as_str(), |(_, r)| r);
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        &rest[..end]
    }

    /// The path, still percent-encoded (`/` when empty).
    pub fn path(&self) -> &str {
        let rest = self.url.split_once("://").map_or(self.url.as_str(), |(_, r)| r);
        let start = rest.find(['/', '?']).unwrap_or(rest.len());
        let path_and_query = &rest[start..];
        let path = path_and_query.split_once('?').map_or(path_and_query, |(p, _)| p);
        if path.is_empty() {
            "/"
        } else {
            path
        }
    }

    /// True when the path has a `.` or `..` segment (also percent-encoded, `%2E`). URL
    /// parsers that follow the WHATWG URL standard remove such segments, which would
    /// address another S3 key; transports built on such parsers refuse these requests
    /// instead.
    pub fn has_dot_segments(&self) -> bool {
        self.path().split('/').any(|segment| {
            let segment = segment.to_ascii_lowercase().replace("%2e", ".");
            segment == "." || segment == ".."
        })
    }

    /// The raw query string without `?`, if any.
    pub fn query(&self) -> Option<&str> {
        let rest = self.url.split_once("://").map_or(self.url.as_str(), |(_, r)| r);
        rest.split_once('?').map(|(_, q)| q)
    }
}

/// A response as a transport received it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parts() {
        let r = HttpRequest::new("GET", "https://b.s3.amazonaws.com:443/k%20y?list-type=2&x");
        assert_eq!(r.scheme(), "https");
        assert_eq!(r.authority(), "b.s3.amazonaws.com:443");
        assert_eq!(r.path(), "/k%20y");
        assert_eq!(r.query(), Some("list-type=2&x"));
        let r = HttpRequest::new("GET", "https://h?a=b");
        assert_eq!(r.path(), "/");
        assert_eq!(r.query(), Some("a=b"));
    }

    #[test]
    fn debug_redacts_credentials() {
        let mut r = HttpRequest::new("GET", "https://h/k?X-Amz-Security-Token=tok123&a=b");
        r.headers.insert("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc");
        r.headers.insert("X-Amz-Security-Token", "tok456");
        r.headers.insert("Content-Type", "text/plain");
        let shown = format!("{r:?}");
        assert!(!shown.contains("tok123") && !shown.contains("tok456") && !shown.contains("Signature=abc"), "{shown}");
        assert!(shown.contains("text/plain") && shown.contains("a=b"), "{shown}");
    }

    #[test]
    fn dot_segments_are_found_in_the_path_only() {
        let dots = |url: &str| HttpRequest::new("GET", url).has_dot_segments();
        assert!(dots("http://127.0.0.1:5000/bucket/a/../b"));
        assert!(dots("https://b.s3.amazonaws.com/./x"));
        assert!(dots("https://b.s3.amazonaws.com/a/%2E%2e"));
        assert!(dots("https://b.s3.amazonaws.com/a/.%2e/b?x=1"));
        assert!(dots("http://h/b/%2E%2E/k"));
        assert!(!dots("https://b.s3.amazonaws.com/a/..b/c...?prefix=../"));
        assert!(!dots("http://h/b/a..b/k?x=../"));
        assert!(!dots("https://s3.amazonaws.com/"));
        assert!(!dots("https://b.s3.amazonaws.com/a.b/.c#.."));
    }

    #[test]
    fn headers_case_insensitive() {
        let mut h = Headers::new();
        h.insert("Content-Type", "a");
        h.insert("content-type", "b");
        assert_eq!(h.get("CONTENT-TYPE"), Some("b"));
        assert_eq!(h.len(), 1);
    }
}
