//! Canonical query string: every parameter decoded, re-encoded with the SigV4 unreserved
//! set, sorted by encoded name then encoded value, and joined with `&`.

use super::encoding::{decode_query_component, encode_component};

/// Query parameters on their way into a canonical query string, already encoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CanonicalQuery {
    params: Vec<(String, String)>,
}

impl CanonicalQuery {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// The parameters of a raw (wire) query string, minus those whose decoded name `skip`
    /// returns true for. `a` alone counts as `a=`; empty pieces (`a=1&&b=2`) are ignored.
    pub fn from_raw(raw_query: Option<&str>, skip: impl Fn(&[u8]) -> bool) -> Self {
        let mut query = Self::new();
        for piece in raw_query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            let name = decode_query_component(name);
            if skip(&name) {
                continue;
            }
            query.push_bytes(&name, &decode_query_component(value));
        }
        query
    }

    /// Adds a decoded parameter.
    pub fn push(&mut self, name: &str, value: &str) {
        self.push_bytes(name.as_bytes(), value.as_bytes());
    }

    fn push_bytes(&mut self, name: &[u8], value: &[u8]) {
        let mut n = String::with_capacity(name.len());
        encode_component(name, &mut n);
        let mut v = String::with_capacity(value.len());
        encode_component(value, &mut v);
        self.params.push((n, v));
    }

    /// The canonical query string (empty when there are no parameters).
    pub fn to_canonical_string(&self) -> String {
        let mut sorted: Vec<&(String, String)> = self.params.iter().collect();
        sorted.sort_unstable();
        let mut out = String::with_capacity(self.params.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
        for (i, (name, value)) in sorted.into_iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        }
        out
    }
}

/// The canonical query string of a raw (wire) query string.
pub fn canonical_query_string(raw_query: Option<&str>) -> String {
    CanonicalQuery::from_raw(raw_query, |_| false).to_canonical_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_encoded_name_then_value() {
        assert_eq!(
            canonical_query_string(Some("Param-3=Value3&Param=Value2&%E1%88%B4=Value1")),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"
        );
        assert_eq!(canonical_query_string(Some("Param1=value2&Param1=Value1")), "Param1=Value1&Param1=value2");
        assert_eq!(canonical_query_string(Some("Param2=value2&Param1=value1")), "Param1=value1&Param2=value2");
    }

    #[test]
    fn encodes_and_fills_empty_values() {
        assert_eq!(canonical_query_string(Some("ሴ=bar")), "%E1%88%B4=bar");
        assert_eq!(canonical_query_string(Some("acl")), "acl=");
        assert_eq!(canonical_query_string(Some("a=&b")), "a=&b=");
        assert_eq!(canonical_query_string(Some("k=a%2Fb c&&x=%7e")), "k=a%2Fb%20c&x=~");
        assert_eq!(canonical_query_string(Some("")), "");
        assert_eq!(canonical_query_string(None), "");
    }

    #[test]
    fn skips_and_adds() {
        let mut q = CanonicalQuery::from_raw(Some("X-Amz-Signature=old&max-keys=2"), |n| n == b"X-Amz-Signature");
        q.push("X-Amz-Credential", "AKID/20130524/us-east-1/s3/aws4_request");
        assert_eq!(
            q.to_canonical_string(),
            "X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&max-keys=2"
        );
    }
}
