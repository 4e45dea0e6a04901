//! ODSQL AST → SQL. Every value is a bound parameter; a field name is only ever looked up in
//! the dataset's schema and replaced by its positional column (`c3`), so no text from the
//! request is spliced into SQL. Types are checked here, and mistakes become `QueryError`s
//! that the API answers as 400 `ODSQLError`.
//!
//! This module puts a statement together (select list, where, group_by, order_by, page,
//! count statement); each kind of expression compiles in a module of its own: `expr`
//! (operators and literals), `functions`, `dates`, `search` (text matching, `in`, refine)
//! and `dialect` (what SQLite and PostgreSQL spell differently). Their unit tests snapshot
//! the SQL of both dialects, construct by construct.

mod dates;
mod dialect;
mod expr;
mod functions;
pub(super) mod lower;
mod search;

pub(crate) use dialect::{double_text, local_datetime_text};

use super::query::{
    Compiled, OutputColumn, Param, QueryError, RECORD_ID_COLUMN, RecordsQuery, SqlType, bad,
};
use super::validate::{self, contains_aggregate};
use crate::Backend;
use crate::datasets::{Dataset, columns_of, value_counts_table};
use functions::percentile_source;
use galette_core::dataset::FieldType;
use galette_core::explore::functions::Function;
use galette_core::explore::odsql::{Expr, Literal, SelectList};
use galette_core::explore::timezone::{Offsets, Zone};

/// The state of one compilation, shared by the modules that compile each kind of expression.
struct Compiler<'a> {
    dataset: &'a Dataset,
    backend: Backend,
    params: Vec<Param>,
    /// Aliases of select items usable in order_by, with their SQL.
    aliases: Vec<(String, String, SqlType)>,
    /// What `count(*)` compiles to: `COUNT(*)` over rows, a sum over a value-count table.
    count_star: &'static str,
    /// What `now()` reads.
    now: i64,
    /// Language of month and day names.
    lang: &'a str,
    /// The request's zone and its offsets.
    zone: &'a Zone,
    offsets: &'a Offsets,
    /// Expressions whose rank among the group's non-null values a percentile needs: the
    /// rows are then read through a window (see `percentile_source`).
    ranked: Vec<String>,
    /// The `GROUP BY` expressions, once known (windows are partitioned by them).
    partition: Vec<String>,
}

