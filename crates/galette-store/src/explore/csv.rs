//! CSV lines assembled by the database (explore-api §7): one text value per row crosses the
//! driver instead of one per cell, which is what makes large exports fast.
//!
//! Cells follow RFC 4180: a text containing the delimiter, a quote or a line break is
//! quoted (every text with `quote_all`); nulls are empty; datetimes are ISO 8601 in the
//! request's zone, with its offset.

use super::compile::{double_text, local_datetime_text};
use super::query::{Compiled, SqlType};
use super::zones::{local_seconds, offset_text_sql};
use crate::Backend;
use galette_core::explore::timezone::Offsets;

/// How to write the cells.
#[derive(Clone, Copy, Debug)]
pub struct CsvStyle {
    /// One of `;` `,` `|` or tab.
    pub delimiter: char,
    /// Quote every text cell.
    pub quote_all: bool,
}

/// The query giving, for each row of `compiled`, its CSV line (without line end).
pub fn csv_lines_sql(compiled: &Compiled, backend: Backend, style: CsvStyle) -> String {
    let separator = format!(" || {} || ", char_sql(style.delimiter, backend));
    let offsets = compiled.zone.offsets();
    let cells: Vec<String> = compiled
        .columns
        .iter()
        .zip(&compiled.column_sql)
        .map(|(column, sql)| cell(column.sql_type, sql, backend, style, offsets))
        .collect();
    let line = if cells.is_empty() {
        "''".to_owned()
    } else {
        cells.join(&separator)
    };
    format!("SELECT {line} AS line{}", compiled.tail)
}

fn char_sql(c: char, backend: Backend) -> String {
    let code = u32::from(c);
    match backend {
        Backend::Sqlite => format!("char({code})"),
        Backend::Postgres => format!("chr({code})"),
    }
}

fn text(expr: &str) -> String {
    format!("CAST({expr} AS TEXT)")
}

/// A text cell, quoted when RFC 4180 needs it.
fn quoted(expr: &str, backend: Backend, style: CsvStyle) -> String {
    let contains = |c: char| match backend {
        Backend::Sqlite => format!("instr({expr}, {}) > 0", char_sql(c, backend)),
        Backend::Postgres => format!("strpos({expr}, {}) > 0", char_sql(c, backend)),
    };
    let needs = if style.quote_all {
        "1 = 1".to_owned()
    } else {
        [style.delimiter, '"', '\n', '\r']
            .map(contains)
            .join(" OR ")
    };
    format!(
        "CASE WHEN {expr} IS NULL THEN '' WHEN {needs} THEN '\"' || replace({expr}, '\"', '\"\"') || '\"' ELSE {expr} END"
    )
}

fn cell(
    sql_type: SqlType,
    sql: &[String],
    backend: Backend,
    style: CsvStyle,
    offsets: &Offsets,
) -> String {
    let first = sql.first().map_or("NULL", String::as_str);
    match sql_type {
        SqlType::Text | SqlType::Date => quoted(&text(first), backend, style),
        SqlType::Int => format!("COALESCE({}, '')", text(first)),
        SqlType::Double => format!("COALESCE({}, '')", double_text(first, backend)),
        SqlType::Boolean | SqlType::Predicate => {
            format!(
                "CASE WHEN {first} IS NULL THEN '' WHEN {first} <> 0 THEN 'true' ELSE 'false' END"
            )
        }
        SqlType::Datetime => {
            let wall = local_datetime_text(&local_seconds(first, offsets), backend);
            format!(
                "COALESCE({wall} || {}, '')",
                offset_text_sql(first, offsets)
            )
        }
        SqlType::Point => {
            let lon = sql.get(1).map_or("NULL", String::as_str);
            let pair = format!(
                "{} || ', ' || {}",
                double_text(first, backend),
                double_text(lon, backend)
            );
            quoted(&format!("({pair})"), backend, style)
        }
        SqlType::Null => "''".to_owned(),
    }
}
