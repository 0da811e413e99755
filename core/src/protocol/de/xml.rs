//! A small XML tree reader over quick-xml: enough of XML for AWS responses.
//!
//! Elements are named by their local name (namespace prefixes dropped, as botocore strips
//! `{namespace}`); attributes keep their qualified names (`xsi:type`). Character data
//! (text and CDATA) directly inside an element is concatenated as written, whitespace
//! included; comments, processing instructions and the XML declaration are skipped.
//! Malformed input gives [`Error::Parse`]; nesting deeper than [`MAX_DEPTH`] is refused.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::Error;

/// The deepest element nesting accepted (deeper documents are refused, not recursed into).
pub(crate) const MAX_DEPTH: usize = 256;

/// One XML element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    /// Local name (`Error` for `<aws:Error>`).
    pub name: String,
    /// Attributes, qualified names as written, values unescaped.
    pub attributes: Vec<(String, String)>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// Character data directly inside this element.
    pub text: String,
}

impl Element {
    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of the first child named `name`.
    pub(crate) fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// The value of the attribute written `name` (qualified, e.g. `xsi:type`), falling back
    /// to a match on the local part.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        let local = |q: &str| q.rsplit(':').next().unwrap_or(q).to_owned();
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .or_else(|| self.attributes.iter().find(|(k, _)| local(k) == local(name)))
            .map(|(_, v)| v.as_str())
    }
}

fn xml_error(e: impl std::fmt::Display) -> Error {
    Error::Parse(format!("invalid XML: {e}"))
}

/// Parses a whole document into its root element.
pub(crate) fn parse(body: &[u8]) -> Result<Element, Error> {
    let text = std::str::from_utf8(body).map_err(|e| xml_error(format!("not UTF-8 ({e})")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(start) => {
                if open.len() >= MAX_DEPTH {
                    return Err(xml_error(format!("elements nested deeper than {MAX_DEPTH}")));
                }
                open.push(element(&start)?);
            }
            Event::Empty(start) => close(element(&start)?, &mut open, &mut root)?,
            Event::End(_) => {
                let done = open.pop().ok_or_else(|| xml_error("unexpected end tag"))?;
                close(done, &mut open, &mut root)?;
            }
            Event::Text(t) => {
                let unescaped = t.unescape().map_err(xml_error)?;
                append_text(&unescaped, &mut open)?;
            }
            Event::CData(c) => {
                let raw = c.into_inner();
                append_text(&String::from_utf8_lossy(&raw), &mut open)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(xml_error(format!("element <{}> is not closed", unclosed.name)));
    }
    root.ok_or_else(|| xml_error("no root element"))
}

/// The local name of the root element, or `None` for a body that is empty or only
/// whitespace. Malformed XML is an error.
pub(crate) fn root_name(body: &[u8]) -> Result<Option<String>, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    parse(body).map(|root| Some(root.name))
}

fn element(start: &BytesStart<'_>) -> Result<Element, Error> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(xml_error)?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute.unescape_value().map_err(xml_error)?.into_owned();
        attributes.push((key, value));
    }
    Ok(Element { name, attributes, ..Element::default() })
}

fn close(done: Element, open: &mut [Element], root: &mut Option<Element>) -> Result<(), Error> {
    match open.last_mut() {
        Some(parent) => parent.children.push(done),
        None if root.is_none() => *root = Some(done),
        None => return Err(xml_error("more than one root element")),
    }
    Ok(())
}

fn append_text(text: &str, open: &mut [Element]) -> Result<(), Error> {
    match open.last_mut() {
        Some(current) => current.text.push_str(text),
        None if text.trim().is_empty() => {}
        None => return Err(xml_error("text outside the root element")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_tree() {
        let doc = parse(
            br#"<?xml version="1.0"?><a:Root xmlns:a="urn:x" xsi:type="T"><!-- c --><B>x &amp; <![CDATA[<y>]]></B><C/></a:Root>"#,
        );
        let root = doc.unwrap_or_default();
        assert_eq!(root.name, "Root");
        assert_eq!(root.attribute("xsi:type"), Some("T"));
        assert_eq!(root.attribute("type"), Some("T"));
        assert_eq!(root.child_text("B"), Some("x & <y>"));
        assert_eq!(root.child("C").map(|c| c.children.len()), Some(0));
    }

    #[test]
    fn refuses_malformed_documents() {
        for bad in [&b"<a><b></a>"[..], b"<a>", b"", b"<a/><b/>", b"text", b"<a>&bogus;</a>"] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn root_name_of_empty_body_is_none() {
        assert_eq!(root_name(b"  ").ok(), Some(None));
        assert_eq!(root_name(b"<Error/>").ok(), Some(Some("Error".to_owned())));
    }
}