/// Compiles a records query over `dataset`.
pub fn compile(
    dataset: &Dataset,
    backend: Backend,
    query: &RecordsQuery,
) -> Result<Compiled, QueryError> {
    // Every limit and rule that needs no SQL is checked first, before any SQL is built.
    let select_items = validate::expand_select(dataset, query.select.as_ref())?;
    validate::check(query, select_items.as_deref().unwrap_or_default())?;
    // Judged on the expanded items: `count(*), exclude(c*)` selects only an aggregate.
    let is_aggregate_only = select_items.as_deref().is_some_and(|items| {
        !items.is_empty() && items.iter().all(|i| contains_aggregate(&i.expr))
    });
    let mut c = Compiler {
        dataset,
        backend,
        params: Vec::new(),
        aliases: Vec::new(),
        count_star: "COUNT(*)",
        now: query.now,
        lang: &query.lang,
        zone: &query.timezone,
        offsets: query.timezone.offsets(),
        ranked: Vec::new(),
        partition: Vec::new(),
    };
    let counts = value_counts_source(dataset, query);
    if counts.is_some() {
        c.count_star = "CAST(SUM(n) AS BIGINT)";
    }
    let mut conditions = Vec::new();
    for w in &query.wheres {
        let (sql, t) = c.expr(w)?;
        conditions.push(c.as_condition(sql, t)?);
    }
    if let Some(rid) = query.record_id {
        let p = c.push(Param::Int(rid));
        conditions.push(format!("rid = {p}"));
    }
    for (facet, value) in &query.refine {
        conditions.push(c.refine(facet, value)?);
    }
    for (facet, value) in &query.exclude {
        let sql = c.refine(facet, value)?;
        let (column, _) = c.field(facet)?;
        conditions.push(format!("(NOT ({sql}) OR {column} IS NULL)"));
    }
    let where_sql = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let table = counts.as_ref().unwrap_or(&dataset.table_name);
    let where_params = c.params.len();

    let mut columns = Vec::new();
    let mut column_sql: Vec<Vec<String>> = Vec::new();
    let mut select_sql = Vec::new();
    let mut group_sql = Vec::new();
    let mut group_order = Vec::new();
    for item in &query.group_by {
        let (sql, t, sort) = match &item.expr {
            Expr::Call { name, args, .. } if Function::resolve(name) == Some(Function::Range) => {
                let (label, sort) = c.range_key(args)?;
                (label, SqlType::Text, format!("MIN({sort})"))
            }
            other => {
                let (sql, t) = c.value(other)?;
                let sql = not_positional(sql);
                (sql.clone(), t, sql)
            }
        };
        group_order.push(sort);
        let name = item.alias.clone().unwrap_or_else(|| item.text.clone());
        select_sql.push(format!("{sql} AS o{}", columns.len()));
        columns.push(OutputColumn {
            name: name.clone(),
            sql_type: t,
        });
        column_sql.push(vec![sql.clone()]);
        c.aliases.push((name, sql.clone(), t));
        group_sql.push(sql);
    }
    let is_grouped = !group_sql.is_empty();
    c.partition.clone_from(&group_sql);
    // Parameters are numbered in compile order (where, group_by, select, order_by), so the
    // count query, which repeats only where and group_by, binds a prefix of them.
    let count_params = if is_grouped {
        c.params.len()
    } else {
        where_params
    };
    match &query.select {
        None | Some(SelectList::Star) if !is_grouped => {
            for (index, field) in dataset.fields.iter().enumerate() {
                let sql = columns_of(index, field.field_type);
                select_sql.extend(sql.iter().cloned());
                column_sql.push(sql);
                columns.push(OutputColumn {
                    name: field.name.clone(),
                    sql_type: field_sql_type(field.field_type),
                });
            }
        }
        None | Some(SelectList::Star) => {}
        Some(SelectList::Items(_)) => {
            let items = select_items.as_deref().unwrap_or_default();
            let has_aggregate = items.iter().any(|i| contains_aggregate(&i.expr));
            for item in items {
                let name = item.alias.clone().unwrap_or_else(|| item.text.clone());
                // Matched on the syntax tree, and a group key's SQL is reused as compiled for
                // GROUP BY: recompiling would bind its literals again under new placeholders,
                // which PostgreSQL would not recognise as the grouped expression.
                let group_key = query.group_by.iter().position(|g| {
                    g.expr == item.expr
                        || matches!(&item.expr, Expr::Field(f) if g.alias.as_ref() == Some(f))
                });
                let key_name = group_key.and_then(|i| columns.get(i)).map(|o| &o.name);
                if is_grouped && key_name == Some(&name) {
                    continue; // a group key listed again in select
                }
                let (sql, t) = match group_key.and_then(|i| column_sql.get(i).zip(columns.get(i))) {
                    Some((sql, column)) => (sql.join(", "), column.sql_type),
                    None if (is_grouped || has_aggregate) && !contains_aggregate(&item.expr) => {
                        return Err(bad(format!(
                            "`{}` must be a group_by expression or inside an aggregate",
                            item.text
                        )));
                    }
                    None => c.value(&item.expr)?,
                };
                select_sql.push(if t == SqlType::Point {
                    sql.clone()
                } else {
                    format!("{sql} AS o{}", columns.len())
                });
                columns.push(OutputColumn {
                    name: name.clone(),
                    sql_type: t,
                });
                column_sql.push(if t == SqlType::Point {
                    sql.split(", ").map(str::to_owned).collect()
                } else {
                    vec![sql.clone()]
                });
                c.aliases.push((name, sql, t));
            }
        }
    }
    if select_sql.is_empty() {
        return Err(bad("the query selects nothing"));
    }
    validate::unique_names(columns.iter().map(|o| o.name.as_str()))?;
    if query.with_record_ids && !is_grouped && !is_aggregate_only {
        select_sql.push(format!("rid AS o{}", columns.len()));
        column_sql.push(vec!["rid".to_owned()]);
        columns.push(OutputColumn {
            name: RECORD_ID_COLUMN.to_owned(),
            sql_type: SqlType::Int,
        });
    }
    let mut order_sql = Vec::new();
    for item in &query.order_by {
        let (sql, _) = c.order_expr(&item.expr)?;
        let sql = not_positional(sql);
        let direction = if item.descending { "DESC" } else { "ASC" };
        // Nulls last in both directions (explore-api §6); plain `NULLS LAST` keeps indexes usable.
        order_sql.push(format!("{sql} {direction} NULLS LAST"));
    }
    if is_grouped {
        // Groups in a stable order (pages of groups must not overlap): by key after any
        // requested order.
        order_sql.extend(group_order.iter().map(|g| format!("{g} ASC NULLS LAST")));
    } else if !is_aggregate_only {
        order_sql.push("rid".to_owned());
    }
    let group_clause = if is_grouped {
        format!(" GROUP BY {}", group_sql.join(", "))
    } else {
        String::new()
    };
    let order_clause = if order_sql.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {}", order_sql.join(", "))
    };
    let limit_clause = c.limit_clause(query.limit, query.offset);
    let source = if c.ranked.is_empty() {
        format!("{table}{where_sql}")
    } else {
        percentile_source(table, &where_sql, &c.partition, &c.ranked)
    };
    let tail = format!(" FROM {source}{group_clause}{order_clause}{limit_clause}");
    let sql = format!("SELECT {}{tail}", select_sql.join(", "));
    let count_sql = if is_grouped {
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 AS one FROM {table}{where_sql}{group_clause}) AS groups"
        )
    } else if is_aggregate_only {
        "SELECT 1".to_owned()
    } else {
        format!("SELECT COUNT(*) FROM {table}{where_sql}")
    };
    let count_params = if count_sql == "SELECT 1" {
        0
    } else {
        count_params
    };
    Ok(Compiled {
        sql,
        count_sql,
        params: c.params,
        count_params,
        columns,
        column_sql,
        tail,
        zone: query.timezone.clone(),
        limit: query.limit,
        offset: query.offset,
        backend,
    })
}

