//! String functions: `stringEquals`, `substring`, `uriEncode`.

use crate::error::Error;

use super::super::val::Val;

/// `stringEquals(a, b)`: both must be strings (an unset argument is an error, as in
/// botocore).
pub(crate) fn string_equals(a: &Val, b: &Val) -> Result<bool, Error> {
    match (a, b) {
        (Val::Str(a), Val::Str(b)) => Ok(a == b),
        _ => Err(Error::Endpoint(format!("Both values must be strings, not {} and {}.", a.type_name(), b.type_name()))),
    }
}

/// `substring(input, start, stop, reverse)`: characters `start..stop` of an ASCII
/// `input`, counted from the end when `reverse`. Unset when the range is empty or past the
/// end, or the input is not ASCII.
pub(crate) fn substring(input: &Val, start: &Val, stop: &Val, reverse: &Val) -> Result<Val, Error> {
    let Val::Str(input) = input else {
        return Err(Error::Endpoint(format!("Input must be a string, not {}.", input.type_name())));
    };
    let (Val::Int(start), Val::Int(stop), Val::Bool(reverse)) = (start, stop, reverse) else {
        return Err(Error::Endpoint("substring expects (string, integer, integer, boolean)".into()));
    };
    let (Ok(start), Ok(stop)) = (usize::try_from(*start), usize::try_from(*stop)) else {
        return Ok(Val::None);
    };
    if start >= stop || input.len() < stop || !input.is_ascii() {
        return Ok(Val::None);
    }
    let (from, to) = if *reverse { (input.len() - stop, input.len() - start) } else { (start, stop) };
    Ok(Val::Str(input[from..to].to_owned()))
}

/// `uriEncode(value)`: percent-encodes every byte of the UTF-8 text except the RFC 3986
/// unreserved characters `A-Z a-z 0-9 - . _ ~`, with upper-case hex digits.
pub(crate) fn uri_encode(value: &str) -> String {
    percent_encode(value, b"-._~")
}

/// Percent-encodes everything but ASCII alphanumerics and the bytes of `safe`.
pub(crate) fn percent_encode(value: &str, safe: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || safe.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(input: &str, start: i64, stop: i64, reverse: bool) -> Val {
        let args = (Val::Str(input.into()), Val::Int(start), Val::Int(stop), Val::Bool(reverse));
        substring(&args.0, &args.1, &args.2, &args.3).unwrap_or(Val::Bool(false))
    }

    #[test]
    fn substring_forward_and_reverse() {
        assert_eq!(sub("abcdefg", 0, 4, false), Val::Str("abcd".into()));
        assert_eq!(sub("abcdefg", 0, 4, true), Val::Str("defg".into()));
        assert_eq!(sub("abc", 0, 4, false), Val::None);
        assert_eq!(sub("abc", 2, 2, false), Val::None);
        assert_eq!(sub("abé", 0, 1, false), Val::None);
    }

    #[test]
    fn uri_encode_keeps_unreserved_only() {
        assert_eq!(uri_encode("a b/c~d_e.f-g?h=é"), "a%20b%2Fc~d_e.f-g%3Fh%3D%C3%A9");
    }
}
