//! Exports (explore-api §7): CSV, JSON, JSONL, GeoJSON and Parquet, streamed from the
//! database through a bounded channel so memory stays flat whatever the dataset's size —
//! or, when the version's columnar copy is loaded and the engine answers the query, written
//! from the copy (`export_rows`, `parquet::write_ordered`) with the same bytes.

use super::caller::ApiCaller;
use super::dataset_object::DatasetObject;
use super::datasets::{catalog_rows, matching_datasets};
use super::error::ApiError;
use super::export_rows::{Format, Item};
use super::params::Params;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use galette_store::StoreError;
use galette_store::explore::{CsvStyle, ExploreRow, compile, csv_lines_sql};
use galette_store::export_files::Tee;
use serde_json::Value;
use tokio::sync::mpsc;

/// Rows buffered between the database and the socket.
const CHANNEL_ROWS: usize = 1024;
/// Batches of rows written from a columnar copy buffered before the socket.
const CHANNEL_BATCHES: usize = 4;
/// Bytes gathered into one body chunk.
const CHUNK_BYTES: usize = 64 * 1024;
/// Bytes read from an export file per body chunk.
const FILE_CHUNK_BYTES: usize = 256 * 1024;

/// CSV options of §3.
#[derive(Clone)]
struct CsvOptions {
    delimiter: char,
    quote_all: bool,
    with_bom: bool,
    list_separator: String,
}

fn parse_format(format: &str, allowed: &[&str]) -> Result<Format, ApiError> {
    let format = format.trim_end_matches('/');
    if !allowed.contains(&format) {
        return Err(ApiError::Parameter(format!(
            "Invalid value for format API parameter: {format} was found but one of {} is expected.",
            allowed.join(", ")
        )));
    }
    Ok(match format {
        "csv" => Format::Csv,
        "json" => Format::Json,
        "jsonl" => Format::Jsonl,
        "parquet" => Format::Parquet,
        _ => Format::GeoJson,
    })
}

fn csv_options(params: &Params) -> Result<CsvOptions, ApiError> {
    let delimiter = match params.get("delimiter").unwrap_or(";") {
        ";" => ';',
        "," => ',',
        "\t" | "%09" | "tab" => '\t',
        "|" => '|',
        other => {
            return Err(ApiError::Parameter(format!(
                "Invalid value for delimiter API parameter: {other:?} was found but one of ; , | or a tab is expected."
            )));
        }
    };
    Ok(CsvOptions {
        delimiter,
        quote_all: params.flag("quote_all", false)?,
        with_bom: params.flag("with_bom", true)?,
        list_separator: params.get("list_separator").unwrap_or(",").to_owned(),
    })
}

