//! Exports answered from a columnar copy (issue 14): the rows the engine chose, written from
//! the columns straight into CSV, JSON, JSONL or GeoJSON on a blocking thread, and sent in
//! batches through the export's bounded channel (a slow client holds the thread back; a
//! client gone stops it). The bytes are the SQL path's: CSV cells as the database builds
//! them (`galette_store::explore::csv_lines_sql`, floats through `write_double`), JSON
//! values as `serde_json` writes the SQL path's records.
//!
//! Owns the formats of an export and what flows from the rows to the response's writer
//! (`api::exports`).

use crate::columnar::Ordered;
use galette_columnar::cell::{self, Cell};
use galette_columnar::column::Column;
use galette_columnar::{ExecError, RecordOutput, Table};
use galette_store::explore::{CsvStyle, ExploreRow, write_double};
use galette_store::{Backend, StoreError};
use serde_json::{Map, Value};
use std::fmt::Write;
use tokio::sync::mpsc;

/// What flows to the writer: records, CSV lines the database built, or rows already
/// written from a columnar copy (their text, and how many rows it holds).
pub(super) enum Item {
    Row(ExploreRow),
    Line(String),
    Written(String, u64),
}

impl From<ExploreRow> for Item {
    fn from(row: ExploreRow) -> Self {
        Item::Row(row)
    }
}

impl From<String> for Item {
    fn from(line: String) -> Self {
        Item::Line(line)
    }
}

/// An export's format.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    Json,
    Jsonl,
    GeoJson,
    Parquet,
}

/// Bytes gathered before a batch is sent.
const BATCH_BYTES: usize = 64 * 1024;

/// Where an output column's cells come from.
enum Source<'a> {
    Column(&'a Column),
    RowId,
}

/// Writes the rows of `ordered` in `format` into `tx`; runs on a blocking thread.
pub(super) fn write(
    ordered: &Ordered,
    format: Format,
    style: CsvStyle,
    backend: Backend,
    tx: &mpsc::Sender<Result<Item, StoreError>>,
) {
    let sources = match sources(ordered) {
        Ok(sources) => sources,
        Err(e) => {
            let _ = tx.blocking_send(Err(StoreError::Invalid(e.to_string())));
            return;
        }
    };
    // Each key written once, as `"name":`.
    let keys: Vec<String> = ordered
        .outputs
        .iter()
        .map(|(name, _)| {
            let mut key = String::new();
            json_string(name, &mut key);
            key.push(':');
            key
        })
        .collect();
    let line = Line {
        sources: &sources,
        style,
        backend,
        zone: &ordered.zone,
    };
    let mut out = String::with_capacity(BATCH_BYTES + 4096);
    let mut batch = 0u64;
    for (i, row) in ordered.rows.iter().enumerate() {
        let row = *row as usize;
        let table = &ordered.table;
        match format {
            Format::Csv => line.csv(table, row, &mut out),
            Format::Json | Format::Jsonl => {
                if format == Format::Json && i > 0 {
                    out.push(',');
                }
                line.json(table, row, &keys, &mut out);
                if format == Format::Jsonl {
                    out.push('\n');
                }
            }
            Format::GeoJson => {
                if i > 0 {
                    out.push(',');
                }
                let record = ExploreRow(
                    ordered
                        .outputs
                        .iter()
                        .zip(&sources)
                        .map(|((name, _), source)| (name.clone(), line.value(table, row, source)))
                        .collect(),
                );
                geojson_feature(&record, &mut out);
            }
            Format::Parquet => {}
        }
        batch += 1;
        if out.len() >= BATCH_BYTES {
            let full = std::mem::replace(&mut out, String::with_capacity(BATCH_BYTES + 4096));
            if tx.blocking_send(Ok(Item::Written(full, batch))).is_err() {
                return;
            }
            batch = 0;
        }
    }
    if batch > 0 {
        let _ = tx.blocking_send(Ok(Item::Written(out, batch)));
    }
}

fn sources(ordered: &Ordered) -> Result<Vec<Source<'_>>, ExecError> {
    ordered
        .outputs
        .iter()
        .map(|(_, output)| match output {
            RecordOutput::Column(c) => ordered.table.column(*c).map(Source::Column),
            RecordOutput::RowId => Ok(Source::RowId),
        })
        .collect()
}

/// How a row's cells are written.
struct Line<'a> {
    sources: &'a [Source<'a>],
    style: CsvStyle,
    backend: Backend,
    zone: &'a galette_core::explore::timezone::Zone,
}

