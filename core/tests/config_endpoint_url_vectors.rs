//! botocore's configured-endpoint-URL vectors (`tests/data/botocore/configured_endpoint_urls/`),
//! run the way botocore's `test_configured_endpoint_url.py` builds them: the profile (and
//! its `[services]` section) written as a config file, the environment, and the client
//! arguments. An expected URL of the form `https://<service>.fake-region-10.amazonaws.com` is
//! the endpoint rules' default: no endpoint URL is configured.

use std::collections::HashMap;

use serde_json::{Map, Value};
use stratus_core::config::{ConfigInputs, Env, ExplicitConfig, ProfileSet, ServiceRef};

const VECTORS: &str = include_str!("data/botocore/configured_endpoint_urls/profile-tests.json");

/// botocore's `dict_to_ini_section`.
fn ini_section(values: &Map<String, Value>, header: &str) -> String {
    let mut text = format!("[{header}]\n");
    for (key, value) in values {
        match value {
            Value::Object(inner) => {
                text.push_str(&format!("{key} =\n"));
                for (k, v) in inner {
                    text.push_str(&format!("  {k}={}\n", v.as_str().unwrap_or_default()));
                }
            }
            other => text.push_str(&format!("{key}={}\n", other.as_str().unwrap_or_default())),
        }
    }
    text + "\n"
}

fn config_file(suite: &Value, profile: &str) -> String {
    let values = suite["profiles"][profile].as_object().expect("profile");
    let mut text = ini_section(values, &format!("profile {profile}"));
    if let Some(services) = values.get("services").and_then(Value::as_str) {
        let section = suite["services"][services].as_object().expect("services section");
        text += &ini_section(section, &format!("services {services}"));
    }
    text
}

fn explicit(client_config: &Value) -> ExplicitConfig {
    ExplicitConfig {
        endpoint_url: client_config["endpoint_url"].as_str().map(str::to_owned),
        ignore_configured_endpoint_urls: client_config["ignore_configured_endpoint_urls"].as_bool(),
        ..ExplicitConfig::default()
    }
}

fn service_ref(service: &str) -> ServiceRef<'static> {
    match service {
        "s3" => ServiceRef { endpoint_prefix: "s3", service_id: "S3" },
        "dynamodb" => ServiceRef { endpoint_prefix: "dynamodb", service_id: "DynamoDB" },
        other => panic!("no service id for {other}"),
    }
}

#[test]
fn botocore_configured_endpoint_url_vectors() {
    let doc: Value = serde_json::from_str(VECTORS).expect("JSON");
    let suite = &doc["testSuites"][0];
    let cases = suite["endpointUrlTests"].as_array().expect("cases");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let profile = case["profile"].as_str().expect("profile");
        let service = case["service"].as_str().expect("service");
        let profiles = ProfileSet::parse(Some(&config_file(suite, profile)), None);
        let env: Env = suite["environments"][case["environment"].as_str().unwrap_or("default")]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
            .unwrap_or_default();
        let explicit = explicit(&suite["client_configs"][case["client_config"].as_str().unwrap_or("default")]);
        let inputs = ConfigInputs { explicit: &explicit, env: &env, profiles: &profiles, profile_name: Some(profile) };
        let config = inputs.resolve(service_ref(service)).expect(name);
        let want = case["output"]["endpointUrl"].as_str().expect("endpointUrl");
        let rules_default = format!("https://{service}.fake-region-10.amazonaws.com");
        let want = (want != rules_default).then_some(want);
        if config.endpoint_url.as_deref() != want || config.region != "fake-region-10" {
            failures.push(format!("{name}: got {:?}, expected {want:?}", config.endpoint_url));
        }
    }
    eprintln!(
        "botocore endpoint url vectors: {} passed, {} failed, 0 skipped",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// botocore's `test_expected_service_env_var_name_is_respected`, over the embedded models.
#[test]
fn service_specific_env_var_uses_the_service_id() {
    let profiles = ProfileSet::default();
    let explicit = ExplicitConfig::default();
    let mut checked = 0;
    for name in stratus_core::model::embedded_services() {
        let Some(svc) = stratus_core::model::embedded(name) else { continue };
        let model = stratus_core::model::ServiceModel::from_json(svc.service).expect("model");
        let service_id = model.metadata.service_id.clone().expect("serviceId");
        let var = format!("AWS_ENDPOINT_URL_{}", service_id.replace(' ', "_").to_uppercase());
        let env: Env = HashMap::from([(var, "https://endpoint.example".to_owned())]);
        let inputs = ConfigInputs { explicit: &explicit, env: &env, profiles: &profiles, profile_name: None };
        let url = inputs.endpoint_url(&service_id).expect("resolves");
        assert_eq!(url.as_deref(), Some("https://endpoint.example"), "{name} ({service_id})");
        checked += 1;
    }
    assert!(checked >= 12);
}