/// `GET catalog/datasets/{dataset_id}/exports/{format}`.
pub async fn export_records(
    State(app): State<AppState>,
    caller: ApiCaller,
    Path((dataset_id, format)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let format = parse_format(&format, &["csv", "json", "jsonl", "geojson", "parquet"])?;
    let params = Params::parse(q.as_deref())?;
    let query = params.records_query(true, app.clock.unix())?;
    let csv = csv_options(&params)?;
    let use_labels = params.flag("use_labels", false)?;
    let dataset = caller.dataset(&app, &dataset_id).await?;
    let compiled = compile(&dataset, app.store.backend(), &query)?;
    let header: Vec<String> = compiled
        .columns
        .iter()
        .map(|c| {
            let label = dataset
                .fields
                .iter()
                .find(|f| f.name == c.name)
                .map(|f| f.label.clone());
            if use_labels {
                label.unwrap_or_else(|| c.name.clone())
            } else {
                c.name.clone()
            }
        })
        .collect();
    if format == Format::Parquet {
        if let Some(ordered) = app
            .tables
            .ordered(&app.store, &dataset, &query, &compiled)
            .await
        {
            let (chunks, body) = mpsc::channel(4);
            let columns = compiled.columns;
            tokio::task::spawn_blocking(move || {
                super::parquet::write_ordered(&columns, &ordered, chunks);
            });
            return Ok(download(
                receiver_body(body),
                Format::Parquet,
                &dataset.dataset_id,
            ));
        }
        return parquet_export(&app, compiled, &dataset.dataset_id).await;
    }
    let whole = format == Format::Csv && !csv.quote_all && query.is_whole_dataset();
    if whole && let Some(file) = app.exports.open(&dataset, csv.delimiter).await {
        let opening = Bytes::from(csv_opening(&csv, &header));
        let body = futures_util::stream::once(async move { Ok(opening) }).chain(file_chunks(file));
        return Ok(download(
            Body::from_stream(body),
            format,
            &dataset.dataset_id,
        ));
    }
    let tee = if whole {
        app.exports.tee(&dataset, csv.delimiter)
    } else {
        None
    };
    if tee.is_none()
        && let Some(ordered) = app
            .tables
            .ordered(&app.store, &dataset, &query, &compiled)
            .await
    {
        // Each item is a batch of rows already written: a few are enough to keep ahead.
        let (tx, rx) = mpsc::channel(CHANNEL_BATCHES);
        let style = CsvStyle {
            delimiter: csv.delimiter,
            quote_all: csv.quote_all,
        };
        let backend = app.store.backend();
        tokio::task::spawn_blocking(move || {
            super::export_rows::write(&ordered, format, style, backend, &tx);
        });
        return Ok(stream_response(
            Rows { first: None, rx },
            format,
            csv,
            header,
            None,
            &dataset.dataset_id,
        ));
    }
    let (tx, rx) = mpsc::channel(CHANNEL_ROWS);
    let store = app.store.clone();
    if format == Format::Csv {
        // The database writes each line: one value per row crosses the driver, not one per cell.
        let style = CsvStyle {
            delimiter: csv.delimiter,
            quote_all: csv.quote_all,
        };
        let sql = csv_lines_sql(&compiled, store.backend(), style);
        tokio::spawn(async move {
            store
                .explore_lines(&sql, &compiled.params, &compiled.zone, tx)
                .await
        });
    } else {
        tokio::spawn(async move { store.explore_each(&compiled, tx).await });
    }
    // The statement is planned and its first row computed before the first byte is sent, so
    // that a query the database refuses, or one past its time limit, is an error status
    // rather than a 200 whose body breaks off.
    let mut rx = rx;
    let first = rx.recv().await;
    if let Some(Err(error)) = first {
        return Err(ApiError::Store(error));
    }
    Ok(stream_response(
        Rows {
            first: Some(first),
            rx,
        },
        format,
        csv,
        header,
        tee,
        &dataset.dataset_id,
    ))
}

/// `exports/parquet`: the rows are read as for the other formats and written into a
/// Parquet file on a blocking thread, which sends the file in chunks as row groups fill.
async fn parquet_export(
    app: &AppState,
    compiled: galette_store::explore::Compiled,
    name: &str,
) -> Result<Response, ApiError> {
    let (tx, mut rx) = mpsc::channel(CHANNEL_ROWS);
    let store = app.store.clone();
    let columns = compiled.columns.clone();
    tokio::spawn(async move { store.explore_each(&compiled, tx).await });
    // As for the other formats, a query the database refuses is an error status.
    let first = match rx.recv().await {
        Some(Err(error)) => return Err(ApiError::Store(error)),
        Some(Ok(row)) => Some(row),
        None => None,
    };
    let (chunks, body) = mpsc::channel(4);
    tokio::task::spawn_blocking(move || super::parquet::write(&columns, first, rx, chunks));
    Ok(download(receiver_body(body), Format::Parquet, name))
}

/// A body of the chunks a blocking writer sends.
fn receiver_body(body: mpsc::Receiver<Result<Bytes, std::io::Error>>) -> Body {
    Body::from_stream(futures_util::stream::unfold(body, |mut body| async move {
        body.recv().await.map(|chunk| (chunk, body))
    }))
}

/// `GET catalog/exports/{format}`: one row per readable dataset.
pub async fn export_catalog(
    State(app): State<AppState>,
    caller: ApiCaller,
    Path(format): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let format = parse_format(&format, &["csv", "json"])?;
    let params = Params::parse(q.as_deref())?;
    let csv = csv_options(&params)?;
    let query = params.records_query(true, app.clock.unix())?;
    let rows = catalog_rows(&app, &caller, query).await?.rows;
    let language = caller.visitor.tenant.default_language.code();
    let mut lines = Vec::new();
    for dataset in matching_datasets(&app, &caller, &rows).await? {
        let object = DatasetObject::new(&dataset, language, false);
        let metas = object.default_metas();
        let row = ExploreRow(vec![
            (
                "dataset_id".into(),
                Value::String(dataset.dataset_id.clone()),
            ),
            ("title".into(), Value::from(metas.title)),
            ("description".into(), Value::from(metas.description)),
            ("records_count".into(), Value::from(metas.records_count)),
            ("modified".into(), Value::from(metas.modified.as_str())),
            ("license".into(), Value::Null),
        ]);
        lines.push(row);
    }
    // Sent from a task: the channel is bounded and the body only starts to read it once
    // this handler has returned.
    let (tx, rx) = mpsc::channel(CHANNEL_ROWS);
    tokio::spawn(async move {
        for row in lines {
            if tx.send(Ok(Item::Row(row))).await.is_err() {
                break;
            }
        }
    });
    let header = [
        "dataset_id",
        "title",
        "description",
        "records_count",
        "modified",
        "license",
    ]
    .map(str::to_owned)
    .to_vec();
    Ok(stream_response(
        Rows { first: None, rx },
        format,
        csv,
        header,
        None,
        "catalog",
    ))
}

/// The rows of an export: one perhaps already received, then the channel.
struct Rows {
    first: Option<Option<Result<Item, StoreError>>>,
    rx: mpsc::Receiver<Result<Item, StoreError>>,
}

struct Writer {
    rx: mpsc::Receiver<Result<Item, StoreError>>,
    /// The first row (or the end), when it was awaited before the response began.
    first: Option<Option<Result<Item, StoreError>>>,
    format: Format,
    csv: CsvOptions,
    header: Vec<String>,
    rows: u64,
    stage: Stage,
    /// A copy of the lines being written to the export file of a whole dataset.
    tee: Option<Tee>,
}

#[derive(PartialEq, Eq)]
enum Stage {
    Start,
    Rows,
    Done,
}

fn stream_response(
    rows: Rows,
    format: Format,
    csv: CsvOptions,
    header: Vec<String>,
    tee: Option<Tee>,
    name: &str,
) -> Response {
    let writer = Writer {
        rx: rows.rx,
        first: rows.first,
        format,
        csv,
        header,
        rows: 0,
        stage: Stage::Start,
        tee,
    };
    let stream = futures_util::stream::unfold(writer, |mut w| async move {
        let chunk = w.next_chunk().await?;
        Some((chunk, w))
    });
    download(Body::from_stream(stream), format, name)
}

/// The CSV opening: the BOM unless refused, then the header row.
fn csv_opening(csv: &CsvOptions, header: &[String]) -> String {
    let mut out = String::new();
    if csv.with_bom {
        out.push('\u{feff}');
    }
    let cells: Vec<String> = header
        .iter()
        .map(|h| csv_cell(csv, &Value::String(h.clone())))
        .collect();
    out.push_str(&cells.join(&csv.delimiter.to_string()));
    out.push_str("\r\n");
    out
}

/// A file's bytes as body chunks.
fn file_chunks(
    file: tokio::fs::File,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    use tokio::io::AsyncReadExt;
    futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buffer = vec![0; FILE_CHUNK_BYTES];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok(Bytes::from(buffer)), Some(file)))
            }
            Err(error) => Some((Err(error), None)),
        }
    })
}

