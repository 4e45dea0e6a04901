//! Expressions: fields, literals, `not` and `-`, comparisons, `and`/`or`, arithmetic, and
//! the predicates on one value (`is null`, `is true`); each compiles to SQL and its type.
//!
//! A comparison binds its literal as a parameter of the other side's type (a date literal
//! against a date field is a day, against a datetime an instant); a comparison with `null`
//! is false, as explore-api §6 says.

use super::dates::{date_unix, day_of};
use super::{Compiler, is_numeric};
use crate::explore::query::{Param, QueryError, SqlType, bad};
use galette_core::explore::odsql::{BinaryOp, Expr, Literal, UnaryOp};

impl Compiler<'_> {
    pub(super) fn expr(&mut self, e: &Expr) -> Result<(String, SqlType), QueryError> {
        match e {
            Expr::Field(name) => {
                if let Some((_, sql, t)) = self.aliases.iter().find(|(alias, _, _)| alias == name)
                    && !self.dataset.fields.iter().any(|f| &f.name == name)
                {
                    return Ok((sql.clone(), *t));
                }
                self.field(name)
            }
            Expr::Literal(literal) => self.literal(literal),
            Expr::Star => Err(bad("`*` is only allowed in count(*)")),
            Expr::Unary {
                op: UnaryOp::Not,
                expr,
            } => {
                let (sql, t) = self.expr(expr)?;
                let condition = self.as_condition(sql, t)?;
                Ok((format!("(NOT {condition})"), SqlType::Predicate))
            }
            Expr::Unary {
                op: UnaryOp::Neg,
                expr,
            } => {
                let (sql, t) = self.expr(expr)?;
                if !is_numeric(t) {
                    return Err(bad("`-` needs a number"));
                }
                Ok((format!("(-{sql})"), t))
            }
            Expr::Binary { op, left, right } => self.binary(*op, left, right),
            Expr::Call {
                name,
                args,
                distinct,
            } => self.call(name, args, *distinct),
            Expr::InList {
                expr,
                items,
                negated,
            } => self.in_list(expr, items, *negated),
            Expr::InRange {
                expr,
                low,
                high,
                low_inclusive,
                high_inclusive,
            } => self.in_range(expr, low, high, *low_inclusive, *high_inclusive),
            Expr::IsNull { expr, negated } => {
                let (sql, t) = self.expr(expr)?;
                let sql = if t == SqlType::Point {
                    sql.split(", ").next().unwrap_or_default().to_owned()
                } else {
                    sql
                };
                let test = if *negated { "IS NOT NULL" } else { "IS NULL" };
                Ok((self.boolean(format!("{sql} {test}")), SqlType::Predicate))
            }
            Expr::IsBool { expr, value } => {
                let (sql, t) = self.expr(expr)?;
                if t != SqlType::Boolean {
                    return Err(bad("`is true` / `is false` needs a boolean"));
                }
                Ok((
                    self.boolean(format!("{sql} = {}", i64::from(*value))),
                    SqlType::Predicate,
                ))
            }
            Expr::Like { expr, pattern } => self.like(expr, pattern),
            Expr::Search { fields, text, kind } => self.search(fields, text, *kind),
        }
    }

    pub(super) fn boolean(&self, condition: String) -> String {
        format!("({condition})")
    }

    pub(super) fn literal(&mut self, literal: &Literal) -> Result<(String, SqlType), QueryError> {
        Ok(match literal {
            Literal::Null => ("NULL".to_owned(), SqlType::Null),
            Literal::Bool(b) => (i64::from(*b).to_string(), SqlType::Boolean),
            Literal::Int(i) => (self.push(Param::Int(*i)), SqlType::Int),
            Literal::Float(f) => (self.push(Param::Double(*f)), SqlType::Double),
            Literal::Text(s) => (self.push(Param::Text(s.clone())), SqlType::Text),
            Literal::Date(d) => (
                self.push(Param::Int(date_unix(d, self.zone)?)),
                SqlType::Datetime,
            ),
            Literal::Geom(_) => return Err(bad("geometry literals are not supported")),
        })
    }

    /// A literal compared with an expression of type `t` (dates adapt to date or datetime).
    pub(super) fn comparable(
        &mut self,
        e: &Expr,
        t: SqlType,
    ) -> Result<(String, SqlType), QueryError> {
        if let (Expr::Literal(Literal::Date(d)), SqlType::Date) = (e, t) {
            let day = day_of(d, self.zone)?;
            return Ok((self.push(Param::Text(day)), SqlType::Date));
        }
        let (sql, lt) = self.expr(e)?;
        let compatible = lt == t
            || (is_numeric(lt) && is_numeric(t))
            || lt == SqlType::Null
            || (lt == SqlType::Text && t == SqlType::Date);
        if !compatible {
            return Err(bad(
                format!("cannot compare {t:?} with {lt:?}").to_lowercase()
            ));
        }
        Ok((sql, lt))
    }

    pub(super) fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
    ) -> Result<(String, SqlType), QueryError> {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let (l, lt) = self.expr(left)?;
                let (r, rt) = self.expr(right)?;
                let (l, r) = (self.as_condition(l, lt)?, self.as_condition(r, rt)?);
                let word = if op == BinaryOp::And { "AND" } else { "OR" };
                Ok((
                    self.boolean(format!("({l} {word} {r})")),
                    SqlType::Predicate,
                ))
            }
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => {
                let (l, lt) = self.expr(left)?;
                let (r, rt) = self.comparable(right, lt)?;
                if lt == SqlType::Point || rt == SqlType::Point {
                    return Err(bad("points cannot be compared"));
                }
                if lt == SqlType::Null || rt == SqlType::Null {
                    // Comparisons with null are false (explore-api §6).
                    return Ok(("(1 = 0)".to_owned(), SqlType::Predicate));
                }
                let sql_op = match op {
                    BinaryOp::Eq => "=",
                    BinaryOp::NotEq => "<>",
                    BinaryOp::Lt => "<",
                    BinaryOp::LtEq => "<=",
                    BinaryOp::Gt => ">",
                    _ => ">=",
                };
                Ok((
                    self.boolean(format!("{l} {sql_op} {r}")),
                    SqlType::Predicate,
                ))
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                let (l, lt) = self.expr(left)?;
                let (r, rt) = self.expr(right)?;
                if !(is_numeric(lt) && is_numeric(rt)) {
                    return Err(bad("arithmetic needs numbers"));
                }
                let t = if lt == SqlType::Double || rt == SqlType::Double || op == BinaryOp::Div {
                    SqlType::Double
                } else {
                    SqlType::Int
                };
                Ok(match op {
                    BinaryOp::Add => (format!("({l} + {r})"), t),
                    BinaryOp::Sub => (format!("({l} - {r})"), t),
                    BinaryOp::Mul => (format!("({l} * {r})"), t),
                    _ => (
                        format!("({} / NULLIF({}, 0))", self.double(&l), self.double(&r)),
                        SqlType::Double,
                    ),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{selects, sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn comparison_operators() {
        assert_snapshot!(wheres(&[
            "n = 3",
            "n != 3",
            "n < 3",
            "n <= 3",
            "n > 3",
            "n >= 3",
            "name : 'UA'",
            "x > n",
            "ok = true",
        ]));
    }

    #[test]
    fn boolean_logic_and_precedence() {
        assert_snapshot!(wheres(&[
            "n = 1 or n = 2 and x > 0",
            "(n = 1 or n = 2) and x > 0",
            "n = 1 or n = 2 or n = 3 or n = 4",
            "not n = 1",
            "not (n = 1 and ok)",
            "ok",
            "ok and n > 1",
        ]));
    }

    #[test]
    fn null_handling() {
        assert_snapshot!(wheres(&[
            "n is null",
            "n is not null",
            "p is null",
            "p is not null",
            "n = null",
            "null != name",
            "ok is true",
            "ok is false",
        ]));
    }

    #[test]
    fn arithmetic() {
        assert_snapshot!(selects(&[
            "n + 1 as a",
            "n - x as a",
            "n * 2 as a",
            "n / 2 as a",
            "x / 0.5 as a",
            "-n as a",
            "-(x + 1) as a",
        ]));
    }

    #[test]
    fn literals_and_predicates_as_values() {
        assert_snapshot!(selects(&[
            "'text' as a",
            "7 as a",
            "2.5 as a",
            "true as a",
            "null as a",
            "date'2024-01-01' as a",
            "n > 3 as a",
        ]));
    }

    #[test]
    fn refused_expressions() {
        assert_snapshot!(wheres(&[
            "unknown = 1",
            "name = 1",
            "n = 'one'",
            "n",
            "name + 1 > 0",
            "-name = 'a'",
            "not n",
            "p = 1",
            "name is true",
            "n = geom'POINT(1 1)'",
        ]));
        assert_snapshot!(
            "select_star_in_an_expression",
            sql(&[("select", "n"), ("where", "count(*) > 1 or n > 1")])
        );
    }
}
