//! Precedence tables for client settings: explicit → environment → profile → default.

use std::time::Duration;

use stratus_core::config::{
    AccountIdEndpointMode, AddressingStyle, ChecksumMode, ClientConfig, ConfigInputs, Env, ExplicitConfig, ProfileSet,
    RegionalEndpoints, RetryMode, ServiceRef,
};
use stratus_core::Error;

/// Environment variables of one table row.
type Vars<'a> = &'a [(&'a str, &'a str)];

const S3: ServiceRef<'static> = ServiceRef { endpoint_prefix: "s3", service_id: "S3" };

fn env(pairs: &[(&str, &str)]) -> Env {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn resolve_for(
    service: ServiceRef<'_>,
    explicit: &ExplicitConfig,
    vars: &[(&str, &str)],
    config: &str,
) -> Result<ClientConfig, Error> {
    let profiles = ProfileSet::parse(Some(config), None);
    let env = env(vars);
    let inputs = ConfigInputs { explicit, env: &env, profiles: &profiles, profile_name: None };
    inputs.resolve(service)
}

fn region(explicit: Option<&str>, vars: &[(&str, &str)], config: &str, prefix: &str) -> Result<String, Error> {
    let explicit = ExplicitConfig { region_name: explicit.map(str::to_owned), ..Default::default() };
    let profiles = ProfileSet::parse(Some(config), None);
    let env = env(vars);
    let inputs = ConfigInputs { explicit: &explicit, env: &env, profiles: &profiles, profile_name: None };
    inputs.region(prefix)
}

#[test]
fn region_precedence_table() {
    let all_env = [("AWS_REGION", "env-1"), ("AWS_DEFAULT_REGION", "env-2")];
    let profile = "[default]\nregion = profile-1\n";
    let rows: &[(Option<&str>, Vars<'_>, &str, &str)] = &[
        (Some("arg-1"), &all_env, profile, "arg-1"),
        (None, &all_env, profile, "env-1"),
        (None, &all_env[1..], profile, "env-2"),
        (None, &[("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "env-2")], profile, "env-2"),
        (None, &[], profile, "profile-1"),
        (Some(""), &[], profile, "profile-1"),
    ];
    for (explicit, vars, config, want) in rows {
        assert_eq!(region(*explicit, vars, config, "ec2").expect("region").as_str(), *want, "{explicit:?} {vars:?}");
    }
}

#[test]
fn region_fallbacks_mirror_botocore() {
    assert_eq!(region(None, &[], "", "s3").expect("s3 falls back"), "us-east-1");
    assert_eq!(region(None, &[], "", "iam").expect("global service"), "aws-global");
    assert_eq!(region(None, &[], "", "sts").expect("global service"), "aws-global");
    for service in ["ec2", "sqs", "dynamodb", "lambda"] {
        let err = region(None, &[], "[default]\noutput = json\n", service).expect_err(service);
        assert_eq!(err, Error::NoRegion);
        assert_eq!(err.to_string(), "You must specify a region.");
    }
    let err =
        resolve_for(ServiceRef { endpoint_prefix: "sqs", service_id: "SQS" }, &ExplicitConfig::default(), &[], "")
            .expect_err("sqs needs a region");
    assert_eq!(err, Error::NoRegion);
}

#[test]
fn invalid_region_names_are_rejected() {
    let err = region(Some("us-east-1/evil"), &[], "", "ec2").expect_err("invalid");
    assert!(err.to_string().contains("doesn't match a supported format"), "{err}");
}

#[test]
fn profile_selection_table() {
    let config = "[default]\nregion = d\n[profile a]\nregion = a\n[profile b]\nregion = b\n";
    let profiles = ProfileSet::parse(Some(config), None);
    let explicit = ExplicitConfig::default();
    let rows: &[(Option<&str>, Vars<'_>, &str)] = &[
        (Some("a"), &[("AWS_PROFILE", "b"), ("AWS_DEFAULT_PROFILE", "b")], "a"),
        (None, &[("AWS_PROFILE", "a"), ("AWS_DEFAULT_PROFILE", "b")], "a"),
        (None, &[("AWS_DEFAULT_PROFILE", "b")], "b"),
        (None, &[("AWS_PROFILE", ""), ("AWS_DEFAULT_PROFILE", "b")], "b"),
        (None, &[], "d"),
    ];
    for (name, vars, want) in rows {
        let env = env(vars);
        let inputs = ConfigInputs { explicit: &explicit, env: &env, profiles: &profiles, profile_name: *name };
        assert_eq!(inputs.region("ec2").expect("region"), *want, "{name:?} {vars:?}");
    }
}

#[test]
fn named_profile_must_exist_but_default_may_be_absent() {
    let profiles = ProfileSet::parse(Some("[profile a]\nregion = a\n"), None);
    let explicit = ExplicitConfig::default();
    for (name, vars) in [(Some("nope"), env(&[])), (None, env(&[("AWS_PROFILE", "nope")]))] {
        let inputs = ConfigInputs { explicit: &explicit, env: &vars, profiles: &profiles, profile_name: name };
        let err = inputs.resolve(S3).expect_err("missing profile");
        assert_eq!(err.to_string(), "invalid configuration: The config profile (nope) could not be found");
    }
    let none = env(&[]);
    let inputs = ConfigInputs { explicit: &explicit, env: &none, profiles: &profiles, profile_name: None };
    let config = inputs.resolve(S3).expect("no default profile is fine");
    assert_eq!(config.profile_name, None);
    assert_eq!(config.region, "us-east-1");
}

/// One setting's precedence: explicit value, environment value, profile value, default.
struct Row {
    name: &'static str,
    env_var: Option<&'static str>,
    profile_line: &'static str,
    env_value: &'static str,
    set_explicit: fn(&mut ExplicitConfig),
    read: fn(&ClientConfig) -> String,
    explicit: &'static str,
    from_env: &'static str,
    from_profile: &'static str,
    default: &'static str,
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "use_fips_endpoint",
            env_var: Some("AWS_USE_FIPS_ENDPOINT"),
            profile_line: "use_fips_endpoint = true",
            env_value: "TRUE",
            set_explicit: |e| e.use_fips_endpoint = Some(false),
            read: |c| c.use_fips_endpoint.to_string(),
            explicit: "false",
            from_env: "true",
            from_profile: "true",
            default: "false",
        },
        Row {
            name: "use_dualstack_endpoint",
            env_var: Some("AWS_USE_DUALSTACK_ENDPOINT"),
            profile_line: "use_dualstack_endpoint = true",
            env_value: "false",
            set_explicit: |e| e.use_dualstack_endpoint = Some(true),
            read: |c| c.use_dualstack_endpoint.to_string(),
            explicit: "true",
            from_env: "false",
            from_profile: "true",
            default: "false",
        },
        Row {
            name: "retry_mode",
            env_var: Some("AWS_RETRY_MODE"),
            profile_line: "retry_mode = legacy",
            env_value: "adaptive",
            set_explicit: |e| e.retry_mode = Some(RetryMode::Standard),
            read: |c| c.retry_mode.to_string(),
            explicit: "standard",
            from_env: "adaptive",
            from_profile: "legacy",
            default: "standard",
        },
        Row {
            name: "max_attempts",
            env_var: Some("AWS_MAX_ATTEMPTS"),
            profile_line: "max_attempts = 7",
            env_value: "4",
            set_explicit: |e| e.max_attempts = Some(2),
            read: |c| c.max_attempts.to_string(),
            explicit: "2",
            from_env: "4",
            from_profile: "7",
            default: "3",
        },
        Row {
            name: "sdk_ua_app_id",
            env_var: Some("AWS_SDK_UA_APP_ID"),
            profile_line: "sdk_ua_app_id = from-profile",
            env_value: "from-env",
            set_explicit: |e| e.user_agent_appid = Some("from-arg".into()),
            read: |c| format!("{:?}", c.user_agent_app_id),
            explicit: "Some(\"from-arg\")",
            from_env: "Some(\"from-env\")",
            from_profile: "Some(\"from-profile\")",
            default: "None",
        },
        Row {
            name: "request_checksum_calculation",
            env_var: Some("AWS_REQUEST_CHECKSUM_CALCULATION"),
            profile_line: "request_checksum_calculation = WHEN_REQUIRED",
            env_value: "when_supported",
            set_explicit: |e| e.request_checksum_calculation = Some(ChecksumMode::WhenRequired),
            read: |c| c.request_checksum_calculation.to_string(),
            explicit: "when_required",
            from_env: "when_supported",
            from_profile: "when_required",
            default: "when_supported",
        },
        Row {
            name: "response_checksum_validation",
            env_var: Some("AWS_RESPONSE_CHECKSUM_VALIDATION"),
            profile_line: "response_checksum_validation = when_required",
            env_value: "when_supported",
            set_explicit: |e| e.response_checksum_validation = Some(ChecksumMode::WhenRequired),
            read: |c| c.response_checksum_validation.to_string(),
            explicit: "when_required",
            from_env: "when_supported",
            from_profile: "when_required",
            default: "when_supported",
        },
        Row {
            name: "sts_regional_endpoints",
            env_var: Some("AWS_STS_REGIONAL_ENDPOINTS"),
            profile_line: "sts_regional_endpoints = legacy",
            env_value: "regional",
            set_explicit: |e| e.sts_regional_endpoints = Some(RegionalEndpoints::Legacy),
            read: |c| c.sts_regional_endpoints.to_string(),
            explicit: "legacy",
            from_env: "regional",
            from_profile: "legacy",
            default: "regional",
        },
        Row {
            name: "s3_us_east_1_regional_endpoint",
            env_var: Some("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT"),
            profile_line: "s3_us_east_1_regional_endpoint = regional",
            env_value: "legacy",
            set_explicit: |e| e.s3.us_east_1_regional_endpoint = Some(RegionalEndpoints::Regional),
            read: |c| c.s3.us_east_1_regional_endpoint.to_string(),
            explicit: "regional",
            from_env: "legacy",
            from_profile: "regional",
            default: "legacy",
        },
        Row {
            name: "account_id_endpoint_mode",
            env_var: Some("AWS_ACCOUNT_ID_ENDPOINT_MODE"),
            profile_line: "account_id_endpoint_mode = required",
            env_value: "Disabled",
            set_explicit: |e| e.account_id_endpoint_mode = Some(AccountIdEndpointMode::Preferred),
            read: |c| c.account_id_endpoint_mode.to_string(),
            explicit: "preferred",
            from_env: "disabled",
            from_profile: "required",
            default: "preferred",
        },
        Row {
            name: "endpoint_url",
            env_var: Some("AWS_ENDPOINT_URL"),
            profile_line: "endpoint_url = https://profile.example",
            env_value: "https://env.example",
            set_explicit: |e| e.endpoint_url = Some("https://arg.example".into()),
            read: |c| format!("{:?}", c.endpoint_url),
            explicit: "Some(\"https://arg.example\")",
            from_env: "Some(\"https://env.example\")",
            from_profile: "Some(\"https://profile.example\")",
            default: "None",
        },
        Row {
            name: "addressing_style",
            env_var: None,
            profile_line: "s3 =\n  addressing_style = path",
            env_value: "",
            set_explicit: |e| e.s3.addressing_style = Some(AddressingStyle::Virtual),
            read: |c| c.s3.addressing_style.to_string(),
            explicit: "virtual",
            from_env: "path",
            from_profile: "path",
            default: "auto",
        },
        Row {
            name: "use_accelerate_endpoint",
            env_var: None,
            profile_line: "s3 =\n  use_accelerate_endpoint = true",
            env_value: "",
            set_explicit: |e| e.s3.use_accelerate_endpoint = Some(false),
            read: |c| c.s3.use_accelerate_endpoint.to_string(),
            explicit: "false",
            from_env: "true",
            from_profile: "true",
            default: "false",
        },
        Row {
            name: "payload_signing_enabled",
            env_var: None,
            profile_line: "s3 =\n  payload_signing_enabled = false",
            env_value: "",
            set_explicit: |e| e.s3.payload_signing_enabled = Some(true),
            read: |c| format!("{:?}", c.s3.payload_signing_enabled),
            explicit: "Some(true)",
            from_env: "Some(false)",
            from_profile: "Some(false)",
            default: "None",
        },
        Row {
            name: "connect_timeout",
            env_var: None,
            profile_line: "connect_timeout = 5",
            env_value: "",
            set_explicit: |e| e.connect_timeout = Some(Duration::from_secs(5)),
            read: |c| format!("{:?}", c.connect_timeout),
            explicit: "5s",
            from_env: "60s",
            from_profile: "60s",
            default: "60s",
        },
        Row {
            name: "read_timeout",
            env_var: None,
            profile_line: "read_timeout = 5",
            env_value: "",
            set_explicit: |e| e.read_timeout = Some(Duration::from_millis(1500)),
            read: |c| format!("{:?}", c.read_timeout),
            explicit: "1.5s",
            from_env: "60s",
            from_profile: "60s",
            default: "60s",
        },
    ]
}

#[test]
fn option_precedence_tables() {
    for row in rows() {
        let profile = format!("[default]\nregion = us-west-2\n{}\n", row.profile_line);
        let vars: Vec<(&str, &str)> = row.env_var.map(|v| (v, row.env_value)).into_iter().collect();
        let mut explicit = ExplicitConfig::default();
        (row.set_explicit)(&mut explicit);
        let none = ExplicitConfig::default();
        let table = [
            (&explicit, vars.as_slice(), profile.as_str(), row.explicit, "explicit"),
            (&none, vars.as_slice(), profile.as_str(), row.from_env, "environment"),
            (&none, &[][..], profile.as_str(), row.from_profile, "profile"),
            (&none, &[][..], "[default]\nregion = us-west-2\n", row.default, "default"),
        ];
        for (explicit, vars, config, want, level) in table {
            let config = resolve_for(S3, explicit, vars, config).unwrap_or_else(|e| panic!("{}: {e}", row.name));
            assert_eq!((row.read)(&config), want, "{} from {level}", row.name);
        }
    }
}

#[test]
fn nested_us_east_1_and_dualstack_keys() {
    let config = "[default]\ns3 =\n  us_east_1_regional_endpoint = regional\n  use_dualstack_endpoint = true\n";
    let c = resolve_for(S3, &ExplicitConfig::default(), &[], config).expect("resolves");
    assert_eq!(c.s3.us_east_1_regional_endpoint, RegionalEndpoints::Regional);
    assert!(c.use_dualstack_endpoint, "s3 block enables dual-stack for S3");
    let ec2 = ServiceRef { endpoint_prefix: "ec2", service_id: "EC2" };
    let c = resolve_for(ec2, &ExplicitConfig::default(), &[], &format!("{config}region = x\n")).expect("resolves");
    assert!(!c.use_dualstack_endpoint, "the s3 block does not apply to EC2");
    let explicit = ExplicitConfig { use_dualstack_endpoint: Some(true), ..Default::default() };
    let mut off = explicit.clone();
    off.s3.use_dualstack_endpoint = Some(false);
    assert!(!resolve_for(S3, &off, &[], "").expect("resolves").use_dualstack_endpoint);
    assert!(resolve_for(S3, &explicit, &[], "").expect("resolves").use_dualstack_endpoint);
}

#[test]
fn max_attempts_default_depends_on_retry_mode() {
    let c = resolve_for(S3, &ExplicitConfig::default(), &[("AWS_RETRY_MODE", "legacy")], "").expect("resolves");
    assert_eq!((c.retry_mode, c.max_attempts), (RetryMode::Legacy, 5));
}

#[test]
fn invalid_values_name_the_key_and_source() {
    let cases: &[(Vars<'_>, &str, &str)] = &[
        (
            &[],
            "max_attempts = abc",
            "invalid value 'abc' for max_attempts (from key 'max_attempts' of profile 'default' in the config file)",
        ),
        (
            &[("AWS_MAX_ATTEMPTS", "0")],
            "",
            "invalid value '0' for max_attempts (from environment variable AWS_MAX_ATTEMPTS)",
        ),
        (
            &[("AWS_RETRY_MODE", "fast")],
            "",
            "for retry_mode (from environment variable AWS_RETRY_MODE): expected legacy, standard or adaptive",
        ),
        (
            &[("AWS_USE_FIPS_ENDPOINT", "yes")],
            "",
            "for use_fips_endpoint (from environment variable AWS_USE_FIPS_ENDPOINT)",
        ),
        (
            &[],
            "s3 =\n  addressing_style = sideways",
            "for addressing_style (from key 's3.addressing_style' of profile 'default'",
        ),
        (&[], "account_id_endpoint_mode = maybe", "expected one of preferred, disabled, required"),
        (&[("AWS_REQUEST_CHECKSUM_CALCULATION", "always")], "", "expected one of when_supported, when_required"),
        (&[], "services = missing", "the \"missing\" services configuration does not exist"),
    ];
    for (vars, line, want) in cases {
        let config = format!("[default]\nregion = us-west-2\n{line}\n");
        let err = resolve_for(S3, &ExplicitConfig::default(), vars, &config).expect_err(want);
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains(want), "{err} does not contain {want}");
    }
}

#[test]
fn ignore_configured_endpoint_urls_precedence() {
    let config = "[default]\nregion = r\nendpoint_url = https://profile.example\n";
    let on_env = [("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), ("AWS_ENDPOINT_URL", "https://env.example")];
    let c = resolve_for(S3, &ExplicitConfig::default(), &on_env, config).expect("resolves");
    assert_eq!(c.endpoint_url, None);
    let explicit = ExplicitConfig { ignore_configured_endpoint_urls: Some(false), ..Default::default() };
    let c = resolve_for(S3, &explicit, &on_env, config).expect("resolves");
    assert_eq!(c.endpoint_url.as_deref(), Some("https://env.example"), "explicit false beats env true");
    let profile_ignores = format!("{config}ignore_configured_endpoint_urls = true\n");
    let c = resolve_for(S3, &ExplicitConfig::default(), &[], &profile_ignores).expect("resolves");
    assert_eq!(c.endpoint_url, None);
}
