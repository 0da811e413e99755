//! Runs the cross-SDK shared-config parser suite (`tests/data/sdk-spec/`).
//!
//! A case with `errorContaining` passes when a [`ParseWarning`] holds that text (Stratus never
//! fails a whole file; it skips the line and warns). Cases where Stratus follows botocore
//! instead of the suite are listed in `KNOWN_DIFFERENCES` with the reason; the runner checks
//! that each of them really differs, and that run + known = cases on disk.

use serde_json::Value;
use stratus_core::config::{ProfileSet, Section};

const SUITE: &str = include_str!("data/sdk-spec/profile-parser-tests.json");

/// Case name → why Stratus gives botocore's answer instead.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "Invalid profile names are ignored.",
        "botocore reads every credentials-file section verbatim: [in valid 2] is a profile",
    ),
    (
        "Credentials profiles with prefix are ignored.",
        "botocore: [profile foo] in the credentials file is the profile named 'profile foo'",
    ),
    (
        "profile name with extra whitespace in credentials",
        "botocore: [profile bar] in the credentials file is the profile named 'profile bar'",
    ),
];

fn section_matches(actual: Option<&Section>, expected: &Value) -> Result<(), String> {
    let actual = actual.ok_or("missing")?;
    let expected = expected.as_object().ok_or("expected is not an object")?;
    if actual.len() != expected.len() {
        let keys: Vec<&str> = actual.keys().collect();
        return Err(format!("keys {keys:?}, expected {:?}", expected.keys().collect::<Vec<_>>()));
    }
    for (key, value) in expected {
        let want = value.as_str().ok_or("expected value is not a string")?;
        if actual.get(key) != Some(want) {
            return Err(format!("{key} = {:?}, expected {want:?}", actual.get(key)));
        }
    }
    Ok(())
}

fn check_sections<'a>(
    names: impl Iterator<Item = &'a str>,
    get: impl Fn(&str) -> Option<&'a Section>,
    expected: &Value,
) -> Result<(), String> {
    let expected = expected.as_object().ok_or("expected is not an object")?;
    let mut actual: Vec<&str> = names.collect();
    actual.sort_unstable();
    let mut want: Vec<&str> = expected.keys().map(String::as_str).collect();
    want.sort_unstable();
    if actual != want {
        return Err(format!("names {actual:?}, expected {want:?}"));
    }
    for (name, props) in expected {
        section_matches(get(name), props).map_err(|e| format!("[{name}] {e}"))?;
    }
    Ok(())
}

fn run_case(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let set = ProfileSet::parse(input["configFile"].as_str(), input["credentialsFile"].as_str());
    let output = &case["output"];
    if let Some(text) = output["errorContaining"].as_str() {
        return if set.warnings().iter().any(|w| w.message.contains(text)) {
            Ok(())
        } else {
            Err(format!("no warning containing {text:?}: {:?}", set.warnings()))
        };
    }
    let config = &output["config"];
    check_sections(set.profile_names(), |n| set.profile(n), &config["profiles"])?;
    if let Some(sessions) = config["sso_sessions"].as_object() {
        for (name, props) in sessions {
            section_matches(set.sso_session(name), props)?;
        }
        if sessions.is_empty() && set.sso_session("foo").is_some() {
            return Err("unexpected sso-session".into());
        }
    }
    Ok(())
}

#[test]
fn cross_sdk_parser_suite() {
    let suite: Value = serde_json::from_str(SUITE).expect("suite is JSON");
    let cases = suite["tests"].as_array().expect("tests array");
    let (mut passed, mut known, mut failures) = (0, 0, Vec::new());
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let result = run_case(case);
        match (KNOWN_DIFFERENCES.iter().find(|(n, _)| *n == name), result) {
            (None, Ok(())) => passed += 1,
            (None, Err(e)) => failures.push(format!("{name}: {e}")),
            (Some(_), Err(_)) => known += 1,
            (Some((_, why)), Ok(())) => {
                failures.push(format!("{name}: listed as a known difference ({why}) but passes"))
            }
        }
    }
    eprintln!("config parser vectors: {passed} passed, {} failed, {known} skipped", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(passed + known, cases.len(), "run + known differences = cases on disk");
    assert_eq!(known, KNOWN_DIFFERENCES.len());
}

#[test]
fn known_differences_give_botocores_answer() {
    let set = ProfileSet::parse(Some("[profile in valid]\nname = value"), Some("[in valid 2]\nname2 = value2"));
    assert_eq!(set.profile_names().collect::<Vec<_>>(), ["in valid 2"]);
    let set = ProfileSet::parse(None, Some("[profile foo]\nname = value"));
    assert_eq!(set.profile("profile foo").and_then(|p| p.get("name")), Some("value"));
    assert!(set.profile("foo").is_none());
    let set = ProfileSet::parse(None, Some("[   foo    ]\nname = value\n[profile bar]"));
    assert_eq!(set.profile_names().collect::<Vec<_>>(), ["foo", "profile bar"]);
}
