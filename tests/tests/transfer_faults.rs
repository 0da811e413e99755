//! Fault-injected transfers: moto behind a proxy that answers some requests with 500s,
//! drops connections before answering, cuts response bodies in half, corrupts them or
//! sends more than asked (`transfer_support::proxy`). Each transfer must either complete
//! with the right bytes or fail cleanly: no multipart upload left (checked on moto with `ListMultipartUploads`),
//! no partial or temporary file left. Also: an object overwritten during a download.
//! Run with `scripts/test` (it starts moto and exports `MOTO_URL`).

mod transfer_support;

use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::json;

use stratus::transfer::{AbortOutcome, TransferConfig, TransferError, TransferOptions};
use stratus_core::checksum::ChecksumAlgorithm;
use transfer_support::proxy::{Fault, FaultProxy, Request};
use transfer_support::*;

fn options(config: TransferConfig) -> TransferOptions<'static> {
    TransferOptions { config, ..Default::default() }
}

fn part(request: &Request) -> Option<u32> {
    request.query("partNumber").and_then(|n| n.parse().ok())
}

/// Which 5 MiB part a ranged GET asks for (1-based).
fn range_part(request: &Request) -> Option<u64> {
    let range = request.header("range")?.strip_prefix("bytes=")?;
    let first: u64 = range.split('-').next()?.parse().ok()?;
    Some(first / (5 * MIB) + 1)
}

fn requests_matching(proxy: &FaultProxy, needle: &str) -> usize {
    proxy.log().iter().filter(|(line, _)| line.contains(needle)).count()
}

#[test]
fn upload_survives_server_errors_and_dropped_connections() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "fault-up");
    // Part 2: dropped 4 times (more than the client's 3 attempts: the planner retries the
    // part); part 3: two 500s (the client's own retries absorb them).
    let proxy = FaultProxy::start(&moto_url(), |request, seen| match (request.method.as_str(), part(request)) {
        ("PUT", Some(2)) if seen < 4 => Fault::Reset,
        ("PUT", Some(3)) if seen < 2 => Fault::Status(500),
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let dir = TempDir::new("fault-up");
    let bytes = data(20 * MIB, 31);
    std::fs::write(dir.path().join("f"), &bytes).expect("write");
    s3.upload_file(dir.path().join("f"), &bucket, "k", &options(config(5 * MIB, 5 * MIB, true)))
        .expect("upload completes");
    assert_eq!(requests_matching(&proxy, "partNumber=2&"), 5, "part 2 sent 5 times: {:?}", proxy.log());
    assert_eq!(requests_matching(&proxy, "partNumber=3&"), 3, "part 3 sent 3 times");
    let mut writer = AppendOnly::default();
    moto.download_fileobj(&bucket, "k", &mut writer, &TransferOptions::default()).expect("download from moto");
    assert_eq!(sha256(&writer.bytes), sha256(&bytes));
    assert!(uploads_in_progress(&moto, &bucket).is_empty());
}

#[test]
fn upload_failing_for_good_is_aborted() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "fault-abort");
    let proxy = FaultProxy::start(&moto_url(), |request, _| match (request.method.as_str(), part(request)) {
        ("PUT", Some(2)) => Fault::Status(500),
        ("PUT", Some(3)) => Fault::Reset,
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let config = TransferConfig { num_download_attempts: 2, ..config(5 * MIB, 5 * MIB, true) };
    let error = s3.upload_fileobj(&data(20 * MIB, 1)[..], &bucket, "k", &options(config)).expect_err("fails");
    assert!(
        matches!(
            error,
            TransferError::UploadFailed { operation: "UploadPart", .. } | TransferError::RetriesExceeded { .. }
        ),
        "{error:?}"
    );
    assert!(matches!(error.abort_outcome(), Some(AbortOutcome::Aborted { .. })), "{error:?}");
    assert_eq!(requests_matching(&proxy, "DELETE "), 1, "one AbortMultipartUpload");
    assert!(uploads_in_progress(&moto, &bucket).is_empty(), "no multipart upload remains");
}

#[test]
fn download_retries_truncated_and_dropped_parts() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "fault-down");
    let bytes = data(20 * MIB + 9, 77);
    moto.upload_fileobj(&bytes[..], &bucket, "k", &TransferOptions::default()).expect("upload");
    let proxy = FaultProxy::start(&moto_url(), |request, seen| match (request.method.as_str(), range_part(request)) {
        ("GET", Some(2)) if seen < 4 => Fault::TruncateBody,
        ("GET", Some(3)) if seen < 1 => Fault::Reset,
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let dir = TempDir::new("fault-down");
    let target = dir.path().join("t");
    let tally = Tally::default();
    let progress = |n| tally.add(n);
    let options = TransferOptions { progress: Some(&progress), ..options(config(5 * MIB, 5 * MIB, true)) };
    s3.download_file(&bucket, "k", &target, &options).expect("download completes");
    assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes));
    assert_eq!(dir.files(), ["t"]);
    assert_eq!(tally.total(), bytes.len() as u64, "retried parts are not counted twice in the progress");
    let part2 = format!("bytes={}-", 5 * MIB);
    let part3 = format!("bytes={}-", 10 * MIB);
    assert_eq!(requests_matching(&proxy, &part2), 5, "part 2: 4 truncated, then whole: {:?}", proxy.log());
    assert_eq!(requests_matching(&proxy, &part3), 2, "part 3: dropped once");
}

