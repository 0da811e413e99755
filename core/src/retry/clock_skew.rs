//! Clock-skew correction, modeled on aws-sdk-rust and the JS/Java SDKs (boto3 has none):
//! when a service rejects a request for its time or signature and the response's `Date`
//! header shows that the local clock is off, the client learns the offset, signs later
//! requests with `now + offset`, and the retry policy retries the call once.

use time::macros::format_description;
use time::{Duration as TimeDelta, OffsetDateTime, PrimitiveDateTime};

use crate::http::Headers;

use super::classify::CLOCK_SKEW_ERROR_CODES;

/// The difference between the server's clock and the (corrected) local clock that counts
/// as evidence of skew. Below the 5 minutes SigV4 tolerates, so that every genuine skew
/// rejection qualifies; a request that was merely slow (`RequestExpired` after a long
/// upload) or a wrong secret key (`SignatureDoesNotMatch`) does not.
pub const SKEW_EVIDENCE_THRESHOLD: TimeDelta = TimeDelta::minutes(4);

/// The offset between the local clock and AWS's. One per client, shared by its calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClockSkew {
    offset: TimeDelta,
}

impl ClockSkew {
    /// No correction.
    pub fn new() -> Self {
        Self::default()
    }

    /// What to add to the local clock to get the server's.
    pub fn offset(&self) -> TimeDelta {
        self.offset
    }

    /// The time to sign with: `now` corrected by the learned offset.
    pub fn corrected_now(&self, now: OffsetDateTime) -> OffsetDateTime {
        now.saturating_add(self.offset)
    }

    /// Learns from an error response received at local time `now`. When `code` is a clock
    /// skew code (see [`CLOCK_SKEW_ERROR_CODES`]) and the response's `Date` header differs
    /// from the corrected clock by at least [`SKEW_EVIDENCE_THRESHOLD`], sets the offset to
    /// `Date - now` and returns `true`: a request signed with [`Self::corrected_now`] may
    /// now succeed. Returns `false` (offset unchanged) otherwise.
    pub fn on_error(&mut self, code: &str, headers: &Headers, now: OffsetDateTime) -> bool {
        if !CLOCK_SKEW_ERROR_CODES.contains(&code) {
            return false;
        }
        let Some(server) = headers.get("date").and_then(parse_http_date) else {
            return false;
        };
        if (server - self.corrected_now(now)).abs() < SKEW_EVIDENCE_THRESHOLD {
            return false;
        }
        self.offset = server - now;
        true
    }
}

/// Parses an RFC 1123 HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    let format =
        format_description!("[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT");
    PrimitiveDateTime::parse(text.trim(), format).ok().map(PrimitiveDateTime::assume_utc)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn date_header(value: &str) -> Headers {
        let mut headers = Headers::new();
        headers.insert("Date", value);
        headers
    }

    #[test]
    fn parses_http_dates() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(datetime!(1994-11-06 08:49:37 UTC)));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
    }

    #[test]
    fn corrects_only_with_evidence() {
        let now = datetime!(2024-05-01 12:00:00 UTC);
        let mut skew = ClockSkew::new();
        let ahead = date_header("Wed, 01 May 2024 12:20:00 GMT");
        assert!(!skew.on_error("AccessDenied", &ahead, now));
        assert!(!skew.on_error("RequestTimeTooSkewed", &Headers::new(), now));
        let close = date_header("Wed, 01 May 2024 12:01:00 GMT");
        assert!(!skew.on_error("SignatureDoesNotMatch", &close, now));
        assert!(skew.on_error("SignatureDoesNotMatch", &ahead, now));
        assert_eq!(skew.offset(), TimeDelta::minutes(20));
        assert_eq!(skew.corrected_now(now), datetime!(2024-05-01 12:20:00 UTC));
        // Already corrected: the same evidence does not count twice.
        assert!(!skew.on_error("RequestTimeTooSkewed", &ahead, now));
    }
}
