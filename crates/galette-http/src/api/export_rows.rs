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
use galette_core::dataset::civil_from_days;
use galette_core::explore::timezone::Zone;
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
/// Rows one thread writes at a time; threads write successive blocks side by side, which
/// are then sent in order.
const BLOCK_ROWS: usize = 16 * 1024;

/// Where an output column's cells come from.
enum Source<'a> {
    Column(&'a Column),
    RowId,
}

/// Writes the rows of `ordered` in `format` into `tx`; runs on a blocking thread (and, for
/// many rows, on helpers of its own while it waits for none of them: a window of blocks is
/// written, then sent, then the next).
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
            galette_core::canonical_json::write_string(name, &mut key);
            key.push(':');
            key
        })
        .collect();
    let line = Line {
        sources: &sources,
        keys: &keys,
        names: &ordered.outputs,
        table: &ordered.table,
        format,
        style,
        backend,
        zone: &ordered.zone,
    };
    let threads = if ordered.rows.len() > BLOCK_ROWS {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    } else {
        1
    };
    let mut first = 0;
    for window in ordered.rows.chunks(BLOCK_ROWS * threads) {
        let blocks: Vec<(usize, &[u32])> = window
            .chunks(BLOCK_ROWS)
            .enumerate()
            .map(|(i, block)| (first + i * BLOCK_ROWS, block))
            .collect();
        first += window.len();
        let written: Vec<Vec<(String, u64)>> = match blocks.as_slice() {
            [(start, block)] => vec![line.block(*start, block)],
            _ => std::thread::scope(|scope| {
                let handles: Vec<_> = blocks
                    .iter()
                    .map(|(start, block)| {
                        let line = &line;
                        scope.spawn(move || line.block(*start, block))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            }),
        };
        for (text, rows) in written.into_iter().flatten() {
            if tx.blocking_send(Ok(Item::Written(text, rows))).is_err() {
                return;
            }
        }
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
    /// Each output's key in a JSON object, as `"name":`.
    keys: &'a [String],
    names: &'a [(String, RecordOutput)],
    table: &'a Table,
    format: Format,
    style: CsvStyle,
    backend: Backend,
    zone: &'a Zone,
}

impl Line<'_> {
    /// The text of `rows`, the first of which is the export's row `start`, in pieces of
    /// about [`BATCH_BYTES`] with how many rows each holds.
    fn block(&self, start: usize, rows: &[u32]) -> Vec<(String, u64)> {
        let table = self.table;
        let mut pieces = Vec::new();
        let mut out = String::with_capacity(BATCH_BYTES + 4096);
        let mut count = 0u64;
        for (i, row) in rows.iter().enumerate() {
            let row = *row as usize;
            let not_first = start + i > 0;
            match self.format {
                Format::Csv => self.csv(table, row, &mut out),
                Format::Json | Format::Jsonl => {
                    if self.format == Format::Json && not_first {
                        out.push(',');
                    }
                    self.json(table, row, self.keys, &mut out);
                    if self.format == Format::Jsonl {
                        out.push('\n');
                    }
                }
                Format::GeoJson => {
                    if not_first {
                        out.push(',');
                    }
                    let record = ExploreRow(
                        self.names
                            .iter()
                            .zip(self.sources)
                            .map(|((name, _), source)| {
                                (name.clone(), self.value(table, row, source))
                            })
                            .collect(),
                    );
                    geojson_feature(&record, &mut out);
                }
                Format::Parquet => {}
            }
            count += 1;
            if out.len() >= BATCH_BYTES {
                let full = std::mem::replace(&mut out, String::with_capacity(BATCH_BYTES + 4096));
                pieces.push((full, count));
                count = 0;
            }
        }
        if count > 0 {
            pieces.push((out, count));
        }
        pieces
    }

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
                Cell::Int(v) => out.push_str(itoa::Buffer::new().format(v)),
                Cell::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                Cell::Datetime(t) => iso(self.zone, t, out),
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
                Cell::Int(v) => out.push_str(itoa::Buffer::new().format(v)),
                Cell::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                Cell::Datetime(t) => {
                    out.push('"');
                    iso(self.zone, t, out);
                    out.push('"');
                }
                Cell::Double(x) => json_double(x, out),
                Cell::Text(text) => galette_core::canonical_json::write_string(text, out),
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

/// Instants whose local year is between 1 and 9998 in every zone (a day's margin at both
/// ends): their ISO text has four-digit years.
pub(super) const ISO_FROM: i64 = -62_135_596_800 + 86_400;
pub(super) const ISO_TO: i64 = 253_402_300_800 - 2 * 86_400;

/// `zone.iso(t)` (ISO 8601 in the zone, with its offset), written without allocating.
fn iso(zone: &Zone, t: i64, out: &mut String) {
    if !(ISO_FROM..ISO_TO).contains(&t) {
        out.push_str(&zone.iso(t));
        return;
    }
    let offset = if zone.is_utc() { 0 } else { zone.offset_at(t) };
    let local = t + i64::from(offset);
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let second = local.rem_euclid(86_400);
    let two = |out: &mut String, n: i64| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    two(out, year / 100);
    two(out, year % 100);
    out.push('-');
    two(out, month);
    out.push('-');
    two(out, day);
    out.push('T');
    two(out, second / 3600);
    out.push(':');
    two(out, second % 3600 / 60);
    out.push(':');
    two(out, second % 60);
    let minutes = i64::from(offset.unsigned_abs() / 60);
    out.push(if offset < 0 { '-' } else { '+' });
    two(out, minutes / 60);
    out.push(':');
    two(out, minutes % 60);
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
    fn instants_are_written_as_the_zone_writes_them() {
        let zones = ["UTC", "America/Mexico_City", "Asia/Kolkata", "Europe/Paris"];
        for name in zones {
            let zone = Zone::parse(name).unwrap();
            let mut t = ISO_FROM;
            while t < ISO_TO {
                let mut out = String::new();
                iso(&zone, t, &mut out);
                assert_eq!(out, zone.iso(t), "{name} {t}");
                t += 97_654_321;
            }
            for t in [-2_208_988_800 - 1, 0, 1_711_846_800, 4_102_444_800] {
                let mut out = String::new();
                iso(&zone, t, &mut out);
                assert_eq!(out, zone.iso(t), "{name} {t}");
            }
        }
    }

    /// Rows written by several threads, block by block, are the rows one thread writes.
    #[test]
    fn blocks_written_side_by_side_come_out_in_order() {
        use galette_columnar::TableBuilder;
        use galette_columnar::column::Kind;
        let rows = 3 * BLOCK_ROWS + 123;
        let mut b = TableBuilder::new(&[Kind::Int, Kind::Text]);
        for i in 0..rows {
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_int(Some(i as i64 * 3)).unwrap();
            b.columns_mut()[1]
                .push_text(Some(["a;b", "c\"d", "e"][i % 3]))
                .unwrap();
        }
        let ordered = Ordered {
            table: std::sync::Arc::new(b.finish().unwrap()),
            outputs: vec![
                ("n".into(), RecordOutput::Column(0)),
                ("t".into(), RecordOutput::Column(1)),
                ("id".into(), RecordOutput::RowId),
            ],
            zone: Zone::utc(),
            rows: (0..rows as u32).rev().collect(),
        };
        let style = CsvStyle {
            delimiter: ';',
            quote_all: false,
        };
        for format in [Format::Csv, Format::Json, Format::Jsonl] {
            let (tx, mut rx) = mpsc::channel(2);
            let written = std::thread::scope(|scope| {
                scope.spawn(|| write(&ordered, format, style, Backend::Sqlite, &tx));
                let mut text = String::new();
                let mut count = 0;
                let mut pieces = 0;
                while count < rows as u64 {
                    let Some(Ok(Item::Written(piece, n))) = rx.blocking_recv() else {
                        panic!("not a piece of text")
                    };
                    text.push_str(&piece);
                    count += n;
                    pieces += 1;
                }
                assert!(pieces > 4);
                text
            });
            let sources = sources(&ordered).unwrap();
            let keys = ["\"n\":", "\"t\":", "\"id\":"].map(str::to_owned);
            let line = Line {
                sources: &sources,
                keys: &keys,
                names: &ordered.outputs,
                table: &ordered.table,
                format,
                style,
                backend: Backend::Sqlite,
                zone: &ordered.zone,
            };
            let alone: String = line
                .block(0, &ordered.rows)
                .into_iter()
                .map(|(text, _)| text)
                .collect();
            assert!(written == alone);
            assert!(alone.starts_with(match format {
                Format::Csv => "147822;e;49275\r\n147819;\"c\"\"d\";49274\r\n",
                _ => "{\"n\":147822,\"t\":\"e\",\"id\":49275}",
            }));
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in ["plain", "é\"\\ / \u{7f}", "\n\r\t\u{8}\u{c}\u{1}\u{1f}", ""] {
            let mut out = String::new();
            galette_core::canonical_json::write_string(text, &mut out);
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
        for x in [0.0, -0.0, 1.5, 1e20, 1e-7, 2.0, f64::MAX, f64::NAN] {
            let mut out = String::new();
            json_double(x, &mut out);
            assert_eq!(out, serde_json::to_string(&Value::from(x)).unwrap(), "{x}");
        }
    }
}
