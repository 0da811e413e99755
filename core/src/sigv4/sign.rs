//! Signing a request: the four SigV4 steps put together, into an `Authorization` header or
//! into presigned-URL query parameters.

use crate::http::HttpRequest;

use super::canonical_headers::CanonicalHeaders;
use super::canonical_query::CanonicalQuery;
use super::canonical_request::CanonicalRequest;
use super::canonical_uri::canonical_uri;
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
    ctx: &SigningContext,
) -> Result<SigningOutput, SigningError> {
    let settings = params.settings;
    let payload_hash = body.payload_hash()?;
    let token = params.credentials.session_token.as_ref().map(|t| t.expose());

    let mut added: Vec<(&'static str, String)> = vec![(X_AMZ_DATE, ctx.time.amz_date().to_owned())];
    if settings.payload_checksum == PayloadChecksumKind::XAmzContentSha256 {
        added.push((X_AMZ_CONTENT_SHA256, payload_hash.clone()));
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
    let host = host_if_missing(request)?;
    let headers = CanonicalHeaders::new(signed_headers(request, params, replaced, &added, &host))?;
    let query = CanonicalQuery::from_raw(request.query(), |_| false).to_canonical_string();
    let signed_headers = headers.signed_headers.clone();
    let canonical_request = canonical(request, params, query, headers, payload_hash)?;
    let string_to_sign = string_to_sign(&ctx.time, &ctx.scope, &canonical_request);
    let signature = calculate_signature(&ctx.key, &string_to_sign)?;

    let authorization = format!(
        "{ALGORITHM} Credential={}, SignedHeaders={signed_headers}, Signature={signature}",
        ctx.credential(params)
    );
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
    ctx: &SigningContext,
) -> Result<SigningOutput, SigningError> {
    let expires = checked_expiry(params.settings.expires_in)?;
    let payload_hash = body.payload_hash()?;
    let token = params.credentials.session_token.as_ref().map(|t| t.expose());

    let host = host_if_missing(request)?;
    let not_signed = |n: &str| n.eq_ignore_ascii_case(AUTHORIZATION);
    let headers = CanonicalHeaders::new(signed_headers(request, params, not_signed, &[], &host))?;
    let mut auth: Vec<(&'static str, String)> = vec![
        ("X-Amz-Algorithm", ALGORITHM.to_owned()),
        ("X-Amz-Credential", ctx.credential(params)),
        ("X-Amz-Date", ctx.time.amz_date().to_owned()),
        ("X-Amz-Expires", expires.to_string()),
        ("X-Amz-SignedHeaders", headers.signed_headers.clone()),
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
    let mut query = CanonicalQuery::from_raw(request.query(), is_auth_param);
    for (name, value) in &auth {
        query.push(name, value);
    }
    let canonical_request = canonical(request, params, query.to_canonical_string(), headers, payload_hash)?;
    let string_to_sign = string_to_sign(&ctx.time, &ctx.scope, &canonical_request);
    let signature = calculate_signature(&ctx.key, &string_to_sign)?;

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

/// Step 1 assembled: the canonical request text.
fn canonical(
    request: &HttpRequest,
    params: &SigningParams<'_>,
    query: String,
    headers: CanonicalHeaders,
    payload_hash: String,
) -> Result<String, SigningError> {
    let settings = params.settings;
    let uri = canonical_uri(request.path(), settings.uri_encoding, settings.path_normalization);
    Ok(CanonicalRequest::new(&request.method, uri, query, headers, payload_hash)?.to_string())
}

/// The host to sign when the request has no `Host` header (empty when it has one).
fn host_if_missing(request: &HttpRequest) -> Result<String, SigningError> {
    if request.headers.contains("host") {
        Ok(String::new())
    } else {
        host_from_url(request)
    }
}

/// The `Host` value a client sends for the URL: the authority without user info and
/// without the scheme's default port, lower-cased (as URL parsers normalize it).
fn host_from_url(request: &HttpRequest) -> Result<String, SigningError> {
    let authority = request.authority();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let default_port = match request.scheme() {
        s if s.eq_ignore_ascii_case("https") => Some(":443"),
        s if s.eq_ignore_ascii_case("http") => Some(":80"),
        _ => None,
    };
    let host = default_port.and_then(|p| host.strip_suffix(p)).unwrap_or(host);
    if host.is_empty() || request.url.split_once("://").is_none() {
        return Err(SigningError::InvalidRequest("the request URL has no host (expected scheme://host/...)".into()));
    }
    Ok(host.to_ascii_lowercase())
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
    fn host_drops_default_ports_and_userinfo() {
        let host = |url: &str| host_from_url(&HttpRequest::new("GET", url));
        assert_eq!(host("https://b.s3.amazonaws.com:443/k").as_deref(), Ok("b.s3.amazonaws.com"));
        assert_eq!(host("http://localhost:80").as_deref(), Ok("localhost"));
        assert_eq!(host("http://LocalHost:9000/x").as_deref(), Ok("localhost:9000"));
        assert_eq!(host("https://u:p@[::1]:8443/").as_deref(), Ok("[::1]:8443"));
        assert!(host("/just/a/path").is_err());
        assert!(host("https:///path").is_err());
    }
}
