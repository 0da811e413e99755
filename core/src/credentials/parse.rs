//! Small parsing helpers shared by the providers: timestamps, JSON credential documents,
//! URL encoding.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{Credentials, SecretString};
use crate::Error;

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a query or form value.
pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

/// Parses an ISO 8601 / RFC 3339 timestamp as the AWS tools write them, leniently like
/// botocore's `dateutil`: `2024-01-02T03:04:05Z`, fractional seconds, `+00:00` or `+0000`
/// offsets, a `UTC` suffix (old AWS CLI SSO caches), or no zone at all (UTC assumed).
pub(crate) fn timestamp(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t);
    }
    let text = text.strip_suffix("UTC").map_or_else(|| text.to_owned(), |t| format!("{}Z", t.trim_end()));
    if let Ok(t) = OffsetDateTime::parse(&text, &Rfc3339) {
        return Some(t);
    }
    let bytes = text.as_bytes();
    let n = bytes.len();
    // `+hhmm` / `-hhmm` without a colon.
    if n > 5 && matches!(bytes[n - 5], b'+' | b'-') && bytes[n - 4..].iter().all(u8::is_ascii_digit) {
        let fixed = format!("{}:{}", &text[..n - 2], &text[n - 2..]);
        return OffsetDateTime::parse(&fixed, &Rfc3339).ok();
    }
    OffsetDateTime::parse(&format!("{text}Z"), &Rfc3339).ok()
}

/// A required string member of a JSON object.
pub(crate) fn required<'a>(doc: &'a Value, key: &str, what: &str) -> Result<&'a str, Error> {
    doc.get(key).and_then(Value::as_str).ok_or_else(|| Error::Parse(format!("{what}: missing required key '{key}'")))
}

/// An optional string member of a JSON object.
pub(crate) fn optional<'a>(doc: &'a Value, key: &str) -> Option<&'a str> {
    doc.get(key).and_then(Value::as_str)
}

/// The `Expiration` of a credentials document, parsed.
pub(crate) fn expiration(text: &str, what: &str) -> Result<OffsetDateTime, Error> {
    timestamp(text).ok_or_else(|| Error::Parse(format!("{what}: invalid Expiration timestamp '{text}'")))
}

/// Credentials from the `AccessKeyId` / `SecretAccessKey` / token / `Expiration` members of a
/// JSON document (container endpoint, IMDS, `credential_process`).
pub(crate) fn json_credentials(
    doc: &Value,
    token_key: &str,
    token_required: bool,
    expiration_required: bool,
    provider: &'static str,
) -> Result<Credentials, Error> {
    let what = format!("{provider} credentials");
    let access_key_id = required(doc, "AccessKeyId", &what)?;
    let secret = required(doc, "SecretAccessKey", &what)?;
    let token = if token_required { Some(required(doc, token_key, &what)?) } else { optional(doc, token_key) };
    let expires = match optional(doc, "Expiration") {
        Some(text) => Some(expiration(text, &what)?),
        None if expiration_required => return Err(Error::Parse(format!("{what}: missing required key 'Expiration'"))),
        None => None,
    };
    Ok(Credentials {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: SecretString::new(secret),
        session_token: token.map(SecretString::new),
        expiration: expires,
        provider,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_read_leniently() {
        let want = time::macros::datetime!(2024-01-02 03:04:05 UTC);
        for text in [
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05UTC",
            "2024-01-02T03:04:05+00:00",
            "2024-01-02T03:04:05+0000",
            "2024-01-02T05:04:05+0200",
            "2024-01-02T03:04:05",
        ] {
            assert_eq!(timestamp(text), Some(want), "{text}");
        }
        assert!(timestamp("2011-07-15T23:28:33.359Z").is_some());
        assert_eq!(timestamp("soon"), None);
    }

    #[test]
    fn encoding_keeps_unreserved_only() {
        assert_eq!(encode("arn:aws:iam::1:role/a b+c~"), "arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b%2Bc~");
    }
}
