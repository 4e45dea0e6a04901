//! `exports/parquet`: the rows of an export as an Apache Parquet file, written as they
//! arrive from the store in row groups of [`GROUP_ROWS`] and sent in chunks, so memory stays
//! bounded by one row group whatever the dataset's size.
//!
//! Types follow the Explore API's: text as UTF-8 strings, integers as INT64, floats as
//! DOUBLE, booleans as BOOLEAN, dates as DATE, datetimes as UTC instants (TIMESTAMP in
//! milliseconds), points as a group of `lon` and `lat`; every column may be null.

use super::export_rows::{ISO_FROM, ISO_TO};
use crate::columnar::Ordered;
use galette_columnar::RecordOutput;
use galette_columnar::cell::{self, Cell};
use galette_columnar::column::Data;
use galette_core::dataset::{parse_date, parse_datetime};
use galette_core::explore::timezone::Zone;
use galette_store::StoreError;
use galette_store::explore::{ExploreRow, OutputColumn, SqlType};
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{
    SerializedColumnWriter, SerializedFileWriter, SerializedRowGroupWriter,
};
use parquet::schema::types::Type;
use serde_json::Value;
use std::io::Write;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Rows per row group.
pub const GROUP_ROWS: usize = 65_536;
/// Bytes gathered before a body chunk is sent.
const SEND_BYTES: usize = 256 * 1024;

/// The body chunks of the file.
pub type Chunks = mpsc::Sender<Result<axum::body::Bytes, std::io::Error>>;

