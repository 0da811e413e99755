//! S3 presigned POST (browser-based upload): a policy document, base64-encoded and signed
//! with the SigV4 signing key, plus the form fields, as boto3's
//! `generate_presigned_post(Bucket, Key, Fields, Conditions, ExpiresIn)` returns them.

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::params::SigningParams;
use super::settings::checked_expiry;
use super::signature::calculate_signature;
use super::signing_key::SigningKeyCache;
use super::string_to_sign::ALGORITHM;
use super::SigningError;
use crate::python_json::python_json;

/// The suffix of a key that S3 replaces with the uploaded file's name.
const FILENAME_VARIABLE: &str = "${filename}";

/// What to presign, as boto3's `generate_presigned_post` arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct PresignedPostRequest<'a> {
    /// The form's action URL (`https://bucket.s3.region.amazonaws.com/`), resolved by the
    /// caller's endpoint resolution.
    pub url: &'a str,
    /// The bucket (a `{"bucket": ...}` condition is added).
    pub bucket: &'a str,
    /// The object key; a key ending in `${filename}` becomes a `starts-with` condition.
    pub key: &'a str,
    /// Prefilled form fields (`acl`, `Content-Type`, `x-amz-meta-*`...), kept in order.
    /// Each needs a matching condition, as in boto3.
    pub fields: Vec<(String, String)>,
    /// Extra policy conditions: JSON objects (`{"acl": "public-read"}`) or arrays
    /// (`["content-length-range", 1, 1048576]`).
    pub conditions: Vec<Value>,
    /// How long the policy is valid: whole seconds, 1 s ..= 7 days.
    pub expires_in: Duration,
}

/// The form to post: `url` and the fields to send (the file field goes last, after these).
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedPost {
    /// The form's action URL.
    pub url: String,
    /// `(name, value)` fields: the caller's, then `key`, `x-amz-algorithm`,
    /// `x-amz-credential`, `x-amz-date`, `x-amz-security-token` (with a session token),
    /// `policy` and `x-amz-signature`.
    pub fields: Vec<(String, String)>,
}

impl PresignedPost {
    /// The value of field `name` (case-insensitive).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for PresignedPost {
    /// Fields with the session token redacted (in its field and inside the policy).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let has_token = self.field("x-amz-security-token").is_some();
        let fields: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(n, v)| {
                let secret = n.eq_ignore_ascii_case("x-amz-security-token") || (has_token && n == "policy");
                (n.as_str(), if secret { "** redacted **" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("PresignedPost").field("url", &self.url).field("fields", &fields).finish()
    }
}

/// Builds and signs the POST policy of `request`. Uses the credentials, region, service
/// (normally `s3`) and time of `params`; its settings do not apply.
pub fn presign_post(
    request: &PresignedPostRequest<'_>,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
) -> Result<PresignedPost, SigningError> {
    if request.bucket.is_empty() || request.key.is_empty() {
        return Err(SigningError::InvalidPolicy("the bucket and the key must not be empty".into()));
    }
    let ctx = params.context(cache)?;
    let credential = ctx.credential(params);
    let token = params.credentials.session_token.as_ref().map(|t| t.expose());

    let mut conditions = user_conditions(&request.conditions)?;
    conditions.push(json!({ "bucket": request.bucket }));
    conditions.push(key_condition(request.key));
    conditions.push(json!({ "x-amz-algorithm": ALGORITHM }));
    conditions.push(json!({ "x-amz-credential": credential }));
    conditions.push(json!({ "x-amz-date": ctx.time.amz_date() }));
    if let Some(token) = token {
        conditions.push(json!({ "x-amz-security-token": token }));
    }
    let mut policy = Map::new();
    policy.insert("expiration".into(), Value::String(expiration(params.time, request.expires_in)?));
    policy.insert("conditions".into(), Value::Array(conditions));
    let policy = base64::engine::general_purpose::STANDARD.encode(python_json(&Value::Object(policy)));
    let signature = calculate_signature(ctx.key, &policy)?;

    const SET_HERE: [&str; 7] = [
        "key",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "x-amz-security-token",
        "policy",
        "x-amz-signature",
    ];
    let mut fields: Vec<(String, String)> =
        request.fields.iter().filter(|(n, _)| !SET_HERE.iter().any(|s| s.eq_ignore_ascii_case(n))).cloned().collect();
    fields.push(("key".into(), request.key.to_owned()));
    fields.push(("x-amz-algorithm".into(), ALGORITHM.to_owned()));
    fields.push(("x-amz-credential".into(), credential));
    fields.push(("x-amz-date".into(), ctx.time.amz_date().to_owned()));
    if let Some(token) = token {
        fields.push(("x-amz-security-token".into(), token.to_owned()));
    }
    fields.push(("policy".into(), policy));
    fields.push(("x-amz-signature".into(), signature));
    Ok(PresignedPost { url: request.url.to_owned(), fields })
}

/// The caller's conditions, each a JSON object or array.
fn user_conditions(conditions: &[Value]) -> Result<Vec<Value>, SigningError> {
    if let Some(bad) = conditions.iter().position(|c| !c.is_object() && !c.is_array()) {
        return Err(SigningError::InvalidPolicy(format!("condition #{bad} is neither a JSON object nor an array")));
    }
    Ok(conditions.to_vec())
}

/// `{"key": key}`, or `["starts-with", "$key", prefix]` for `prefix${filename}`.
fn key_condition(key: &str) -> Value {
    match key.strip_suffix(FILENAME_VARIABLE) {
        Some(prefix) => json!(["starts-with", "$key", prefix]),
        None => json!({ "key": key }),
    }
}

/// `now + expires_in` as `YYYY-MM-DDTHH:MM:SS.000Z`.
fn expiration(now: OffsetDateTime, expires_in: Duration) -> Result<String, SigningError> {
    let secs = checked_expiry(expires_in)?;
    let seconds = i64::try_from(secs).map_err(|_| SigningError::InvalidExpiry("too large".into()))?;
    let at = now
        .to_offset(time::UtcOffset::UTC)
        .checked_add(time::Duration::seconds(seconds))
        .filter(|t| (0..=9999).contains(&t.year()))
        .ok_or_else(|| SigningError::InvalidExpiry("the expiration is past year 9999".into()))?;
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn expiration_format_and_bounds() {
        let now = datetime!(2015-12-29 00:00:00 UTC);
        assert_eq!(expiration(now, Duration::from_secs(129_600)).as_deref(), Ok("2015-12-30T12:00:00.000Z"));
        assert!(expiration(now, Duration::ZERO).is_err());
        assert!(expiration(now, Duration::from_secs(604_801)).is_err());
    }

    #[test]
    fn key_conditions() {
        assert_eq!(key_condition("user/a/${filename}"), json!(["starts-with", "$key", "user/a/"]));
        assert_eq!(key_condition("a.txt"), json!({"key": "a.txt"}));
        assert!(user_conditions(&[json!("acl")]).is_err());
    }
}
