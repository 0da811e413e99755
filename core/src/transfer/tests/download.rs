use serde_json::json;

use super::*;
use crate::checksum::{ChecksumAlgorithm, ResponseChecksumValidation};
use crate::transfer::{DownloadPlanner, DownloadRequest, DownloadSummary, ObjectRef, TransferConfig, TransferError};

fn planner(extra: &Document, config: &TransferConfig, validation: ResponseChecksumValidation) -> DownloadPlanner {
    let request = DownloadRequest {
        object: ObjectRef::new("b", "k"),
        extra_args: extra,
        config,
        checksum_validation: validation,
        buffers_parts: true,
    };
    DownloadPlanner::new(request).expect("a value")
}

/// A planner for a target written in place (a file): no window, composites checked.
fn file_planner(config: &TransferConfig) -> DownloadPlanner {
    let request = DownloadRequest {
        object: ObjectRef::new("b", "k"),
        extra_args: &Document::Null,
        config,
        checksum_validation: ResponseChecksumValidation::WhenSupported,
        buffers_parts: false,
    };
    DownloadPlanner::new(request).expect("a plan")
}

fn config(threshold: u64, part: u64) -> TransferConfig {
    TransferConfig { multipart_threshold: threshold, multipart_chunksize: part, ..Default::default() }
}

fn head(size: u64) -> Document {
    json!({"ContentLength": size, "ETag": "\"tag\"", "ChecksumCRC32": "i9aeUg=="})
}

/// Drives a download sequentially, "writing" parts as they become writable.
fn run(
    plan: &mut DownloadPlanner,
    head_result: Result<Document, Error>,
    mut part: impl FnMut(&PartJob) -> PartOutcome,
) -> (Vec<String>, Vec<u32>) {
    let mut head_result = Some(head_result);
    let mut written = Vec::new();
    let log = drive(
        plan,
        |_| head_result.take().unwrap_or_else(|| Err(Error::Config("one head only".into()))),
        &mut part,
        |p| {
            while let Some(n) = p.take_writable() {
                written.push(n);
            }
        },
    );
    (log, written)
}

#[test]
fn small_object_is_one_get_with_if_match_and_a_verifier() {
    let cfg = config(8 * MIB, 8 * MIB);
    let mut plan = planner(&json!({"VersionId": "v1"}), &cfg, ResponseChecksumValidation::WhenSupported);
    let Step::Call(head_call) = plan.poll() else { panic!() };
    assert_eq!(head_call.input, json!({"Bucket": "b", "Key": "k", "VersionId": "v1", "ChecksumMode": "ENABLED"}));
    plan.handle_call(Ok(head(11)));
    assert_eq!(plan.size(), Some(11));
    let verifier = plan.verifier().expect("a full-object checksum to verify");
    let Step::Part(job) = plan.poll() else { panic!() };
    assert_eq!(job.input, json!({"Bucket": "b", "Key": "k", "VersionId": "v1", "IfMatch": "\"tag\""}));
    assert_eq!((job.offset, job.len), (0, 11));
    assert_eq!(plan.handle_part(1, part_ok(&job, json!({}))), PartDecision::Accepted);
    assert_eq!(plan.take_writable(), Some(1));
    assert_eq!(plan.take_writable(), None);
    assert_eq!(plan.poll(), Step::Done);
    let mut verifier = verifier;
    verifier.update(b"Hello world");
    assert_eq!(verifier.finish().expect("a value"), ChecksumAlgorithm::Crc32);
    let summary = plan.into_result().expect("a value");
    assert_eq!((summary.size, summary.etag.as_deref()), (11, Some("\"tag\"")));
}

#[test]
fn when_required_asks_for_no_checksum() {
    let cfg = config(8 * MIB, 8 * MIB);
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenRequired);
    let Step::Call(head_call) = plan.poll() else { panic!() };
    assert!(head_call.input.get("ChecksumMode").is_none());
    plan.handle_call(Ok(head(11)));
    assert!(plan.verifier().is_none());
}

