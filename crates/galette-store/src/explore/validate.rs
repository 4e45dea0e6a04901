//! Checks a records query must pass before any SQL is built: the cost limits of
//! `galette_core::explore::limits`, where aggregates may appear, `select`'s `*`,
//! `include()` and `exclude()` expanded to fields, unique output names, and refinement dates.
//!
//! Everything refused here is the client's mistake (a 400); what passes compiles into SQL
//! that both backends accept.

use super::query::{QueryError, RecordsQuery};
use crate::datasets::Dataset;
use galette_core::explore::functions::Function;
use galette_core::explore::limits::{self, QueryParts};
use galette_core::explore::odsql::{Expr, GroupItem, SelectItem, SelectList};

fn bad(message: impl Into<String>) -> QueryError {
    QueryError::Odsql(message.into())
}

/// The cost limits and the places of aggregates; `select` is the expanded list.
pub(super) fn check(query: &RecordsQuery, select: &[SelectItem]) -> Result<(), QueryError> {
    limits::check(&QueryParts {
        select,
        wheres: &query.wheres,
        group_by: &query.group_by,
        order_by: &query.order_by,
        refinements: query.refine.len() + query.exclude.len(),
    })
    .map_err(QueryError::TooCostly)?;
    let every = select
        .iter()
        .map(|i| &i.expr)
        .chain(&query.wheres)
        .chain(query.group_by.iter().map(|g| &g.expr))
        .chain(query.order_by.iter().map(|o| &o.expr));
    for e in every {
        if nested_aggregate(e, false) {
            return Err(bad(
                "aggregates cannot be nested, as in count(count(*)): use one aggregate over fields",
            ));
        }
    }
    if query.wheres.iter().any(contains_aggregate) {
        return Err(bad(
            "aggregates such as count(*) are not allowed in where: filter rows with conditions on fields",
        ));
    }
    if query.group_by.iter().any(|g| contains_aggregate(&g.expr)) {
        return Err(bad(
            "aggregates such as count(*) cannot be group_by keys: group by fields or functions of fields",
        ));
    }
    let grouped = !query.group_by.is_empty();
    let aggregated = grouped || select.iter().any(|i| contains_aggregate(&i.expr));
    if !aggregated {
        if query.order_by.iter().any(|o| contains_aggregate(&o.expr)) {
            return Err(bad(
                "order_by may sort by an aggregate such as count(*) only with group_by, or when select lists only aggregates",
            ));
        }
        return Ok(());
    }
    let keys = &query.group_by;
    for item in select {
        if let Some(field) = loose_field(&item.expr, keys, &[]) {
            return Err(bad(format!(
                "`{field}` in `{}` must be a group_by expression or inside an aggregate",
                item.text
            )));
        }
    }
    let names: Vec<String> = select
        .iter()
        .filter_map(|i| i.alias.clone())
        .chain(select.iter().map(|i| i.text.clone()))
        .collect();
    for item in &query.order_by {
        if let Some(field) = loose_field(&item.expr, keys, &names) {
            return Err(bad(format!(
                "order_by `{field}` must be a group_by expression, a select alias or inside an aggregate"
            )));
        }
    }
    Ok(())
}

/// Whether `e` contains an aggregate call.
pub(super) fn contains_aggregate(e: &Expr) -> bool {
    any_call(e, &is_aggregate)
}

fn any_call(e: &Expr, test: &dyn Fn(&str) -> bool) -> bool {
    match e {
        Expr::Call { name, args, .. } => test(name) || args.iter().any(|a| any_call(a, test)),
        Expr::Unary { expr, .. }
        | Expr::IsNull { expr, .. }
        | Expr::IsBool { expr, .. }
        | Expr::Like { expr, .. } => any_call(expr, test),
        Expr::Binary { left, right, .. } => any_call(left, test) || any_call(right, test),
        Expr::InList { expr, items, .. } => {
            any_call(expr, test) || items.iter().any(|a| any_call(a, test))
        }
        Expr::InRange {
            expr, low, high, ..
        } => any_call(expr, test) || any_call(low, test) || any_call(high, test),
        Expr::Field(_) | Expr::Literal(_) | Expr::Star | Expr::Search { .. } => false,
    }
}

