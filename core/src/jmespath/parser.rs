//! The JMESPath syntax tree and a top-down operator precedence (Pratt) parser for it,
//! with the binding powers of the JMESPath specification's reference grammar.

use serde_json::Value;

use super::functions;
use super::lexer::{Spanned, Token};
use super::JmespathError;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Comparator {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

/// A node of the syntax tree.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// `@`, and the implicit right side of a projection.
    Identity,
    Field(String),
    Subexpr(Box<Node>, Box<Node>),
    /// `left[index]`; negative indexes count from the end.
    Index(Box<Node>, i64),
    /// `left[*]...` and the right side of `[]`: `right` applied to each element.
    Projection(Box<Node>, Box<Node>),
    /// `left.*...`: `right` applied to each value of an object.
    ValueProjection(Box<Node>, Box<Node>),
    /// `left[?condition]...`.
    FilterProjection {
        left: Box<Node>,
        right: Box<Node>,
        condition: Box<Node>,
    },
    /// `left[]` before projecting: nested lists merged one level.
    Flatten(Box<Node>),
    Literal(Value),
    Not(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Compare(Comparator, Box<Node>, Box<Node>),
    Pipe(Box<Node>, Box<Node>),
    Function(String, Vec<Node>),
    MultiList(Vec<Node>),
    MultiHash(Vec<(String, Node)>),
}

/// Tokens with a binding power below this stop a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

fn binding_power(token: &Token) -> u8 {
    match token {
        Token::Pipe => 1,
        Token::Or => 2,
        Token::And => 3,
        Token::Eq | Token::Ne | Token::Lt | Token::Lte | Token::Gt | Token::Gte => 5,
        Token::Flatten => 9,
        Token::Star => 20,
        Token::Filter => 21,
        Token::Dot => 40,
        Token::Not => 45,
        Token::LBrace => 50,
        Token::LBracket => 55,
        Token::LParen => 60,
        _ => 0,
    }
}

/// Parses a whole expression.
pub(super) fn parse(source: &str, tokens: Vec<Spanned>) -> Result<Node, JmespathError> {
    let mut parser = Parser { source, tokens, pos: 0 };
    let node = parser.expression(0)?;
    match parser.peek() {
        Token::Eof => Ok(node),
        other => Err(parser.error(format!("unexpected {other:?} after the expression"))),
    }
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Spanned>,
    pos: usize,
}

fn boxed(node: Node) -> Box<Node> {
    Box::new(node)
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, offset: usize) -> &Token {
        self.tokens.get(self.pos + offset).map_or(&Token::Eof, |(t, _)| t)
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn error(&self, message: impl Into<String>) -> JmespathError {
        let offset = self.tokens.get(self.pos).map_or(self.source.len(), |(_, at)| *at);
        JmespathError::syntax(self.source, offset, message)
    }

    fn expect(&mut self, want: &Token) -> Result<(), JmespathError> {
        if self.peek() == want {
            self.advance();
            Ok(())
        } else {
            Err(self.error(format!("expected {want:?}, found {:?}", self.peek())))
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Node, JmespathError> {
        let token = self.advance();
        let mut left = self.nud(token)?;
        while rbp < binding_power(self.peek()) {
            let token = self.advance();
            left = self.led(token, left)?;
        }
        Ok(left)
    }

    /// A token in prefix position.
    fn nud(&mut self, token: Token) -> Result<Node, JmespathError> {
        match token {
            Token::Identifier(name) | Token::QuotedIdentifier(name) => Ok(Node::Field(name)),
            Token::Literal(value) => Ok(Node::Literal(value)),
            Token::At => Ok(Node::Identity),
            Token::Star => {
                let right = self.projection_rhs(binding_power(&Token::Star))?;
                Ok(Node::ValueProjection(boxed(Node::Identity), boxed(right)))
            }
            Token::Flatten => {
                let right = self.projection_rhs(binding_power(&Token::Flatten))?;
                Ok(Node::Projection(boxed(Node::Flatten(boxed(Node::Identity))), boxed(right)))
            }
            Token::Filter => self.filter(Node::Identity),
            Token::LBracket => self.nud_bracket(),
            Token::LBrace => self.multi_hash(),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Token::RParen)?;
                Ok(inner)
            }
            Token::Not => Ok(Node::Not(boxed(self.expression(binding_power(&Token::Not))?))),
            Token::Ampersand => Err(self.unsupported("expression references (&)")),
            other => Err(self.error(format!("unexpected {other:?}"))),
        }
    }

    /// A token in infix position, `left` being what precedes it.
    fn led(&mut self, token: Token, left: Node) -> Result<Node, JmespathError> {
        let bp = binding_power(&token);
        match token {
            Token::Dot if self.peek() == &Token::Star => {
                self.advance();
                let right = self.projection_rhs(bp)?;
                Ok(Node::ValueProjection(boxed(left), boxed(right)))
            }
            Token::Dot => Ok(Node::Subexpr(boxed(left), boxed(self.dot_rhs(bp)?))),
            Token::LBracket => self.led_bracket(left),
            Token::Flatten => {
                let right = self.projection_rhs(bp)?;
                Ok(Node::Projection(boxed(Node::Flatten(boxed(left))), boxed(right)))
            }
            Token::Filter => self.filter(left),
            Token::Or => Ok(Node::Or(boxed(left), boxed(self.expression(bp)?))),
            Token::And => Ok(Node::And(boxed(left), boxed(self.expression(bp)?))),
            Token::Pipe => Ok(Node::Pipe(boxed(left), boxed(self.expression(bp)?))),
            Token::Eq => self.compare(Comparator::Eq, left, bp),
            Token::Ne => self.compare(Comparator::Ne, left, bp),
            Token::Lt => self.compare(Comparator::Lt, left, bp),
            Token::Lte => self.compare(Comparator::Lte, left, bp),
            Token::Gt => self.compare(Comparator::Gt, left, bp),
            Token::Gte => self.compare(Comparator::Gte, left, bp),
            Token::LParen => self.function(left),
            other => Err(self.error(format!("unexpected {other:?}"))),
        }
    }

    fn unsupported(&self, what: &str) -> JmespathError {
        JmespathError::unsupported(self.source, what)
    }

    fn compare(&mut self, op: Comparator, left: Node, bp: u8) -> Result<Node, JmespathError> {
        Ok(Node::Compare(op, boxed(left), boxed(self.expression(bp)?)))
    }

    /// What follows a projection: nothing (identity), `[...]`, `[?...]` or `.rhs`.
    fn projection_rhs(&mut self, bp: u8) -> Result<Node, JmespathError> {
        match self.peek() {
            t if binding_power(t) < PROJECTION_STOP => Ok(Node::Identity),
            Token::LBracket | Token::Filter => self.expression(bp),
            Token::Dot => {
                self.advance();
                self.dot_rhs(bp)
            }
            other => Err(self.error(format!("unexpected {other:?} after a projection"))),
        }
    }

    /// What may follow a `.`: an identifier, `*`, a multi-select list or hash.
    fn dot_rhs(&mut self, bp: u8) -> Result<Node, JmespathError> {
        match self.peek() {
            Token::Identifier(_) | Token::QuotedIdentifier(_) | Token::Star => self.expression(bp),
            Token::LBracket => {
                self.advance();
                self.multi_list()
            }
            Token::LBrace => {
                self.advance();
                self.multi_hash()
            }
            other => Err(self.error(format!("unexpected {other:?} after '.'"))),
        }
    }

    /// `[` in prefix position: an index, `[*]`, or a multi-select list.
    fn nud_bracket(&mut self) -> Result<Node, JmespathError> {
        match (self.peek().clone(), self.peek_at(1).clone()) {
            (Token::Number(_) | Token::Colon, _) => self.led_bracket(Node::Identity),
            (Token::Star, Token::RBracket) => self.led_bracket(Node::Identity),
            _ => self.multi_list(),
        }
    }

    /// `[` after an expression: `left[n]` or `left[*]`.
    fn led_bracket(&mut self, left: Node) -> Result<Node, JmespathError> {
        match self.advance() {
            Token::Number(n) => {
                if self.peek() == &Token::Colon {
                    return Err(self.unsupported("slices"));
                }
                self.expect(&Token::RBracket)?;
                Ok(Node::Index(boxed(left), n))
            }
            Token::Colon => Err(self.unsupported("slices")),
            Token::Star => {
                self.expect(&Token::RBracket)?;
                let right = self.projection_rhs(binding_power(&Token::Star))?;
                Ok(Node::Projection(boxed(left), boxed(right)))
            }
            other => Err(self.error(format!("unexpected {other:?} after '['"))),
        }
    }

    fn filter(&mut self, left: Node) -> Result<Node, JmespathError> {
        let condition = self.expression(0)?;
        self.expect(&Token::RBracket)?;
        let right = if self.peek() == &Token::Flatten {
            Node::Identity
        } else {
            self.projection_rhs(binding_power(&Token::Filter))?
        };
        Ok(Node::FilterProjection { left: boxed(left), right: boxed(right), condition: boxed(condition) })
    }

    fn function(&mut self, left: Node) -> Result<Node, JmespathError> {
        let Node::Field(name) = left else {
            return Err(self.error("only a function name may be called"));
        };
        let mut args = Vec::new();
        while self.peek() != &Token::RParen {
            args.push(self.expression(0)?);
            if self.peek() == &Token::Comma {
                self.advance();
            } else if self.peek() != &Token::RParen {
                return Err(self.error("expected ',' or ')' in the argument list"));
            }
        }
        self.advance();
        functions::check_arity(&name, args.len()).map_err(|m| self.error(m))?;
        Ok(Node::Function(name, args))
    }

    /// `[a, b]` (the `[` already consumed).
    fn multi_list(&mut self) -> Result<Node, JmespathError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.advance() {
                Token::Comma => continue,
                Token::RBracket => return Ok(Node::MultiList(items)),
                other => return Err(self.error(format!("unexpected {other:?} in a multi-select list"))),
            }
        }
    }

    /// `{k: a, l: b}` (the `{` already consumed).
    fn multi_hash(&mut self) -> Result<Node, JmespathError> {
        let mut pairs = Vec::new();
        loop {
            let key = match self.advance() {
                Token::Identifier(k) | Token::QuotedIdentifier(k) => k,
                other => return Err(self.error(format!("expected a key, found {other:?}"))),
            };
            self.expect(&Token::Colon)?;
            pairs.push((key, self.expression(0)?));
            match self.advance() {
                Token::Comma => continue,
                Token::RBrace => return Ok(Node::MultiHash(pairs)),
                other => return Err(self.error(format!("unexpected {other:?} in a multi-select hash"))),
            }
        }
    }
}
