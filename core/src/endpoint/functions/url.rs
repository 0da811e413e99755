//! URL and host functions: `parseURL`, `isValidHostLabel`.

use std::sync::Arc;

use super::super::val::{Record, Val};
use super::strings::percent_encode;

/// The parts of an `http`/`https` URL, as `parseURL` sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    /// Lower-cased scheme: `http` or `https`.
    pub(crate) scheme: String,
    /// Host and port (and user info) as written: `example.com:8443`, `[::1]`.
    pub(crate) authority: &'a str,
    /// The host without brackets, port or user info.
    pub(crate) host: &'a str,
    /// The path as written (may be empty).
    pub(crate) path: &'a str,
}

/// Splits `url` as Python's `urlparse` does for the cases endpoint rules care about.
/// `None` unless the scheme is `http`/`https`, the port (if any) is a number up to 65535
/// and there is no query string. A `#fragment` is dropped.
pub(crate) fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !query.is_empty() {
        return None;
    }
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => after.split_at(after.find('/').unwrap_or(after.len())),
        None => ("", rest),
    };
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.strip_prefix('[') {
        Some(bracketed) => {
            let (host, after) = bracketed.split_once(']')?;
            (host, after.strip_prefix(':').unwrap_or(""))
        }
        None => host_port.split_once(':').unwrap_or((host_port, "")),
    };
    if !is_valid_port(port) {
        return None;
    }
    Some(UrlParts { scheme, authority, host, path })
}

/// Empty (no port), or ASCII digits for a number up to 65535.
fn is_valid_port(port: &str) -> bool {
    port.is_empty() || (port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u32>().is_ok_and(|p| p <= 65535))
}

/// `parseURL(value)`: a record `{scheme, authority, path, normalizedPath, isIp}`, or unset
/// for a URL [`split_url`] rejects. `normalizedPath` has dot segments and repeated slashes
/// removed, is percent-encoded, and always ends with `/`.
pub(crate) fn parse_url(url: &str) -> Val {
    let Some(parts) = split_url(url) else {
        return Val::None;
    };
    let mut normalized = percent_encode(&remove_dot_segments(parts.path), b"/-._~");
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let is_ip = is_ipv4(parts.host) || (parts.authority.contains('[') && is_ipv6(parts.host));
    Val::Record(Arc::new(Record::new(vec![
        ("scheme".into(), Val::Str(parts.scheme)),
        ("authority".into(), Val::Str(parts.authority.to_owned())),
        ("path".into(), Val::Str(parts.path.to_owned())),
        ("normalizedPath".into(), Val::Str(normalized)),
        ("isIp".into(), Val::Bool(is_ip)),
    ])))
}

/// RFC 3986 dot-segment removal that also drops empty segments (`//`); an empty path is `/`.
fn remove_dot_segments(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let first = if path.starts_with('/') { "/" } else { "" };
    let last = if path.ends_with('/') && !out.is_empty() { "/" } else { "" };
    format!("{first}{}{last}", out.join("/"))
}

/// Four dot-separated groups of one to three ASCII digits (botocore's `IPV4_RE`; the
/// values are not range-checked).
pub(crate) fn is_ipv4(host: &str) -> bool {
    let groups: Vec<&str> = host.split('.').collect();
    groups.len() == 4 && groups.iter().all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// An IPv6 address, optionally with a zone id (`fe80::1%25eth0`).
pub(crate) fn is_ipv6(host: &str) -> bool {
    let (addr, zone) = match host.split_once('%') {
        Some((addr, zone)) => (addr, Some(zone.strip_prefix("25").unwrap_or(zone))),
        None => (host, None),
    };
    let zone_ok =
        zone.is_none_or(|z| !z.is_empty() && z.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
    zone_ok && addr.parse::<core::net::Ipv6Addr>().is_ok()
}

/// `isValidHostLabel(value, allowSubDomains)`: an RFC 1123 label (1 to 63 of
/// `A-Z a-z 0-9 -`, not starting or ending with `-`); with `allow_subdomains`, every
/// `.`-separated label must be one.
pub(crate) fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        return value.split('.').all(is_single_label);
    }
    is_single_label(value)
}

fn is_single_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(url: &str, name: &str) -> Option<Val> {
        match parse_url(url) {
            Val::Record(r) => r.get(name).cloned(),
            _ => None,
        }
    }

    #[test]
    fn parses_urls_like_botocore() {
        assert_eq!(field("https://example.com", "normalizedPath"), Some(Val::Str("/".into())));
        assert_eq!(field("http://h:8080/a//b/../c", "normalizedPath"), Some(Val::Str("/a/c/".into())));
        assert_eq!(field("http://h:8080/a", "authority"), Some(Val::Str("h:8080".into())));
        assert_eq!(field("http://127.0.0.1:9000", "isIp"), Some(Val::Bool(true)));
        assert_eq!(field("https://[::1]:443/p", "isIp"), Some(Val::Bool(true)));
        assert_eq!(field("http://localhost:9000", "isIp"), Some(Val::Bool(false)));
        assert_eq!(parse_url("abcde://nota#url"), Val::None);
        assert_eq!(parse_url("https://example.com/?x=1"), Val::None);
        assert_eq!(parse_url("https://example.com:99999"), Val::None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-west-2", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
    }
}