/// A file target writes parts at their offsets as they arrive: no window, so a slow part
/// 1 does not stop parts 2..6; they are still handed out in order for the checksum.
#[test]
fn parts_written_in_place_have_no_window() {
    let cfg = TransferConfig { max_concurrency: 2, max_io_queue: 1, io_chunksize: 1, ..config(5 * MIB, 5 * MIB) };
    let mut plan = file_planner(&cfg);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(head(30 * MIB)));
    assert_eq!(plan.window(), u32::MAX);
    let Step::Part(slow) = plan.poll() else { panic!("part 1") };
    for number in 2..=6 {
        let Step::Part(job) = plan.poll() else { panic!("part {number} starts while part 1 is slow") };
        assert_eq!(plan.handle_part(number, part_ok(&job, json!({}))), PartDecision::Accepted);
        assert_eq!(plan.take_writable(), None, "nothing before part 1");
    }
    assert_eq!(plan.handle_part(1, part_ok(&slow, json!({}))), PartDecision::Accepted);
    assert_eq!(std::iter::from_fn(|| plan.take_writable()).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(plan.poll(), Step::Done);
}

#[test]
fn large_object_is_fetched_in_ranges_and_written_in_order() {
    let cfg = TransferConfig { max_concurrency: 3, max_io_queue: 1, io_chunksize: 1, ..config(5 * MIB, 5 * MIB) };
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(head(25 * MIB)));
    assert_eq!(plan.window(), 4);
    let jobs: Vec<PartJob> = (0..3)
        .map(|_| match plan.poll() {
            Step::Part(job) => job,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(plan.poll(), Step::Wait, "three requests in flight at most");
    assert_eq!(jobs[0].input["Range"], format!("bytes=0-{}", 5 * MIB - 1));
    assert_eq!(jobs[2].input["Range"], format!("bytes={}-{}", 10 * MIB, 15 * MIB - 1));
    assert_eq!(jobs[1].input["IfMatch"], "\"tag\"");
    // Parts 3 and 2 arrive first: nothing is writable until part 1 is there.
    assert_eq!(plan.handle_part(3, part_ok(&jobs[2], json!({}))), PartDecision::Accepted);
    assert_eq!(plan.handle_part(2, part_ok(&jobs[1], json!({}))), PartDecision::Accepted);
    assert_eq!(plan.take_writable(), None);
    let Step::Part(job4) = plan.poll() else { panic!("part 4 fits the window") };
    assert_eq!(plan.poll(), Step::Wait, "the window (4 parts) is full until part 1 is written");
    assert_eq!(plan.handle_part(1, part_ok(&jobs[0], json!({}))), PartDecision::Accepted);
    let order: Vec<u32> = std::iter::from_fn(|| plan.take_writable()).collect();
    assert_eq!(order, [1, 2, 3]);
    let Step::Part(job5) = plan.poll() else { panic!("the window moved on") };
    assert_eq!((job5.number, job5.len), (5, 5 * MIB));
    assert_eq!(plan.handle_part(4, part_ok(&job4, json!({}))), PartDecision::Accepted);
    assert_eq!(plan.handle_part(5, part_ok(&job5, json!({}))), PartDecision::Accepted);
    assert_eq!(std::iter::from_fn(|| plan.take_writable()).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(plan.poll(), Step::Done);
    // A multipart ETag with a composite checksum: nothing to verify.
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(json!({"ContentLength": 20 * MIB, "ETag": "\"x-4\"", "ChecksumCRC32": "AAAAAA=="})));
    assert!(plan.verifier().is_none());
}

#[test]
fn truncated_parts_are_retried_up_to_num_download_attempts() {
    let cfg = TransferConfig { num_download_attempts: 2, ..config(5 * MIB, 5 * MIB) };
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let mut short_once = true;
    let (log, written) = run(&mut plan, Ok(head(10 * MIB)), |job| {
        if job.number == 2 && std::mem::take(&mut short_once) {
            return PartOutcome::Done { output: json!({}), bytes: 7, checksum: None };
        }
        part_ok(job, json!({}))
    });
    assert_eq!(log, ["HeadObject", "GetObject 1", "GetObject 2", "GetObject 2"]);
    assert_eq!(written, [1, 2]);
    assert!(plan.into_result().is_ok());

    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let (_, written) = run(&mut plan, Ok(head(10 * MIB)), |job| {
        if job.number == 2 {
            return PartOutcome::Failed(Error::Transport("connection reset".into()));
        }
        part_ok(job, json!({}))
    });
    assert_eq!(written, [1]);
    let e = plan.into_result().expect_err("an error");
    assert!(matches!(e, TransferError::RetriesExceeded { part: 2, attempts: 2, .. }), "{e:?}");
    assert!(
        e.to_string().contains("GetObject of part 2 failed 2 times, last: transport error: connection reset"),
        "{e}"
    );
}

#[test]
fn a_changed_object_fails_without_retrying() {
    let cfg = config(5 * MIB, 5 * MIB);
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let (log, _) = run(&mut plan, Ok(head(10 * MIB)), |job| {
        if job.number == 2 {
            return PartOutcome::Failed(service_error("PreconditionFailed", 412));
        }
        part_ok(job, json!({}))
    });
    assert_eq!(log, ["HeadObject", "GetObject 1", "GetObject 2"]);
    let e = plan.into_result().expect_err("an error");
    assert!(matches!(e, TransferError::ObjectChanged { .. }), "{e:?}");
    assert!(e.to_string().contains("s3://b/k changed during the transfer"), "{e}");
}

#[test]
fn missing_object_fails_at_head() {
    let cfg = TransferConfig::default();
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let (log, written) = run(&mut plan, Err(service_error("404", 404)), |_| panic!("no GET"));
    assert_eq!((log.len(), written.len()), (1, 0));
    let e = plan.into_result().expect_err("an error");
    assert_eq!(e.to_string(), "download of s3://b/k failed: HeadObject: 404 (HTTP 404)");
}

#[test]
fn empty_object_is_one_get_without_range() {
    let cfg = config(0, 5 * MIB);
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let (log, written) = run(&mut plan, Ok(json!({"ContentLength": 0})), |job| {
        assert!(job.input.get("Range").is_none() && job.input.get("IfMatch").is_none());
        part_ok(job, json!({}))
    });
    assert_eq!((log.len(), written), (2, vec![1]));
    assert_eq!(plan.into_result().expect("a value").size, 0);
}

#[test]
fn a_write_failure_ends_the_download() {
    let cfg = config(5 * MIB, 5 * MIB);
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(head(10 * MIB)));
    let Step::Part(job) = plan.poll() else { panic!() };
    plan.handle_part(1, part_ok(&job, json!({})));
    plan.fail(TransferError::Io {
        object: ObjectRef::new("b", "k"),
        path: Some("/t".into()),
        source: std::io::Error::other("disk full"),
        abort: crate::transfer::AbortOutcome::NotNeeded,
    });
    assert_eq!(plan.take_writable(), None);
    assert_eq!(plan.poll(), Step::Done);
    assert!(plan.into_result().expect_err("an error").to_string().contains("/t: disk full"));
}

