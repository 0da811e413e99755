//! Timestamps in responses.
//!
//! A service's `timestampFormat` says how it *should* send a timestamp, but responses are
//! read leniently, like botocore's `parse_timestamp`: any of the wire formats AWS uses is
//! accepted wherever a timestamp is expected:
//! - epoch seconds, integral or fractional (`1398796238`, `1398796238.123`);
//! - ISO 8601 / RFC 3339 date-times, extended or basic, with `Z`, an offset or no zone
//!   (UTC is assumed): `2014-04-29T18:30:38Z`, `2019-12-16T22:48:18-01:00`,
//!   `20140429T183038Z`;
//! - HTTP dates: IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`), RFC 850
//!   (`Tuesday, 29-Apr-14 18:30:38 GMT`) and asctime (`Tue Apr 29 18:30:38 2014`).
//!
//! Every timestamp is written out as the [`crate::Document`] convention wants it, by
//! [`crate::protocol::timestamp::to_document`] (RFC 3339 in UTC with a `Z`), so inputs and
//! outputs share one definition.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Epoch seconds given as a float are rounded to this many nanoseconds (a microsecond,
/// like Python's `datetime`), so `946845296.123` reads as `.123` and not `.122999906`.
const FLOAT_EPOCH_ROUNDING_NANOS: i128 = 1_000;

/// Parses a timestamp written in any supported format (see the module docs).
pub(crate) fn parse_text(text: &str) -> Result<OffsetDateTime, String> {
    let t = text.trim();
    if let Some(parsed) = parse_common_iso8601(t.as_bytes()) {
        return Ok(parsed);
    }
    let parsed = if is_epoch_text(t) {
        parse_epoch_text(t)
    } else if t.as_bytes().first().is_some_and(u8::is_ascii_digit) && !t.contains(' ') {
        parse_iso8601(t)
    } else {
        parse_http_date(t)
    };
    parsed.ok_or_else(|| format!("invalid timestamp {text:?}"))
}

/// Epoch seconds as a JSON/CBOR float (rounded to the microsecond).
pub(crate) fn from_epoch_f64(seconds: f64) -> Result<OffsetDateTime, String> {
    // Beyond ±1e12 seconds (about 31,700 years) no date can be formatted anyway.
    if !seconds.is_finite() || seconds.abs() > 1e12 {
        return Err(format!("invalid epoch timestamp {seconds}"));
    }
    let nanos = (seconds * 1e9) as i128;
    let rounded =
        (nanos + FLOAT_EPOCH_ROUNDING_NANOS / 2).div_euclid(FLOAT_EPOCH_ROUNDING_NANOS) * FLOAT_EPOCH_ROUNDING_NANOS;
    OffsetDateTime::from_unix_timestamp_nanos(rounded).map_err(|_| format!("epoch timestamp {seconds} is out of range"))
}

/// Epoch seconds as an integer.
pub(crate) fn from_epoch_i64(seconds: i64) -> Result<OffsetDateTime, String> {
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| format!("epoch timestamp {seconds} is out of range"))
}

/// `-`? digits (`.` digits)? (`e` sign? digits)?
fn is_epoch_text(t: &str) -> bool {
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let body = t.strip_prefix('-').unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && all_digits(digits)
    });
    !whole.is_empty() && all_digits(whole) && all_digits(fraction) && exponent_ok
}

/// `1398796238`, `1398796238.5`, `-1`, `1.398796238E9`: exact for decimal text.
fn parse_epoch_text(t: &str) -> Option<OffsetDateTime> {
    if t.contains(['e', 'E']) {
        return from_epoch_f64(t.parse().ok()?).ok();
    }
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let seconds: i128 = whole.parse().ok()?;
    let mut digits: String = fraction.chars().take(9).collect();
    while digits.len() < 9 {
        digits.push('0');
    }
    let nanos: i128 = digits.parse().ok()?;
    let total = seconds.checked_mul(1_000_000_000)?.checked_add(nanos)?;
    OffsetDateTime::from_unix_timestamp_nanos(if negative { -total } else { total }).ok()
}

