//! Shape-guided reading of XML elements into Documents: the body rules rest-xml, query
//! and ec2 share (botocore's `BaseXMLResponseParser`).
//!
//! - A structure's members are its child elements, named by the member's `locationName`
//!   or member name (and, failing that, the target shape's `locationName`, which some
//!   models such as ElastiCache carry); `xmlAttribute` members are attributes.
//! - A list is a wrapper element whose children are the items, whatever their name; a
//!   `flattened` list is the repeated member elements themselves, named like botocore by
//!   the list member's `locationName` first, else the member name (Smithy's rule, tried
//!   when the first finds nothing).
//! - A map is a wrapper of entries holding `key`/`value` children (names overridable by
//!   `locationName`); a `flattened` map is the repeated entries themselves.
//! - Members bound to the HTTP envelope (headers, status code) are not read here; a
//!   `uri` or `querystring` location means nothing in a response, so such members are
//!   read from the body.

use std::rc::Rc;

use serde_json::Value;

use super::headers;
use super::value::{self, scalar_from_text, Object};
use super::xml::Element;
use crate::error::Error;
use crate::model::{MemberRef, ServiceModel, Shape, ShapeType};
use crate::Document;

/// Reads the body members of structure `shape` from element `el`.
pub(crate) fn structure<'m>(model: &'m ServiceModel, shape: &'m Shape, el: &Element<'_>) -> Result<Object, Error> {
    Reader::new(model).structure(shape, el)
}

/// Reads the value of a member found as `elements` (one element, or every repetition of a
/// flattened list or map). `None` when nothing was found or the value is empty where a
/// value cannot be.
pub(crate) fn member_value<'m>(
    model: &'m ServiceModel,
    member: &'m MemberRef,
    target: &'m Shape,
    elements: &[&Element<'_>],
) -> Result<Option<Document>, Error> {
    let Some(first) = elements.first() else {
        return Ok(None);
    };
    Reader::new(model).value(member, target, first, elements.iter().copied())
}

/// How one body member of a structure is read, worked out once per structure shape and
/// parse (not once per element: a list of a thousand structures shares it).
struct MemberPlan<'m> {
    name: &'m str,
    member: &'m MemberRef,
    /// `None` when the model does not define the target (an error once it is reached).
    target: Option<&'m Shape>,
    /// The names the member's elements may have, tried in order: the first present wins.
    candidates: [Option<&'m str>; 3],
}

/// The reading of one document: the model, and the member plans of the structure shapes
/// met so far (few per document, found by address).
struct Reader<'m> {
    model: &'m ServiceModel,
    plans: Vec<(&'m Shape, Rc<[MemberPlan<'m>]>)>,
}

/// A structure's child elements, with the first position of each name when there are
/// many children (a listing's thousand `<Contents>`), so that looking a member up does
/// not scan them all.
struct Children<'x, 'a> {
    all: &'x [Element<'a>],
    firsts: Vec<(&'x str, usize)>,
}

/// Children up to this many are scanned; more are indexed by name.
const SCAN_CHILDREN: usize = 16;
/// An index holding more distinct names than this is given up (children are then scanned).
const MAX_INDEXED_NAMES: usize = 32;

impl<'x, 'a> Children<'x, 'a> {
    fn new(all: &'x [Element<'a>]) -> Self {
        let mut firsts: Vec<(&'x str, usize)> = Vec::new();
        if all.len() > SCAN_CHILDREN {
            let mut last: Option<&str> = None;
            for (i, child) in all.iter().enumerate() {
                let name = child.name.as_ref();
                if last == Some(name) {
                    continue;
                }
                last = Some(name);
                if !firsts.iter().any(|(n, _)| *n == name) {
                    if firsts.len() == MAX_INDEXED_NAMES {
                        firsts.clear();
                        break;
                    }
                    firsts.push((name, i));
                }
            }
        }
        Children { all, firsts }
    }

    /// The position of the first child named `name`.
    fn first(&self, name: &str) -> Option<usize> {
        if self.firsts.is_empty() {
            self.all.iter().position(|c| c.name == name)
        } else {
            self.firsts.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
        }
    }
}

impl<'m> Reader<'m> {
    fn new(model: &'m ServiceModel) -> Self {
        Reader { model, plans: Vec::new() }
    }

