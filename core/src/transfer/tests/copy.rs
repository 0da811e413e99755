use serde_json::json;

use super::*;
use crate::transfer::{AbortOutcome, CopyPlanner, CopyRequest, CopySource, ObjectRef, TransferConfig, TransferError};

fn planner(extra: &Document, config: &TransferConfig) -> CopyPlanner {
    let source = CopySource { bucket: "src".into(), key: "a b".into(), version_id: Some("v1".into()) };
    let request = CopyRequest { source, object: ObjectRef::new("dst", "k"), extra_args: extra, config };
    CopyPlanner::new(request).expect("a value")
}

fn config() -> TransferConfig {
    TransferConfig { multipart_threshold: 5 * MIB, multipart_chunksize: 5 * MIB, ..Default::default() }
}

#[test]
fn small_source_is_one_copy_object() {
    let cfg = config();
    let mut plan = planner(&json!({"ContentType": "x/y", "MetadataDirective": "REPLACE"}), &cfg);
    let mut inputs = Vec::new();
    let log = drive(
        &mut plan,
        |c| {
            inputs.push(c.input.clone());
            Ok(if c.operation == "HeadObject" {
                json!({"ContentLength": 10, "ETag": "\"e\""})
            } else {
                json!({"CopyObjectResult": {}})
            })
        },
        |_| panic!("no parts"),
        |_| {},
    );
    assert_eq!(log, ["HeadObject", "CopyObject"]);
    assert_eq!(inputs[0], json!({"Bucket": "src", "Key": "a b", "VersionId": "v1"}));
    assert_eq!(
        inputs[1],
        json!({"Bucket": "dst", "Key": "k", "ContentType": "x/y", "MetadataDirective": "REPLACE",
               "CopySource": "src/a b?versionId=v1"})
    );
    assert_eq!(plan.size(), Some(10));
    assert!(plan.into_result().is_ok());
}

#[test]
fn large_source_is_copied_in_ranges_with_metadata_preserved() {
    let cfg = config();
    let mut plan = planner(&json!({"ContentType": "ignored/without-replace", "CopySourceIfMatch": "\"e\""}), &cfg);
    let mut calls = Vec::new();
    let mut parts = Vec::new();
    let head = json!({"ContentLength": 12 * MIB, "ETag": "\"e\"", "ContentType": "text/csv", "Metadata": {"a": "1"}});
    let log = drive(
        &mut plan,
        |c| {
            calls.push(c.input.clone());
            Ok(match c.operation {
                "HeadObject" => head.clone(),
                "CreateMultipartUpload" => json!({"UploadId": "U"}),
                _ => json!({}),
            })
        },
        |job| {
            parts.push(job.input.clone());
            part_ok(job, json!({"CopyPartResult": {"ETag": format!("\"p{}\"", job.number)}}))
        },
        |_| {},
    );
    assert_eq!(
        log,
        [
            "HeadObject",
            "CreateMultipartUpload",
            "UploadPartCopy 1",
            "UploadPartCopy 2",
            "UploadPartCopy 3",
            "CompleteMultipartUpload"
        ]
    );
    assert_eq!(calls[0]["IfMatch"], "\"e\"", "CopySourceIfMatch applies to the HEAD as IfMatch");
    assert_eq!(calls[1], json!({"Bucket": "dst", "Key": "k", "ContentType": "text/csv", "Metadata": {"a": "1"}}));
    assert_eq!(parts[2]["CopySourceRange"], format!("bytes={}-{}", 10 * MIB, 12 * MIB - 1));
    assert_eq!(parts[0]["CopySourceIfMatch"], "\"e\"");
    assert_eq!(parts[0]["CopySource"], "src/a b?versionId=v1");
    assert_eq!(calls[2]["MultipartUpload"]["Parts"][1], json!({"ETag": "\"p2\"", "PartNumber": 2}));
    assert!(plan.into_result().is_ok());
}

#[test]
fn changed_source_aborts_the_copy() {
    let cfg = config();
    let mut plan = planner(&Document::Null, &cfg);
    let log = drive(
        &mut plan,
        |c| {
            Ok(match c.operation {
                "HeadObject" => json!({"ContentLength": 12 * MIB, "ETag": "\"e\""}),
                "CreateMultipartUpload" => json!({"UploadId": "U"}),
                _ => json!({}),
            })
        },
        |job| {
            if job.number == 2 {
                PartOutcome::Failed(service_error("PreconditionFailed", 412))
            } else {
                part_ok(job, json!({}))
            }
        },
        |_| {},
    );
    assert_eq!(log.last().map(String::as_str), Some("AbortMultipartUpload"));
    let e = plan.into_result().expect_err("an error");
    assert!(matches!(e, TransferError::ObjectChanged { .. }), "{e:?}");
    assert_eq!(e.abort_outcome(), Some(&AbortOutcome::Aborted { upload_id: "U".into() }));
}

#[test]
fn missing_source_is_a_copy_error() {
    let cfg = config();
    let mut plan = planner(&Document::Null, &cfg);
    drive(&mut plan, |_| Err(service_error("404", 404)), |_| panic!(), |_| {});
    let e = plan.into_result().expect_err("an error");
    assert_eq!(e.to_string(), "copy to s3://dst/k failed: HeadObject: 404 (HTTP 404)");
}
