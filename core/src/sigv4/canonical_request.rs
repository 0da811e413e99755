//! Step 1 of SigV4: the canonical request.
//!
//! ```text
//! <HTTP method>\n
//! <canonical URI>\n
//! <canonical query string>\n
//! <canonical headers, each line ending in \n>\n
//! <signed headers>\n
//! <payload hash>
//! ```

use std::fmt;

use super::canonical_headers::CanonicalHeaders;
use super::SigningError;

/// The six parts of a canonical request.
///
/// Its `Display` is the exact text that is hashed into the string to sign (it can contain a
/// session token: log it only where the token may appear).
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The HTTP method as sent (`GET`).
    pub method: String,
    /// See [`canonical_uri`](super::canonical_uri()).
    pub uri: String,
    /// See [`CanonicalQuery`](super::CanonicalQuery).
    pub query: String,
    /// See [`CanonicalHeaders`].
    pub headers: CanonicalHeaders,
    /// See [`SignableBody::payload_hash`](super::SignableBody::payload_hash).
    pub payload_hash: String,
}

impl CanonicalRequest {
    /// Assembles the parts; `method` must be a non-empty HTTP token.
    pub fn new(
        method: &str,
        uri: String,
        query: String,
        headers: CanonicalHeaders,
        payload_hash: String,
    ) -> Result<Self, SigningError> {
        check_method(method)?;
        Ok(Self { method: method.to_owned(), uri, query, headers, payload_hash })
    }

    /// The `;`-joined signed header names.
    pub fn signed_headers(&self) -> &str {
        &self.headers.signed_headers
    }
}

/// An HTTP method is a non-empty RFC 9110 token.
pub(crate) fn check_method(method: &str) -> Result<(), SigningError> {
    let is_tchar = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
            )
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(SigningError::InvalidRequest(format!("invalid HTTP method {method:?}")));
    }
    Ok(())
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\n{}\n{}\n{}\n{}\n{}",
            self.method, self.uri, self.query, self.headers.canonical, self.headers.signed_headers, self.payload_hash
        )
    }
}

impl fmt::Debug for CanonicalRequest {
    /// Like `Display`, with a session token (header line or query parameter) redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CanonicalRequest").field(&redact_token(&self.to_string())).finish()
    }
}

/// `text` (a canonical request or URL) with the value of an `x-amz-security-token` header
/// line or `X-Amz-Security-Token` query parameter replaced by `** redacted **`.
pub(crate) fn redact_token(text: &str) -> String {
    const NAME: &str = "x-amz-security-token";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // ASCII lower-casing keeps byte offsets, so offsets in `lower` are offsets in `rest`.
    while let Some(at) = rest.to_ascii_lowercase().find(NAME) {
        let name_end = at + NAME.len();
        let separator = rest.as_bytes().get(name_end).copied();
        let value_start = if matches!(separator, Some(b':' | b'=')) { name_end + 1 } else { name_end };
        out.push_str(rest.get(..value_start).unwrap_or_default());
        let tail = rest.get(value_start..).unwrap_or_default();
        let end = if value_start > name_end { tail.find(['\n', '&']).unwrap_or(tail.len()) } else { 0 };
        if end > 0 {
            out.push_str("** redacted **");
        }
        rest = tail.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_layout() {
        let headers = CanonicalHeaders::new([("Host", "h"), ("X-Amz-Date", "20150830T123600Z")]).expect("valid");
        let cr =
            CanonicalRequest::new("GET", "/".into(), "a=b".into(), headers, "UNSIGNED-PAYLOAD".into()).expect("valid");
        assert_eq!(
            cr.to_string(),
            "GET\n/\na=b\nhost:h\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD"
        );
        assert!(CanonicalRequest::new("G T", String::new(), String::new(), cr.headers.clone(), String::new()).is_err());
    }

    #[test]
    fn debug_redacts_token() {
        let headers = CanonicalHeaders::new([("Host", "h"), ("X-Amz-Security-Token", "SECRET")]).expect("valid");
        let cr =
            CanonicalRequest::new("GET", "/".into(), "X-Amz-Security-Token=SECRET2&b=c".into(), headers, "x".into())
                .expect("valid");
        let dbg = format!("{cr:?}");
        assert!(!dbg.contains("SECRET"), "{dbg}");
        assert!(dbg.contains("b=c"));
        assert!(dbg.contains("host;x-amz-security-token\\nx"), "{dbg}");
        assert_eq!(redact_token("no token"), "no token");
        assert_eq!(redact_token("x-amz-security-token"), "x-amz-security-token");
    }
}
