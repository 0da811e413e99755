//! botocore's config fixtures (`tests/data/botocore/cfg/`), with the assertions of botocore's
//! `tests/unit/test_configloader.py`. Where botocore raises `ConfigParseError` for the whole
//! file, Stratus keeps every readable section and reports the bad lines as warnings; those
//! tests assert both.

use stratus_core::config::{FileKind, ProfileSet};

fn cfg(name: &str) -> String {
    let path = format!("{}/tests/data/botocore/cfg/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn config(name: &str) -> ProfileSet {
    ProfileSet::parse(Some(&cfg(name)), None)
}

fn names(set: &ProfileSet) -> Vec<&str> {
    let mut names: Vec<&str> = set.profile_names().collect();
    names.sort_unstable();
    names
}

#[test]
fn test_profile_map_conversion() {
    let set = config("aws_config");
    assert_eq!(names(&set), ["default", "personal"]);
    let personal = set.profile("personal").expect("quoted profile name");
    assert_eq!(personal.get("aws_security_token"), Some("fiebaz"));
    assert!(set.warnings().is_empty());
}

#[test]
fn test_bad_profiles_are_ignored() {
    let set = config("aws_bad_profile");
    assert_eq!(names(&set), ["default", "my profile", "personal1"]);
    assert_eq!(set.profile("personal1").and_then(|p| p.get("aws_access_key_id")), Some("access_personal1"));
    // The two malformed headers are reported, with their line numbers.
    let lines: Vec<usize> = set.warnings().iter().map(|w| w.line).collect();
    assert_eq!(lines, [6, 16]);
}

#[test]
fn test_nested_hierarchy_parsing() {
    let set = config("aws_config_nested");
    let default = set.profile("default").expect("default");
    assert_eq!(default.get("aws_access_key_id"), Some("foo"));
    assert_eq!(default.get("region"), Some("us-west-2"));
    assert_eq!(default.get_nested("s3", "signature_version"), Some("s3v4"));
    assert_eq!(default.get_nested("s3", "addressing_style"), Some("path"));
    assert_eq!(default.get_nested("cloudwatch", "signature_version"), Some("v4"));
    // botocore's raw_config_parse(parse_subsections=False) view.
    assert_eq!(default.get("s3"), Some("\nsignature_version = s3v4\naddressing_style = path"));
    assert_eq!(default.get("cloudwatch"), Some("\nsignature_version = v4"));
}

#[test]
fn test_nested_bad_config_is_a_warning() {
    // botocore: ConfigParseError. Here: the bad sub-property line is skipped.
    let set = config("aws_config_nested_bad");
    let default = set.profile("default").expect("default");
    assert_eq!(default.get("region"), Some("us-west-2"));
    assert_eq!(default.get_nested("cloudwatch", "signature_version"), Some("v4"));
    assert_eq!(default.nested("s3").count(), 0);
    let w = &set.warnings()[0];
    assert_eq!((w.file, w.line), (FileKind::Config, 5));
    assert!(w.message.contains("Expected an '=' sign defining a sub-property"), "{w}");
}

#[test]
fn test_config_parse_error_is_a_warning() {
    // botocore: ConfigParseError (keys before the first section). Here: those lines warn.
    let set = config("aws_config_bad");
    assert_eq!(names(&set), ["personal"]);
    let lines: Vec<usize> = set.warnings().iter().map(|w| w.line).collect();
    assert_eq!(lines, [1, 2]);
    assert!(set.warnings()[0].to_string().starts_with("config file, line 1: Expected a profile definition"));
}

#[test]
fn test_sso_session_config() {
    let set = config("aws_sso_session_config");
    assert_eq!(set.profile("default").and_then(|p| p.get("sso_session")), Some("sso"));
    let sso = set.sso_session("sso").expect("sso-session");
    assert_eq!(sso.get("sso_region"), Some("us-east-1"));
    assert_eq!(sso.get("sso_start_url"), Some("https://example.com"));
}

#[test]
fn test_services_config() {
    let set = config("aws_services_config");
    assert_eq!(set.profile("default").and_then(|p| p.get("services")), Some("my-services"));
    let services = set.services("my-services").expect("services section");
    assert_eq!(services.get_nested("s3", "endpoint_url"), Some("https://localhost:5678/"));
    assert_eq!(services.get_nested("dynamodb", "endpoint_url"), Some("https://localhost:8888/"));
}

#[test]
fn credentials_file_values_override_config_for_the_same_profile() {
    // botocore's Session.full_config: credentials-file profiles are merged into the config
    // file's with dict.update, so their keys win.
    let set = ProfileSet::parse(Some(&cfg("aws_config")), Some(&cfg("aws_config_other")));
    let default = set.profile("default").expect("default");
    assert_eq!(default.get("aws_access_key_id"), Some("other_foo"));
    assert_eq!(default.source_of("aws_access_key_id"), Some(FileKind::Credentials));
    // In the credentials file, [profile "personal"] is not the profile `personal`.
    assert!(set.profile("profile \"personal\"").is_some());
    assert_eq!(set.profile("personal").and_then(|p| p.get("aws_access_key_id")), Some("fie"));
    let config_only = set.profile_in(FileKind::Config, "default").expect("config view");
    assert_eq!(config_only.get("aws_access_key_id"), Some("foo"));
}

#[test]
fn available_profiles_order_is_config_then_credentials_only() {
    let set = ProfileSet::parse(Some(&cfg("foo_config")), Some("[zeta]\na = 1\n[default]\nb = 2\n"));
    assert_eq!(set.profile_names().collect::<Vec<_>>(), ["default", "foo", "zeta"]);
    assert_eq!(set.profile("default").and_then(|p| p.get("foo_region")), Some("us-west-1"));
}

#[test]
fn original_ec2_credentials_file_is_not_an_ini_file() {
    let set = ProfileSet::parse(None, Some(&cfg("aws_credentials")));
    assert_eq!(set.profile_names().count(), 0);
    assert_eq!(set.warnings().len(), 2);
    assert_eq!(set.warnings()[0].file, FileKind::Credentials);
}

#[test]
fn undecodable_bytes_do_not_break_parsing() {
    // botocore: ConfigParseError (not UTF-8). Callers decode lossily; parsing never panics.
    let path = format!("{}/tests/data/botocore/cfg/aws_config_badbytes", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let set = ProfileSet::parse(Some(&String::from_utf8_lossy(&bytes)), None);
    assert_eq!(set.profile_names().count(), 0);
    assert!(!set.warnings().is_empty());
}

#[test]
fn arbitrary_text_never_panics() {
    // A deterministic stream of lines built from the format's special characters.
    let pieces = [
        "[",
        "]",
        "profile ",
        "sso-session ",
        "services ",
        "default",
        "=",
        " ",
        "\t",
        "#",
        ";",
        "\r",
        "\n",
        "\"",
        "a",
        "é",
        "😂",
        "s3 =",
        "\n  x = 1",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..40 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        let set = ProfileSet::parse(Some(&text), Some(&text));
        for name in set.profile_names() {
            let profile = set.profile(name).expect("listed profile exists");
            for key in profile.keys() {
                let _ = (profile.get(key), profile.get_nested(key, "x"));
            }
        }
    }
}
