//! The request model of a records query and what compiling it gives: the parsed request
//! (`RecordsQuery`), the compiled statement (`Compiled`, its `Param`s and output columns),
//! and `QueryError`, the 400 a client reads when a query cannot run.

use galette_core::explore::odsql::{Expr, GroupItem, OrderItem, SelectItem, SelectList};
use galette_core::explore::timezone::Zone;

/// What a records request asks for, parsed.
#[derive(Debug, Default)]
pub struct RecordsQuery {
    /// `select` (None = every field).
    pub select: Option<SelectList>,
    /// `where` clauses, AND-ed.
    pub wheres: Vec<Expr>,
    /// `group_by` items.
    pub group_by: Vec<GroupItem>,
    /// `order_by` items.
    pub order_by: Vec<OrderItem>,
    /// `refine` facet:value pairs.
    pub refine: Vec<(String, String)>,
    /// `exclude` facet:value pairs.
    pub exclude: Vec<(String, String)>,
    /// Rows to return (`None`: all).
    pub limit: Option<u64>,
    /// Rows to skip.
    pub offset: u64,
    /// Only the row with this record id (`records/{record_id}`).
    pub record_id: Option<i64>,
    /// The zone datetimes are read and written in (`timezone`, UTC by default).
    pub timezone: Zone,
    /// The instant `now()` stands for (Unix seconds), fixed once per request.
    pub now: i64,
    /// The language of `date_format`'s month and day names (`lang`; English if empty).
    pub lang: String,
    /// Add each row's record id as a last column named [`RECORD_ID_COLUMN`] (ungrouped
    /// queries only), for links to the records.
    pub with_record_ids: bool,
}

/// The output name of the record id column (`RecordsQuery::with_record_ids`); no ODSQL
/// alias can take it.
pub const RECORD_ID_COLUMN: &str = "\u{0}record_id";

impl RecordsQuery {
    /// Whether this asks for every row and field in import order, untouched.
    pub fn is_whole_dataset(&self) -> bool {
        matches!(self.select, None | Some(SelectList::Star))
            && self.wheres.is_empty()
            && self.group_by.is_empty()
            && self.order_by.is_empty()
            && self.refine.is_empty()
            && self.exclude.is_empty()
            && self.limit.is_none()
            && self.offset == 0
            && self.record_id.is_none()
            && self.timezone.is_utc()
    }

    /// How many rows have each value of `field` under `filters`' where/refine/exclude, most
    /// frequent first (ties by value), as rows `{value, count}`: the facets of the API and
    /// of the explorer.
    pub fn value_counts(field: &str, filters: &RecordsQuery, limit: u64) -> RecordsQuery {
        let count = Expr::Call {
            name: "count".into(),
            args: vec![Expr::Star],
            distinct: false,
        };
        RecordsQuery {
            select: Some(SelectList::Items(vec![SelectItem {
                expr: count,
                alias: Some("count".into()),
                text: "count(*)".into(),
            }])),
            wheres: filters.wheres.clone(),
            group_by: vec![GroupItem {
                expr: Expr::Field(field.to_owned()),
                alias: Some("value".into()),
                text: field.to_owned(),
            }],
            order_by: vec![
                OrderItem {
                    expr: Expr::Field("count".into()),
                    descending: true,
                },
                OrderItem {
                    expr: Expr::Field("value".into()),
                    descending: false,
                },
            ],
            refine: filters.refine.clone(),
            exclude: filters.exclude.clone(),
            limit: Some(limit),
            offset: 0,
            record_id: None,
            timezone: filters.timezone.clone(),
            now: filters.now,
            lang: filters.lang.clone(),
            with_record_ids: false,
        }
    }
}

/// The type of a compiled expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlType {
    /// Text.
    Text,
    /// 64-bit integer.
    Int,
    /// Floating point.
    Double,
    /// Boolean (0/1 in storage).
    Boolean,
    /// A SQL condition (comparison, search…): usable as is in WHERE, so indexes apply.
    Predicate,
    /// `YYYY-MM-DD` text.
    Date,
    /// Unix seconds.
    Datetime,
    /// A point (two columns).
    Point,
    /// The null literal.
    Null,
}

/// A column of the result, under its output name.
#[derive(Clone, Debug)]
pub struct OutputColumn {
    /// Key in the JSON record.
    pub name: String,
    /// How to read it back.
    pub sql_type: SqlType,
}

/// A compiled query: the row query, its count query and their parameters.
#[derive(Debug)]
pub struct Compiled {
    /// `SELECT … LIMIT … OFFSET …`.
    pub sql: String,
    /// `SELECT COUNT(*) …` of the same rows (or groups).
    pub count_sql: String,
    /// Parameters of both (the count query uses a prefix of them).
    pub params: Vec<Param>,
    /// Parameters the count query needs.
    pub count_params: usize,
    /// Output columns in order.
    pub columns: Vec<OutputColumn>,
    /// The SQL of each output column (two for a point: latitude, longitude).
    pub column_sql: Vec<Vec<String>>,
    /// Everything after the select list: `FROM … WHERE … GROUP BY … ORDER BY … LIMIT …`.
    pub tail: String,
    /// The zone datetimes are written in.
    pub zone: Zone,
    /// The page asked for: rows at most (`None`: all) after skipping `offset`.
    pub limit: Option<u64>,
    /// Rows skipped.
    pub offset: u64,
}

/// A bound value.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Float.
    Double(f64),
}

/// Why a query cannot run; the message is shown to the API client.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QueryError {
    /// A bad ODSQL expression (400 `ODSQLError`).
    #[error("ODSQL query is malformed: {0}")]
    Odsql(String),
    /// A query past one of the cost limits (400 `InvalidRESTParameterError`); the message
    /// names the limit.
    #[error("the query is too costly: {0}")]
    TooCostly(String),
}

pub(super) fn bad(message: impl Into<String>) -> QueryError {
    QueryError::Odsql(message.into())
}