#[test]
fn download_failing_for_good_leaves_no_file() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "fault-nofile");
    moto.upload_fileobj(&data(12 * MIB, 2)[..], &bucket, "k", &TransferOptions::default()).expect("upload");
    let proxy = FaultProxy::start(&moto_url(), |request, _| match (request.method.as_str(), range_part(request)) {
        ("GET", Some(2)) => Fault::Reset,
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let dir = TempDir::new("fault-nofile");
    let config = TransferConfig { num_download_attempts: 2, ..config(5 * MIB, 5 * MIB, true) };
    let error = s3.download_file(&bucket, "k", dir.path().join("t"), &options(config)).expect_err("fails");
    assert!(matches!(error, TransferError::RetriesExceeded { part: 2, attempts: 2, .. }), "{error:?}");
    assert!(dir.files().is_empty(), "no partial or temporary file: {:?}", dir.files());
}

#[test]
fn an_object_overwritten_during_a_download_is_detected() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "changed");
    s3.upload_fileobj(&data(15 * MIB, 1)[..], &bucket, "k", &TransferOptions::default()).expect("upload");
    let dir = TempDir::new("changed");
    let overwritten = AtomicBool::new(false);
    let writer = blocking_s3();
    let overwrite = |_| {
        if !overwritten.swap(true, Ordering::SeqCst) {
            let new = TransferOptions::default();
            writer.upload_fileobj(&b"a new version"[..], &bucket, "k", &new).expect("overwrite");
        }
    };
    let opts =
        TransferOptions { config: config(5 * MIB, 5 * MIB, false), progress: Some(&overwrite), ..Default::default() };
    let error = s3.download_file(&bucket, "k", dir.path().join("t"), &opts).expect_err("the ETag changed");
    assert!(matches!(error, TransferError::ObjectChanged { .. }), "{error:?}");
    assert!(error.to_string().contains("changed during the transfer"), "{error}");
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

/// An object written by one `PutObject` has a full-object CRC32: a ranged download reads
/// the parts back in order to check it, so a corrupted range (right length, wrong bytes)
/// fails the download and leaves nothing behind.
#[test]
fn a_corrupted_range_fails_the_whole_object_checksum() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "fault-corrupt");
    let bytes = data(12 * MIB + 5, 31);
    let single_put = options(config(64 * MIB, 8 * MIB, true));
    moto.upload_fileobj(&bytes[..], &bucket, "k", &single_put).expect("one PutObject");
    let ranged = options(config(5 * MIB, 5 * MIB, true));
    let dir = TempDir::new("fault-corrupt");
    let clean = moto.download_file(&bucket, "k", dir.path().join("clean"), &ranged).expect("download");
    assert_eq!(clean.verified_checksum, Some(ChecksumAlgorithm::Crc32), "verified across ranges");
    let proxy = FaultProxy::start(&moto_url(), |request, _| match (request.method.as_str(), range_part(request)) {
        ("GET", Some(2)) => Fault::CorruptBody,
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let error = s3.download_file(&bucket, "k", dir.path().join("t"), &ranged).expect_err("corruption is detected");
    assert!(matches!(error, TransferError::ChecksumMismatch { .. }), "{error:?}");
    assert_eq!(dir.files(), ["clean"], "no partial or temporary file");
}

/// A server sending more than the range asked for cannot overwrite the next part: the
/// part is retried and the file is exact.
#[test]
fn a_body_longer_than_its_range_is_retried_without_damage() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "fault-long");
    let bytes = data(15 * MIB + 3, 41);
    moto.upload_fileobj(&bytes[..], &bucket, "k", &TransferOptions::default()).expect("upload");
    let proxy = FaultProxy::start(&moto_url(), |request, seen| match (request.method.as_str(), range_part(request)) {
        ("GET", Some(1)) if seen < 1 => Fault::LongBody,
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let dir = TempDir::new("fault-long");
    let target = dir.path().join("t");
    s3.download_file(&bucket, "k", &target, &options(config(5 * MIB, 5 * MIB, true))).expect("download completes");
    assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes));
    assert_eq!(requests_matching(&proxy, "bytes=0-"), 2, "part 1: too long once, then right");
}

