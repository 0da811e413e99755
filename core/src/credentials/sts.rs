//! The two STS calls the chain makes, built by hand as query-protocol requests (form-encoded
//! POST, `Version=2011-06-15`) and their XML responses parsed with quick-xml.
//!
//! `AssumeRoleWithWebIdentity` is sent unsigned; `AssumeRole` must be SigV4-signed with the
//! source credentials by the caller (the chain returns it with [`super::SignWith`]).

use quick_xml::events::Event;
use quick_xml::Reader;

use super::parse::{encode, timestamp};
use super::{Credentials, SecretString};
use crate::config::RegionalEndpoints;
use crate::http::{Body, HttpRequest, HttpResponse};
use crate::{Error, ServiceError};

/// Regions where `sts_regional_endpoints = legacy` means the global endpoint (botocore's
/// `LEGACY_GLOBAL_STS_REGIONS`).
const LEGACY_GLOBAL_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// The DNS suffix of a region's partition.
pub(crate) fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else if region.starts_with("us-isof-") {
        "csp.hci.ic.gov"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else if region.starts_with("eu-isoe-") {
        "cloud.adc-e.uk"
    } else {
        "amazonaws.com"
    }
}

/// Where STS calls go and the region they are signed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StsTarget {
    /// `https://sts.us-west-2.amazonaws.com/`.
    pub url: String,
    pub signing_region: String,
}

impl StsTarget {
    /// botocore's STS client: a configured endpoint URL wins; no region (or `aws-global`)
    /// means the global `sts.amazonaws.com` signed for us-east-1, as does a legacy global
    /// region with `sts_regional_endpoints = legacy`; otherwise the regional endpoint.
    pub fn new(region: Option<&str>, regional: RegionalEndpoints, endpoint_url: Option<String>) -> Self {
        let region = region.filter(|r| !r.is_empty());
        if let Some(url) = endpoint_url {
            let signing_region = region.filter(|r| *r != "aws-global").unwrap_or("us-east-1");
            return Self { url, signing_region: signing_region.to_owned() };
        }
        match region {
            Some(r)
                if r != "aws-global"
                    && !(regional == RegionalEndpoints::Legacy && LEGACY_GLOBAL_REGIONS.contains(&r)) =>
            {
                Self { url: format!("https://sts.{r}.{}/", dns_suffix(r)), signing_region: r.to_owned() }
            }
            _ => Self { url: "https://sts.amazonaws.com/".to_owned(), signing_region: "us-east-1".to_owned() },
        }
    }
}

/// `AssumeRole` parameters (botocore's names in the profile: `role_arn`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssumeRoleParams {
    pub role_arn: String,
    pub role_session_name: String,
    pub external_id: Option<String>,
    pub mfa_serial: Option<String>,
    pub duration_seconds: Option<u32>,
}

fn form_request(target: &StsTarget, params: &[(&str, &str)]) -> HttpRequest {
    let body: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    let mut request = HttpRequest::new("POST", target.url.clone());
    request.headers.insert("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    request.body = Body::Bytes(body.join("&").into_bytes());
    request
}

/// The `AssumeRole` request; `token_code` is the MFA code when `mfa_serial` is set.
pub(crate) fn assume_role_request(target: &StsTarget, p: &AssumeRoleParams, token_code: Option<&str>) -> HttpRequest {
    let duration = p.duration_seconds.map(|d| d.to_string());
    let mut params = vec![
        ("Action", "AssumeRole"),
        ("Version", "2011-06-15"),
        ("RoleArn", p.role_arn.as_str()),
        ("RoleSessionName", p.role_session_name.as_str()),
    ];
    if let Some(d) = &duration {
        params.push(("DurationSeconds", d));
    }
    if let Some(id) = &p.external_id {
        params.push(("ExternalId", id));
    }
    if let (Some(serial), Some(code)) = (&p.mfa_serial, token_code) {
        params.push(("SerialNumber", serial));
        params.push(("TokenCode", code));
    }
    form_request(target, &params)
}

/// The unsigned `AssumeRoleWithWebIdentity` request.
pub(crate) fn assume_role_with_web_identity_request(
    target: &StsTarget,
    role_arn: &str,
    role_session_name: &str,
    token: &SecretString,
) -> HttpRequest {
    form_request(
        target,
        &[
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", role_arn),
            ("RoleSessionName", role_session_name),
            ("WebIdentityToken", token.expose()),
        ],
    )
}

/// The text of the first element with each wanted local name.
fn xml_fields(body: &[u8], wanted: &[&str]) -> Result<Vec<Option<String>>, String> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut found: Vec<Option<String>> = vec![None; wanted.len()];
    let mut current: Option<usize> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                let name = e.local_name();
                current = wanted.iter().position(|w| w.as_bytes() == name.as_ref());
            }
            Event::Text(t) => {
                if let Some(slot) = current.and_then(|i| found.get_mut(i)).filter(|s| s.is_none()) {
                    *slot = Some(t.unescape().map_err(|e| e.to_string())?.into_owned());
                }
            }
            Event::CData(t) => {
                if let Some(slot) = current.and_then(|i| found.get_mut(i)).filter(|s| s.is_none()) {
                    *slot = Some(String::from_utf8_lossy(&t).into_owned());
                }
            }
            Event::End(_) => current = None,
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// An STS error response (`<ErrorResponse><Error><Code>...`) as a [`ServiceError`].
fn service_error(response: &HttpResponse) -> Error {
    let fields = xml_fields(&response.body, &["Code", "Message", "RequestId", "Type"]).unwrap_or_default();
    let field = |i: usize| fields.get(i).cloned().flatten();
    let request_id = field(2).or_else(|| {
        ["x-amzn-requestid", "x-amz-request-id"].iter().find_map(|h| response.headers.get(h).map(str::to_owned))
    });
    let mut extra = serde_json::Map::new();
    if let Some(kind) = field(3) {
        extra.insert("Type".into(), kind.into());
    }
    Error::Service(ServiceError {
        code: field(0).unwrap_or_else(|| response.status.to_string()),
        message: field(1).unwrap_or_default(),
        status: response.status,
        request_id,
        host_id: None,
        extra,
    })
}

