//! End-to-end checks of the embedded S3 rule set: custom endpoints, path style, and
//! auth schemes Stratus cannot sign. (The botocore vectors, run by
//! `tests/tests/endpoint_tests.rs`, cover every service.)

use super::*;
use crate::model::{self, ServiceModel};
use crate::Error;

fn s3() -> (RuleSet, ServiceModel) {
    let embedded = model::embedded("s3");
    let rules = embedded.and_then(|e| e.endpoint_rules).map(RuleSet::from_json);
    let service = embedded.map(|e| ServiceModel::from_json(e.service));
    match (rules, service) {
        (Some(Ok(rules)), Some(Ok(service))) => (rules, service),
        _ => panic!("the embedded S3 rule set and model must load"),
    }
}

fn get_object(builtins: &BuiltIns, client_context: &Params, bucket: &str) -> Result<Endpoint, Error> {
    let (rules, service) = s3();
    let operation = service.operation("GetObject").ok_or(Error::Model("no GetObject".into()))?;
    let input = serde_json::json!({"Bucket": bucket, "Key": "k"});
    let params = bind_params(&rules, &service, operation, &input, builtins, client_context)?;
    rules.resolve(&params, Partitions::embedded()?)
}

fn url(result: Result<Endpoint, Error>) -> String {
    result.map(|e| e.url).unwrap_or_else(|e| e.to_string())
}

fn region(region: &str) -> BuiltIns {
    BuiltIns { region: Some(region.into()), ..BuiltIns::default() }
}

#[test]
fn regional_virtual_hosted_and_path_style() {
    let none = Params::new();
    assert_eq!(
        url(get_object(&region("us-west-2"), &none, "my-bucket")),
        "https://my-bucket.s3.us-west-2.amazonaws.com"
    );
    assert_eq!(
        url(get_object(&region("us-west-2"), &none, "My.Bucket")),
        "https://s3.us-west-2.amazonaws.com/My.Bucket"
    );
    let forced = Params::new().with("ForcePathStyle", true);
    assert_eq!(url(get_object(&region("eu-west-1"), &forced, "b1")), "https://s3.eu-west-1.amazonaws.com/b1");
}

#[test]
fn custom_endpoints_ip_is_path_style_localhost_is_not() {
    let none = Params::new();
    let mut builtins = region("us-east-1");
    builtins.endpoint = Some("http://127.0.0.1:9000".into());
    assert_eq!(url(get_object(&builtins, &none, "bucket1")), "http://127.0.0.1:9000/bucket1");
    // The rules put the bucket in the host for a named host, `localhost` included...
    builtins.endpoint = Some("http://localhost:9000".into());
    assert_eq!(url(get_object(&builtins, &none, "bucket1")), "http://bucket1.localhost:9000");
    // ...so `set_custom_endpoint` defaults path style for such hosts.
    let mut builtins = region("us-east-1");
    assert_eq!(builtins.set_custom_endpoint("http://localhost:9000", true), Ok(()));
    assert_eq!(url(get_object(&builtins, &none, "bucket1")), "http://localhost:9000/bucket1");
}

#[test]
fn rule_errors_carry_the_rule_set_message() {
    let result =
        get_object(&region("us-east-1"), &Params::new(), "arn:aws:not-s3:us-west-2:123456789012:accesspoint:x");
    assert_eq!(result, Err(Error::Endpoint("Invalid ARN: The ARN was not for the S3 service, found: not-s3".into())));
}

#[test]
fn unsupported_auth_schemes_are_refused() {
    let none = Params::new();
    let express = get_object(&region("us-west-2"), &none, "mybucket--usw2-az1--x-s3");
    let scheme = express.and_then(|e| e.signing_scheme());
    assert!(matches!(scheme, Err(Error::Signing(ref m)) if m.contains("sigv4-s3express")), "{scheme:?}");
    let mrap = get_object(&region("us-west-2"), &none, "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap");
    let scheme = mrap.and_then(|e| e.signing_scheme());
    assert!(matches!(scheme, Err(Error::Signing(ref m)) if m.contains("sigv4a")), "{scheme:?}");
    let plain = get_object(&region("us-west-2"), &none, "b1").and_then(|e| e.signing_scheme());
    let plain = plain.ok().flatten().map(|s| (s.name, s.signing_name, s.signing_region, s.disable_double_encoding));
    assert_eq!(plain, Some(("sigv4".into(), Some("s3".into()), Some("us-west-2".into()), Some(true))));
}
