//! S3 transfers through the blocking client (ureq) against moto, with a thread pool
//! (`use_threads = true`) and on the caller's thread (`use_threads = false`).
//!
//! moto does not check: part sizes below 5 MiB for non-final parts (S3 does, so every test
//! uses 5 MiB parts), the composite checksums of multipart uploads (its `HeadObject` shows
//! them without the `-N` suffix; Stratus treats them as composite and does not verify).
//! Run with `scripts/test` (it starts moto and exports `MOTO_URL`).

mod transfer_support;

use serde_json::json;
use stratus::transfer::{AbortOutcome, CopySource, TransferConfig, TransferError, TransferOptions};
use stratus_core::checksum::ChecksumAlgorithm;
use transfer_support::*;

fn options<'a>(config: TransferConfig, progress: Option<&'a (dyn Fn(u64) + Sync)>) -> TransferOptions<'a> {
    TransferOptions { config, extra_args: serde_json::Value::Null, progress }
}

/// Uploads `size` bytes from a file and downloads them again; checks the bytes, the
/// progress totals and what was verified.
fn round_trip(s3: &stratus::blocking::Client, bucket: &str, size: u64, config: TransferConfig) {
    let dir = TempDir::new("rt");
    let bytes = data(size, size + 1);
    let source = dir.path().join("source.bin");
    std::fs::write(&source, &bytes).expect("write source");
    let key = format!("round-trip/{size}");
    let (up, down) = (Tally::default(), Tally::default());
    let up_progress = |n| up.add(n);
    s3.upload_file(&source, bucket, &key, &options(config, Some(&up_progress))).expect("upload_file");
    assert_eq!(up.total(), size, "upload progress of {size} bytes");
    let target = dir.path().join("target.bin");
    let down_progress = |n| down.add(n);
    let output =
        s3.download_file(bucket, &key, &target, &options(config, Some(&down_progress))).expect("download_file");
    assert_eq!(down.total(), size, "download progress of {size} bytes");
    assert_eq!(output.size, size);
    let got = std::fs::read(&target).expect("read target");
    assert_eq!(sha256(&got), sha256(&bytes), "{size} bytes round trip");
    // A full-object CRC32 (one PutObject) or a composite one (multipart), checked either way.
    assert_eq!(output.verified_checksum, Some(ChecksumAlgorithm::Crc32), "{size} bytes: CRC32 verified");
    assert_eq!(dir.files(), ["source.bin", "target.bin"], "no temporary file is left");
}

#[test]
fn round_trips_of_every_size_class_with_threads() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "threads");
    let config = config(5 * MIB, 5 * MIB, true);
    for size in [0, 1, 5 * MIB - 1, 5 * MIB, 5 * MIB + 1, 20 * MIB] {
        round_trip(&s3, &bucket, size, config);
    }
    assert!(uploads_in_progress(&s3, &bucket).is_empty());
}

#[test]
fn round_trips_on_the_callers_thread() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "nothreads");
    let config = config(5 * MIB, 5 * MIB, false);
    for size in [1024, 15 * MIB + 7] {
        round_trip(&s3, &bucket, size, config);
    }
}

#[test]
fn upload_fileobj_streams_a_pipe_of_unknown_length() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "pipe");
    let dir = TempDir::new("pipe");
    for (size, threads) in [(12 * MIB + 123, true), (10 * MIB, false), (1000, true)] {
        let bytes = data(size, 7);
        let key = format!("pipe/{size}");
        let tally = Tally::default();
        let progress = |n| tally.add(n);
        let opts = options(config(5 * MIB, 5 * MIB, threads), Some(&progress));
        s3.upload_fileobj(PipeReader::new(bytes.clone()), &bucket, &key, &opts).expect("upload_fileobj");
        assert_eq!(tally.total(), size);
        let target = dir.path().join("pipe.bin");
        s3.download_file(&bucket, &key, &target, &TransferOptions::default()).expect("download");
        assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes), "{size} bytes");
    }
}

#[test]
fn download_fileobj_writes_strictly_in_order_to_a_non_seekable_writer() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "fileobj");
    let bytes = data(20 * MIB + 5, 3);
    let put = config(5 * MIB, 5 * MIB, true);
    s3.upload_fileobj(std::io::Cursor::new(bytes.clone()), &bucket, "k", &options(put, None)).expect("upload");
    for threads in [true, false] {
        let mut writer = AppendOnly::default();
        let get = TransferConfig { max_concurrency: 8, ..config(5 * MIB, 5 * MIB, threads) };
        let output = s3.download_fileobj(&bucket, "k", &mut writer, &options(get, None)).expect("download_fileobj");
        assert_eq!(output.size, bytes.len() as u64);
        assert_eq!(sha256(&writer.bytes), sha256(&bytes), "bytes appended in order (threads: {threads})");
        assert!(writer.writes >= 80, "written in io_chunksize pieces: {}", writer.writes);
    }
}

