//! Every paginator of every embedded service loads and compiles, and the paginator state
//! machine behaves as botocore's `PageIterator` on fake S3, DynamoDB and Route 53 pages.

use serde_json::{json, Value};
use stratus_core::model::{embedded, embedded_services, ServiceModel};
use stratus_core::paginate::{PaginationConfig, Paginator, PaginatorConfig, PaginatorModel};

#[test]
fn every_embedded_paginator_loads_and_compiles() {
    let (mut services, mut paginators) = (0, 0);
    let mut problems = Vec::new();
    for name in embedded_services() {
        let Some(text) = embedded(name).and_then(|s| s.paginators) else { continue };
        let on_disk = serde_json::from_str::<Value>(text).expect("paginators-1.json is JSON")["pagination"]
            .as_object()
            .map_or(0, |m| m.len());
        let model = PaginatorModel::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(model.paginators.len(), on_disk, "{name}: every paginator loads");
        let service = embedded(name).map(|s| ServiceModel::from_json(s.service));
        let Some(Ok(service)) = service else { panic!("{name}: service model") };
        for (operation, config) in &model.paginators {
            check_against_model(name, &service, operation, config, &mut problems);
        }
        services += 1;
        paginators += on_disk;
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(services >= 12 && paginators >= 100, "{services} services, {paginators} paginators");
    eprintln!("{paginators} paginators of {services} services compiled");
}

/// The operation exists, token counts agree, and every input token and limit key is a
/// member of the operation's input.
fn check_against_model(
    name: &str,
    service: &ServiceModel,
    operation: &str,
    config: &PaginatorConfig,
    problems: &mut Vec<String>,
) {
    let Some(op) = service.operation(operation) else {
        problems.push(format!("{name}.{operation}: no such operation"));
        return;
    };
    if config.input_token.len() != config.output_token.len() {
        problems.push(format!("{name}.{operation}: input/output token counts differ"));
    }
    let input = op.input.as_ref().and_then(|r| service.shape(&r.shape));
    let members: Vec<&String> = config.input_token.iter().chain(config.limit_key.iter()).collect();
    for member in members {
        if !input.is_some_and(|shape| shape.members.contains_key(member)) {
            problems.push(format!("{name}.{operation}: {member} is not an input member"));
        }
    }
}

fn s3_paginator(operation: &str) -> PaginatorConfig {
    let text = embedded("s3").and_then(|s| s.paginators).expect("s3 is embedded");
    let model = PaginatorModel::from_json(text).expect("s3 paginators load");
    model.paginator(operation).cloned().expect("paginator exists")
}

fn keys(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("key-{i:05}")).collect()
}

/// A fake S3 `ListObjectsV2`: continuation tokens are `t<page index>`.
fn list_objects_v2(input: &Value, all: &[String]) -> Value {
    let size = input["MaxKeys"].as_u64().unwrap_or(1000) as usize;
    let page: usize = input["ContinuationToken"].as_str().map_or(0, |t| t[1..].parse().unwrap_or(0));
    let start = page * size;
    let end = (start + size).min(all.len());
    let contents: Vec<Value> = all[start..end].iter().map(|k| json!({"Key": k, "Size": 1})).collect();
    let mut out = json!({"IsTruncated": end < all.len(), "Contents": contents, "Prefix": "", "KeyCount": end - start});
    if end < all.len() {
        out["NextContinuationToken"] = json!(format!("t{}", page + 1));
    }
    out
}

/// Runs a paginator against `service`; returns the inputs sent and the handled pages.
fn drive(paginator: &mut Paginator, service: impl Fn(&Value) -> Value) -> (Vec<Value>, Vec<Value>) {
    let (mut inputs, mut pages) = (Vec::new(), Vec::new());
    while let Some(input) = paginator.next_request_input() {
        let mut page = service(&input);
        paginator.handle_page(&mut page).expect("page handled");
        inputs.push(input);
        pages.push(page);
        assert!(inputs.len() < 100, "runaway pagination");
    }
    (inputs, pages)
}

fn listed_keys(full: &Value) -> Vec<String> {
    full["Contents"]
        .as_array()
        .map_or(Vec::new(), |c| c.iter().filter_map(|o| o["Key"].as_str().map(str::to_owned)).collect())
}

