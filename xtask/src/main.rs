//! `cargo run -p xtask -- <check>`: checks that keep Stratus's design rules true in CI.
//!
//! - `sans-io`: `core/src` uses no files, sockets, threads, clock, randomness, environment
//!   or processes.
//! - `core-deps`: `stratus-core`'s direct dependencies are all on `core/allowed-deps.txt`.
//! - `wasm-imports FILE.wasm`: the module imports nothing from `env` (nor anything at all
//!   unless listed with `--allow MODULE`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod core_deps;
mod sans_io;
mod wasm_imports;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("sans-io") => sans_io::check(&root().join("core/src")),
        Some("core-deps") => core_deps::check(&root()),
        Some("wasm-imports") => match args.get(1) {
            Some(file) => wasm_imports::check(Path::new(file), &args[2..]),
            None => Err("usage: xtask wasm-imports FILE.wasm [--allow MODULE]...".to_owned()),
        },
        _ => Err("usage: xtask sans-io | core-deps | wasm-imports FILE.wasm".to_owned()),
    };
    match result {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("xtask: {why}");
            ExitCode::FAILURE
        }
    }
}
