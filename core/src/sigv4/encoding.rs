//! SigV4 percent-encoding: every byte except the unreserved set `A-Z a-z 0-9 - _ . ~` is
//! written as `%XY` with upper-case hex (RFC 3986 section 2.3).

use std::borrow::Cow;

use percent_encoding::{percent_decode, percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Bytes that SigV4 percent-encodes in query names and values.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Bytes that SigV4 percent-encodes in a path: the same, keeping `/`.
const PATH: &AsciiSet = &QUERY_COMPONENT.remove(b'/');

/// Appends `bytes` percent-encoded for a query name or value.
pub(crate) fn encode_component(bytes: &[u8], out: &mut String) {
    out.extend(percent_encode(bytes, QUERY_COMPONENT));
}

/// Appends `path` percent-encoded, keeping `/` separators.
pub(crate) fn encode_path(path: &str, out: &mut String) {
    out.extend(percent_encode(path.as_bytes(), PATH));
}

/// Decodes one raw query name or value: `+` means a space (HTML form encoding, as AWS
/// services read it), then `%XY` escapes are decoded; a malformed escape stays literal.
pub(crate) fn decode_query_component(raw: &str) -> Cow<'_, [u8]> {
    if raw.contains('+') {
        let spaced = raw.replace('+', " ");
        Cow::Owned(percent_decode(spaced.as_bytes()).collect())
    } else {
        percent_decode(raw.as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded_component(bytes: &[u8]) -> String {
        let mut s = String::new();
        encode_component(bytes, &mut s);
        s
    }

    #[test]
    fn unreserved_kept_rest_encoded() {
        assert_eq!(encoded_component(b"-._~AZaz09"), "-._~AZaz09");
        assert_eq!(encoded_component(b"a b/c=d&e+%"), "a%20b%2Fc%3Dd%26e%2B%25");
        assert_eq!(encoded_component("ሴ".as_bytes()), "%E1%88%B4");
        let mut p = String::new();
        encode_path("/a b/$x/%41", &mut p);
        assert_eq!(p, "/a%20b/%24x/%2541");
    }

    #[test]
    fn decodes_query() {
        assert_eq!(&*decode_query_component("a%20b+c%2B"), b"a b c+");
        assert_eq!(&*decode_query_component("100%"), b"100%");
        assert_eq!(&*decode_query_component("%zz"), b"%zz");
    }
}
