//! The paginator state machine, following botocore's `PageIterator` (`paginate.py`).

// `crate::Error` is the crate-wide error type; its size is error.rs's concern.

use serde_json::{Map, Value};

use crate::error::{Error, ParamValidationError};
use crate::Document;

use super::config::{LimitKeyType, PaginatorConfig, ResultKey};
use super::full_result::FullResult;
use super::token::{decode_token, encode_token, NextToken, TRUNCATE_AMOUNT_KEY};

/// The caller's pagination options (botocore's `PaginationConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaginationConfig {
    /// Stop after this many items of the primary result key; a resume token is then
    /// offered ([`Paginator::resume_token`], `NextToken` in full results).
    pub max_items: Option<u64>,
    /// Items per page, sent as the operation's `limit_key`.
    pub page_size: Option<u64>,
    /// Resume from a token a previous pagination returned.
    pub starting_token: Option<String>,
}

/// Pages through one operation's results.
///
/// Call order: [`Self::next_request_input`] gives the input of the next call (`None`
/// once pagination is over); send it, then hand the output to [`Self::handle_page`],
/// which may truncate it in place (`max_items`, `starting_token`); repeat. Afterwards
/// [`Self::resume_token`] and [`Self::build_full_result`] are available.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    config: PaginatorConfig,
    max_items: Option<u64>,
    request: Map<String, Value>,
    /// The token(s) the current request carries.
    next_token: NextToken,
    previous_next_token: Option<NextToken>,
    starting_truncation: Option<usize>,
    total_items: u64,
    first_page: bool,
    resume_token: Option<String>,
    non_aggregate_part: Document,
    done: bool,
}

fn validation(problem: impl Into<String>) -> Error {
    Error::Validation(ParamValidationError { problems: vec![problem.into()] })
}

/// Python truthiness, which botocore applies to tokens and `more_results`.
fn py_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Python's `len()` of a result: items of a list, characters of a string, members.
fn item_count(value: Option<&Value>) -> u64 {
    let count = match value {
        Some(Value::Array(a)) => a.len(),
        Some(Value::String(s)) => s.chars().count(),
        Some(Value::Object(o)) => o.len(),
        _ => 0,
    };
    u64::try_from(count).unwrap_or(u64::MAX)
}

/// The first `keep` items of a list or string, skipping `skip` first.
fn slice(value: Option<&Value>, skip: usize, keep: Option<usize>) -> Value {
    let keep = keep.unwrap_or(usize::MAX);
    match value {
        Some(Value::Array(a)) => Value::Array(a.iter().skip(skip).take(keep).cloned().collect()),
        Some(Value::String(s)) => Value::String(s.chars().skip(skip).take(keep).collect()),
        _ => Value::Null,
    }
}

impl Paginator {
    /// Starts paginating `config`'s operation with `input` (an object; `null` is an empty
    /// one). Fails on a `page_size` for an operation without `limit_key`, or a starting
    /// token that is not one of this operation's.
    pub fn new(config: &PaginatorConfig, input: Document, pagination: PaginationConfig) -> Result<Self, Error> {
        let mut request = match input {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            _ => return Err(validation("Invalid type for parameter input, value must be a structure")),
        };
        let (next_token, starting_truncation) = match &pagination.starting_token {
            None => (config.input_token.iter().map(|k| (k.clone(), Value::Null)).collect(), None),
            Some(token) => Self::parse_starting_token(config, token)?,
        };
        if let Some(size) = pagination.page_size {
            let Some(limit_key) = &config.limit_key else {
                return Err(validation(
                    "PageSize parameter is not supported for the pagination interface for this operation.",
                ));
            };
            let value = match config.limit_key_type {
                LimitKeyType::Integer => Value::from(size),
                LimitKeyType::String => Value::String(size.to_string()),
            };
            request.insert(limit_key.clone(), value);
        }
        let mut paginator = Self {
            config: config.clone(),
            max_items: pagination.max_items,
            request,
            next_token,
            previous_next_token: None,
            starting_truncation,
            total_items: 0,
            first_page: true,
            resume_token: None,
            non_aggregate_part: Value::Object(Map::new()),
            done: false,
        };
        if paginator.starting_truncation.is_some() {
            paginator.inject_token(&paginator.next_token.clone());
        }
        Ok(paginator)
    }

    fn parse_starting_token(config: &PaginatorConfig, token: &str) -> Result<(NextToken, Option<usize>), Error> {
        let bad = || validation(format!("Bad starting token: {token}"));
        let (next_token, skip) = decode_token(token, &config.input_token).ok_or_else(bad)?;
        let mut keys: Vec<&str> = next_token.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = config.input_token.iter().map(String::as_str).collect();
        keys.sort_unstable();
        expected.sort_unstable();
        if keys != expected {
            return Err(bad());
        }
        Ok((next_token, Some(skip)))
    }

    /// The input of the next call, `None` when pagination is over. Calling it again
    /// before [`Self::handle_page`] returns the same input.
    pub fn next_request_input(&self) -> Option<Document> {
        (!self.done).then(|| Value::Object(self.request.clone()))
    }

    /// True once the last page was handled.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The token to resume from when `max_items` stopped pagination early.
    pub fn resume_token(&self) -> Option<&str> {
        self.resume_token.as_deref()
    }

