use serde_json::json;

use super::*;
use crate::checksum::{ChecksumAlgorithm, RequestChecksumCalculation};
use crate::transfer::{AbortOutcome, ObjectRef, TransferConfig, TransferError, UploadPlanner, UploadRequest};

fn config(threshold: u64, part: u64) -> TransferConfig {
    TransferConfig { multipart_threshold: threshold, multipart_chunksize: part, ..Default::default() }
}

fn planner(size: Option<u64>, extra: &Document, config: &TransferConfig) -> UploadPlanner {
    let request = UploadRequest {
        object: ObjectRef::new("b", "k"),
        size,
        extra_args: extra,
        config,
        checksum_calculation: RequestChecksumCalculation::WhenSupported,
    };
    UploadPlanner::new(request).expect("a value")
}

/// Answers `CreateMultipartUpload` with upload id `U` and every other call with `{}`.
fn calls(c: &OpCall) -> Result<Document, Error> {
    Ok(if c.operation == "CreateMultipartUpload" { json!({"UploadId": "U"}) } else { json!({"Done": c.operation}) })
}

fn etag(job: &PartJob) -> PartOutcome {
    let checksum = Some(format!("c{}", job.number));
    PartOutcome::Done { output: json!({"ETag": format!("\"e{}\"", job.number)}), bytes: job.len, checksum }
}

#[test]
fn below_threshold_is_one_put_object_with_crc32() {
    let cfg = config(8 * MIB, 8 * MIB);
    let mut plan = planner(Some(8 * MIB - 1), &json!({"ContentType": "text/plain"}), &cfg);
    assert!(plan.is_single());
    let Step::Part(job) = plan.poll() else { panic!("expected the PutObject") };
    assert_eq!((job.operation, job.offset, job.len), ("PutObject", 0, 8 * MIB - 1));
    assert_eq!(job.checksum, Some(ChecksumAlgorithm::Crc32));
    assert_eq!(
        job.input,
        json!({"Bucket": "b", "Key": "k", "ContentType": "text/plain", "ChecksumAlgorithm": "CRC32"})
    );
    assert_eq!(plan.poll(), Step::Wait);
    assert_eq!(plan.handle_part(1, part_ok(&job, json!({"ETag": "x"}))), PartDecision::Accepted);
    assert_eq!(plan.poll(), Step::Done);
    assert_eq!(plan.into_result().expect("a value")["ETag"], "x");
}

#[test]
fn empty_source_and_threshold_edges() {
    let cfg = config(8 * MIB, 8 * MIB);
    assert!(planner(Some(0), &Document::Null, &cfg).is_single());
    assert!(!planner(Some(8 * MIB), &Document::Null, &cfg).is_single(), "exactly the threshold is multipart");
    assert!(!planner(None, &Document::Null, &cfg).is_single(), "unknown length is multipart");
    let zero_threshold = config(0, 8 * MIB);
    assert!(planner(Some(0), &Document::Null, &zero_threshold).is_single(), "0 bytes is always one PutObject");
}

