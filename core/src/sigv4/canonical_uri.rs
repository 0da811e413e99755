//! Canonical URI: the request path, normalized and encoded according to the settings.

use super::encoding::encode_path;
use super::settings::{PathNormalization, UriEncoding};

/// The canonical URI of `path` (the request path, percent-encoded as on the wire).
///
/// - [`PathNormalization::Enabled`]: dot segments are resolved and empty segments dropped
///   (`//a/./b/../c/` becomes `/a/c/`); a trailing `/` is kept when something remains.
/// - [`UriEncoding::Double`]: the (normalized) path is percent-encoded again, segment by
///   segment, so `%20` becomes `%2520` and a raw `$` becomes `%24`.
/// - [`UriEncoding::Single`] with [`PathNormalization::Disabled`] (S3): the path as is.
///
/// An empty path is `/`.
pub fn canonical_uri(path: &str, encoding: UriEncoding, normalization: PathNormalization) -> String {
    let normalized;
    let path = match normalization {
        PathNormalization::Enabled => {
            normalized = normalize_path(path);
            normalized.as_str()
        }
        PathNormalization::Disabled => path,
    };
    if path.is_empty() {
        return "/".to_owned();
    }
    match encoding {
        UriEncoding::Double => {
            let mut out = String::with_capacity(path.len() + 8);
            encode_path(path, &mut out);
            out
        }
        UriEncoding::Single => path.to_owned(),
    }
}

/// Appends the canonical URI of `path` to `out` (see [`canonical_uri`]).
pub(crate) fn push_canonical_uri(
    path: &str,
    encoding: UriEncoding,
    normalization: PathNormalization,
    out: &mut String,
) {
    match (encoding, normalization) {
        (UriEncoding::Single, PathNormalization::Disabled) if !path.is_empty() => out.push_str(path),
        _ => out.push_str(&canonical_uri(path, encoding, normalization)),
    }
}

/// Removes `.` and `..` segments and empty segments, keeping a leading and (when anything
/// is left) a trailing `/`. `..` above the root is dropped.
pub fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') || segments.is_empty() {
        out.push('/');
    }
    out.push_str(&segments.join("/"));
    if path.ends_with('/') && !segments.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic(path: &str) -> String {
        canonical_uri(path, UriEncoding::Double, PathNormalization::Enabled)
    }

    #[test]
    fn normalizes_like_the_suite() {
        assert_eq!(generic("//example//"), "/example/");
        assert_eq!(generic("//"), "/");
        assert_eq!(generic("/./"), "/");
        assert_eq!(generic("/./example"), "/example");
        assert_eq!(generic("/example/.."), "/");
        assert_eq!(generic("/example1/example2/../.."), "/");
        assert_eq!(generic("/../../a"), "/a");
        assert_eq!(generic(""), "/");
    }

    #[test]
    fn double_encodes() {
        assert_eq!(generic("/example space/"), "/example%20space/");
        assert_eq!(generic("/example/$delete"), "/example/%24delete");
        assert_eq!(generic("/a%20b"), "/a%2520b");
        assert_eq!(generic("/ሴ"), "/%E1%88%B4");
    }

    #[test]
    fn s3_keeps_the_path() {
        let s3 = |p| canonical_uri(p, UriEncoding::Single, PathNormalization::Disabled);
        assert_eq!(s3("/bucket/my-object//example//photo.user"), "/bucket/my-object//example//photo.user");
        assert_eq!(s3("/a/./b/../%20"), "/a/./b/../%20");
        assert_eq!(s3(""), "/");
    }
}
