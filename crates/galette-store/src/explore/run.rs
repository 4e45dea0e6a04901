//! Running compiled explore queries and reading their rows back as typed JSON.

use super::query::{Compiled, OutputColumn, Param, SqlType};
use super::reader::{arm_sqlite, postgres_timeout, stopped};
use crate::{Store, StoreError};
use galette_core::explore::timezone::Zone;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{ColumnIndex, Database, Decode, Encode, Row, Type};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// One result record: its keys in output order (a JSON object when serialised).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExploreRow(pub Vec<(String, Value)>);

/// A page of an answer: its rows, and how many rows (or groups) match in all.
#[derive(Clone, Debug)]
pub struct ExplorePage {
    /// Rows or groups matching, over every page.
    pub total: u64,
    /// This page's rows.
    pub rows: Vec<ExploreRow>,
}

impl Serialize for ExploreRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Binds the parameters in order.
fn bind_all<'q, DB>(
    mut query: sqlx::query::Query<'q, DB, <DB as Database>::Arguments>,
    params: &'q [Param],
) -> sqlx::query::Query<'q, DB, <DB as Database>::Arguments>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
    f64: Encode<'q, DB> + Type<DB>,
{
    for p in params {
        query = match p {
            Param::Text(s) => query.bind(s.as_str()),
            Param::Int(i) => query.bind(*i),
            Param::Double(d) => query.bind(*d),
        };
    }
    query
}

/// Reads one kind of value out of the rows of either backend.
pub(super) trait ReadRow<T> {
    fn sqlite(&self, row: &SqliteRow) -> Result<T, StoreError>;
    fn any(&self, row: &AnyRow) -> Result<T, StoreError>;
}

/// Rows as records.
struct Records<'a> {
    columns: &'a [OutputColumn],
    zone: &'a Zone,
}

impl ReadRow<ExploreRow> for Records<'_> {
    fn sqlite(&self, row: &SqliteRow) -> Result<ExploreRow, StoreError> {
        to_json(row, self.columns, self.zone)
    }
    fn any(&self, row: &AnyRow) -> Result<ExploreRow, StoreError> {
        to_json(row, self.columns, self.zone)
    }
}

/// The first column, as text (CSV lines) or as an integer (counts).
struct First;

impl ReadRow<String> for First {
    fn sqlite(&self, row: &SqliteRow) -> Result<String, StoreError> {
        Ok(row.try_get::<String, _>(0)?)
    }
    fn any(&self, row: &AnyRow) -> Result<String, StoreError> {
        Ok(row.try_get::<String, _>(0)?)
    }
}

impl ReadRow<i64> for First {
    fn sqlite(&self, row: &SqliteRow) -> Result<i64, StoreError> {
        Ok(row.try_get::<i64, _>(0)?)
    }
    fn any(&self, row: &AnyRow) -> Result<i64, StoreError> {
        Ok(row.try_get::<i64, _>(0)?)
    }
}

/// Where rows go: a vector, or a channel whose closing (the client went away) stops the query.
pub(super) trait Sink<T> {
    /// Takes a value; `false` when no more are wanted.
    fn put(&mut self, item: T) -> impl Future<Output = bool> + Send;
}

impl<T: Send> Sink<T> for Vec<T> {
    async fn put(&mut self, item: T) -> bool {
        self.push(item);
        true
    }
}

/// One statement: its SQL, parameters, zone and time limit.
pub(super) struct Statement<'a> {
    pub(super) sql: &'a str,
    pub(super) params: &'a [Param],
    pub(super) zone: &'a Zone,
    pub(super) limit: Duration,
}