/// A single `GetObject` (below the threshold) carries the object's CRC32: a corrupted body
/// is fetched again, and the second, clean one completes the download.
#[test]
fn a_corrupted_single_get_is_retried() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "fault-single");
    let bytes = data(3 * MIB + 7, 53);
    moto.upload_fileobj(&bytes[..], &bucket, "k", &TransferOptions::default()).expect("one PutObject");
    let proxy = FaultProxy::start(&moto_url(), |request, seen| match (request.method.as_str(), range_part(request)) {
        ("GET", None) if request.target.contains("/k") && seen < 1 => Fault::CorruptBody,
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let dir = TempDir::new("fault-single");
    let target = dir.path().join("t");
    let output = s3.download_file(&bucket, "k", &target, &TransferOptions::default()).expect("download completes");
    assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes));
    assert_eq!(output.verified_checksum, Some(ChecksumAlgorithm::Crc32));
    let gets = proxy.log().iter().filter(|(line, _)| line.starts_with("GET ")).count();
    assert_eq!(gets, 2, "corrupted once, then whole: {:?}", proxy.log());
}

/// Uploads `sizes` (MiB, the last one may be smaller) as the parts of one multipart upload
/// with CRC32 checksums: a composite checksum over parts of unequal sizes.
fn upload_unequal_parts(s3: &stratus::blocking::Client, bucket: &str, key: &str, sizes: &[u64]) -> Vec<u8> {
    let input = json!({"Bucket": bucket, "Key": key, "ChecksumAlgorithm": "CRC32"});
    let created = s3.call("CreateMultipartUpload", input).expect("create");
    let upload_id = created["UploadId"].as_str().expect("an upload id").to_owned();
    let (mut all, mut parts) = (Vec::new(), Vec::new());
    for (i, &mib) in sizes.iter().enumerate() {
        let bytes = data(mib * MIB + i as u64, 90 + i as u64);
        let crc = ChecksumAlgorithm::Crc32.checksum(&bytes);
        let number = i as u64 + 1;
        let input =
            json!({"Bucket": bucket, "Key": key, "UploadId": upload_id, "PartNumber": number, "ChecksumCRC32": crc});
        let options = stratus::CallOptions { payload: Some(stratus::Payload::Borrowed(&bytes)), raw_output: false };
        let output = s3.call_with("UploadPart", input, options).expect("upload part").document;
        parts.push(json!({"PartNumber": number, "ETag": output["ETag"], "ChecksumCRC32": crc}));
        all.extend(bytes);
    }
    let complete = json!({"Bucket": bucket, "Key": key, "UploadId": upload_id, "MultipartUpload": {"Parts": parts}});
    s3.call("CompleteMultipartUpload", complete).expect("complete");
    all
}

/// A composite checksum over parts of unequal sizes: the check at equal boundaries fails,
/// so every part's size is asked and the check passes at the exact boundaries.
#[test]
fn a_composite_checksum_over_unequal_parts_is_verified() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "composite");
    let bytes = upload_unequal_parts(&moto, &bucket, "k", &[6, 5, 7, 1]);
    let proxy = FaultProxy::start(&moto_url(), |_, _| Fault::Forward);
    let s3 = blocking_s3_at(&proxy.url());
    let dir = TempDir::new("composite");
    let target = dir.path().join("t");
    let output = s3.download_file(&bucket, "k", &target, &TransferOptions::default()).expect("download");
    assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes));
    assert_eq!(
        output.verified_checksum,
        Some(ChecksumAlgorithm::Crc32),
        "the composite CRC32 was checked: {:?}",
        proxy.log()
    );
    let part_heads: Vec<String> = proxy
        .log()
        .into_iter()
        .filter(|(line, _)| line.starts_with("HEAD ") && line.contains("partNumber="))
        .map(|(line, _)| line)
        .collect();
    assert_eq!(part_heads.len(), 4, "part 1, then parts 2-4 for the exact sizes: {part_heads:?}");
}

/// A corrupted range of a multipart (composite-checksummed) object fails the download.
#[test]
fn a_corrupted_range_fails_the_composite_checksum() {
    let moto = blocking_s3();
    let bucket = new_bucket(&moto, "composite-bad");
    let bytes = data(17 * MIB + 3, 61);
    let multipart = options(config(5 * MIB, 5 * MIB, true));
    moto.upload_fileobj(&bytes[..], &bucket, "k", &multipart).expect("a multipart upload");
    let proxy = FaultProxy::start(&moto_url(), |request, _| match (request.method.as_str(), range_part(request)) {
        ("GET", Some(3)) => Fault::CorruptBody,
        _ => Fault::Forward,
    });
    let s3 = blocking_s3_at(&proxy.url());
    let dir = TempDir::new("composite-bad");
    let error = s3.download_file(&bucket, "k", dir.path().join("t"), &multipart).expect_err("corruption is detected");
    match error {
        TransferError::ChecksumMismatch { algorithm: ChecksumAlgorithm::Crc32, expected, .. } => {
            assert!(expected.ends_with("-4"), "a 4-part composite: {expected}")
        }
        other => panic!("expected a composite checksum mismatch, got {other:?}"),
    }
    assert!(dir.files().is_empty(), "no partial or temporary file: {:?}", dir.files());
}
