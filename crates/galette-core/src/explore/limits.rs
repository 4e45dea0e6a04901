//! The cost ceiling of one Explore request, decided before any SQL is built.
//!
//! Owns: the limits (one constant each, documented in the README's API section), measuring a
//! parsed query against them, and the sentence that names the limit a query went past.
//! Does not own: the time limit while a statement runs (galette-store applies
//! [`QUERY_TIMEOUT_SECONDS`] and [`EXPORT_TIMEOUT_SECONDS`]) or the HTTP answer.

use super::functions::Function;
use super::odsql::{Expr, GroupItem, OrderItem, SelectItem};

/// Longest query string of an API request or explorer page, in bytes.
pub const MAX_QUERY_STRING_BYTES: usize = 8_192;
/// Longest value of one parameter (`where`, `select`, `q`…), in characters.
pub const MAX_PARAMETER_CHARS: usize = 4_000;
/// Most items in `select`.
pub const MAX_SELECT_ITEMS: usize = 64;
/// Most aggregate calls (`count`, `sum`, `avg`, `min`, `max`, `median`, `percentile`) in a query.
pub const MAX_AGGREGATES: usize = 16;
/// Most distinct expressions under `median`/`percentile` in a query (each one ranks every
/// row in its own sort; percentiles of the same expression share it).
pub const MAX_PERCENTILE_EXPRESSIONS: usize = 4;
/// Most nodes (fields, constants, operators, calls) over all of a query's expressions.
pub const MAX_EXPRESSION_NODES: usize = 400;
/// Deepest nesting of one expression.
pub const MAX_EXPRESSION_DEPTH: usize = 32;
/// Most `group_by` keys.
pub const MAX_GROUP_KEYS: usize = 8;
/// Most `order_by` keys.
pub const MAX_ORDER_KEYS: usize = 8;
/// Most `where` parameters, and most `refine` plus `exclude` parameters.
pub const MAX_FILTERS: usize = 32;
/// Most words in one search (`search()`, a quoted string, `like`, the explorer's `q`).
pub const MAX_SEARCH_WORDS: usize = 16;
/// Longest searched text or `like` pattern, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;
/// Seconds a records, facets or page query may run before it is stopped (503).
pub const QUERY_TIMEOUT_SECONDS: u64 = 10;
/// Seconds an export may run before it is stopped (the download then ends in an error).
pub const EXPORT_TIMEOUT_SECONDS: u64 = 300;

/// The parts of a query the limits look at.
#[derive(Clone, Copy, Debug)]
pub struct QueryParts<'a> {
    /// `select` items (empty for `*` or none).
    pub select: &'a [SelectItem],
    /// `where` conditions.
    pub wheres: &'a [Expr],
    /// `group_by` keys.
    pub group_by: &'a [GroupItem],
    /// `order_by` keys.
    pub order_by: &'a [OrderItem],
    /// How many `refine` and `exclude` pairs.
    pub refinements: usize,
}

/// Refuses a query past any limit, with a sentence naming it; runs before any SQL is built.
pub fn check(parts: &QueryParts<'_>) -> Result<(), String> {
    let at_most = |what: &str, found: usize, limit: usize, name: &str| {
        if found > limit {
            Err(format!(
                "the query has {found} {what}, more than the limit of {limit} ({name})"
            ))
        } else {
            Ok(())
        }
    };
    at_most(
        "select items",
        parts.select.len(),
        MAX_SELECT_ITEMS,
        "max_select_items",
    )?;
    at_most(
        "group_by keys",
        parts.group_by.len(),
        MAX_GROUP_KEYS,
        "max_group_keys",
    )?;
    at_most(
        "order_by keys",
        parts.order_by.len(),
        MAX_ORDER_KEYS,
        "max_order_keys",
    )?;
    at_most(
        "where parameters",
        parts.wheres.len(),
        MAX_FILTERS,
        "max_filters",
    )?;
    at_most(
        "refine and exclude parameters",
        parts.refinements,
        MAX_FILTERS,
        "max_filters",
    )?;
    let mut cost = Cost::default();
    let expressions = parts
        .select
        .iter()
        .map(|i| &i.expr)
        .chain(parts.wheres)
        .chain(parts.group_by.iter().map(|g| &g.expr))
        .chain(parts.order_by.iter().map(|o| &o.expr));
    for e in expressions {
        cost.walk(e, 1)?;
    }
    at_most(
        "expression nodes",
        cost.nodes,
        MAX_EXPRESSION_NODES,
        "max_expression_nodes",
    )?;
    at_most(
        "aggregates",
        cost.aggregates,
        MAX_AGGREGATES,
        "max_aggregates",
    )?;
    at_most(
        "distinct expressions under median or percentile",
        cost.ranked.len(),
        MAX_PERCENTILE_EXPRESSIONS,
        "max_percentile_expressions",
    )
}

