//! Client settings resolved in boto3's precedence: explicit argument → environment
//! variable → profile → default.
//!
//! | setting                          | environment                                  | profile key                                   | default |
//! |----------------------------------|----------------------------------------------|-----------------------------------------------|---------|
//! | region                           | `AWS_REGION`, `AWS_DEFAULT_REGION`           | `region`                                      | see [`ConfigInputs::region`] |
//! | endpoint URL                     | `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL` | `[services]` block `endpoint_url`, `endpoint_url` | none |
//! | ignore configured endpoint URLs  | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`        | `ignore_configured_endpoint_urls`             | false |
//! | FIPS / dual-stack                | `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` | `use_fips_endpoint`, `use_dualstack_endpoint` (S3: `s3.use_dualstack_endpoint` first) | false |
//! | S3 addressing style / accelerate | —                                            | `s3.addressing_style`, `s3.use_accelerate_endpoint` | auto / false |
//! | S3 payload signing               | —                                            | `s3.payload_signing_enabled`                  | botocore's rule |
//! | S3 us-east-1 regional endpoint   | `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT`         | `s3_us_east_1_regional_endpoint`, `s3.us_east_1_regional_endpoint` | legacy |
//! | STS regional endpoints           | `AWS_STS_REGIONAL_ENDPOINTS`                 | `sts_regional_endpoints`                      | regional |
//! | retry mode / max attempts        | `AWS_RETRY_MODE`, `AWS_MAX_ATTEMPTS`         | `retry_mode`, `max_attempts`                  | standard / mode's default |
//! | connect / read timeout           | —                                            | —                                             | 60 s |
//! | user-agent app id                | `AWS_SDK_UA_APP_ID`                          | `sdk_ua_app_id`                               | none |
//! | request checksum calculation     | `AWS_REQUEST_CHECKSUM_CALCULATION`           | `request_checksum_calculation`                | when_supported |
//! | response checksum validation     | `AWS_RESPONSE_CHECKSUM_VALIDATION`           | `response_checksum_validation`                | when_supported |
//! | account id endpoint mode         | `AWS_ACCOUNT_ID_ENDPOINT_MODE`               | `account_id_endpoint_mode`                    | preferred |
//!
//! botocore reads only `AWS_DEFAULT_REGION`; `AWS_REGION` (the cross-SDK name) is read first
//! here. Invalid values are errors naming the key and where it came from.

use std::time::Duration;

use super::env::{self, Env};
use super::options::{AccountIdEndpointMode, AddressingStyle, ChecksumMode, RegionalEndpoints, RetryMode};
use super::profile::{Profile, ProfileSet};
use super::select::scoped_profile;
use super::setting::{parse_bool, parse_positive, parse_text, Key, Lookup, Setting, ValueSource};
use crate::Error;

/// Settings the caller gives directly (boto3's client arguments and `Config` fields).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExplicitConfig {
    pub region_name: Option<String>,
    pub endpoint_url: Option<String>,
    pub ignore_configured_endpoint_urls: Option<bool>,
    pub use_fips_endpoint: Option<bool>,
    pub use_dualstack_endpoint: Option<bool>,
    pub s3: S3Options,
    pub retry_mode: Option<RetryMode>,
    /// Total attempts, initial request included (`AWS_MAX_ATTEMPTS`'s meaning; boto3's
    /// `Config(retries={'max_attempts': n})` counts retries only and equals `n + 1` here).
    pub max_attempts: Option<u32>,
    pub connect_timeout: Option<Duration>,
    pub read_timeout: Option<Duration>,
    pub user_agent_appid: Option<String>,
    pub request_checksum_calculation: Option<ChecksumMode>,
    pub response_checksum_validation: Option<ChecksumMode>,
    pub sts_regional_endpoints: Option<RegionalEndpoints>,
    pub account_id_endpoint_mode: Option<AccountIdEndpointMode>,
}

/// boto3's `Config(s3={...})`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct S3Options {
    pub addressing_style: Option<AddressingStyle>,
    pub use_accelerate_endpoint: Option<bool>,
    pub use_dualstack_endpoint: Option<bool>,
    pub us_east_1_regional_endpoint: Option<RegionalEndpoints>,
    pub payload_signing_enabled: Option<bool>,
}

