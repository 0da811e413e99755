//! Signing a request: the four SigV4 steps put together, into an `Authorization` header or
//! into presigned-URL query parameters.

use std::borrow::Cow;

use crate::http::HttpRequest;

use super::canonical_headers::{write_canonical_headers, CanonicalHeaders};
use super::canonical_query::CanonicalQuery;
use super::canonical_request::{check_method, CanonicalRequest};
use super::canonical_uri::{canonical_uri, push_canonical_uri};
use super::output::{SigningInstructions, SigningOutput};
use super::params::{SigningContext, SigningParams};
use super::payload::SignableBody;
use super::settings::{checked_expiry, PayloadChecksumKind, SessionTokenMode, SignatureLocation};
use super::signature::calculate_signature;
use super::signing_key::SigningKeyCache;
use super::string_to_sign::{string_to_sign, ALGORITHM};
use super::SigningError;

const X_AMZ_DATE: &str = "x-amz-date";
const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";
const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
const AUTHORIZATION: &str = "authorization";

/// Signs `request` (not modified) with `body` as its payload hash, and returns what to add.
///
/// The settings' [`SignatureLocation`] chooses an `Authorization` header (plus `x-amz-date`,
/// `x-amz-security-token`, `x-amz-content-sha256` as the settings say) or presigned-URL query
/// parameters (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
/// `X-Amz-SignedHeaders`, `X-Amz-Security-Token`, `X-Amz-Signature`). Values this adds
/// replace same-named ones already in the request. A `Host` header is signed from the
/// request's headers, or else from the URL's authority (default port dropped).
///
/// The signing key comes from `cache` (derived on first use). Errors are clear and never
/// contain a secret; nothing here panics.
pub fn sign(
    request: &HttpRequest,
    body: &SignableBody<'_>,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
) -> Result<SigningOutput, SigningError> {
    let ctx = params.context(cache)?;
    match params.settings.signature_location {
        SignatureLocation::Headers => sign_headers(request, body, params, &ctx),
        SignatureLocation::QueryParams => sign_query(request, body, params, &ctx),
    }
}

