//! Function calls: aggregates (`count`, `sum`, `avg`, `min`, `max`, `median`, `percentile`),
//! text functions, `ifnull`, `now`, and the `range()` buckets of `group_by`.
//!
//! Percentiles are computed from window ranks (see [`percentile_source`]) so that SQLite,
//! which has no `percentile_cont`, answers as PostgreSQL does.

use super::dialect::double_text;
use super::{Compiler, is_numeric};
use crate::explore::query::{Param, QueryError, SqlType, bad};
use galette_core::explore::functions::{Function, Place};
use galette_core::explore::odsql::{Expr, Literal, UnaryOp};

impl Compiler<'_> {
    /// `name(args)`: the name is resolved to a [`Function`] once, its place and number of
    /// arguments checked, then each function compiles with its own argument types.
    pub(super) fn call(
        &mut self,
        name: &str,
        args: &[Expr],
        distinct: bool,
    ) -> Result<(String, SqlType), QueryError> {
        let Some(function) = Function::resolve(name) else {
            return Err(bad(format!("unknown function `{name}`")));
        };
        let is_call = matches!(function.place(), Place::Value | Place::Aggregate);
        if is_call && !function.signature().accepts(args.len()) {
            return Err(arity_error(function));
        }
        match (function, args) {
            (Function::Range, _) => Err(bad("range() groups rows: it is only allowed in group_by")),
            // Outside order_by and the select list they are not functions of a value.
            (Function::Random | Function::Include | Function::Exclude, _) => {
                Err(bad(format!("unknown function `{name}`")))
            }
            (Function::Geographic(_), _) => Err(bad(format!(
                "the geographic function {name}() is not supported"
            ))),
            (Function::Count, [Expr::Star]) => Ok((self.count_star.to_owned(), SqlType::Int)),
            (Function::Count, [arg]) => {
                let (sql, t) = self.expr(arg)?;
                let sql = if t == SqlType::Point {
                    sql.split(", ").next().unwrap_or_default().to_owned()
                } else {
                    sql
                };
                let d = if distinct { "DISTINCT " } else { "" };
                Ok((format!("COUNT({d}{sql})"), SqlType::Int))
            }
            (Function::Sum | Function::Avg | Function::Min | Function::Max, [arg]) => {
                let (sql, t) = self.expr(arg)?;
                let numeric = is_numeric(t);
                let orderable =
                    numeric || matches!(t, SqlType::Text | SqlType::Date | SqlType::Datetime);
                if (matches!(function, Function::Sum | Function::Avg) && !numeric) || !orderable {
                    return Err(bad(format!("{name}() needs a number")));
                }
                let result = match function {
                    Function::Avg => SqlType::Double,
                    _ => t,
                };
                let inner = if function == Function::Avg {
                    self.double(&sql)
                } else {
                    sql
                };
                let call = format!("{}({inner})", name.to_uppercase());
                let call = if function == Function::Sum && t == SqlType::Int {
                    self.integer_sum(call)
                } else {
                    call
                };
                Ok((call, result))
            }
            (Function::Lower | Function::Upper | Function::Length, [arg]) => {
                let (sql, t) = self.expr(arg)?;
                if t != SqlType::Text {
                    return Err(bad(format!("{name}() needs text")));
                }
                Ok(match function {
                    Function::Length => (format!("LENGTH({sql})"), SqlType::Int),
                    _ => (format!("{}({sql})", name.to_uppercase()), SqlType::Text),
                })
            }
            (
                Function::Year
                | Function::Month
                | Function::Day
                | Function::Hour
                | Function::Minute
                | Function::Second,
                [arg],
            ) => {
                let (sql, t) = self.expr(arg)?;
                self.date_part(function, &sql, t)
            }
            (Function::Median, [field]) => self.quantile(function, field, 50.0),
            (Function::Percentile, [field, p]) => match number_literal(p) {
                Some(p) if (0.0..=100.0).contains(&p) => self.quantile(function, field, p),
                _ => Err(bad("percentile() takes a field and a number from 0 to 100")),
            },
            (Function::Now, []) => Ok((self.push(Param::Int(self.now)), SqlType::Datetime)),
            (Function::DateFormat, [d, Expr::Literal(Literal::Text(pattern))]) => {
                let (sql, t) = self.expr(d)?;
                self.date_format(&sql, t, pattern)
            }
            (Function::Ifnull, [a, b]) => {
                let (l, lt) = self.expr(a)?;
                let (r, _) = self.comparable(b, lt)?;
                Ok((format!("COALESCE({l}, {r})"), lt))
            }
            _ => Err(arity_error(function)),
        }
    }

    /// `median` or `percentile` (`percent`, 0–100) of a numeric expression.
    fn quantile(
        &mut self,
        function: Function,
        field: &Expr,
        percent: f64,
    ) -> Result<(String, SqlType), QueryError> {
        let (sql, t) = self.expr(field)?;
        if !is_numeric(t) {
            return Err(bad(format!("{}() needs a number", function.name())));
        }
        Ok((self.percentile(&sql, percent / 100.0), SqlType::Double))
    }

    /// The label (`[0, 50[`, `[*, 0[`) and numeric sort key of a `range()` group key:
    /// `range(f, width)` for equal widths, `range(f, *, b1, …, bn, *)` for fixed bounds
    /// (lower inclusive, upper exclusive; a `*` end is open). Rows outside fixed bounds and
    /// null values have a null key.
    pub(super) fn range_key(&mut self, args: &[Expr]) -> Result<(String, String), QueryError> {
        let Some((field, bounds)) = args.split_first() else {
            return Err(bad("range() takes a field, then a width or bounds"));
        };
        let (f, t) = self.expr(field)?;
        if !is_numeric(t) {
            return Err(bad("range() needs a numeric field"));
        }
        if let [width] = bounds {
            return self.equal_ranges(&f, t, width);
        }
        let buckets = fixed_buckets(bounds)?;
        let mut label = String::from("CASE");
        let mut sort = String::from("CASE");
        for (index, (low, high)) in buckets.iter().enumerate() {
            let mut tests = Vec::new();
            if let Some(low) = low {
                let p = self.push(Param::Double(*low));
                tests.push(format!("{f} >= {p}"));
            }
            if let Some(high) = high {
                let p = self.push(Param::Double(*high));
                tests.push(format!("{f} < {p}"));
            }
            let name = self.push(Param::Text(bucket_label(*low, *high)));
            let test = tests.join(" AND ");
            label.push_str(&format!(" WHEN {test} THEN {name}"));
            sort.push_str(&format!(" WHEN {test} THEN {index}"));
        }
        label.push_str(" END");
        sort.push_str(" END");
        Ok((label, sort))
    }

    pub(super) fn equal_ranges(
        &mut self,
        f: &str,
        t: SqlType,
        width: &Expr,
    ) -> Result<(String, String), QueryError> {
        let invalid = || bad("range() width must be a positive number");
        match (t, width) {
            (SqlType::Int, Expr::Literal(Literal::Int(w))) => {
                if *w <= 0 {
                    return Err(invalid());
                }
                let w = self.push(Param::Int(*w));
                // Integer division truncates toward zero on both backends: step down below it.
                let low = format!(
                    "(({f} / {w} - CASE WHEN {f} < 0 AND {f} % {w} <> 0 THEN 1 ELSE 0 END) * {w})"
                );
                let label = format!(
                    "'[' || CAST({low} AS TEXT) || ', ' || CAST({low} + {w} AS TEXT) || '['"
                );
                Ok((label, low))
            }
            _ => {
                let w = number_literal(width)
                    .filter(|w| *w > 0.0 && w.is_finite())
                    .ok_or_else(invalid)?;
                let w = self.push(Param::Double(w));
                let ratio = format!("({} / {w})", self.double(f));
                let floor = self.floor(&ratio);
                let low = format!("({floor} * {w})");
                let label = format!(
                    "'[' || {} || ', ' || {} || '['",
                    double_text(&low, self.backend),
                    double_text(&format!("({low} + {w})"), self.backend)
                );
                Ok((label, low))
            }
        }
    }

    /// The `p`-quantile (0–1) of `sql` in each group, interpolated linearly between the two
    /// nearest ranks (as PostgreSQL's `percentile_cont`), computed from window ranks so that
    /// SQLite, which has no such aggregate, answers the same.
    pub(super) fn percentile(&mut self, sql: &str, p: f64) -> String {
        let k = match self.ranked.iter().position(|r| r == sql) {
            Some(k) => k,
            None => {
                self.ranked.push(sql.to_owned());
                self.ranked.len() - 1
            }
        };
        let p = self.push(Param::Double(p));
        let position = format!("({p} * (pn{k} - 1))");
        let whole = self.truncate(&position);
        let lower = format!("({whole} + 1)");
        let at = |rank: &str| format!("MAX(CASE WHEN pr{k} = {rank} THEN {sql} END)");
        let low = self.double(&at(&lower));
        let high = self.double(&at(&format!("({lower} + 1)")));
        let fraction = format!("MAX({position} - {whole})");
        format!("({low} + {fraction} * (COALESCE({high}, {low}) - {low}))")
    }
}

