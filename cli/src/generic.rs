//! The model-driven command: `stratus <service> <operation> [--<member> value ...]` for
//! every service compiled in. The operation's input shape drives argument parsing and
//! help; the call goes through the blocking client; paginated operations are fetched to
//! the end unless `--no-paginate`.

use serde_json::Value;
use stratus::CallOptions;
use stratus_core::model::{embedded, ServiceModel};

use crate::context::Context;
use crate::errors::CliError;
use crate::output::{write_stdout, Printer};
use crate::params::{self, OperationInfo, ParsedArgs};
use crate::{help, names, paginate};

/// aws-cli names that differ from the botocore service name.
const SERVICE_ALIASES: &[(&str, &str)] = &[("s3api", "s3")];

/// The botocore name of a service as typed (`s3api` is `s3`).
pub fn service_name(given: &str) -> &str {
    SERVICE_ALIASES.iter().find(|(alias, _)| *alias == given).map_or(given, |(_, name)| name)
}

/// The model of `service`, or a usage error naming the unknown service.
pub fn load_model(service: &str) -> Result<ServiceModel, CliError> {
    let data = embedded(service).ok_or_else(|| {
        CliError::usage(format!("Unknown service '{service}'. `stratus help` lists the services in this build."))
    })?;
    ServiceModel::from_json(data.service).map_err(|e| CliError::from(stratus::Error::Model(e.0)))
}

/// Runs `stratus <service> <words...>`.
pub fn run(ctx: &Context, printer: &Printer, service: &str, words: &[String]) -> Result<(), CliError> {
    let service = service_name(service);
    let model = load_model(service)?;
    let Some(op_word) = words.first() else {
        write_stdout(&help::service(service, &model));
        return Ok(());
    };
    if matches!(op_word.as_str(), "help" | "--help" | "-h") {
        write_stdout(&help::service(service, &model));
        return Ok(());
    }
    let op_name = names::find(op_word, model.operations.keys().map(String::as_str)).ok_or_else(|| {
        CliError::usage(format!("Unknown operation '{op_word}' for {service}. `stratus {service} help` lists them."))
    })?;
    let operation = &model.operations[op_name];
    let paginators = paginate::paginators(service, &model)?;
    let paginator = paginators.as_ref().and_then(|p| p.paginator(op_name));
    let info = OperationInfo {
        model: &model,
        operation,
        streaming_input: model.streaming_payload(operation.input.as_ref()),
        streaming_output: model.streaming_payload(operation.output.as_ref()),
        paginated: paginator.is_some(),
    };
    let parsed = params::parse(&info, &words[1..])?;
    if parsed.help {
        write_stdout(&help::operation(service, &info));
        return Ok(());
    }
    tracing::debug!(service, operation = op_name, region = ?ctx.region(), "calling");
    let client = ctx.client(service)?;
    let document = if info.streaming_input.is_some() || info.streaming_output.is_some() {
        call_streaming(&client, &info, &parsed)?
    } else {
        call(&client, ctx, op_name, paginator, parsed)?
    };
    printer.print(document)
}

/// A plain call, or every page of a paginated operation.
fn call(
    client: &stratus::blocking::Client,
    ctx: &Context,
    operation: &str,
    paginator: Option<&stratus_core::paginate::PaginatorConfig>,
    parsed: ParsedArgs,
) -> Result<Value, CliError> {
    let auto = paginator.filter(|config| !ctx.globals.no_paginate && paginate::should_paginate(config, &parsed.input));
    match auto {
        Some(_) => client
            .paginate_all(operation, Value::Object(parsed.input), parsed.pagination)
            .map_err(|e| CliError::sdk(operation, e)),
        None if parsed.pagination_given => Err(CliError::usage(
            "--starting-token, --page-size and --max-items need auto-pagination: drop --no-paginate \
             and the operation's own token and page-size options",
        )),
        None => client.call(operation, Value::Object(parsed.input)).map_err(|e| CliError::sdk(operation, e)),
    }
}

/// A call with a raw body in (a file's bytes) or out (written to the outfile).
fn call_streaming(
    client: &stratus::blocking::Client,
    info: &OperationInfo<'_>,
    parsed: &ParsedArgs,
) -> Result<Value, CliError> {
    let operation = info.operation.name.as_str();
    if info.streaming_output.is_some() && parsed.outfile.is_none() {
        return Err(CliError::usage(format!(
            "{operation} writes its body to a file: add the file name after the options"
        )));
    }
    let payload = match &parsed.payload_file {
        Some(path) => Some(std::fs::read(path).map_err(|e| CliError::local(format!("cannot read {path}: {e}")))?),
        None => None,
    };
    let options = CallOptions {
        payload: payload.as_deref().map(stratus::Payload::Borrowed),
        raw_output: info.streaming_output.is_some(),
    };
    let output = client
        .call_with(operation, Value::Object(parsed.input.clone()), options)
        .map_err(|e| CliError::sdk(operation, e))?;
    if let (Some(path), Some(body)) = (&parsed.outfile, &output.payload) {
        std::fs::write(path, body).map_err(|e| CliError::local(format!("cannot write {path}: {e}")))?;
    }
    Ok(output.document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_members_come_from_the_model() -> Result<(), CliError> {
        let model = load_model("s3")?;
        let op = |name: &str| model.operation(name).ok_or_else(|| CliError::local(name.to_owned()));
        assert_eq!(model.streaming_payload(op("PutObject")?.input.as_ref()), Some("Body"));
        assert_eq!(model.streaming_payload(op("GetObject")?.output.as_ref()), Some("Body"));
        assert_eq!(model.streaming_payload(op("PutBucketCors")?.input.as_ref()), None);
        Ok(())
    }

    #[test]
    fn unknown_services_are_usage_errors() {
        assert!(matches!(load_model("nope"), Err(CliError::Usage(m)) if m.contains("Unknown service 'nope'")));
        assert_eq!(service_name("s3api"), "s3");
    }
}
