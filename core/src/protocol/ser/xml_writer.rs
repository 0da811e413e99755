//! A minimal streaming XML writer: elements, attributes and escaped text, no declaration,
//! no indentation. Element and attribute names come from the model and are written as is.

/// Builds an XML document into a string.
#[derive(Debug, Default)]
pub(crate) struct XmlWriter {
    out: String,
}

impl XmlWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// `<name a="v" ...>`.
    pub fn start(&mut self, name: &str, attributes: &[(String, String)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_attribute(value, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) {
        escape_text(text, &mut self.out);
    }

    /// `</name>`.
    pub fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// `<name ...>text</name>`.
    pub fn leaf(&mut self, name: &str, attributes: &[(String, String)], text: &str) {
        self.start(name, attributes);
        self.text(text);
        self.end(name);
    }

    /// The document written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Escapes `&`, `<`, `>` and `\r` (so a carriage return survives XML line-end normalization).
fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// Escapes markup, quotes and the whitespace that attribute normalization would change.
fn escape_attribute(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut w = XmlWriter::new();
        w.start("Root", &[("test".to_owned(), "<test&\"mock\">".to_owned())]);
        w.leaf("Key", &[], "a<b>&c\r\n");
        w.end("Root");
        assert_eq!(
            w.finish(),
            "<Root test=\"&lt;test&amp;&quot;mock&quot;&gt;\"><Key>a&lt;b&gt;&amp;c&#13;\n</Key></Root>"
        );
    }
}
