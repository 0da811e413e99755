//! Canonical headers and the signed-headers list.

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
        let mut entries: Vec<(String, &str)> = Vec::new();
        for (name, value) in headers {
            check_name(name)?;
            entries.push((name.to_ascii_lowercase(), value));
        }
        // Stable: values of one name keep their order.
        entries.sort_by(|a, b| a.0.cmp(&b.0));

        let mut canonical = String::with_capacity(entries.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
        let mut signed_headers = String::with_capacity(entries.iter().map(|(n, _)| n.len() + 1).sum());
        let mut previous: Option<&str> = None;
        for (name, value) in &entries {
            if previous == Some(name.as_str()) {
                canonical.pop(); // the '\n' of the previous value of this name
                canonical.push(',');
            } else {
                if previous.is_some() {
                    signed_headers.push(';');
                }
                signed_headers.push_str(name);
                canonical.push_str(name);
                canonical.push(':');
            }
            push_trimmed(value, &mut canonical);
            canonical.push('\n');
            previous = Some(name.as_str());
        }
        Ok(Self { canonical, signed_headers })
    }
}

/// Appends `value` without leading/trailing whitespace and with inner whitespace runs
/// (spaces, tabs, line breaks of folded lines) collapsed to one space.
fn push_trimmed(value: &str, out: &mut String) {
    for (i, word) in value.split_ascii_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// An HTTP field name is a non-empty RFC 9110 token.
fn check_name(name: &str) -> Result<(), SigningError> {
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(is_tchar) {
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
    }

    #[test]
    fn rejects_bad_names() {
        assert!(CanonicalHeaders::new([("", "x")]).is_err());
        assert!(CanonicalHeaders::new([("a b", "x")]).is_err());
        assert!(CanonicalHeaders::new([("a:b", "x")]).is_err());
    }
}
