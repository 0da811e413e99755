//! A JMESPath evaluator over [`crate::Document`] values, for the expressions AWS models
//! use: paginator tokens and result keys, waiter acceptor arguments.
//!
//! It implements this subset of the [JMESPath specification](https://jmespath.org/specification.html):
//! identifiers (plain and quoted), sub-expressions (`a.b`), indexes (`a[-1]`), list,
//! flatten, object and filter projections (`a[*].b`, `a[].b`, `a.*.b`, `a[?b == 'x']`),
//! `||`, `&&`, `!`, comparisons, pipes, multi-select lists and hashes, literals
//! (`` `json` ``, `'raw'`), `@`, and the functions `length`, `contains`, `starts_with`,
//! `ends_with`, `keys`, `values`, `type`, `not_null`. Slices, expression references
//! (`&`) and other functions are rejected when compiling, never silently mis-evaluated.
//!
//! Why not the `jmespath` crate: its 0.5 release needs Rust 2024 (the workspace supports
//! 1.80), stores objects in a `BTreeMap` (documents keep member order here), and copies
//! every searched document into its own value type.

mod eval;
mod functions;
mod lexer;
mod parser;

use std::fmt;

use crate::Document;

pub use eval::json_eq;

/// What went wrong with an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JmespathErrorKind {
    /// The expression is not valid JMESPath.
    Syntax,
    /// Valid JMESPath that this evaluator does not implement.
    Unsupported,
    /// Evaluation failed (a function given a value of the wrong type).
    Runtime,
}

/// A compile or evaluation error, naming the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JmespathError {
    pub kind: JmespathErrorKind,
    /// The expression's source text.
    pub expression: String,
    /// Character offset of the problem, for syntax errors.
    pub offset: Option<usize>,
    pub message: String,
}

impl JmespathError {
    fn syntax(expression: &str, offset: usize, message: impl Into<String>) -> Self {
        Self {
            kind: JmespathErrorKind::Syntax,
            expression: expression.to_owned(),
            offset: Some(offset),
            message: message.into(),
        }
    }

    fn unsupported(expression: &str, what: &str) -> Self {
        Self {
            kind: JmespathErrorKind::Unsupported,
            expression: expression.to_owned(),
            offset: None,
            message: format!("{what} are not supported"),
        }
    }
}

impl fmt::Display for JmespathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JMESPath expression `{}`: {}", self.expression, self.message)?;
        if let Some(at) = self.offset {
            write!(f, " (at character {at})")?;
        }
        Ok(())
    }
}

impl std::error::Error for JmespathError {}

/// A compiled JMESPath expression. Cheap to clone, `Send + Sync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    source: String,
    ast: parser::Node,
}

impl Expression {
    /// Compiles `source`.
    pub fn compile(source: &str) -> Result<Self, JmespathError> {
        let tokens = lexer::tokenize(source)?;
        let ast = parser::parse(source, tokens)?;
        Ok(Self { source: source.to_owned(), ast })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Evaluates the expression against `data`. Missing members give `null`.
    pub fn search(&self, data: &Document) -> Result<Document, JmespathError> {
        eval::eval(&self.ast, data).map_err(|message| JmespathError {
            kind: JmespathErrorKind::Runtime,
            expression: self.source.clone(),
            offset: None,
            message,
        })
    }

    /// The member names of a plain field path (`Contents`, `Foo.Bar`), `None` for any
    /// other expression. Paginator result keys are such paths, and are written back into
    /// results by [`set_path`].
    pub fn field_path(&self) -> Option<Vec<&str>> {
        fn walk<'a>(node: &'a parser::Node, out: &mut Vec<&'a str>) -> bool {
            match node {
                parser::Node::Field(name) => {
                    out.push(name);
                    true
                }
                parser::Node::Subexpr(left, right) => walk(left, out) && walk(right, out),
                _ => false,
            }
        }
        let mut out = Vec::new();
        walk(&self.ast, &mut out).then_some(out)
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// Sets `value` at the field `path` inside `target`, creating (or replacing non-object
/// values with) objects on the way, as botocore's `set_value_from_jmespath`.
pub fn set_path(target: &mut Document, path: &[&str], value: Document) {
    let Some((last, parents)) = path.split_last() else {
        *target = value;
        return;
    };
    let mut node = target;
    for name in parents {
        if !node.is_object() {
            *node = Document::Object(serde_json::Map::new());
        }
        let Document::Object(map) = node else { return };
        node = map.entry((*name).to_owned()).or_insert_with(|| Document::Object(serde_json::Map::new()));
    }
    if !node.is_object() {
        *node = Document::Object(serde_json::Map::new());
    }
    if let Document::Object(map) = node {
        map.insert((*last).to_owned(), value);
    }
}

/// Compiles and evaluates `expression` against `data` in one step.
pub fn search(expression: &str, data: &Document) -> Result<Document, JmespathError> {
    Expression::compile(expression)?.search(data)
}

#[cfg(test)]
mod tests;
