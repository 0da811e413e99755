//! The rule-set standard library and the AWS extensions.
//!
//! Every function the pinned botocore rule sets call: `isSet`, `not`, `getAttr`,
//! `booleanEquals`, `stringEquals`, `substring`, `uriEncode`, `parseURL`,
//! `isValidHostLabel`, `aws.partition`, `aws.parseArn`, `aws.isVirtualHostableS3Bucket`.
//! A rule set naming any other function is rejected when it is prepared, so a newer rule
//! set fails loudly at client construction rather than resolving wrongly.
//!
//! Semantics follow botocore 1.44.5's `endpoint_provider.py`, which the endpoint tests
//! were written against.

pub(crate) mod arn;
pub(crate) mod attr;
pub(crate) mod logic;
pub(crate) mod partition;
pub(crate) mod region_regex;
pub(crate) mod s3;
pub(crate) mod strings;
pub(crate) mod url;

use std::borrow::Cow;

use crate::error::Error;

use super::val::Val;
use attr::AttrPath;
use partition::Partitions;

/// The most arguments any function takes (`substring`).
pub(crate) const MAX_ARITY: usize = 4;

/// A function of the rule-set language, resolved once when the rule set is prepared.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Function {
    IsSet,
    Not,
    /// `getAttr(value, "path")`: the path literal is parsed at preparation and is not an
    /// argument at run time.
    GetAttr(AttrPath),
    BooleanEquals,
    StringEquals,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Function {
    /// The function called `name` (`getAttr` excluded: its path is needed, see
    /// [`Function::GetAttr`]), with its number of arguments.
    pub(crate) fn from_name(name: &str) -> Option<(Function, usize)> {
        Some(match name {
            "isSet" => (Self::IsSet, 1),
            "not" => (Self::Not, 1),
            "booleanEquals" => (Self::BooleanEquals, 2),
            "stringEquals" => (Self::StringEquals, 2),
            "substring" => (Self::Substring, 4),
            "uriEncode" => (Self::UriEncode, 1),
            "parseURL" => (Self::ParseUrl, 1),
            "isValidHostLabel" => (Self::IsValidHostLabel, 2),
            "aws.partition" => (Self::Partition, 1),
            "aws.parseArn" => (Self::ParseArn, 1),
            "aws.isVirtualHostableS3Bucket" => (Self::IsVirtualHostableS3Bucket, 2),
            _ => return None,
        })
    }

    /// Calls the function on evaluated arguments (their number was checked at preparation).
    pub(crate) fn call(&self, args: &[Cow<'_, Val>], partitions: &Partitions) -> Result<Val, Error> {
        let arg = |i: usize| args.get(i).map_or(&Val::None, |a| a.as_ref());
        Ok(match self {
            Self::IsSet => Val::Bool(!matches!(arg(0), Val::None)),
            Self::Not => Val::Bool(logic::not(arg(0))),
            Self::GetAttr(path) => path.get(arg(0)).cloned().unwrap_or_default(),
            Self::BooleanEquals => Val::Bool(logic::boolean_equals(arg(0), arg(1))?),
            Self::StringEquals => Val::Bool(strings::string_equals(arg(0), arg(1))?),
            Self::Substring => strings::substring(arg(0), arg(1), arg(2), arg(3))?,
            Self::UriEncode => match arg(0) {
                Val::None => Val::None,
                value => Val::Str(strings::uri_encode(&value.to_string())),
            },
            Self::ParseUrl => arg(0).as_str().map_or(Val::None, url::parse_url),
            Self::IsValidHostLabel => {
                let subdomains = logic::expect_bool(arg(1), "isValidHostLabel")?;
                Val::Bool(arg(0).as_str().is_some_and(|v| url::is_valid_host_label(v, subdomains)))
            }
            Self::Partition => partitions.partition(arg(0).as_str()),
            Self::ParseArn => arg(0).as_str().map_or(Val::None, arn::parse_arn),
            Self::IsVirtualHostableS3Bucket => {
                let subdomains = logic::expect_bool(arg(1), "aws.isVirtualHostableS3Bucket")?;
                let bucket = arg(0).as_str();
                Val::Bool(bucket.is_some_and(|b| s3::is_virtual_hostable_s3_bucket(b, subdomains)))
            }
        })
    }
}
