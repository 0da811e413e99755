//! Where a downloaded key goes inside a target directory, without ever leaving it: keys
//! are `/`-separated names chosen by whoever wrote the bucket, and a key such as
//! `../../.bashrc` must not escape (s3transfer leaves this to aws-cli).

use super::error::TransferError;

/// The path segments, relative to the download directory, for `key` listed under
/// `prefix` (the prefix is removed, as `aws s3 cp --recursive` does).
///
/// Empty and `.` segments are dropped (`a//b` and `a/./b` go to `a/b`). Refused, with
/// [`TransferError::UnsafeKey`]: a `..` segment, a backslash (a separator on Windows), a
/// NUL byte, and a key that names the directory itself. Callers on Windows must also
/// refuse `:` (drive letters and alternate streams).
pub fn relative_key_path<'k>(key: &'k str, prefix: &str) -> Result<Vec<&'k str>, TransferError> {
    let rest = key.strip_prefix(prefix).unwrap_or(key);
    let unsafe_key = |reason| TransferError::UnsafeKey { key: key.to_owned(), reason };
    if rest.contains('\\') {
        return Err(unsafe_key("it contains a backslash, a path separator on Windows"));
    }
    if rest.contains('\0') {
        return Err(unsafe_key("it contains a NUL byte"));
    }
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if segments.contains(&"..") {
        return Err(unsafe_key("a '..' segment would leave the target directory"));
    }
    if segments.is_empty() {
        return Err(unsafe_key("it names the target directory itself, not a file in it"));
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_inside_the_directory() {
        assert_eq!(relative_key_path("photos/2024/a.jpg", "photos/").expect("a value"), ["2024", "a.jpg"]);
        assert_eq!(relative_key_path("/a//./b", "").expect("a value"), ["a", "b"]);
        assert_eq!(relative_key_path("logs/10:00.json", "").expect("a value"), ["logs", "10:00.json"]);
        assert_eq!(relative_key_path("a..b/c..", "").expect("a value"), ["a..b", "c.."]);
    }

    #[test]
    fn escaping_keys_are_refused() {
        for key in ["../x", "a/../../x", "p/..", "a\\..\\x", "a\0b", "p/", "p"] {
            let e = relative_key_path(key, "p").expect_err("an error");
            assert!(matches!(e, TransferError::UnsafeKey { .. }), "{key}: {e}");
        }
        let e = relative_key_path("docs/../../etc/passwd", "docs/").expect_err("an error");
        assert_eq!(
            e.to_string(),
            "refusing key 'docs/../../etc/passwd': a '..' segment would leave the target directory"
        );
    }
}
