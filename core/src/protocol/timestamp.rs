//! Timestamp formats shared by every protocol: the three wire formats of the models
//! (`iso8601`, `rfc822`, `unixTimestamp`) and the input conventions of [`crate::Document`]
//! (RFC 3339 strings or epoch seconds).
//!
//! Every function here is pure: nothing reads the clock. Parsing is lenient in the way
//! botocore's `parse_timestamp` is (ISO 8601 with or without offset or fraction, HTTP dates,
//! epoch seconds as text); formatting is strict and always UTC.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::Document;

/// A model's `timestampFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `2019-12-16T23:48:18Z` (RFC 3339 / ISO 8601, UTC).
    Iso8601,
    /// `Mon, 16 Dec 2019 23:48:18 GMT` (the HTTP date of RFC 7231, called `rfc822` in models).
    Rfc822,
    /// Seconds since the Unix epoch, `1576540098` or `1576540098.5`.
    UnixTimestamp,
}

impl TimestampFormat {
    /// Reads a model's `timestampFormat` value (case-insensitive); `None` for unknown names.
    pub fn from_model(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "iso8601" => Some(Self::Iso8601),
            "rfc822" => Some(Self::Rfc822),
            "unixtimestamp" => Some(Self::UnixTimestamp),
            _ => None,
        }
    }
}

/// Epoch seconds as they go on the wire: whole seconds as an integer, otherwise a float
/// with microsecond precision (as botocore does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EpochSeconds {
    Whole(i64),
    Fractional(f64),
}

impl EpochSeconds {
    /// As a JSON number.
    pub fn to_document(self) -> Document {
        match self {
            Self::Whole(s) => Document::from(s),
            Self::Fractional(f) => Document::from(f),
        }
    }
}

impl std::fmt::Display for EpochSeconds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Whole(s) => write!(f, "{s}"),
            Self::Fractional(x) => write!(f, "{x}"),
        }
    }
}

/// A timestamp given in a [`Document`]: an RFC 3339 (or other ISO 8601 / HTTP-date) string,
/// or epoch seconds as a JSON integer or float. `None` when the value is neither.
pub fn from_document(value: &Document) -> Option<OffsetDateTime> {
    match value {
        Document::String(s) => parse(s),
        Document::Number(n) => match n.as_i64() {
            Some(secs) => OffsetDateTime::from_unix_timestamp(secs).ok(),
            None => n.as_f64().and_then(from_epoch_seconds),
        },
        _ => None,
    }
}

/// The RFC 3339 string a [`Document`] carries for a parsed timestamp (UTC, `Z`).
pub fn to_document(ts: OffsetDateTime) -> Document {
    Document::String(format_iso8601(ts))
}

/// A timestamp from fractional epoch seconds, rounded to the microsecond.
pub fn from_epoch_seconds(secs: f64) -> Option<OffsetDateTime> {
    if !secs.is_finite() {
        return None;
    }
    let whole = secs.floor();
    let micros = ((secs - whole) * 1_000_000.0).round() as i128;
    let nanos = (whole as i128) * 1_000_000_000 + micros * 1_000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

/// Parses a timestamp leniently: ISO 8601 / RFC 3339 (offset optional, UTC assumed),
/// an HTTP date (`Mon, 16 Dec 2019 23:48:18 GMT`) or epoch seconds written as text.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    parse_iso8601(text).or_else(|| parse_http_date(text)).or_else(|| parse_epoch_seconds(text))
}

/// Parses epoch seconds written as text (`1576540098`, `1576540098.123`).
pub fn parse_epoch_seconds(text: &str) -> Option<OffsetDateTime> {
    let looks_numeric =
        !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !looks_numeric {
        return None;
    }
    match text.parse::<i64>() {
        Ok(secs) => OffsetDateTime::from_unix_timestamp(secs).ok(),
        Err(_) => text.parse::<f64>().ok().and_then(from_epoch_seconds),
    }
}