/// The message of a call to `function` with a wrong number (or kind, for `date_format`'s
/// pattern) of arguments.
fn arity_error(function: Function) -> QueryError {
    let name = function.name();
    bad(match function {
        Function::Count => "count() takes * or one field".to_owned(),
        Function::Median => "median() takes a numeric field".to_owned(),
        Function::Percentile => "percentile() takes a numeric field and a percentage".to_owned(),
        Function::Now => "now() takes no argument".to_owned(),
        Function::DateFormat => {
            "date_format() takes a date and a quoted pattern such as 'yyyy-MM'".to_owned()
        }
        Function::Ifnull => "ifnull() takes two arguments".to_owned(),
        _ => format!("{name}() takes one argument"),
    })
}

/// A bucket of `range()`: its low bound (included) and its high one, `None` for an open end.
pub(super) type Bucket = (Option<f64>, Option<f64>);

/// The buckets of `range(f, *, b1, …, bn, *)` from its bounds.
pub(super) fn fixed_buckets(bounds: &[Expr]) -> Result<Vec<Bucket>, QueryError> {
    let open_low = matches!(bounds.first(), Some(Expr::Star));
    let open_high = bounds.len() > 1 && matches!(bounds.last(), Some(Expr::Star));
    let inner = bounds
        .get(usize::from(open_low)..bounds.len() - usize::from(open_high))
        .unwrap_or_default();
    let values: Option<Vec<f64>> = inner.iter().map(number_literal).collect();
    let values = values
        .filter(|v| !v.is_empty() && v.windows(2).all(|w| matches!(w, [a, b] if a < b)))
        .ok_or_else(|| {
            bad("range() bounds must be increasing numbers, with an optional * at either end")
        })?;
    let mut buckets: Vec<Bucket> = Vec::new();
    if open_low {
        buckets.push((None, values.first().copied()));
    }
    buckets.extend(values.windows(2).filter_map(|w| match w {
        [a, b] => Some((Some(*a), Some(*b))),
        _ => None,
    }));
    if open_high {
        buckets.push((values.last().copied(), None));
    }
    if buckets.is_empty() {
        return Err(bad("range() needs at least two bounds"));
    }
    Ok(buckets)
}