/// Refuses a searched text or `like` pattern past [`MAX_SEARCH_CHARS`] or [`MAX_SEARCH_WORDS`].
pub fn check_search(text: &str) -> Result<(), String> {
    let chars = text.chars().count();
    if chars > MAX_SEARCH_CHARS {
        return Err(format!(
            "a searched text or like pattern has {chars} characters, more than the limit of {MAX_SEARCH_CHARS} (max_search_chars)"
        ));
    }
    let words = search_words(text).count();
    if words > MAX_SEARCH_WORDS {
        return Err(format!(
            "a search has {words} words, more than the limit of {MAX_SEARCH_WORDS} (max_search_words)"
        ));
    }
    Ok(())
}

/// The words of a searched text: runs of letters and digits.
pub fn search_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[derive(Default)]
struct Cost<'a> {
    nodes: usize,
    aggregates: usize,
    /// The distinct first arguments of `median` and `percentile`.
    ranked: Vec<&'a Expr>,
}

impl<'a> Cost<'a> {
    fn walk(&mut self, e: &'a Expr, depth: usize) -> Result<(), String> {
        if depth > MAX_EXPRESSION_DEPTH {
            return Err(format!(
                "an expression nests more than the limit of {MAX_EXPRESSION_DEPTH} levels (max_expression_depth)"
            ));
        }
        self.nodes += 1;
        // Stop early: a huge tree is refused without walking all of it.
        if self.nodes > MAX_EXPRESSION_NODES {
            return Err(format!(
                "the query has more than {MAX_EXPRESSION_NODES} expression nodes, the limit (max_expression_nodes)"
            ));
        }
        let next = depth + 1;
        match e {
            Expr::Field(_) | Expr::Literal(_) | Expr::Star => Ok(()),
            Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } | Expr::IsBool { expr, .. } => {
                self.walk(expr, next)
            }
            Expr::Like { expr, pattern } => {
                check_search(pattern)?;
                self.walk(expr, next)
            }
            Expr::Search { fields, text, .. } => {
                self.nodes += fields.len();
                check_search(text)
            }
            Expr::Binary { left, right, .. } => {
                self.walk(left, next)?;
                self.walk(right, next)
            }
            Expr::Call { name, args, .. } => {
                let function = Function::resolve(name);
                if function.is_some_and(Function::is_aggregate) {
                    self.aggregates += 1;
                }
                if matches!(function, Some(Function::Median | Function::Percentile))
                    && let Some(first) = args.first()
                    && !self.ranked.contains(&first)
                {
                    self.ranked.push(first);
                }
                args.iter().try_for_each(|a| self.walk(a, next))
            }
            Expr::InList { expr, items, .. } => {
                self.walk(expr, next)?;
                items.iter().try_for_each(|a| self.walk(a, next))
            }
            Expr::InRange {
                expr, low, high, ..
            } => {
                self.walk(expr, next)?;
                self.walk(low, next)?;
                self.walk(high, next)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::odsql::{SelectList, parse_select, parse_where};

    fn select(text: &str) -> Vec<SelectItem> {
        match parse_select(text).unwrap() {
            SelectList::Items(items) => items,
            SelectList::Star => Vec::new(),
        }
    }

    fn parts<'a>(select: &'a [SelectItem], wheres: &'a [Expr]) -> QueryParts<'a> {
        QueryParts {
            select,
            wheres,
            group_by: &[],
            order_by: &[],
            refinements: 0,
        }
    }

    #[test]
    fn a_few_aggregates_pass_and_too_many_medians_are_refused_by_name() {
        let ok = select("count(*), median(dep_delay), avg(dep_delay)");
        assert!(check(&parts(&ok, &[])).is_ok());
        let many: Vec<String> = (0..20).map(|k| format!("max(dep_delay + {k})")).collect();
        let heavy = select(&many.join(", "));
        let message = check(&parts(&heavy, &[])).unwrap_err();
        assert!(message.contains("max_aggregates"), "{message}");
        let five: Vec<String> = (0..5).map(|k| format!("median(dep_delay + {k})")).collect();
        let message = check(&parts(&select(&five.join(", ")), &[])).unwrap_err();
        assert!(message.contains("max_percentile_expressions"), "{message}");
        let same =
            select("median(d), percentile(d, 10), percentile(d, 90), percentile(d, 0), min(d)");
        assert!(check(&parts(&same, &[])).is_ok());
    }

    #[test]
    fn long_searches_and_patterns_are_refused_by_name() {
        let words = vec!["word"; 1_000].join(" ");
        let w = [parse_where(&format!("\"{words}\"")).unwrap()];
        assert!(check(&parts(&[], &w)).unwrap_err().contains("max_search"));
        let long = "a".repeat(55_000);
        let w = [parse_where(&format!("carrier like \"{long}\"")).unwrap()];
        assert!(
            check(&parts(&[], &w))
                .unwrap_err()
                .contains("max_search_chars")
        );
        assert!(check_search("united airlines").is_ok());
    }
}
