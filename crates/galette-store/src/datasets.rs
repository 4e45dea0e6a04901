//! Datasets: the catalogue row of each dataset and the table holding its current version.
//!
//! Each import writes a new table `ds_<uid>_v<version>` in batches (other writers, such as
//! consent choices, are never locked out for the whole import), then swaps the catalogue's
//! pointer to it in one short transaction and drops the previous table. A failed or
//! interrupted import leaves the previous version in place; its unfinished table is dropped
//! by the next import of the same dataset, or by the periodic clean-up (`leftovers`) once
//! its marker in `imports_in_progress` is stale.
//!
//! Columns are named by position (`c0`, `c1`, …; a point is `c3_lat`, `c3_lon`), so no field
//! name ever reaches SQL as an identifier. `rid` is the import order; `words` holds the
//! lower-cased words of every text field for ODSQL's word search.

use crate::leftovers::database_now;
use crate::sql_text::AnyQuery;
use crate::{Backend, Store, StoreError};
use galette_core::dataset::{Field, FieldType, Value};
use galette_core::explore::limits::search_words;
use rand::Rng;
use rand::distr::Alphanumeric;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::sync::{Mutex, PoisonError};

/// Rows inserted per statement, at most. On the full flights table (336,776 rows, 22
/// values a row, SQLite) 200 rows a statement import in 6.3 s and 50 in 7.1 s, once
/// SQLite's parameters are anonymous (`sql_text::value_rows`); numbered, they took 34 s,
/// and more rows a statement cost more rather than less.
const ROWS_PER_STATEMENT: usize = 200;
/// Values bound per statement, at most: a wide dataset gets fewer rows a statement, far
/// below SQLite's limit of 32,766 parameters and PostgreSQL's 65,535.
const VALUES_PER_STATEMENT: usize = 8_192;
/// Rows per transaction while filling a new version.
const ROWS_PER_TRANSACTION: usize = 20_000;

/// A dataset as the catalogue knows it.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// Store id.
    pub id: i64,
    /// Tenant it belongs to.
    pub tenant_id: i64,
    /// Public id (`flights`).
    pub dataset_id: String,
    /// Stable unique id (`da_…`).
    pub uid: String,
    /// Title shown in the catalogue.
    pub title: String,
    /// Optional description.
    pub description: Option<String>,
    /// Whether only API keys and signed-in users of the tenant may read it.
    pub is_restricted: bool,
    /// Fields in CSV column order.
    pub fields: Vec<Field>,
    /// Number of rows.
    pub records_count: u64,
    /// Time of the last import (Unix seconds).
    pub modified: i64,
    /// Table of the current version.
    pub table_name: String,
    /// Indexes of the fields whose value counts were tabulated at import
    /// (see [`value_counts_table`]).
    pub counted_fields: Vec<usize>,
}

/// A site's catalogue as a dataset whose rows are its datasets, so that the catalogue
/// answers ODSQL (`where`, `order_by`, `group_by`, `refine`, search…) through the same
/// compiler as records (explore-api §2). Its "table" is a query over `datasets` for this
/// tenant — only numbers are written into it — with the public datasets only unless
/// `with_restricted`. Its `rid` is the dataset's store id.
pub fn catalog_dataset(tenant_id: i64, with_restricted: bool) -> Dataset {
    let field = |name: &str, label: &str, field_type: FieldType, is_facet: bool| Field {
        name: name.to_owned(),
        label: label.to_owned(),
        field_type,
        is_facet,
    };
    let fields = vec![
        field("dataset_id", "Dataset id", FieldType::Text, false),
        field("title", "Title", FieldType::Text, false),
        field("description", "Description", FieldType::Text, false),
        field("records_count", "Records", FieldType::Int, false),
        field("modified", "Modified", FieldType::Datetime, false),
        field("visibility", "Visibility", FieldType::Text, true),
        field("publisher", "Publisher", FieldType::Text, true),
        field("license", "License", FieldType::Text, true),
    ];
    let restricted = if with_restricted {
        ""
    } else {
        " AND visibility <> 'restricted'"
    };
    let table_name = format!(
        "(SELECT id AS rid, CASE WHEN words = '' THEN ' ' || lower(dataset_id || ' ' || title) || ' ' ELSE words END AS words, \
         dataset_id AS c0, title AS c1, description AS c2, records_count AS c3, modified AS c4, \
         CASE WHEN visibility = 'restricted' THEN 'restricted' ELSE 'domain' END AS c5, \
         CAST(NULL AS TEXT) AS c6, CAST(NULL AS TEXT) AS c7 \
         FROM datasets WHERE tenant_id = {tenant_id}{restricted}) AS catalog"
    );
    Dataset {
        id: 0,
        tenant_id,
        dataset_id: "catalog".to_owned(),
        uid: "catalog".to_owned(),
        title: "catalog".to_owned(),
        description: None,
        is_restricted: false,
        fields,
        records_count: 0,
        modified: 0,
        table_name,
        counted_fields: Vec::new(),
    }
}

