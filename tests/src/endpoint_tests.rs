//! Runner for botocore's endpoint rule tests (`tests/vectors/endpoints/<service>.json`).
//!
//! One case per `testCases[]` entry, identified `<service>#<index>`. Each case resolves
//! its `params` with the service's embedded rule set and compares URL, headers and
//! properties (or the error message) with `expect`. When the case has `operationInputs`,
//! each of them is also run end to end: the built-ins of `builtInParams` and the
//! operation's input go through the real [`bind_params`] with the embedded service model,
//! and the result must meet the same expectation. Unlike botocore's runner (which skips
//! the inputs using invalid bucket names because botocore validates them first, and skips
//! sigv4a cases without CRT), every input is run: Stratus resolves without those checks.
//!
//! Each rule set (and model, when needed) is prepared once per file.

use std::path::PathBuf;

use serde_json::Value as Json;
use stratus_core::endpoint::{bind_params, BuiltIns, Endpoint, Params, Partitions, RuleSet, Value};
use stratus_core::model::{self, ServiceModel};
use stratus_core::Error;

use crate::tally::{vectors_dir, Tally};

/// The suite name in `known-failures.json` and in the summary line.
pub const SUITE: &str = "endpoint tests";

/// One vector file: the service and its parsed test document.
struct VectorFile {
    service: String,
    cases: Vec<Json>,
}

/// Runs every endpoint test case on disk, prints the summary and panics on failure.
pub fn run() {
    let files = load_files();
    let total = files.iter().map(|f| f.cases.len()).sum();
    let mut tally = Tally::new(SUITE, total);
    let partitions = match Partitions::embedded() {
        Ok(p) => p,
        Err(e) => panic!("embedded partitions.json: {e}"),
    };
    let mut operation_inputs = 0;
    for file in &files {
        operation_inputs += run_file(file, partitions, &mut tally);
    }
    eprintln!("{SUITE}: {operation_inputs} operationInputs run through bind_params");
    tally.finish();
}

fn load_files() -> Vec<VectorFile> {
    let dir = vectors_dir().join("endpoints");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    paths.retain(|p| p.extension().is_some_and(|x| x == "json"));
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let service = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let doc: Json = serde_json::from_str(&text).unwrap_or(Json::Null);
            let cases = doc.get("testCases").and_then(Json::as_array).cloned().unwrap_or_default();
            assert!(!cases.is_empty(), "{}: no testCases", path.display());
            VectorFile { service, cases }
        })
        .collect()
}

/// What a file's cases run against, prepared once.
struct Prepared {
    rules: Result<RuleSet, String>,
    model: Option<Result<ServiceModel, String>>,
}

fn prepare(file: &VectorFile) -> Prepared {
    let embedded = model::embedded(&file.service);
    let rules = embedded
        .and_then(|e| e.endpoint_rules)
        .ok_or_else(|| format!("no embedded rule set for {}", file.service))
        .and_then(|text| RuleSet::from_json(text).map_err(|e| e.to_string()));
    let needs_model = file.cases.iter().any(|c| c.get("operationInputs").is_some());
    let model = needs_model.then(|| {
        embedded
            .ok_or_else(|| format!("no embedded model for {}", file.service))
            .and_then(|e| ServiceModel::from_json(e.service).map_err(|e| e.to_string()))
    });
    Prepared { rules, model }
}

/// Runs the cases of one file; returns how many `operationInputs` it holds.
fn run_file(file: &VectorFile, partitions: &Partitions, tally: &mut Tally) -> usize {
    let prepared = prepare(file);
    let mut operation_inputs = 0;
    for (index, case) in file.cases.iter().enumerate() {
        let id = format!("{}#{index}", file.service);
        operation_inputs += case.get("operationInputs").and_then(Json::as_array).map_or(0, Vec::len);
        tally.run(&id, || run_case(case, &prepared, partitions));
    }
    operation_inputs
}

