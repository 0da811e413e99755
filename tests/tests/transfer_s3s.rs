//! S3 transfers against s3s-fs, which checks SigV4 signatures (moto does not by default):
//! every `CreateMultipartUpload`, `UploadPart` (payload-signed, with its CRC32),
//! `CompleteMultipartUpload`, ranged `GetObject` and `UploadPartCopy` must be signed
//! right, and a wrong secret must fail cleanly. Run with `scripts/test` (it starts
//! s3s-fs and exports `S3S_URL` and its test key).

mod transfer_support;

use stratus::transfer::{CopySource, TransferError, TransferOptions};
use transfer_support::*;

fn options() -> TransferOptions<'static> {
    TransferOptions { config: config(5 * MIB, 5 * MIB, true), ..Default::default() }
}

#[test]
fn signed_round_trips_and_copy_through_both_clients() {
    let (_, _, secret) = s3s();
    let (blocking, client) = s3s_clients(&secret);
    let bucket = new_bucket(&blocking, "s3s");
    let dir = TempDir::new("s3s");
    let bytes = data(17 * MIB + 1, 99);
    let source = dir.path().join("source.bin");
    std::fs::write(&source, &bytes).expect("write");
    blocking.upload_file(&source, &bucket, "ureq", &options()).expect("upload (ureq)");
    blocking.copy(&CopySource::new(&bucket, "ureq"), &bucket, "copied", &options()).expect("multipart copy");
    let target = dir.path().join("copied.bin");
    blocking.download_file(&bucket, "copied", &target, &options()).expect("download (ureq)");
    assert_eq!(sha256(&std::fs::read(&target).expect("read")), sha256(&bytes));

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        client
            .upload_fileobj(PipeReader::new(bytes.clone()), &bucket, "reqwest", &options())
            .await
            .expect("upload (reqwest)");
        let mut writer = AppendOnly::default();
        client.download_fileobj(&bucket, "reqwest", &mut writer, &options()).await.expect("download (reqwest)");
        assert_eq!(sha256(&writer.bytes), sha256(&bytes));
        let small = dir.path().join("small.bin");
        client.upload_file(&source, &bucket, "small", &TransferOptions::default()).await.expect("upload");
        let output =
            client.download_file(&bucket, "small", &small, &TransferOptions::default()).await.expect("download");
        assert_eq!(output.size, bytes.len() as u64);
    });
}

#[test]
fn a_wrong_secret_fails_cleanly() {
    let (_, _, secret) = s3s();
    let (good, _) = s3s_clients(&secret);
    let bucket = new_bucket(&good, "s3s-auth");
    let (bad, _) = s3s_clients("not-the-secret");
    let dir = TempDir::new("s3s-auth");
    std::fs::write(dir.path().join("f"), data(6 * MIB, 1)).expect("write");
    let error = bad.upload_file(dir.path().join("f"), &bucket, "k", &options()).expect_err("bad signature");
    assert!(matches!(&error, TransferError::UploadFailed { operation: "CreateMultipartUpload", .. }), "{error:?}");
    assert!(error.to_string().contains("SignatureDoesNotMatch"), "{error}");
    let error = bad.download_file(&bucket, "k", dir.path().join("t"), &options()).expect_err("bad signature");
    assert!(matches!(&error, TransferError::DownloadFailed { operation: "HeadObject", .. }), "{error:?}");
    assert_eq!(dir.files(), ["f"], "no temporary file left");
}
