//! Holds `stratus-core`'s direct dependencies to the reviewed list in `core/allowed-deps.txt`.

use std::path::Path;
use std::process::Command;

/// Fails naming any dependency of `stratus-core` that is not on the allow-list.
pub fn check(root: &Path) -> Result<String, String> {
    let allowed_text = std::fs::read_to_string(root.join("core/allowed-deps.txt"))
        .map_err(|e| format!("core/allowed-deps.txt: {e}"))?;
    let allowed: Vec<&str> =
        allowed_text.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).collect();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let meta: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata output: {e}"))?;
    let core = meta["packages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "stratus-core"))
        .ok_or("stratus-core not found in cargo metadata")?;
    let deps: Vec<&str> = core["dependencies"]
        .as_array()
        .map(|d| d.iter().filter(|d| d["kind"].is_null()).filter_map(|d| d["name"].as_str()).collect())
        .unwrap_or_default();
    let unknown: Vec<&&str> = deps.iter().filter(|d| !allowed.contains(d)).collect();
    if unknown.is_empty() {
        Ok(format!("core-deps: {} dependencies, all on core/allowed-deps.txt", deps.len()))
    } else {
        Err(format!("stratus-core depends on crates not on core/allowed-deps.txt: {unknown:?}"))
    }
}
