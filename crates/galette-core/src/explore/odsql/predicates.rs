//! The tests that follow a value: `is [not] null|true|false`, `[not] in (…)`, `in [a..b]`,
//! `[not] like "…"`.
//!
//! Owns: the shapes of lists and ranges (`]` and `[` for exclusive bounds) and their messages.
//! Does not own: comparisons and precedence (`parser`).

use super::ast::{Expr, UnaryOp};
use super::error::OdsqlError;
use super::lexer::TokenKind;
use super::parser::{Node, Parser};

impl Parser<'_> {
    /// After `is`: `null`, `not null`, `true`, `false`, `not true`, `not false`.
    pub(super) fn is_test(&mut self, left: Node, at: usize) -> Result<Node, OdsqlError> {
        let negated = self.eat_keyword("not");
        let depth = left.depth + 1;
        let expr = Box::new(left.expr);
        if self.eat_keyword("null") {
            return self.build(Expr::IsNull { expr, negated }, depth, at);
        }
        let value = if self.eat_keyword("true") {
            true
        } else if self.eat_keyword("false") {
            false
        } else {
            let is = if negated { "`is not`" } else { "`is`" };
            return Err(self.error_here(format!(
                "expected `null`, `true` or `false` after {is}, found {}",
                self.describe(self.peek())
            )));
        };
        let test = self.build(Expr::IsBool { expr, value }, depth, at)?;
        if negated {
            self.unary(UnaryOp::Not, test, at)
        } else {
            Ok(test)
        }
    }

    /// After `in`: a list `(a, b)` or a range `[low..high]` with `]`/`[` for exclusive bounds.
    pub(super) fn membership(
        &mut self,
        left: Node,
        negated: bool,
        at: usize,
    ) -> Result<Node, OdsqlError> {
        if self.is_next(&TokenKind::OpenParen) {
            let open = self.advance();
            if self.is_next(&TokenKind::CloseParen) {
                return Err(self.error_here("an `in (…)` list needs at least one value"));
            }
            let mut depth = left.depth;
            let mut items = Vec::new();
            loop {
                let item = self.expression()?;
                depth = depth.max(item.depth);
                items.push(item.expr);
                if self.eat(&TokenKind::CloseParen) {
                    break;
                }
                if !self.eat(&TokenKind::Comma) {
                    return Err(self.error_here(format!(
                        "expected `,` or `)` in the list opened at position {}, found {}",
                        open.at,
                        self.describe(self.peek())
                    )));
                }
            }
            let expr = Expr::InList {
                expr: Box::new(left.expr),
                items,
                negated,
            };
            return self.build(expr, depth + 1, at);
        }
        let low_inclusive = match self.peek().kind {
            TokenKind::OpenBracket => true,
            TokenKind::CloseBracket => false,
            _ => {
                return Err(self.error_here(format!(
                    "expected `(`, `[` or `]` after `in`, found {}",
                    self.describe(self.peek())
                )));
            }
        };
        self.advance();
        let low = self.sum()?;
        if !self.eat(&TokenKind::DotDot) {
            return Err(self.error_here(format!(
                "expected `..` between the bounds of a range, as in [1..10], found {}",
                self.describe(self.peek())
            )));
        }
        let high = self.sum()?;
        let high_inclusive = match self.peek().kind {
            TokenKind::CloseBracket => true,
            TokenKind::OpenBracket => false,
            _ => {
                return Err(self.error_here(format!(
                    "expected `]` or `[` to close the range, found {}",
                    self.describe(self.peek())
                )));
            }
        };
        self.advance();
        let depth = left.depth.max(low.depth).max(high.depth) + 1;
        let expr = Expr::InRange {
            expr: Box::new(left.expr),
            low: Box::new(low.expr),
            high: Box::new(high.expr),
            low_inclusive,
            high_inclusive,
        };
        let range = self.build(expr, depth, at)?;
        if negated {
            self.unary(UnaryOp::Not, range, at)
        } else {
            Ok(range)
        }
    }

    /// After `like`: the quoted pattern.
    pub(super) fn like(&mut self, left: Node, at: usize) -> Result<Node, OdsqlError> {
        let TokenKind::Text(pattern) = self.peek().kind.clone() else {
            return Err(self.error_here(format!(
                "expected a quoted pattern after `like`, found {}",
                self.describe(self.peek())
            )));
        };
        self.advance();
        let expr = Expr::Like {
            expr: Box::new(left.expr),
            pattern,
        };
        self.build(expr, left.depth + 1, at)
    }
}