/// Credentials from an `AssumeRole` / `AssumeRoleWithWebIdentity` response, or the service
/// error it carries.
pub(crate) fn parse_credentials(response: &HttpResponse, provider: &'static str) -> Result<Credentials, Error> {
    if !(200..300).contains(&response.status) {
        return Err(service_error(response));
    }
    let wanted = ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"];
    let fields = xml_fields(&response.body, &wanted).map_err(|e| Error::Parse(format!("STS response: {e}")))?;
    let get = |i: usize| {
        let name = wanted.get(i).copied().unwrap_or("?");
        fields.get(i).cloned().flatten().ok_or_else(|| Error::Parse(format!("STS response has no <{name}>")))
    };
    let (access_key_id, secret, token, expiration) = (get(0)?, get(1)?, get(2)?, get(3)?);
    let expiration = timestamp(&expiration)
        .ok_or_else(|| Error::Parse(format!("STS response: invalid Expiration '{expiration}'")))?;
    Ok(Credentials {
        access_key_id,
        secret_access_key: SecretString::new(secret),
        session_token: Some(SecretString::new(token)),
        expiration: Some(expiration),
        provider,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_selection() {
        let t = StsTarget::new(Some("eu-west-1"), RegionalEndpoints::Regional, None);
        assert_eq!((t.url.as_str(), t.signing_region.as_str()), ("https://sts.eu-west-1.amazonaws.com/", "eu-west-1"));
        let t = StsTarget::new(Some("eu-west-1"), RegionalEndpoints::Legacy, None);
        assert_eq!((t.url.as_str(), t.signing_region.as_str()), ("https://sts.amazonaws.com/", "us-east-1"));
        let t = StsTarget::new(Some("ap-east-1"), RegionalEndpoints::Legacy, None);
        assert_eq!(t.url, "https://sts.ap-east-1.amazonaws.com/");
        let t = StsTarget::new(Some("cn-north-1"), RegionalEndpoints::Regional, None);
        assert_eq!(t.url, "https://sts.cn-north-1.amazonaws.com.cn/");
        let t = StsTarget::new(None, RegionalEndpoints::Regional, None);
        assert_eq!(t.url, "https://sts.amazonaws.com/");
        let t = StsTarget::new(Some("us-west-2"), RegionalEndpoints::Regional, Some("http://localhost:5000".into()));
        assert_eq!((t.url.as_str(), t.signing_region.as_str()), ("http://localhost:5000", "us-west-2"));
    }

    #[test]
    fn error_response_is_a_service_error() {
        let body = br#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not &amp; allowed</Message></Error><RequestId>rid-1</RequestId></ErrorResponse>"#;
        let response = HttpResponse { status: 403, body: body.to_vec(), ..Default::default() };
        let Err(Error::Service(e)) = parse_credentials(&response, "assume-role") else { panic!("service error") };
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.request_id.as_deref()),
            ("AccessDenied", "not & allowed", Some("rid-1"))
        );
        assert_eq!(e.extra["Type"], "Sender");
    }
}