impl Line<'_> {
    /// A cell of a column, or the record id.
    fn get<'t>(table: &Table, row: usize, source: &Source<'t>) -> Cell<'t> {
        match source {
            Source::Column(column) => cell::get(column, row),
            Source::RowId => Cell::Int(table.rid(row)),
        }
    }

    /// The CSV line of a row, with its line end.
    fn csv(&self, table: &Table, row: usize, out: &mut String) {
        for (i, source) in self.sources.iter().enumerate() {
            if i > 0 {
                out.push(self.style.delimiter);
            }
            match Self::get(table, row, source) {
                Cell::Null => {}
                Cell::Int(v) => {
                    let _ = write!(out, "{v}");
                }
                Cell::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                Cell::Datetime(t) => out.push_str(&self.zone.iso(t)),
                Cell::Double(x) => write_double(x, self.backend, out),
                Cell::Text(text) => self.quoted(text, out),
                Cell::Point { lat, lon } => {
                    let mut pair = String::new();
                    write_double(lat, self.backend, &mut pair);
                    pair.push_str(", ");
                    write_double(lon, self.backend, &mut pair);
                    self.quoted(&pair, out);
                }
            }
        }
        out.push_str("\r\n");
    }

    /// A text cell, quoted when RFC 4180 needs it (always with `quote_all`).
    fn quoted(&self, text: &str, out: &mut String) {
        let needs = self.style.quote_all || text.contains([self.style.delimiter, '"', '\n', '\r']);
        if !needs {
            out.push_str(text);
            return;
        }
        out.push('"');
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    }

    /// The JSON object of a row.
    fn json(&self, table: &Table, row: usize, keys: &[String], out: &mut String) {
        out.push('{');
        for (i, (source, key)) in self.sources.iter().zip(keys).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(key);
            match Self::get(table, row, source) {
                Cell::Null => out.push_str("null"),
                Cell::Int(v) => {
                    let _ = write!(out, "{v}");
                }
                Cell::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                Cell::Datetime(t) => json_string(&self.zone.iso(t), out),
                Cell::Double(x) => json_double(x, out),
                Cell::Text(text) => json_string(text, out),
                // As `serde_json` writes the object the SQL path builds: keys sorted.
                Cell::Point { lat, lon } => {
                    out.push_str("{\"lat\":");
                    json_double(lat, out);
                    out.push_str(",\"lon\":");
                    json_double(lon, out);
                    out.push('}');
                }
            }
        }
        out.push('}');
    }

    /// A cell as the SQL path's JSON value.
    fn value(&self, table: &Table, row: usize, source: &Source<'_>) -> Value {
        match source {
            Source::Column(column) => cell::json(column, row, self.zone),
            Source::RowId => Value::from(table.rid(row)),
        }
    }
}

/// A float as `serde_json` writes it (null when not finite).
fn json_double(x: f64, out: &mut String) {
    match serde_json::Number::from_f64(x) {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.push_str("null"),
    }
}

/// A JSON string as `serde_json` writes it: quotes, backslashes and control characters
/// escaped, everything else as is.
fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A record as a GeoJSON feature: its first point is the geometry, the other values its
/// properties.
pub(super) fn geojson_feature(row: &ExploreRow, out: &mut String) {
    let point = row
        .0
        .iter()
        .find(|(_, v)| v.get("lon").is_some() && v.get("lat").is_some());
    let geometry = point.map_or(
        Value::Null,
        |(_, v)| serde_json::json!({"type": "Point", "coordinates": [v["lon"], v["lat"]]}),
    );
    let properties: Map<String, Value> = row
        .0
        .iter()
        .filter(|(k, _)| point.is_none_or(|(pk, _)| pk != k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let feature =
        serde_json::json!({"type": "Feature", "geometry": geometry, "properties": properties});
    out.push_str(&feature.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in ["plain", "é\"\\ / \u{7f}", "\n\r\t\u{8}\u{c}\u{1}\u{1f}", ""] {
            let mut out = String::new();
            json_string(text, &mut out);
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
        for x in [0.0, -0.0, 1.5, 1e20, 1e-7, 2.0, f64::MAX, f64::NAN] {
            let mut out = String::new();
            json_double(x, &mut out);
            assert_eq!(out, serde_json::to_string(&Value::from(x)).unwrap(), "{x}");
        }
    }
}