/// A fixed bucket's label: `[0, 60[`, `[*, 0[`.
pub(super) fn bucket_label(low: Option<f64>, high: Option<f64>) -> String {
    let text = |b: Option<f64>| b.map_or_else(|| "*".to_owned(), number_text);
    format!("[{}, {}[", text(low), text(high))
}

/// A number written in the query: `50`, `2.5`, `-3`.
pub(super) fn number_literal(e: &Expr) -> Option<f64> {
    match e {
        Expr::Literal(Literal::Int(i)) => Some(*i as f64),
        Expr::Literal(Literal::Float(f)) => Some(*f),
        Expr::Unary {
            op: UnaryOp::Neg,
            expr,
        } => number_literal(expr).map(|n| -n),
        _ => None,
    }
}

/// A bound as range labels write it: `60`, `2.5`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// The rows, filtered, with for each ranked expression its rank among the non-null values
/// of the row's group (`prK`, from 1) and their number (`pnK`): what `percentile` reads.
pub(super) fn percentile_source(
    table: &str,
    where_sql: &str,
    partition: &[String],
    ranked: &[String],
) -> String {
    let over = |order: &str| {
        let by = if partition.is_empty() {
            String::new()
        } else {
            format!("PARTITION BY {}", partition.join(", "))
        };
        format!("OVER ({by}{order})")
    };
    let windows: Vec<String> = ranked
        .iter()
        .enumerate()
        .map(|(k, sql)| {
            format!(
                "ROW_NUMBER() {} AS pr{k}, COUNT({sql}) {} AS pn{k}",
                over(&format!(
                    " ORDER BY CASE WHEN {sql} IS NULL THEN 1 ELSE 0 END, {sql}"
                )),
                over("")
            )
        })
        .collect();
    format!(
        "(SELECT *, {} FROM {table}{where_sql}) AS ranked",
        windows.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::{selects, sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn aggregates() {
        assert_snapshot!(selects(&[
            "count(*)",
            "count(n)",
            "count(distinct name)",
            "count(p)",
            "sum(n)",
            "sum(x)",
            "avg(n)",
            "min(name)",
            "max(d)",
            "min(t), max(x)",
        ]));
    }

    #[test]
    fn text_functions() {
        assert_snapshot!(selects(&[
            "lower(name) as a",
            "upper(name) as a",
            "length(name) as a",
        ]));
    }

    #[test]
    fn median_and_percentiles() {
        assert_snapshot!(selects(&[
            "median(x)",
            "percentile(n, 90)",
            "percentile(x, 12.5), median(x), percentile(n, 0)",
        ]));
        assert_snapshot!(
            "median_per_group",
            sql(&[("select", "median(x) as m"), ("group_by", "name")])
        );
    }

    #[test]
    fn ifnull_and_now() {
        assert_snapshot!(selects(&[
            "ifnull(n, 0) as a",
            "ifnull(name, 'none') as a",
            "ifnull(x, n) as a",
        ]));
        assert_snapshot!("now", wheres(&["t < now()"]));
    }

    #[test]
    fn range_buckets() {
        for (name, key) in [
            ("range_int_width", "range(n, 10)"),
            ("range_double_width", "range(x, 2.5)"),
            ("range_open_bounds", "range(n, *, 0, 10, *)"),
            ("range_closed_bounds", "range(x, 0, 10, 20.5)"),
            ("range_with_alias", "range(n, 5) as bucket"),
        ] {
            assert_snapshot!(name, sql(&[("select", "count(*)"), ("group_by", key)]));
        }
    }

    #[test]
    fn random_order() {
        assert_snapshot!(sql(&[("select", "n"), ("order_by", "random(3)")]));
    }

    #[test]
    fn wrong_arity_and_argument_kinds() {
        assert_snapshot!(selects(&[
            "count(n, x)",
            "count()",
            "sum()",
            "sum(n, x)",
            "sum(name)",
            "avg(d)",
            "min(p)",
            "lower(n)",
            "length()",
            "year()",
            "median()",
            "median(name)",
            "percentile(x)",
            "percentile(x, 101)",
            "percentile(x, n)",
            "now(1)",
            "ifnull(n)",
            "ifnull(n, 'a')",
            "range(n, 10)",
            "random(1)",
            "distance(p)",
            "foo(n)",
        ]));
    }

    #[test]
    fn refused_ranges() {
        for (name, key) in [
            ("range_zero_width", "range(n, 0)"),
            ("range_negative_width", "range(x, -2)"),
            ("range_text", "range(name, 10)"),
            ("range_decreasing", "range(n, 10, 0)"),
            ("range_no_bounds", "range(n)"),
            ("range_only_stars", "range(n, *, *)"),
        ] {
            assert_snapshot!(name, sql(&[("select", "count(*)"), ("group_by", key)]));
        }
    }
}
