//! What can go wrong in a command, how it is told to the user, and the exit codes, which
//! follow aws-cli v2's documented return codes:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | a local failure in a high-level S3 command (a file could not be read or written) |
//! | 2 | the command line could not be parsed (unknown command or option, bad value) |
//! | 252 | parameter validation failed (the input does not match the operation's model) |
//! | 253 | the environment or configuration is invalid (no region, no credentials, bad profile) |
//! | 254 | the service answered with an error |
//! | 255 | anything else (connection failures, unparsable responses) |

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use stratus::Error;

/// A failed command.
#[derive(Debug)]
pub enum CliError {
    /// The command line could not be understood; the message says why.
    Usage(String),
    /// The SDK failed while calling `operation` (its model name, when known).
    Sdk { operation: Option<String>, error: Error },
    /// A local failure (file I/O) in a high-level command.
    Local(String),
}

impl CliError {
    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    /// A local (file) error.
    pub fn local(message: impl Into<String>) -> Self {
        Self::Local(message.into())
    }

    /// An SDK error raised while calling `operation`.
    pub fn sdk(operation: &str, error: Error) -> Self {
        Self::Sdk { operation: Some(operation.to_owned()), error }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            Self::Local(_) => 1,
            Self::Sdk { error, .. } => sdk_exit_code(error),
        }
    }

    /// The text printed on stderr (without a trailing newline).
    pub fn message(&self) -> String {
        match self {
            Self::Usage(message) => format!("{message}\n\nSee `stratus help` for usage."),
            Self::Local(message) => message.clone(),
            Self::Sdk { operation, error } => sdk_message(operation.as_deref(), error),
        }
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        Self::Sdk { operation: None, error }
    }
}

/// The exit code of an SDK error.
fn sdk_exit_code(error: &Error) -> u8 {
    match error {
        Error::Service(_) => 254,
        Error::Validation(_) => 252,
        Error::UnknownOperation { .. } => 2,
        Error::NoRegion | Error::NoCredentials(_) | Error::Config(_) => 253,
        _ => 255,
    }
}

/// aws-cli's wording for the errors users meet most, with the advice to fix them.
fn sdk_message(operation: Option<&str>, error: &Error) -> String {
    match error {
        Error::Service(e) => {
            let op = operation.unwrap_or("unknown");
            let message = if e.message.is_empty() { "Unknown" } else { e.message.as_str() };
            let mut text = format!("An error occurred ({}) when calling the {op} operation: {message}", e.code);
            let _ = write!(text, "\n(HTTP status {}", e.status);
            if let Some(id) = &e.request_id {
                let _ = write!(text, ", request id {id}");
            }
            text.push(')');
            text
        }
        Error::Validation(e) => e.to_string(),
        Error::NoRegion => "You must specify a region. You can also configure your region with --region, \
             the AWS_REGION environment variable, or `region = ...` in your profile in ~/.aws/config."
            .to_owned(),
        Error::NoCredentials(why) => format!(
            "Unable to locate credentials ({why}). You can configure credentials with the \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, \
             ~/.aws/credentials, or --profile."
        ),
        Error::Transport(why) => match operation {
            Some(op) => format!("Could not complete the {op} operation: {why}"),
            None => format!("Could not connect: {why}"),
        },
        other => other.to_string(),
    }
}

/// Prints `error` on stderr and returns its exit code.
pub fn report(error: &CliError) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", error.message());
    ExitCode::from(error.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use stratus::ServiceError;

    #[test]
    fn service_errors_use_the_aws_cli_wording() {
        let error = Error::Service(ServiceError {
            code: "NoSuchBucket".into(),
            message: "The specified bucket does not exist".into(),
            status: 404,
            request_id: Some("R1".into()),
            ..Default::default()
        });
        let cli = CliError::sdk("GetBucketCors", error);
        assert_eq!(cli.exit_code(), 254);
        assert_eq!(
            cli.message(),
            "An error occurred (NoSuchBucket) when calling the GetBucketCors operation: \
             The specified bucket does not exist\n(HTTP status 404, request id R1)"
        );
    }

    #[test]
    fn exit_codes_follow_aws_cli() {
        assert_eq!(CliError::from(Error::NoRegion).exit_code(), 253);
        assert_eq!(CliError::usage("x").exit_code(), 2);
        assert_eq!(CliError::from(Error::Transport("refused".into())).exit_code(), 255);
        let validation = Error::Validation(stratus_core::error::ParamValidationError { problems: vec!["p".into()] });
        assert_eq!(CliError::from(validation).exit_code(), 252);
    }
}
