use serde_json::json;

use super::*;

fn check(model: &ServiceModel, operation: &str, input: Document) -> Vec<String> {
    let op = model.operation(operation).expect("operation exists");
    match validate_input(model, op, &input) {
        Ok(()) => Vec::new(),
        Err(e) => e.problems,
    }
}

#[cfg(feature = "s3")]
fn s3() -> ServiceModel {
    let embedded = crate::model::embedded("s3").expect("s3 is embedded");
    ServiceModel::from_json(embedded.service).expect("s3 model parses")
}

#[cfg(feature = "s3")]
#[test]
fn put_bucket_cors_names_unknown_and_missing_members() {
    let input = json!({
        "Bucket": "b",
        "CORSConfiguration": {"Rules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}
    });
    assert_eq!(
        check(&s3(), "PutBucketCors", input),
        vec![
            "Missing required parameter in CORSConfiguration: \"CORSRules\"".to_owned(),
            "Unknown parameter in CORSConfiguration: \"Rules\", must be one of: CORSRules".to_owned(),
        ]
    );
}

#[cfg(feature = "s3")]
#[test]
fn collects_every_problem_with_full_paths() {
    let input = json!({
        "Bucket": 7,
        "CORSConfiguration": {"CORSRules": [{"AllowedMethods": "GET", "AllowedOrigins": ["*", 1], "MaxAgeSeconds": "x"}]},
        "Extra": true
    });
    let problems = check(&s3(), "PutBucketCors", input);
    assert_eq!(
        problems,
        vec![
            "Unknown parameter in input: \"Extra\", must be one of: Bucket, CORSConfiguration, ContentMD5, ChecksumAlgorithm, ExpectedBucketOwner",
            "Invalid type for parameter Bucket, value: 7, type: integer, valid types: string",
            "Invalid type for parameter CORSConfiguration.CORSRules[0].AllowedMethods, value: GET, type: string, valid types: list",
            "Invalid type for parameter CORSConfiguration.CORSRules[0].AllowedOrigins[1], value: 1, type: integer, valid types: string",
            "Invalid type for parameter CORSConfiguration.CORSRules[0].MaxAgeSeconds, value: x, type: string, valid types: integer",
        ]
    );
}

#[cfg(feature = "s3")]
#[test]
fn checks_min_lengths_blobs_timestamps_and_nulls() {
    let input = json!({"Bucket": "b", "Key": "", "Body": "not base64!", "Expires": "soon", "ContentLength": null});
    assert_eq!(
        check(&s3(), "PutObject", input),
        vec![
            "Invalid length for parameter Key, value: 0, valid min length: 1",
            "Invalid value for parameter Body: blob values must be base64 strings",
            "Invalid type for parameter Expires, value: soon, type: string, valid types: timestamp string (RFC 3339), epoch seconds",
        ]
    );
    let ok = json!({"Bucket": "b", "Key": "k", "Body": "aGk=", "Expires": 1_576_540_098, "ContentLength": null});
    assert_eq!(check(&s3(), "PutObject", ok), Vec::<String>::new());
    let missing = json!({"Bucket": "b", "Key": null});
    assert_eq!(check(&s3(), "PutObject", missing), vec!["Missing required parameter in input: \"Key\""]);
}

fn model(shapes: Document) -> ServiceModel {
    let json = json!({
        "metadata": {"protocol": "json", "apiVersion": "2020-01-01"},
        "operations": {"Op": {"name": "Op", "input": {"shape": "Input"}}},
        "shapes": shapes,
    });
    ServiceModel::from_value(json).expect("model parses")
}

#[test]
fn unions_ranges_maps_and_host_labels() {
    let m = model(json!({
        "Input": {"type": "structure", "members": {
            "U": {"shape": "U"}, "N": {"shape": "N"}, "M": {"shape": "M"},
            "Host": {"shape": "S", "hostLabel": true}, "F": {"shape": "F"}, "Secret": {"shape": "P"}
        }},
        "U": {"type": "structure", "union": true, "members": {"a": {"shape": "S"}, "b": {"shape": "S"}}},
        "N": {"type": "integer", "min": 1},
        "M": {"type": "map", "key": {"shape": "K"}, "value": {"shape": "N"}},
        "K": {"type": "string", "min": 2},
        "S": {"type": "string"},
        "F": {"type": "double"},
        "P": {"type": "string", "sensitive": true}
    }));
    let input = json!({"U": {"a": "x", "b": "y"}, "N": 0, "M": {"k": 5}, "Host": "", "F": "NaN", "Secret": 42});
    assert_eq!(
        check(&m, "Op", input),
        vec![
            "Invalid number of parameters set for tagged union structure U. Can only set one of the following keys: a, b.",
            "Invalid value for parameter N, value: 0, valid min value: 1",
            "Invalid length for parameter M (key: k), value: 1, valid min length: 2",
            "Invalid length for parameter Host, value: 0, valid min length: 1",
            "Invalid type for parameter Secret, value: ** redacted **, type: integer, valid types: string",
        ]
    );
    assert_eq!(
        check(&m, "Op", json!({"U": {}})),
        vec!["Must set one of the following keys for tagged union structure U: a, b."]
    );
}
