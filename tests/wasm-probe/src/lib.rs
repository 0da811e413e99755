//! Links stratus-core's main entry points into a wasm32 module so that CI can list the
//! module's imports (`cargo run -p xtask -- wasm-imports ...`): a sans-IO core imports
//! nothing at all. Each export keeps one part of the core alive in the module.

/// Loads the embedded S3 model and returns its operation count (0 on failure).
#[no_mangle]
pub extern "C" fn probe_model() -> u32 {
    stratus_core::model::embedded("s3")
        .and_then(|svc| stratus_core::model::ServiceModel::from_json(svc.service).ok())
        .map_or(0, |m| m.operations.len() as u32)
}