    /// The `non_aggregate_keys` values of the first page (`null` where absent).
    pub fn non_aggregate_part(&self) -> &Document {
        &self.non_aggregate_part
    }

    /// The operation's pagination configuration.
    pub fn config(&self) -> &PaginatorConfig {
        &self.config
    }

    /// Handles the output of the call made with [`Self::next_request_input`]: trims
    /// `page` to the items the caller should see (items already returned before a
    /// starting token; items past `max_items`), and prepares the next request or ends
    /// pagination. Fails when the service repeats its previous token (the page itself
    /// stays valid) or when called after the end.
    pub fn handle_page(&mut self, page: &mut Document) -> Result<(), Error> {
        if self.done {
            return Err(Error::Parse("pagination: handle_page called after the last page".into()));
        }
        let mut starting_truncation = 0;
        if self.first_page {
            if let Some(skip) = self.starting_truncation {
                starting_truncation = skip;
                self.truncate_first_page(page, skip);
            }
            self.first_page = false;
            self.record_non_aggregate_keys(page);
        }
        let primary = self.config.result_key.first().cloned();
        let count = item_count(primary.as_ref().and_then(|key| key.get(page)));
        if let (Some(max), Some(key)) = (self.max_items, primary) {
            let keep = max.saturating_sub(self.total_items);
            if count > keep {
                self.truncate_last_page(page, &key, keep, starting_truncation);
                return Ok(());
            }
        }
        self.total_items += count;
        self.advance(page)
    }

    /// Moves to the next token, or ends pagination.
    fn advance(&mut self, page: &Document) -> Result<(), Error> {
        let next_token = self.token_from(page);
        if next_token.values().all(Value::is_null) {
            self.done = true;
            return Ok(());
        }
        if self.max_items == Some(self.total_items) {
            self.resume_token = Some(encode_token(&next_token));
            self.done = true;
            return Ok(());
        }
        if self.previous_next_token.as_ref() == Some(&next_token) {
            self.done = true;
            let shown = Value::Object(next_token).to_string();
            return Err(Error::Parse(format!("pagination: the same next token was received twice: {shown}")));
        }
        self.inject_token(&next_token);
        self.previous_next_token = Some(next_token.clone());
        self.next_token = next_token;
        Ok(())
    }

    /// The token(s) in `page`: empty when `more_results` says this is the last page;
    /// `null` for an absent or empty token.
    fn token_from(&self, page: &Document) -> NextToken {
        let mut tokens = NextToken::new();
        if let Some(more) = &self.config.more_results {
            if !more.search(page).is_ok_and(|v| py_truthy(&v)) {
                return tokens;
            }
        }
        for (expression, name) in self.config.output_token.iter().zip(&self.config.input_token) {
            let value = expression.search(page).unwrap_or(Value::Null);
            tokens.insert(name.clone(), if py_truthy(&value) { value } else { Value::Null });
        }
        tokens
    }

    fn inject_token(&mut self, token: &NextToken) {
        for (name, value) in token {
            if value.is_null() || value.as_str() == Some("None") {
                self.request.remove(name);
            } else {
                self.request.insert(name.clone(), value.clone());
            }
        }
    }

    fn record_non_aggregate_keys(&mut self, page: &Document) {
        for key in &self.config.non_aggregate_keys {
            let value = key.get(page).cloned().unwrap_or(Value::Null);
            key.set(&mut self.non_aggregate_part, value);
        }
    }

    /// Resuming mid-page: drops the `skip` items already returned from the primary key,
    /// and empties the secondary keys (numbers, like DynamoDB's `Count`, stay).
    fn truncate_first_page(&self, page: &mut Document, skip: usize) {
        let Some((primary, secondary)) = self.config.result_key.split_first() else { return };
        let trimmed = slice(primary.get(page), skip, None);
        primary.set(page, trimmed);
        for key in secondary {
            let emptied = match key.get(page) {
                Some(Value::Array(_)) => Value::Array(Vec::new()),
                Some(Value::String(_)) => Value::String(String::new()),
                Some(n @ Value::Number(_)) => n.clone(),
                _ => Value::Null,
            };
            key.set(page, emptied);
        }
    }

    /// Keeps the first `keep` primary items and records where to resume.
    fn truncate_last_page(&mut self, page: &mut Document, key: &ResultKey, keep: u64, starting_truncation: usize) {
        let keep = usize::try_from(keep).unwrap_or(usize::MAX);
        let trimmed = slice(key.get(page), 0, Some(keep));
        key.set(page, trimmed);
        let mut token = self.next_token.clone();
        token.insert(TRUNCATE_AMOUNT_KEY.to_owned(), Value::from(keep.saturating_add(starting_truncation)));
        self.resume_token = Some(encode_token(&token));
        self.done = true;
    }

    /// botocore's `build_full_result()` over the (already handled) `pages`: result keys
    /// aggregated, first-page non-aggregate keys merged in, `NextToken` set to the resume
    /// token when `max_items` stopped early.
    pub fn build_full_result<'a>(&self, pages: impl IntoIterator<Item = &'a Document>) -> Document {
        let mut full = FullResult::new();
        for page in pages {
            full.add_page(&self.config.result_key, page);
        }
        full.finish(&self.non_aggregate_part, self.resume_token())
    }
}
