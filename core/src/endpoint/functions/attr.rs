//! `getAttr`: paths into records and arrays (`resourceId[1]`, `a.b[0]`), also used by the
//! `{name#path}` template shorthand.

use crate::error::Error;

use super::super::val::Val;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// A record field.
    Field(String),
    /// An array element.
    Index(usize),
}

/// A parsed `getAttr` path, prepared once with the rule set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct AttrPath {
    steps: Vec<Step>,
}

impl AttrPath {
    /// Parses `a.b[0]`-style paths: `.`-separated parts, each a field name followed by
    /// any number of `[index]`, or only indexes (`[2]`).
    pub(crate) fn parse(path: &str) -> Result<AttrPath, Error> {
        let bad = || Error::Endpoint(format!("invalid getAttr path `{path}`"));
        let mut steps = Vec::new();
        for part in path.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !name.is_empty() {
                steps.push(Step::Field(name.to_owned()));
            } else if rest.is_empty() {
                return Err(bad());
            }
            while !rest.is_empty() {
                let close = rest.find(']').ok_or_else(bad)?;
                let index = rest.get(1..close).and_then(|n| n.parse().ok()).ok_or_else(bad)?;
                steps.push(Step::Index(index));
                rest = &rest[close + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return Err(bad());
                }
            }
        }
        Ok(AttrPath { steps })
    }

    /// Follows the path from `value`. A missing field, an index out of range or a step
    /// into a value of the wrong kind yields unset, as does an unset start.
    pub(crate) fn get<'v>(&self, value: &'v Val) -> Option<&'v Val> {
        let mut current = value;
        for step in &self.steps {
            current = match (step, current) {
                (Step::Field(name), Val::Record(record)) => record.get(name)?,
                (Step::Index(i), Val::Array(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::endpoint::val::Record;

    #[test]
    fn fields_and_indexes() {
        let arn = Val::Record(Arc::new(Record::new(vec![(
            "resourceId".into(),
            Val::Array(vec![Val::Str("accesspoint".into()), Val::Str("ap".into())]),
        )])));
        let path = AttrPath::parse("resourceId[1]").map_err(|e| e.to_string());
        assert_eq!(path.clone().map(|p| p.get(&arn).cloned()), Ok(Some(Val::Str("ap".into()))));
        let far = AttrPath::parse("resourceId[5]").map_err(|e| e.to_string());
        assert_eq!(far.map(|p| p.get(&arn).cloned()), Ok(None));
        let nested = AttrPath::parse("[0]").map_err(|e| e.to_string());
        let list = Val::Array(vec![Val::Str("a".into())]);
        assert_eq!(nested.map(|p| p.get(&list).cloned()), Ok(Some(Val::Str("a".into()))));
        assert!(AttrPath::parse("a[x]").is_err());
        assert!(AttrPath::parse("a..b").is_err());
    }
}