/// The value-count table (written at import, see `datasets::value_counts_table`) that answers
/// `query` exactly, if any: an unfiltered `group_by` on one counted field whose select and
/// order_by use only that key and `count(*)`. Such a count then reads one row per distinct
/// value instead of every row of the dataset.
pub(super) fn value_counts_source(dataset: &Dataset, query: &RecordsQuery) -> Option<String> {
    let filtered = !query.wheres.is_empty()
        || !query.refine.is_empty()
        || !query.exclude.is_empty()
        || query.record_id.is_some();
    let [key] = query.group_by.as_slice() else {
        return None;
    };
    let Expr::Field(name) = &key.expr else {
        return None;
    };
    let index = dataset.fields.iter().position(|f| &f.name == name)?;
    if filtered || !dataset.counted_fields.contains(&index) {
        return None;
    }
    let is_key_or_count = |e: &Expr| match e {
        Expr::Field(f) => f == name || key.alias.as_ref() == Some(f),
        Expr::Call {
            name,
            args,
            distinct: false,
        } => {
            Function::resolve(name) == Some(Function::Count)
                && matches!(args.as_slice(), [Expr::Star])
        }
        _ => false,
    };
    let aliases: Vec<&String> = match &query.select {
        Some(SelectList::Items(items)) => {
            if !items.iter().all(|i| is_key_or_count(&i.expr)) {
                return None;
            }
            items.iter().filter_map(|i| i.alias.as_ref()).collect()
        }
        _ => Vec::new(),
    };
    let orders_known = query.order_by.iter().all(|o| {
        is_key_or_count(&o.expr) || matches!(&o.expr, Expr::Field(f) if aliases.contains(&f))
    });
    orders_known.then(|| value_counts_table(&dataset.table_name, index))
}

fn field_sql_type(t: FieldType) -> SqlType {
    match t {
        FieldType::Text => SqlType::Text,
        FieldType::Int => SqlType::Int,
        FieldType::Double => SqlType::Double,
        FieldType::Boolean => SqlType::Boolean,
        FieldType::Date => SqlType::Date,
        FieldType::Datetime => SqlType::Datetime,
        FieldType::GeoPoint2d => SqlType::Point,
    }
}

fn is_numeric(t: SqlType) -> bool {
    matches!(t, SqlType::Int | SqlType::Double)
}

/// A `GROUP BY` or `ORDER BY` term that the database reads as an expression: a bare integer
/// there means "the n-th output column", and PostgreSQL refuses a bare `NULL` (a constant key,
/// such as `group_by=false as g`, is legal ODSQL).
fn not_positional(sql: String) -> String {
    let is_constant = sql == "NULL" || (!sql.is_empty() && sql.bytes().all(|b| b.is_ascii_digit()));
    if is_constant {
        format!("CAST({sql} AS BIGINT)")
    } else {
        sql
    }
}

impl Compiler<'_> {
    fn push(&mut self, p: Param) -> String {
        self.params.push(p);
        format!("${}", self.params.len())
    }

    fn field(&self, name: &str) -> Result<(String, SqlType), QueryError> {
        let (index, field) = self
            .dataset
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name == name)
            .ok_or_else(|| bad(format!("unknown field `{name}`")))?;
        let t = field_sql_type(field.field_type);
        let column = columns_of(index, field.field_type).join(", ");
        Ok((column, t))
    }

    /// An expression as an output value: a predicate becomes 0/1 like a boolean field.
    fn value(&mut self, e: &Expr) -> Result<(String, SqlType), QueryError> {
        let (sql, t) = self.expr(e)?;
        Ok(match t {
            SqlType::Predicate => (
                format!("(CASE WHEN {sql} THEN 1 ELSE 0 END)"),
                SqlType::Boolean,
            ),
            _ => (sql, t),
        })
    }

    fn as_condition(&self, sql: String, t: SqlType) -> Result<String, QueryError> {
        match t {
            SqlType::Predicate => Ok(sql),
            SqlType::Boolean => Ok(format!("({sql} = 1)")),
            _ => Err(bad(
                "a where clause must be a condition (a comparison, a search, a boolean field…)",
            )),
        }
    }

    fn order_expr(&mut self, e: &Expr) -> Result<(String, SqlType), QueryError> {
        if let Expr::Field(name) = e
            && let Some((_, sql, t)) = self.aliases.iter().find(|(alias, _, _)| alias == name)
        {
            return Ok((sql.clone(), *t));
        }
        if let Expr::Call { name, args, .. } = e
            && Function::resolve(name) == Some(Function::Random)
        {
            let seed = match args.first() {
                Some(Expr::Literal(Literal::Int(s))) => *s,
                _ => 0,
            };
            let p = self.push(Param::Int(seed));
            return Ok((
                format!("((rid * 2654435761 + {p}) % 4294967296)"),
                SqlType::Int,
            ));
        }
        self.expr(e)
    }
}

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