fn sign_headers(
    request: &HttpRequest,
    body: &SignableBody<'_>,
    params: &SigningParams<'_>,
    ctx: &SigningContext<'_>,
) -> Result<SigningOutput, SigningError> {
    let settings = params.settings;
    let payload_hash = body.payload_hash_cow()?;
    let token = params.credentials.session_token.as_ref().map(|t| t.expose());

    let mut added: Vec<(&'static str, String)> = vec![(X_AMZ_DATE, ctx.time.amz_date().to_owned())];
    if settings.payload_checksum == PayloadChecksumKind::XAmzContentSha256 {
        added.push((X_AMZ_CONTENT_SHA256, payload_hash.as_ref().to_owned()));
    }
    let mut after_signing = Vec::new();
    if let Some(token) = token {
        match settings.session_token_mode {
            SessionTokenMode::Include => added.push((X_AMZ_SECURITY_TOKEN, token.to_owned())),
            SessionTokenMode::Exclude => after_signing.push((X_AMZ_SECURITY_TOKEN, token.to_owned())),
        }
    }

    let replaced = |name: &str| {
        name.eq_ignore_ascii_case(AUTHORIZATION)
            || added.iter().chain(&after_signing).any(|(n, _)| name.eq_ignore_ascii_case(n))
    };
    let url = UrlParts::new(&request.url);
    let host = host_if_missing(request, &url)?;
    let mut headers = signed_headers(request, params, replaced, &added, &host);
    let query = match url.query {
        None => String::new(),
        raw => CanonicalQuery::from_raw(raw, |_| false).to_canonical_string(),
    };
    let (canonical_request, signed_headers) =
        canonical(request, url.path, params, &query, &mut headers, &payload_hash)?;
    let string_to_sign = string_to_sign(&ctx.time, ctx.scope, &canonical_request);
    let signature = calculate_signature(ctx.key, &string_to_sign)?;

    const CREDENTIAL: &str = " Credential=";
    const SIGNED_HEADERS: &str = ", SignedHeaders=";
    const SIGNATURE: &str = ", Signature=";
    let mut authorization = String::with_capacity(
        ALGORITHM.len()
            + CREDENTIAL.len()
            + params.credentials.access_key_id.len()
            + 1
            + ctx.scope.text_len()
            + SIGNED_HEADERS.len()
            + signed_headers.len()
            + SIGNATURE.len()
            + signature.len(),
    );
    authorization.push_str(ALGORITHM);
    authorization.push_str(CREDENTIAL);
    ctx.push_credential(params, &mut authorization);
    authorization.push_str(SIGNED_HEADERS);
    authorization.push_str(&signed_headers);
    authorization.push_str(SIGNATURE);
    authorization.push_str(&signature);
    added.extend(after_signing);
    added.push((AUTHORIZATION, authorization));
    Ok(SigningOutput {
        instructions: SigningInstructions::Headers(added),
        canonical_request,
        string_to_sign,
        signature,
    })
}

fn sign_query(
    request: &HttpRequest,
    body: &SignableBody<'_>,
    params: &SigningParams<'_>,
    ctx: &SigningContext<'_>,
) -> Result<SigningOutput, SigningError> {
    let expires = checked_expiry(params.settings.expires_in)?;
    let payload_hash = body.payload_hash()?;
    let token = params.credentials.session_token.as_ref().map(|t| t.expose());

    let url = UrlParts::new(&request.url);
    let host = host_if_missing(request, &url)?;
    let not_signed = |n: &str| n.eq_ignore_ascii_case(AUTHORIZATION);
    let mut headers = signed_headers(request, params, not_signed, &[], &host);
    let mut canonical_headers = String::with_capacity(headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    let mut signed_header_list = String::with_capacity(headers.iter().map(|(n, _)| n.len() + 1).sum());
    write_canonical_headers(&mut headers, &mut canonical_headers, &mut signed_header_list)?;
    let mut auth: Vec<(&'static str, String)> = vec![
        ("X-Amz-Algorithm", ALGORITHM.to_owned()),
        ("X-Amz-Credential", ctx.credential(params)),
        ("X-Amz-Date", ctx.time.amz_date().to_owned()),
        ("X-Amz-Expires", expires.to_string()),
        ("X-Amz-SignedHeaders", signed_header_list.clone()),
    ];
    let include_token = params.settings.session_token_mode == SessionTokenMode::Include;
    if let Some(token) = token.filter(|_| include_token) {
        auth.push(("X-Amz-Security-Token", token.to_owned()));
    }

    // Parameters this adds (and X-Amz-Signature) replace any already in the URL.
    let is_auth_param = |name: &[u8]| {
        name.eq_ignore_ascii_case(b"X-Amz-Signature")
            || (token.is_some() && name.eq_ignore_ascii_case(b"X-Amz-Security-Token"))
            || auth.iter().any(|(n, _)| name.eq_ignore_ascii_case(n.as_bytes()))
    };
    let mut query = CanonicalQuery::from_raw(url.query, is_auth_param);
    for (name, value) in &auth {
        query.push(name, value);
    }
    let headers = CanonicalHeaders { canonical: canonical_headers, signed_headers: signed_header_list };
    let canonical_request =
        presign_canonical(request, url.path, params, query.to_canonical_string(), headers, payload_hash)?;
    let string_to_sign = string_to_sign(&ctx.time, ctx.scope, &canonical_request);
    let signature = calculate_signature(ctx.key, &string_to_sign)?;

    auth.push(("X-Amz-Signature", signature.clone()));
    if let Some(token) = token.filter(|_| !include_token) {
        auth.push(("X-Amz-Security-Token", token.to_owned()));
    }
    Ok(SigningOutput {
        instructions: SigningInstructions::QueryParams(auth),
        canonical_request,
        string_to_sign,
        signature,
    })
}

/// The headers to sign: the request's, minus excluded ones and those `replaced` says are
/// about to be set, plus `host` (when not empty: the request has no `Host` header), plus
/// `added`.
fn signed_headers<'a>(
    request: &'a HttpRequest,
    params: &SigningParams<'_>,
    replaced: impl Fn(&str) -> bool,
    added: &'a [(&'static str, String)],
    host: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(request.headers.len() + added.len() + 1);
    headers.extend(request.headers.iter().filter(|(n, _)| !params.settings.is_excluded(n) && !replaced(n)));
    if !host.is_empty() {
        headers.push(("host", host));
    }
    headers.extend(added.iter().map(|(n, v)| (*n, v.as_str())));
    headers
}