/// Whether `name` names an aggregate function.
fn is_aggregate(name: &str) -> bool {
    Function::resolve(name).is_some_and(Function::is_aggregate)
}

/// Whether an aggregate call sits inside another (`inside`: under one already).
fn nested_aggregate(e: &Expr, inside: bool) -> bool {
    match e {
        Expr::Call { name, args, .. } => {
            let is_aggregate = is_aggregate(name);
            (is_aggregate && inside)
                || args
                    .iter()
                    .any(|a| nested_aggregate(a, inside || is_aggregate))
        }
        Expr::Unary { expr, .. }
        | Expr::IsNull { expr, .. }
        | Expr::IsBool { expr, .. }
        | Expr::Like { expr, .. } => nested_aggregate(expr, inside),
        Expr::Binary { left, right, .. } => {
            nested_aggregate(left, inside) || nested_aggregate(right, inside)
        }
        Expr::InList { expr, items, .. } => {
            nested_aggregate(expr, inside) || items.iter().any(|a| nested_aggregate(a, inside))
        }
        Expr::InRange {
            expr, low, high, ..
        } => {
            nested_aggregate(expr, inside)
                || nested_aggregate(low, inside)
                || nested_aggregate(high, inside)
        }
        Expr::Field(_) | Expr::Literal(_) | Expr::Star | Expr::Search { .. } => false,
    }
}

/// In a grouped or aggregated query, the first field of `e` read outside any aggregate and
/// outside the group keys (`names`: aliases it may also name).
fn loose_field(e: &Expr, keys: &[GroupItem], names: &[String]) -> Option<String> {
    if keys.iter().any(|g| g.expr == *e) {
        return None;
    }
    let inner = |x: &Expr| loose_field(x, keys, names);
    match e {
        Expr::Field(f) => {
            let named = names.contains(f) || keys.iter().any(|g| g.alias.as_ref() == Some(f));
            (!named).then(|| f.clone())
        }
        Expr::Call { name, .. } if is_aggregate(name) => None,
        Expr::Call { name, .. } if Function::resolve(name) == Some(Function::Random) => {
            Some("random()".to_owned())
        }
        Expr::Call { args, .. } => args.iter().find_map(inner),
        Expr::Unary { expr, .. }
        | Expr::IsNull { expr, .. }
        | Expr::IsBool { expr, .. }
        | Expr::Like { expr, .. } => inner(expr),
        Expr::Binary { left, right, .. } => inner(left).or_else(|| inner(right)),
        Expr::InList { expr, items, .. } => inner(expr).or_else(|| items.iter().find_map(inner)),
        Expr::InRange {
            expr, low, high, ..
        } => inner(expr).or_else(|| inner(low)).or_else(|| inner(high)),
        Expr::Search { fields, .. } => Some(
            fields
                .first()
                .cloned()
                .unwrap_or_else(|| "a search".to_owned()),
        ),
        Expr::Literal(_) | Expr::Star => None,
    }
}