/// A download into a file of a composite-checksummed object: the plan learns the original
/// parts (`HeadObject` with `PartNumber`) and asks for their checksums; `sizes` are the
/// original part sizes, `corrupt` flips a byte of what was "written". Returns the log of
/// the plan's part-size calls and verify ranges, and the result.
fn composite_download(
    sizes: &[u64],
    corrupt: bool,
    ignores_part_number: bool,
) -> (Vec<String>, Result<DownloadSummary, TransferError>) {
    let data: Vec<u8> = (0..sizes.iter().sum::<u64>()).map(|i| (i * 7 % 251) as u8).collect();
    let mut offset = 0usize;
    let part_sums: Vec<String> = sizes
        .iter()
        .map(|&len| {
            offset += len as usize;
            ChecksumAlgorithm::Crc32.checksum(&data[offset - len as usize..offset])
        })
        .collect();
    let composite = crate::transfer::verify::combine_composite(ChecksumAlgorithm::Crc32, &part_sums).expect("base64");
    let mut written = data.clone();
    if corrupt {
        written[3] ^= 1;
    }
    let cfg = config(8 * MIB, 8 * MIB);
    let mut plan = file_planner(&cfg);
    let head =
        json!({"ContentLength": data.len(), "ETag": format!("\"e-{}\"", sizes.len()), "ChecksumCRC32": composite});
    let mut log = Vec::new();
    loop {
        match plan.poll() {
            Step::Call(call) if call.input.get("PartNumber").is_none() => plan.handle_call(Ok(head.clone())),
            Step::Call(call) => {
                let part = call.input["PartNumber"].as_u64().expect("a part number");
                log.push(format!("HeadObject part {part}"));
                let len = if ignores_part_number { data.len() as u64 } else { sizes[part as usize - 1] };
                plan.handle_call(Ok(json!({"ContentLength": len, "PartsCount": sizes.len()})));
            }
            Step::Part(job) => {
                let outcome = part_ok(&job, json!({}));
                assert_eq!(plan.handle_part(job.number, outcome), PartDecision::Accepted);
                while plan.take_writable().is_some() {}
            }
            Step::Verify(job) => {
                log.push(format!("Verify {:?}", job.ranges));
                let sums = job
                    .ranges
                    .iter()
                    .map(|&(o, l)| job.algorithm.checksum(&written[o as usize..(o + l) as usize]))
                    .collect();
                plan.handle_verify(Ok(sums));
            }
            Step::Wait => panic!("Wait with nothing outstanding: {log:?}"),
            Step::Done => return (log, plan.into_result()),
        }
    }
}

