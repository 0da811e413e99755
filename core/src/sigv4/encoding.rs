//! SigV4 percent-encoding: every byte except the unreserved set `A-Z a-z 0-9 - _ . ~` is
//! written as `%XY` with upper-case hex (RFC 3986 section 2.3).

use std::borrow::Cow;

use percent_encoding::{percent_decode, percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Bytes that SigV4 percent-encodes in a path: all but the unreserved set and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Appends `bytes` percent-encoded for a query name or value.
pub(crate) fn encode_component(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
            out.push(char::from(HEX_UPPER[usize::from(b & 0x0f)]));
        }
    }
}

/// Appends `bytes` as lower-case hex.
pub(crate) fn push_hex(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX_LOWER[usize::from(b >> 4)]));
        out.push(char::from(HEX_LOWER[usize::from(b & 0x0f)]));
    }
}

/// `bytes` as a lower-case hex string.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(bytes, &mut out);
    out
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
        let all: Vec<u8> = (0..=255).collect();
        const UNRESERVED_KEPT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
        let expected: String = percent_encode(&all, UNRESERVED_KEPT).collect();
        assert_eq!(encoded_component(&all), expected);
        assert_eq!(to_hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }

    #[test]
    fn decodes_query() {
        assert_eq!(&*decode_query_component("a%20b+c%2B"), b"a b c+");
        assert_eq!(&*decode_query_component("100%"), b"100%");
        assert_eq!(&*decode_query_component("%zz"), b"%zz");
    }
}
