//! The five ODSQL parameters: `where`, `select`, `group_by`, `order_by` and `refine`.
//!
//! Owns: what each parameter may contain around its expressions (commas, `as`, `asc`/`desc`,
//! a lone `*`), the text kept as an output key, and refusing empty or trailing input.
//! Does not own: the expression grammar (`parser`); callers skip absent parameters and AND
//! repeated `where`s themselves.

use super::ast::{Expr, GroupItem, OrderItem, SelectItem, SelectList};
use super::error::OdsqlError;
use super::lexer::{TokenKind, is_name_char};
use super::parser::{Parser, condition, is_keyword};

/// Parses a `where` parameter into one condition; a bare `"text"` becomes a search.
pub fn parse_where(text: &str) -> Result<Expr, OdsqlError> {
    let mut parser = start(text, "the where expression is empty")?;
    let node = parser.expression()?;
    if !parser.is_at_end() {
        return Err(parser.error_here(format!("unexpected {}", parser.describe(parser.peek()))));
    }
    Ok(condition(node).expr)
}

/// Parses a `select` parameter.
///
/// `*` alone is [`SelectList::Star`]. Next to other items (`*, year(d) as y`) it is kept as an
/// item whose expression is [`Expr::Star`], for the compiler to expand or refuse.
/// `include(pop*)` and `exclude(f)` are calls whose arguments are fields, possibly ending in `*`.
pub fn parse_select(text: &str) -> Result<SelectList, OdsqlError> {
    let mut parser = start(text, "the select list is empty")?;
    if parser.is_next(&TokenKind::Star) && parser.is_second_next(&TokenKind::End) {
        return Ok(SelectList::Star);
    }
    let mut items = Vec::new();
    loop {
        let is_lone_star = parser.is_next(&TokenKind::Star)
            && (parser.is_second_next(&TokenKind::Comma) || parser.is_second_next(&TokenKind::End));
        if is_lone_star {
            parser.advance();
            items.push(SelectItem {
                expr: Expr::Star,
                alias: None,
                text: "*".to_owned(),
            });
        } else {
            let start = parser.peek().start;
            let expr = parser.expression()?.expr;
            let text = parser.written_since(start).to_owned();
            let alias = alias(&mut parser)?;
            items.push(SelectItem { expr, alias, text });
        }
        if !next_item(&mut parser, "select")? {
            return Ok(SelectList::Items(items));
        }
    }
}

/// Parses a `group_by` parameter: `carrier`, `year(d) as y`, `range(f, *, 0, 60, *)`…
pub fn parse_group_by(text: &str) -> Result<Vec<GroupItem>, OdsqlError> {
    let mut parser = start(text, "the group_by list is empty")?;
    let mut items = Vec::new();
    loop {
        let start = parser.peek().start;
        let expr = parser.expression()?.expr;
        let text = parser.written_since(start).to_owned();
        let alias = alias(&mut parser)?;
        items.push(GroupItem { expr, alias, text });
        if !next_item(&mut parser, "group_by")? {
            return Ok(items);
        }
    }
}

/// Parses an `order_by` parameter: `n desc`, `count(*) desc, carrier`, `random(1)`…
pub fn parse_order_by(text: &str) -> Result<Vec<OrderItem>, OdsqlError> {
    let mut parser = start(text, "the order_by list is empty")?;
    let mut items = Vec::new();
    loop {
        let expr = parser.expression()?.expr;
        let descending = if parser.eat_keyword("desc") {
            true
        } else {
            parser.eat_keyword("asc");
            false
        };
        items.push(OrderItem { expr, descending });
        if !next_item(&mut parser, "order_by")? {
            return Ok(items);
        }
    }
}