/// Everything resolution reads. Core never reads the process environment or files itself.
/// `Debug` redacts secret environment values.
#[derive(Clone, Copy)]
pub struct ConfigInputs<'a> {
    pub explicit: &'a ExplicitConfig,
    pub env: &'a Env,
    pub profiles: &'a ProfileSet,
    /// The profile asked for in code (boto3's `Session(profile_name=...)`).
    pub profile_name: Option<&'a str>,
}

impl std::fmt::Debug for ConfigInputs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigInputs")
            .field("explicit", self.explicit)
            .field("env", &super::env::RedactedEnv(self.env))
            .field("profiles", self.profiles)
            .field("profile_name", &self.profile_name)
            .finish()
    }
}

/// The service a client is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceRef<'a> {
    /// The model's `endpointPrefix` (`s3`, `iam`, `ec2`): decides the region fallback.
    pub endpoint_prefix: &'a str,
    /// The model's `serviceId` (`S3`, `DynamoDB`, `Elastic Beanstalk`): names
    /// `AWS_ENDPOINT_URL_<SERVICE>` and the `[services]` key.
    pub service_id: &'a str,
}

/// S3-only settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub addressing_style: AddressingStyle,
    pub use_accelerate_endpoint: bool,
    /// `legacy` (botocore's default): us-east-1 uses the global `s3.amazonaws.com`.
    pub us_east_1_regional_endpoint: RegionalEndpoints,
    /// `Some(false)`: `UNSIGNED-PAYLOAD` even over plain HTTP (only a checksum header, when
    /// one is sent, protects the body); `Some(true)`: the body is always hashed; `None`:
    /// botocore's rule (unsigned only for streaming uploads over HTTPS with a checksum).
    pub payload_signing_enabled: Option<bool>,
}

/// A client's resolved settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The profile read, `None` when no profile applied (no `default` profile exists).
    pub profile_name: Option<String>,
    pub region: String,
    /// A configured endpoint URL; `None` means "resolve from the endpoint rules".
    pub endpoint_url: Option<String>,
    pub use_fips_endpoint: bool,
    pub use_dualstack_endpoint: bool,
    pub s3: S3Settings,
    pub retry_mode: RetryMode,
    /// Total attempts (the retry mode's default when not configured).
    pub max_attempts: u32,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub user_agent_app_id: Option<String>,
    pub request_checksum_calculation: ChecksumMode,
    pub response_checksum_validation: ChecksumMode,
    pub sts_regional_endpoints: RegionalEndpoints,
    pub account_id_endpoint_mode: AccountIdEndpointMode,
}

/// boto3's default connect and read timeouts.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Services whose endpoints data has a global partition endpoint: without a region, botocore
/// builds their clients for the pseudo-region `aws-global` (S3: reported as `us-east-1`).
/// Every other service fails with `NoRegionError`.
const GLOBAL_ENDPOINT_PREFIXES: &[&str] = &[
    "account",
    "billingconductor",
    "budgets",
    "ce",
    "chime",
    "cloudfront",
    "codecatalyst",
    "health",
    "iam",
    "importexport",
    "networkmanager",
    "notifications-contacts",
    "organizations",
    "route53",
    "savingsplans",
    "shield",
    "sts",
    "support",
    "tax",
    "waf",
];