/// The select items with `*`, `include(…)` and `exclude(…)` replaced by fields (explore-api
/// §6): `*` and `include(name, prefix*)` add the dataset's matching fields in dataset order,
/// skipping those already listed; `exclude(name, prefix*)` removes matching plain fields; a
/// list of only `exclude(…)` starts from every field. `None` for `select=*` or no select.
pub(super) fn expand_select(
    dataset: &Dataset,
    select: Option<&SelectList>,
) -> Result<Option<Vec<SelectItem>>, QueryError> {
    let Some(SelectList::Items(items)) = select else {
        return Ok(None);
    };
    let is_call = |e: &Expr, which: Function| matches!(e, Expr::Call { name, .. } if Function::resolve(name) == Some(which));
    let patterns = |e: &Expr| -> Vec<String> {
        match e {
            Expr::Call { args, .. } => args
                .iter()
                .filter_map(|a| match a {
                    Expr::Field(p) => Some(p.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let excluded: Vec<String> = items
        .iter()
        .filter(|i| is_call(&i.expr, Function::Exclude))
        .flat_map(|i| patterns(&i.expr))
        .collect();
    let only_excludes = items.iter().all(|i| is_call(&i.expr, Function::Exclude));
    let field_item = |name: &str| SelectItem {
        expr: Expr::Field(name.to_owned()),
        alias: None,
        text: name.to_owned(),
    };
    let mut out: Vec<SelectItem> = Vec::new();
    let add_fields = |out: &mut Vec<SelectItem>, wanted: &dyn Fn(&str) -> bool| {
        for field in dataset.fields.iter().filter(|f| wanted(&f.name)) {
            let listed = out
                .iter()
                .any(|i| i.alias.is_none() && i.expr == Expr::Field(field.name.clone()));
            if !listed {
                out.push(field_item(&field.name));
            }
        }
    };
    if only_excludes {
        add_fields(&mut out, &|_| true);
    }
    for item in items {
        match &item.expr {
            Expr::Star => add_fields(&mut out, &|_| true),
            e if is_call(e, Function::Include) => {
                let wanted = patterns(e);
                if wanted.is_empty() {
                    return Err(bad("include() takes field names or prefixes such as pop*"));
                }
                add_fields(&mut out, &|name| wanted.iter().any(|p| matches(p, name)));
            }
            e if is_call(e, Function::Exclude) => {}
            _ => out.push(item.clone()),
        }
    }
    out.retain(|i| {
        !matches!(&i.expr, Expr::Field(f) if i.alias.is_none() && excluded.iter().any(|p| matches(p, f)))
    });
    if out.is_empty() {
        return Err(bad("the select list selects nothing"));
    }
    Ok(Some(out))
}

/// Whether a field name matches an `include`/`exclude` pattern (`name` or `prefix*`).
fn matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

/// Refuses a second column under the same output name (JSON keys must be unique).
pub(super) fn unique_names<'a>(names: impl Iterator<Item = &'a str>) -> Result<(), QueryError> {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if seen.contains(&name) {
            return Err(bad(format!(
                "two result columns are named `{name}`: give each a distinct alias with `as`"
            )));
        }
        seen.push(name);
    }
    Ok(())
}

/// Refuses a date or datetime refinement that is not a prefix of `YYYY-MM-DDTHH:MM:SS`
/// (`/` may stand for `-`) naming a real day and time, as a date in `where` is refused.
pub(super) fn check_refine_date(facet: &str, value: &str) -> Result<(), QueryError> {
    let refuse = || {
        bad(format!(
            "refine value `{value}` for `{facet}` is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or up to YYYY-MM-DDTHH:MM:SS"
        ))
    };
    let text = value.replace('/', "-");
    let bytes = text.as_bytes();
    // Positions of the separators in `YYYY-MM-DDTHH:MM:SS`, and the lengths allowed.
    let shape = *b"dddd-dd-ddTdd:dd:dd";
    if ![4, 7, 10, 13, 16, 19].contains(&bytes.len()) {
        return Err(refuse());
    }
    let fits = bytes.iter().zip(shape.iter()).all(|(b, s)| match s {
        b'd' => b.is_ascii_digit(),
        _ => b == s,
    });
    if !fits {
        return Err(refuse());
    }
    let number = |from: usize, to: usize| -> u32 {
        text.get(from..to)
            .and_then(|t| t.parse().ok())
            .unwrap_or(u32::MAX)
    };
    let year = number(0, 4);
    let in_range = |from: usize, low: u32, high: u32| {
        bytes.len() < from + 2 || (low..=high).contains(&number(from, from + 2))
    };
    let month = if bytes.len() >= 7 { number(5, 7) } else { 1 };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let valid = in_range(5, 1, 12)
        && in_range(8, 1, days)
        && in_range(11, 0, 23)
        && in_range(14, 0, 59)
        && in_range(17, 0, 59);
    if valid { Ok(()) } else { Err(refuse()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refinement_dates_must_name_real_days_and_times() {
        for good in [
            "2013",
            "2013/01",
            "2013-01-05",
            "2012/02/29",
            "2013-01-05T10",
            "2013-01-05T10:00:00",
        ] {
            assert!(check_refine_date("d", good).is_ok(), "{good}");
        }
        for bad in [
            "2013/13/45",
            "2013-02-29",
            "2013-1-5",
            "13",
            "2013-01-05T24",
            "2013-01-05 10:00",
            "abcd",
        ] {
            assert!(check_refine_date("d", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn include_and_exclude_patterns_match_names_and_prefixes() {
        assert!(matches("pop*", "population"));
        assert!(matches("pop", "pop"));
        assert!(!matches("pop", "population"));
    }
}
