//! Examples from the JMESPath specification and from the pinned AWS paginators/waiters.

use serde_json::json;

use super::*;

fn eval(expr: &str, data: &Document) -> Document {
    match search(expr, data) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn fields_indexes_and_or() {
    let page = json!({"Contents": [{"Key": "a"}, {"Key": "b"}], "NextMarker": null});
    assert_eq!(eval("NextMarker || Contents[-1].Key", &page), json!("b"));
    assert_eq!(eval("Contents[0].Key", &page), json!("a"));
    assert_eq!(eval("Contents[5].Key", &page), json!(null));
    assert_eq!(eval("Missing.Deeper", &page), json!(null));
    let page = json!({"NextMarker": "m", "Contents": []});
    assert_eq!(eval("NextMarker || Contents[-1].Key", &page), json!("m"));
    assert_eq!(eval("\"NextMarker\"", &page), json!("m"));
}

#[test]
fn nested_flatten_projection() {
    let out = json!({"Reservations": [
        {"Instances": [{"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]},
        {"Instances": [{"State": {"Name": "running"}}, {"NoState": 1}]}
    ]});
    assert_eq!(eval("Reservations[].Instances[].State.Name", &out), json!(["running", "pending", "running"]));
    assert_eq!(eval("Reservations[*].Instances[*].State.Name", &out), json!([["running", "pending"], ["running"]]));
    assert_eq!(eval("length(Reservations[]) > `0`", &out), json!(true));
    assert_eq!(eval("[]", &json!([[1, 2], 3, [4]])), json!([1, 2, 3, 4]));
}

#[test]
fn value_projection() {
    let out = json!({"VerificationAttributes": {
        "a.com": {"VerificationStatus": "Success"},
        "b.com": {"VerificationStatus": "Pending"}
    }});
    assert_eq!(eval("VerificationAttributes.*.VerificationStatus", &out), json!(["Success", "Pending"]));
    assert_eq!(eval("*", &json!({"a": 1, "b": 2})), json!([1, 2]));
}

#[test]
fn filters_and_functions() {
    let out = json!({"services": [
        {"deployments": [1], "runningCount": 2, "desiredCount": 2},
        {"deployments": [1, 2], "runningCount": 1, "desiredCount": 2}
    ]});
    let expr = "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";
    assert_eq!(eval(expr, &out), json!(false));
    assert_eq!(eval("services[?runningCount == desiredCount].runningCount", &out), json!([2]));
    let ddb = json!({"KinesisDataStreamDestinations": [
        {"DestinationStatus": "DISABLED"}, {"DestinationStatus": "ENABLE_FAILED"}
    ]});
    let expr = "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)";
    assert_eq!(eval(expr, &ddb), json!(true));
    assert_eq!(eval("status != 'DELETING'", &json!({"status": "ACTIVE"})), json!(true));
    assert_eq!(eval("contains(a, `2`)", &json!({"a": [1, 2]})), json!(true));
    assert_eq!(eval("not_null(x, y)", &json!({"y": 3})), json!(3));
}

#[test]
fn truthiness_equality_and_comparisons() {
    let data = json!({"zero": 0, "empty": "", "one": 1.0, "list": []});
    assert_eq!(eval("zero || `5`", &data), json!(0));
    assert_eq!(eval("empty || list || `5`", &data), json!(5));
    assert_eq!(eval("one == `1`", &data), json!(true));
    assert_eq!(eval("one < `2`", &data), json!(true));
    assert_eq!(eval("empty < `2`", &data), json!(null));
    assert_eq!(eval("!list", &data), json!(true));
}

#[test]
fn multiselect_and_pipe() {
    let data = json!({"a": {"b": 1, "c": 2}});
    assert_eq!(eval("a.[b, c]", &data), json!([1, 2]));
    assert_eq!(eval("a.{x: b, y: c}", &data), json!({"x": 1, "y": 2}));
    assert_eq!(eval("a | b", &data), json!(1));
}

#[test]
fn rejects_unsupported_and_invalid() {
    for expr in ["a[1:2]", "sort_by(a, &b)", "nope(a)", "length()", "a.", "a[", "[?a", "a b"] {
        assert!(Expression::compile(expr).is_err(), "{expr} should not compile");
    }
    let err = search("length(a)", &json!({"a": 5})).err().map(|e| e.kind);
    assert_eq!(err, Some(JmespathErrorKind::Runtime));
}

#[test]
fn field_paths_and_set_path() {
    let e = Expression::compile("Foo.Bar").ok();
    assert_eq!(e.as_ref().and_then(Expression::field_path), Some(vec!["Foo", "Bar"]));
    assert_eq!(Expression::compile("Foo[0]").ok().and_then(|e| e.field_path().map(|p| p.len())), None);
    let mut doc = json!({"Foo": 1});
    set_path(&mut doc, &["Foo", "Bar"], json!([1]));
    set_path(&mut doc, &["Baz"], json!("x"));
    assert_eq!(doc, json!({"Foo": {"Bar": [1]}, "Baz": "x"}));
}