/// The form AWS writes most: `2009-10-12T17:50:30Z` or `2009-10-12T17:50:30.000Z`
/// (milliseconds), read without splitting. `None` for anything else (leap seconds
/// included), which [`parse_iso8601`] then reads.
fn parse_common_iso8601(t: &[u8]) -> Option<OffsetDateTime> {
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        t.get(range)?.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let millis = match (t.len(), t.get(19)) {
        (20, Some(b'Z')) => 0,
        (24, Some(b'.')) if t.get(23) == Some(&b'Z') => number(20..23)?,
        _ => return None,
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !separators.iter().all(|&(i, c)| t.get(i) == Some(&c)) {
        return None;
    }
    let year = i32::try_from(number(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(number(8..10)?).ok()?).ok()?;
    let [hour, minute, second] = [number(11..13)?, number(14..16)?, number(17..19)?].map(u8::try_from);
    let time =
        Time::from_hms_nano(hour.ok()?, minute.ok()?, second.ok().filter(|s| *s < 60)?, millis * 1_000_000).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// ISO 8601 date-time, extended (`2014-04-29T18:30:38.5+01:00`) or basic (`20140429T183038Z`).
fn parse_iso8601(t: &str) -> Option<OffsetDateTime> {
    let split = t.find(['T', 't'])?;
    let (date_text, rest) = (&t[..split], &t[split + 1..]);
    let zone_start = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time_text, zone_text) = rest.split_at(zone_start);
    let date = if date_text.contains('-') {
        let mut parts = date_text.splitn(3, '-');
        ymd(parts.next()?, parts.next()?, parts.next()?)?
    } else if date_text.len() == 8 {
        ymd(date_text.get(..4)?, date_text.get(4..6)?, date_text.get(6..)?)?
    } else {
        return None;
    };
    let time = parse_clock(time_text, time_text.contains(':'))?;
    let offset = parse_zone(zone_text)?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

fn ymd(year: &str, month: &str, day: &str) -> Option<Date> {
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// `18:30:38`, `18:30:38.123`, `18:30` (extended) or `183038` (basic).
fn parse_clock(text: &str, extended: bool) -> Option<Time> {
    let (main, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    let fields: Vec<&str> = if extended {
        main.split(':').collect()
    } else {
        (0..main.len()).step_by(2).filter_map(|i| main.get(i..i + 2)).collect()
    };
    let field = |i: usize| fields.get(i).map_or(Some(0), |f| f.parse::<u8>().ok());
    if fields.len() < 2 || fields.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits: String = fraction.chars().take(9).collect();
    while digits.len() < 9 {
        digits.push('0');
    }
    let (hour, minute, second) = (field(0)?, field(1)?, field(2)?);
    // Leap seconds (`23:59:60`) are read as the last second of the minute.
    Time::from_hms_nano(hour, minute, second.min(59), digits.parse().ok()?).ok()
}

/// `Z`, `+01:00`, `-0100`, `+01`, or nothing (UTC).
fn parse_zone(text: &str) -> Option<UtcOffset> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("z") {
        return Some(UtcOffset::UTC);
    }
    let (sign, digits) = match text.as_bytes()[0] {
        b'+' => (1i8, &text[1..]),
        b'-' => (-1i8, &text[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let hours: i8 = digits.get(..2)?.parse().ok()?;
    let minutes: i8 = digits.get(2..).filter(|m| !m.is_empty()).map_or(Some(0), |m| m.parse().ok())?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

/// The date parts of an HTTP date, gathered in any order.
#[derive(Default)]
struct HttpDateParts {
    month: Option<Month>,
    numbers: Vec<u32>,
    time: Option<Time>,
    offset: Option<UtcOffset>,
}

/// IMF-fixdate, RFC 850 and asctime, leniently (weekday optional, `GMT`/`UTC`/offsets).
fn parse_http_date(t: &str) -> Option<OffsetDateTime> {
    let mut parts = HttpDateParts::default();
    for token in t.split([' ', ',', '\t']).filter(|s| !s.is_empty()) {
        http_date_token(token, &mut parts)?;
    }
    let (day, year) = match parts.numbers.as_slice() {
        [day, year] => (*day, *year),
        _ => return None,
    };
    let year = match year {
        0..=69 => 2000 + year,
        70..=99 => 1900 + year,
        _ => year,
    };
    let date = Date::from_calendar_date(i32::try_from(year).ok()?, parts.month?, u8::try_from(day).ok()?).ok()?;
    Some(PrimitiveDateTime::new(date, parts.time?).assume_offset(parts.offset.unwrap_or(UtcOffset::UTC)))
}

fn http_date_token(token: &str, parts: &mut HttpDateParts) -> Option<()> {
    if token.contains(':') {
        parts.time = Some(parse_clock(token, true)?);
    } else if token.starts_with(['+', '-']) {
        parts.offset = Some(parse_zone(token)?);
    } else if token.bytes().all(|b| b.is_ascii_digit()) {
        parts.numbers.push(token.parse().ok()?);
    } else if token.contains('-') {
        // RFC 850: `29-Apr-14`.
        for piece in token.split('-') {
            http_date_token(piece, parts)?;
        }
    } else if let Some(month) = month_named(token) {
        parts.month = Some(month);
    } else if !is_weekday(token) && !["GMT", "UTC", "UT", "Z"].iter().any(|z| token.eq_ignore_ascii_case(z)) {
        return None;
    }
    Some(())
}

fn month_named(token: &str) -> Option<Month> {
    const MONTHS: [Month; 12] = [
        Month::January,
        Month::February,
        Month::March,
        Month::April,
        Month::May,
        Month::June,
        Month::July,
        Month::August,
        Month::September,
        Month::October,
        Month::November,
        Month::December,
    ];
    let lower = token.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS.into_iter().find(|m| m.to_string().to_ascii_lowercase().starts_with(&lower))
}

/// True for `Mon`..`Sun` and `Monday`..`Sunday`, any case.
pub(crate) fn is_weekday(token: &str) -> bool {
    const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let lower = token.trim().to_ascii_lowercase();
    lower.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&lower))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::timestamp::format_iso8601;

    fn iso(text: &str) -> String {
        format_iso8601(parse_text(text).unwrap_or_else(|e| panic!("{e}")))
    }

    #[test]
    fn reads_every_wire_format() {
        let want = "2014-04-29T18:30:38Z";
        for text in [
            "1398796238",
            "1398796238.000",
            "2014-04-29T18:30:38Z",
            "2014-04-29T18:30:38.000Z",
            "2014-04-29T19:30:38+01:00",
            "2014-04-29T17:30:38-0100",
            "2014-04-29T18:30:38",
            "20140429T183038Z",
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
            "29 Apr 2014 18:30:38 +0000",
        ] {
            assert_eq!(iso(text), want, "{text}");
        }
    }

    #[test]
    fn keeps_fractions_and_rounds_floats() {
        assert_eq!(iso("2000-01-02T20:34:56.123Z"), "2000-01-02T20:34:56.123Z");
        assert_eq!(iso("946845296.5"), "2000-01-02T20:34:56.500Z");
        let dt = from_epoch_f64(946_845_296.123).map(format_iso8601);
        assert_eq!(dt.as_deref(), Ok("2000-01-02T20:34:56.123Z"));
        assert_eq!(iso("-1"), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn common_form_reads_as_the_general_rules_do() {
        for text in [
            "2009-10-12T17:50:30.000Z",
            "2009-10-12T17:50:30.123Z",
            "2009-10-12T17:50:30Z",
            "2000-02-29T00:00:00Z",
            "0001-01-01T00:00:00.999Z",
            "9999-12-31T23:59:59Z",
        ] {
            let fast = parse_common_iso8601(text.as_bytes());
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, parse_iso8601(text), "{text}");
        }
        for text in [
            "2009-10-12T17:50:60Z",
            "2009-10-12T24:00:00Z",
            "2001-02-29T00:00:00Z",
            "2009-10-12T17:50:30.00Z",
            "2009-10-12T17:50:30+00:00",
            "2009-10-12t17:50:30z",
            "2009-1a-12T17:50:30Z",
            "+009-10-12T17:50:30Z",
        ] {
            assert_eq!(parse_common_iso8601(text.as_bytes()), None, "{text}");
        }
        assert_eq!(iso("2009-10-12T23:59:60Z"), "2009-10-12T23:59:59Z");
    }

    #[test]
    fn rejects_garbage() {
        for text in ["", "soon", "2014-13-01T00:00:00Z", "Tue, 29 Foo 2014 18:30:38 GMT", "12:00"] {
            assert!(parse_text(text).is_err(), "{text}");
        }
        assert!(from_epoch_f64(f64::NAN).is_err());
    }
}
