//! The enumerated values of client settings, spelled as in the config file.

macro_rules! setting_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? } default $default:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every accepted spelling, for error messages.
            pub const VALUES: &'static [&'static str] = &[$($text),+];

            /// The value as written in the config file.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// Parses a value, case-insensitively.
            pub fn parse(value: &str) -> Option<Self> {
                let value = value.trim();
                $(if value.eq_ignore_ascii_case($text) {
                    return Some(Self::$variant);
                })+
                None
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::$default
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

setting_enum! {
    /// `retry_mode` / `AWS_RETRY_MODE` (botocore's default: `standard`).
    RetryMode {
        /// botocore's original retry handler (5 attempts).
        Legacy = "legacy",
        /// The cross-SDK standard retry strategy (3 attempts).
        Standard = "standard",
        /// Standard retries plus client-side rate limiting.
        Adaptive = "adaptive",
    } default Standard
}

impl RetryMode {
    /// Total attempts when `max_attempts` is not configured.
    pub fn default_max_attempts(self) -> u32 {
        match self {
            Self::Legacy => 5,
            Self::Standard | Self::Adaptive => 3,
        }
    }
}

setting_enum! {
    /// S3 `addressing_style` (the `s3 =` block of a profile).
    AddressingStyle {
        /// Virtual-hosted when the bucket name allows it, else path-style.
        Auto = "auto",
        /// `https://bucket.s3.region.amazonaws.com/key`.
        Virtual = "virtual",
        /// `https://s3.region.amazonaws.com/bucket/key`.
        Path = "path",
    } default Auto
}

setting_enum! {
    /// `request_checksum_calculation` and `response_checksum_validation`.
    ChecksumMode {
        /// Whenever the operation supports a checksum.
        WhenSupported = "when_supported",
        /// Only when the operation requires one.
        WhenRequired = "when_required",
    } default WhenSupported
}

setting_enum! {
    /// `sts_regional_endpoints` (default `regional`) and `s3_us_east_1_regional_endpoint`
    /// (default `legacy`: see [`super::resolve::S3Settings`]).
    RegionalEndpoints {
        /// The global endpoint for the legacy global regions (`sts.amazonaws.com`).
        Legacy = "legacy",
        /// Always the regional endpoint (`sts.us-east-1.amazonaws.com`).
        Regional = "regional",
    } default Regional
}

setting_enum! {
    /// `account_id_endpoint_mode`.
    AccountIdEndpointMode {
        /// Use account-based endpoints when the account id is known.
        Preferred = "preferred",
        /// Never use account-based endpoints.
        Disabled = "disabled",
        /// Fail when the account id is unknown.
        Required = "required",
    } default Preferred
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_case_insensitive_and_strict() {
        assert_eq!(RetryMode::parse("Adaptive"), Some(RetryMode::Adaptive));
        assert_eq!(RetryMode::parse("fast"), None);
        assert_eq!(AddressingStyle::parse(" path "), Some(AddressingStyle::Path));
        assert_eq!(ChecksumMode::default().as_str(), "when_supported");
        assert_eq!(AccountIdEndpointMode::VALUES, &["preferred", "disabled", "required"]);
    }
}