/// Parses `YYYY-MM-DD[(T| )hh:mm[:ss[.fraction]]][Z|±hh:mm|±hhmm]`. A missing offset means UTC.
pub fn parse_iso8601(text: &str) -> Option<OffsetDateTime> {
    let mut c = Cursor::new(text);
    let year = c.number(4, 4)? as i32;
    c.expect(b'-')?;
    let month = Month::try_from(c.number(2, 2)? as u8).ok()?;
    c.expect(b'-')?;
    let day = c.number(2, 2)? as u8;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    if c.done() {
        return Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc());
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let time = c.clock()?;
    let offset = c.offset()?;
    c.done().then(|| PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// Parses an HTTP date, `[Mon, ]16 Dec 2019 23:48:18[.fraction] (GMT|UTC|Z|±hhmm)`.
pub fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    let rest = match text.split_once(',') {
        Some((weekday, rest)) if weekday.trim().len() >= 3 => rest.trim_start(),
        _ => text,
    };
    let mut parts = rest.split_ascii_whitespace();
    let day: u8 = parts.next()?.parse().ok()?;
    let month = month_from_name(parts.next()?)?;
    let year: i32 = parts.next()?.parse().ok()?;
    let mut clock = Cursor::new(parts.next()?);
    let time = clock.clock()?;
    if !clock.done() {
        return None;
    }
    let offset = match parts.next() {
        None | Some("GMT" | "UTC" | "Z" | "UT") => UtcOffset::UTC,
        Some(zone) => Cursor::new(zone).offset()?,
    };
    if parts.next().is_some() {
        return None;
    }
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// `2019-12-16T23:48:18Z`, with `.mmm` or `.uuuuuu` when the time has a fraction.
pub fn format_iso8601(ts: OffsetDateTime) -> String {
    let ts = ts.to_offset(UtcOffset::UTC);
    if let Ok(year) = u32::try_from(ts.year()) {
        if year <= 9999 {
            return format_iso8601_digits(year, ts);
        }
    }
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        ts.year(),
        u8::from(ts.month()),
        ts.day(),
        ts.hour(),
        ts.minute(),
        ts.second()
    );
    let micros = ts.microsecond();
    if micros % 1000 == 0 && micros != 0 {
        out.push_str(&format!(".{:03}", micros / 1000));
    } else if micros != 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    out.push('Z');
    out
}

/// [`format_iso8601`] for a UTC time of year 0 to 9999, digit by digit (no `format!`).
fn format_iso8601_digits(year: u32, ts: OffsetDateTime) -> String {
    fn push(out: &mut String, value: u32, width: u32) {
        for place in (0..width).rev() {
            let digit = (value / 10u32.pow(place)) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    }
    let mut out = String::with_capacity(27);
    push(&mut out, year, 4);
    out.push('-');
    push(&mut out, u32::from(u8::from(ts.month())), 2);
    out.push('-');
    push(&mut out, u32::from(ts.day()), 2);
    out.push('T');
    push(&mut out, u32::from(ts.hour()), 2);
    out.push(':');
    push(&mut out, u32::from(ts.minute()), 2);
    out.push(':');
    push(&mut out, u32::from(ts.second()), 2);
    let micros = ts.microsecond();
    if micros % 1000 == 0 && micros != 0 {
        out.push('.');
        push(&mut out, micros / 1000, 3);
    } else if micros != 0 {
        out.push('.');
        push(&mut out, micros, 6);
    }
    out.push('Z');
    out
}

/// `Mon, 16 Dec 2019 23:48:18 GMT` (whole seconds).
pub fn format_http_date(ts: OffsetDateTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let ts = ts.to_offset(UtcOffset::UTC);
    let weekday = DAYS[usize::from(ts.weekday().number_days_from_monday())];
    let month = MONTHS[usize::from(u8::from(ts.month())) - 1];
    format!(
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
        ts.day(),
        ts.year(),
        ts.hour(),
        ts.minute(),
        ts.second()
    )
}

/// Epoch seconds, whole when the timestamp has no sub-second part.
pub fn epoch_seconds(ts: OffsetDateTime) -> EpochSeconds {
    let secs = ts.unix_timestamp();
    match ts.microsecond() {
        0 => EpochSeconds::Whole(secs),
        micros => EpochSeconds::Fractional(((i128::from(secs) * 1_000_000 + i128::from(micros)) as f64) / 1_000_000.0),
    }
}

/// Formats `ts` as text in `format` (epoch seconds as decimal text).
pub fn format(ts: OffsetDateTime, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::Iso8601 => format_iso8601(ts),
        TimestampFormat::Rfc822 => format_http_date(ts),
        TimestampFormat::UnixTimestamp => epoch_seconds(ts).to_string(),
    }
}

fn month_from_name(name: &str) -> Option<Month> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = name.get(..3)?.to_ascii_lowercase();
    let index = NAMES.iter().position(|m| *m == lower)?;
    Month::try_from(index as u8 + 1).ok()
}

