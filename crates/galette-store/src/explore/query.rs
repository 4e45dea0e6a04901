//! What compiling a records query gives: the compiled statement (`Compiled`, its `Param`s
//! and output columns), and `QueryError`, the 400 a client reads when a query cannot run.
//! The request model itself, free of SQL, is `galette_core::explore::request`.

use crate::Backend;
pub use galette_core::explore::request::{RECORD_ID_COLUMN, RecordsQuery};
use galette_core::explore::timezone::Zone;

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
    /// The dialect it was compiled for.
    pub backend: Backend,
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
