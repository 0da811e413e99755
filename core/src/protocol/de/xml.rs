//! A small XML tree reader over quick-xml: enough of XML for AWS responses.
//!
//! Elements are named by their local name (namespace prefixes dropped, as botocore strips
//! `{namespace}`); attributes keep their qualified names (`xsi:type`). Character data
//! (text and CDATA) directly inside an element is concatenated as written, whitespace
//! included; comments, processing instructions and the XML declaration are skipped.
//! Malformed input gives [`Error::Parse`]; nesting deeper than [`MAX_DEPTH`] is refused.
//!
//! Names, attribute values and text borrow from the input; a string is only allocated
//! when it holds an entity to unescape or when several pieces of character data meet.

use std::borrow::Cow;

use quick_xml::escape::unescape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::Error;

/// The deepest element nesting accepted (deeper documents are refused, not recursed into).
pub(crate) const MAX_DEPTH: usize = 256;

/// One XML element, borrowing from the document it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element<'a> {
    /// Local name (`Error` for `<aws:Error>`).
    pub name: Cow<'a, str>,
    /// Attributes, qualified names as written, values unescaped.
    pub attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Child elements in document order.
    pub children: Vec<Element<'a>>,
    /// Character data directly inside this element.
    pub text: Cow<'a, str>,
}

impl<'a> Element<'a> {
    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of the first child named `name`.
    pub(crate) fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_ref())
    }

    /// The value of the attribute written `name` (qualified, e.g. `xsi:type`), falling back
    /// to a match on the local part.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        let local = |q: &str| q.rsplit(':').next().unwrap_or(q).to_owned();
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .or_else(|| self.attributes.iter().find(|(k, _)| local(k) == local(name)))
            .map(|(_, v)| v.as_ref())
    }
}

fn xml_error(e: impl std::fmt::Display) -> Error {
    Error::Parse(format!("invalid XML: {e}"))
}

/// The body as text, byte order mark dropped.
fn document_text(body: &[u8]) -> Result<&str, Error> {
    let text = std::str::from_utf8(body).map_err(|e| xml_error(format!("not UTF-8 ({e})")))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// `bytes` as a slice of `input` when they are part of it (quick-xml hands out slices of
/// a `&str` input, which is already known to be UTF-8), so that no copy or check is needed.
fn within<'a>(input: &'a str, bytes: &[u8]) -> Option<&'a str> {
    let start = (bytes.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    input.get(start..start.checked_add(bytes.len())?)
}

/// `bytes` as text borrowed from `input` when possible, else copied (invalid UTF-8 replaced).
fn text_of<'a>(input: &'a str, bytes: &[u8]) -> Cow<'a, str> {
    match within(input, bytes) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// Unescaped character data, borrowed from `input` when it holds no entity.
