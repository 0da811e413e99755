//! Canonical headers and the signed-headers list.

use std::cmp::Ordering;

use super::SigningError;

/// The canonical header block (`name:value\n` per header name) and the matching
/// signed-headers list (`name;name;...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    /// One `name:value\n` line per distinct name, names lower-cased and sorted, values
    /// trimmed with inner whitespace runs collapsed to one space, repeated names' values
    /// joined with `,` in the order given.
    pub canonical: String,
    /// The lower-cased names joined with `;`.
    pub signed_headers: String,
}

impl CanonicalHeaders {
    /// Canonicalizes `headers` (name, value) as given: the caller has already removed the
    /// headers that are not signed. Fails on an empty name or one with characters not
    /// allowed in an HTTP field name.
    pub fn new<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, SigningError> {
        let mut entries: Vec<(&str, &str)> = headers.into_iter().collect();
        let mut canonical = String::with_capacity(entries.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
        let mut signed_headers = String::with_capacity(entries.iter().map(|(n, _)| n.len() + 1).sum());
        write_canonical_headers(&mut entries, &mut canonical, &mut signed_headers)?;
        Ok(Self { canonical, signed_headers })
    }
}

/// Checks the names, sorts `entries` (stable, by lower-cased name) and appends the canonical
/// header block to `canonical` and the signed-headers list to `signed_headers`.
pub(crate) fn write_canonical_headers(
    entries: &mut [(&str, &str)],
    canonical: &mut String,
    signed_headers: &mut String,
) -> Result<(), SigningError> {
    for (name, _) in entries.iter() {
        check_name(name)?;
    }
    // Stable: values of one name keep their order.
    entries.sort_by(|a, b| cmp_lower(a.0, b.0));

    let mut previous: Option<&str> = None;
    for (name, value) in entries.iter() {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            canonical.pop(); // the '\n' of the previous value of this name
            canonical.push(',');
        } else {
            if previous.is_some() {
                signed_headers.push(';');
            }
            push_lower(name, signed_headers);
            push_lower(name, canonical);
            canonical.push(':');
        }
        push_trimmed(value, canonical);
        canonical.push('\n');
        previous = Some(name);
    }
    Ok(())
}

/// Compares `a` and `b` as their ASCII-lower-cased bytes (what sorting lower-cased names does).
fn cmp_lower(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

/// Appends `name` ASCII-lower-cased.
fn push_lower(name: &str, out: &mut String) {
    let start = out.len();
    out.push_str(name);
    if let Some(pushed) = out.get_mut(start..) {
        pushed.make_ascii_lowercase();
    }
}

/// Appends `value` without leading/trailing whitespace and with inner whitespace runs
/// (spaces, tabs, line breaks of folded lines) collapsed to one space.
fn push_trimmed(value: &str, out: &mut String) {
    // Fast path: no whitespace or control byte at all (all ASCII whitespace is <= b' ').
    // No early exit, so the scan vectorizes.
    if !value.bytes().fold(false, |seen, b| seen | (b <= b' ')) {
        out.push_str(value);
        return;
    }
    for (i, word) in value.split_ascii_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// An HTTP field name is a non-empty RFC 9110 token.
fn check_name(name: &str) -> Result<(), SigningError> {
    let is_tchar = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
            )
    };
    if name.is_empty() || !name.bytes().fold(true, |ok, b| ok & is_tchar(b)) {
        return Err(SigningError::InvalidRequest(format!("invalid header name {name:?}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_joins_and_trims() {
        let h = CanonicalHeaders::new([
            ("Host", "example.amazonaws.com"),
            ("My-Header1", "value4"),
            ("X-Amz-Date", "20150830T123600Z"),
            ("my-header1", " value1 "),
            ("My-Header2", "\"a   b   c\""),
            ("My-Header1", "v\n  a\tl"),
        ])
        .expect("valid");
        assert_eq!(
            h.canonical,
            "host:example.amazonaws.com\nmy-header1:value4,value1,v a l\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n"
        );
        assert_eq!(h.signed_headers, "host;my-header1;my-header2;x-amz-date");
        let h = CanonicalHeaders::new([("B", " x  y "), ("a-B", "p q\t"), ("A", "1 \t2"), ("a", "z")]).expect("valid");
        assert_eq!(h.canonical, "a:1 2,z\na-b:p q\nb:x y\n");
        assert_eq!(h.signed_headers, "a;a-b;b");
    }

    #[test]
    fn rejects_bad_names() {
        assert!(CanonicalHeaders::new([("", "x")]).is_err());
        assert!(CanonicalHeaders::new([("a b", "x")]).is_err());
        assert!(CanonicalHeaders::new([("a:b", "x")]).is_err());
    }
}
