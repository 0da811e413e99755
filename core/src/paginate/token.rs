//! Pagination tokens in botocore's format, so tokens move freely between Stratus, boto3
//! and the AWS CLI (`--starting-token`): base64 of the JSON object
//! `{"<input token>": <value>, ..., "boto_truncate_amount": <n>}` as Python's
//! `json.dumps` writes it. botocore's older `token___token___index` form is read too.

use base64::Engine as _;
use serde_json::{Map, Value};

/// The key under which a token records how many items of its page were already returned.
pub const TRUNCATE_AMOUNT_KEY: &str = "boto_truncate_amount";

/// The service token(s) of a request, by input member (`null` for none).
pub type NextToken = Map<String, Value>;

/// Encodes `token` (service tokens plus, possibly, [`TRUNCATE_AMOUNT_KEY`]).
pub fn encode_token(token: &NextToken) -> String {
    let json = crate::python_json::python_json(&Value::Object(token.clone()));
    base64::engine::general_purpose::STANDARD.encode(json)
}

/// Decodes a starting token into the service tokens and the number of items of the
/// first page to skip. `input_token` names the operation's token members (for the old
/// `___` form). `None` when the token is not valid for them.
pub fn decode_token(token: &str, input_token: &[String]) -> Option<(NextToken, usize)> {
    match decode_json_token(token) {
        Some(decoded) => Some(decoded),
        None => decode_deprecated_token(token, input_token),
    }
}

fn decode_json_token(token: &str) -> Option<(NextToken, usize)> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(token.trim()).ok()?;
    let Value::Object(mut map) = serde_json::from_slice::<Value>(&bytes).ok()? else {
        return None;
    };
    // Marks bytes values botocore base64-encoded; documents hold blobs as base64 already.
    map.shift_remove("boto_encoded_keys");
    let skip = match map.shift_remove(TRUNCATE_AMOUNT_KEY) {
        None => 0,
        Some(v) => usize::try_from(v.as_u64()?).ok()?,
    };
    Some((map, skip))
}

/// `token1___token2___index`, `None` parts written as `None`.
fn decode_deprecated_token(token: &str, input_token: &[String]) -> Option<(NextToken, usize)> {
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut skip = 0;
    if parts.len() == input_token.len() + 1 {
        match parts.last().and_then(|p| p.parse::<usize>().ok()) {
            Some(index) => {
                skip = index;
                parts.pop();
            }
            None => parts = vec![token],
        }
    }
    if parts.len() > input_token.len() {
        return None;
    }
    let mut map = NextToken::new();
    for (i, name) in input_token.iter().enumerate() {
        let value = match parts.get(i) {
            Some(&"None") | None => Value::Null,
            Some(part) => Value::String((*part).to_owned()),
        };
        map.insert(name.clone(), value);
    }
    Some((map, skip))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(v: Value) -> NextToken {
        match v {
            Value::Object(m) => m,
            _ => NextToken::new(),
        }
    }

    #[test]
    fn encodes_like_botocore() {
        // base64.b64encode(json.dumps({"Marker": "k\u00e9y", "boto_truncate_amount": 2}).encode())
        let token = map(json!({"Marker": "k\u{e9}y", "boto_truncate_amount": 2}));
        let expected_json = r#"{"Marker": "k\u00e9y", "boto_truncate_amount": 2}"#;
        let encoded = encode_token(&token);
        assert_eq!(
            base64::engine::general_purpose::STANDARD.decode(&encoded).ok(),
            Some(expected_json.as_bytes().to_vec())
        );
        let names = vec!["Marker".to_owned()];
        assert_eq!(decode_token(&encoded, &names), Some((map(json!({"Marker": "k\u{e9}y"})), 2)));
    }

    #[test]
    fn reads_deprecated_tokens() {
        let names = vec!["Marker".to_owned(), "KeyMarker".to_owned()];
        assert_eq!(decode_token("a___None___3", &names), Some((map(json!({"Marker": "a", "KeyMarker": null})), 3)));
        assert_eq!(decode_token("opaque", &names), Some((map(json!({"Marker": "opaque", "KeyMarker": null})), 0)));
        assert_eq!(decode_token("a___b___c___d", &names), None);
    }
}
