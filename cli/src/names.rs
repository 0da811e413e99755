//! Model names (`DescribeAddresses`, `CORSConfiguration`) in aws-cli's kebab form
//! (`describe-addresses`, `cors-configuration`), and the reverse lookup.

/// The kebab form of a model name: a dash where a lowercase letter or digit is followed by
/// an uppercase letter, and before the last capital of an acronym followed by lowercase
/// (`SSECustomerKey` → `sse-customer-key`, `ListObjectsV2` → `list-objects-v2`).
pub fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let boundary =
                prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_is_lower);
            if boundary && !out.ends_with('-') {
                out.push('-');
            }
        }
        if c == '_' {
            out.push('-');
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Finds the model name among `candidates` that `given` designates: the exact model name,
/// its kebab form, or (as the client accepts) any spelling equal once dashes and
/// underscores are dropped and case is ignored.
pub fn find<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if let Some(exact) = candidates.clone().into_iter().find(|c| *c == given || kebab(c) == given) {
        return Some(exact);
    }
    let squashed: String = given.chars().filter(|c| *c != '-' && *c != '_').collect();
    candidates.into_iter().find(|c| c.eq_ignore_ascii_case(&squashed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_matches_aws_cli_spellings() {
        assert_eq!(kebab("DescribeAddresses"), "describe-addresses");
        assert_eq!(kebab("CORSConfiguration"), "cors-configuration");
        assert_eq!(kebab("ListObjectsV2"), "list-objects-v2");
        assert_eq!(kebab("SSECustomerKey"), "sse-customer-key");
        assert_eq!(kebab("DescribeDBInstances"), "describe-db-instances");
        assert_eq!(kebab("Bucket"), "bucket");
    }

    #[test]
    fn find_accepts_model_kebab_and_squashed_names() {
        let names = ["PutBucketCors", "GetBucketCors", "ListObjectsV2"];
        assert_eq!(find("put-bucket-cors", names), Some("PutBucketCors"));
        assert_eq!(find("GetBucketCors", names), Some("GetBucketCors"));
        assert_eq!(find("list_objects_v2", names), Some("ListObjectsV2"));
        assert_eq!(find("delete-bucket", names), None);
    }
}
