//! A cell as the Explore API writes it (explore-api §4): text and dates as strings,
//! booleans as `true`/`false`, datetimes as ISO 8601 in the request's zone with their
//! offset, points as `{"lon", "lat"}`, nulls as null. The same rules as the SQL path's.

use crate::column::{Column, Data, Kind};
use galette_core::explore::timezone::Zone;
use serde_json::Value;
use std::cmp::Ordering;

/// Row `row` of `column` as JSON.
pub fn json(column: &Column, row: usize, zone: &Zone) -> Value {
    if column.is_null(row) {
        return Value::Null;
    }
    match &column.data {
        Data::Int(values) => {
            let Some(v) = values.get(row) else {
                return Value::Null;
            };
            match column.kind {
                Kind::Boolean => Value::Bool(v != 0),
                Kind::Datetime => Value::String(zone.iso(v)),
                _ => Value::from(v),
            }
        }
        Data::Double(values) => values.get(row).copied().map_or(Value::Null, Value::from),
        Data::Dict { codes, values } => codes
            .get(row)
            .and_then(|c| values.get(c as usize))
            .map_or(Value::Null, |v| Value::String(v.to_string())),
        Data::Point { lat, lon } => match (lat.get(row), lon.get(row)) {
            (Some(lat), Some(lon)) => {
                let mut point = serde_json::Map::new();
                point.insert("lon".into(), Value::from(*lon));
                point.insert("lat".into(), Value::from(*lat));
                Value::Object(point)
            }
            _ => Value::Null,
        },
    }
}

/// A cell as it is held, for writers of formats other than JSON (CSV text, Parquet values):
/// nothing is allocated to read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    /// Null.
    Null,
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A datetime, in Unix seconds.
    Datetime(i64),
    /// A float.
    Double(f64),
    /// Text, or a `YYYY-MM-DD` date.
    Text(&'a str),
    /// A point.
    Point {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
}

/// Row `row` of `column`.
pub fn get(column: &Column, row: usize) -> Cell<'_> {
    if column.is_null(row) {
        return Cell::Null;
    }
    match &column.data {
        Data::Int(values) => match (values.get(row), column.kind) {
            (None, _) => Cell::Null,
            (Some(v), Kind::Boolean) => Cell::Bool(v != 0),
            (Some(v), Kind::Datetime) => Cell::Datetime(v),
            (Some(v), _) => Cell::Int(v),
        },
        Data::Double(values) => values.get(row).copied().map_or(Cell::Null, Cell::Double),
        Data::Dict { codes, values } => codes
            .get(row)
            .and_then(|c| values.get(c as usize))
            .map_or(Cell::Null, |v| Cell::Text(v)),
        Data::Point { lat, lon } => match (lat.get(row), lon.get(row)) {
            (Some(lat), Some(lon)) => Cell::Point {
                lat: *lat,
                lon: *lon,
            },
            _ => Cell::Null,
        },
    }
}

/// Orders two non-null cells of one column (text by code point, through the codes).
pub fn compare(column: &Column, a: usize, b: usize) -> Ordering {
    match &column.data {
        Data::Int(v) => v.get(a).cmp(&v.get(b)),
        Data::Double(v) => match (v.get(a), v.get(b)) {
            (Some(x), Some(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
            _ => Ordering::Equal,
        },
        Data::Dict { codes, .. } => codes.get(a).cmp(&codes.get(b)),
        Data::Point { .. } => Ordering::Equal,
    }
}

/// Orders two cells, nulls last whichever the direction.
pub fn compare_nulls_last(column: &Column, a: usize, b: usize, descending: bool) -> Ordering {
    match (column.is_null(a), column.is_null(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => {
            let o = compare(column, a, b);
            if descending { o.reverse() } else { o }
        }
    }
}