    /// The member plan of structure `shape`.
    fn plan(&mut self, shape: &'m Shape) -> Rc<[MemberPlan<'m>]> {
        if let Some((_, plan)) = self.plans.iter().find(|(s, _)| std::ptr::eq(*s, shape)) {
            return Rc::clone(plan);
        }
        let plan: Rc<[MemberPlan<'m>]> = shape
            .members
            .iter()
            .filter(|(_, member)| !headers::is_envelope_bound(member))
            .map(|(name, member)| {
                let target = value::target(self.model, member).ok();
                MemberPlan { name, member, target, candidates: candidates(name, member, target) }
            })
            .collect();
        self.plans.push((shape, Rc::clone(&plan)));
        plan
    }

    fn structure(&mut self, shape: &'m Shape, el: &Element<'_>) -> Result<Object, Error> {
        let plan = self.plan(shape);
        let children = Children::new(&el.children);
        let mut out = Object::with_capacity(plan.len());
        for m in plan.iter() {
            let target = match m.target {
                Some(target) => target,
                None => value::target(self.model, m.member)?,
            };
            if m.member.xml_attribute {
                let attribute = m.member.location_name.as_deref().unwrap_or(m.name);
                if let Some(v) = el.attribute(attribute).map(|t| scalar_from_text(target, t)).transpose()?.flatten() {
                    out.insert(m.name.to_owned(), v);
                }
                continue;
            }
            let found = m.candidates.iter().flatten().find_map(|c| children.first(c).map(|i| (i, *c)));
            let Some((i, candidate)) = found else { continue };
            let rest = el.children.get(i..).unwrap_or_default();
            let Some(first) = rest.first() else { continue };
            let all = rest.iter().filter(|c| c.name == candidate);
            if let Some(v) = self.value(m.member, target, first, all)? {
                out.insert(m.name.to_owned(), v);
            }
        }
        if shape.union && out.is_empty() {
            if let [only] = el.children.as_slice() {
                return Ok(value::unknown_union_member(&only.name));
            }
        }
        value::check_union(shape, &el.name, &out)?;
        Ok(out)
    }

    /// The value of a member whose first element is `first` and whose elements are `all`
    /// (read only for flattened lists and maps).
    fn value<'x, 'a: 'x>(
        &mut self,
        member: &'m MemberRef,
        target: &'m Shape,
        first: &'x Element<'a>,
        all: impl Iterator<Item = &'x Element<'a>>,
    ) -> Result<Option<Document>, Error> {
        let flattened = member.flattened || target.flattened;
        let value = match target.shape_type {
            ShapeType::List if flattened => self.list(target, all)?,
            ShapeType::List => self.list(target, first.children.iter())?,
            ShapeType::Map if flattened => self.map(target, all)?,
            ShapeType::Map => self.map(target, first.children.iter())?,
            ShapeType::Structure => Value::Object(self.structure(target, first)?),
            _ => return scalar_from_text(target, &first.text),
        };
        Ok(Some(value))
    }

    fn list<'x, 'a: 'x>(
        &mut self,
        shape: &'m Shape,
        items: impl Iterator<Item = &'x Element<'a>>,
    ) -> Result<Document, Error> {
        let member = list_member(shape)?;
        let target = value::target(self.model, member)?;
        let mut out = Vec::with_capacity(items.size_hint().0);
        for item in items {
            out.push(self.value(member, target, item, std::iter::once(item))?.unwrap_or(Value::Null));
        }
        Ok(Value::Array(out))
    }

    fn map<'x, 'a: 'x>(
        &mut self,
        shape: &'m Shape,
        entries: impl Iterator<Item = &'x Element<'a>>,
    ) -> Result<Document, Error> {
        let (key, val) = match (shape.key.as_deref(), shape.value.as_deref()) {
            (Some(k), Some(v)) => (k, v),
            _ => return Err(Error::Model("a map shape needs a key and a value".into())),
        };
        let key_name = key.location_name.as_deref().unwrap_or("key");
        let value_name = val.location_name.as_deref().unwrap_or("value");
        let value_target = value::target(self.model, val)?;
        let mut out = Object::new();
        for entry in entries {
            let key_text = entry
                .child_text(key_name)
                .ok_or_else(|| value::parse_error(format!("map entry <{}> has no <{key_name}>", entry.name)))?;
            let found = match entry.child(value_name) {
                Some(v) => self.value(val, value_target, v, std::iter::once(v))?,
                None => None,
            };
            match found {
                Some(v) => out.insert(key_text.to_owned(), v),
                None if shape.sparse => out.insert(key_text.to_owned(), Value::Null),
                None => None,
            };
        }
        Ok(Value::Object(out))
    }
}

/// The names member `name`'s elements may have, in the order they are tried.
fn candidates<'m>(name: &'m str, member: &'m MemberRef, target: Option<&'m Shape>) -> [Option<&'m str>; 3] {
    if let Some(location_name) = member.location_name.as_deref() {
        return [Some(location_name), None, None];
    }
    let Some(target) = target else {
        return [Some(name), None, None];
    };
    let flattened_list = target.shape_type == ShapeType::List && (member.flattened || target.flattened);
    let item_name = target.member.as_ref().and_then(|m| m.location_name.as_deref()).filter(|_| flattened_list);
    [item_name, Some(name), target.location_name.as_deref()]
}

fn list_member(shape: &Shape) -> Result<&MemberRef, Error> {
    shape.member.as_deref().ok_or_else(|| Error::Model("a list shape needs a member".into()))
}

/// An element read without a shape (unmodeled error fields): a leaf is its text, an
/// element with children an object of them (repeated names become arrays).
pub(crate) fn untyped(el: &Element<'_>) -> Document {
    if el.children.is_empty() {
        return Value::String(el.text.as_ref().to_owned());
    }
    let mut out = Object::new();
    for child in &el.children {
        let v = untyped(child);
        match out.get_mut(child.name.as_ref()) {
            Some(Value::Array(items)) => items.push(v),
            Some(existing) => *existing = Value::Array(vec![existing.take(), v]),
            None => {
                out.insert(child.name.as_ref().to_owned(), v);
            }
        }
    }
    Value::Object(out)
}