/// Splits a `refine` or `exclude` value `FACET:VALUE` at its first `:`.
///
/// Spaces around the facet are ignored; the value is kept exactly, `:` included
/// (`time_hour:2013-01-05T10:00`).
pub fn parse_refine(text: &str) -> Result<(String, String), OdsqlError> {
    let Some((facet, value)) = text.split_once(':') else {
        return Err(OdsqlError::new(
            text.chars().count(),
            "expected FACET:VALUE, as in carrier:UA",
        ));
    };
    let leading = facet.chars().take_while(|c| c.is_whitespace()).count();
    let name = facet.trim();
    if name.is_empty() {
        return Err(OdsqlError::new(leading, "expected a facet name before `:`"));
    }
    if let Some((offset, bad)) = name.chars().enumerate().find(|(_, c)| !is_name_char(*c)) {
        return Err(OdsqlError::new(
            leading + offset,
            format!("`{bad}` cannot appear in a facet name (letters, digits and _ only)"),
        ));
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// Tokenizes `text` and refuses it when it holds no token at all.
fn start<'a>(text: &'a str, empty: &str) -> Result<Parser<'a>, OdsqlError> {
    let parser = Parser::new(text)?;
    if parser.is_at_end() {
        return Err(parser.error_here(empty));
    }
    Ok(parser)
}

/// After an item: `true` past a `,`, `false` at the end, an error on anything else.
fn next_item(parser: &mut Parser<'_>, clause: &str) -> Result<bool, OdsqlError> {
    if parser.is_at_end() {
        return Ok(false);
    }
    if parser.eat(&TokenKind::Comma) {
        return Ok(true);
    }
    Err(parser.error_here(format!(
        "expected `,` or the end of the {clause} list, found {}",
        parser.describe(parser.peek())
    )))
}