/// A byte cursor for the small hand-written date grammars above.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self { bytes: text.as_bytes(), pos: 0 }
    }

    fn done(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    /// Between `min` and `max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.pos;
        while self.pos - start < max && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits = &self.bytes[start..self.pos];
        if digits.len() < min {
            return None;
        }
        digits.iter().try_fold(0u32, |n, d| n.checked_mul(10)?.checked_add(u32::from(d - b'0')))
    }

    /// `hh:mm[:ss[.fraction]]`; a leap second 60 is clamped to 59.
    fn clock(&mut self) -> Option<Time> {
        let hour = self.number(2, 2)? as u8;
        self.expect(b':')?;
        let minute = self.number(2, 2)? as u8;
        let mut second = 0;
        let mut nanos = 0u32;
        if self.eat(b':') {
            second = (self.number(2, 2)? as u8).min(59);
            if self.eat(b'.') || self.eat(b',') {
                nanos = self.fraction()?;
            }
        }
        Time::from_hms_nano(hour, minute, second, nanos).ok()
    }

    /// Fraction digits as nanoseconds (digits beyond the ninth are dropped).
    fn fraction(&mut self) -> Option<u32> {
        let start = self.pos;
        let mut nanos = 0u32;
        while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
            let index = self.pos - start;
            if index < 9 {
                nanos += u32::from(d - b'0') * 10u32.pow(8 - index as u32);
            }
            self.pos += 1;
        }
        (self.pos > start).then_some(nanos)
    }

    /// `Z`, `±hh:mm`, `±hhmm`, `±hh`, or nothing (UTC).
    fn offset(&mut self) -> Option<UtcOffset> {
        if self.done() || self.eat(b'Z') || self.eat(b'z') {
            return Some(UtcOffset::UTC);
        }
        let sign: i8 = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let hours = self.number(2, 2)? as i8;
        self.eat(b':');
        let minutes = if self.done() { 0 } else { self.number(2, 2)? as i8 };
        UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(secs: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    #[test]
    fn formats() {
        let t = ts(1_576_540_098);
        assert_eq!(format_iso8601(t), "2019-12-16T23:48:18Z");
        assert_eq!(format_http_date(t), "Mon, 16 Dec 2019 23:48:18 GMT");
        assert_eq!(format(t, TimestampFormat::UnixTimestamp), "1576540098");
        let frac = from_epoch_seconds(1_576_540_098.123).unwrap_or(t);
        assert_eq!(format_iso8601(frac), "2019-12-16T23:48:18.123Z");
        assert_eq!(epoch_seconds(frac), EpochSeconds::Fractional(1_576_540_098.123));
    }

    #[test]
    fn formats_every_year_and_fraction() {
        let at = |year: i32, micros: u32| {
            time::Date::from_calendar_date(year, time::Month::March, 4)
                .and_then(|d| d.with_hms_micro(5, 6, 7, micros))
                .map(|d| d.assume_utc())
                .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        };
        assert_eq!(format_iso8601(at(0, 0)), "0000-03-04T05:06:07Z");
        assert_eq!(format_iso8601(at(9999, 120_000)), "9999-03-04T05:06:07.120Z");
        assert_eq!(format_iso8601(at(2024, 1)), "2024-03-04T05:06:07.000001Z");
        assert_eq!(format_iso8601(at(-1, 0)), "-001-03-04T05:06:07Z");
        let offset = at(2024, 0).to_offset(UtcOffset::from_hms(2, 0, 0).unwrap_or(UtcOffset::UTC));
        assert_eq!(format_iso8601(offset), "2024-03-04T05:06:07Z");
    }

    #[test]
    fn parses_leniently() {
        let t = ts(1_576_540_098);
        for text in [
            "2019-12-16T23:48:18Z",
            "2019-12-16T23:48:18",
            "2019-12-16 23:48:18+00:00",
            "2019-12-17T00:48:18+01:00",
            "2019-12-16T23:48:18.000Z",
            "Mon, 16 Dec 2019 23:48:18 GMT",
            "16 Dec 2019 23:48:18 GMT",
            "1576540098",
        ] {
            assert_eq!(parse(text), Some(t), "{text}");
        }
        assert_eq!(parse("2019-12-16"), Some(ts(1_576_454_400)));
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse("2019-13-16T00:00:00Z"), None);
    }

    #[test]
    fn documents() {
        assert_eq!(from_document(&Document::from(1)), Some(ts(1)));
        assert_eq!(from_document(&Document::from(1.5)).map(|t| t.millisecond()), Some(500));
        assert_eq!(to_document(ts(0)), Document::from("1970-01-01T00:00:00Z"));
        assert_eq!(TimestampFormat::from_model("unixTimestamp"), Some(TimestampFormat::UnixTimestamp));
    }
}
