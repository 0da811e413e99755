//! Walking botocore's protocol vector files (`tests/vectors/protocols/{input,output}`): the
//! files, their suites and cases, and stable case ids — shared by the input and output
//! runners.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use crate::tally::{vectors_dir, Tally};

/// Every vector file of `kind` (`input` or `output`), sorted, with its stem.
fn files(kind: &str) -> Vec<(String, PathBuf)> {
    let dir = vectors_dir().join("protocols").join(kind);
    let mut out: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(), p))
        .collect();
    out.sort();
    out
}

fn suites(path: &PathBuf) -> Vec<Value> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Array(suites)) => suites,
        other => panic!("{}: expected a JSON array of suites, got {other:?}", path.display()),
    }
}

fn cases(suite: &Value) -> &[Value] {
    suite.get("cases").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The number of cases of `kind` on disk.
pub fn count_cases(kind: &str) -> usize {
    files(kind).iter().map(|(_, path)| suites(path).iter().map(|s| cases(s).len()).sum::<usize>()).sum()
}

/// Runs `run_case(suite, case)` for every case of `kind` into `tally`, with ids
/// `<kind>/<file stem>/<suite index>/<case id or operation name>`.
pub fn run_cases(kind: &str, tally: &mut Tally, run_case: impl Fn(&Value, &Value) -> Result<(), String>) {
    for (stem, path) in files(kind) {
        for (index, suite) in suites(&path).iter().enumerate() {
            for case in cases(suite) {
                let name = case
                    .get("id")
                    .or_else(|| case.pointer("/given/name"))
                    .and_then(Value::as_str)
                    .unwrap_or("OperationName");
                let id = format!("{kind}/{stem}/{index}/{name}");
                tally.run(&id, || run_case(suite, case));
            }
        }
    }
}