#[test]
fn list_objects_v2_2500_keys_in_three_pages() {
    let all = keys(2500);
    let config = s3_paginator("ListObjectsV2");
    let mut paginator = Paginator::new(&config, json!({"Bucket": "b"}), PaginationConfig::default()).expect("new");
    let (inputs, pages) = drive(&mut paginator, |input| list_objects_v2(input, &all));
    assert_eq!(inputs.len(), 3);
    assert_eq!(inputs[0], json!({"Bucket": "b"}));
    assert_eq!(inputs[1], json!({"Bucket": "b", "ContinuationToken": "t1"}));
    assert_eq!(inputs[2]["ContinuationToken"], json!("t2"));
    let full = paginator.build_full_result(&pages);
    assert_eq!(listed_keys(&full), all);
    assert_eq!(full["Prefix"], json!(""));
    assert_eq!(full["RequestCharged"], Value::Null, "non-aggregate keys absent from page 1 are null");
    assert!(full.get("NextToken").is_none());
    assert!(full.get("KeyCount").is_none(), "only result keys are aggregated");
}

#[test]
fn list_objects_marker_falls_back_to_the_last_key() {
    let all = keys(25);
    let config = s3_paginator("ListObjects");
    let service = |input: &Value| {
        let marker = input["Marker"].as_str().unwrap_or("");
        let rest: Vec<&String> = all.iter().filter(|k| k.as_str() > marker).collect();
        let page: Vec<Value> = rest.iter().take(10).map(|k| json!({"Key": k})).collect();
        json!({"IsTruncated": rest.len() > 10, "Contents": page, "Marker": marker})
    };
    let pagination = PaginationConfig { page_size: Some(10), ..Default::default() };
    let mut paginator = Paginator::new(&config, json!({"Bucket": "b"}), pagination).expect("new");
    let (inputs, pages) = drive(&mut paginator, service);
    assert_eq!(inputs.len(), 3);
    assert_eq!(inputs[0], json!({"Bucket": "b", "MaxKeys": 10}));
    assert_eq!(inputs[1]["Marker"], json!("key-00009"));
    assert_eq!(inputs[2]["Marker"], json!("key-00019"));
    assert_eq!(listed_keys(&paginator.build_full_result(&pages)), all);
}

#[test]
fn max_items_truncates_and_the_token_resumes() {
    let all = keys(2500);
    let config = s3_paginator("ListObjectsV2");
    let first = PaginationConfig { max_items: Some(1500), ..Default::default() };
    let mut paginator = Paginator::new(&config, json!({"Bucket": "b"}), first).expect("new");
    let (inputs, pages) = drive(&mut paginator, |input| list_objects_v2(input, &all));
    assert_eq!(inputs.len(), 2);
    let token = paginator.resume_token().expect("resume token").to_owned();
    // The very string boto3 produces: base64 of {"ContinuationToken": "t1", "boto_truncate_amount": 500}.
    assert_eq!(token, "eyJDb250aW51YXRpb25Ub2tlbiI6ICJ0MSIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDUwMH0=");
    let full = paginator.build_full_result(&pages);
    assert_eq!(full["NextToken"], json!(token));
    let mut seen = listed_keys(&full);
    assert_eq!(seen.len(), 1500);

    let resume = PaginationConfig { starting_token: Some(token), max_items: Some(600), ..Default::default() };
    let mut paginator = Paginator::new(&config, json!({"Bucket": "b"}), resume).expect("resume");
    let (inputs, pages) = drive(&mut paginator, |input| list_objects_v2(input, &all));
    assert_eq!(inputs[0]["ContinuationToken"], json!("t1"));
    let full = paginator.build_full_result(&pages);
    seen.extend(listed_keys(&full));
    assert_eq!(seen.len(), 2100);
    // Stopped inside page 3 (the 500 left of page 2, then 100 of page 3): resuming again
    // re-fetches page 3 and skips those 100.
    let token = paginator.resume_token().expect("second resume token").to_owned();
    let resume = PaginationConfig { starting_token: Some(token), ..Default::default() };
    let mut paginator = Paginator::new(&config, json!({"Bucket": "b"}), resume).expect("resume again");
    let (_, pages) = drive(&mut paginator, |input| list_objects_v2(input, &all));
    seen.extend(listed_keys(&paginator.build_full_result(&pages)));
    assert_eq!(seen, all);
}

