//! aws-cli's shorthand syntax for structure, map and list parameters:
//!
//! ```text
//! Name=domain,Values=vpc                 {"Name": "domain", "Values": "vpc"}
//! Name=tag:env,Values=dev,prod           {"Name": "tag:env", "Values": ["dev", "prod"]}
//! Key=a,Sub={X=1,Y=[p,q]}                {"Key": "a", "Sub": {"X": "1", "Y": ["p", "q"]}}
//! Text="a, b"                            {"Text": "a, b"}
//! ```
//!
//! Every scalar comes out as a string; [`crate::coerce`] then gives each the type its
//! member has in the model (so `X=1` becomes a number where the model says integer). A
//! bare value after `key=value,` (no `=` of its own) continues that key's value as a list.

use serde_json::{Map, Value};

/// A shorthand string that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShorthandError {
    pub message: String,
    /// Character offset of the problem.
    pub offset: usize,
}

impl std::fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset)
    }
}

/// Parses `Key=Value,...` into a JSON object of strings, lists and objects.
pub fn parse(input: &str) -> Result<Value, ShorthandError> {
    let mut parser = Parser { chars: input.chars().collect(), pos: 0 };
    let value = parser.structure(None)?;
    if parser.pos < parser.chars.len() {
        return Err(parser.error("unexpected character"));
    }
    Ok(value)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error(&self, message: &str) -> ShorthandError {
        let found = self.peek().map_or_else(|| "end of input".to_owned(), |c| format!("'{c}'"));
        ShorthandError { message: format!("{message}, found {found}"), offset: self.pos }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `key=value(,key=value)*`, up to `close` (or the end of input when `None`).
    fn structure(&mut self, close: Option<char>) -> Result<Value, ShorthandError> {
        let mut map = Map::new();
        let mut last_key: Option<String> = None;
        loop {
            if self.peek().is_none() || self.peek() == close {
                break;
            }
            match self.key()? {
                Some(key) => {
                    let value = self.value(close)?;
                    map.insert(key.clone(), value);
                    last_key = Some(key);
                }
                None => {
                    let key = last_key.as_ref().ok_or_else(|| self.error("expected key=value"))?;
                    let more = self.value(close)?;
                    continue_list(&mut map, key, more);
                }
            }
            if !self.eat(',') {
                break;
            }
        }
        Ok(Value::Object(map))
    }

    /// A key followed by `=` (consumed), or `None` (nothing consumed) when the next item
    /// has no `=` of its own.
    fn key(&mut self) -> Result<Option<String>, ShorthandError> {
        let start = self.pos;
        let mut end = start;
        while let Some(&c) = self.chars.get(end) {
            match c {
                '=' => {
                    let key: String = self.chars[start..end].iter().collect::<String>().trim().to_owned();
                    if key.is_empty() {
                        return Err(self.error("empty key"));
                    }
                    self.pos = end + 1;
                    return Ok(Some(key));
                }
                ',' | '[' | ']' | '{' | '}' | '"' | '\'' => return Ok(None),
                _ => end += 1,
            }
        }
        Ok(None)
    }

    /// A value: `[list]`, `{structure}`, a quoted string, or bare text up to the next
    /// separator.
    fn value(&mut self, close: Option<char>) -> Result<Value, ShorthandError> {
        match self.peek() {
            Some('[') => {
                self.pos += 1;
                let list = self.list()?;
                Ok(list)
            }
            Some('{') => {
                self.pos += 1;
                let value = self.structure(Some('}'))?;
                if !self.eat('}') {
                    return Err(self.error("expected '}'"));
                }
                Ok(value)
            }
            Some(q @ ('"' | '\'')) => self.quoted(q),
            _ => Ok(Value::String(self.bare(close))),
        }
    }

    /// The items of a `[...]` list, its `[` already consumed.
    fn list(&mut self) -> Result<Value, ShorthandError> {
        let mut items = Vec::new();
        if self.eat(']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(Some(']'))?);
            if self.eat(']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(',') {
                return Err(self.error("expected ',' or ']'"));
            }
        }
    }

    fn quoted(&mut self, quote: char) -> Result<Value, ShorthandError> {
        self.pos += 1;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '\\' => match self.peek() {
                    Some(next) => {
                        text.push(next);
                        self.pos += 1;
                    }
                    None => return Err(self.error("unfinished escape")),
                },
                c if c == quote => return Ok(Value::String(text)),
                c => text.push(c),
            }
        }
        Err(self.error(&format!("missing closing {quote}")))
    }

    /// Text up to `,`, or `close`, or the end; surrounding spaces trimmed.
    fn bare(&mut self, close: Option<char>) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == ',' || Some(c) == close || (close.is_some() && (c == ']' || c == '}')) {
                break;
            }
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect::<String>().trim().to_owned()
    }
}

/// `key=a,b`: turns `key`'s value into a list (if it is not one yet) and appends `more`.
fn continue_list(map: &mut Map<String, Value>, key: &str, more: Value) {
    if let Some(existing) = map.get_mut(key) {
        match existing {
            Value::Array(items) => items.push(more),
            other => {
                let first = other.take();
                *other = Value::Array(vec![first, more]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flat_pairs() -> Result<(), ShorthandError> {
        assert_eq!(parse("Name=domain,Values=vpc")?, json!({"Name": "domain", "Values": "vpc"}));
        Ok(())
    }

    #[test]
    fn bare_values_continue_a_list() -> Result<(), ShorthandError> {
        assert_eq!(parse("Name=tag:env,Values=dev,prod")?, json!({"Name": "tag:env", "Values": ["dev", "prod"]}));
        Ok(())
    }

    #[test]
    fn nested_lists_structures_and_quotes() -> Result<(), ShorthandError> {
        let parsed = parse("Key=a,Sub={X=1,Y=[p,q]},Text=\"a, b\",Empty=[]")?;
        assert_eq!(parsed, json!({"Key": "a", "Sub": {"X": "1", "Y": ["p", "q"]}, "Text": "a, b", "Empty": []}));
        Ok(())
    }

    #[test]
    fn values_may_contain_equals_signs_after_the_first() -> Result<(), ShorthandError> {
        assert_eq!(parse("Expr=a=b")?, json!({"Expr": "a=b"}));
        Ok(())
    }

    #[test]
    fn errors_name_the_position() {
        let err = parse("Key={X=1").err();
        assert!(matches!(err, Some(ShorthandError { offset: 8, .. })), "{err:?}");
        assert!(parse("novalue").is_err());
        assert!(parse("K=\"open").is_err());
    }
}
