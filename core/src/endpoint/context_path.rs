//! The JMESPath subset of `operationContextParams` paths:
//! `TableCreationParameters.TableName`, `TransactItems[*].Get.TableName`,
//! `TransactItems[*].[ConditionCheck.TableName, Put.TableName][]`, `keys(RequestItems)`.
//!
//! Supported: fields (`a.b`), indexes (`a[0]`, `a[-1]`), wildcard projections (`a[*].b`),
//! flatten (`a[]`), multi-select lists (`a.[b, c]`) and the `keys()` function, with
//! JMESPath semantics (projections drop null results). Other syntax is an error.

use crate::error::Error;
use crate::Document;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    Wildcard,
    Flatten,
    MultiSelect(Vec<Vec<Step>>),
    Keys(Vec<Step>),
}

/// Evaluates `path` against `input`; `Null` when it selects nothing.
pub(crate) fn search(path: &str, input: &Document) -> Result<Document, Error> {
    let chars: Vec<char> = path.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parser = Parser { path, chars: &chars, pos: 0 };
    let steps = parser.expression()?;
    if parser.pos != chars.len() {
        return Err(parser.error());
    }
    Ok(eval(&steps, input))
}

struct Parser<'a> {
    path: &'a str,
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self) -> Error {
        Error::Model(format!("unsupported operationContextParams path `{}`", self.path))
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.chars.get(self.pos) == Some(&c);
        self.pos += usize::from(found);
        found
    }

    /// expression := term ( '.' term | '[' ( '*' | '' | index ) ']' )*
    fn expression(&mut self) -> Result<Vec<Step>, Error> {
        let mut steps = vec![self.term()?];
        loop {
            if self.eat('.') {
                steps.push(self.term()?);
            } else if self.eat('[') {
                steps.push(self.bracket()?);
            } else {
                return Ok(steps);
            }
        }
    }

    /// term := identifier | 'keys(' expression ')' | '[' expression (',' expression)* ']'
    fn term(&mut self) -> Result<Step, Error> {
        if self.eat('[') {
            let mut list = vec![self.expression()?];
            while self.eat(',') {
                list.push(self.expression()?);
            }
            return if self.eat(']') { Ok(Step::MultiSelect(list)) } else { Err(self.error()) };
        }
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        if name.is_empty() {
            return Err(self.error());
        }
        if !self.eat('(') {
            return Ok(Step::Field(name));
        }
        let argument = self.expression()?;
        match (name.as_str(), self.eat(')')) {
            ("keys", true) => Ok(Step::Keys(argument)),
            _ => Err(self.error()),
        }
    }

    fn bracket(&mut self) -> Result<Step, Error> {
        if self.eat(']') {
            return Ok(Step::Flatten);
        }
        if self.eat('*') {
            return if self.eat(']') { Ok(Step::Wildcard) } else { Err(self.error()) };
        }
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_digit() || *c == '-') {
            self.pos += 1;
        }
        let index: String = self.chars[start..self.pos].iter().collect();
        match (index.parse(), self.eat(']')) {
            (Ok(i), true) => Ok(Step::Index(i)),
            _ => Err(self.error()),
        }
    }
}

fn eval(steps: &[Step], input: &Document) -> Document {
    let mut current = input.clone();
    let mut i = 0;
    while let Some(step) = steps.get(i) {
        i += 1;
        current = match step {
            Step::Field(name) => current.get(name).cloned().unwrap_or_default(),
            Step::Index(index) => index_of(&current, *index),
            Step::MultiSelect(list) if !current.is_null() => list.iter().map(|s| eval(s, &current)).collect(),
            Step::MultiSelect(_) => Document::Null,
            Step::Keys(argument) => match eval(argument, &current) {
                Document::Object(map) => map.keys().cloned().map(Document::String).collect(),
                _ => Document::Null,
            },
            Step::Wildcard | Step::Flatten => {
                let Document::Array(items) = current else {
                    return Document::Null;
                };
                let items = if *step == Step::Flatten { flatten(items) } else { items };
                let rest = &steps[i..];
                let end = rest.iter().position(|s| *s == Step::Flatten).unwrap_or(rest.len());
                i += end;
                let projected = items.iter().map(|item| eval(&rest[..end], item));
                Document::Array(projected.filter(|v| !v.is_null()).collect())
            }
        };
    }
    current
}

fn index_of(value: &Document, index: i64) -> Document {
    let Document::Array(items) = value else {
        return Document::Null;
    };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let at = if index < 0 { len + index } else { index };
    usize::try_from(at).ok().and_then(|at| items.get(at)).cloned().unwrap_or_default()
}

fn flatten(items: Vec<Document>) -> Vec<Document> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Document::Array(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(path: &str, input: &Document) -> Document {
        search(path, input).unwrap_or(json!("error"))
    }

    #[test]
    fn dynamodb_paths() {
        let input = json!({
            "RequestItems": {"t1": {}, "t2": {}},
            "TableCreationParameters": {"TableName": "t"},
            "TransactItems": [
                {"Get": {"TableName": "a"}},
                {"Put": {"TableName": "b"}},
                {"ConditionCheck": {"TableName": "c"}, "Update": {"TableName": "d"}}
            ]
        });
        assert_eq!(run("keys(RequestItems)", &input), json!(["t1", "t2"]));
        assert_eq!(run("TableCreationParameters.TableName", &input), json!("t"));
        assert_eq!(run("TransactItems[*].Get.TableName", &input), json!(["a"]));
        let all = "TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]";
        assert_eq!(run(all, &input), json!(["b", "c", "d"]));
        assert_eq!(run("TransactItems[-1].Update.TableName", &input), json!("d"));
        assert_eq!(run("Missing[*].x", &input), Document::Null);
        assert!(search("a | b", &input).is_err());
        assert!(search("length(a)", &input).is_err());
    }
}
