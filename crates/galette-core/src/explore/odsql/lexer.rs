//! ODSQL tokens: query text cut into words, literals and punctuation, each with its position.
//!
//! Owns: string escapes, the shape of numbers and back-quoted names, and the character offsets
//! that error messages report. Does not own: keywords (a keyword is a [`TokenKind::Word`] the
//! parser recognises) or the grammar.

use super::error::OdsqlError;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum TokenKind {
    /// A run of `[A-Za-z0-9_]` that is not all digits: a field, function, keyword or alias.
    Word(String),
    /// A back-quoted name, quotes removed; never a keyword.
    Quoted(String),
    /// Digits, optionally with a fractional part, as written; a sign is a separate token.
    Number(String),
    /// A string literal in `"…"` or `'…'`, escapes resolved.
    Text(String),
    /// `(`.
    OpenParen,
    /// `)`.
    CloseParen,
    /// `[`.
    OpenBracket,
    /// `]`.
    CloseBracket,
    /// `,`.
    Comma,
    /// `..`, between the bounds of a range.
    DotDot,
    /// `*`.
    Star,
    /// `/`.
    Slash,
    /// `+`.
    Plus,
    /// `-`.
    Minus,
    /// `=`.
    Eq,
    /// `!=`.
    NotEq,
    /// `<`.
    Lt,
    /// `<=`.
    LtEq,
    /// `>`.
    Gt,
    /// `>=`.
    GtEq,
    /// `:`, the v2.0 spelling of `=`.
    Colon,
    /// Past the last character.
    End,
}

/// One token and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    /// What it is.
    pub(super) kind: TokenKind,
    /// Offset in characters of its first character: what errors report.
    pub(super) at: usize,
    /// Byte offset of its first character, to quote it or slice the text it starts.
    pub(super) start: usize,
    /// Byte offset just past its last character.
    pub(super) end: usize,
}

/// A query's tokens, and the `End` token that follows them.
#[derive(Debug)]
pub(super) struct Tokens {
    /// Every token written, in order.
    pub(super) list: Vec<Token>,
    /// Where the text ends.
    pub(super) end: Token,
}

/// Cuts `source` into tokens, or says where a character cannot start one.
pub(super) fn tokenize(source: &str) -> Result<Tokens, OdsqlError> {
    Lexer {
        source,
        chars: source.char_indices().collect(),
        next: 0,
    }
    .run()
}

/// Whether `c` may appear in an unquoted field name.
pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    source: &'a str,
    /// Byte offset and character; an index into this is a character offset.
    chars: Vec<(usize, char)>,
    next: usize,
}