#[test]
fn composite_checksum_is_checked_over_equal_original_parts() {
    let (log, result) = composite_download(&[5, 5, 2], false, false);
    assert_eq!(log, ["HeadObject part 1", "Verify [(0, 5), (5, 5), (10, 2)]"]);
    assert_eq!(result.expect("verified").verified, Some(ChecksumAlgorithm::Crc32));
}

#[test]
fn unequal_original_parts_are_asked_one_by_one_before_failing() {
    let (log, result) = composite_download(&[5, 4, 3], false, false);
    assert_eq!(
        log,
        [
            "HeadObject part 1",
            "Verify [(0, 5), (5, 5), (10, 2)]",
            "HeadObject part 2",
            "HeadObject part 3",
            "Verify [(0, 5), (5, 4), (9, 3)]"
        ]
    );
    assert_eq!(result.expect("verified").verified, Some(ChecksumAlgorithm::Crc32));
}

#[test]
fn a_corrupt_byte_fails_the_composite_check() {
    let (log, result) = composite_download(&[5, 5, 2], true, false);
    assert_eq!(log.len(), 5, "equal parts, then every part's size, then the exact check: {log:?}");
    match result {
        Err(TransferError::ChecksumMismatch { algorithm: ChecksumAlgorithm::Crc32, expected, .. }) => {
            assert!(expected.ends_with("-3"), "{expected}")
        }
        other => panic!("expected a checksum mismatch, got {other:?}"),
    }
}

#[test]
fn a_server_ignoring_part_number_leaves_the_composite_unchecked() {
    let (log, result) = composite_download(&[5, 5, 2], false, true);
    assert_eq!(log, ["HeadObject part 1"]);
    assert_eq!(result.expect("downloaded").verified, None);
}

/// A single `GetObject` asks for the checksum of its bytes: a mismatch fetches it again, a
/// match is recorded as verified by the plan.
#[test]
fn a_single_get_is_checked_on_arrival() {
    let cfg = config(8 * MIB, 8 * MIB);
    let mut plan = planner(&Document::Null, &cfg, ResponseChecksumValidation::WhenSupported);
    let Step::Call(_) = plan.poll() else { panic!() };
    plan.handle_call(Ok(head(11)));
    let Step::Part(job) = plan.poll() else { panic!() };
    assert_eq!(job.checksum, Some(ChecksumAlgorithm::Crc32));
    let corrupt = PartOutcome::Done { output: json!({}), bytes: 11, checksum: Some("AAAAAA==".into()) };
    assert_eq!(plan.handle_part(1, corrupt), PartDecision::Retry, "a corrupt body is fetched again");
    let good = PartOutcome::Done { output: json!({}), bytes: 11, checksum: Some("i9aeUg==".into()) };
    assert_eq!(plan.handle_part(1, good), PartDecision::Accepted);
    assert_eq!(plan.take_writable(), Some(1));
    assert_eq!(plan.poll(), Step::Done);
    assert_eq!(plan.into_result().expect("downloaded").verified, Some(ChecksumAlgorithm::Crc32));
}