fn run_case(case: &Json, prepared: &Prepared, partitions: &Partitions) -> Result<(), String> {
    let rules = prepared.rules.as_ref().map_err(Clone::clone)?;
    let expect = case.get("expect").ok_or("case without expect")?;
    let empty = serde_json::Map::new();
    let params = case.get("params").and_then(Json::as_object).unwrap_or(&empty);
    let params = Params::from_json(params).map_err(|e| e.to_string())?;
    check(rules.resolve(&params, partitions), expect).map_err(|e| format!("params: {e}"))?;
    for (i, input) in case.get("operationInputs").and_then(Json::as_array).into_iter().flatten().enumerate() {
        let model = match &prepared.model {
            Some(Ok(model)) => model,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err("model not prepared".into()),
        };
        let resolved = resolve_operation(rules, model, input, partitions)?;
        check(resolved, expect).map_err(|e| format!("operationInputs[{i}]: {e}"))?;
    }
    Ok(())
}

/// Resolves one `operationInputs` entry through [`bind_params`].
fn resolve_operation(
    rules: &RuleSet,
    model: &ServiceModel,
    input: &Json,
    partitions: &Partitions,
) -> Result<Result<Endpoint, Error>, String> {
    let mut builtins = BuiltIns::default();
    for (name, value) in input.get("builtInParams").and_then(Json::as_object).into_iter().flatten() {
        let value = Value::from_json(value).ok_or_else(|| format!("built-in {name}: {value}"))?;
        builtins.set(name, value).map_err(|e| e.to_string())?;
    }
    let name = input.get("operationName").and_then(Json::as_str).unwrap_or_default();
    let operation = model.operation(name).ok_or_else(|| format!("no operation {name}"))?;
    let op_input = input.get("operationParams").cloned().unwrap_or_else(|| Json::Object(Default::default()));
    Ok(match bind_params(rules, model, operation, &op_input, &builtins, &Params::new()) {
        Ok(params) => rules.resolve(&params, partitions),
        Err(e) => Err(e),
    })
}

/// Compares a resolution with `expect` (`{"endpoint": {...}}` or `{"error": "..."}`).
fn check(result: Result<Endpoint, Error>, expect: &Json) -> Result<(), String> {
    match (result, expect.get("endpoint"), expect.get("error").and_then(Json::as_str)) {
        (Ok(endpoint), Some(want), _) => compare_endpoint(&endpoint, want),
        (Err(Error::Endpoint(message)), None, Some(want)) if message == want => Ok(()),
        (Err(e), None, Some(want)) => Err(format!("error `{e:?}`, expected error `{want}`")),
        (Ok(endpoint), None, Some(want)) => Err(format!("resolved {}, expected error `{want}`", endpoint.url)),
        (Err(e), Some(want), _) => Err(format!("error `{e}`, expected {want}")),
        (_, None, None) => Err("expect has neither endpoint nor error".into()),
    }
}

fn compare_endpoint(got: &Endpoint, want: &Json) -> Result<(), String> {
    let empty = Json::Object(Default::default());
    let want_url = want.get("url").and_then(Json::as_str).unwrap_or_default();
    if got.url != want_url {
        return Err(format!("url {} != expected {want_url}", got.url));
    }
    let headers: serde_json::Map<String, Json> =
        got.headers.iter().map(|(k, v)| (k.clone(), v.iter().cloned().map(Json::String).collect())).collect();
    let want_headers = want.get("headers").unwrap_or(&empty);
    if &Json::Object(headers.clone()) != want_headers {
        return Err(format!("headers {} != expected {want_headers}", Json::Object(headers)));
    }
    let properties = Json::Object(got.properties.clone());
    let want_properties = want.get("properties").unwrap_or(&empty);
    if &properties != want_properties {
        return Err(format!("properties {properties} != expected {want_properties}"));
    }
    Ok(())
}
