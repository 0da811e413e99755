//! `aws.parseArn`.

use std::sync::Arc;

use super::super::val::{Record, Val};

/// `aws.parseArn(value)`: a record `{partition, service, region, accountId, resourceId}`
/// for `arn:<partition>:<service>:<region>:<account>:<resource>`, where `resourceId` is the
/// resource split on both `:` and `/`. Unset when the value is not such an ARN or the
/// partition, service or resource is empty.
pub(crate) fn parse_arn(value: &str) -> Val {
    let mut parts = value.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Val::None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Val::None;
    }
    let resource_id = resource.split([':', '/']).map(|s| Val::Str(s.to_owned())).collect();
    Val::Record(Arc::new(Record::new(vec![
        ("partition".into(), Val::Str(partition.to_owned())),
        ("service".into(), Val::Str(service.to_owned())),
        ("region".into(), Val::Str(region.to_owned())),
        ("accountId".into(), Val::Str(account.to_owned())),
        ("resourceId".into(), Val::Array(resource_id)),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let Val::Record(arn) = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/ap:x") else {
            panic!("not parsed");
        };
        assert_eq!(arn.get("accountId"), Some(&Val::Str("123456789012".into())));
        let ids = ["accesspoint", "ap", "x"].map(|s| Val::Str(s.into())).to_vec();
        assert_eq!(arn.get("resourceId"), Some(&Val::Array(ids)));
        assert_eq!(parse_arn("arn:aws:s3:us-west-2:123456789012:"), Val::None);
        assert_eq!(parse_arn("arn:aws:s3:us-west-2"), Val::None);
        assert_eq!(parse_arn("notarn:aws:s3:r:a:b"), Val::None);
        assert!(matches!(parse_arn("arn:aws:s3:::bucket"), Val::Record(_)));
    }
}