/// The table holding, for field `index` of the version in `table_name`, each distinct value
/// (in the field's own column name) and its number of rows in `n`.
pub fn value_counts_table(table_name: &str, index: usize) -> String {
    format!("{table_name}_n{index}")
}

/// The SQL column(s) of field `index`: one, or two for a point.
pub fn columns_of(index: usize, field_type: FieldType) -> Vec<String> {
    match field_type {
        FieldType::GeoPoint2d => vec![format!("c{index}_lat"), format!("c{index}_lon")],
        _ => vec![format!("c{index}")],
    }
}

fn sql_type(field_type: FieldType, backend: Backend) -> &'static str {
    match (field_type, backend) {
        (FieldType::Int | FieldType::Boolean | FieldType::Datetime, _) => "BIGINT",
        (FieldType::Double | FieldType::GeoPoint2d, Backend::Postgres) => "DOUBLE PRECISION",
        (FieldType::Double | FieldType::GeoPoint2d, Backend::Sqlite) => "REAL",
        (FieldType::Text | FieldType::Date, _) => "TEXT",
    }
}

const DATASET_COLUMNS: &str = "id, tenant_id, dataset_id, uid, title, description, visibility, fields, \
     records_count, modified, table_name, value_counts";

impl Store {
    /// Every dataset of a tenant, by id.
    pub async fn datasets(&self, tenant_id: i64) -> Result<Vec<Dataset>, StoreError> {
        let sql = format!(
            "SELECT {DATASET_COLUMNS} FROM datasets WHERE tenant_id = $1 ORDER BY dataset_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(tenant_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(dataset_from_row).collect()
    }

    /// One dataset of a tenant.
    pub async fn dataset(
        &self,
        tenant_id: i64,
        dataset_id: &str,
    ) -> Result<Option<Dataset>, StoreError> {
        let sql = format!(
            "SELECT {DATASET_COLUMNS} FROM datasets WHERE tenant_id = $1 AND dataset_id = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(tenant_id)
            .bind(dataset_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(dataset_from_row).transpose()
    }

    /// Starts importing a new version of `dataset_id` with these fields.
    pub async fn begin_import(
        &self,
        tenant_id: i64,
        dataset_id: &str,
        fields: &[Field],
    ) -> Result<Import, StoreError> {
        let existing =
            sqlx::query("SELECT uid FROM datasets WHERE tenant_id = $1 AND dataset_id = $2")
                .bind(tenant_id)
                .bind(dataset_id)
                .fetch_optional(&self.pool)
                .await?;
        let uid = match existing {
            Some(row) => row.try_get::<String, _>(0)?,
            None => new_uid(),
        };
        let suffix: String = rand::rng()
            .sample_iter(&Alphanumeric)
            .take(8)
            .map(char::from)
            .collect();
        let table_name = format!("ds_{uid}_{}", suffix.to_lowercase());
        let mut columns = vec![
            "rid BIGINT PRIMARY KEY".to_owned(),
            "words TEXT NOT NULL".to_owned(),
        ];
        for (index, field) in fields.iter().enumerate() {
            for column in columns_of(index, field.field_type) {
                columns.push(format!(
                    "{column} {}",
                    sql_type(field.field_type, self.backend)
                ));
            }
        }
        // The table and its marker together: a table without a live marker is an orphan.
        let mut tx = self.begin_write().await?;
        sqlx::query(sqlx::AssertSqlSafe(&*format!(
            "CREATE TABLE {table_name} ({})",
            columns.join(", ")
        )))
        .execute(&mut *tx)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(&*format!(
            "INSERT INTO imports_in_progress (table_name, touched_at) VALUES ($1, {})",
            database_now(self.backend)
        )))
        .bind(&table_name)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Import {
            store: self.clone(),
            tenant_id,
            dataset_id: dataset_id.to_owned(),
            uid,
            table_name,
            fields: fields.to_vec(),
            pending: Vec::new(),
            rows: 0,
            in_transaction: 0,
            tx: Mutex::new(None),
            is_restricted: None,
        })
    }
}

/// An import in progress: rows go into a new table that no reader sees yet.
pub struct Import {
    store: Store,
    tenant_id: i64,
    dataset_id: String,
    uid: String,
    table_name: String,
    fields: Vec<Field>,
    pending: Vec<Vec<Value>>,
    rows: u64,
    in_transaction: usize,
    /// The open batch transaction. In a mutex only so that `Import` is `Sync`, which lets
    /// futures holding `&Import` (as `finish` does) run on a multi-threaded server; it is
    /// only ever reached through `&mut self`.
    tx: Mutex<Option<sqlx::Transaction<'static, sqlx::Any>>>,
    /// The visibility the new version gets; `None` keeps the current one (public if new).
    is_restricted: Option<bool>,
}

impl Import {
    /// Adds a row (one value per field); rows are written in batches.
    pub async fn push(&mut self, row: Vec<Value>) -> Result<(), StoreError> {
        if row.len() != self.fields.len() {
            return Err(StoreError::Invalid(format!(
                "a row has {} values for {} fields",
                row.len(),
                self.fields.len()
            )));
        }
        self.pending.push(row);
        // Two values at most per field (a point is two columns), plus the id and words.
        let width = 2 * self.fields.len() + 2;
        if self.pending.len() >= (VALUES_PER_STATEMENT / width).clamp(1, ROWS_PER_STATEMENT) {
            self.flush().await?;
        }
        Ok(())
    }

