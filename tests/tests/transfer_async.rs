//! S3 transfers through the async client (reqwest) against moto: up to `max_concurrency`
//! calls in flight on one task. Run with `scripts/test` (it starts moto and exports
//! `MOTO_URL`). What moto does not check is listed in `transfer_blocking.rs`.

mod transfer_support;

use serde_json::json;
use stratus::transfer::{AbortOutcome, CopySource, TransferConfig, TransferError, TransferOptions};
use stratus_core::checksum::ChecksumAlgorithm;
use transfer_support::*;

fn options<'a>(config: TransferConfig, progress: Option<&'a (dyn Fn(u64) + Sync)>) -> TransferOptions<'a> {
    TransferOptions { config, extra_args: serde_json::Value::Null, progress }
}

#[tokio::test]
async fn round_trips_with_concurrent_requests_and_one_at_a_time() {
    let s3 = async_s3();
    let bucket = new_bucket(&blocking_s3(), "async-rt");
    let dir = TempDir::new("async-rt");
    for (size, concurrency) in [(0, 10), (1, 10), (5 * MIB, 10), (20 * MIB + 1, 10), (11 * MIB, 1)] {
        let bytes = data(size, size ^ 0x55);
        let source = dir.path().join("source.bin");
        std::fs::write(&source, &bytes).expect("write");
        let key = format!("rt/{size}-{concurrency}");
        let config = TransferConfig { max_concurrency: concurrency, ..config(5 * MIB, 5 * MIB, true) };
        let (up, down) = (Tally::default(), Tally::default());
        let up_progress = |n| up.add(n);
        s3.upload_file(&source, &bucket, &key, &options(config, Some(&up_progress))).await.expect("upload_file");
        let target = dir.path().join("target.bin");
        let down_progress = |n| down.add(n);
        let output = s3
            .download_file(&bucket, &key, &target, &options(config, Some(&down_progress)))
            .await
            .expect("download_file");
        assert_eq!((up.total(), down.total(), output.size), (size, size, size), "{size} bytes: progress and size");
        assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes), "{size} bytes round trip");
        // Single PUTs have a full-object CRC32, multipart uploads a composite one: both checked.
        assert_eq!(output.verified_checksum, Some(ChecksumAlgorithm::Crc32), "{size} bytes");
        assert_eq!(dir.files(), ["source.bin", "target.bin"], "no temporary file is left");
    }
}

#[tokio::test]
async fn upload_fileobj_and_download_fileobj_stream_in_order() {
    let s3 = async_s3();
    let bucket = new_bucket(&blocking_s3(), "async-stream");
    let bytes = data(17 * MIB + 3, 21);
    let config = config(5 * MIB, 5 * MIB, true);
    let tally = Tally::default();
    let progress = |n| tally.add(n);
    s3.upload_fileobj(PipeReader::new(bytes.clone()), &bucket, "s", &options(config, Some(&progress)))
        .await
        .expect("upload_fileobj");
    assert_eq!(tally.total(), bytes.len() as u64);
    let mut writer = AppendOnly::default();
    s3.download_fileobj(&bucket, "s", &mut writer, &options(config, None)).await.expect("download_fileobj");
    assert_eq!(sha256(&writer.bytes), sha256(&bytes));
}

#[tokio::test]
async fn copy_above_the_threshold_and_resource_helpers() {
    let s3 = async_s3();
    let bucket = new_bucket(&blocking_s3(), "async-copy");
    let bytes = data(11 * MIB, 4);
    let config = config(5 * MIB, 5 * MIB, true);
    let put = TransferOptions { config, extra_args: json!({"ContentType": "image/png"}), progress: None };
    s3.bucket(&bucket).upload_fileobj(&bytes[..], "src", &put).await.expect("Bucket.upload_fileobj");
    s3.bucket(&bucket)
        .object("dst")
        .copy_from(&CopySource::new(&bucket, "src"), &options(config, None))
        .await
        .expect("copy");
    let head = s3.call("HeadObject", json!({"Bucket": bucket, "Key": "dst"})).await.expect("head");
    assert_eq!(head["ContentType"], "image/png");
    assert!(head["ETag"].as_str().is_some_and(|e| e.ends_with("-3\"")), "a 3-part copy: {}", head["ETag"]);
    let mut writer = AppendOnly::default();
    s3.bucket(&bucket).object("dst").download_fileobj(&mut writer, &options(config, None)).await.expect("download");
    assert_eq!(sha256(&writer.bytes), sha256(&bytes));
}

#[tokio::test]
async fn failures_abort_uploads_and_leave_no_files() {
    let s3 = async_s3();
    let blocking = blocking_s3();
    let bucket = new_bucket(&blocking, "async-fail");
    let mut reader = PipeReader::new(data(20 * MIB, 8));
    reader.fail_after = Some(11 * MIB as usize);
    let error = s3
        .upload_fileobj(reader, &bucket, "k", &options(config(5 * MIB, 5 * MIB, true), None))
        .await
        .expect_err("fails");
    assert!(matches!(error.abort_outcome(), Some(AbortOutcome::Aborted { .. })), "{error:?}");
    assert!(uploads_in_progress(&blocking, &bucket).is_empty(), "no multipart upload remains");

    let dir = TempDir::new("async-fail");
    let error =
        s3.download_file(&bucket, "absent", dir.path().join("t"), &TransferOptions::default()).await.expect_err("404");
    assert!(matches!(error, TransferError::DownloadFailed { operation: "HeadObject", .. }), "{error:?}");
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

/// Transfers are `Send` futures over reqwest: several run at once as tasks spawned on a
/// multi-threaded runtime.
#[test]
fn transfers_run_as_spawned_tasks() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let s3 = async_s3();
    let bucket = new_bucket(&blocking_s3(), "async-spawn");
    let dir = TempDir::new("async-spawn");
    let tasks: Vec<_> = (0..3u64)
        .map(|i| {
            let (s3, bucket) = (s3.clone(), bucket.clone());
            let bytes = data(6 * MIB + i, i);
            let source = dir.path().join(format!("source-{i}"));
            std::fs::write(&source, &bytes).expect("write");
            let target = dir.path().join(format!("target-{i}"));
            runtime.spawn(async move {
                let options = options(config(5 * MIB, 5 * MIB, true), None);
                let key = format!("spawn/{i}");
                s3.upload_file(source.clone(), &bucket, &key, &options).await.expect("upload_file");
                s3.download_file(&bucket, &key, target.clone(), &options).await.expect("download_file");
                (sha256(&bytes), sha256(&std::fs::read(&target).expect("read")))
            })
        })
        .collect();
    for task in tasks {
        let (sent, received) = runtime.block_on(task).expect("the task finished");
        assert_eq!(sent, received);
    }
}
