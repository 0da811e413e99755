//! The `authSchemes` endpoint property: how a resolved endpoint must be signed.

use crate::error::Error;

use super::types::Endpoint;

/// One entry of an endpoint's `authSchemes` property.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthScheme {
    /// `sigv4`, `sigv4a`, `sigv4-s3express` or `none` (a `aws.auth#` prefix is removed).
    pub name: String,
    /// Service name to sign with (overrides the model's).
    pub signing_name: Option<String>,
    /// Region to sign with (SigV4).
    pub signing_region: Option<String>,
    /// Regions to sign for (SigV4a).
    pub signing_region_set: Vec<String>,
    /// Do not double-encode the path when signing (S3).
    pub disable_double_encoding: Option<bool>,
    /// Do not normalize the path when signing (S3).
    pub disable_normalize_path: Option<bool>,
}

/// The schemes Stratus can sign with.
pub const SUPPORTED_AUTH_SCHEMES: &[&str] = &["sigv4", "none"];

impl AuthScheme {
    /// True for a scheme Stratus signs ([`SUPPORTED_AUTH_SCHEMES`]).
    pub fn is_supported(&self) -> bool {
        SUPPORTED_AUTH_SCHEMES.contains(&self.name.as_str())
    }

    fn from_json(object: &serde_json::Map<String, serde_json::Value>) -> AuthScheme {
        let text = |key: &str| object.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let name = text("name").unwrap_or_default();
        AuthScheme {
            name: name.rsplit('#').next().unwrap_or_default().to_owned(),
            signing_name: text("signingName"),
            signing_region: text("signingRegion"),
            signing_region_set: object
                .get("signingRegionSet")
                .and_then(|v| v.as_array())
                .map(|items| items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
            disable_double_encoding: object.get("disableDoubleEncoding").and_then(|v| v.as_bool()),
            disable_normalize_path: object.get("disableNormalizePath").and_then(|v| v.as_bool()),
        }
    }
}

impl Endpoint {
    /// The `authSchemes` property, in preference order (empty when absent).
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        self.properties
            .get("authSchemes")
            .and_then(|v| v.as_array())
            .map(|items| items.iter().filter_map(|i| i.as_object()).map(AuthScheme::from_json).collect())
            .unwrap_or_default()
    }

    /// The scheme to sign with: the first supported entry of `authSchemes`, or `None` when
    /// the endpoint lists none (sign as the model says). Fails with `Error::Signing`
    /// naming the schemes when every listed one is unsupported (`sigv4a`,
    /// `sigv4-s3express`), so such a request is never signed the wrong way.
    pub fn signing_scheme(&self) -> Result<Option<AuthScheme>, Error> {
        let schemes = self.auth_schemes();
        if schemes.is_empty() {
            return Ok(None);
        }
        if let Some(scheme) = schemes.iter().find(|s| s.is_supported()) {
            return Ok(Some(scheme.clone()));
        }
        let names: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
        Err(Error::Signing(format!(
            "the endpoint requires auth scheme {}, which Stratus cannot sign (supported: {})",
            names.join(" or "),
            SUPPORTED_AUTH_SCHEMES.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(schemes: serde_json::Value) -> Endpoint {
        let mut properties = serde_json::Map::new();
        properties.insert("authSchemes".into(), schemes);
        Endpoint { url: "https://x".into(), headers: Vec::new(), properties }
    }

    #[test]
    fn picks_first_supported_scheme() {
        let e = endpoint(serde_json::json!([
            {"name": "sigv4a", "signingRegionSet": ["*"], "signingName": "s3"},
            {"name": "sigv4", "signingRegion": "us-east-1", "signingName": "s3", "disableDoubleEncoding": true}
        ]));
        assert_eq!(e.auth_schemes().len(), 2);
        assert_eq!(e.auth_schemes()[0].signing_region_set, vec!["*".to_owned()]);
        let chosen = e.signing_scheme();
        assert_eq!(chosen.as_ref().map(|s| s.as_ref().map(|s| s.name.as_str())), Ok(Some("sigv4")));
        assert_eq!(chosen.ok().flatten().and_then(|s| s.disable_double_encoding), Some(true));
    }

    #[test]
    fn refuses_unsupported_only() {
        let e = endpoint(serde_json::json!([{"name": "sigv4-s3express", "signingName": "s3express"}]));
        let err = e.signing_scheme().map_err(|e| e.to_string());
        assert!(err.is_err_and(|m| m.contains("sigv4-s3express")));
        assert_eq!(Endpoint::default().signing_scheme(), Ok(None));
    }
}
