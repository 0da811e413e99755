//! A small XML canonicalizer for comparing request bodies, in the spirit of Python's
//! `ET.canonicalize(xml, strip_text=True)`: entities resolved, attributes (namespace
//! declarations included) sorted, text stripped of surrounding whitespace and dropped when
//! empty, `<a/>` equal to `<a></a>`, declarations, comments and processing instructions
//! ignored. Written independently of the serializer under test.

/// A canonical form of `xml`; an error when it is not well-formed.
pub fn canonicalize(xml: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut parser = Parser { s: text, pos: 0 };
    let mut out = String::new();
    parser.misc();
    parser.element(&mut out)?;
    parser.misc();
    if parser.pos != parser.s.len() {
        return Err(format!("trailing content at byte {}", parser.pos));
    }
    Ok(out)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    /// Skips whitespace, `<?...?>`, `<!--...-->` and `<!DOCTYPE ...>`.
    fn misc(&mut self) {
        loop {
            let trimmed = self.rest().trim_start();
            self.pos = self.s.len() - trimmed.len();
            let end = if trimmed.starts_with("<?") {
                trimmed.find("?>").map(|i| i + 2)
            } else if trimmed.starts_with("<!--") {
                trimmed.find("-->").map(|i| i + 3)
            } else if trimmed.starts_with("<!DOCTYPE") {
                trimmed.find('>').map(|i| i + 1)
            } else {
                None
            };
            match end {
                Some(n) => self.pos += n,
                None => return,
            }
        }
    }

    fn element(&mut self, out: &mut String) -> Result<(), String> {
        if !self.rest().starts_with('<') {
            return Err(format!("expected an element at byte {}", self.pos));
        }
        self.pos += 1;
        let name = self.name()?;
        let mut attributes = Vec::new();
        loop {
            self.skip_space();
            if self.rest().starts_with("/>") {
                self.pos += 2;
                write_start(out, &name, &mut attributes);
                out.push_str(&format!("</{name}>"));
                return Ok(());
            }
            if self.rest().starts_with('>') {
                self.pos += 1;
                break;
            }
            let key = self.name()?;
            self.skip_space();
            self.expect("=")?;
            self.skip_space();
            attributes.push((key, self.quoted()?));
        }
        write_start(out, &name, &mut attributes);
        self.content(out)?;
        self.expect("</")?;
        let closing = self.name()?;
        if closing != name {
            return Err(format!("</{closing}> closes <{name}>"));
        }
        self.skip_space();
        self.expect(">")?;
        out.push_str(&format!("</{name}>"));
        Ok(())
    }

    /// Children up to the closing tag: text (stripped) and elements.
    fn content(&mut self, out: &mut String) -> Result<(), String> {
        let mut text = String::new();
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Err("unclosed element".to_owned());
            }
            if rest.starts_with("</") {
                break;
            }
            if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
                let end = cdata.find("]]>").ok_or("unclosed CDATA")?;
                text.push_str(&cdata[..end]);
                self.pos += 9 + end + 3;
            } else if rest.starts_with("<!--") || rest.starts_with("<?") {
                self.misc();
            } else if rest.starts_with('<') {
                flush_text(out, &mut text);
                self.element(out)?;
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                text.push_str(&unescape(&rest[..end])?);
                self.pos += end;
            }
        }
        flush_text(out, &mut text);
        Ok(())
    }

    fn name(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '<' | '"' | '\''))
            .unwrap_or(rest.len());
        if end == 0 {
            return Err(format!("expected a name at byte {}", self.pos));
        }
        self.pos += end;
        Ok(rest[..end].to_owned())
    }

    fn quoted(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\'')).ok_or("expected a quote")?;
        let end = rest[1..].find(quote).ok_or("unclosed attribute value")?;
        self.pos += end + 2;
        unescape(&rest[1..=end])
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            Ok(())
        } else {
            Err(format!("expected {token:?} at byte {}", self.pos))
        }
    }
}

fn write_start(out: &mut String, name: &str, attributes: &mut [(String, String)]) {
    attributes.sort();
    out.push('<');
    out.push_str(name);
    for (key, value) in attributes.iter() {
        out.push_str(&format!(" {key}={value:?}"));
    }
    out.push('>');
}

fn flush_text(out: &mut String, text: &mut String) {
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        out.push_str(&format!("{trimmed:?}"));
    }
    text.clear();
}

/// Resolves the five predefined entities and character references.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..].find(';').ok_or("unterminated entity")? + amp;
        let entity = &rest[amp + 1..semi];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => entity.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                code.and_then(char::from_u32).ok_or_else(|| format!("unknown entity &{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::canonicalize;

    #[test]
    fn whitespace_attribute_order_and_empty_elements_do_not_matter() {
        let a = canonicalize(b"<A y=\"2\" x='1'>\n  <B>  hi &amp; bye </B>\n  <C/>\n</A>\n");
        let b = canonicalize(b"<?xml version=\"1.0\"?><A x=\"1\" y=\"2\"><B>hi &#38; bye</B><C></C></A>");
        assert_eq!(a, b);
        assert_ne!(canonicalize(b"<A><B>x</B></A>"), canonicalize(b"<A><B>y</B></A>"));
        assert!(canonicalize(b"<A><B></A>").is_err());
        assert!(canonicalize(b"").is_err());
    }
}
