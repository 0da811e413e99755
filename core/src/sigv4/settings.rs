//! Every SigV4 quirk as a named setting.
//!
//! [`SigningSettings::default`] is the generic-service rule set of the SigV4 specification
//! (and of the AWS SigV4 test suite); [`SigningSettings::s3`] is S3's. Service-specific
//! code fills these from the service model instead of passing bare booleans around.

use std::borrow::Cow;
use std::time::Duration;

/// How the canonical URI is encoded from the request path (which is already percent-encoded,
/// as on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UriEncoding {
    /// Percent-encode every path segment once more (so `%20` becomes `%2520`): every
    /// service except S3.
    Double,
    /// Use the path as it is on the wire: S3.
    Single,
}

/// Whether `.`/`..` segments and empty segments (`//`) are removed from the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathNormalization {
    /// Remove dot segments and collapse repeated slashes: every service except S3.
    Enabled,
    /// Keep the path exactly: S3 (`a//b` and `a/./b` are distinct object keys).
    Disabled,
}

/// Whether the payload hash is also sent (and signed) as the `x-amz-content-sha256` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayloadChecksumKind {
    /// The payload hash appears only in the canonical request.
    NoHeader,
    /// Add `x-amz-content-sha256: <payload hash>` (S3, S3 Control, Glacier). Header signing
    /// only: presigned URLs never carry it.
    XAmzContentSha256,
}

/// Where a session token goes relative to the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionTokenMode {
    /// Add `x-amz-security-token` (header, or `X-Amz-Security-Token` query parameter) before
    /// signing, so it is signed. What nearly every service expects, S3 presigning included.
    Include,
    /// Add the token only after signing, unsigned (a few services, e.g. IoT device
    /// gateways, require this).
    Exclude,
}

/// Where the signature goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureLocation {
    /// An `Authorization` header (plus `x-amz-date`, ...).
    Headers,
    /// `X-Amz-*` query parameters: a presigned URL valid for
    /// [`SigningSettings::expires_in`].
    QueryParams,
}

/// Headers never signed by default: hop-by-hop headers, headers that proxies and tracing
/// tools add or rewrite, and `authorization` itself. The same set as botocore 1.44.5's
/// `SIGNED_HEADERS_BLACKLIST`, plus `authorization`.
pub const DEFAULT_EXCLUDED_HEADERS: &[&str] = &[
    "authorization",
    "baggage",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// The longest validity SigV4 allows for a presigned URL: 7 days.
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(604_800);

/// The validity boto3 gives presigned URLs when none is asked for: 1 hour.
pub const DEFAULT_EXPIRES_IN: Duration = Duration::from_secs(3600);

/// The signing rules for one service (and operation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningSettings {
    /// Canonical URI encoding.
    pub uri_encoding: UriEncoding,
    /// Canonical URI normalization.
    pub path_normalization: PathNormalization,
    /// Whether to send `x-amz-content-sha256`.
    pub payload_checksum: PayloadChecksumKind,
    /// Whether a session token is signed.
    pub session_token_mode: SessionTokenMode,
    /// Authorization header or presigned URL.
    pub signature_location: SignatureLocation,
    /// Validity of a presigned URL (`X-Amz-Expires`): whole seconds, 1 s ..= 7 days.
    /// Ignored for header signing.
    pub expires_in: Duration,
    /// Lower-case names of request headers never signed (see [`DEFAULT_EXCLUDED_HEADERS`]).
    pub excluded_headers: Vec<Cow<'static, str>>,
}

impl Default for SigningSettings {
    /// The generic-service rules: double URI encoding, path normalization, no
    /// `x-amz-content-sha256`, session token signed, `Authorization` header.
    fn default() -> Self {
        Self {
            uri_encoding: UriEncoding::Double,
            path_normalization: PathNormalization::Enabled,
            payload_checksum: PayloadChecksumKind::NoHeader,
            session_token_mode: SessionTokenMode::Include,
            signature_location: SignatureLocation::Headers,
            expires_in: DEFAULT_EXPIRES_IN,
            excluded_headers: DEFAULT_EXCLUDED_HEADERS.iter().map(|h| Cow::Borrowed(*h)).collect(),
        }
    }
}

impl SigningSettings {
    /// S3's rules: the path as on the wire (no double encoding, no normalization) and the
    /// `x-amz-content-sha256` header.
    pub fn s3() -> Self {
        Self {
            uri_encoding: UriEncoding::Single,
            path_normalization: PathNormalization::Disabled,
            payload_checksum: PayloadChecksumKind::XAmzContentSha256,
            ..Self::default()
        }
    }

    /// The same rules, signing into query parameters valid for `expires_in`.
    pub fn presigned(mut self, expires_in: Duration) -> Self {
        self.signature_location = SignatureLocation::QueryParams;
        self.expires_in = expires_in;
        self
    }

    /// True when `lower_name` (already lower case) is never signed.
    pub(crate) fn is_excluded(&self, lower_name: &str) -> bool {
        self.excluded_headers.iter().any(|h| h.eq_ignore_ascii_case(lower_name))
    }
}

/// Checks a presigned validity: whole seconds from 1 s to 7 days. Returns the seconds.
pub(crate) fn checked_expiry(expires_in: Duration) -> Result<u64, super::SigningError> {
    let secs = expires_in.as_secs();
    if expires_in.subsec_nanos() != 0 {
        return Err(super::SigningError::InvalidExpiry(format!("{expires_in:?} is not a whole number of seconds")));
    }
    if secs == 0 || expires_in > MAX_EXPIRES_IN {
        return Err(super::SigningError::InvalidExpiry(format!("{secs} s is outside 1 s ..= 604800 s (7 days)")));
    }
    Ok(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_rules() {
        let s = SigningSettings::s3();
        assert_eq!(s.uri_encoding, UriEncoding::Single);
        assert_eq!(s.path_normalization, PathNormalization::Disabled);
        assert_eq!(s.payload_checksum, PayloadChecksumKind::XAmzContentSha256);
        assert!(s.is_excluded("user-agent"));
        assert!(!s.is_excluded("host"));
    }

    #[test]
    fn expiry_bounds() {
        assert_eq!(checked_expiry(Duration::from_secs(1)), Ok(1));
        assert_eq!(checked_expiry(MAX_EXPIRES_IN), Ok(604_800));
        assert!(checked_expiry(Duration::ZERO).is_err());
        assert!(checked_expiry(Duration::from_secs(604_801)).is_err());
        assert!(checked_expiry(Duration::from_millis(1500)).is_err());
    }
}
