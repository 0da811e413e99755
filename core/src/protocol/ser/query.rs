//! The `query` protocol (IAM, STS, SNS, SES...) and its `ec2` variant.
//!
//! A request is a form-encoded body `Action={Operation}&Version={apiVersion}&...` with
//! `Content-Type: application/x-www-form-urlencoded; charset=utf-8`. Keys are dotted paths:
//!
//! | value              | `query`                                   | `ec2`                 |
//! |--------------------|-------------------------------------------|-----------------------|
//! | structure member   | `locationName`, else the member name      | `queryName`, else the capitalized `locationName` or member name |
//! | list               | `Key.member.N` (`member` = the list member's `locationName`); flattened: `Key.N` | `Key.N` |
//! | empty list         | `Key=`                                    | nothing               |
//! | map                | `Key.entry.N.key` / `.value` (or the key/value `locationName`s); flattened: `Key.N.key` | same |
//!
//! A flattened list member named only by its list member's `locationName` takes that name
//! (SimpleDB's `Item.1.ItemName`). Booleans are `true`/`false`, timestamps ISO 8601 by
//! default, blobs base64.

use crate::http::{Body, Headers};
use crate::model::{MemberRef, Shape, ShapeType};
use crate::protocol::timestamp::TimestampFormat;
use crate::{Document, Error};

use super::uri;
use super::walk::{self, Ctx, Member, Path};
use super::Parts;

/// Which dialect of the query protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Query,
    Ec2,
}

/// Serializes a `query` or `ec2` request.
pub(crate) fn serialize(
    ctx: Ctx<'_>,
    operation: &crate::model::Operation,
    input: &Document,
    dialect: Dialect,
) -> Result<Parts, Error> {
    let mut params = vec![
        ("Action".to_owned(), operation.name.clone()),
        ("Version".to_owned(), ctx.model.metadata.api_version.clone()),
    ];
    if let Some(input_ref) = &operation.input {
        let shape = ctx.shape(input_ref)?;
        let writer = Writer { ctx, dialect };
        writer.structure(&walk::members(ctx, shape, input, &Path::Root)?, "", &Path::Root, &mut params)?;
    }
    let body: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", uri::encode(k), uri::encode(v))).collect();
    let mut headers = Headers::new();
    headers.insert("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    Ok(Parts {
        method: operation.http.method.clone(),
        path: operation.http.request_uri.clone(),
        query: None,
        headers,
        body: Body::Bytes(body.join("&").into_bytes()),
    })
}

type Params = Vec<(String, String)>;

#[derive(Debug, Clone, Copy)]
struct Writer<'a> {
    ctx: Ctx<'a>,
    dialect: Dialect,
}

impl Writer<'_> {
    fn structure(
        &self,
        members: &[Member<'_, '_>],
        prefix: &str,
        path: &Path<'_>,
        out: &mut Params,
    ) -> Result<(), Error> {
        for member in members {
            let name = self.member_name(member)?;
            let key = if prefix.is_empty() { name } else { format!("{prefix}.{name}") };
            self.value(member.target, member.shape, member.value, &key, &path.member(member.name), out)?;
        }
        Ok(())
    }

    /// The key segment of a structure member.
    fn member_name(&self, member: &Member<'_, '_>) -> Result<String, Error> {
        let target = member.target;
        if self.dialect == Dialect::Ec2 {
            return Ok(match (&target.query_name, &target.location_name) {
                (Some(query_name), _) => query_name.clone(),
                (None, Some(location_name)) => capitalize(location_name),
                (None, None) => capitalize(member.name),
            });
        }
        if let Some(name) = &target.location_name {
            return Ok(name.clone());
        }
        let flattened_list = member.shape.shape_type == ShapeType::List && (target.flattened || member.shape.flattened);
        if flattened_list {
            let item = list_member(member.shape)?;
            if let Some(name) = &item.location_name {
                return Ok(name.clone());
            }
        }
        Ok(member.name.to_owned())
    }

    fn value(
        &self,
        target: &MemberRef,
        shape: &Shape,
        value: &Document,
        key: &str,
        path: &Path<'_>,
        out: &mut Params,
    ) -> Result<(), Error> {
        match shape.shape_type {
            ShapeType::Structure => {
                let members = walk::members(self.ctx, shape, value, path)?;
                self.structure(&members, key, path, out)
            }
            ShapeType::List => self.list(target, shape, value, key, path, out),
            ShapeType::Map => self.map(target, shape, value, key, path, out),
            _ => {
                let text = walk::scalar_text(target, shape, value, path, TimestampFormat::Iso8601)?;
                out.push((key.to_owned(), text));
                Ok(())
            }
        }
    }

    fn list(
        &self,
        target: &MemberRef,
        shape: &Shape,
        value: &Document,
        key: &str,
        path: &Path<'_>,
        out: &mut Params,
    ) -> Result<(), Error> {
        let item_ref = list_member(shape)?;
        let item_shape = self.ctx.shape(item_ref)?;
        let items = walk::list_items(value, path)?;
        if items.is_empty() {
            if self.dialect == Dialect::Query {
                out.push((key.to_owned(), String::new()));
            }
            return Ok(());
        }
        let flattened = self.dialect == Dialect::Ec2 || target.flattened || shape.flattened;
        let item_prefix = if flattened {
            key.to_owned()
        } else {
            format!("{key}.{}", item_ref.location_name.as_deref().unwrap_or("member"))
        };
        for (i, item) in items.iter().enumerate().filter(|(_, item)| !item.is_null()) {
            let item_key = format!("{item_prefix}.{}", i + 1);
            self.value(item_ref, item_shape, item, &item_key, &path.index(i), out)?;
        }
        Ok(())
    }

    fn map(
        &self,
        target: &MemberRef,
        shape: &Shape,
        value: &Document,
        key: &str,
        path: &Path<'_>,
        out: &mut Params,
    ) -> Result<(), Error> {
        let (Some(key_ref), Some(value_ref)) = (shape.key.as_deref(), shape.value.as_deref()) else {
            return Err(Error::Model(format!("map shape of {path} has no key or value")));
        };
        let (key_shape, value_shape) = (self.ctx.shape(key_ref)?, self.ctx.shape(value_ref)?);
        let key_suffix = key_ref.location_name.as_deref().unwrap_or("key");
        let value_suffix = value_ref.location_name.as_deref().unwrap_or("value");
        let entry_prefix = if target.flattened || shape.flattened { key.to_owned() } else { format!("{key}.entry") };
        let entries = walk::map_entries(value, path)?.iter().filter(|(_, v)| !v.is_null());
        for (i, (map_key, entry)) in entries.enumerate() {
            let entry_path = path.member(map_key);
            let base = format!("{entry_prefix}.{}", i + 1);
            let key_value = Document::String(map_key.clone());
            self.value(key_ref, key_shape, &key_value, &format!("{base}.{key_suffix}"), &entry_path, out)?;
            self.value(value_ref, value_shape, entry, &format!("{base}.{value_suffix}"), &entry_path, out)?;
        }
        Ok(())
    }
}

fn list_member(shape: &Shape) -> Result<&MemberRef, Error> {
    shape.member.as_deref().ok_or_else(|| Error::Model("list shape without member".to_owned()))
}

/// Upper-cases the first character (EC2 names).
fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