/// Where the file goes: body chunks, sent as they fill.
struct Sink {
    buffer: Vec<u8>,
    out: Chunks,
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= SEND_BYTES {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = axum::body::Bytes::from(std::mem::take(&mut self.buffer));
        self.out.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

/// One column's values in the row group being gathered.
enum Values {
    Text(Vec<ByteArray>),
    Int(Vec<i64>),
    Double(Vec<f64>),
    Bool(Vec<bool>),
    Date(Vec<i32>),
    Millis(Vec<i64>),
    Point(Vec<f64>, Vec<f64>),
}

/// A column being gathered: its values (nulls left out) and a definition level per row.
struct Gathered {
    values: Values,
    levels: Vec<i16>,
}

fn leaf(
    name: &str,
    physical: Physical,
    logical: Option<LogicalType>,
    repetition: Repetition,
) -> Result<Arc<Type>, ParquetError> {
    Ok(Arc::new(
        Type::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()?,
    ))
}

/// The file's schema for these output columns.
pub fn schema(columns: &[OutputColumn]) -> Result<Arc<Type>, ParquetError> {
    let mut fields = Vec::new();
    for c in columns {
        let optional = Repetition::OPTIONAL;
        fields.push(match c.sql_type {
            SqlType::Text | SqlType::Null => leaf(
                &c.name,
                Physical::BYTE_ARRAY,
                Some(LogicalType::String),
                optional,
            )?,
            SqlType::Int => leaf(&c.name, Physical::INT64, None, optional)?,
            SqlType::Double => leaf(&c.name, Physical::DOUBLE, None, optional)?,
            SqlType::Boolean | SqlType::Predicate => {
                leaf(&c.name, Physical::BOOLEAN, None, optional)?
            }
            SqlType::Date => leaf(&c.name, Physical::INT32, Some(LogicalType::Date), optional)?,
            SqlType::Datetime => leaf(
                &c.name,
                Physical::INT64,
                Some(LogicalType::timestamp(true, TimeUnit::MILLIS)),
                optional,
            )?,
            SqlType::Point => Arc::new(
                Type::group_type_builder(&c.name)
                    .with_repetition(optional)
                    .with_fields(vec![
                        leaf("lon", Physical::DOUBLE, None, Repetition::REQUIRED)?,
                        leaf("lat", Physical::DOUBLE, None, Repetition::REQUIRED)?,
                    ])
                    .build()?,
            ),
        });
    }
    Ok(Arc::new(
        Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?,
    ))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn epoch_days(text: &str) -> Option<i32> {
    i32::try_from(parse_date(text)?).ok()
}

/// Milliseconds since the epoch of an ISO 8601 instant with its offset, as the API writes
/// them (`2013-01-09T09:00:00-05:00`).
fn epoch_millis(text: &str) -> Option<i64> {
    parse_datetime(text)?.checked_mul(1000)
}

impl Gathered {
    fn new(t: SqlType) -> Gathered {
        let values = match t {
            SqlType::Text | SqlType::Null => Values::Text(Vec::new()),
            SqlType::Int => Values::Int(Vec::new()),
            SqlType::Double => Values::Double(Vec::new()),
            SqlType::Boolean | SqlType::Predicate => Values::Bool(Vec::new()),
            SqlType::Date => Values::Date(Vec::new()),
            SqlType::Datetime => Values::Millis(Vec::new()),
            SqlType::Point => Values::Point(Vec::new(), Vec::new()),
        };
        Gathered {
            values,
            levels: Vec::new(),
        }
    }

    /// Adds one cell; a value that does not read as the column's type is written null.
    fn push(&mut self, value: &Value) {
        let present = match (&mut self.values, value) {
            (_, Value::Null) => false,
            (Values::Text(v), Value::String(s)) => {
                v.push(ByteArray::from(s.as_str()));
                true
            }
            (Values::Text(v), other) => {
                v.push(ByteArray::from(other.to_string().as_str()));
                true
            }
            (Values::Int(v), Value::Number(n)) => n.as_i64().map(|i| v.push(i)).is_some(),
            (Values::Double(v), Value::Number(n)) => n.as_f64().map(|x| v.push(x)).is_some(),
            (Values::Bool(v), Value::Bool(b)) => {
                v.push(*b);
                true
            }
            (Values::Date(v), Value::String(s)) => epoch_days(s).map(|d| v.push(d)).is_some(),
            (Values::Millis(v), Value::String(s)) => epoch_millis(s).map(|m| v.push(m)).is_some(),
            (Values::Point(lon, lat), Value::Object(point)) => {
                match (
                    point.get("lon").and_then(Value::as_f64),
                    point.get("lat").and_then(Value::as_f64),
                ) {
                    (Some(x), Some(y)) => {
                        lon.push(x);
                        lat.push(y);
                        true
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        self.levels.push(i16::from(present));
    }

    /// Adds one cell of a columnar copy, as [`Gathered::push`] adds its JSON value.
    fn push_cell(&mut self, cell: Cell<'_>, zone: &Zone) {
        let present = match (&mut self.values, cell) {
            (_, Cell::Null) => false,
            (Values::Text(v), Cell::Text(s)) => {
                v.push(ByteArray::from(s));
                true
            }
            (Values::Int(v), Cell::Int(i)) => {
                v.push(i);
                true
            }
            (Values::Double(v), Cell::Double(x)) => {
                v.push(x);
                true
            }
            (Values::Bool(v), Cell::Bool(b)) => {
                v.push(b);
                true
            }
            (Values::Date(v), Cell::Text(s)) => epoch_days(s).map(|d| v.push(d)).is_some(),
            // Years 0 to 9999 read back from their ISO text as they were; others go the
            // SQL path's way, through the text.
            (Values::Millis(v), Cell::Datetime(t)) => {
                let millis = if (ISO_FROM..ISO_TO).contains(&t) {
                    t.checked_mul(1000)
                } else {
                    epoch_millis(&zone.iso(t))
                };
                millis.map(|m| v.push(m)).is_some()
            }
            (Values::Point(lon, lat), Cell::Point { lat: y, lon: x }) => {
                lon.push(x);
                lat.push(y);
                true
            }
            _ => false,
        };
        self.levels.push(i16::from(present));
    }

    fn clear(&mut self) {
        self.levels.clear();
        match &mut self.values {
            Values::Text(v) => v.clear(),
            Values::Int(v) | Values::Millis(v) => v.clear(),
            Values::Double(v) => v.clear(),
            Values::Bool(v) => v.clear(),
            Values::Date(v) => v.clear(),
            Values::Point(a, b) => {
                a.clear();
                b.clear();
            }
        }
    }
}

fn next_column<'a, W: Write + Send>(
    group: &'a mut SerializedRowGroupWriter<'_, W>,
) -> Result<SerializedColumnWriter<'a>, ParquetError> {
    group
        .next_column()?
        .ok_or_else(|| ParquetError::General("a column is missing".into()))
}

/// Writes one row group of the gathered columns.
fn write_group<W: Write + Send>(
    file: &mut SerializedFileWriter<W>,
    columns: &mut [Gathered],
) -> Result<(), ParquetError> {
    let mut group = file.next_row_group()?;
    for gathered in columns.iter_mut() {
        let levels = Some(gathered.levels.as_slice());
        match &gathered.values {
            // A point is two leaves, lon then lat, under one definition level.
            Values::Point(lon, lat) => {
                for part in [lon, lat] {
                    let mut column = next_column(&mut group)?;
                    column
                        .typed::<DoubleType>()
                        .write_batch(part, levels, None)?;
                    column.close()?;
                }
            }
            values => {
                let mut column = next_column(&mut group)?;
                match values {
                    Values::Text(v) => column
                        .typed::<ByteArrayType>()
                        .write_batch(v, levels, None)?,
                    Values::Int(v) | Values::Millis(v) => {
                        column.typed::<Int64Type>().write_batch(v, levels, None)?
                    }
                    Values::Double(v) => {
                        column.typed::<DoubleType>().write_batch(v, levels, None)?
                    }
                    Values::Bool(v) => column.typed::<BoolType>().write_batch(v, levels, None)?,
                    Values::Date(v) => column.typed::<Int32Type>().write_batch(v, levels, None)?,
                    Values::Point(..) => 0,
                };
                column.close()?;
            }
        }
        gathered.clear();
    }
    group.close()?;
    Ok(())
}

/// Writes the rows of `rows` as a Parquet file into `out`; runs on a blocking thread. A
/// store failure after the first row ends the body with an error, so the client never
/// takes a cut file for a whole one (Parquet's footer would be missing anyway).
pub fn write(
    columns: &[OutputColumn],
    first: Option<ExploreRow>,
    mut rows: mpsc::Receiver<Result<ExploreRow, StoreError>>,
    out: Chunks,
) {
    let mut next = first.map(Ok);
    write_file(columns, out, |gathered| {
        let mut added = 0;
        while added < GROUP_ROWS {
            let row = match next.take().or_else(|| rows.blocking_recv()) {
                None => break,
                Some(Ok(row)) => row,
                Some(Err(e)) => return Err(ParquetError::External(Box::new(e))),
            };
            for (g, (_, value)) in gathered.iter_mut().zip(&row.0) {
                g.push(value);
            }
            added += 1;
        }
        Ok(added)
    });
}

/// Dictionaries up to this size have their values made into Parquet strings once per
/// export, which each cell then shares.
const SHARED_STRINGS: usize = 1 << 16;

/// Writes the rows of an export answered from a columnar copy, column by column from the
/// copy's cells; runs on a blocking thread. The values are those [`write`] would write.
pub fn write_ordered(columns: &[OutputColumn], ordered: &Ordered, out: Chunks) {
    let mut groups = ordered.rows.chunks(GROUP_ROWS);
    let table = &ordered.table;
    // The text columns' strings, each made once.
    let shared: Vec<Option<Vec<ByteArray>>> = ordered
        .outputs
        .iter()
        .zip(columns)
        .map(|((_, output), c)| match (output, c.sql_type) {
            (RecordOutput::Column(i), SqlType::Text) => match table.column(*i).map(|c| &c.data) {
                Ok(Data::Dict { values, .. }) if values.len() <= SHARED_STRINGS => Some(
                    values
                        .iter()
                        .map(|v| ByteArray::from(v.as_bytes().to_vec()))
                        .collect(),
                ),
                _ => None,
            },
            _ => None,
        })
        .collect();
    write_file(columns, out, |gathered| {
        let Some(group) = groups.next() else {
            return Ok(0);
        };
        for ((g, (_, output)), strings) in gathered.iter_mut().zip(&ordered.outputs).zip(&shared) {
            let column = match output {
                RecordOutput::Column(c) => table
                    .column(*c)
                    .map_err(|e| ParquetError::General(e.to_string()))?,
                RecordOutput::RowId => {
                    for row in group {
                        g.push_cell(Cell::Int(table.rid(*row as usize)), &ordered.zone);
                    }
                    continue;
                }
            };
            match (strings, &column.data, &mut g.values) {
                (Some(strings), Data::Dict { codes, .. }, Values::Text(v)) => {
                    for row in group {
                        let row = *row as usize;
                        let string = codes.get(row).and_then(|c| strings.get(c as usize));
                        let present = match string {
                            Some(s) if !column.is_null(row) => {
                                v.push(s.clone());
                                true
                            }
                            _ => false,
                        };
                        g.levels.push(i16::from(present));
                    }
                }
                _ => {
                    for row in group {
                        g.push_cell(cell::get(column, *row as usize), &ordered.zone);
                    }
                }
            }
        }
        Ok(group.len())
    });
}

/// Writes a Parquet file of `columns` into `out`, a row group at a time: `fill` gathers
/// the next group's rows (at most [`GROUP_ROWS`]) and says how many, 0 at the end.
fn write_file(
    columns: &[OutputColumn],
    out: Chunks,
    mut fill: impl FnMut(&mut [Gathered]) -> Result<usize, ParquetError>,
) {
    let failed = out.clone();
    let result = (|| -> Result<(), ParquetError> {
        let properties = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
        );
        let sink = Sink {
            buffer: Vec::new(),
            out,
        };
        let mut file = SerializedFileWriter::new(sink, schema(columns)?, properties)?;
        let mut gathered: Vec<Gathered> =
            columns.iter().map(|c| Gathered::new(c.sql_type)).collect();
        while fill(&mut gathered)? > 0 {
            write_group(&mut file, &mut gathered)?;
        }
        let mut sink = file.into_inner()?;
        sink.flush()?;
        Ok(())
    })();
    if let Err(e) = result {
        tracing::warn!("parquet export stopped: {e}");
        let _ = failed.blocking_send(Err(std::io::Error::other(e.to_string())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_count_from_the_epoch() {
        assert_eq!(epoch_days("1970-01-01"), Some(0));
        assert_eq!(epoch_days("2000-03-01"), Some(11_017));
        assert_eq!(epoch_days("1969-12-31"), Some(-1));
        assert_eq!(epoch_days("2024-02-29"), Some(19_782));
        assert_eq!(epoch_millis("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(
            epoch_millis("2013-01-09T09:00:00-05:00"),
            Some(1_357_740_000_000)
        );
        assert_eq!(
            epoch_millis("2013-01-09T14:00:00+00:00"),
            Some(1_357_740_000_000)
        );
        assert_eq!(epoch_millis("not a date"), None);
    }
}
