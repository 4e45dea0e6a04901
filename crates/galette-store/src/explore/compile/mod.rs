//! ODSQL AST → SQL. Every value is a bound parameter; a field name is only ever looked up in
//! the dataset's schema and replaced by its positional column (`c3`), so no text from the
//! request is spliced into SQL. Types are checked here, and mistakes become `QueryError`s
//! that the API answers as 400 `ODSQLError`.

use super::query::{
    Compiled, OutputColumn, Param, QueryError, RECORD_ID_COLUMN, RecordsQuery, SqlType, bad,
};
use super::validate::{self, contains_aggregate};
use super::zones::local_seconds;
use crate::Backend;
use crate::datasets::{Dataset, columns_of, value_counts_table};
use galette_core::dataset::FieldType;
use galette_core::explore::names::{month_names, weekday_names};
use galette_core::explore::odsql::{
    BinaryOp, DateLiteral, Expr, Literal, SearchKind, SelectList, UnaryOp,
};
use galette_core::explore::timezone::{Civil, Offsets, Zone};

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
            Expr::Call { name, args, .. } if name == "range" => {
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
    let limit_clause = match query.limit {
        Some(limit) => format!(" LIMIT {limit} OFFSET {}", query.offset),
        None if query.offset > 0 => format!(" LIMIT -1 OFFSET {}", query.offset),
        None => String::new(),
    };
    let limit_clause = if c.backend == Backend::Postgres {
        limit_clause.replace("LIMIT -1", "LIMIT ALL")
    } else {
        limit_clause
    };
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
    })
}

