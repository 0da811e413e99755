//! The operating-system I/O core asks for: the environment, files and processes. On
//! wasm32 there is none of it: no environment, no files, no processes.

use std::collections::HashMap;

use stratus_core::credentials::ProcessOutput;

/// The process environment (empty on wasm32).
pub(crate) fn environment() -> HashMap<String, String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        HashMap::new()
    }
}

/// A whole file as UTF-8 text; `None` when it cannot be read (or on wasm32).
pub(crate) fn read_file(path: &str) -> Option<String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::fs::read_to_string(path).ok()
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = path;
        None
    }
}

/// Runs `argv` without a shell and captures its output (`credential_process`).
pub(crate) fn run_process(argv: &[String]) -> ProcessOutput {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let Some((program, args)) = argv.split_first() else { return ProcessOutput::default() };
        match std::process::Command::new(program).args(args).output() {
            Ok(out) => ProcessOutput { status: out.status.code(), stdout: out.stdout, stderr: out.stderr },
            Err(e) => ProcessOutput { status: None, stdout: Vec::new(), stderr: e.to_string().into_bytes() },
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = argv;
        ProcessOutput { status: None, stdout: Vec::new(), stderr: b"no processes on wasm32".to_vec() }
    }
}
