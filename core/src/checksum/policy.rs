//! When checksums are computed and validated: the single policy point for
//! `request_checksum_calculation` and `response_checksum_validation` (boto3's names), so
//! S3-compatible servers that reject the newer checksum headers work with `WhenRequired`.

use crate::http::{Body, HttpRequest, HttpResponse};
use crate::model::{Operation, ServiceModel};
use crate::{Document, Error};

use super::algorithm::{content_md5, ChecksumAlgorithm};

/// `request_checksum_calculation`: compute a request checksum for every operation that
/// supports one (the default), or only where the operation requires one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestChecksumCalculation {
    #[default]
    WhenSupported,
    WhenRequired,
}

/// `response_checksum_validation`: validate response checksums whenever the operation
/// supports it (the default), or only when the caller asked (e.g. `ChecksumMode=ENABLED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseChecksumValidation {
    #[default]
    WhenSupported,
    WhenRequired,
}

/// The algorithm named by the operation's `requestAlgorithmMember` in `input`, if set.
fn requested_algorithm(op: &Operation, input: &Document) -> Result<Option<ChecksumAlgorithm>, Error> {
    let Some(member) = op.http_checksum.as_ref().and_then(|c| c.request_algorithm_member.as_deref()) else {
        return Ok(None);
    };
    match input.get(member).and_then(|v| v.as_str()) {
        None => Ok(None),
        Some(name) => ChecksumAlgorithm::from_name(name).map(Some).ok_or_else(|| {
            Error::Validation(crate::ParamValidationError {
                problems: vec![format!("Unsupported checksum algorithm in {member}: \"{name}\"")],
            })
        }),
    }
}

fn header_of_member(model: &ServiceModel, op: &Operation, member: &str) -> Option<String> {
    let input = model.shape(&op.input.as_ref()?.shape)?;
    input.members.get(member)?.location_name.clone()
}

/// Adds the request checksum the operation and policy call for, unless the caller already
/// supplied one:
/// - an algorithm chosen in the input, or CRC32 when the operation requires a checksum (or
///   supports one and the policy is `WhenSupported`): `x-amz-checksum-<alg>` plus the
///   algorithm member's header (`x-amz-sdk-checksum-algorithm`);
/// - legacy `httpChecksumRequired` operations without flexible checksums: `Content-MD5`.
///
/// Streaming bodies (`Body::External`) are left to the transfer layer, which sends the
/// checksum as a trailer.
pub fn apply_request_checksum(
    model: &ServiceModel,
    op: &Operation,
    input: &Document,
    request: &mut HttpRequest,
    policy: RequestChecksumCalculation,
) -> Result<(), Error> {
    let already = request.headers.iter().any(|(k, _)| {
        let k = k.to_ascii_lowercase();
        k.starts_with("x-amz-checksum-") && k != "x-amz-checksum-type" || k == "content-md5"
    });
    if already || matches!(request.body, Body::External { .. }) {
        return Ok(());
    }
    let flexible = op.http_checksum.as_ref();
    let required = op.http_checksum_required || flexible.is_some_and(|c| c.request_checksum_required);
    let algorithm = match requested_algorithm(op, input)? {
        Some(alg) => Some(alg),
        None if flexible.is_some_and(|c| c.request_algorithm_member.is_some())
            && (required || policy == RequestChecksumCalculation::WhenSupported) =>
        {
            Some(ChecksumAlgorithm::Crc32)
        }
        None if flexible.is_some() && required => Some(ChecksumAlgorithm::Crc32),
        None => None,
    };
    let body = request.body.bytes().to_vec();
    match algorithm {
        Some(alg) => {
            request.headers.insert(alg.header_name(), alg.checksum(&body));
            let member = flexible.and_then(|c| c.request_algorithm_member.as_deref());
            if let Some(header) = member.and_then(|m| header_of_member(model, op, m)) {
                request.headers.insert(header, alg.name());
            }
        }
        None if required => request.headers.insert("Content-MD5", content_md5(&body)),
        None => {}
    }
    Ok(())
}

/// Returns `input` with the operation's `requestValidationModeMember` set to `ENABLED`
/// when the policy is `WhenSupported` and the caller left it unset (as botocore does), so
/// the service returns checksums to validate.
pub fn response_checksum_to_validate(op: &Operation, input: &Document, policy: ResponseChecksumValidation) -> Document {
    let mut input = input.clone();
    let member = op.http_checksum.as_ref().and_then(|c| c.request_validation_mode_member.as_deref());
    if let (Some(member), Some(map)) = (member, input.as_object_mut()) {
        if policy == ResponseChecksumValidation::WhenSupported && !map.contains_key(member) {
            map.insert(member.to_owned(), Document::String("ENABLED".to_owned()));
        }
    }
    input
}

/// Validates a response body against the first checksum header the operation's
/// `responseAlgorithms` name (in botocore's preference order). Composite checksums of
/// multipart objects (`...-N`) cannot be checked against the whole body and are skipped.
/// Returns the algorithm validated, if any.
pub fn validate_response_checksum(op: &Operation, response: &HttpResponse) -> Result<Option<ChecksumAlgorithm>, Error> {
    let Some(trait_) = op.http_checksum.as_ref() else { return Ok(None) };
    for alg in ChecksumAlgorithm::ALL {
        if !trait_.response_algorithms.iter().any(|a| a.eq_ignore_ascii_case(alg.name())) {
            continue;
        }
        let Some(expected) = response.headers.get(alg.header_name()) else { continue };
        if expected.contains('-') {
            return Ok(None);
        }
        let actual = alg.checksum(&response.body);
        if actual != expected {
            return Err(Error::Parse(format!(
                "{} checksum mismatch: expected {expected}, calculated {actual}",
                alg.name()
            )));
        }
        return Ok(Some(alg));
    }
    Ok(None)
}
