//! The ODSQL expression grammar, by precedence climbing from `or` down to literals.
//!
//! Owns: precedence (`or` < `and` < `not` < comparisons and `in`/`is`/`like` < `+ -` < `* /`
//! < unary `-`), literals, the token cursor the other grammar files share, and the two limits
//! that keep hostile input from exhausting the stack: nesting of the recursion and height of
//! the tree built. Does not own: calls (`calls`), the tests after a value (`predicates`),
//! clause lists (`clauses`), tokens (`lexer`) or what a name means (the compiler).

use super::ast::{BinaryOp, Expr, Literal, SearchKind, UnaryOp};
use super::date::DateLiteral;
use super::error::OdsqlError;
use super::lexer::{Token, TokenKind, Tokens, tokenize};

/// The most levels an expression tree may have, and the deepest parentheses and calls may nest.
pub const MAX_DEPTH: usize = 64;

/// Words that are never field names unless back-quoted (`docs/explore-api.md` §6).
pub const KEYWORDS: [&str; 15] = [
    "and", "or", "not", "in", "is", "null", "true", "false", "like", "as", "asc", "desc",
    "distinct", "date", "geom",
];

/// Whether `word` is an ODSQL keyword, in any case.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// An expression with the height of its tree, so every node is checked as it is built.
pub(super) struct Node {
    /// The expression.
    pub(super) expr: Expr,
    /// Levels of its tree, a leaf being 1.
    pub(super) depth: usize,
}

impl Node {
    /// A node without children.
    pub(super) fn leaf(expr: Expr) -> Node {
        Node { expr, depth: 1 }
    }
}

/// Turns a bare quoted string in a condition into a search of every text field (§6: `"UA"`).
pub(super) fn condition(node: Node) -> Node {
    match node.expr {
        Expr::Literal(Literal::Text(text)) => Node {
            expr: Expr::Search {
                fields: Vec::new(),
                text,
                kind: SearchKind::Search,
            },
            depth: node.depth,
        },
        expr => Node { expr, ..node },
    }
}

/// Reads expressions from a query's tokens; the clause functions drive it item by item.
pub(super) struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    end: Token,
    next: usize,
    nesting: usize,
}

impl<'a> Parser<'a> {
    /// Tokenizes `source`, failing on the first character that cannot start a token.
    pub(super) fn new(source: &'a str) -> Result<Self, OdsqlError> {
        let Tokens { list, end } = tokenize(source)?;
        Ok(Parser {
            source,
            tokens: list,
            end,
            next: 0,
            nesting: 0,
        })
    }

    /// The next unread token (`End` once all are read).
    pub(super) fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    /// The token `ahead` places after the next one.
    fn peek_at(&self, ahead: usize) -> &Token {
        self.tokens.get(self.next + ahead).unwrap_or(&self.end)
    }