#[test]
fn multipart_upload_sends_ranges_and_completes_in_order() {
    let cfg = config(5 * MIB, 5 * MIB);
    let mut plan = planner(Some(20 * MIB + 1), &json!({"ContentType": "a/b", "Metadata": {"m": "1"}}), &cfg);
    let mut ranges = Vec::new();
    let mut complete = Document::Null;
    let log = drive(
        &mut plan,
        |c| {
            if c.operation == "CreateMultipartUpload" {
                let expected = json!({"Bucket": "b", "Key": "k", "ContentType": "a/b", "Metadata": {"m": "1"}, "ChecksumAlgorithm": "CRC32"});
                assert_eq!(c.input, expected);
            }
            if c.operation == "CompleteMultipartUpload" {
                complete = c.input.clone();
            }
            calls(c)
        },
        |job| {
            assert_eq!(job.input["UploadId"], "U");
            assert_eq!(job.input["ChecksumAlgorithm"], "CRC32");
            assert!(job.input.get("ContentType").is_none(), "UploadPart takes no ContentType");
            ranges.push((job.offset, job.len));
            etag(job)
        },
        |_| {},
    );
    assert_eq!(log.first().map(String::as_str), Some("CreateMultipartUpload"));
    assert_eq!(log.last().map(String::as_str), Some("CompleteMultipartUpload"));
    assert_eq!(ranges, [(0, 5 * MIB), (5 * MIB, 5 * MIB), (10 * MIB, 5 * MIB), (15 * MIB, 5 * MIB), (20 * MIB, 1)]);
    let parts = complete["MultipartUpload"]["Parts"].as_array().expect("a value");
    assert_eq!(parts.len(), 5);
    assert_eq!(parts[0], json!({"ETag": "\"e1\"", "PartNumber": 1, "ChecksumCRC32": "c1"}));
    assert_eq!(plan.into_result().expect("a value")["Done"], "CompleteMultipartUpload");
}

#[test]
fn concurrency_is_bounded_and_out_of_order_parts_complete_sorted() {
    let cfg = TransferConfig { max_concurrency: 2, ..config(5 * MIB, 5 * MIB) };
    let mut plan = planner(Some(15 * MIB), &Document::Null, &cfg);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(json!({"UploadId": "U"})));
    let (Step::Part(p1), Step::Part(p2)) = (plan.poll(), plan.poll()) else { panic!() };
    assert_eq!(plan.poll(), Step::Wait, "two parts in flight at most");
    assert_eq!(plan.handle_part(2, etag(&p2)), PartDecision::Accepted);
    let Step::Part(p3) = plan.poll() else { panic!() };
    assert_eq!(plan.handle_part(3, etag(&p3)), PartDecision::Accepted);
    assert_eq!(plan.poll(), Step::Wait, "part 1 is still out");
    assert_eq!(plan.handle_part(1, etag(&p1)), PartDecision::Accepted);
    let Step::Call(complete) = plan.poll() else { panic!() };
    let numbers: Vec<_> = complete.input["MultipartUpload"]["Parts"]
        .as_array()
        .expect("a value")
        .iter()
        .map(|p| p["PartNumber"].clone())
        .collect();
    assert_eq!(numbers, [json!(1), json!(2), json!(3)]);
}

#[test]
fn failed_part_aborts_after_parts_in_flight_return() {
    let cfg = TransferConfig { max_concurrency: 2, ..config(5 * MIB, 5 * MIB) };
    let mut plan = planner(Some(15 * MIB), &json!({"RequestPayer": "requester"}), &cfg);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(json!({"UploadId": "U"})));
    let (Step::Part(_), Step::Part(p2)) = (plan.poll(), plan.poll()) else { panic!() };
    assert_eq!(plan.handle_part(1, PartOutcome::Failed(service_error("AccessDenied", 403))), PartDecision::Stop);
    assert_eq!(plan.poll(), Step::Wait, "abort waits for part 2");
    assert_eq!(plan.handle_part(2, etag(&p2)), PartDecision::Accepted);
    let Step::Call(abort) = plan.poll() else { panic!() };
    assert_eq!(abort.operation, "AbortMultipartUpload");
    assert_eq!(abort.input, json!({"Bucket": "b", "Key": "k", "RequestPayer": "requester", "UploadId": "U"}));
    plan.handle_call(Ok(json!({})));
    assert_eq!(plan.poll(), Step::Done);
    let error = plan.into_result().expect_err("an error");
    assert!(matches!(&error, TransferError::UploadFailed { operation: "UploadPart", .. }), "{error:?}");
    assert_eq!(error.abort_outcome(), Some(&AbortOutcome::Aborted { upload_id: "U".into() }));
    assert_eq!(
        error.to_string(),
        "upload to s3://b/k failed: UploadPart: AccessDenied (HTTP 403); multipart upload U was aborted"
    );
}

