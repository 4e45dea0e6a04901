//! Function calls: `name(args)`, `count(*)`, `count(distinct f)`, the search functions and
//! `include(pop*)`/`exclude(f)`.
//!
//! Owns: argument lists and the forms whose arguments are not plain values. Does not own:
//! which functions exist or what they take; the compiler refuses unknown ones.

use super::ast::{Expr, Literal, SearchKind};
use super::error::OdsqlError;
use super::lexer::TokenKind;
use super::parser::{Node, Parser};

impl Parser<'_> {
    /// `name(…)`, called with the name next and `(` after it; `search`, `suggest` and
    /// `startswith` become [`Expr::Search`].
    pub(super) fn call(&mut self, word: &str) -> Result<Node, OdsqlError> {
        let name_token = self.advance();
        self.advance();
        let name = word.to_ascii_lowercase();
        let kind = match name.as_str() {
            "search" => Some(SearchKind::Search),
            "suggest" => Some(SearchKind::Suggest),
            "startswith" => Some(SearchKind::StartsWith),
            _ => None,
        };
        let (args, distinct, depth) = if matches!(name.as_str(), "include" | "exclude") {
            (self.name_patterns(&name)?, false, 1)
        } else {
            self.arguments(&name)?
        };
        match kind {
            Some(_) if distinct => Err(OdsqlError::new(
                name_token.at,
                format!("`distinct` has no meaning in {name}()"),
            )),
            Some(kind) => search(kind, &name, args, name_token.at).map(Node::leaf),
            None => self.build(
                Expr::Call {
                    name,
                    args,
                    distinct,
                },
                depth + 1,
                name_token.at,
            ),
        }
    }

    /// Arguments after `(`, through `)`: optional `distinct`, then values or a lone `*`.
    fn arguments(&mut self, name: &str) -> Result<(Vec<Expr>, bool, usize), OdsqlError> {
        let distinct = self.eat_keyword("distinct");
        let mut args = Vec::new();
        let mut depth = 0;
        if !distinct && self.eat(&TokenKind::CloseParen) {
            return Ok((args, distinct, depth));
        }
        loop {
            let is_lone_star = self.is_next(&TokenKind::Star)
                && (self.is_second_next(&TokenKind::Comma)
                    || self.is_second_next(&TokenKind::CloseParen));
            let arg = if is_lone_star {
                self.advance();
                Node::leaf(Expr::Star)
            } else {
                self.expression()?
            };
            depth = depth.max(arg.depth);
            args.push(arg.expr);
            if self.eat(&TokenKind::CloseParen) {
                return Ok((args, distinct, depth));
            }
            if !self.eat(&TokenKind::Comma) {
                return Err(self.error_here(format!(
                    "expected `,` or `)` in the arguments of {name}(), found {}",
                    self.describe(self.peek())
                )));
            }
        }
    }

    /// `include(pop*)`, `exclude(name)`: names, each possibly ending in `*`, kept as fields.
    fn name_patterns(&mut self, name: &str) -> Result<Vec<Expr>, OdsqlError> {
        let mut patterns = Vec::new();
        loop {
            let mut pattern = match self.peek().kind.clone() {
                TokenKind::Word(word) | TokenKind::Quoted(word) => word,
                TokenKind::Number(digits) if !digits.contains('.') => digits,
                _ => {
                    return Err(self.error_here(format!(
                        "expected a field name or prefix (such as pop*) in {name}(), found {}",
                        self.describe(self.peek())
                    )));
                }
            };
            self.advance();
            if self.eat(&TokenKind::Star) {
                pattern.push('*');
            }
            patterns.push(Expr::Field(pattern));
            if self.eat(&TokenKind::CloseParen) {
                return Ok(patterns);
            }
            if !self.eat(&TokenKind::Comma) {
                return Err(self.error_here(format!(
                    "expected `,` or `)` in {name}(), found {}",
                    self.describe(self.peek())
                )));
            }
        }
    }
}

/// `search(f1, f2, "text")`: field names, then the quoted text last.
fn search(
    kind: SearchKind,
    name: &str,
    mut args: Vec<Expr>,
    at: usize,
) -> Result<Expr, OdsqlError> {
    let refuse = || {
        OdsqlError::new(
            at,
            format!(
                "{name}() takes field names, then the text in quotes, as in {name}(`carrier`, \"UA\")"
            ),
        )
    };
    let Some(Expr::Literal(Literal::Text(text))) = args.pop() else {
        return Err(refuse());
    };
    let fields = args
        .into_iter()
        .map(|arg| match arg {
            Expr::Field(field) => Ok(field),
            _ => Err(refuse()),
        })
        .collect::<Result<Vec<String>, OdsqlError>>()?;
    Ok(Expr::Search { fields, text, kind })
}