    /// Reads one token.
    pub(super) fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.next < self.tokens.len() {
            self.next += 1;
        }
        token
    }

    /// Whether every token has been read.
    pub(super) fn is_at_end(&self) -> bool {
        self.peek().kind == TokenKind::End
    }

    /// Whether the next token is `kind`, a token without content such as `,` or `*`.
    pub(super) fn is_next(&self, kind: &TokenKind) -> bool {
        &self.peek().kind == kind
    }

    /// Reads the next token if it is `kind`.
    pub(super) fn eat(&mut self, kind: &TokenKind) -> bool {
        let is_there = self.is_next(kind);
        if is_there {
            self.advance();
        }
        is_there
    }

    /// Whether the next token is the unquoted keyword `keyword`, in any case.
    pub(super) fn is_next_keyword(&self, keyword: &str) -> bool {
        matches!(&self.peek().kind, TokenKind::Word(word) if word.eq_ignore_ascii_case(keyword))
    }

    /// Reads the next token if it is the keyword `keyword`.
    pub(super) fn eat_keyword(&mut self, keyword: &str) -> bool {
        let is_there = self.is_next_keyword(keyword);
        if is_there {
            self.advance();
        }
        is_there
    }

    /// Whether the token after the next one is `kind`.
    pub(super) fn is_second_next(&self, kind: &TokenKind) -> bool {
        &self.peek_at(1).kind == kind
    }

    /// The source text from byte `start` to the end of the last token read.
    pub(super) fn written_since(&self, start: usize) -> &'a str {
        let end = self
            .next
            .checked_sub(1)
            .and_then(|last| self.tokens.get(last))
            .map_or(start, |token| token.end);
        self.source.get(start..end).unwrap_or_default()
    }

    /// A token as a message shows it: quoted as written, or "the end of the query".
    pub(super) fn describe(&self, token: &Token) -> String {
        match token.kind {
            TokenKind::End => "the end of the query".to_owned(),
            _ => format!(
                "`{}`",
                self.source.get(token.start..token.end).unwrap_or("")
            ),
        }
    }

    /// An error at the next token.
    pub(super) fn error_here(&self, message: impl Into<String>) -> OdsqlError {
        OdsqlError::new(self.peek().at, message)
    }

    /// "expected a value after `=`, found `=`", at the next token.
    pub(super) fn expected_value(&self) -> OdsqlError {
        let found = self.peek();
        let after = match self.next.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(previous) => format!("expected a value after {}", self.describe(previous)),
            None => "expected a value".to_owned(),
        };
        let mut message = match found.kind {
            TokenKind::End => after,
            _ => format!("{after}, found {}", self.describe(found)),
        };
        match &found.kind {
            TokenKind::Word(word) => message.push_str(&format!(
                " (a keyword: to use it as a field name, back-quote it: `{word}`)"
            )),
            TokenKind::Star => {
                message.push_str(" (`*` stands alone in select, or inside a call such as count(*))")
            }
            _ => {}
        }
        OdsqlError::new(found.at, message)
    }

    /// A whole expression, `or` included; the one place the grammar recurses into itself.
    pub(super) fn expression(&mut self) -> Result<Node, OdsqlError> {
        if self.nesting >= MAX_DEPTH {
            return Err(self.error_here(format!(
                "parentheses and calls nest more than {MAX_DEPTH} levels deep"
            )));
        }
        self.nesting += 1;
        let result = self.disjunction();
        self.nesting -= 1;
        result
    }

    /// Wraps a new node of height `depth`, refusing it past [`MAX_DEPTH`].
    pub(super) fn build(&self, expr: Expr, depth: usize, at: usize) -> Result<Node, OdsqlError> {
        if depth > MAX_DEPTH {
            return Err(OdsqlError::new(
                at,
                format!("the expression is more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(Node { expr, depth })
    }

    /// `op operand`, depth-checked.
    pub(super) fn unary(&self, op: UnaryOp, operand: Node, at: usize) -> Result<Node, OdsqlError> {
        let depth = operand.depth + 1;
        let expr = Expr::Unary {
            op,
            expr: Box::new(operand.expr),
        };
        self.build(expr, depth, at)
    }

    /// `left op right`, depth-checked.
    fn binary(&self, op: BinaryOp, left: Node, right: Node, at: usize) -> Result<Node, OdsqlError> {
        let depth = left.depth.max(right.depth) + 1;
        let expr = Expr::Binary {
            op,
            left: Box::new(left.expr),
            right: Box::new(right.expr),
        };
        self.build(expr, depth, at)
    }

    /// Joins `and`/`or` operands pairwise, level by level, so a long chain stays shallow.
    fn balanced(&self, op: BinaryOp, mut nodes: Vec<Node>, at: usize) -> Result<Node, OdsqlError> {
        while nodes.len() > 1 {
            let mut joined = Vec::with_capacity(nodes.len().div_ceil(2));
            let mut pending = nodes.into_iter();
            while let Some(left) = pending.next() {
                match pending.next() {
                    Some(right) => joined.push(self.binary(op, left, right, at)?),
                    None => joined.push(left),
                }
            }
            nodes = joined;
        }
        nodes
            .pop()
            .ok_or_else(|| OdsqlError::new(at, "expected a condition"))
    }

    fn disjunction(&mut self) -> Result<Node, OdsqlError> {
        let first = self.conjunction()?;
        if !self.is_next_keyword("or") {
            return Ok(first);
        }
        let at = self.peek().at;
        let mut operands = vec![condition(first)];
        while self.eat_keyword("or") {
            operands.push(condition(self.conjunction()?));
        }
        self.balanced(BinaryOp::Or, operands, at)
    }

    fn conjunction(&mut self) -> Result<Node, OdsqlError> {
        let first = self.negation()?;
        if !self.is_next_keyword("and") {
            return Ok(first);
        }
        let at = self.peek().at;
        let mut operands = vec![condition(first)];
        while self.eat_keyword("and") {
            operands.push(condition(self.negation()?));
        }
        self.balanced(BinaryOp::And, operands, at)
    }

    fn negation(&mut self) -> Result<Node, OdsqlError> {
        let mut nots = Vec::new();
        while self.is_next_keyword("not") {
            if nots.len() >= MAX_DEPTH {
                return Err(self.error_here(format!("more than {MAX_DEPTH} `not` in a row")));
            }
            nots.push(self.advance().at);
        }
        let mut node = self.predicate()?;
        if !nots.is_empty() {
            node = condition(node);
        }
        for at in nots.into_iter().rev() {
            node = self.unary(UnaryOp::Not, node, at)?;
        }
        Ok(node)
    }

    /// A value, possibly compared or tested: `a = b`, `a in (…)`, `a is null`, `a like "…"`.
    fn predicate(&mut self) -> Result<Node, OdsqlError> {
        let left = self.sum()?;
        let at = self.peek().at;
        if let Some(op) = comparison(&self.peek().kind) {
            self.advance();
            let right = self.sum()?;
            return self.binary(op, left, right, at);
        }
        if self.eat_keyword("is") {
            return self.is_test(left, at);
        }
        if self.eat_keyword("in") {
            return self.membership(left, false, at);
        }
        if self.eat_keyword("like") {
            return self.like(left, at);
        }
        if self.eat_keyword("not") {
            if self.eat_keyword("in") {
                return self.membership(left, true, at);
            }
            if self.eat_keyword("like") {
                let like = self.like(left, at)?;
                return self.unary(UnaryOp::Not, like, at);
            }
            return Err(self.error_here(format!(
                "expected `in` or `like` after `not`, found {}",
                self.describe(self.peek())
            )));
        }
        Ok(left)
    }

    /// Additions and subtractions: the operand of comparisons and range bounds.
    pub(super) fn sum(&mut self) -> Result<Node, OdsqlError> {
        let mut node = self.product()?;
        loop {
            let op = match self.peek().kind {
                TokenKind::Plus => BinaryOp::Add,
                TokenKind::Minus => BinaryOp::Sub,
                _ => return Ok(node),
            };
            let at = self.advance().at;
            let right = self.product()?;
            node = self.binary(op, node, right, at)?;
        }
    }

    fn product(&mut self) -> Result<Node, OdsqlError> {
        let mut node = self.signed()?;
        loop {
            let op = match self.peek().kind {
                TokenKind::Star => BinaryOp::Mul,
                TokenKind::Slash => BinaryOp::Div,
                _ => return Ok(node),
            };
            let at = self.advance().at;
            let right = self.signed()?;
            node = self.binary(op, node, right, at)?;
        }
    }

    /// Unary minus; one directly before a number is folded into it, so `-3` is a literal.
    fn signed(&mut self) -> Result<Node, OdsqlError> {
        let mut minuses = Vec::new();
        while self.is_next(&TokenKind::Minus) {
            if minuses.len() >= MAX_DEPTH {
                return Err(self.error_here(format!("more than {MAX_DEPTH} `-` in a row")));
            }
            minuses.push(self.advance().at);
        }
        let mut node = match (minuses.pop(), self.peek().kind.clone()) {
            (Some(_), TokenKind::Number(digits)) => {
                let token = self.advance();
                Node::leaf(Expr::Literal(number(&digits, true, token.at)?))
            }
            (Some(at), _) => {
                let operand = self.primary()?;
                self.unary(UnaryOp::Neg, operand, at)?
            }
            (None, _) => self.primary()?,
        };
        for at in minuses.into_iter().rev() {
            node = self.unary(UnaryOp::Neg, node, at)?;
        }
        Ok(node)
    }

    fn primary(&mut self) -> Result<Node, OdsqlError> {
        let token = self.peek().clone();
        let expr = match token.kind {
            TokenKind::Number(digits) => Expr::Literal(number(&digits, false, token.at)?),
            TokenKind::Text(text) => Expr::Literal(Literal::Text(text)),
            TokenKind::Quoted(name) => Expr::Field(name),
            TokenKind::OpenParen => {
                self.advance();
                let inner = self.expression()?;
                if !self.eat(&TokenKind::CloseParen) {
                    return Err(self.error_here(format!(
                        "expected `)` to close the `(` at position {}, found {}",
                        token.at,
                        self.describe(self.peek())
                    )));
                }
                return Ok(inner);
            }
            TokenKind::Word(word) if is_keyword(&word) => return self.keyword_value(&word),
            TokenKind::Word(word) => {
                if self.is_second_next(&TokenKind::OpenParen) {
                    return self.call(&word);
                }
                Expr::Field(word)
            }
            _ => return Err(self.expected_value()),
        };
        self.advance();
        Ok(Node::leaf(expr))
    }

    /// `null`, `true`, `false`, `date'…'` and `geom'…'`; any other keyword is not a value.
    fn keyword_value(&mut self, word: &str) -> Result<Node, OdsqlError> {
        let lowered = word.to_ascii_lowercase();
        let literal = match lowered.as_str() {
            "null" => Literal::Null,
            "true" => Literal::Bool(true),
            "false" => Literal::Bool(false),
            "date" | "geom" => {
                let keyword = self.advance();
                let TokenKind::Text(text) = self.peek().kind.clone() else {
                    let example = if lowered == "date" {
                        "date'2013-01-05'"
                    } else {
                        "geom'POINT(2.35 48.85)'"
                    };
                    return Err(self.error_here(format!(
                        "expected a quoted value after `{word}`, as in {example}"
                    )));
                };
                self.advance();
                if lowered == "geom" {
                    return Ok(Node::leaf(Expr::Literal(Literal::Geom(text))));
                }
                let date = DateLiteral::parse(&text).map_err(|reason| {
                    OdsqlError::new(
                        keyword.at,
                        format!("unknown date `{lowered}'{text}'`: {reason}"),
                    )
                })?;
                return Ok(Node::leaf(Expr::Literal(Literal::Date(date))));
            }
            _ => return Err(self.expected_value()),
        };
        self.advance();
        Ok(Node::leaf(Expr::Literal(literal)))
    }
}

fn comparison(kind: &TokenKind) -> Option<BinaryOp> {
    Some(match kind {
        TokenKind::Eq | TokenKind::Colon => BinaryOp::Eq,
        TokenKind::NotEq => BinaryOp::NotEq,
        TokenKind::Lt => BinaryOp::Lt,
        TokenKind::LtEq => BinaryOp::LtEq,
        TokenKind::Gt => BinaryOp::Gt,
        TokenKind::GtEq => BinaryOp::GtEq,
        _ => return None,
    })
}

/// A number as written: whole numbers that fit in an `i64` stay integers, others are floats.
fn number(digits: &str, is_negative: bool, at: usize) -> Result<Literal, OdsqlError> {
    let signed = if is_negative {
        format!("-{digits}")
    } else {
        digits.to_owned()
    };
    if !digits.contains('.')
        && let Ok(int) = signed.parse::<i64>()
    {
        return Ok(Literal::Int(int));
    }
    match signed.parse::<f64>() {
        Ok(float) if float.is_finite() => Ok(Literal::Float(float)),
        _ => Err(OdsqlError::new(
            at,
            format!("the number {signed} is too large"),
        )),
    }
}