/// Step 1 assembled, written into one buffer: the canonical request text and the
/// signed-headers list. `headers` are the headers to sign (sorted here).
fn canonical(
    request: &HttpRequest,
    path: &str,
    params: &SigningParams<'_>,
    query: &str,
    headers: &mut [(&str, &str)],
    payload_hash: &str,
) -> Result<(String, String), SigningError> {
    let settings = params.settings;
    let headers_len: usize = headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let names_len: usize = headers.iter().map(|(n, _)| n.len() + 1).sum();
    let mut out = String::with_capacity(
        request.method.len() + path.len() + 16 + query.len() + headers_len + names_len + payload_hash.len() + 5,
    );
    let mut signed_headers = String::with_capacity(names_len);
    out.push_str(&request.method);
    out.push('\n');
    push_canonical_uri(path, settings.uri_encoding, settings.path_normalization, &mut out);
    out.push('\n');
    out.push_str(query);
    out.push('\n');
    // The same checks, in the same order, as `CanonicalHeaders::new` then `CanonicalRequest::new`.
    write_canonical_headers(headers, &mut out, &mut signed_headers)?;
    check_method(&request.method)?;
    out.push('\n');
    out.push_str(&signed_headers);
    out.push('\n');
    out.push_str(payload_hash);
    Ok((out, signed_headers))
}

/// Step 1 assembled for a presigned URL: the canonical request text.
fn presign_canonical(
    request: &HttpRequest,
    path: &str,
    params: &SigningParams<'_>,
    query: String,
    headers: CanonicalHeaders,
    payload_hash: String,
) -> Result<String, SigningError> {
    let settings = params.settings;
    let uri = canonical_uri(path, settings.uri_encoding, settings.path_normalization);
    Ok(CanonicalRequest::new(&request.method, uri, query, headers, payload_hash)?.to_string())
}

/// The host to sign when the request has no `Host` header (empty when it has one).
fn host_if_missing<'a>(request: &HttpRequest, url: &UrlParts<'a>) -> Result<Cow<'a, str>, SigningError> {
    if request.headers.contains("host") {
        Ok(Cow::Borrowed(""))
    } else {
        host_from_url(url)
    }
}

/// The `Host` value a client sends for the URL: the authority without user info and
/// without the scheme's default port, lower-cased (as URL parsers normalize it).
fn host_from_url<'a>(url: &UrlParts<'a>) -> Result<Cow<'a, str>, SigningError> {
    let authority = url.authority;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let default_port = match url.scheme {
        s if s.eq_ignore_ascii_case("https") => Some(":443"),
        s if s.eq_ignore_ascii_case("http") => Some(":80"),
        _ => None,
    };
    let host = default_port.and_then(|p| host.strip_suffix(p)).unwrap_or(host);
    if host.is_empty() || !url.has_scheme {
        return Err(SigningError::InvalidRequest("the request URL has no host (expected scheme://host/...)".into()));
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        Ok(Cow::Owned(host.to_ascii_lowercase()))
    } else {
        Ok(Cow::Borrowed(host))
    }
}