#[test]
fn transport_errors_are_retried_then_exceed() {
    let cfg = TransferConfig { num_download_attempts: 3, ..config(5 * MIB, 5 * MIB) };
    let mut plan = planner(Some(10 * MIB), &Document::Null, &cfg);
    let mut failures = 0;
    let log = drive(
        &mut plan,
        calls,
        |job| {
            if job.number == 2 {
                failures += 1;
                return PartOutcome::Failed(Error::Transport("reset".into()));
            }
            etag(job)
        },
        |_| {},
    );
    assert_eq!(failures, 3);
    assert_eq!(log.last().map(String::as_str), Some("AbortMultipartUpload"));
    let error = plan.into_result().expect_err("an error");
    assert!(matches!(error, TransferError::RetriesExceeded { part: 2, attempts: 3, .. }), "{error:?}");
}

#[test]
fn a_transient_failure_is_retried_transparently() {
    let cfg = config(5 * MIB, 5 * MIB);
    let mut plan = planner(Some(10 * MIB), &Document::Null, &cfg);
    let mut failed = false;
    let log = drive(
        &mut plan,
        calls,
        |job| {
            if job.number == 1 && !failed {
                failed = true;
                return PartOutcome::Failed(Error::Transport("reset".into()));
            }
            etag(job)
        },
        |_| {},
    );
    assert_eq!(
        log,
        ["CreateMultipartUpload", "UploadPart 1", "UploadPart 1", "UploadPart 2", "CompleteMultipartUpload"]
    );
    assert!(plan.into_result().is_ok());
}

#[test]
fn create_failure_needs_no_abort_and_complete_failure_aborts() {
    let cfg = config(5 * MIB, 5 * MIB);
    let mut plan = planner(Some(10 * MIB), &Document::Null, &cfg);
    let log = drive(&mut plan, |_| Err(service_error("NoSuchBucket", 404)), etag, |_| {});
    assert_eq!(log, ["CreateMultipartUpload"]);
    let error = plan.into_result().expect_err("an error");
    assert_eq!(error.abort_outcome(), Some(&AbortOutcome::NotNeeded));

    let mut plan = planner(Some(10 * MIB), &Document::Null, &cfg);
    let complete_fails = |c: &OpCall| match c.operation {
        "CompleteMultipartUpload" => Err(service_error("InvalidPart", 400)),
        "AbortMultipartUpload" => Err(service_error("InternalError", 500)),
        _ => calls(c),
    };
    let log = drive(&mut plan, complete_fails, etag, |_| {});
    assert_eq!(log.last().map(String::as_str), Some("AbortMultipartUpload"));
    let error = plan.into_result().expect_err("an error");
    assert!(matches!(error.abort_outcome(), Some(AbortOutcome::Failed { upload_id, .. }) if upload_id == "U"));
    assert!(error.to_string().contains("CompleteMultipartUpload: InvalidPart"), "{error}");
    assert!(error.to_string().contains("it may remain"), "{error}");
}

#[test]
fn unknown_length_stream_ends_at_a_short_part() {
    let cfg = TransferConfig { max_concurrency: 1, ..config(5 * MIB, 5 * MIB) };
    let mut plan = planner(None, &Document::Null, &cfg);
    let total = 12 * MIB;
    let mut complete = Document::Null;
    let log = drive(
        &mut plan,
        |c| {
            complete = c.input.clone();
            calls(c)
        },
        |job| {
            assert_eq!(job.len, 5 * MIB, "a stream part asks for a whole part");
            let bytes = total.saturating_sub(job.offset).min(job.len);
            PartOutcome::Done { output: json!({"ETag": "e"}), bytes, checksum: Some("c".into()) }
        },
        |_| {},
    );
    assert_eq!(
        log,
        ["CreateMultipartUpload", "UploadPart 1", "UploadPart 2", "UploadPart 3", "CompleteMultipartUpload"]
    );
    assert_eq!(complete["MultipartUpload"]["Parts"].as_array().map(Vec::len), Some(3));
}

