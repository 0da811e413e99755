//! `aws.isVirtualHostableS3Bucket`.

use super::url::{is_ipv4, is_valid_host_label};

/// `aws.isVirtualHostableS3Bucket(bucket, allowSubDomains)`: the bucket can be the first
/// label(s) of a host name: at least 3 characters, no upper case, not shaped like an IPv4
/// address, and a valid host label (each `.`-separated label when `allow_subdomains`).
pub(crate) fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    bucket.len() >= 3
        && !bucket.bytes().any(|b| b.is_ascii_uppercase())
        && bucket.to_lowercase() == bucket
        && !is_ipv4(bucket)
        && is_valid_host_label(bucket, allow_subdomains)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
        assert!(is_virtual_hostable_s3_bucket("a.b.c", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
    }
}