/// A request URL split once, as [`HttpRequest::scheme`], [`HttpRequest::authority`],
/// [`HttpRequest::path`] and [`HttpRequest::query`] split it.
struct UrlParts<'a> {
    /// Whether the URL has a `scheme://`.
    has_scheme: bool,
    scheme: &'a str,
    authority: &'a str,
    /// Still percent-encoded; `/` when empty.
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> UrlParts<'a> {
    fn new(url: &'a str) -> Self {
        let separator = url.as_bytes().windows(3).position(|w| w == b"://");
        let (scheme, rest) = match separator {
            Some(at) => (url.get(..at).unwrap_or_default(), url.get(at + 3..).unwrap_or_default()),
            None => ("", url),
        };
        let start = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = rest.get(..start).unwrap_or_default();
        let path_and_query = rest.get(start..).unwrap_or_default();
        let path = path_and_query.split_once('?').map_or(path_and_query, |(p, _)| p);
        let path = if path.is_empty() { "/" } else { path };
        let query = rest.split_once('?').map(|(_, q)| q);
        Self { has_scheme: separator.is_some(), scheme, authority, path, query }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::sigv4::SigningSettings;
    use std::time::Duration;

    #[test]
    fn odd_input_gives_results_not_panics() {
        let urls =
            ["", "://", "https://", "h", "https://ü.example/ä?ö=%&=&&%zz=+", "https://h//../..?a", "https://h:443"];
        let methods = ["GET", "", "G T", "ü"];
        let headers = [("", "v"), ("x y", "v"), ("ok", "line\r\nbreak"), ("Host", ""), ("authorization", "old")];
        let tokens = [None, Some(String::new()), Some("tok\n".to_owned()), Some("tok".to_owned())];
        let expiries = [Duration::ZERO, Duration::from_millis(1500), Duration::from_secs(60)];
        let mut outcomes = 0;
        for (url, method) in urls.iter().flat_map(|u| methods.iter().map(move |m| (u, m))) {
            for token in &tokens {
                let creds = Credentials::new("AKID", "secret", token.clone());
                for (settings, header) in [SigningSettings::default(), SigningSettings::s3()]
                    .into_iter()
                    .flat_map(|s| expiries.map(|e| s.clone().presigned(e)).into_iter().chain([s]))
                    .flat_map(|s| headers.iter().map(move |h| (s.clone(), h)))
                {
                    let mut request = HttpRequest::new(*method, *url);
                    request.headers.append(header.0, header.1);
                    let params = SigningParams {
                        credentials: &creds,
                        region: "r",
                        service: "s",
                        time: time::OffsetDateTime::UNIX_EPOCH,
                        settings: &settings,
                    };
                    let body = SignableBody::Precomputed("x".into());
                    let result = sign(&request, &body, &params, &mut SigningKeyCache::new());
                    if let Err(e) = &result {
                        assert!(!e.to_string().contains("secret"));
                    }
                    outcomes += 1;
                }
            }
        }
        assert!(outcomes > 1000);
    }

    #[test]
    fn url_parts_match_http_request() {
        let urls = [
            "",
            "://",
            "https://",
            "h",
            "https://h:443",
            "https://b.s3.amazonaws.com/k%20ey?x-id=GetObject&a=b?c",
            "https://h?q/x",
            "http://u:p@h:80//a//b/",
            "/just/a/path?x",
            "a:/b://c/d?e",
        ];
        for url in urls {
            let request = HttpRequest::new("GET", url);
            let parts = UrlParts::new(url);
            assert_eq!(parts.has_scheme, url.contains("://"), "{url}");
            assert_eq!(parts.scheme, request.scheme(), "{url}");
            assert_eq!(parts.authority, request.authority(), "{url}");
            assert_eq!(parts.path, request.path(), "{url}");
            assert_eq!(parts.query, request.query(), "{url}");
        }
    }

    #[test]
    fn host_drops_default_ports_and_userinfo() {
        let host = |url: &str| host_from_url(&UrlParts::new(url)).map(Cow::into_owned);
        assert_eq!(host("https://b.s3.amazonaws.com:443/k").as_deref(), Ok("b.s3.amazonaws.com"));
        assert_eq!(host("http://localhost:80").as_deref(), Ok("localhost"));
        assert_eq!(host("http://LocalHost:9000/x").as_deref(), Ok("localhost:9000"));
        assert_eq!(host("https://u:p@[::1]:8443/").as_deref(), Ok("[::1]:8443"));
        assert!(host("/just/a/path").is_err());
        assert!(host("https:///path").is_err());
    }
}
