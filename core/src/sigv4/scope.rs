//! The request timestamp and the credential scope (`date/region/service/aws4_request`).

use std::fmt;

use time::{OffsetDateTime, UtcOffset};

use super::SigningError;

/// The terminator of every SigV4 credential scope.
pub const SCOPE_TERMINATOR: &str = "aws4_request";

/// A signing time in SigV4's basic ISO 8601 form, `YYYYMMDDTHHMMSSZ` (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SigningTime {
    amz_date: String,
}

impl SigningTime {
    /// Converts `time` to UTC and formats it. Fails only for years outside 0..=9999.
    pub fn new(time: OffsetDateTime) -> Result<Self, SigningError> {
        let t = time.to_offset(UtcOffset::UTC);
        if !(0..=9999).contains(&t.year()) {
            return Err(SigningError::InvalidParams(format!("signing time year {} is outside 0..=9999", t.year())));
        }
        let mut amz_date = String::with_capacity(16);
        push_digits(&mut amz_date, t.year().unsigned_abs(), 4);
        push_digits(&mut amz_date, u32::from(u8::from(t.month())), 2);
        push_digits(&mut amz_date, u32::from(t.day()), 2);
        amz_date.push('T');
        push_digits(&mut amz_date, u32::from(t.hour()), 2);
        push_digits(&mut amz_date, u32::from(t.minute()), 2);
        push_digits(&mut amz_date, u32::from(t.second()), 2);
        amz_date.push('Z');
        Ok(Self { amz_date })
    }

    /// `YYYYMMDDTHHMMSSZ`: the `X-Amz-Date` value.
    pub fn amz_date(&self) -> &str {
        &self.amz_date
    }

    /// `YYYYMMDD`: the date of the credential scope.
    pub fn date(&self) -> &str {
        // The string is ASCII and always 16 bytes long; `get` keeps this panic-free.
        self.amz_date.get(..8).unwrap_or_default()
    }
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for i in (0..width).rev() {
        let digit = (value / 10u32.pow(i)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// `date/region/service/aws4_request`: what a signature is valid for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CredentialScope {
    /// `YYYYMMDD`.
    pub date: String,
    /// The signing region (`us-east-1`).
    pub region: String,
    /// The signing name of the service (`s3`, `execute-api`, ...).
    pub service: String,
}

impl CredentialScope {
    /// The scope for `time`, `region` and `service`. Region and service must be non-empty
    /// and free of `/`, whitespace and control characters.
    pub fn new(time: &SigningTime, region: &str, service: &str) -> Result<Self, SigningError> {
        check_scope_part("region", region)?;
        check_scope_part("service name", service)?;
        Ok(Self { date: time.date().to_owned(), region: region.to_owned(), service: service.to_owned() })
    }
}

impl CredentialScope {
    /// The length of the `Display` text.
    pub(crate) fn text_len(&self) -> usize {
        self.date.len() + self.region.len() + self.service.len() + 3 + SCOPE_TERMINATOR.len()
    }

    /// Appends the `Display` text to `out`.
    pub(crate) fn push_to(&self, out: &mut String) {
        out.push_str(&self.date);
        out.push('/');
        out.push_str(&self.region);
        out.push('/');
        out.push_str(&self.service);
        out.push('/');
        out.push_str(SCOPE_TERMINATOR);
    }
}

impl fmt::Display for CredentialScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}/{SCOPE_TERMINATOR}", self.date, self.region, self.service)
    }
}

/// Checks a value that goes into the credential scope or the `Credential=` field.
pub(crate) fn check_scope_part(what: &str, value: &str) -> Result<(), SigningError> {
    if value.is_empty() {
        return Err(SigningError::InvalidParams(format!("the {what} is empty")));
    }
    if value.bytes().any(|b| b == b'/' || b == b',' || b == b'=' || !b.is_ascii_graphic()) {
        return Err(SigningError::InvalidParams(format!(
            "the {what} contains '/', ',', '=', whitespace or a non-ASCII/control character"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_in_utc() {
        let t = SigningTime::new(datetime!(2015-08-30 14:36:00 +02:00)).expect("valid");
        assert_eq!(t.amz_date(), "20150830T123600Z");
        assert_eq!(t.date(), "20150830");
        let scope = CredentialScope::new(&t, "us-east-1", "service").expect("valid");
        assert_eq!(scope.to_string(), "20150830/us-east-1/service/aws4_request");
        let mut pushed = String::new();
        scope.push_to(&mut pushed);
        assert_eq!(pushed, scope.to_string());
        assert_eq!(scope.text_len(), pushed.len());
        let early = SigningTime::new(datetime!(0007-01-02 03:04:05 UTC)).expect("valid");
        assert_eq!(early.amz_date(), "00070102T030405Z");
    }

    #[test]
    fn rejects_bad_scope_parts() {
        let t = SigningTime::new(datetime!(2015-08-30 12:36:00 UTC)).expect("valid");
        assert!(CredentialScope::new(&t, "", "s3").is_err());
        assert!(CredentialScope::new(&t, "us/east", "s3").is_err());
        assert!(CredentialScope::new(&t, "us-east-1", "s 3").is_err());
        let far = datetime!(2015-08-30 12:36:00 UTC).replace_year(-5).expect("valid year");
        assert!(SigningTime::new(far).is_err());
    }
}
