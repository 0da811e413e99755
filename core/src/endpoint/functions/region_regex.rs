//! A small regular-expression matcher for `partitions.json`'s `regionRegex`
//! (`^(us|eu|ap)\-\w+\-\d+$`), so the core needs no regex dependency.
//!
//! Supported: literals, `\`-escapes, `.`, `\w \d \s` (ASCII), `[...]` sets with ranges and
//! `^` negation, groups `( )` / `(?: )` with `|`, the quantifiers `* + ? {n} {n,} {n,m}`
//! (greedy), and the anchors `^ $`. Matching is anchored at the start, like Python's
//! `re.match`. Anything else is rejected when the pattern is compiled.

use crate::error::Error;

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Group(Vec<Vec<Node>>),
    Start,
    End,
}

#[derive(Debug, Clone, PartialEq)]
struct Node {
    atom: Atom,
    min: usize,
    max: usize,
}

/// A compiled region pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RegionRegex {
    alternatives: Vec<Vec<Node>>,
}

impl RegionRegex {
    /// Compiles `pattern`, failing on syntax outside the supported subset.
    pub(crate) fn new(pattern: &str) -> Result<RegionRegex, Error> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut parser = Parser { chars: &chars, pos: 0 };
        let alternatives = parser.alternatives()?;
        if parser.pos != chars.len() {
            return Err(parser.error("unbalanced `)`"));
        }
        Ok(RegionRegex { alternatives })
    }

    /// True when the pattern matches at the start of `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        self.alternatives.iter().any(|alt| match_seq(alt, &chars, 0, &mut |_| true))
    }
}

struct Parser<'p> {
    chars: &'p [char],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, why: &str) -> Error {
        let pattern: String = self.chars.iter().collect();
        Error::Endpoint(format!("unsupported regionRegex `{pattern}`: {why}"))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<char, Error> {
        let c = self.peek().ok_or_else(|| self.error("unexpected end"))?;
        self.pos += 1;
        Ok(c)
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, Error> {
        let mut alternatives = vec![Vec::new()];
        while let Some(c) = self.peek() {
            match c {
                ')' => break,
                '|' => {
                    self.pos += 1;
                    alternatives.push(Vec::new());
                }
                _ => {
                    let atom = self.atom()?;
                    let (min, max) = self.quantifier()?;
                    if let Some(seq) = alternatives.last_mut() {
                        seq.push(Node { atom, min, max });
                    }
                }
            }
        }
        Ok(alternatives)
    }

    fn atom(&mut self) -> Result<Atom, Error> {
        Ok(match self.next()? {
            '^' => Atom::Start,
            '$' => Atom::End,
            '.' => Atom::Any,
            '(' => {
                if self.chars[self.pos..].starts_with(&['?', ':']) {
                    self.pos += 2;
                }
                let group = self.alternatives()?;
                if self.next()? != ')' {
                    return Err(self.error("unclosed group"));
                }
                Atom::Group(group)
            }
            '[' => self.class()?,
            '\\' => escape(self.next()?).ok_or_else(|| self.error("unsupported escape"))?,
            c @ ('*' | '+' | '?' | '{' | '}' | ']') => return Err(self.error(&format!("unexpected `{c}`"))),
            c => Atom::Char(c),
        })
    }

    fn class(&mut self) -> Result<Atom, Error> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        loop {
            let c = self.next()?;
            let lo = match c {
                ']' if !ranges.is_empty() => return Ok(Atom::Class(ranges, negated)),
                '\\' => match escape(self.next()?) {
                    Some(Atom::Char(c)) => c,
                    Some(Atom::Class(more, false)) => {
                        ranges.extend(more);
                        continue;
                    }
                    _ => return Err(self.error("unsupported escape in set")),
                },
                c => c,
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&c| c != ']') {
                self.pos += 1;
                let hi = self.next()?;
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
    }

    fn quantifier(&mut self) -> Result<(usize, usize), Error> {
        let bounds = match self.peek() {
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('?') => (0, 1),
            Some('{') => return self.braces(),
            _ => return Ok((1, 1)),
        };
        self.pos += 1;
        Ok(bounds)
    }

    fn braces(&mut self) -> Result<(usize, usize), Error> {
        let close = self.chars[self.pos..].iter().position(|&c| c == '}').ok_or_else(|| self.error("unclosed `{`"))?;
        let inner: String = self.chars[self.pos + 1..self.pos + close].iter().collect();
        self.pos += close + 1;
        let number = |s: &str| s.trim().parse::<usize>().map_err(|_| self.error("bad repetition"));
        match inner.split_once(',') {
            None => number(&inner).map(|n| (n, n)),
            Some((lo, "")) => Ok((number(lo)?, usize::MAX)),
            Some((lo, hi)) => Ok((number(lo)?, number(hi)?)),
        }
    }
}

/// The atom of `\c`: a class for `w d s`, else the literal punctuation character.
fn escape(c: char) -> Option<Atom> {
    Some(match c {
        'w' => Atom::Class(vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')], false),
        'd' => Atom::Class(vec![('0', '9')], false),
        's' => Atom::Class(vec![(' ', ' '), ('\t', '\r')], false),
        c if c.is_ascii_punctuation() => Atom::Char(c),
        _ => return None,
    })
}

fn match_atom_char(atom: &Atom, c: char) -> bool {
    match atom {
        Atom::Char(p) => *p == c,
        Atom::Any => c != '\n',
        Atom::Class(ranges, negated) => ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) != *negated,
        _ => false,
    }
}

/// Matches `seq` at `pos`, calling `rest` with each end position until it accepts.
fn match_seq(seq: &[Node], text: &[char], pos: usize, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    let Some((node, tail)) = seq.split_first() else {
        return rest(pos);
    };
    repeat(node, 0, text, pos, &mut |end| match_seq(tail, text, end, rest))
}

/// Greedy repetition of `node`, `count` matches done so far. Beyond `min`, a repetition
/// must consume input, so empty-matching loops end.
fn repeat(node: &Node, count: usize, text: &[char], pos: usize, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    if count < node.max {
        let more = match_once(&node.atom, text, pos, &mut |end| {
            (end != pos || count < node.min) && repeat(node, count + 1, text, end, rest)
        });
        if more {
            return true;
        }
    }
    count >= node.min && rest(pos)
}

fn match_once(atom: &Atom, text: &[char], pos: usize, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    match atom {
        Atom::Start => pos == 0 && rest(pos),
        Atom::End => pos == text.len() && rest(pos),
        Atom::Group(alternatives) => alternatives.iter().any(|alt| match_seq(alt, text, pos, rest)),
        atom => text.get(pos).is_some_and(|&c| match_atom_char(atom, c)) && rest(pos + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        RegionRegex::new(pattern).is_ok_and(|r| r.is_match(text))
    }

    #[test]
    fn partition_patterns() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        assert!(matches(aws, "us-west-2"));
        assert!(matches(aws, "mx-central-1"));
        assert!(!matches(aws, "us-gov-west-1"));
        assert!(!matches(aws, "cn-north-1"));
        assert!(!matches(aws, "us-west-2x"));
        assert!(matches(r"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"));
        assert!(matches(r"^us\-isob\-\w+\-\d+$", "us-isob-east-1"));
    }

    #[test]
    fn other_syntax() {
        assert!(matches("a[b-d]{2}e?", "acc"));
        assert!(matches("(?:x|y)*z", "xyxz"));
        assert!(!matches("[^a]", "a"));
        assert!(matches("a.c", "abc"));
        assert!(RegionRegex::new("a(b").is_err());
        assert!(RegionRegex::new(r"\p").is_err());
    }
}