#[test]
fn copy_above_and_below_the_threshold_keeps_content_and_metadata() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "copy");
    let put = |key: &str, bytes: &[u8], threshold: u64| {
        let opts = TransferOptions {
            config: config(threshold, 5 * MIB, true),
            extra_args: json!({"ContentType": "text/csv", "Metadata": {"origin": "stratus"}}),
            progress: None,
        };
        s3.upload_fileobj(bytes, &bucket, key, &opts).expect("upload");
    };
    let big = data(12 * MIB + 1, 11);
    put("big-src", &big, 5 * MIB);
    // A small source is uploaded in one request: moto's CopyObject of a multipart source
    // keeps the source's composite checksum on the (single-part) copy, which then fails
    // any checksum validation (boto3's get_object too).
    let small = data(MIB, 12);
    put("small-src", &small, 64 * MIB);
    for (source, key, bytes) in [("big-src", "big-copy", &big), ("small-src", "small-copy", &small)] {
        let tally = Tally::default();
        let progress = |n| tally.add(n);
        let opts = options(config(5 * MIB, 5 * MIB, true), Some(&progress));
        s3.copy(&CopySource::new(&bucket, source), &bucket, key, &opts).expect("copy");
        assert_eq!(tally.total(), bytes.len() as u64, "{key}: progress");
        let head = s3.call("HeadObject", json!({"Bucket": bucket, "Key": key})).expect("head");
        assert_eq!(head["ContentType"], "text/csv", "{key}: content type carried over");
        assert_eq!(head["Metadata"]["origin"], "stratus", "{key}: metadata carried over");
        let multipart = head["ETag"].as_str().is_some_and(|e| e.contains('-'));
        assert_eq!(multipart, key == "big-copy", "{key}: multipart copy only above the threshold");
        let mut writer = AppendOnly::default();
        s3.download_fileobj(&bucket, key, &mut writer, &TransferOptions::default()).expect("download");
        assert_eq!(sha256(&writer.bytes), sha256(bytes), "{key}");
    }
    assert!(uploads_in_progress(&s3, &bucket).is_empty());
}

#[test]
fn a_failed_multipart_upload_is_aborted() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "abort");
    for threads in [true, false] {
        let mut reader = PipeReader::new(data(30 * MIB, 5));
        reader.fail_after = Some(12 * MIB as usize);
        let opts = options(config(5 * MIB, 5 * MIB, threads), None);
        let error = s3.upload_fileobj(reader, &bucket, "never", &opts).expect_err("the reader fails");
        assert!(matches!(error, TransferError::Io { .. }), "{error:?}");
        assert!(matches!(error.abort_outcome(), Some(AbortOutcome::Aborted { .. })), "{error:?}");
        assert!(error.to_string().contains("the producer died"), "{error}");
        assert!(uploads_in_progress(&s3, &bucket).is_empty(), "no multipart upload remains");
        let head = s3.call("HeadObject", json!({"Bucket": bucket, "Key": "never"}));
        assert!(head.is_err(), "no object was created");
    }
}

#[test]
fn a_failed_download_leaves_no_file() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "missing");
    let dir = TempDir::new("missing");
    let target = dir.path().join("out.bin");
    let error =
        s3.download_file(&bucket, "no-such-key", &target, &TransferOptions::default()).expect_err("missing key");
    assert!(matches!(&error, TransferError::DownloadFailed { operation: "HeadObject", .. }), "{error:?}");
    assert!(
        error.to_string().starts_with(&format!("download of s3://{bucket}/no-such-key failed: HeadObject: 404")),
        "{error}"
    );
    assert!(dir.files().is_empty(), "neither the target nor a temporary file: {:?}", dir.files());
}

