//! Whole-query tests: every example of `docs/explore-api.md` §9 and §10, precedence,
//! error messages, hostile nesting, and properties over arbitrary text.

use super::*;
use proptest::prelude::*;

fn field(name: &str) -> Box<Expr> {
    Box::new(Expr::Field(name.to_owned()))
}

fn int(value: i64) -> Box<Expr> {
    Box::new(Expr::Literal(Literal::Int(value)))
}

fn text(value: &str) -> Box<Expr> {
    Box::new(Expr::Literal(Literal::Text(value.to_owned())))
}

fn binary(op: BinaryOp, left: Box<Expr>, right: Box<Expr>) -> Box<Expr> {
    Box::new(Expr::Binary { op, left, right })
}

fn not(expr: Box<Expr>) -> Box<Expr> {
    Box::new(Expr::Unary {
        op: UnaryOp::Not,
        expr,
    })
}

fn where_(text: &str) -> Expr {
    parse_where(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

#[test]
fn every_where_example_of_the_reference_parses() {
    for query in [
        r#"carrier="UA""#,
        r#""UA""#,
        "dep_delay is null",
        "dep_delay is not null",
        r#"carrier = "AA""#,
        r#"carrier:"UA""#,
        r#"(`carrier`="UA") AND (not (`origin`="EWR"))"#,
        r#"(`carrier`="UA") OR (`carrier`="AA")"#,
        r#"search(`carrier`, "UA")"#,
        r#"startswith(`carrier`, "U")"#,
        r#"suggest(`carrier`, "U")"#,
        "time_hour >= date'2013-01-05'",
        "time_hour < date'2013-01-05T10:00:00.000Z'",
        "time_hour >= date'2013/01/05' and time_hour < date'2013'",
        "dep_delay in [1..10]",
        "dep_delay in ]1..10[",
        "dep_delay in [1..10[",
        "time_hour in [date'2013-01-01'..date'2013-02-01'[",
        r#"carrier in ("a","b")"#,
        r#"carrier not in ("a","b")"#,
        "is_cancelled",
        "is_cancelled is true",
        "is_cancelled is false",
        r#"dest like "HN*""#,
        "within_distance(geo, geom'POINT(1 1)', 10km)",
        "in_bbox(geo, 48.8, 2.3, 48.9, 2.4)",
        "dep_delay > -3",
    ] {
        where_(query);
    }
}

#[test]
fn every_other_clause_example_of_the_reference_parses() {
    for select in [
        "carrier,flight,dep_delay",
        "carrier, count(*) as n",
        "count(*) as n",
        "count(*) as n,avg(dep_delay) as a,max(dep_delay) as m",
        "carrier,flight,origin,dest,dep_delay,time_hour",
        "count(distinct carrier) as carriers, percentile(dep_delay, 90)",
        "date_format(time_hour, 'yyyy-MM-dd') as day, ifnull(dep_delay, 0), now()",
        "lower(carrier), upper(carrier), length(dest), dep_delay / 60 * 100 as pct",
    ] {
        parse_select(select).unwrap_or_else(|e| panic!("{select:?}: {e}"));
    }
    for group_by in [
        "carrier",
        "origin",
        "hour(time_hour) as h",
        "year(time_hour)",
        "date_format(time_hour, 'yyyy-MM')",
        "range(dep_delay, 50)",
        "range(dep_delay, *, 0, 60, *)",
    ] {
        parse_group_by(group_by).unwrap_or_else(|e| panic!("{group_by:?}: {e}"));
    }
    for order_by in [
        "n desc",
        "dep_delay desc",
        "count(*) desc",
        "random(1)",
        "carrier",
    ] {
        parse_order_by(order_by).unwrap_or_else(|e| panic!("{order_by:?}: {e}"));
    }
    for refine in ["carrier:UA", "origin:EWR", "time_hour:2013/01"] {
        parse_refine(refine).unwrap_or_else(|e| panic!("{refine:?}: {e}"));
    }
}

#[test]
fn a_bare_string_searches_every_text_field() {
    let search = |text: &str| Expr::Search {
        fields: Vec::new(),
        text: text.to_owned(),
        kind: SearchKind::Search,
    };
    assert_eq!(where_(r#""UA""#), search("UA"));
    assert_eq!(where_(r#"("UA")"#), search("UA"));
    assert_eq!(
        where_(r#""UA" and not 'EWR'"#),
        *binary(
            BinaryOp::And,
            Box::new(search("UA")),
            not(Box::new(search("EWR")))
        )
    );
    assert_eq!(
        where_(r#"carrier = "UA""#),
        *binary(BinaryOp::Eq, field("carrier"), text("UA"))
    );
}

#[test]
fn search_functions_name_their_fields_and_text() {
    assert_eq!(
        where_(r#"SEARCH(`carrier`, origin, "UA")"#),
        Expr::Search {
            fields: vec!["carrier".into(), "origin".into()],
            text: "UA".into(),
            kind: SearchKind::Search,
        }
    );
    assert_eq!(
        where_(r#"startswith(dest, "HN")"#),
        Expr::Search {
            fields: vec!["dest".into()],
            text: "HN".into(),
            kind: SearchKind::StartsWith,
        }
    );
    assert!(parse_where("search(carrier)").is_err());
    assert!(parse_where(r#"search("a", "b")"#).is_err());
    assert!(parse_where(r#"suggest(distinct f, "b")"#).is_err());
}

#[test]
fn the_client_helpers_output_keeps_its_grouping() {
    assert_eq!(
        where_(r#"(`carrier`="UA") AND (not (`origin`="EWR"))"#),
        *binary(
            BinaryOp::And,
            binary(BinaryOp::Eq, field("carrier"), text("UA")),
            not(binary(BinaryOp::Eq, field("origin"), text("EWR")))
        )
    );
}

#[test]
fn and_binds_tighter_than_or_and_not_tighter_than_and() {
    let (a, b, c) = (
        || binary(BinaryOp::Eq, field("a"), int(1)),
        || binary(BinaryOp::Eq, field("b"), int(2)),
        || binary(BinaryOp::Eq, field("c"), int(3)),
    );
    assert_eq!(
        where_("a = 1 or b = 2 and c = 3"),
        *binary(BinaryOp::Or, a(), binary(BinaryOp::And, b(), c()))
    );
    assert_eq!(
        where_("not a = 1 AND b = 2"),
        *binary(BinaryOp::And, not(a()), b())
    );
    assert_eq!(
        where_("(a = 1 or b = 2) and c = 3"),
        *binary(BinaryOp::And, binary(BinaryOp::Or, a(), b()), c())
    );
}

#[test]
fn arithmetic_follows_the_usual_precedence() {
    assert_eq!(
        where_("a + b * 2 - -3 > 0"),
        *binary(
            BinaryOp::Gt,
            binary(
                BinaryOp::Sub,
                binary(
                    BinaryOp::Add,
                    field("a"),
                    binary(BinaryOp::Mul, field("b"), int(2))
                ),
                int(-3)
            ),
            int(0)
        )
    );
    assert_eq!(
        where_("-a < 1"),
        *binary(
            BinaryOp::Lt,
            Box::new(Expr::Unary {
                op: UnaryOp::Neg,
                expr: field("a")
            }),
            int(1)
        )
    );
}

#[test]
fn numbers_stay_integers_while_they_fit() {
    let literal = |text: &str| match where_(&format!("x = {text}")) {
        Expr::Binary { right, .. } => *right,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        literal("-9223372036854775808"),
        Expr::Literal(Literal::Int(i64::MIN))
    );
    assert_eq!(
        literal("9223372036854775808"),
        Expr::Literal(Literal::Float(9_223_372_036_854_775_808.0))
    );
    assert_eq!(literal("5.8"), Expr::Literal(Literal::Float(5.8)));
    assert_eq!(literal("-0.5"), Expr::Literal(Literal::Float(-0.5)));
    assert!(parse_where(&format!("x = {}", "9".repeat(400))).is_err());
}

#[test]
fn keywords_are_case_insensitive_and_names_keep_their_case() {
    assert_eq!(
        where_("Dep_Delay IS NOT NULL Or Carrier LIKE 'U'"),
        *binary(
            BinaryOp::Or,
            Box::new(Expr::IsNull {
                expr: field("Dep_Delay"),
                negated: true
            }),
            Box::new(Expr::Like {
                expr: field("Carrier"),
                pattern: "U".into()
            })
        )
    );
    assert_eq!(
        where_("x = NULL or y = True"),
        *binary(
            BinaryOp::Or,
            binary(
                BinaryOp::Eq,
                field("x"),
                Box::new(Expr::Literal(Literal::Null))
            ),
            binary(
                BinaryOp::Eq,
                field("y"),
                Box::new(Expr::Literal(Literal::Bool(true)))
            )
        )
    );
}

#[test]
fn a_keyword_is_a_field_only_when_back_quoted() {
    assert_eq!(
        where_("`date` = 1"),
        *binary(BinaryOp::Eq, field("date"), int(1))
    );
    let error = parse_where("desc = 1").unwrap_err();
    assert_eq!(error.position, 0);
    assert!(error.message.contains("back-quote"), "{}", error.message);
    assert!(parse_where("`2013` = 1").is_ok());
}

#[test]
fn count_is_a_field_unless_called() {
    assert_eq!(
        where_("count > 1"),
        *binary(BinaryOp::Gt, field("count"), int(1))
    );
    assert_eq!(
        where_("COUNT (distinct x) > 1"),
        *binary(
            BinaryOp::Gt,
            Box::new(Expr::Call {
                name: "count".into(),
                args: vec![*field("x")],
                distinct: true
            }),
            int(1)
        )
    );
}

#[test]
fn ranges_record_which_bounds_are_inclusive() {
    let bounds = |query: &str| match where_(query) {
        Expr::InRange {
            low_inclusive,
            high_inclusive,
            ..
        } => (low_inclusive, high_inclusive),
        other => panic!("{other:?}"),
    };
    assert_eq!(bounds("f in [1..10]"), (true, true));
    assert_eq!(bounds("f in ]1..10["), (false, false));
    assert_eq!(bounds("f in ]1..10]"), (false, true));
    assert_eq!(bounds("f in [-5..-1["), (true, false));
    assert!(matches!(
        where_("f not in [1..10]"),
        Expr::Unary {
            op: UnaryOp::Not,
            ..
        }
    ));
}

#[test]
fn date_literals_keep_what_was_written() {
    let Expr::Binary { right, .. } = where_("d = date'2013-01-05T10:00:00.000Z'") else {
        panic!("expected a comparison");
    };
    assert_eq!(
        *right,
        Expr::Literal(Literal::Date(DateLiteral {
            year: 2013,
            month: Some(1),
            day: Some(5),
            time: Some((10, 0, 0)),
            offset_minutes: Some(0),
        }))
    );
}

#[test]
fn malformed_queries_say_what_was_expected_and_where() {
    let cases = [
        (
            r#"carrier = = "UA""#,
            10,
            "expected a value after `=`, found `=`",
        ),
        ("carrier =", 9, "expected a value after `=`"),
        (
            r#"carrier == "UA""#,
            8,
            "`==` is not an ODSQL operator; compare with a single `=`",
        ),
        (
            r#"carrier = "UA"#,
            10,
            "unterminated string (no closing \")",
        ),
        (
            "d = date'2013-13-01'",
            4,
            "unknown date `date'2013-13-01'`: month 13 does not exist",
        ),
        (
            "(a = 1",
            6,
            "expected `)` to close the `(` at position 0, found the end of the query",
        ),
        (
            "a is 3",
            5,
            "expected `null`, `true` or `false` after `is`, found `3`",
        ),
        ("a in ()", 6, "an `in (…)` list needs at least one value"),
        (
            "a in [1,2]",
            7,
            "expected `..` between the bounds of a range, as in [1..10], found `,`",
        ),
        (
            "a like b",
            7,
            "expected a quoted pattern after `like`, found `b`",
        ),
        (
            "a not b",
            6,
            "expected `in` or `like` after `not`, found `b`",
        ),
        (
            "a = *",
            4,
            "expected a value after `=`, found `*` (`*` stands alone in select, or inside a call such as count(*))",
        ),
    ];
    for (query, position, message) in cases {
        let error = parse_where(query).expect_err(query);
        assert_eq!(
            (error.position, error.message.as_str()),
            (position, message),
            "{query}"
        );
    }
}

#[test]
fn hostile_nesting_is_refused_without_exhausting_the_stack() {
    let deep = 100_000;
    for query in [
        format!("{}a{}", "(".repeat(deep), ")".repeat(deep)),
        format!("{}a", "not ".repeat(deep)),
        format!("x = {}1", "-".repeat(deep)),
        format!("x = {}1", "- (".repeat(deep)),
        format!("{}1", "1 + ".repeat(deep)),
        format!("{}1{}", "f(".repeat(deep), ")".repeat(deep)),
    ] {
        let error = parse_where(&query).expect_err("too deep");
        assert!(error.message.contains("64"), "{}", error.message);
    }
    assert!(parse_where(&format!("{}a", "(".repeat(MAX_DEPTH - 1))).is_err());
    let nested_enough = format!(
        "{}a{}",
        "(".repeat(MAX_DEPTH - 1),
        ")".repeat(MAX_DEPTH - 1)
    );
    assert_eq!(where_(&nested_enough), *field("a"));
}

#[test]
fn long_or_chains_from_clients_stay_shallow() {
    let many = vec!["carrier = \"UA\""; 10_000].join(" or ");
    let Expr::Binary { op, .. } = where_(&many) else {
        panic!("expected an or");
    };
    assert_eq!(op, BinaryOp::Or);
}

/// Text made of ODSQL's own pieces, to reach deeper than random characters do.
fn odsql_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("and"),
        Just("or"),
        Just("not"),
        Just("in"),
        Just("is"),
        Just("null"),
        Just("true"),
        Just("like"),
        Just("as"),
        Just("desc"),
        Just("distinct"),
        Just("date"),
        Just("geom"),
        Just("count"),
        Just("search"),
        Just("include"),
        Just("carrier"),
        Just("`x`"),
        Just("12"),
        Just("-3"),
        Just("5.8"),
        Just("\"UA\""),
        Just("'2013-01'"),
        Just("("),
        Just(")"),
        Just("["),
        Just("]"),
        Just(".."),
        Just(","),
        Just("*"),
        Just("="),
        Just(":"),
        Just("!="),
        Just("<="),
        Just(">"),
        Just("+"),
        Just("-"),
        Just("/"),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.join(" "))
}

/// Well-formed where expressions built from the grammar of §6, composites parenthesised.
fn valid_where() -> impl Strategy<Value = String> {
    let name = "[a-z_][a-z0-9_]{0,8}".prop_filter("not a keyword", |n| !is_keyword(n));
    let leaf = prop_oneof![
        name.clone(),
        "[a-z0-9_]{1,8}".prop_map(|n| format!("`{n}`")),
        any::<i64>().prop_map(|n| n.to_string()),
        (0u32..1000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        "[a-zA-Z \\\\\"']{0,8}"
            .prop_map(|t| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""))),
        Just("date'2013-01-05T10:00:00.000Z'".to_owned()),
        Just("null".to_owned()),
        Just("TRUE".to_owned()),
    ];
    let function = name.prop_filter("not a search or projection", |n| {
        !matches!(
            n.as_str(),
            "search" | "suggest" | "startswith" | "include" | "exclude"
        )
    });
    let op = prop::sample::select(vec![
        "and", "OR", "=", ":", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/",
    ]);
    leaf.prop_recursive(4, 64, 4, move |inner| {
        prop_oneof![
            (inner.clone(), op.clone(), inner.clone())
                .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.clone().prop_map(|a| format!("({a}) is not null")),
            (function.clone(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (inner.clone(), prop::collection::vec(inner.clone(), 1..3))
                .prop_map(|(a, items)| format!("({a}) not in ({})", items.join(","))),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(a, low, high)| format!("({a}) in ]({low})..({high})]")),
        ]
    })
}

fn parse_all(text: &str) -> [Result<String, OdsqlError>; 5] {
    [
        parse_where(text).map(|e| format!("{e:?}")),
        parse_select(text).map(|e| format!("{e:?}")),
        parse_group_by(text).map(|e| format!("{e:?}")),
        parse_order_by(text).map(|e| format!("{e:?}")),
        parse_refine(text).map(|e| format!("{e:?}")),
    ]
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let first = parse_all(text);
    prop_assert_eq!(&first, &parse_all(text));
    let length = text.chars().count();
    for error in first.iter().filter_map(|r| r.as_ref().err()) {
        prop_assert!(error.position <= length, "{error} beyond {length}");
        prop_assert!(!error.message.is_empty());
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_and_parses_the_same_twice(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn odsql_shaped_text_never_panics_and_parses_the_same_twice(text in odsql_like()) {
        check(&text)?;
    }

    #[test]
    fn every_well_formed_where_parses(text in valid_where()) {
        prop_assert!(parse_where(&text).is_ok(), "{:?}", parse_where(&text));
    }

    #[test]
    fn any_valid_where_is_also_a_valid_parenthesised_where(text in odsql_like()) {
        if let Ok(expr) = parse_where(&text) {
            prop_assert_eq!(parse_where(&format!("({text})")), Ok(expr));
        }
    }
}
