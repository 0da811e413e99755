//! The shared `config` and `credentials` files, and client settings resolved from explicit
//! values, environment variables and the selected profile.
//!
//! Sans-IO: the caller reads the two files (their paths: [`config_file_path`],
//! [`credentials_file_path`]) and the process environment, and passes the text and a map in.
//!
//! ```
//! use std::collections::HashMap;
//! use stratus_core::config::{ConfigInputs, ExplicitConfig, ProfileSet, ServiceRef};
//!
//! let profiles = ProfileSet::parse(
//!     Some("[profile dev]\nregion = eu-west-1\ns3 =\n  addressing_style = path\n"),
//!     Some("[dev]\naws_access_key_id = AKID\n"),
//! );
//! let env = HashMap::new();
//! let explicit = ExplicitConfig::default();
//! let inputs = ConfigInputs { explicit: &explicit, env: &env, profiles: &profiles, profile_name: Some("dev") };
//! let config = inputs.resolve(ServiceRef { endpoint_prefix: "s3", service_id: "S3" })?;
//! assert_eq!(config.region, "eu-west-1");
//! assert_eq!(config.s3.addressing_style.as_str(), "path");
//! # Ok::<(), stratus_core::Error>(())
//! ```

// `Error` is the crate-wide error type; boxing its large variants is error.rs's call.

pub mod env;
mod ini;
mod options;
mod profile;
mod resolve;
mod select;
mod setting;

pub use env::{config_file_path, credentials_file_path, home_dir, Env};
pub use options::{AccountIdEndpointMode, AddressingStyle, ChecksumMode, RegionalEndpoints, RetryMode};
pub use profile::{FileKind, ParseWarning, Profile, ProfileSet, Section};
pub use resolve::{
    region_source, resolve, ClientConfig, ConfigInputs, ExplicitConfig, S3Options, S3Settings, ServiceRef,
    DEFAULT_TIMEOUT,
};
pub use select::{profile_not_found, scoped_profile, select_profile, ProfileSource, PROFILE_ENV_VARS};
pub use setting::ValueSource;