#[test]
fn max_items_on_a_page_boundary_resumes_with_the_next_token() {
    let all = keys(2500);
    let config = s3_paginator("ListObjectsV2");
    let pagination = PaginationConfig { max_items: Some(1000), ..Default::default() };
    let mut paginator = Paginator::new(&config, json!({"Bucket": "b"}), pagination).expect("new");
    let (inputs, _) = drive(&mut paginator, |input| list_objects_v2(input, &all));
    assert_eq!(inputs.len(), 1);
    let token = paginator.resume_token().expect("token");
    let decoded = stratus_core::paginate::decode_token(token, &config.input_token);
    assert_eq!(decoded.map(|(t, skip)| (Value::Object(t), skip)), Some((json!({"ContinuationToken": "t1"}), 0)));
}

#[test]
fn a_repeated_token_is_an_error() {
    let config = s3_paginator("ListObjectsV2");
    let mut paginator = Paginator::new(&config, json!({"Bucket": "b"}), PaginationConfig::default()).expect("new");
    let page = || json!({"IsTruncated": true, "Contents": [{"Key": "a"}], "NextContinuationToken": "same"});
    let mut first = page();
    paginator.handle_page(&mut first).expect("first page");
    let mut second = page();
    let err = paginator.handle_page(&mut second).expect_err("repeated token");
    assert!(err.to_string().contains("same next token was received twice"), "{err}");
    assert_eq!(paginator.next_request_input(), None);
}

#[test]
fn bad_inputs_are_validation_errors() {
    let config = s3_paginator("ListObjectsV2");
    let bad_token = PaginationConfig { starting_token: Some("a___b___c".into()), ..Default::default() };
    assert!(Paginator::new(&config, json!({}), bad_token).is_err());
    let text = embedded("sts").and_then(|s| s.paginators);
    let model = text.map(|t| PaginatorModel::from_json(t).expect("sts paginators"));
    let config = model.as_ref().and_then(|m| m.paginators.values().find(|c| c.limit_key.is_none()));
    if let Some(config) = config {
        let sized = PaginationConfig { page_size: Some(5), ..Default::default() };
        assert!(Paginator::new(config, json!({}), sized).is_err());
    }
}

#[test]
fn dynamodb_scan_sums_counts_and_keeps_first_consumed_capacity() {
    let text = embedded("dynamodb").and_then(|s| s.paginators).expect("dynamodb");
    let model = PaginatorModel::from_json(text).expect("loads");
    let config = model.paginator("Scan").expect("Scan");
    let pages = [
        json!({"Items": [{"a": 1}, {"a": 2}], "Count": 2, "ScannedCount": 5, "ConsumedCapacity": {"CapacityUnits": 1.5}, "LastEvaluatedKey": {"a": 2}}),
        json!({"Items": [{"a": 3}], "Count": 1, "ScannedCount": 4, "ConsumedCapacity": {"CapacityUnits": 0.5}}),
    ];
    let mut paginator = Paginator::new(config, json!({"TableName": "t"}), PaginationConfig::default()).expect("new");
    let mut handled = Vec::new();
    for page in &pages {
        let input = paginator.next_request_input().expect("more pages");
        if !handled.is_empty() {
            assert_eq!(input["ExclusiveStartKey"], json!({"a": 2}));
        }
        let mut page = page.clone();
        paginator.handle_page(&mut page).expect("handled");
        handled.push(page);
    }
    assert_eq!(paginator.next_request_input(), None);
    let full = paginator.build_full_result(&handled);
    assert_eq!(
        full,
        json!({"Items": [{"a": 1}, {"a": 2}, {"a": 3}], "Count": 3, "ScannedCount": 9, "ConsumedCapacity": {"CapacityUnits": 1.5}})
    );
}

#[test]
fn route53_page_size_is_sent_as_a_string() {
    // No default service has a string-typed limit key: this runs with `all-services`
    // (as the workspace's test crate builds core).
    let Some(svc) = embedded("route53") else {
        eprintln!("route53 not embedded in this build: skipped");
        return;
    };
    let service = ServiceModel::from_json(svc.service).expect("model");
    let mut model = PaginatorModel::from_json(svc.paginators.expect("paginators")).expect("loads");
    model.set_limit_key_types(&service);
    let config = model.paginator("ListResourceRecordSets").expect("paginator");
    let pagination = PaginationConfig { page_size: Some(100), ..Default::default() };
    let paginator = Paginator::new(config, json!({"HostedZoneId": "Z1"}), pagination).expect("new");
    assert_eq!(paginator.next_request_input(), Some(json!({"HostedZoneId": "Z1", "MaxItems": "100"})));
}
