//! Counting cases and enforcing "every case on disk was run".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The vectors folder (`tests/vectors`).
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Known failures: `case id -> reason`, read from `tests/known-failures.json`
/// (`{"<suite>": {"<case id>": "<reason>"}}`).
pub fn known_failures(suite: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("known-failures.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| "{}".to_owned());
    let all: serde_json::Value = serde_json::from_str(&text).expect("known-failures.json is valid JSON");
    all.get(suite)
        .and_then(|v| v.as_object())
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default()
}

/// The outcome of one suite.
#[derive(Debug, Default)]
pub struct Tally {
    suite: String,
    known: BTreeMap<String, String>,
    seen_known: Vec<String>,
    passed: usize,
    skipped: usize,
    failures: Vec<String>,
    expected_cases: usize,
}

impl Tally {
    /// Starts counting `suite`, which has `expected_cases` cases on disk.
    pub fn new(suite: &str, expected_cases: usize) -> Self {
        Self { suite: suite.to_owned(), known: known_failures(suite), expected_cases, ..Self::default() }
    }

    /// True when `id` is listed as a known failure: the caller must skip it and call
    /// [`Tally::skip`].
    pub fn is_known_failure(&self, id: &str) -> bool {
        self.known.contains_key(id)
    }

    /// Records a skipped (known-failure) case.
    pub fn skip(&mut self, id: &str) {
        self.seen_known.push(id.to_owned());
        self.skipped += 1;
    }

    /// Records the result of a case that ran.
    pub fn record(&mut self, id: &str, result: Result<(), String>) {
        match result {
            Ok(()) => self.passed += 1,
            Err(why) => self.failures.push(format!("{id}: {why}")),
        }
    }

    /// Runs `case` unless it is a known failure, and records the result.
    pub fn run(&mut self, id: &str, case: impl FnOnce() -> Result<(), String>) {
        if self.is_known_failure(id) {
            self.skip(id);
            return;
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(case))
            .unwrap_or_else(|p| Err(format!("panicked: {}", panic_text(&p))));
        self.record(id, outcome);
    }

    /// Prints the summary line and panics unless all cases passed or were skipped with a
    /// reason, every case on disk was accounted for, and no stale known failure remains.
    pub fn finish(self) {
        let failed = self.failures.len();
        for f in self.failures.iter().take(200) {
            eprintln!("FAIL {f}");
        }
        #[allow(clippy::print_stdout)]
        {
            println!("{}: {} passed, {} failed, {} skipped", self.suite, self.passed, failed, self.skipped);
        }
        let accounted = self.passed + failed + self.skipped;
        assert_eq!(
            accounted, self.expected_cases,
            "{}: {} cases on disk but {} accounted for",
            self.suite, self.expected_cases, accounted
        );
        let stale: Vec<_> = self.known.keys().filter(|k| !self.seen_known.contains(k)).collect();
        assert!(stale.is_empty(), "{}: known failures that match no case: {stale:?}", self.suite);
        assert_eq!(failed, 0, "{}: {failed} cases failed", self.suite);
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}