/// `as name` or `` as `name` ``, if written.
fn alias(parser: &mut Parser<'_>) -> Result<Option<String>, OdsqlError> {
    if !parser.eat_keyword("as") {
        return Ok(None);
    }
    match parser.peek().kind.clone() {
        TokenKind::Word(word) if !is_keyword(&word) => {
            parser.advance();
            Ok(Some(word))
        }
        TokenKind::Quoted(name) => {
            parser.advance();
            Ok(Some(name))
        }
        TokenKind::Word(word) => Err(parser.error_here(format!(
            "`{word}` is a keyword; back-quote it to use it as a name: `{word}`"
        ))),
        _ => Err(parser.error_here(format!(
            "expected a name after `as`, found {}",
            parser.describe(parser.peek())
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::odsql::{BinaryOp, Literal};

    fn field(name: &str) -> Expr {
        Expr::Field(name.to_owned())
    }

    fn count_star() -> Expr {
        Expr::Call {
            name: "count".to_owned(),
            args: vec![Expr::Star],
            distinct: false,
        }
    }

    #[test]
    fn a_lone_star_selects_every_field() {
        assert_eq!(parse_select("*").unwrap(), SelectList::Star);
        assert_eq!(parse_select("  *  ").unwrap(), SelectList::Star);
    }

    #[test]
    fn select_items_keep_their_alias_and_their_text_as_written() {
        let SelectList::Items(items) =
            parse_select("carrier, count(*) as n, avg( dep_delay )").unwrap()
        else {
            panic!("expected items");
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].expr, field("carrier"));
        assert_eq!(
            (items[0].alias.as_deref(), items[0].text.as_str()),
            (None, "carrier")
        );
        assert_eq!(items[1].expr, count_star());
        assert_eq!(
            (items[1].alias.as_deref(), items[1].text.as_str()),
            (Some("n"), "count(*)")
        );
        assert_eq!(items[2].text, "avg( dep_delay )");
    }

    #[test]
    fn a_star_next_to_other_items_is_an_item_of_its_own() {
        let SelectList::Items(items) = parse_select("*, year(time_hour) as y").unwrap() else {
            panic!("expected items");
        };
        assert_eq!(items[0].expr, Expr::Star);
        assert_eq!(items[0].text, "*");
        assert_eq!(items[1].alias.as_deref(), Some("y"));
        assert!(parse_select("* as everything").is_err());
    }

    #[test]
    fn include_and_exclude_take_names_and_prefixes() {
        let SelectList::Items(items) = parse_select("include(pop*), exclude(`code`, id)").unwrap()
        else {
            panic!("expected items");
        };
        assert_eq!(
            items[0].expr,
            Expr::Call {
                name: "include".into(),
                args: vec![field("pop*")],
                distinct: false
            }
        );
        assert_eq!(
            items[1].expr,
            Expr::Call {
                name: "exclude".into(),
                args: vec![field("code"), field("id")],
                distinct: false
            }
        );
    }

    #[test]
    fn aliases_may_be_back_quoted_but_not_bare_keywords() {
        let SelectList::Items(items) = parse_select("count(*) as `desc`").unwrap() else {
            panic!("expected items");
        };
        assert_eq!(items[0].alias.as_deref(), Some("desc"));
        let error = parse_select("count(*) as desc").unwrap_err();
        assert_eq!(error.position, 12);
        assert!(error.message.contains("back-quote"));
        assert_eq!(parse_select("count(*) as").unwrap_err().position, 11);
    }

    #[test]
    fn group_by_reads_ranges_with_stars_and_labels() {
        let items = parse_group_by("range(dep_delay, *, 0, 60, *) as bucket, origin").unwrap();
        assert_eq!(
            items[0].expr,
            Expr::Call {
                name: "range".into(),
                args: vec![
                    field("dep_delay"),
                    Expr::Star,
                    Expr::Literal(Literal::Int(0)),
                    Expr::Literal(Literal::Int(60)),
                    Expr::Star
                ],
                distinct: false
            }
        );
        assert_eq!(items[0].alias.as_deref(), Some("bucket"));
        assert_eq!(items[0].text, "range(dep_delay, *, 0, 60, *)");
        assert_eq!(items[1].text, "origin");
        assert!(parse_group_by("*").is_err());
    }

    #[test]
    fn order_by_defaults_to_ascending() {
        let items = parse_order_by("count(*) DESC, carrier, dep_delay asc").unwrap();
        let directions: Vec<bool> = items.iter().map(|i| i.descending).collect();
        assert_eq!(directions, [true, false, false]);
        assert_eq!(items[0].expr, count_star());
    }

    #[test]
    fn empty_and_blank_parameters_are_errors() {
        for parse in [
            |t: &str| parse_where(t).map(|_| ()),
            |t: &str| parse_select(t).map(|_| ()),
            |t: &str| parse_group_by(t).map(|_| ()),
            |t: &str| parse_order_by(t).map(|_| ()),
        ] {
            assert!(parse("").is_err());
            assert_eq!(parse("   ").unwrap_err().position, 3);
        }
    }

    #[test]
    fn trailing_commas_and_missing_commas_are_errors() {
        assert_eq!(
            parse_select("carrier,").unwrap_err().message,
            "expected a value after `,`"
        );
        let missing = parse_order_by("n desc asc").unwrap_err();
        assert_eq!(missing.position, 7);
        assert_eq!(
            missing.message,
            "expected `,` or the end of the order_by list, found `asc`"
        );
    }

    #[test]
    fn trailing_garbage_after_a_condition_names_it() {
        let error = parse_where("carrier = \"UA\" origin").unwrap_err();
        assert_eq!(error.message, "unexpected `origin`");
        assert_eq!(error.position, 15);
    }

    #[test]
    fn refine_splits_at_the_first_colon_only() {
        assert_eq!(
            parse_refine("time_hour:2013-01-05T10:00").unwrap(),
            ("time_hour".to_owned(), "2013-01-05T10:00".to_owned())
        );
        assert_eq!(
            parse_refine(" carrier :UA ").unwrap(),
            ("carrier".to_owned(), "UA ".to_owned())
        );
        assert_eq!(parse_refine("carrier").unwrap_err().position, 7);
        assert_eq!(parse_refine(":UA").unwrap_err().position, 0);
        assert_eq!(parse_refine("car-rier:UA").unwrap_err().position, 3);
    }

    #[test]
    fn a_where_of_one_comparison_is_that_comparison() {
        assert_eq!(
            parse_where("dep_delay >= 60").unwrap(),
            Expr::Binary {
                op: BinaryOp::GtEq,
                left: Box::new(field("dep_delay")),
                right: Box::new(Expr::Literal(Literal::Int(60))),
            }
        );
    }
}