const fn top(name: &'static str, env: &'static [&'static str], keys: &'static [Key]) -> Setting {
    Setting { name, env, keys }
}

const REGION: Setting = top("region", &["AWS_REGION", "AWS_DEFAULT_REGION"], &[Key::Top("region")]);
const IGNORE_ENDPOINTS: Setting = top(
    "ignore_configured_endpoint_urls",
    &["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"],
    &[Key::Top("ignore_configured_endpoint_urls")],
);
const FIPS: Setting = top("use_fips_endpoint", &["AWS_USE_FIPS_ENDPOINT"], &[Key::Top("use_fips_endpoint")]);
const DUALSTACK: Setting =
    top("use_dualstack_endpoint", &["AWS_USE_DUALSTACK_ENDPOINT"], &[Key::Top("use_dualstack_endpoint")]);
const S3_DUALSTACK: Setting = top("s3.use_dualstack_endpoint", &[], &[Key::Nested("s3", "use_dualstack_endpoint")]);
const ADDRESSING: Setting = top("addressing_style", &[], &[Key::Nested("s3", "addressing_style")]);
const ACCELERATE: Setting = top("use_accelerate_endpoint", &[], &[Key::Nested("s3", "use_accelerate_endpoint")]);
const PAYLOAD_SIGNING: Setting = top("payload_signing_enabled", &[], &[Key::Nested("s3", "payload_signing_enabled")]);
const S3_US_EAST_1: Setting = top(
    "s3_us_east_1_regional_endpoint",
    &["AWS_S3_US_EAST_1_REGIONAL_ENDPOINT"],
    &[Key::Top("s3_us_east_1_regional_endpoint"), Key::Nested("s3", "us_east_1_regional_endpoint")],
);
const STS_REGIONAL: Setting =
    top("sts_regional_endpoints", &["AWS_STS_REGIONAL_ENDPOINTS"], &[Key::Top("sts_regional_endpoints")]);
const RETRY_MODE: Setting = top("retry_mode", &["AWS_RETRY_MODE"], &[Key::Top("retry_mode")]);
const MAX_ATTEMPTS: Setting = top("max_attempts", &["AWS_MAX_ATTEMPTS"], &[Key::Top("max_attempts")]);
const APP_ID: Setting = top("sdk_ua_app_id", &["AWS_SDK_UA_APP_ID"], &[Key::Top("sdk_ua_app_id")]);
const REQUEST_CHECKSUM: Setting = top(
    "request_checksum_calculation",
    &["AWS_REQUEST_CHECKSUM_CALCULATION"],
    &[Key::Top("request_checksum_calculation")],
);
const RESPONSE_CHECKSUM: Setting = top(
    "response_checksum_validation",
    &["AWS_RESPONSE_CHECKSUM_VALIDATION"],
    &[Key::Top("response_checksum_validation")],
);
const ACCOUNT_ID_MODE: Setting =
    top("account_id_endpoint_mode", &["AWS_ACCOUNT_ID_ENDPOINT_MODE"], &[Key::Top("account_id_endpoint_mode")]);

impl<'a> ConfigInputs<'a> {
    /// The selected profile (see [`scoped_profile`]).
    pub fn profile(&self) -> Result<Option<&'a Profile>, Error> {
        scoped_profile(self.profiles, self.profile_name, self.env)
    }

    fn lookup(&self) -> Result<Lookup<'a>, Error> {
        Ok(Lookup { env: self.env, profile: self.profile()? })
    }

    /// The configured region, if any: `region_name` → `AWS_REGION` → `AWS_DEFAULT_REGION`
    /// → profile `region`. Checked against botocore's region-name format.
    pub fn configured_region(&self) -> Result<Option<String>, Error> {
        let explicit = self.explicit.region_name.clone().filter(|r| !r.is_empty());
        let lookup = self.lookup()?;
        let region = lookup.resolve(explicit, &REGION, "a region name", parse_text)?;
        match region {
            Some(r) if !valid_region(&r) => {
                Err(Error::Config(format!("Provided region_name '{r}' doesn't match a supported format.")))
            }
            other => Ok(other),
        }
    }

    /// The region for a client of the service with this `endpointPrefix`. Without a
    /// configured region, S3 falls back to `us-east-1` and the global services (IAM, STS,
    /// Route 53, CloudFront, Organizations...) to `aws-global`, as botocore does; every
    /// other service fails with [`Error::NoRegion`] ("You must specify a region.").
    pub fn region(&self, endpoint_prefix: &str) -> Result<String, Error> {
        if let Some(region) = self.configured_region()? {
            return Ok(region);
        }
        if endpoint_prefix == "s3" {
            Ok("us-east-1".to_owned())
        } else if GLOBAL_ENDPOINT_PREFIXES.contains(&endpoint_prefix) {
            Ok("aws-global".to_owned())
        } else {
            Err(Error::NoRegion)
        }
    }

    /// The configured endpoint URL for a service (`serviceId`), botocore's order: explicit
    /// `endpoint_url` → (unless endpoint URLs are ignored) `AWS_ENDPOINT_URL_<SERVICE>` →
    /// `AWS_ENDPOINT_URL` → the profile's `[services]` block → the profile's `endpoint_url`.
    pub fn endpoint_url(&self, service_id: &str) -> Result<Option<String>, Error> {
        if let Some(url) = self.explicit.endpoint_url.clone().filter(|u| !u.is_empty()) {
            return Ok(Some(url));
        }
        let lookup = self.lookup()?;
        let explicit_ignore = self.explicit.ignore_configured_endpoint_urls;
        if lookup.resolve(explicit_ignore, &IGNORE_ENDPOINTS, "true or false", parse_bool)? == Some(true) {
            return Ok(None);
        }
        let service_var = format!("AWS_ENDPOINT_URL_{}", env::service_env_suffix(service_id));
        if let Some(url) = env::var(self.env, &service_var).or_else(|| env::var(self.env, "AWS_ENDPOINT_URL")) {
            return Ok(Some(url.to_owned()));
        }
        let Some(profile) = lookup.profile else {
            return Ok(None);
        };
        if let Some(url) = self.services_endpoint_url(profile, service_id)? {
            return Ok(Some(url));
        }
        Ok(profile.get("endpoint_url").filter(|u| !u.is_empty()).map(str::to_owned))
    }

    fn services_endpoint_url(&self, profile: &Profile, service_id: &str) -> Result<Option<String>, Error> {
        let Some(section_name) = profile.get("services") else {
            return Ok(None);
        };
        let section = self.profiles.services(section_name).filter(|s| !s.is_empty()).ok_or_else(|| {
            Error::Config(format!(
                "The profile is configured to use the services section but the \"{section_name}\" \
                 services configuration does not exist."
            ))
        })?;
        let key = env::service_config_key(service_id);
        Ok(section.get_nested(&key, "endpoint_url").filter(|u| !u.is_empty()).map(str::to_owned))
    }

    /// Resolves every setting for a client of `service`.
    pub fn resolve(&self, service: ServiceRef<'_>) -> Result<ClientConfig, Error> {
        let profile = self.profile()?;
        let lookup = Lookup { env: self.env, profile };
        let e = self.explicit;
        let retry_mode = lookup.resolve(e.retry_mode, &RETRY_MODE, "legacy, standard or adaptive", RetryMode::parse)?;
        let retry_mode = retry_mode.unwrap_or_default();
        let max_attempts = lookup.resolve(e.max_attempts, &MAX_ATTEMPTS, "a positive integer", parse_positive)?;
        let bool_setting = |explicit, s: &Setting| lookup.resolve(explicit, s, "true or false", parse_bool);
        Ok(ClientConfig {
            profile_name: profile.map(|p| p.name().to_owned()),
            region: self.region(service.endpoint_prefix)?,
            endpoint_url: self.endpoint_url(service.service_id)?,
            use_fips_endpoint: bool_setting(e.use_fips_endpoint, &FIPS)?.unwrap_or(false),
            use_dualstack_endpoint: self.dualstack(&lookup, service.endpoint_prefix)?,
            s3: s3_settings(&lookup, &e.s3)?,
            retry_mode,
            max_attempts: max_attempts.unwrap_or_else(|| retry_mode.default_max_attempts()),
            connect_timeout: e.connect_timeout.unwrap_or(DEFAULT_TIMEOUT),
            read_timeout: e.read_timeout.unwrap_or(DEFAULT_TIMEOUT),
            user_agent_app_id: lookup.resolve(e.user_agent_appid.clone(), &APP_ID, "text", parse_text)?,
            request_checksum_calculation: checksum(&lookup, e.request_checksum_calculation, &REQUEST_CHECKSUM)?,
            response_checksum_validation: checksum(&lookup, e.response_checksum_validation, &RESPONSE_CHECKSUM)?,
            sts_regional_endpoints: regional(&lookup, e.sts_regional_endpoints, &STS_REGIONAL)?
                .unwrap_or(RegionalEndpoints::Regional),
            account_id_endpoint_mode: lookup
                .resolve(
                    e.account_id_endpoint_mode,
                    &ACCOUNT_ID_MODE,
                    &expected(AccountIdEndpointMode::VALUES),
                    AccountIdEndpointMode::parse,
                )?
                .unwrap_or_default(),
        })
    }

    /// `use_dualstack_endpoint`; for S3 and S3 Control the `s3` block's value comes first.
    fn dualstack(&self, lookup: &Lookup<'_>, endpoint_prefix: &str) -> Result<bool, Error> {
        if matches!(endpoint_prefix, "s3" | "s3-control") {
            if let Some(enabled) = self.explicit.s3.use_dualstack_endpoint {
                return Ok(enabled);
            }
            if lookup.resolve(None, &S3_DUALSTACK, "true or false", parse_bool)? == Some(true) {
                return Ok(true);
            }
        }
        let dualstack =
            lookup.resolve(self.explicit.use_dualstack_endpoint, &DUALSTACK, "true or false", parse_bool)?;
        Ok(dualstack.unwrap_or(false))
    }
}

