//! [`BuiltIns`]: the configuration values rule-set parameters name with `builtIn`.

use crate::error::Error;

use super::types::Value;

/// Built-in parameter values, from client configuration. `None` leaves the parameter to
/// the rule set's default (`false` for every boolean built-in in the pinned rule sets).
///
/// Every `builtIn` the pinned botocore rule sets use has a field; the doc of each names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuiltIns {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: Option<bool>,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: Option<bool>,
    /// `SDK::Endpoint`: a custom endpoint URL (see [`validate_custom_endpoint`](super::validate_custom_endpoint)).
    pub endpoint: Option<String>,
    /// `AWS::S3::ForcePathStyle`.
    pub s3_force_path_style: Option<bool>,
    /// `AWS::S3::Accelerate`.
    pub s3_accelerate: Option<bool>,
    /// `AWS::S3::UseArnRegion`.
    pub s3_use_arn_region: Option<bool>,
    /// `AWS::S3::DisableMultiRegionAccessPoints`.
    pub s3_disable_multi_region_access_points: Option<bool>,
    /// `AWS::S3::UseGlobalEndpoint`: `us-east-1` requests go to `s3.amazonaws.com`
    /// (botocore's `us_east_1_regional_endpoint = legacy`).
    pub s3_use_global_endpoint: Option<bool>,
    /// `AWS::S3Control::UseArnRegion`.
    pub s3_control_use_arn_region: Option<bool>,
    /// `AWS::STS::UseGlobalEndpoint`: `sts.amazonaws.com` for the legacy global regions.
    pub sts_use_global_endpoint: Option<bool>,
    /// `AWS::Auth::AccountId`: the account of the credentials (account-based endpoints).
    pub account_id: Option<String>,
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred`, `required` or `disabled`.
    pub account_id_endpoint_mode: Option<String>,
}

/// Declares the name, field and kind of every built-in once, for [`BuiltIns::get`],
/// [`BuiltIns::set`] and [`BUILT_IN_NAMES`].
macro_rules! built_ins {
    ($($name:literal => $field:ident: $kind:ident),* $(,)?) => {
        /// The built-in names [`BuiltIns`] knows, in field order.
        pub const BUILT_IN_NAMES: &[&str] = &[$($name),*];

        impl BuiltIns {
            /// The value of the built-in called `name` (`AWS::Region`); `None` when unset
            /// or unknown.
            pub fn get(&self, name: &str) -> Option<Value> {
                match name {
                    $($name => self.$field.clone().map(Value::from),)*
                    _ => None,
                }
            }

            /// Sets the built-in called `name`. Fails for a name not in
            /// [`BUILT_IN_NAMES`] or a value of the wrong type.
            pub fn set(&mut self, name: &str, value: Value) -> Result<(), Error> {
                match name {
                    $($name => self.$field = Some($kind(name, value)?),)*
                    _ => return Err(Error::Config(format!("unknown endpoint built-in {name}"))),
                }
                Ok(())
            }
        }
    };
}

built_ins! {
    "AWS::Region" => region: text,
    "AWS::UseFIPS" => use_fips: flag,
    "AWS::UseDualStack" => use_dual_stack: flag,
    "SDK::Endpoint" => endpoint: text,
    "AWS::S3::ForcePathStyle" => s3_force_path_style: flag,
    "AWS::S3::Accelerate" => s3_accelerate: flag,
    "AWS::S3::UseArnRegion" => s3_use_arn_region: flag,
    "AWS::S3::DisableMultiRegionAccessPoints" => s3_disable_multi_region_access_points: flag,
    "AWS::S3::UseGlobalEndpoint" => s3_use_global_endpoint: flag,
    "AWS::S3Control::UseArnRegion" => s3_control_use_arn_region: flag,
    "AWS::STS::UseGlobalEndpoint" => sts_use_global_endpoint: flag,
    "AWS::Auth::AccountId" => account_id: text,
    "AWS::Auth::AccountIdEndpointMode" => account_id_endpoint_mode: text,
}

fn text(name: &str, value: Value) -> Result<String, Error> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(Error::Config(format!("built-in {name} must be a string, not {}", other.to_json()))),
    }
}

fn flag(name: &str, value: Value) -> Result<bool, Error> {
    match value {
        Value::Bool(b) => Ok(b),
        other => Err(Error::Config(format!("built-in {name} must be a boolean, not {}", other.to_json()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        let mut b = BuiltIns::default();
        for name in BUILT_IN_NAMES {
            assert_eq!(b.get(name), None);
            let value = if b.set(name, Value::Bool(true)).is_ok() { Value::Bool(true) } else { Value::from("x") };
            assert_eq!(b.set(name, value.clone()), Ok(()));
            assert_eq!(b.get(name), Some(value));
        }
        assert!(b.set("AWS::Nope", Value::Bool(true)).is_err());
        assert_eq!(b.region.as_deref(), Some("x"));
    }
}
