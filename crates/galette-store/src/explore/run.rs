//! Running compiled explore queries and reading their rows back as typed JSON.

use super::compile::{Compiled, OutputColumn, Param, SqlType};
use crate::{Store, StoreError};
use galette_core::explore::timezone::Zone;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

/// One result record: its keys in output order (a JSON object when serialised).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExploreRow(pub Vec<(String, Value)>);

impl Serialize for ExploreRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bind_all<'q>(mut query: AnyQuery<'q>, params: &[Param]) -> AnyQuery<'q> {
    for p in params {
        query = match p {
            Param::Text(s) => query.bind(s.clone()),
            Param::Int(i) => query.bind(*i),
            Param::Double(d) => query.bind(*d),
        };
    }
    query
}

impl Store {
    /// How many rows (or groups) the query matches, before limit and offset.
    pub async fn explore_count(&self, compiled: &Compiled) -> Result<u64, StoreError> {
        let params = compiled
            .params
            .get(..compiled.count_params)
            .unwrap_or_default();
        let row = bind_all(sqlx::query(&compiled.count_sql), params)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0))
    }

    /// A page of a query and how many rows (or groups) match in all. A first page that is
    /// not full already holds every match, so it needs no second scan to count them.
    pub async fn explore_page(
        &self,
        compiled: &Compiled,
    ) -> Result<(u64, Vec<ExploreRow>), StoreError> {
        let rows = self.explore_rows(compiled).await?;
        let fetched = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        let total = match compiled.limit {
            Some(limit) if compiled.offset == 0 && fetched < limit => fetched,
            _ => self.explore_count(compiled).await?,
        };
        Ok((total, rows))
    }

    /// The rows of a query, as records.
    pub async fn explore_rows(&self, compiled: &Compiled) -> Result<Vec<ExploreRow>, StoreError> {
        let rows = bind_all(sqlx::query(&compiled.sql), &compiled.params)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| to_json(r, &compiled.columns, &compiled.zone))
            .collect()
    }

    /// Streams the rows of a query to `sink` one by one (exports: memory stays flat); stops
    /// early when the sink is closed (the client went away).
    pub async fn explore_each<T: From<ExploreRow>>(
        &self,
        compiled: &Compiled,
        sink: tokio::sync::mpsc::Sender<Result<T, StoreError>>,
    ) {
        let (columns, zone) = (&compiled.columns, &compiled.zone);
        self.stream(
            &compiled.sql,
            &compiled.params,
            |row| to_json(row, columns, zone).map(T::from),
            sink,
        )
        .await;
    }

    /// Streams the single text column of each row of `sql` (lines built by the database).
    pub async fn explore_lines<T: From<String>>(
        &self,
        sql: &str,
        params: &[Param],
        sink: tokio::sync::mpsc::Sender<Result<T, StoreError>>,
    ) {
        self.stream(
            sql,
            params,
            |row| Ok(T::from(row.try_get::<String, _>(0)?)),
            sink,
        )
        .await;
    }

    async fn stream<T>(
        &self,
        sql: &str,
        params: &[Param],
        read: impl Fn(&AnyRow) -> Result<T, StoreError>,
        sink: tokio::sync::mpsc::Sender<Result<T, StoreError>>,
    ) {
        use futures_util::TryStreamExt;
        let mut rows = bind_all(sqlx::query(sql), params).fetch(&self.pool);
        loop {
            let next = match rows.try_next().await {
                Ok(Some(row)) => read(&row),
                Ok(None) => return,
                Err(e) => Err(StoreError::from(e)),
            };
            let failed = next.is_err();
            if sink.send(next).await.is_err() || failed {
                return;
            }
        }
    }
}

/// Reads a result row into typed JSON (explore-api §4: dates as ISO text, datetimes in
/// `zone` with their offset, points as `{"lon", "lat"}`, nulls as null).
pub fn to_json(
    row: &AnyRow,
    columns: &[OutputColumn],
    zone: &Zone,
) -> Result<ExploreRow, StoreError> {
    let mut out = Vec::with_capacity(columns.len());
    let mut index = 0;
    for column in columns {
        let value = match column.sql_type {
            SqlType::Text | SqlType::Date => row
                .try_get::<Option<String>, _>(index)?
                .map_or(Value::Null, Value::String),
            SqlType::Int => row
                .try_get::<Option<i64>, _>(index)?
                .map_or(Value::Null, Value::from),
            SqlType::Double => row
                .try_get::<Option<f64>, _>(index)?
                .map_or(Value::Null, Value::from),
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