/// The value-count table (written at import, see `datasets::value_counts_table`) that answers
/// `query` exactly, if any: an unfiltered `group_by` on one counted field whose select and
/// order_by use only that key and `count(*)`. Such a count then reads one row per distinct
/// value instead of every row of the dataset.
fn value_counts_source(dataset: &Dataset, query: &RecordsQuery) -> Option<String> {
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
        } => name == "count" && matches!(args.as_slice(), [Expr::Star]),
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

    fn double(&self, sql: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("CAST({sql} AS REAL)"),
            Backend::Postgres => format!("CAST({sql} AS DOUBLE PRECISION)"),
        }
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

    fn refine(&mut self, facet: &str, value: &str) -> Result<String, QueryError> {
        let (column, t) = self.field(facet)?;
        match t {
            SqlType::Text => {
                let p = self.push(Param::Text(value.to_owned()));
                Ok(format!("{column} = {p}"))
            }
            SqlType::Date => {
                validate::check_refine_date(facet, value)?;
                let p = self.push(Param::Text(value.replace('/', "-")));
                Ok(format!("substr({column}, 1, length({p})) = {p}"))
            }
            SqlType::Datetime => {
                validate::check_refine_date(facet, value)?;
                let text = self.datetime_text(&column);
                let p = self.push(Param::Text(value.replace('/', "-")));
                Ok(format!("substr({text}, 1, length({p})) = {p}"))
            }
            SqlType::Int | SqlType::Double | SqlType::Boolean => {
                let number: f64 = value
                    .parse()
                    .map_err(|_| bad(format!("refine value `{value}` is not a number")))?;
                let p = self.push(Param::Double(number));
                Ok(format!("{column} = {p}"))
            }
            SqlType::Point | SqlType::Null | SqlType::Predicate => {
                Err(bad(format!("`{facet}` cannot be refined")))
            }
        }
    }

    /// A datetime column as `YYYY-MM-DDTHH:MM:SS` text, in the request's zone.
    fn datetime_text(&self, column: &str) -> String {
        local_datetime_text(&local_seconds(column, self.offsets), self.backend)
    }

    fn order_expr(&mut self, e: &Expr) -> Result<(String, SqlType), QueryError> {
        if let Expr::Field(name) = e
            && let Some((_, sql, t)) = self.aliases.iter().find(|(alias, _, _)| alias == name)
        {
            return Ok((sql.clone(), *t));
        }
        if let Expr::Call { name, args, .. } = e
            && name == "random"
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

    fn expr(&mut self, e: &Expr) -> Result<(String, SqlType), QueryError> {
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
            } => {
                let (sql, t) = self.expr(expr)?;
                let mut values = Vec::new();
                for item in items {
                    let (v, vt) = self.comparable(item, t)?;
                    let _ = vt;
                    values.push(v);
                }
                let condition = format!("{sql} IN ({})", values.join(", "));
                Ok((
                    self.boolean(if *negated {
                        format!("NOT ({condition})")
                    } else {
                        condition
                    }),
                    SqlType::Predicate,
                ))
            }
            Expr::InRange {
                expr,
                low,
                high,
                low_inclusive,
                high_inclusive,
            } => {
                let (sql, t) = self.expr(expr)?;
                let (lo, _) = self.comparable(low, t)?;
                let (hi, _) = self.comparable(high, t)?;
                let (lo_op, hi_op) = (
                    if *low_inclusive { ">=" } else { ">" },
                    if *high_inclusive { "<=" } else { "<" },
                );
                Ok((
                    self.boolean(format!("({sql} {lo_op} {lo} AND {sql} {hi_op} {hi})")),
                    SqlType::Predicate,
                ))
            }
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
            Expr::Like { expr, pattern } => {
                let (sql, t) = self.expr(expr)?;
                if t != SqlType::Text {
                    return Err(bad("`like` needs a text field"));
                }
                Ok((
                    self.word_match(&format!("(' ' || lower({sql}) || ' ')"), pattern),
                    SqlType::Predicate,
                ))
            }
            Expr::Search { fields, text, kind } => self.search(fields, text, *kind),
        }
    }

    fn boolean(&self, condition: String) -> String {
        format!("({condition})")
    }

    /// Whole words of `text` (the last may be a prefix) found in a space-padded, lower-cased
    /// text (explore-api §6: word match, never arbitrary substrings).
    fn word_match(&mut self, haystack: &str, text: &str) -> String {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return self.boolean("1 = 1".to_owned());
        }
        let last = words.len() - 1;
        let mut parts = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = if i == last {
                format!("% {escaped}%")
            } else {
                format!("% {escaped} %")
            };
            let p = self.push(Param::Text(pattern));
            parts.push(format!("{haystack} LIKE {p} ESCAPE '\\'"));
        }
        self.boolean(parts.join(" AND "))
    }

    fn search(
        &mut self,
        fields: &[String],
        text: &str,
        kind: SearchKind,
    ) -> Result<(String, SqlType), QueryError> {
        match kind {
            SearchKind::StartsWith => {
                let field = fields
                    .first()
                    .ok_or_else(|| bad("startswith needs a field"))?;
                let (sql, t) = self.field(field)?;
                if t != SqlType::Text {
                    return Err(bad("startswith needs a text field"));
                }
                let p = self.push(Param::Text(text.to_owned()));
                Ok((
                    self.boolean(format!("substr({sql}, 1, length({p})) = {p}")),
                    SqlType::Predicate,
                ))
            }
            SearchKind::Search | SearchKind::Suggest => {
                if fields.is_empty() {
                    return Ok((self.word_match("words", text), SqlType::Predicate));
                }
                let mut parts = Vec::new();
                for field in fields {
                    let (sql, t) = self.field(field)?;
                    if t != SqlType::Text {
                        return Err(bad(format!(
                            "search needs text fields; `{field}` is not one"
                        )));
                    }
                    let haystack = format!("(' ' || lower({sql}) || ' ')");
                    parts.push(self.word_match(&haystack, text));
                }
                Ok((self.boolean(parts.join(" OR ")), SqlType::Predicate))
            }
        }
    }

    fn literal(&mut self, literal: &Literal) -> Result<(String, SqlType), QueryError> {
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
    fn comparable(&mut self, e: &Expr, t: SqlType) -> Result<(String, SqlType), QueryError> {
        if let (Expr::Literal(Literal::Date(d)), SqlType::Date) = (e, t) {
            let day = match d.time {
                // A day compared with a day: the day as written.
                None => format!(
                    "{:04}-{:02}-{:02}",
                    d.year,
                    d.month.unwrap_or(1),
                    d.day.unwrap_or(1)
                ),
                Some(_) => civil_day(date_unix(d, self.zone)?, self.zone),
            };
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

    fn binary(
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

    fn call(
        &mut self,
        name: &str,
        args: &[Expr],
        distinct: bool,
    ) -> Result<(String, SqlType), QueryError> {
        let one = |args: &[Expr]| -> Result<Expr, QueryError> {
            match args {
                [arg] => Ok(arg.clone()),
                _ => Err(bad(format!("{name}() takes one argument"))),
            }
        };
        match name {
            "count" => match args {
                [Expr::Star] => Ok((self.count_star.to_owned(), SqlType::Int)),
                [arg] => {
                    let (sql, t) = self.expr(arg)?;
                    let sql = if t == SqlType::Point {
                        sql.split(", ").next().unwrap_or_default().to_owned()
                    } else {
                        sql
                    };
                    let d = if distinct { "DISTINCT " } else { "" };
                    Ok((format!("COUNT({d}{sql})"), SqlType::Int))
                }
                _ => Err(bad("count() takes * or one field")),
            },
            "sum" | "avg" | "min" | "max" => {
                let (sql, t) = self.expr(&one(args)?)?;
                let numeric = is_numeric(t);
                let orderable =
                    numeric || matches!(t, SqlType::Text | SqlType::Date | SqlType::Datetime);
                if (matches!(name, "sum" | "avg") && !numeric) || !orderable {
                    return Err(bad(format!("{name}() needs a number")));
                }
                let result = match name {
                    "avg" => SqlType::Double,
                    "sum" => t,
                    _ => t,
                };
                let inner = if name == "avg" {
                    self.double(&sql)
                } else {
                    sql
                };
                let call = format!("{}({inner})", name.to_uppercase());
                // PostgreSQL sums integers as numeric, which the Any driver cannot read.
                let call =
                    if name == "sum" && t == SqlType::Int && self.backend == Backend::Postgres {
                        format!("CAST({call} AS BIGINT)")
                    } else {
                        call
                    };
                Ok((call, result))
            }
            "lower" | "upper" | "length" => {
                let (sql, t) = self.expr(&one(args)?)?;
                if t != SqlType::Text {
                    return Err(bad(format!("{name}() needs text")));
                }
                Ok(match name {
                    "length" => (format!("LENGTH({sql})"), SqlType::Int),
                    _ => (format!("{}({sql})", name.to_uppercase()), SqlType::Text),
                })
            }
            "year" | "month" | "day" | "hour" | "minute" | "second" => {
                let (sql, t) = self.expr(&one(args)?)?;
                self.date_part(name, &sql, t)
            }
            "median" | "percentile" => {
                let (field, percent) = match (name, args) {
                    ("median", [f]) => (f, 50.0),
                    ("percentile", [f, p]) => match number_literal(p) {
                        Some(p) if (0.0..=100.0).contains(&p) => (f, p),
                        _ => {
                            return Err(bad(
                                "percentile() takes a field and a number from 0 to 100",
                            ));
                        }
                    },
                    _ => {
                        return Err(bad(format!(
                            "{name}() takes a numeric field{}",
                            if name == "percentile" {
                                " and a percentage"
                            } else {
                                ""
                            }
                        )));
                    }
                };
                let (sql, t) = self.expr(field)?;
                if !is_numeric(t) {
                    return Err(bad(format!("{name}() needs a number")));
                }
                Ok((self.percentile(&sql, percent / 100.0), SqlType::Double))
            }
            "range" => Err(bad("range() groups rows: it is only allowed in group_by")),
            "now" => match args {
                [] => Ok((self.push(Param::Int(self.now)), SqlType::Datetime)),
                _ => Err(bad("now() takes no argument")),
            },
            "date_format" => match args {
                [d, Expr::Literal(Literal::Text(pattern))] => {
                    let (sql, t) = self.expr(d)?;
                    self.date_format(&sql, t, pattern)
                }
                _ => Err(bad(
                    "date_format() takes a date and a quoted pattern such as 'yyyy-MM'",
                )),
            },
            "ifnull" => match args {
                [a, b] => {
                    let (l, lt) = self.expr(a)?;
                    let (r, _) = self.comparable(b, lt)?;
                    Ok((format!("COALESCE({l}, {r})"), lt))
                }
                _ => Err(bad("ifnull() takes two arguments")),
            },
            "within_distance" | "in_bbox" | "intersects" | "disjoint" | "within" | "distance"
            | "geo_cluster" => Err(bad(format!(
                "the geographic function {name}() is not supported"
            ))),
            other => Err(bad(format!("unknown function `{other}`"))),
        }
    }

    /// The label (`[0, 50[`, `[*, 0[`) and numeric sort key of a `range()` group key:
    /// `range(f, width)` for equal widths, `range(f, *, b1, …, bn, *)` for fixed bounds
    /// (lower inclusive, upper exclusive; a `*` end is open). Rows outside fixed bounds and
    /// null values have a null key.
    fn range_key(&mut self, args: &[Expr]) -> Result<(String, String), QueryError> {
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
        let mut buckets: Vec<(Option<f64>, Option<f64>)> = Vec::new();
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
            let text = |b: &Option<f64>| b.map_or_else(|| "*".to_owned(), number_text);
            let name = self.push(Param::Text(format!("[{}, {}[", text(low), text(high))));
            let test = tests.join(" AND ");
            label.push_str(&format!(" WHEN {test} THEN {name}"));
            sort.push_str(&format!(" WHEN {test} THEN {index}"));
        }
        label.push_str(" END");
        sort.push_str(" END");
        Ok((label, sort))
    }

    fn equal_ranges(
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
                let floor = match self.backend {
                    Backend::Sqlite => format!(
                        "(CAST({ratio} AS INTEGER) - CASE WHEN {ratio} < 0 AND CAST({ratio} AS INTEGER) <> {ratio} THEN 1 ELSE 0 END)"
                    ),
                    Backend::Postgres => format!("floor({ratio})"),
                };
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
    fn percentile(&mut self, sql: &str, p: f64) -> String {
        let k = match self.ranked.iter().position(|r| r == sql) {
            Some(k) => k,
            None => {
                self.ranked.push(sql.to_owned());
                self.ranked.len() - 1
            }
        };
        let p = self.push(Param::Double(p));
        let position = format!("({p} * (pn{k} - 1))");
        let lower = format!("(CAST({position} AS BIGINT) + 1)");
        let at = |rank: &str| format!("MAX(CASE WHEN pr{k} = {rank} THEN {sql} END)");
        let low = self.double(&at(&lower));
        let high = self.double(&at(&format!("({lower} + 1)")));
        let fraction = format!("MAX({position} - CAST({position} AS BIGINT))");
        format!("({low} + {fraction} * (COALESCE({high}, {low}) - {low}))")
    }

    /// `date_format(d, pattern)` with the pattern letters `yyyy MM dd HH mm ss`, and `MMMM`
    /// and `EEEE` for the month's and the weekday's name in `lang`; other letters are
    /// refused, anything else is copied. Patterns and names are bound as parameters.
    fn date_format(
        &mut self,
        sql: &str,
        t: SqlType,
        pattern: &str,
    ) -> Result<(String, SqlType), QueryError> {
        if pattern.contains('\0') {
            return Err(bad(
                "date_format() patterns cannot contain the NUL character",
            ));
        }
        let (value, is_datetime) = match t {
            SqlType::Datetime => (local_seconds(sql, self.offsets), true),
            SqlType::Date => (sql.to_owned(), false),
            _ => return Err(bad("date_format() needs a date or datetime")),
        };
        // Runs of plain formatting (SQLite strftime, PostgreSQL to_char), and names.
        let mut parts: Vec<DatePart> = Vec::new();
        let plain = |parts: &mut Vec<DatePart>, lite: &str, pg: &str| {
            if let Some(DatePart::Format(l, p)) = parts.last_mut() {
                l.push_str(lite);
                p.push_str(pg);
            } else {
                parts.push(DatePart::Format(lite.to_owned(), pg.to_owned()));
            }
        };
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            let run = rest.chars().take_while(|&x| x == c).count();
            let token: String = rest.chars().take(run).collect();
            rest = rest.get(token.len()..).unwrap_or_default();
            let (lite, pg) = match token.as_str() {
                "yyyy" => ("%Y", "YYYY"),
                "MM" => ("%m", "MM"),
                "dd" => ("%d", "DD"),
                "HH" => ("%H", "HH24"),
                "mm" => ("%M", "MI"),
                "ss" => ("%S", "SS"),
                "MMMM" => {
                    parts.push(DatePart::Month);
                    continue;
                }
                "EEEE" => {
                    parts.push(DatePart::Weekday);
                    continue;
                }
                _ if c.is_ascii_alphabetic() => {
                    return Err(bad(format!(
                        "date_format() pattern letter `{token}` is not supported (use yyyy, MM, MMMM, dd, EEEE, HH, mm, ss)"
                    )));
                }
                _ => {
                    let quoted =
                        format!("\"{}\"", token.replace('\\', "\\\\").replace('"', "\\\""));
                    plain(&mut parts, &token.replace('%', "%%"), &quoted);
                    continue;
                }
            };
            plain(&mut parts, lite, pg);
        }
        let stamp = |backend: Backend, format: &str| match backend {
            Backend::Sqlite if is_datetime => format!("strftime({format}, {value}, 'unixepoch')"),
            Backend::Sqlite => format!("strftime({format}, {value})"),
            Backend::Postgres if is_datetime => {
                format!("to_char(to_timestamp({value}) AT TIME ZONE 'UTC', {format})")
            }
            Backend::Postgres => format!("to_char(CAST({value} AS DATE), {format})"),
        };
        let mut pieces = Vec::new();
        for part in parts {
            let (number, names): (String, Vec<&str>) = match part {
                DatePart::Format(lite, pg) => {
                    let format = match self.backend {
                        Backend::Sqlite => self.push(Param::Text(lite)),
                        Backend::Postgres => self.push(Param::Text(pg)),
                    };
                    pieces.push(stamp(self.backend, &format));
                    continue;
                }
                DatePart::Month => (
                    self.date_number("%m", "MM"),
                    month_names(self.lang).to_vec(),
                ),
                DatePart::Weekday => (
                    self.date_number("%w", "D"),
                    weekday_names(self.lang).to_vec(),
                ),
            };
            // to_char's D counts 1 (Sunday) to 7; strftime's %w 0 (Sunday) to 6.
            let first = if self.backend == Backend::Postgres && names.len() == 7 {
                1
            } else {
                usize::from(names.len() == 12)
            };
            let number = stamp(self.backend, &number);
            let mut case = format!("CASE CAST({number} AS INTEGER)");
            for (index, name) in names.iter().enumerate() {
                let p = self.push(Param::Text((*name).to_owned()));
                case.push_str(&format!(" WHEN {} THEN {p}", index + first));
            }
            case.push_str(" END");
            pieces.push(case);
        }
        if pieces.is_empty() {
            return Err(bad("date_format() needs a pattern"));
        }
        Ok((format!("({})", pieces.join(" || ")), SqlType::Text))
    }

    /// A bound format giving one number of the date (`%m`/`MM`, `%w`/`D`).
    fn date_number(&mut self, lite: &str, pg: &str) -> String {
        let format = match self.backend {
            Backend::Sqlite => lite,
            Backend::Postgres => pg,
        };
        self.push(Param::Text(format.to_owned()))
    }

    fn date_part(
        &self,
        part: &str,
        sql: &str,
        t: SqlType,
    ) -> Result<(String, SqlType), QueryError> {
        let (format, pg) = match part {
            "year" => ("%Y", "YEAR"),
            "month" => ("%m", "MONTH"),
            "day" => ("%d", "DAY"),
            "hour" => ("%H", "HOUR"),
            "minute" => ("%M", "MINUTE"),
            _ => ("%S", "SECOND"),
        };
        let local = local_seconds(sql, self.offsets);
        let sql = match (t, self.backend) {
            (SqlType::Datetime, Backend::Sqlite) => {
                let sql = &local;
                format!("CAST(strftime('{format}', {sql}, 'unixepoch') AS INTEGER)")
            }
            (SqlType::Date, Backend::Sqlite) => {
                format!("CAST(strftime('{format}', {sql}) AS INTEGER)")
            }
            (SqlType::Datetime, Backend::Postgres) => {
                let sql = &local;
                format!("CAST(EXTRACT({pg} FROM to_timestamp({sql}) AT TIME ZONE 'UTC') AS BIGINT)")
            }
            // A timestamp, not a date: PostgreSQL refuses `hour` of a date (SQLite gives 0).
            (SqlType::Date, Backend::Postgres) => {
                format!("CAST(EXTRACT({pg} FROM CAST({sql} AS TIMESTAMP)) AS BIGINT)")
            }
            _ => return Err(bad(format!("{part}() needs a date or datetime"))),
        };
        Ok((sql, SqlType::Int))
    }
}

/// Unix seconds of a date literal: as written when it has an offset, else the civil time
/// (midnight when there is no time) in the request's zone.
fn date_unix(d: &DateLiteral, zone: &Zone) -> Result<i64, QueryError> {
    let (hour, minute, second) = d.time.unwrap_or((0, 0, 0));
    let civil = Civil {
        year: d.year,
        month: u32::from(d.month.unwrap_or(1)),
        day: u32::from(d.day.unwrap_or(1)),
        hour: u32::from(hour),
        minute: u32::from(minute),
        second: u32::from(second),
    };
    let impossible = || {
        bad(format!(
            "impossible date {:04}-{:02}-{:02}",
            civil.year, civil.month, civil.day
        ))
    };
    match d.offset_minutes {
        Some(minutes) => Zone::utc()
            .instant_of(civil)
            .map(|t| t - i64::from(minutes) * 60)
            .ok_or_else(impossible),
        None => zone.instant_of(civil).ok_or_else(impossible),
    }
}

/// The `YYYY-MM-DD` day of an instant in `zone`.
fn civil_day(unix: i64, zone: &Zone) -> String {
    zone.civil_of(unix).map_or_else(String::new, |c| {
        format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
    })
}

/// Wall-clock seconds as `YYYY-MM-DDTHH:MM:SS` text.
pub(crate) fn local_datetime_text(local: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("strftime('%Y-%m-%dT%H:%M:%S', {local}, 'unixepoch')"),
        Backend::Postgres => format!(
            "to_char(to_timestamp({local}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        ),
    }
}

/// A piece of a `date_format` pattern.
enum DatePart {
    /// Plain formatting: the SQLite and the PostgreSQL spelling.
    Format(String, String),
    /// The month's name.
    Month,
    /// The weekday's name.
    Weekday,
}

/// A number written in the query: `50`, `2.5`, `-3`.
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

fn number_literal(e: &Expr) -> Option<f64> {
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

/// A float as text, integral values keeping their `.0` on both backends (as SQLite and the
/// JSON exports write them; PostgreSQL would write `2`).
pub(crate) fn double_text(expr: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("CAST({expr} AS TEXT)"),
        Backend::Postgres => format!(
            "CASE WHEN {expr} = floor({expr}) AND abs({expr}) < 1e15 THEN CAST(CAST({expr} AS BIGINT) AS TEXT) || '.0' ELSE CAST({expr} AS TEXT) END"
        ),
    }
}

/// The rows, filtered, with for each ranked expression its rank among the non-null values
/// of the row's group (`prK`, from 1) and their number (`pnK`): what `percentile` reads.
fn percentile_source(
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
mod dates;
#[cfg(test)]
mod dialect;
#[cfg(test)]
mod expr;
#[cfg(test)]
mod functions;
#[cfg(test)]
mod search;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
