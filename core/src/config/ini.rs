//! The line-level parser of the shared `config` / `credentials` file format.
//!
//! Rules (the AWS SDKs and Tools reference guide, "Shared config and credentials files", and
//! its cross-SDK parser test suite; where botocore's `configparser` differs, see
//! [`super::profile`]):
//!
//! - Lines are split on `\n`; a trailing `\r` is dropped (Windows line endings).
//! - A line whose first non-blank character is `#` or `;` is a comment; blank lines are ignored.
//! - `[name]` opens a section. The name is trimmed; anything after `]` must be a comment.
//! - `key = value` defines a property. The key is trimmed and lowercased (keys are
//!   case-insensitive); the value is trimmed. The first `=` separates them (values may hold
//!   `=`). In a value, `#` or `;` *preceded by whitespace* starts an inline comment; adjacent
//!   to text (`value;x`) they are part of the value.
//! - A line starting with a space or tab continues the previous property's value: the trimmed
//!   line is appended after `\n`, comment characters included. When the property's own value
//!   is empty, the continuation lines are *sub-properties* (`s3 =` then `  addressing_style =
//!   path`).
//!
//! Nothing here fails: a malformed line is skipped and described in a [`ParseWarning`].

use super::profile::{FileKind, ParseWarning};

/// A property as written: lowercased name, raw value (with continuations) and parsed
/// sub-properties (empty unless the value was a sub-property block).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct RawProperty {
    pub name: String,
    pub value: String,
    pub sub_properties: Vec<(String, String)>,
}

impl std::fmt::Debug for RawProperty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = super::env::is_secret_name(&self.name);
        f.debug_struct("RawProperty")
            .field("name", &self.name)
            .field("value", &if secret { "** redacted **" } else { self.value.as_str() })
            .field("sub_properties", &self.sub_properties.len())
            .finish()
    }
}

/// A `[header]` and its properties, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawSection {
    pub header: String,
    pub line: usize,
    pub properties: Vec<RawProperty>,
}

/// The property being read, kept open while continuation lines may follow.
struct OpenProperty {
    name: String,
    value: String,
    continuations: Vec<(usize, String)>,
}

struct Parser<'w> {
    file: FileKind,
    sections: Vec<RawSection>,
    /// False after a `[` line that could not be read: its properties are dropped.
    in_valid_section: bool,
    /// True once any `[` line was seen (valid or not).
    seen_header: bool,
    open: Option<OpenProperty>,
    warnings: &'w mut Vec<ParseWarning>,
}

/// Parses one file's text into sections. Never fails; problems go to `warnings`.
pub(crate) fn parse(text: &str, file: FileKind, warnings: &mut Vec<ParseWarning>) -> Vec<RawSection> {
    let mut parser =
        Parser { file, sections: Vec::new(), in_valid_section: false, seen_header: false, open: None, warnings };
    for (index, raw_line) in text.split('\n').enumerate() {
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        parser.line(index + 1, line);
    }
    parser.close_property();
    parser.sections
}

