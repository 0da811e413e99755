//! botocore's `ProcessProvider`: the profile's `credential_process` is run by the caller
//! (native callers only) and its standard output parsed:
//! `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.

use serde_json::Value;

use super::flow::{unexpected, Input, Need, Progress};
use super::parse::json_credentials;
use super::step::{ProcessOutput, ProcessRequest};
use super::Credentials;
use crate::Error;

/// The provider's name.
pub(crate) const PROVIDER: &str = "custom-process";

fn retrieval_error(message: impl std::fmt::Display) -> Error {
    Error::NoCredentials(format!("Error when retrieving credentials from {PROVIDER}: {message}"))
}

/// Splits a command line like a POSIX shell (`shlex.split`): blanks separate words, single
/// quotes keep text literally, double quotes allow `\"`, `\\`, `\$` and `` \` `` escapes, and
/// a backslash outside quotes escapes the next character.
pub(crate) fn shell_split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("no closing quotation".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => w.push(c),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err("no closing quotation".into()),
                        },
                        Some(c) => w.push(c),
                        None => return Err("no closing quotation".into()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(c) => word.get_or_insert_with(String::new).push(c),
                None => return Err("no escaped character".into()),
            },
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// Parses what the process printed.
pub(crate) fn parse_output(output: &ProcessOutput) -> Result<Credentials, Error> {
    if output.status != Some(0) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let status = output.status.map_or_else(|| "no exit code".to_owned(), |s| format!("exit code {s}"));
        return Err(retrieval_error(format!("{status}: {}", stderr.trim())));
    }
    let doc: Value =
        serde_json::from_slice(&output.stdout).map_err(|e| retrieval_error(format!("output is not JSON: {e}")))?;
    match doc.get("Version") {
        Some(v) if v.as_i64() == Some(1) => {}
        other => {
            let shown = other.map_or_else(|| "<Version key not provided>".to_owned(), Value::to_string);
            return Err(retrieval_error(format!(
                "Unsupported version '{shown}' for credential process provider, supported versions: 1"
            )));
        }
    }
    json_credentials(&doc, "SessionToken", false, false, PROVIDER).map_err(retrieval_error)
}

/// Runs one `credential_process`.
#[derive(Debug)]
pub(crate) struct ProcessFlow {
    request: ProcessRequest,
    outcome: Option<Result<Credentials, Error>>,
    started: bool,
}

impl ProcessFlow {
    /// A flow for the profile's `credential_process` value.
    pub fn new(command_line: &str) -> Result<Self, Error> {
        let argv = shell_split(command_line)
            .map_err(|e| Error::Config(format!("invalid credential_process '{command_line}': {e}")))?;
        if argv.is_empty() {
            return Err(Error::Config("credential_process is empty".into()));
        }
        let request = ProcessRequest { command_line: command_line.to_owned(), argv };
        Ok(Self { request, outcome: None, started: false })
    }

    pub fn poll(&mut self) -> Progress {
        if let Some(outcome) = &self.outcome {
            return outcome.clone().into();
        }
        self.started = true;
        Progress::Need(Need::Process(self.request.clone()))
    }

    pub fn handle(&mut self, input: Input) {
        let outcome = match input {
            Input::Process(output) if self.started => parse_output(&output),
            other => Err(unexpected(&other)),
        };
        self.outcome = Some(outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_shlex() {
        let split = |s: &str| shell_split(s).expect("splits");
        assert_eq!(
            split("/bin/helper --profile 'my dev' \"a \\\"b\\\"\""),
            ["/bin/helper", "--profile", "my dev", "a \"b\""]
        );
        assert_eq!(split("a\\ b  c''"), ["a b", "c"]);
        assert_eq!(split("\"C:\\Program Files\\x.exe\" arg"), ["C:\\Program Files\\x.exe", "arg"]);
        assert!(shell_split("'open").is_err());
    }
}
