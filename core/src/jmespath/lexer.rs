//! JMESPath tokens and the lexer that produces them.

use serde_json::Value;

use super::JmespathError;

/// One JMESPath token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    /// `foo`
    Identifier(String),
    /// `"foo"`
    QuotedIdentifier(String),
    /// `-1` (only inside brackets)
    Number(i64),
    /// `` `json` `` or `'raw string'`
    Literal(Value),
    Dot,
    Star,
    /// `[]`
    Flatten,
    /// `[?`
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    /// `@`
    At,
    /// `&` (expression reference)
    Ampersand,
    Eof,
}

/// A token and the character offset it starts at.
pub(super) type Spanned = (Token, usize);

/// Splits `source` into tokens, ending with [`Token::Eof`].
pub(super) fn tokenize(source: &str) -> Result<Vec<Spanned>, JmespathError> {
    let chars: Vec<char> = source.chars().collect();
    let mut lexer = Lexer { source, chars: &chars, pos: 0, tokens: Vec::new() };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    source: &'a str,
    chars: &'a [char],
    pos: usize,
    tokens: Vec<Spanned>,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), JmespathError> {
        while let Some(&c) = self.chars.get(self.pos) {
            let start = self.pos;
            if c.is_whitespace() {
                self.pos += 1;
                continue;
            }
            let token = self.token(c)?;
            self.tokens.push((token, start));
        }
        self.tokens.push((Token::Eof, self.pos));
        Ok(())
    }

    fn peek_is(&self, offset: usize, want: char) -> bool {
        self.chars.get(self.pos + offset) == Some(&want)
    }

    fn error(&self, message: impl Into<String>) -> JmespathError {
        JmespathError::syntax(self.source, self.pos, message)
    }

    /// Lexes the token starting with `c` and advances past it.
    fn token(&mut self, c: char) -> Result<Token, JmespathError> {
        let simple = match c {
            '.' => Some(Token::Dot),
            '*' => Some(Token::Star),
            ']' => Some(Token::RBracket),
            '{' => Some(Token::LBrace),
            '}' => Some(Token::RBrace),
            '(' => Some(Token::LParen),
            ')' => Some(Token::RParen),
            ',' => Some(Token::Comma),
            ':' => Some(Token::Colon),
            '@' => Some(Token::At),
            _ => None,
        };
        if let Some(token) = simple {
            self.pos += 1;
            return Ok(token);
        }
        match c {
            '[' => Ok(self.bracket()),
            '|' => Ok(self.one_or_two('|', Token::Or, Token::Pipe)),
            '&' => Ok(self.one_or_two('&', Token::And, Token::Ampersand)),
            '!' => Ok(self.one_or_two('=', Token::Ne, Token::Not)),
            '<' => Ok(self.one_or_two('=', Token::Lte, Token::Lt)),
            '>' => Ok(self.one_or_two('=', Token::Gte, Token::Gt)),
            '=' if self.peek_is(1, '=') => {
                self.pos += 2;
                Ok(Token::Eq)
            }
            '"' => self.quoted_identifier(),
            '\'' => self.raw_string(),
            '`' => self.json_literal(),
            '-' | '0'..='9' => self.number(),
            c if c.is_ascii_alphabetic() || c == '_' => Ok(self.identifier()),
            other => Err(self.error(format!("unexpected character {other:?}"))),
        }
    }

    /// `[`, `[]` or `[?`.
    fn bracket(&mut self) -> Token {
        if self.peek_is(1, ']') {
            self.pos += 2;
            Token::Flatten
        } else if self.peek_is(1, '?') {
            self.pos += 2;
            Token::Filter
        } else {
            self.pos += 1;
            Token::LBracket
        }
    }

    /// A token that is `double` when the next character is `second`, else `single`.
    fn one_or_two(&mut self, second: char, double: Token, single: Token) -> Token {
        if self.peek_is(1, second) {
            self.pos += 2;
            double
        } else {
            self.pos += 1;
            single
        }
    }

    fn identifier(&mut self) -> Token {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
            self.pos += 1;
        }
        Token::Identifier(self.chars[start..self.pos].iter().collect())
    }

    fn number(&mut self) -> Result<Token, JmespathError> {
        let start = self.pos;
        self.pos += 1;
        while self.chars.get(self.pos).is_some_and(char::is_ascii_digit) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse().map(Token::Number).map_err(|_| self.error(format!("invalid number {text:?}")))
    }

    /// The text up to the closing `delimiter`, backslash escapes kept as written (each
    /// literal kind unescapes its own).
    fn delimited(&mut self, delimiter: char) -> Result<String, JmespathError> {
        let open = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.chars.get(self.pos) {
                None => {
                    self.pos = open;
                    return Err(self.error(format!("unterminated {delimiter}")));
                }
                Some('\\') if self.peek_is(1, delimiter) => {
                    text.push('\\');
                    text.push(delimiter);
                    self.pos += 2;
                }
                Some('\\') if self.peek_is(1, '\\') => {
                    text.push_str("\\\\");
                    self.pos += 2;
                }
                Some(&c) if c == delimiter => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some(&c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn quoted_identifier(&mut self) -> Result<Token, JmespathError> {
        let start = self.pos;
        let text = self.delimited('"')?;
        serde_json::from_str::<String>(&format!("\"{text}\""))
            .map(Token::QuotedIdentifier)
            .map_err(|e| JmespathError::syntax(self.source, start, format!("bad quoted identifier: {e}")))
    }

    /// `'raw'`: only `\'` and `\\` are escapes.
    fn raw_string(&mut self) -> Result<Token, JmespathError> {
        let text = self.delimited('\'')?;
        let text = text.replace("\\'", "'").replace("\\\\", "\\");
        Ok(Token::Literal(Value::String(text)))
    }

    /// `` `json` ``: the contents (with `` \` `` unescaped) parsed as JSON.
    fn json_literal(&mut self) -> Result<Token, JmespathError> {
        let start = self.pos;
        let text = self.delimited('`')?.replace("\\`", "`");
        serde_json::from_str(text.trim())
            .map(Token::Literal)
            .map_err(|e| JmespathError::syntax(self.source, start, format!("bad JSON literal: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Token> {
        tokenize(s).map(|t| t.into_iter().map(|(t, _)| t).collect()).unwrap_or_default()
    }

    #[test]
    fn lexes_the_model_expressions() {
        assert_eq!(
            kinds("Contents[-1].Key"),
            vec![
                Token::Identifier("Contents".into()),
                Token::LBracket,
                Token::Number(-1),
                Token::RBracket,
                Token::Dot,
                Token::Identifier("Key".into()),
                Token::Eof
            ]
        );
        assert_eq!(
            kinds("a[?b != 'x'] || `0`"),
            vec![
                Token::Identifier("a".into()),
                Token::Filter,
                Token::Identifier("b".into()),
                Token::Ne,
                Token::Literal(Value::String("x".into())),
                Token::RBracket,
                Token::Or,
                Token::Literal(serde_json::json!(0)),
                Token::Eof
            ]
        );
        assert_eq!(kinds("\"a b\"[]"), vec![Token::QuotedIdentifier("a b".into()), Token::Flatten, Token::Eof]);
    }

    #[test]
    fn rejects_garbage() {
        assert!(tokenize("a # b").is_err());
        assert!(tokenize("`{unterminated").is_err());
        assert!(tokenize("`not json`").is_err());
    }
}
