//! Lists a WebAssembly module's imports and fails on any from a module not allowed.

use std::path::Path;

use wasmparser::{Parser, Payload};

/// Reads `file` and fails if it imports anything from a module not named by `--allow`.
pub fn check(file: &Path, rest: &[String]) -> Result<String, String> {
    let allowed: Vec<&str> =
        rest.chunks(2).filter(|c| c[0] == "--allow" && c.len() == 2).map(|c| c[1].as_str()).collect();
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut imports = Vec::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        if let Payload::ImportSection(section) = payload.map_err(|e| e.to_string())? {
            for import in section.into_iter() {
                let import = import.map_err(|e| e.to_string())?;
                imports.push(format!("{}::{}", import.module, import.name));
            }
        }
    }
    let bad: Vec<&String> =
        imports.iter().filter(|i| !allowed.iter().any(|a| i.starts_with(&format!("{a}::")))).collect();
    if bad.is_empty() {
        Ok(format!("wasm-imports: {} imports, none from env ({} bytes)", imports.len(), bytes.len()))
    } else {
        Err(format!("{} imports what a sans-IO module must not: {bad:?}", file.display()))
    }
}