/// Resolves every setting for a client of `service` ([`ConfigInputs::resolve`]).
pub fn resolve(inputs: &ConfigInputs<'_>, service: ServiceRef<'_>) -> Result<ClientConfig, Error> {
    inputs.resolve(service)
}

fn s3_settings(lookup: &Lookup<'_>, explicit: &S3Options) -> Result<S3Settings, Error> {
    let style =
        lookup.resolve(explicit.addressing_style, &ADDRESSING, "auto, virtual or path", AddressingStyle::parse)?;
    let accelerate = lookup.resolve(explicit.use_accelerate_endpoint, &ACCELERATE, "true or false", parse_bool)?;
    let us_east_1 = regional(lookup, explicit.us_east_1_regional_endpoint, &S3_US_EAST_1)?;
    let payload_signing =
        lookup.resolve(explicit.payload_signing_enabled, &PAYLOAD_SIGNING, "true or false", parse_bool)?;
    Ok(S3Settings {
        addressing_style: style.unwrap_or_default(),
        use_accelerate_endpoint: accelerate.unwrap_or(false),
        us_east_1_regional_endpoint: us_east_1.unwrap_or(RegionalEndpoints::Legacy),
        payload_signing_enabled: payload_signing,
    })
}

fn checksum(lookup: &Lookup<'_>, explicit: Option<ChecksumMode>, s: &Setting) -> Result<ChecksumMode, Error> {
    let mode = lookup.resolve(explicit, s, &expected(ChecksumMode::VALUES), ChecksumMode::parse)?;
    Ok(mode.unwrap_or_default())
}

fn regional(
    lookup: &Lookup<'_>,
    explicit: Option<RegionalEndpoints>,
    s: &Setting,
) -> Result<Option<RegionalEndpoints>, Error> {
    lookup.resolve(explicit, s, "legacy or regional", RegionalEndpoints::parse)
}

fn expected(values: &[&str]) -> String {
    format!("one of {}", values.join(", "))
}

/// botocore's `validate_region_name`: letters, digits and inner hyphens, 1 to 63 characters.
fn valid_region(region: &str) -> bool {
    let bytes = region.as_bytes();
    let ok_char = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-';
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes.iter().all(ok_char)
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

/// For callers that need the raw source of a value (diagnostics, `aws configure list`).
pub fn region_source(inputs: &ConfigInputs<'_>) -> Result<Option<ValueSource>, Error> {
    if inputs.explicit.region_name.as_deref().is_some_and(|r| !r.is_empty()) {
        return Ok(Some(ValueSource::Explicit));
    }
    Ok(inputs.lookup()?.raw(&REGION).map(|(_, source)| source))
}
