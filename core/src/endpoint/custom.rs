//! Custom endpoints (`SDK::Endpoint`, boto3's `endpoint_url`).
//!
//! The rule sets do the routing: `SDK::Endpoint` is an ordinary built-in, and with it set
//! they build URLs on it. For S3 that means path style (`http://127.0.0.1:9000/bucket`)
//! when the host is an IP address (`parseURL`'s `isIp`), and virtual-hosted style
//! (`http://bucket.localhost:9000`) for any named host, `localhost` included, unless
//! `ForcePathStyle` is set; this is what botocore and the other SDKs do too, and
//! `bucket.localhost` or `bucket.minio` rarely resolve. [`BuiltIns::set_custom_endpoint`]
//! therefore defaults `s3_force_path_style` to `true` for such hosts (an explicit
//! `Some(false)` is kept).

use crate::error::Error;

use super::builtins::BuiltIns;
use super::functions::url::split_url;

/// Checks a custom endpoint URL: `https://host[:port][/path]`, or `http://` only when
/// `allow_http` is set explicitly (plain HTTP sends credentials-derived signatures and
/// data unencrypted, so it is never a silent default). Fails with `Error::Config` for
/// another scheme, a missing host, a bad port, a query string, or `http` without
/// `allow_http`.
pub fn validate_custom_endpoint(url: &str, allow_http: bool) -> Result<(), Error> {
    let bad = |why: &str| Error::Config(format!("custom endpoint `{url}`: {why}"));
    let parts = split_url(url).ok_or_else(|| bad("not an http(s) URL with a valid port and no query"))?;
    if parts.host.is_empty() || !url.contains("://") {
        return Err(bad("no host"));
    }
    if url.contains('#') {
        return Err(bad("a fragment is not allowed"));
    }
    if parts.scheme == "http" && !allow_http {
        return Err(bad("plain http:// must be allowed explicitly (allow_http)"));
    }
    Ok(())
}

/// True when virtual-hosted-style S3 addressing (`bucket.host`) cannot work for this
/// custom endpoint, so [`BuiltIns::s3_force_path_style`](super::BuiltIns) should default
/// to `true`: the host is `localhost` (or `*.localhost`) or a single DNS label with no dot
/// (`minio`, a container name), where no wildcard DNS will resolve `bucket.<host>`.
/// IP-address hosts need nothing: the S3 rules already use path style for them.
pub fn custom_endpoint_needs_path_style(url: &str) -> bool {
    let Some(parts) = split_url(url) else {
        return false;
    };
    let host = parts.host.to_ascii_lowercase();
    let is_ip = super::functions::url::is_ipv4(&host) || parts.authority.contains('[');
    !is_ip && !host.is_empty() && (host == "localhost" || host.ends_with(".localhost") || !host.contains('.'))
}

impl BuiltIns {
    /// Sets `SDK::Endpoint` to `url` after [`validate_custom_endpoint`], and defaults
    /// `s3_force_path_style` to `true` (when unset) if
    /// [`custom_endpoint_needs_path_style`]. Services without that parameter ignore it.
    pub fn set_custom_endpoint(&mut self, url: &str, allow_http: bool) -> Result<(), Error> {
        validate_custom_endpoint(url, allow_http)?;
        if self.s3_force_path_style.is_none() && custom_endpoint_needs_path_style(url) {
            self.s3_force_path_style = Some(true);
        }
        self.endpoint = Some(url.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_needs_opt_in() {
        assert_eq!(validate_custom_endpoint("https://s3.example.com", false), Ok(()));
        assert_eq!(validate_custom_endpoint("https://example.com:8443/base", false), Ok(()));
        assert!(validate_custom_endpoint("http://127.0.0.1:9000", false).is_err());
        assert_eq!(validate_custom_endpoint("http://127.0.0.1:9000", true), Ok(()));
        assert!(validate_custom_endpoint("ftp://example.com", true).is_err());
        assert!(validate_custom_endpoint("https://example.com?x=1", true).is_err());
        assert!(validate_custom_endpoint("https://example.com:port", true).is_err());
        assert!(validate_custom_endpoint("https://", true).is_err());
    }

    #[test]
    fn path_style_hosts() {
        assert!(custom_endpoint_needs_path_style("http://localhost:9000"));
        assert!(custom_endpoint_needs_path_style("http://minio:9000"));
        assert!(!custom_endpoint_needs_path_style("http://127.0.0.1:9000"));
        assert!(!custom_endpoint_needs_path_style("http://[::1]:9000"));
        assert!(!custom_endpoint_needs_path_style("https://s3.example.com"));
    }

    #[test]
    fn set_custom_endpoint_defaults_path_style() {
        let mut builtins = BuiltIns::default();
        assert!(builtins.set_custom_endpoint("http://localhost:9000", false).is_err());
        assert_eq!(builtins, BuiltIns::default());
        assert_eq!(builtins.set_custom_endpoint("http://localhost:9000", true), Ok(()));
        assert_eq!(builtins.s3_force_path_style, Some(true));
        let mut explicit = BuiltIns { s3_force_path_style: Some(false), ..BuiltIns::default() };
        assert_eq!(explicit.set_custom_endpoint("https://minio", false), Ok(()));
        assert_eq!(explicit.s3_force_path_style, Some(false));
        let mut ip = BuiltIns::default();
        assert_eq!(ip.set_custom_endpoint("https://10.0.0.1", false), Ok(()));
        assert_eq!((ip.s3_force_path_style, ip.endpoint.as_deref()), (None, Some("https://10.0.0.1")));
    }
}
