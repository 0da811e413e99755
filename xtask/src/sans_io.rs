//! Scans `core/src` for I/O, clock, randomness, threads and environment access.

use std::path::{Path, PathBuf};

/// Patterns that have no place in the sans-IO core, with the reason shown on a hit.
const FORBIDDEN: &[(&str, &str)] = &[
    ("std::fs", "file access"),
    ("std::net", "sockets"),
    ("std::thread", "threads"),
    ("std::process", "processes"),
    ("std::env", "environment access"),
    ("SystemTime::now", "clock read"),
    ("Instant::now", "clock read"),
    ("OffsetDateTime::now", "clock read"),
    ("UtcDateTime::now", "clock read"),
    ("rand::", "randomness"),
    ("getrandom", "randomness"),
    ("tokio", "async runtime"),
    ("async fn", "async runtime"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Fails with every offending line.
pub fn check(src: &Path) -> Result<String, String> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    let mut hits = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (pattern, why) in FORBIDDEN {
                if code.contains(pattern) {
                    hits.push(format!("{}:{}: {why}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    if hits.is_empty() {
        Ok(format!("sans-io: {} files in core/src, no I/O, clock, randomness or threads", files.len()))
    } else {
        Err(format!("sans-io violations:\n{}", hits.join("\n")))
    }
}