impl Store {
    /// How many rows (or groups) the query matches, before limit and offset.
    pub async fn explore_count(&self, compiled: &Compiled) -> Result<u64, StoreError> {
        let params = compiled
            .params
            .get(..compiled.count_params)
            .unwrap_or_default();
        let statement = Statement {
            sql: &compiled.count_sql,
            params,
            zone: &compiled.zone,
            limit: self.explore.timeouts.query,
        };
        let mut counts: Vec<i64> = Vec::new();
        self.run(&statement, &First, &mut counts).await?;
        let count = counts.first().copied().ok_or(StoreError::NotFound("row"))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// A page of a query and how many rows (or groups) match in all. A first page that is
    /// not full already holds every match, so it needs no second scan to count them.
    pub async fn explore_page(&self, compiled: &Compiled) -> Result<ExplorePage, StoreError> {
        let rows = self.explore_rows(compiled).await?;
        let fetched = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        let total = match compiled.limit {
            Some(limit) if compiled.offset == 0 && fetched < limit => fetched,
            _ => self.explore_count(compiled).await?,
        };
        Ok(ExplorePage { total, rows })
    }

    /// The rows of a query, as records.
    pub async fn explore_rows(&self, compiled: &Compiled) -> Result<Vec<ExploreRow>, StoreError> {
        let statement = Statement {
            sql: &compiled.sql,
            params: &compiled.params,
            zone: &compiled.zone,
            limit: self.explore.timeouts.query,
        };
        let read = Records {
            columns: &compiled.columns,
            zone: &compiled.zone,
        };
        let mut rows = Vec::new();
        self.run(&statement, &read, &mut rows).await?;
        Ok(rows)
    }

    /// Streams the rows of a query to `sink` one by one (exports: memory stays flat); stops
    /// early when the sink is closed (the client went away).
    pub async fn explore_each<T: From<ExploreRow> + Send>(
        &self,
        compiled: &Compiled,
        sink: tokio::sync::mpsc::Sender<Result<T, StoreError>>,
    ) {
        let statement = Statement {
            sql: &compiled.sql,
            params: &compiled.params,
            zone: &compiled.zone,
            limit: self.explore.timeouts.export,
        };
        let read = Records {
            columns: &compiled.columns,
            zone: &compiled.zone,
        };
        self.stream(&statement, &read, sink).await;
    }

    /// Streams the single text column of each row of `sql` (lines built by the database),
    /// whose datetimes are in `zone`.
    pub async fn explore_lines<T: From<String> + Send>(
        &self,
        sql: &str,
        params: &[Param],
        zone: &Zone,
        sink: tokio::sync::mpsc::Sender<Result<T, StoreError>>,
    ) {
        let statement = Statement {
            sql,
            params,
            zone,
            limit: self.explore.timeouts.export,
        };
        self.stream(&statement, &First, sink).await;
    }

    /// Runs a statement for a stream: each row converted into `sink`, a failure sent as its
    /// last item. Dropping the statement when the receiver goes away stops it even before
    /// its first row (an aggregate does all its work then).
    async fn stream<U: Send, T: From<U> + Send, R: ReadRow<U>>(
        &self,
        statement: &Statement<'_>,
        read: &R,
        sink: tokio::sync::mpsc::Sender<Result<T, StoreError>>,
    ) {
        let mut converted = Converted(sink.clone(), std::marker::PhantomData);
        let outcome = tokio::select! {
            outcome = self.run(statement, read, &mut converted) => outcome,
            () = sink.closed() => Ok(()),
        };
        if let Err(e) = outcome {
            sink.send(Err(e)).await.ok();
        }
    }

    /// Runs a statement under its time limit, handing each row to `sink` until it has them
    /// all or wants no more. Statements are never kept prepared: each explore query is
    /// built for one request, and keeping them would keep their memory for good.
    pub(super) async fn run<T, R: ReadRow<T>, S: Sink<T>>(
        &self,
        statement: &Statement<'_>,
        read: &R,
        sink: &mut S,
    ) -> Result<(), StoreError> {
        use futures_util::TryStreamExt;
        self.ensure_zone(statement.zone).await?;
        let limit = statement.limit;
        if let Some(readers) = &self.explore.sqlite {
            let mut conn = readers.acquire().await?;
            let _stop =
                arm_sqlite(&mut conn, Instant::now() + limit, &self.explore.abandoned).await?;
            let query = bind_all(
                sqlx::query(sqlx::AssertSqlSafe(statement.sql)).persistent(false),
                statement.params,
            );
            let mut rows = query.fetch(&mut *conn);
            while let Some(row) = rows.try_next().await.map_err(|e| stopped(e, limit))? {
                if !sink.put(read.sqlite(&row)?).await {
                    break;
                }
            }
            return Ok(());
        }
        let work = async {
            let mut running = Running {
                conn: self.pool.acquire().await?,
                pool: self.pool.clone(),
                backend: None,
                finished: false,
                abandoned: Arc::clone(&self.explore.abandoned),
            };
            sqlx::query("BEGIN").execute(&mut *running.conn).await?;
            let result = async {
                sqlx::query(sqlx::AssertSqlSafe(&*postgres_timeout(limit)))
                    .execute(&mut *running.conn)
                    .await?;
                let backend: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
                    .fetch_one(&mut *running.conn)
                    .await?;
                running.backend = Some(backend);
                let query = bind_all(
                    sqlx::query(sqlx::AssertSqlSafe(statement.sql)).persistent(false),
                    statement.params,
                );
                let mut rows = query.fetch(&mut *running.conn);
                while let Some(row) = rows.try_next().await.map_err(|e| stopped(e, limit))? {
                    if !sink.put(read.any(&row)?).await {
                        break;
                    }
                }
                Ok::<(), StoreError>(())
            }
            .await;
            let ended = sqlx::query("ROLLBACK").execute(&mut *running.conn).await;
            running.finished = ended.is_ok();
            result
        };
        tokio::time::timeout(limit, work)
            .await
            .map_err(|_| StoreError::TimedOut(limit))?
    }

    /// How many explore statements were stopped because the request that wanted them was
    /// dropped (the client went away) before they finished.
    pub fn explore_abandoned(&self) -> u64 {
        self.explore.abandoned.load(Ordering::Relaxed)
    }

    /// Whether the zone with this key is already in `zone_offsets`.
    pub(crate) fn zones_known(&self, key: i64) -> bool {
        self.explore
            .zones
            .lock()
            .is_ok_and(|known| known.contains(&key))
    }

    /// Notes that the zone with this key is in `zone_offsets`.
    pub(crate) fn remember_zone(&self, key: i64) {
        if let Ok(mut known) = self.explore.zones.lock() {
            known.insert(key);
        }
    }
}

/// A PostgreSQL connection running an explore statement in its own transaction. Dropped
/// before the end (the client went away, or the time limit struck), it is closed rather
/// than returned to the pool, and its statement is cancelled: the server stops at once, and
/// the cancellation cannot reach another request's statement on a reused connection.
struct Running {
    conn: sqlx::pool::PoolConnection<sqlx::Any>,
    pool: sqlx::AnyPool,
    /// The server process running the statement, once known.
    backend: Option<i32>,
    /// Whether the transaction ended and the connection can be reused.
    finished: bool,
    /// Counts the statements cancelled so.
    abandoned: Arc<AtomicU64>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        self.conn.close_on_drop();
        let (Some(backend), Ok(runtime)) = (self.backend, tokio::runtime::Handle::try_current())
        else {
            return;
        };
        let pool = self.pool.clone();
        self.abandoned.fetch_add(1, Ordering::Relaxed);
        runtime.spawn(async move {
            let cancelled = sqlx::query("SELECT pg_cancel_backend($1)")
                .bind(backend)
                .execute(&pool)
                .await;
            if let Err(error) = cancelled {
                tracing::warn!(%error, "could not cancel an abandoned explore statement");
            }
        });
    }
}