impl Parser<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(ParseWarning { file: self.file, line, message: message.into() });
    }

    fn line(&mut self, number: usize, line: &str) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            return;
        }
        if line.starts_with([' ', '\t']) {
            self.continuation(number, trimmed);
        } else if trimmed.starts_with('[') {
            self.close_property();
            self.section_header(number, trimmed);
        } else {
            self.close_property();
            self.property(number, trimmed);
        }
    }

    fn continuation(&mut self, number: usize, trimmed: &str) {
        if let Some(open) = self.open.as_mut() {
            open.continuations.push((number, trimmed.to_owned()));
        } else if !self.seen_header {
            self.warn(number, "Expected a profile definition, found a continuation line");
        } else if self.in_valid_section {
            self.warn(number, "Expected a property definition, found continuation");
        }
    }

    fn section_header(&mut self, number: usize, trimmed: &str) {
        self.seen_header = true;
        let Some(close) = trimmed.find(']') else {
            self.in_valid_section = false;
            self.warn(number, "Profile definition must end with ']'; section ignored");
            return;
        };
        let rest = trimmed[close + 1..].trim_start();
        if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
            self.warn(number, "Unexpected text after ']' ignored");
        }
        let header = trimmed[1..close].trim().to_owned();
        self.in_valid_section = true;
        self.sections.push(RawSection { header, line: number, properties: Vec::new() });
    }

    fn property(&mut self, number: usize, trimmed: &str) {
        if !self.seen_header {
            self.warn(number, "Expected a profile definition before this property; line ignored");
            return;
        }
        if !self.in_valid_section {
            return;
        }
        let Some((name, value)) = trimmed.split_once('=') else {
            self.warn(number, "Expected an '=' sign defining a property; line ignored");
            return;
        };
        let name = name.trim();
        if name.is_empty() {
            self.warn(number, "Property did not have a name; line ignored");
            return;
        }
        if !is_identifier(name) {
            self.warn(number, format!("Invalid property name '{name}' ignored"));
            return;
        }
        let value = strip_inline_comment(value).trim().to_owned();
        self.open = Some(OpenProperty { name: name.to_ascii_lowercase(), value, continuations: Vec::new() });
    }

    fn close_property(&mut self) {
        let Some(open) = self.open.take() else { return };
        let mut value = open.value;
        let mut sub_properties = Vec::new();
        let nested = value.is_empty() && !open.continuations.is_empty();
        for (number, text) in &open.continuations {
            value.push('\n');
            value.push_str(text);
            if nested {
                if let Some(sub) = self.sub_property(*number, text) {
                    sub_properties.push(sub);
                }
            }
        }
        if let Some(section) = self.sections.last_mut() {
            section.properties.push(RawProperty { name: open.name, value, sub_properties });
        }
    }

    fn sub_property(&mut self, number: usize, text: &str) -> Option<(String, String)> {
        let Some((name, value)) = text.split_once('=') else {
            self.warn(number, "Expected an '=' sign defining a sub-property; line ignored");
            return None;
        };
        let name = name.trim();
        if name.is_empty() {
            self.warn(number, "Sub-property did not have a name; line ignored");
            return None;
        }
        Some((name.to_ascii_lowercase(), value.trim().to_owned()))
    }
}

/// Cuts a value at the first `#` or `;` that follows whitespace.
fn strip_inline_comment(value: &str) -> &str {
    let mut previous_blank = false;
    for (i, c) in value.char_indices() {
        if previous_blank && (c == '#' || c == ';') {
            return &value[..i];
        }
        previous_blank = c == ' ' || c == '\t';
    }
    value
}

/// Profile and property names: ASCII letters and digits and `- / . % @ _ : +`.
pub(crate) fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '%' | '@' | '_' | ':' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(text: &str) -> (Vec<RawSection>, Vec<ParseWarning>) {
        let mut warnings = Vec::new();
        let s = parse(text, FileKind::Config, &mut warnings);
        (s, warnings)
    }

    #[test]
    fn inline_comments_need_leading_whitespace() {
        assert_eq!(strip_inline_comment(" value # c"), " value ");
        assert_eq!(strip_inline_comment(" value\t;c"), " value\t");
        assert_eq!(strip_inline_comment(" value;c#d"), " value;c#d");
        assert_eq!(strip_inline_comment(" a=b"), " a=b");
    }

    #[test]
    fn continuation_and_sub_properties() {
        let (s, w) = sections("[p]\ns3 =\n  addressing_style = path\n\n  x=1\nname = v\n  -more # kept");
        assert!(w.is_empty(), "{w:?}");
        let props = &s[0].properties;
        assert_eq!(props[0].value, "\naddressing_style = path\nx=1");
        assert_eq!(props[0].sub_properties, vec![("addressing_style".into(), "path".into()), ("x".into(), "1".into())]);
        assert_eq!(props[1].value, "v\n-more # kept");
        assert!(props[1].sub_properties.is_empty());
    }

    #[test]
    fn malformed_lines_are_warnings() {
        let (s, w) = sections("orphan = 1\n[p\nk = v\n[q]\nno equals\n= v\n  -cont\n");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].header, "q");
        assert!(s[0].properties.is_empty());
        let lines: Vec<usize> = w.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![1, 2, 5, 6, 7]);
    }
}