    /// Sets the visibility the new version is published with, in the same transaction as the
    /// swap, so a restricted dataset is never readable by everyone even for a moment.
    pub fn set_restricted(&mut self, is_restricted: bool) {
        self.is_restricted = Some(is_restricted);
    }

    /// The open batch transaction, if any.
    fn tx(&mut self) -> &mut Option<sqlx::Transaction<'static, sqlx::Any>> {
        self.tx.get_mut().unwrap_or_else(PoisonError::into_inner)
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows + u64::try_from(self.pending.len()).unwrap_or(0)
    }

    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if self.tx().is_none() {
            *self.tx() = Some(self.store.begin_write().await?);
        }
        let rows = std::mem::take(&mut self.pending);
        let columns: Vec<String> = std::iter::once("rid".to_owned())
            .chain(std::iter::once("words".to_owned()))
            .chain(
                self.fields
                    .iter()
                    .enumerate()
                    .flat_map(|(i, f)| columns_of(i, f.field_type)),
            )
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            self.table_name,
            columns.join(", "),
            crate::sql_text::value_rows(self.store.backend, rows.len(), columns.len())
        );
        // Not prepared once and reused: the parameter types of a cached statement are those
        // of its first batch, where a NULL may have been sent under another type than the
        // column's values in a later batch (PostgreSQL then refuses the batch).
        let mut query = sqlx::query(sqlx::AssertSqlSafe(&*sql)).persistent(false);
        for row in &rows {
            self.rows += 1;
            query = query
                .bind(i64::try_from(self.rows).unwrap_or(i64::MAX))
                .bind(words_of(row));
            for (value, field) in row.iter().zip(&self.fields) {
                query = bind_value(query, value, field.field_type);
            }
        }
        let Some(tx) = self.tx().as_mut() else {
            return Err(StoreError::Invalid("no import transaction".into()));
        };
        query.execute(&mut **tx).await?;
        self.in_transaction += rows.len();
        if self.in_transaction >= ROWS_PER_TRANSACTION
            && let Some(mut tx) = self.tx().take()
        {
            touch_marker(&mut tx, self.store.backend, &self.table_name).await?;
            tx.commit().await?;
            self.in_transaction = 0;
        }
        Ok(())
    }

    /// Writes the last rows, indexes the table and makes it the dataset's current version.
    pub async fn finish(mut self, title: &str, now: i64) -> Result<Dataset, StoreError> {
        self.flush().await?;
        if let Some(mut tx) = self.tx().take() {
            touch_marker(&mut tx, self.store.backend, &self.table_name).await?;
            tx.commit().await?;
        }
        self.create_indexes().await?;
        let counted = self.tabulate_value_counts().await?;
        let words = words_of(&[
            Value::Text(self.dataset_id.clone()),
            Value::Text(title.to_owned()),
        ]);
        let fields =
            serde_json::to_string(&self.fields).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let count = i64::try_from(self.rows).unwrap_or(i64::MAX);
        let mut tx = self.store.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE datasets SET title = $1, fields = $2, records_count = $3, modified = $4, \
             version = version + 1, table_name = $5, value_counts = $8, words = $9 \
             WHERE tenant_id = $6 AND dataset_id = $7",
        )
        .bind(title)
        .bind(&fields)
        .bind(count)
        .bind(now)
        .bind(&self.table_name)
        .bind(self.tenant_id)
        .bind(&self.dataset_id)
        .bind(&counted)
        .bind(&words)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            sqlx::query(
                "INSERT INTO datasets (tenant_id, dataset_id, uid, title, fields, records_count, modified, version, table_name, value_counts, words) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10)",
            )
            .bind(self.tenant_id)
            .bind(&self.dataset_id)
            .bind(&self.uid)
            .bind(title)
            .bind(&fields)
            .bind(count)
            .bind(now)
            .bind(&self.table_name)
            .bind(&counted)
            .bind(&words)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM imports_in_progress WHERE table_name = $1")
            .bind(&self.table_name)
            .execute(&mut *tx)
            .await?;
        if let Some(is_restricted) = self.is_restricted {
            sqlx::query(
                "UPDATE datasets SET visibility = $1 WHERE tenant_id = $2 AND dataset_id = $3",
            )
            .bind(visibility_code(is_restricted))
            .bind(self.tenant_id)
            .bind(&self.dataset_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.store.written(crate::Watched::Datasets);
        self.drop_stale_tables().await?;
        self.store
            .dataset(self.tenant_id, &self.dataset_id)
            .await?
            .ok_or(StoreError::NotFound("dataset"))
    }

    /// Gives up: the new table is dropped and the previous version stays.
    pub async fn abort(mut self) {
        if let Some(tx) = self.tx().take() {
            let _ = tx.rollback().await;
        }
        if let Err(error) = sqlx::query(sqlx::AssertSqlSafe(&*format!(
            "DROP TABLE IF EXISTS {}",
            self.table_name
        )))
        .execute(&self.store.pool)
        .await
        {
            tracing::warn!(%error, table = %self.table_name, "could not drop an aborted import's table");
        }
        if let Err(error) = sqlx::query("DELETE FROM imports_in_progress WHERE table_name = $1")
            .bind(&self.table_name)
            .execute(&self.store.pool)
            .await
        {
            tracing::warn!(%error, table = %self.table_name, "could not remove an aborted import's marker");
        }
    }

    /// B-tree indexes on every column a filter, sort or facet uses: numbers, dates, booleans,
    /// points, and text columns with few distinct values (facets). On SQLite the sorts that
    /// build them spill to temporary files rather than memory (the pool's connections sort
    /// in memory, which for a table of millions of rows would take gigabytes).
    async fn create_indexes(&self) -> Result<(), StoreError> {
        let mut conn = self.store.pool.acquire().await?;
        let sqlite = self.store.backend == crate::Backend::Sqlite;
        if sqlite {
            sqlx::query("PRAGMA temp_store = FILE")
                .execute(&mut *conn)
                .await?;
        }
        let mut result = Ok(());
        'fields: for (index, field) in self.fields.iter().enumerate() {
            if field.field_type == FieldType::Text && !field.is_facet {
                continue;
            }
            for column in columns_of(index, field.field_type) {
                if let Err(e) = self.touch().await {
                    result = Err(e);
                    break 'fields;
                }
                let sql = format!("CREATE INDEX {0}_{1} ON {0} ({1})", self.table_name, column);
                if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(&*sql))
                    .execute(&mut *conn)
                    .await
                {
                    result = Err(e.into());
                    break 'fields;
                }
            }
        }
        if sqlite {
            // Back to the pool's setting; a connection that cannot be reset is not reused.
            if sqlx::query("PRAGMA temp_store = MEMORY")
                .execute(&mut *conn)
                .await
                .is_err()
            {
                conn.close_on_drop();
            }
        }
        result
    }

    /// Counts each value of every facet field into its own small table (facets have at most
    /// 1,000 distinct values), so that unfiltered facets and `group_by` counts read a few rows
    /// instead of the whole version. Returns the field indexes, as stored in `value_counts`.
    async fn tabulate_value_counts(&self) -> Result<String, StoreError> {
        let mut counted = Vec::new();
        for (index, field) in self.fields.iter().enumerate() {
            if !field.is_facet || field.field_type == FieldType::GeoPoint2d {
                continue;
            }
            self.touch().await?;
            let column = format!("c{index}");
            let sql = format!(
                "CREATE TABLE {counts} AS SELECT {column}, COUNT(*) AS n FROM {table} GROUP BY {column}",
                counts = value_counts_table(&self.table_name, index),
                table = self.table_name,
            );
            sqlx::query(sqlx::AssertSqlSafe(&*sql))
                .execute(&self.store.pool)
                .await?;
            counted.push(index.to_string());
        }
        Ok(counted.join(","))
    }

    /// Renews the import's marker: it is alive (see `leftovers`).
    async fn touch(&self) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(&*touch_sql(self.store.backend)))
            .bind(&self.table_name)
            .execute(&self.store.pool)
            .await?;
        Ok(())
    }

    /// Drops the previous version and any table an interrupted import of this dataset left.
    async fn drop_stale_tables(&self) -> Result<(), StoreError> {
        let tables = self
            .store
            .dataset_tables(&format!("ds_{}_", self.uid))
            .await?;
        // Another import of the same dataset may be running beside this one (its table is
        // registered in `imports_in_progress`): its table is not stale but to come, and is
        // left to it (or, if it dies, to the clean-up of crash leftovers).
        let running: Vec<String> = sqlx::query("SELECT table_name FROM imports_in_progress")
            .fetch_all(&self.store.pool)
            .await?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?;
        let belongs_to =
            |name: &str, table: &str| name == table || name.starts_with(&format!("{table}_"));
        for name in tables {
            let is_ours = name.starts_with(&format!("ds_{}_", self.uid))
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            let is_current = belongs_to(&name, &self.table_name);
            let is_running = running.iter().any(|table| belongs_to(&name, table));
            if !is_current && !is_running && is_ours {
                sqlx::query(sqlx::AssertSqlSafe(&*format!(
                    "DROP TABLE IF EXISTS {name}"
                )))
                .execute(&self.store.pool)
                .await?;
            }
        }
        Ok(())
    }
}