#[test]
fn stream_ending_on_a_part_boundary_and_read_errors() {
    let cfg = TransferConfig { max_concurrency: 1, ..config(5 * MIB, 5 * MIB) };
    let mut plan = planner(None, &Document::Null, &cfg);
    let log = drive(&mut plan, calls, |job| if job.number <= 2 { etag(job) } else { PartOutcome::NoData }, |_| {});
    assert_eq!(log.last().map(String::as_str), Some("CompleteMultipartUpload"));
    assert!(plan.into_result().is_ok());

    let mut plan = planner(None, &Document::Null, &cfg);
    let read_error = |job: &PartJob| {
        if job.number == 2 {
            PartOutcome::Io { source: std::io::Error::other("disk on fire"), path: Some("/src".into()) }
        } else {
            etag(job)
        }
    };
    let log = drive(&mut plan, calls, read_error, |_| {});
    assert_eq!(log.last().map(String::as_str), Some("AbortMultipartUpload"));
    let error = plan.into_result().expect_err("an error");
    assert_eq!(error.to_string(), "transfer of s3://b/k failed: /src: disk on fire; multipart upload U was aborted");
}

#[test]
fn checksum_policy_and_full_object_checksums() {
    let cfg = config(5 * MIB, 5 * MIB);
    let request = UploadRequest {
        object: ObjectRef::new("b", "k"),
        size: Some(1),
        extra_args: &Document::Null,
        config: &cfg,
        checksum_calculation: RequestChecksumCalculation::WhenRequired,
    };
    let mut plan = UploadPlanner::new(request).expect("a value");
    let Step::Part(job) = plan.poll() else { panic!() };
    assert_eq!((job.checksum, job.input.get("ChecksumAlgorithm")), (None, None));

    let mut plan = planner(Some(10 * MIB), &json!({"ChecksumCRC32": "AAAAAA=="}), &cfg);
    let mut inputs = Vec::new();
    drive(
        &mut plan,
        |c| {
            inputs.push(c.input.clone());
            calls(c)
        },
        etag,
        |_| {},
    );
    assert_eq!(
        inputs[0],
        json!({"Bucket": "b", "Key": "k", "ChecksumType": "FULL_OBJECT", "ChecksumAlgorithm": "CRC32"})
    );
    assert_eq!(inputs[1]["ChecksumCRC32"], "AAAAAA==");
    assert_eq!(inputs[1]["ChecksumType"], "FULL_OBJECT");
}

#[test]
fn invalid_config_and_args_fail_before_any_call() {
    let bad = config(5 * MIB, MIB);
    let request = UploadRequest {
        object: ObjectRef::new("b", "k"),
        size: Some(1),
        extra_args: &Document::Null,
        config: &bad,
        checksum_calculation: RequestChecksumCalculation::WhenSupported,
    };
    assert!(matches!(UploadPlanner::new(request), Err(TransferError::Config(_))));
    let cfg = TransferConfig::default();
    let request = UploadRequest {
        object: ObjectRef::new("b", "k"),
        size: Some(1),
        extra_args: &json!({"Range": "bytes=0-1"}),
        config: &cfg,
        checksum_calculation: RequestChecksumCalculation::WhenSupported,
    };
    let e = UploadPlanner::new(request).expect_err("an error");
    assert!(e.to_string().starts_with("invalid ExtraArgs key 'Range': must be one of:"), "{e}");
}

#[test]
fn part_size_grows_for_huge_files() {
    let cfg = config(8 * MIB, 8 * MIB);
    let size = 100_000 * MIB;
    let mut plan = planner(Some(size), &Document::Null, &cfg);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(json!({"UploadId": "U"})));
    let Step::Part(job) = plan.poll() else { panic!() };
    assert_eq!(job.len, 16 * MIB);
}