/// A download response: its type and file name.
fn download(body: Body, format: Format, name: &str) -> Response {
    let (content_type, extension) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json; charset=utf-8", "json"),
        Format::Jsonl => ("application/jsonl; charset=utf-8", "jsonl"),
        Format::GeoJson => ("application/geo+json; charset=utf-8", "geojson"),
        Format::Parquet => ("application/vnd.apache.parquet", "parquet"),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(disposition) =
        HeaderValue::from_str(&format!("attachment; filename=\"{name}.{extension}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

impl Writer {
    /// The next body chunk: the opening, then batches of rows, then the closing.
    async fn next_chunk(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        let mut out = String::new();
        match self.stage {
            Stage::Done => return None,
            Stage::Start => {
                self.stage = Stage::Rows;
                match self.format {
                    Format::Csv => out.push_str(&csv_opening(&self.csv, &self.header)),
                    Format::Json => out.push('['),
                    Format::Jsonl | Format::Parquet => {}
                    Format::GeoJson => out.push_str(r#"{"type":"FeatureCollection","features":["#),
                }
                return Some(Ok(Bytes::from(out)));
            }
            Stage::Rows => {}
        }
        let first = match self.first.take() {
            Some(first) => first,
            None => self.rx.recv().await,
        };
        let mut next = first;
        loop {
            match next {
                Some(Ok(Item::Row(row))) => self.write_row(&row, &mut out),
                Some(Ok(Item::Written(text, rows))) => {
                    self.rows += rows;
                    if out.is_empty() {
                        return Some(Ok(Bytes::from(text)));
                    }
                    out.push_str(&text);
                }
                Some(Ok(Item::Line(line))) => {
                    self.rows += 1;
                    let start = out.len();
                    out.push_str(&line);
                    out.push_str("\r\n");
                    if let Some(tee) = self.tee.as_mut() {
                        tee.write(out.as_bytes().get(start..).unwrap_or_default());
                    }
                }
                Some(Err(error)) => {
                    tracing::error!(%error, "an export stopped: {error}");
                    self.stage = Stage::Done;
                    self.tee = None;
                    return Some(Err(std::io::Error::other("the export failed")));
                }
                None => {
                    self.stage = Stage::Done;
                    if let Some(tee) = self.tee.take() {
                        tee.complete();
                    }
                    match self.format {
                        Format::Json => out.push(']'),
                        Format::GeoJson => out.push_str("]}"),
                        Format::Csv | Format::Jsonl | Format::Parquet => {}
                    }
                    return Some(Ok(Bytes::from(out)));
                }
            }
            if out.len() >= CHUNK_BYTES {
                return Some(Ok(Bytes::from(out)));
            }
            next = match self.rx.try_recv() {
                Ok(item) => Some(item),
                Err(mpsc::error::TryRecvError::Empty) => return Some(Ok(Bytes::from(out))),
                Err(mpsc::error::TryRecvError::Disconnected) => None,
            };
        }
    }

    fn write_row(&mut self, row: &ExploreRow, out: &mut String) {
        let first = self.rows == 0;
        self.rows += 1;
        match self.format {
            Format::Csv => {
                let cells: Vec<String> =
                    row.0.iter().map(|(_, v)| csv_cell(&self.csv, v)).collect();
                out.push_str(&cells.join(&self.csv.delimiter.to_string()));
                out.push_str("\r\n");
            }
            Format::Json => {
                if !first {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(row).unwrap_or_default());
            }
            Format::Jsonl => {
                out.push_str(&serde_json::to_string(row).unwrap_or_default());
                out.push('\n');
            }
            // Binary: written by `api::parquet`, never through here.
            Format::Parquet => {}
            Format::GeoJson => {
                if !first {
                    out.push(',');
                }
                super::export_rows::geojson_feature(row, out);
            }
        }
    }
}

/// RFC 4180 quoting: a cell with the delimiter, a quote or a line break is quoted (every
/// text cell with `quote_all`); nulls are empty.
fn csv_cell(csv: &CsvOptions, value: &Value) -> String {
    let (text, is_text) = match value {
        Value::Null => return String::new(),
        Value::String(s) => (s.clone(), true),
        Value::Array(items) => (
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(&csv.list_separator),
            true,
        ),
        Value::Object(o) if o.contains_key("lat") => (format!("{}, {}", o["lat"], o["lon"]), true),
        other => (other.to_string(), false),
    };
    let needs = text.contains(csv.delimiter)
        || text.contains('"')
        || text.contains('\n')
        || text.contains('\r');
    if needs || (csv.quote_all && is_text) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