/// Renews an import's marker inside the transaction that commits a batch.
async fn touch_marker(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
    table_name: &str,
) -> Result<(), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(&*touch_sql(backend)))
        .bind(table_name)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets an import's marker to the database's now.
fn touch_sql(backend: Backend) -> String {
    format!(
        "UPDATE imports_in_progress SET touched_at = {} WHERE table_name = $1",
        database_now(backend)
    )
}

/// The stored `visibility`: `restricted`, or `domain` (public) as Opendatasoft calls it.
pub(crate) fn visibility_code(is_restricted: bool) -> &'static str {
    if is_restricted {
        "restricted"
    } else {
        "domain"
    }
}

fn new_uid() -> String {
    let tail: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(10)
        .map(char::from)
        .collect();
    format!("da_{}", tail.to_lowercase())
}

/// The lower-cased words of a row's text values, space-separated with a space at each end,
/// so that `LIKE '% word %'` finds whole words and `LIKE '% wor%'` word prefixes.
pub fn words_of(row: &[Value]) -> String {
    let mut words = String::from(" ");
    for value in row {
        if let Value::Text(text) = value {
            for word in search_words(text) {
                words.push_str(&word.to_lowercase());
                words.push(' ');
            }
        }
    }
    words
}

fn bind_value<'q>(query: AnyQuery<'q>, value: &Value, field_type: FieldType) -> AnyQuery<'q> {
    match (value, field_type) {
        (Value::Text(s), _) => query.bind(s.clone()),
        (Value::Date(s), _) => query.bind(s.clone()),
        (Value::Int(i), _) => query.bind(*i),
        (Value::Double(d), _) => query.bind(*d),
        (Value::Boolean(b), _) => query.bind(i64::from(*b)),
        (Value::Datetime(t), _) => query.bind(*t),
        (Value::GeoPoint { lat, lon }, _) => query.bind(*lat).bind(*lon),
        (Value::Null, FieldType::Text | FieldType::Date) => query.bind(None::<String>),
        (Value::Null, FieldType::Double) => query.bind(None::<f64>),
        (Value::Null, FieldType::GeoPoint2d) => query.bind(None::<f64>).bind(None::<f64>),
        (Value::Null, FieldType::Int | FieldType::Boolean | FieldType::Datetime) => {
            query.bind(None::<i64>)
        }
    }
}

fn dataset_from_row(row: &AnyRow) -> Result<Dataset, StoreError> {
    let fields: String = row.try_get("fields")?;
    let visibility: String = row.try_get("visibility")?;
    Ok(Dataset {
        id: row.try_get("id")?,
        tenant_id: row.try_get("tenant_id")?,
        dataset_id: row.try_get("dataset_id")?,
        uid: row.try_get("uid")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        is_restricted: visibility == "restricted",
        fields: serde_json::from_str(&fields)
            .map_err(|e| StoreError::Invalid(format!("stored fields: {e}")))?,
        records_count: u64::try_from(row.try_get::<i64, _>("records_count")?).unwrap_or(0),
        modified: row.try_get("modified")?,
        table_name: row.try_get("table_name")?,
        counted_fields: row
            .try_get::<String, _>("value_counts")?
            .split(',')
            .filter_map(|index| index.parse().ok())
            .collect(),
    })
}
