//! String templates: `"https://{Region}.{PartitionResult#dnsSuffix}"`.
//!
//! `{name}` inserts a variable (parameter or assigned result), `{name#path}` a
//! [`getAttr`](super::functions::attr) of it; `{{` and `}}` are literal braces. Templates
//! are parsed once when the rule set is prepared, with every name bound to its scope slot.

use crate::error::Error;

use super::functions::attr::AttrPath;
use super::val::Val;

/// Index of a variable in the evaluation scope.
pub(crate) type Slot = usize;

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Var { slot: Slot, name: String, path: Option<AttrPath> },
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// True when `text` must be parsed as a template (it has a brace); other strings are
    /// plain literals.
    pub(crate) fn is_template(text: &str) -> bool {
        text.contains(['{', '}'])
    }

    /// Parses `text`, binding each variable name with `bind` (which fails for a name not in
    /// scope).
    pub(crate) fn parse(text: &str, bind: &mut dyn FnMut(&str) -> Result<Slot, Error>) -> Result<Template, Error> {
        let bad = |why: &str| Error::Endpoint(format!("invalid template `{text}`: {why}"));
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => return Err(bad("single `}`")),
                '{' => {
                    let end = text[i..].find('}').ok_or_else(|| bad("unclosed `{`"))? + i;
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Self::var(&text[i + 1..end], bind)?);
                    while chars.peek().is_some_and(|p| p.0 <= end) {
                        chars.next();
                    }
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Template { parts })
    }

    fn var(inner: &str, bind: &mut dyn FnMut(&str) -> Result<Slot, Error>) -> Result<Part, Error> {
        let (name, path) = match inner.split_once('#') {
            Some((name, path)) => (name, Some(AttrPath::parse(&path.replace('#', "."))?)),
            None => (inner, None),
        };
        Ok(Part::Var { slot: bind(name)?, name: name.to_owned(), path })
    }

    /// Renders the template with the variables of `scope`. Fails when a variable (or the
    /// attribute its path names) is unset.
    pub(crate) fn render(&self, scope: &[Val]) -> Result<String, Error> {
        use std::fmt::Write;
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Var { slot, name, path } => {
                    let value = scope.get(*slot).unwrap_or(&Val::None);
                    let value = match path {
                        Some(path) => path.get(value).unwrap_or(&Val::None),
                        None => value,
                    };
                    if matches!(value, Val::None) {
                        return Err(Error::Endpoint(format!("template variable `{name}` is unset")));
                    }
                    let _ = write!(out, "{value}");
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::endpoint::val::Record;

    fn bind(name: &str) -> Result<Slot, Error> {
        match name {
            "Region" => Ok(0),
            "url" => Ok(1),
            _ => Err(Error::Endpoint(format!("unknown {name}"))),
        }
    }

    #[test]
    fn renders_vars_paths_and_escapes() {
        let url = Record::new(vec![("scheme".into(), Val::Str("https".into()))]);
        let scope = [Val::Str("us-west-2".into()), Val::Record(Arc::new(url))];
        let t = Template::parse("{url#scheme}://s3.{Region}.x/{{literal}}", &mut bind);
        let out = t.and_then(|t| t.render(&scope));
        assert_eq!(out, Ok("https://s3.us-west-2.x/{literal}".to_owned()));
        assert!(Template::parse("{Nope}", &mut bind).is_err());
        assert!(Template::parse("a}b", &mut bind).is_err());
        let unset = Template::parse("{Region}", &mut bind).and_then(|t| t.render(&[Val::None]));
        assert!(unset.is_err());
    }
}