fn unescaped<'a>(input: &'a str, bytes: &[u8]) -> Result<Cow<'a, str>, Error> {
    match within(input, bytes) {
        Some(s) => unescape(s).map_err(xml_error),
        None => {
            let s = std::str::from_utf8(bytes).map_err(xml_error)?;
            unescape(s).map(|c| Cow::Owned(c.into_owned())).map_err(xml_error)
        }
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(body: &[u8]) -> Result<Element<'_>, Error> {
    let text = document_text(body)?;
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Element<'_>> = Vec::new();
    let mut root: Option<Element<'_>> = None;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(start) => {
                if open.len() >= MAX_DEPTH {
                    return Err(xml_error(format!("elements nested deeper than {MAX_DEPTH}")));
                }
                open.push(element(text, &start)?);
            }
            Event::Empty(start) => close(element(text, &start)?, &mut open, &mut root)?,
            Event::End(_) => {
                let done = open.pop().ok_or_else(|| xml_error("unexpected end tag"))?;
                close(done, &mut open, &mut root)?;
            }
            Event::Text(t) => {
                let raw = t.into_inner();
                append_text(unescaped(text, &raw)?, &mut open)?;
            }
            Event::CData(c) => {
                let raw = c.into_inner();
                append_text(text_of(text, &raw), &mut open)?;
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
/// whitespace. Malformed XML is an error: the whole document is checked as [`parse`]
/// checks it, without building the tree.
pub(crate) fn root_name(body: &[u8]) -> Result<Option<String>, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = document_text(body)?;
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut root: Option<String> = None;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(start) => {
                if depth >= MAX_DEPTH {
                    return Err(xml_error(format!("elements nested deeper than {MAX_DEPTH}")));
                }
                check_start(&start, depth, &mut root)?;
                depth += 1;
            }
            Event::Empty(start) => check_start(&start, depth, &mut root)?,
            Event::End(_) => depth = depth.checked_sub(1).ok_or_else(|| xml_error("unexpected end tag"))?,
            Event::Text(t) => {
                let raw = t.into_inner();
                let piece = unescaped(text, &raw)?;
                if depth == 0 && !piece.trim().is_empty() {
                    return Err(xml_error("text outside the root element"));
                }
            }
            Event::CData(c) => {
                if depth == 0 && !text_of(text, &c.into_inner()).trim().is_empty() {
                    return Err(xml_error("text outside the root element"));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if depth > 0 {
        return Err(xml_error("an element is not closed"));
    }
    root.map(Some).ok_or_else(|| xml_error("no root element"))
}

/// Checks a start tag's attributes; at the top level, records it as the root.
fn check_start(start: &BytesStart<'_>, depth: usize, root: &mut Option<String>) -> Result<(), Error> {
    for attribute in start.attributes() {
        attribute.map_err(xml_error)?.unescape_value().map_err(xml_error)?;
    }
    if depth == 0 {
        if root.is_some() {
            return Err(xml_error("more than one root element"));
        }
        *root = Some(String::from_utf8_lossy(start.local_name().as_ref()).into_owned());
    }
    Ok(())
}

fn element<'a>(input: &'a str, start: &BytesStart<'_>) -> Result<Element<'a>, Error> {
    let name = text_of(input, start.local_name().as_ref());
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(xml_error)?;
        let key = text_of(input, attribute.key.as_ref());
        let value = unescaped(input, &attribute.value)?;
        attributes.push((key, value));
    }
    Ok(Element { name, attributes, ..Element::default() })
}

fn close<'a>(done: Element<'a>, open: &mut [Element<'a>], root: &mut Option<Element<'a>>) -> Result<(), Error> {
    match open.last_mut() {
        Some(parent) => parent.children.push(done),
        None if root.is_none() => *root = Some(done),
        None => return Err(xml_error("more than one root element")),
    }
    Ok(())
}

fn append_text<'a>(text: Cow<'a, str>, open: &mut [Element<'a>]) -> Result<(), Error> {
    match open.last_mut() {
        Some(current) if current.text.is_empty() => current.text = text,
        Some(current) => current.text.to_mut().push_str(&text),
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
    fn borrows_plain_text_and_unescapes_entities() {
        let body = br#"<R a="1 &amp; 2"><K>plain</K><E>&quot;x&quot;</E><M>a<!-- c -->b</M></R>"#;
        let root = parse(body).unwrap_or_default();
        assert!(matches!(root.name, Cow::Borrowed("R")));
        assert!(matches!(root.child("K").map(|k| &k.text), Some(Cow::Borrowed("plain"))));
        assert_eq!(root.child_text("E"), Some("\"x\""));
        assert_eq!(root.child_text("M"), Some("ab"));
        assert_eq!(root.attribute("a"), Some("1 & 2"));
    }

    #[test]
    fn refuses_malformed_documents() {
        for bad in [
            &b"<a><b></a>"[..],
            b"<a>",
            b"",
            b"<a/><b/>",
            b"<a></a><b></b>",
            b"text",
            b"<a/>text",
            b"<a>&bogus;</a>",
            b"<a b=\"&bogus;\"/>",
            b"<a></a></b>",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
            assert!(root_name(bad).is_err() || bad.is_empty(), "{}", String::from_utf8_lossy(bad));
        }
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        assert!(parse(deep.as_bytes()).is_err());
        assert!(root_name(deep.as_bytes()).is_err());
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
        assert_eq!(root_name(ok.as_bytes()).ok(), Some(Some("a".to_owned())));
    }

    #[test]
    fn root_name_of_empty_body_is_none() {
        assert_eq!(root_name(b"  ").ok(), Some(None));
        assert_eq!(root_name(b"<Error/>").ok(), Some(Some("Error".to_owned())));
        assert_eq!(
            root_name(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<s3:Error xmlns:s3=\"u\"><Code>x</Code></s3:Error>\n")
                .ok(),
            Some(Some("Error".to_owned()))
        );
    }
}