impl Lexer<'_> {
    fn run(mut self) -> Result<Tokens, OdsqlError> {
        let mut list = Vec::new();
        loop {
            while self.peek(0).is_some_and(char::is_whitespace) {
                self.next += 1;
            }
            let first = self.next;
            let Some(c) = self.peek(0) else {
                let end = self.token(TokenKind::End, first);
                return Ok(Tokens { list, end });
            };
            let kind = match c {
                '(' => self.single(TokenKind::OpenParen),
                ')' => self.single(TokenKind::CloseParen),
                '[' => self.single(TokenKind::OpenBracket),
                ']' => self.single(TokenKind::CloseBracket),
                ',' => self.single(TokenKind::Comma),
                '*' => self.single(TokenKind::Star),
                '/' => self.single(TokenKind::Slash),
                '+' => self.single(TokenKind::Plus),
                '-' => self.single(TokenKind::Minus),
                ':' => self.single(TokenKind::Colon),
                '.' if self.peek(1) == Some('.') => self.pair(TokenKind::DotDot),
                '=' if self.peek(1) == Some('=') => {
                    return Err(OdsqlError::new(
                        first,
                        "`==` is not an ODSQL operator; compare with a single `=`",
                    ));
                }
                '=' => self.single(TokenKind::Eq),
                '!' if self.peek(1) == Some('=') => self.pair(TokenKind::NotEq),
                '<' if self.peek(1) == Some('=') => self.pair(TokenKind::LtEq),
                '<' => self.single(TokenKind::Lt),
                '>' if self.peek(1) == Some('=') => self.pair(TokenKind::GtEq),
                '>' => self.single(TokenKind::Gt),
                '"' | '\'' => self.string(c)?,
                '`' => self.quoted_name()?,
                c if is_name_char(c) => self.word_or_number(),
                other => {
                    return Err(OdsqlError::new(
                        first,
                        format!("unexpected character `{other}`"),
                    ));
                }
            };
            list.push(self.token(kind, first));
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.next + ahead).map(|&(_, c)| c)
    }

    fn byte_offset(&self, char_offset: usize) -> usize {
        self.chars
            .get(char_offset)
            .map_or(self.source.len(), |&(byte, _)| byte)
    }

    fn token(&self, kind: TokenKind, first: usize) -> Token {
        Token {
            kind,
            at: first,
            start: self.byte_offset(first),
            end: self.byte_offset(self.next),
        }
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.next += 1;
        kind
    }

    fn pair(&mut self, kind: TokenKind) -> TokenKind {
        self.next += 2;
        kind
    }

    /// `"…"` or `'…'`; a backslash escapes the next character (`\n`, `\t`, `\r` mean controls;
    /// an unknown escape such as `\d` is kept as written, so nothing the user typed is lost).
    fn string(&mut self, quote: char) -> Result<TokenKind, OdsqlError> {
        let opening = self.next;
        self.next += 1;
        let unterminated =
            || OdsqlError::new(opening, format!("unterminated string (no closing {quote})"));
        let mut text = String::new();
        loop {
            let c = self.peek(0).ok_or_else(unterminated)?;
            self.next += 1;
            if c == quote {
                return Ok(TokenKind::Text(text));
            }
            if c != '\\' {
                text.push(c);
                continue;
            }
            let escaped = self.peek(0).ok_or_else(unterminated)?;
            self.next += 1;
            match escaped {
                'n' => text.push('\n'),
                't' => text.push('\t'),
                'r' => text.push('\r'),
                '\\' | '"' | '\'' | '`' => text.push(escaped),
                other => {
                    text.push('\\');
                    text.push(other);
                }
            }
        }
    }

    /// `` `name` ``: the same characters as a bare name, but never read as a keyword or number.
    fn quoted_name(&mut self) -> Result<TokenKind, OdsqlError> {
        let opening = self.next;
        self.next += 1;
        let mut name = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                return Err(OdsqlError::new(
                    opening,
                    "unterminated back-quoted name (no closing `)",
                ));
            };
            if c == '`' {
                self.next += 1;
                break;
            }
            if !is_name_char(c) {
                return Err(OdsqlError::new(
                    self.next,
                    format!("`{c}` cannot appear in a field name (letters, digits and _ only)"),
                ));
            }
            name.push(c);
            self.next += 1;
        }
        if name.is_empty() {
            return Err(OdsqlError::new(opening, "empty back-quoted name"));
        }
        Ok(TokenKind::Quoted(name))
    }

    /// A name, or digits with an optional `.digits` (so `1..10` is 1, `..`, 10).
    fn word_or_number(&mut self) -> TokenKind {
        let first = self.next;
        while self.peek(0).is_some_and(is_name_char) {
            self.next += 1;
        }
        let is_all_digits = self
            .chars
            .get(first..self.next)
            .is_some_and(|run| run.iter().all(|&(_, c)| c.is_ascii_digit()));
        if is_all_digits
            && self.peek(0) == Some('.')
            && self.peek(1).is_some_and(|c| c.is_ascii_digit())
        {
            self.next += 1;
            while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                self.next += 1;
            }
        }
        let written = self
            .source
            .get(self.byte_offset(first)..self.byte_offset(self.next))
            .unwrap_or_default()
            .to_owned();
        if is_all_digits {
            TokenKind::Number(written)
        } else {
            TokenKind::Word(written)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TokenKind::*;
    use super::*;

    fn kinds(source: &str) -> Vec<TokenKind> {
        tokenize(source)
            .unwrap()
            .list
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn a_comparison_becomes_a_word_an_operator_and_a_string() {
        assert_eq!(
            kinds(r#"carrier != "UA""#),
            [Word("carrier".into()), NotEq, Text("UA".into())]
        );
    }

    #[test]
    fn a_range_splits_its_bounds_from_the_dots() {
        assert_eq!(
            kinds("[1..10]"),
            [
                OpenBracket,
                Number("1".into()),
                DotDot,
                Number("10".into()),
                CloseBracket
            ]
        );
        assert_eq!(
            kinds("]1.5..2["),
            [
                CloseBracket,
                Number("1.5".into()),
                DotDot,
                Number("2".into()),
                OpenBracket
            ]
        );
    }

    #[test]
    fn names_may_start_with_digits_but_all_digits_is_a_number() {
        assert_eq!(kinds("1st_gate"), [Word("1st_gate".into())]);
        assert_eq!(kinds("2013"), [Number("2013".into())]);
        assert_eq!(kinds("`2013`"), [Quoted("2013".into())]);
    }

    #[test]
    fn escapes_resolve_and_unknown_ones_stay_as_written() {
        assert_eq!(
            kinds(r#""a\"b\\c\nd\te\'f\dg""#),
            [Text("a\"b\\c\nd\te'f\\dg".into())]
        );
        assert_eq!(kinds(r"'it\'s'"), [Text("it's".into())]);
        assert_eq!(kinds(r#"'say "hi"'"#), [Text("say \"hi\"".into())]);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let tokens = tokenize("'é' = x").unwrap();
        let ats: Vec<usize> = tokens.list.iter().map(|t| t.at).collect();
        assert_eq!(ats, [0, 4, 6]);
        assert_eq!(tokens.end.at, 7);
        assert_eq!(tokens.end.start, "'é' = x".len());
    }

    #[test]
    fn broken_text_is_refused_where_it_breaks() {
        let unterminated = tokenize(r#"a = "UA"#).unwrap_err();
        assert_eq!(unterminated.position, 4);
        assert!(unterminated.message.starts_with("unterminated string"));
        assert_eq!(tokenize(r#"a = "UA\"#).unwrap_err().position, 4);
        assert_eq!(tokenize("a == 1").unwrap_err().position, 2);
        assert_eq!(tokenize("a # 1").unwrap_err().position, 2);
        assert_eq!(tokenize("a ! 1").unwrap_err().position, 2);
        assert_eq!(tokenize("a.b").unwrap_err().position, 1);
        assert_eq!(tokenize("`car rier`").unwrap_err().position, 4);
        assert_eq!(tokenize("``").unwrap_err().position, 0);
        assert_eq!(tokenize("`abc").unwrap_err().position, 0);
    }
}
