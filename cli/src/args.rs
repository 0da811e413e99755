//! The global options (clap) and the split of the command line into those options and the
//! command's own words.
//!
//! As with aws-cli, global options may appear anywhere (`stratus --region x s3 ls` and
//! `stratus s3 ls --region x` are the same). The clap definition below is the one source of
//! truth: [`split`] asks it which `--names` are global and whether they take a value, moves
//! them out, and leaves the rest (`<service> <operation> --member value ...`) to the
//! model-driven parser.

use std::ffi::OsString;

use clap::{ArgAction, CommandFactory, Parser, ValueEnum};

use crate::errors::CliError;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Indented JSON (the default).
    #[default]
    Json,
    /// Tab-separated values, as aws-cli's `text` output.
    Text,
}

/// Options every command accepts.
#[derive(Debug, Clone, Default, Parser)]
#[command(
    name = "stratus",
    about = "Stratus: every AWS service from the command line, aws-cli style.",
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct GlobalArgs {
    /// Region to send requests to (overrides AWS_REGION and the profile's region).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Named profile from ~/.aws/config and ~/.aws/credentials.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,
    /// Send requests to this URL instead of AWS (MinIO, R2, LocalStack, moto);
    /// plain http:// is allowed here because it was asked for explicitly.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Refused: Stratus never turns off TLS certificate verification.
    #[arg(long)]
    pub no_verify_ssl: bool,
    /// Log each request, response status, retry and timing to stderr.
    #[arg(long)]
    pub debug: bool,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
    /// JMESPath expression applied to the result before printing.
    #[arg(long, value_name = "JMESPATH")]
    pub query: Option<String>,
    /// Make one call to a paginated operation instead of fetching every page.
    #[arg(long)]
    pub no_paginate: bool,
    /// Seconds to wait for data on a socket (0: no limit; default 60).
    #[arg(long, value_name = "SECONDS")]
    pub cli_read_timeout: Option<u64>,
    /// Seconds to wait for a connection (0: no limit; default 60).
    #[arg(long, value_name = "SECONDS")]
    pub cli_connect_timeout: Option<u64>,
    /// Print the version and exit.
    #[arg(long)]
    pub version: bool,
}

impl GlobalArgs {
    /// The output format (JSON unless asked otherwise).
    pub fn output_format(&self) -> OutputFormat {
        self.output.unwrap_or_default()
    }
}

/// A command line split into its global options and its command words.
#[derive(Debug, Clone, Default)]
pub struct Invocation {
    pub globals: GlobalArgs,
    /// Everything else, in order: `<service> <operation> --member value ...`.
    pub words: Vec<String>,
}

/// The long names of the global options, each with whether it takes a value.
fn global_names() -> Vec<(String, bool)> {
    GlobalArgs::command()
        .get_arguments()
        .filter_map(|arg| {
            let long = arg.get_long()?;
            let takes_value = !matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count);
            Some((long.to_owned(), takes_value))
        })
        .collect()
}

/// Converts the process arguments (without the program name) to UTF-8.
pub fn to_strings(args: impl IntoIterator<Item = OsString>) -> Result<Vec<String>, CliError> {
    args.into_iter()
        .map(|arg| arg.into_string().map_err(|bad| CliError::usage(format!("argument is not valid UTF-8: {bad:?}"))))
        .collect()
}

/// Moves the global options out of `args` and parses them with clap.
pub fn split(args: Vec<String>) -> Result<Invocation, CliError> {
    let names = global_names();
    let mut globals = vec!["stratus".to_owned()];
    let mut words = Vec::new();
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            words.push(arg);
            words.extend(iter.by_ref());
            break;
        }
        let Some(body) = arg.strip_prefix("--") else {
            words.push(arg);
            continue;
        };
        let (name, inline_value) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (body, None),
        };
        match names.iter().find(|(long, _)| long == name) {
            Some((_, true)) if inline_value.is_none() => {
                let value = iter.next().ok_or_else(|| CliError::usage(format!("--{name} expects a value")))?;
                globals.push(arg);
                globals.push(value);
            }
            Some(_) => globals.push(arg),
            None => words.push(arg),
        }
    }
    let globals = GlobalArgs::try_parse_from(globals).map_err(|e| CliError::usage(e.to_string().trim_end()))?;
    Ok(Invocation { globals, words })
}

/// The help text of the global options, rendered by clap.
pub fn globals_help() -> String {
    GlobalArgs::command().help_template("Global options (anywhere on the line):\n{options}").render_help().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn globals_are_found_anywhere() -> Result<(), CliError> {
        let inv = split(words(&["s3", "--region", "eu-west-1", "ls", "s3://b", "--debug", "--output=text"]))?;
        assert_eq!(inv.globals.region.as_deref(), Some("eu-west-1"));
        assert!(inv.globals.debug);
        assert_eq!(inv.globals.output_format(), OutputFormat::Text);
        assert_eq!(inv.words, words(&["s3", "ls", "s3://b"]));
        Ok(())
    }

    #[test]
    fn member_options_stay_in_the_words() -> Result<(), CliError> {
        let inv = split(words(&["ec2", "describe-addresses", "--filters", "Name=domain,Values=vpc"]))?;
        assert_eq!(inv.words.len(), 4);
        Ok(())
    }

    #[test]
    fn a_missing_value_is_a_usage_error() {
        let err = split(words(&["s3", "ls", "--region"])).err();
        assert!(matches!(err, Some(CliError::Usage(m)) if m.contains("--region")));
    }

    #[test]
    fn a_bad_output_format_is_a_usage_error() {
        assert!(matches!(split(words(&["--output", "yaml", "s3", "ls"])), Err(CliError::Usage(_))));
    }
}