/// A channel of `T` fed with values converted from what the statement reads.
struct Converted<T, U>(
    tokio::sync::mpsc::Sender<Result<T, StoreError>>,
    std::marker::PhantomData<fn(U)>,
);

impl<T: From<U> + Send, U: Send> Sink<U> for Converted<T, U> {
    async fn put(&mut self, item: U) -> bool {
        self.0.send(Ok(T::from(item))).await.is_ok()
    }
}

/// Reads a result row into typed JSON (explore-api §4: dates as ISO text, datetimes in
/// `zone` with their offset, points as `{"lon", "lat"}`, nulls as null).
pub fn to_json<R: Row>(
    row: &R,
    columns: &[OutputColumn],
    zone: &Zone,
) -> Result<ExploreRow, StoreError>
where
    usize: ColumnIndex<R>,
    String: for<'r> Decode<'r, R::Database> + Type<R::Database>,
    i64: for<'r> Decode<'r, R::Database> + Type<R::Database>,
    f64: for<'r> Decode<'r, R::Database> + Type<R::Database>,
{
    let mut out = Vec::with_capacity(columns.len());
    let mut index = 0;
    for column in columns {
        let value = match column.sql_type {
            SqlType::Text | SqlType::Date => row
                .try_get::<Option<String>, _>(index)?
                .map_or(Value::Null, Value::String),
            // SQLite turns an integer overflow into a float: written as such.
            SqlType::Int => match row.try_get::<Option<i64>, _>(index) {
                Ok(value) => value.map_or(Value::Null, Value::from),
                Err(_) => row
                    .try_get::<Option<f64>, _>(index)?
                    .map_or(Value::Null, Value::from),
            },
            // SQLite types each value, not the column: `ifnull(distance, -1)` gives an
            // integer on the rows where distance is null.
            SqlType::Double => match row.try_get::<Option<f64>, _>(index) {
                Ok(value) => value.map_or(Value::Null, Value::from),
                Err(_) => row
                    .try_get::<Option<i64>, _>(index)?
                    .map_or(Value::Null, |i| Value::from(i as f64)),
            },
            SqlType::Boolean | SqlType::Predicate => row
                .try_get::<Option<i64>, _>(index)?
                .map_or(Value::Null, |b| Value::Bool(b != 0)),
            SqlType::Datetime => row
                .try_get::<Option<i64>, _>(index)?
                .map_or(Value::Null, |t| Value::String(zone.iso(t))),
            SqlType::Null => Value::Null,
            SqlType::Point => {
                let lat = row.try_get::<Option<f64>, _>(index)?;
                index += 1;
                let lon = row.try_get::<Option<f64>, _>(index)?;
                match (lat, lon) {
                    (Some(lat), Some(lon)) => serde_json::json!({"lon": lon, "lat": lat}),
                    _ => Value::Null,
                }
            }
        };
        index += 1;
        out.push((column.name.clone(), value));
    }
    Ok(ExploreRow(out))
}
