//! Aggregation of pages into one result, as botocore's `PageIterator.build_full_result()`.

use serde_json::{Map, Value};

use crate::Document;

use super::config::ResultKey;

/// Builds a full result page by page, so pages need not all be kept in memory.
///
/// Call order: [`Self::add_page`] for each page as [`super::Paginator::handle_page`] left
/// it, then [`Self::finish`] with the paginator's non-aggregate part and resume token.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FullResult {
    result: Document,
}

impl FullResult {
    /// An empty result.
    pub fn new() -> Self {
        Self { result: Value::Object(Map::new()) }
    }

    /// Adds one page: each result key's list is appended to, numbers are summed and
    /// strings concatenated; a key first seen on this page is copied.
    pub fn add_page(&mut self, result_keys: &[ResultKey], page: &Document) {
        for key in result_keys {
            let Some(value) = key.get(page).filter(|v| !v.is_null()) else { continue };
            match key.get_mut(&mut self.result) {
                None | Some(Value::Null) => key.set(&mut self.result, value.clone()),
                Some(existing) => combine(existing, value),
            }
        }
    }

    /// The full result: aggregated keys, then the first page's non-aggregate keys merged
    /// in, and `NextToken` when pagination stopped at `max_items`.
    pub fn finish(mut self, non_aggregate_part: &Document, resume_token: Option<&str>) -> Document {
        merge_objects(&mut self.result, non_aggregate_part);
        if let (Some(token), Value::Object(map)) = (resume_token, &mut self.result) {
            map.insert("NextToken".to_owned(), Value::String(token.to_owned()));
        }
        self.result
    }
}

/// `existing += value` for lists, numbers and strings; other combinations are left alone.
fn combine(existing: &mut Value, value: &Value) {
    match (existing, value) {
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (Value::String(s), Value::String(more)) => s.push_str(more),
        (existing @ Value::Number(_), Value::Number(more)) => {
            let sum = match (existing.as_i64(), more.as_i64()) {
                (Some(a), Some(b)) => a.checked_add(b).map(Value::from),
                _ => None,
            };
            let float_sum = || existing.as_f64().zip(more.as_f64()).map(|(a, b)| Value::from(a + b));
            if let Some(sum) = sum.or_else(float_sum) {
                *existing = sum;
            }
        }
        _ => {}
    }
}

/// botocore's `merge_dicts`: objects merge recursively, anything else in `from` wins.
fn merge_objects(into: &mut Document, from: &Document) {
    let (Value::Object(into), Value::Object(from)) = (into, from) else { return };
    for (key, value) in from {
        match into.get_mut(key) {
            Some(existing @ Value::Object(_)) if value.is_object() => merge_objects(existing, value),
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn combines_and_merges() {
        let mut list = json!([1]);
        combine(&mut list, &json!([2, 3]));
        assert_eq!(list, json!([1, 2, 3]));
        let mut count = json!(2);
        combine(&mut count, &json!(3));
        assert_eq!(count, json!(5));
        let mut text = json!("ab");
        combine(&mut text, &json!("c"));
        assert_eq!(text, json!("abc"));
        let mut into = json!({"A": {"B": 1}, "C": [1]});
        merge_objects(&mut into, &json!({"A": {"D": 2}, "C": null}));
        assert_eq!(into, json!({"A": {"B": 1, "D": 2}, "C": null}));
    }
}
