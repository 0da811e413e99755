//! What signing returns: the headers or query parameters to add, plus every intermediate
//! value (canonical request, string to sign, signature) for inspection and tests.

use std::fmt;

use crate::http::HttpRequest;

use super::canonical_request::redact_token;
use super::encoding::{decode_query_component, encode_component};

/// What to add to the request.
#[derive(Clone, PartialEq, Eq)]
pub enum SigningInstructions {
    /// Headers to set (replacing any value of the same name), in this order.
    Headers(Vec<(&'static str, String)>),
    /// Query parameters to append (unencoded; any parameter of the same name already in
    /// the URL is removed), in this order.
    QueryParams(Vec<(&'static str, String)>),
}

impl SigningInstructions {
    /// The `(name, value)` pairs to add.
    pub fn pairs(&self) -> &[(&'static str, String)] {
        match self {
            Self::Headers(p) | Self::QueryParams(p) => p,
        }
    }

    /// The value of `name` (case-insensitive), if added.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs().iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for SigningInstructions {
    /// Lists the pairs with a session token's value redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            Self::Headers(_) => "Headers",
            Self::QueryParams(_) => "QueryParams",
        };
        let pairs: Vec<(&str, &str)> = self
            .pairs()
            .iter()
            .map(|(n, v)| {
                let shown = if n.eq_ignore_ascii_case("x-amz-security-token") { "** redacted **" } else { v };
                (*n, shown)
            })
            .collect();
        f.debug_tuple(kind).field(&pairs).finish()
    }
}

/// The result of signing a request.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// What to add to the request.
    pub instructions: SigningInstructions,
    /// The canonical request text (step 1).
    pub canonical_request: String,
    /// The string to sign (step 2).
    pub string_to_sign: String,
    /// The hex signature (step 4): also the seed of an `aws-chunked` body.
    pub signature: String,
}

impl SigningOutput {
    /// Adds the headers or query parameters to `request`.
    pub fn apply_to(&self, request: &mut HttpRequest) {
        match &self.instructions {
            SigningInstructions::Headers(headers) => {
                for (name, value) in headers {
                    request.headers.insert(*name, value.clone());
                }
            }
            SigningInstructions::QueryParams(_) => request.url = self.presigned_url(request),
        }
    }

    /// `request`'s URL with the query parameters added (a presigned URL). For header
    /// signing, the URL unchanged.
    pub fn presigned_url(&self, request: &HttpRequest) -> String {
        let SigningInstructions::QueryParams(params) = &self.instructions else {
            return request.url.clone();
        };
        let (base, query) = request.url.split_once('?').unwrap_or((&request.url, ""));
        let mut url = String::with_capacity(request.url.len() + 512);
        url.push_str(base);
        let mut separator = '?';
        let replaced = |piece: &str| {
            let name = piece.split_once('=').map_or(piece, |(n, _)| n);
            let name = decode_query_component(name);
            params.iter().any(|(p, _)| p.as_bytes().eq_ignore_ascii_case(&name))
        };
        for piece in query.split('&').filter(|p| !p.is_empty() && !replaced(p)) {
            url.push(separator);
            url.push_str(piece);
            separator = '&';
        }
        for (name, value) in params {
            url.push(separator);
            encode_component(name.as_bytes(), &mut url);
            url.push('=');
            encode_component(value.as_bytes(), &mut url);
            separator = '&';
        }
        url
    }
}

impl fmt::Debug for SigningOutput {
    /// Everything except a session token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutput")
            .field("instructions", &self.instructions)
            .field("canonical_request", &redact_token(&self.canonical_request))
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(instructions: SigningInstructions) -> SigningOutput {
        SigningOutput {
            instructions,
            canonical_request: "GET\n/\n\nx-amz-security-token:TOKEN\n\nx-amz-security-token\nx".into(),
            string_to_sign: "sts".into(),
            signature: "sig".into(),
        }
    }

    #[test]
    fn applies_headers_replacing() {
        let mut req = HttpRequest::new("GET", "https://h/");
        req.headers.insert("X-Amz-Date", "old");
        output(SigningInstructions::Headers(vec![("x-amz-date", "new".into()), ("authorization", "a".into())]))
            .apply_to(&mut req);
        assert_eq!(req.headers.get("x-amz-date"), Some("new"));
        assert_eq!(req.headers.len(), 2);
    }

    #[test]
    fn applies_query_params_replacing_old_ones() {
        let mut req = HttpRequest::new("GET", "https://h/k?X-Amz-Signature=old&versionId=1&&x-amz-date=2");
        let out = output(SigningInstructions::QueryParams(vec![
            ("X-Amz-Date", "20130524T000000Z".into()),
            ("X-Amz-Signature", "abc".into()),
            ("X-Amz-Credential", "A/B".into()),
        ]));
        out.apply_to(&mut req);
        assert_eq!(
            req.url,
            "https://h/k?versionId=1&X-Amz-Date=20130524T000000Z&X-Amz-Signature=abc&X-Amz-Credential=A%2FB"
        );
        let mut bare = HttpRequest::new("GET", "https://h");
        out.apply_to(&mut bare);
        assert!(bare.url.starts_with("https://h?X-Amz-Date="));
    }

    #[test]
    fn debug_hides_token() {
        let out = output(SigningInstructions::Headers(vec![("x-amz-security-token", "TOKEN".into())]));
        let dbg = format!("{out:?}");
        assert!(!dbg.contains("TOKEN"), "{dbg}");
        assert!(dbg.contains("x-amz-security-token"));
    }
}