#[test]
fn dotdot_keys_cannot_escape_the_target_directory() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "dotdot");
    let root = TempDir::new("dotdot");
    let inside = root.path().join("inside");
    let put = TransferOptions::default();
    for key in ["escape/ok.txt", "escape/../../evil.txt"] {
        s3.upload_fileobj(&b"payload"[..], &bucket, key, &put).expect("upload");
    }
    let listed = s3.call("ListObjectsV2", json!({"Bucket": bucket, "Prefix": "escape/"})).expect("list");
    assert_eq!(listed["KeyCount"], 2, "moto keeps the '..' key as is: {listed}");
    let error = s3.download_to_dir(&bucket, "escape/", &inside, &put).expect_err("unsafe key");
    assert!(matches!(&error, TransferError::UnsafeKey { key, .. } if key == "escape/../../evil.txt"), "{error:?}");
    assert!(root.files().is_empty(), "nothing written, inside or out: {:?}", root.files());

    for key in ["safe/a.txt", "safe/sub/b.txt", "safe/folder/"] {
        s3.upload_fileobj(&b"x"[..], &bucket, key, &put).expect("upload");
    }
    let written = s3.bucket(&bucket).download_to_dir("safe/", &inside, &put).expect("download_to_dir");
    assert_eq!(written.len(), 2);
    assert_eq!(root.files(), ["inside/a.txt", "inside/sub/b.txt"]);
}

#[test]
fn invalid_config_and_extra_args_are_clear_errors() {
    let s3 = blocking_s3();
    let dir = TempDir::new("invalid");
    let source = dir.path().join("f");
    std::fs::write(&source, b"x").expect("write");
    let small = TransferConfig { multipart_chunksize: MIB, ..Default::default() };
    let error = s3.upload_file(&source, "b", "k", &options(small, None)).expect_err("1 MiB parts");
    assert!(matches!(error, TransferError::Config(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "invalid TransferConfig.multipart_chunksize: 1048576 bytes is below S3's minimum part size of 5 MiB (5242880 bytes)"
    );
    let zero = TransferConfig { max_concurrency: 0, ..Default::default() };
    let error = s3.download_file("b", "k", dir.path().join("t"), &options(zero, None)).expect_err("0 concurrency");
    assert_eq!(error.to_string(), "invalid TransferConfig.max_concurrency: must be at least 1, got 0");
    let bad_args =
        TransferOptions { extra_args: json!({"ContentType": "a", "Range": "bytes=0-1"}), ..Default::default() };
    let error = s3.upload_file(&source, "b", "k", &bad_args).expect_err("Range is not an upload arg");
    assert!(
        error.to_string().starts_with("invalid ExtraArgs key 'Range': must be one of: ACL, CacheControl"),
        "{error}"
    );
    assert_eq!(dir.files(), ["f"], "nothing was written");
}

#[test]
fn extra_args_and_resource_helpers() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "extra");
    let dir = TempDir::new("extra");
    let source = dir.path().join("f.bin");
    let bytes = data(6 * MIB, 9);
    std::fs::write(&source, &bytes).expect("write");
    let opts = TransferOptions {
        config: config(5 * MIB, 5 * MIB, true),
        extra_args: json!({"ContentType": "application/x-test", "Metadata": {"k": "v"}, "ChecksumAlgorithm": "SHA256"}),
        progress: None,
    };
    s3.bucket(&bucket).object("obj").upload_file(&source, &opts).expect("Object.upload_file");
    let head = s3.call("HeadObject", json!({"Bucket": bucket, "Key": "obj"})).expect("head");
    assert_eq!((head["ContentType"].as_str(), head["Metadata"]["k"].as_str()), (Some("application/x-test"), Some("v")));
    let target = dir.path().join("back.bin");
    s3.bucket(&bucket).download_file("obj", &target, &TransferOptions::default()).expect("Bucket.download_file");
    assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes));
}

#[test]
fn max_bandwidth_throttles_uploads_and_downloads() {
    let s3 = blocking_s3();
    let bucket = new_bucket(&s3, "bandwidth");
    let bytes = data(2 * MIB, 13);
    // 4 MiB/s from an empty bucket: 2 MiB take at least 0.5 s each way.
    let limited = TransferConfig { max_bandwidth: Some(4 * MIB), ..TransferConfig::default() };
    let start = std::time::Instant::now();
    s3.upload_fileobj(&bytes[..], &bucket, "k", &options(limited, None)).expect("upload");
    let up = start.elapsed();
    let start = std::time::Instant::now();
    let mut writer = AppendOnly::default();
    s3.download_fileobj(&bucket, "k", &mut writer, &options(limited, None)).expect("download");
    let down = start.elapsed();
    assert!(up.as_secs_f64() >= 0.45 && down.as_secs_f64() >= 0.45, "upload {up:?}, download {down:?}");
    assert_eq!(sha256(&writer.bytes), sha256(&bytes));
}
