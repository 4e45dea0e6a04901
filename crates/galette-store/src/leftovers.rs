//! What a crashed import leaves in the database, and its removal.
//!
//! Owns: the `imports_in_progress` marker of each import under way (written with its new
//! table, renewed at every batch, deleted when the version is published or aborted) and
//! [`Store::drop_orphan_tables`], which drops every dataset table that no dataset
//! references and whose import shows no sign of life within a grace period.
//! Does not own: the import itself (`datasets`), or when the clean-up runs (the server's
//! start-up and its periodic clean-up).
//!
//! Markers are stamped with the database's own clock, not the server's `Clock`: they are
//! compared across processes (a `galette import` running beside the server, perhaps on
//! another machine), never with a test's shifted time.

use crate::{Backend, Store, StoreError};
use sqlx::Row;

/// An import whose marker has not been renewed for this long is taken for dead. A live
/// import renews it at every batch it commits (every 20,000 rows) and before each index
/// and value-count table it builds, so an hour leaves a wide margin for slow disks.
pub const IMPORT_GRACE_SECS: i64 = 3600;

/// The database's "now" in Unix seconds, as an SQL expression.
pub(crate) fn database_now(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "CAST(strftime('%s', 'now') AS INTEGER)",
        Backend::Postgres => "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)",
    }
}

/// Whether `name` is a table this crate created for a dataset version (`ds_…`, letters,
/// digits and `_` only), and so may be dropped by name.
fn is_dataset_table(name: &str) -> bool {
    name.starts_with("ds_") && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether `name` is the version table `base` or one of its value-count tables
/// (`<base>_n<index>`).
fn belongs_to(name: &str, base: &str) -> bool {
    match name.strip_prefix(base) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix("_n")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

impl Store {
    /// Every dataset table in the database (versions and their value-count tables).
    pub(crate) async fn dataset_tables(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let list = match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE $1 ESCAPE '\\'"
            }
            Backend::Postgres => {
                "SELECT CAST(tablename AS TEXT) FROM pg_tables \
                 WHERE schemaname = current_schema() AND tablename LIKE $1 ESCAPE '\\'"
            }
        };
        let pattern = format!("{}%", prefix.replace('_', "\\_"));
        let rows = sqlx::query(list)
            .bind(&pattern)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok(row.try_get::<String, _>(0)?))
            .collect()
    }

    /// Drops every dataset table that no dataset references and whose import has not been
    /// seen alive for `grace_secs` (by the database's clock), with its marker; returns the
    /// tables dropped. A table without a marker belongs to no import under way.
    ///
    /// The reads are ordered so that an import publishing its version meanwhile is never
    /// mistaken for an orphan: tables are listed first, then the live markers, then the
    /// references — a table published after the markers were read is among the references.
    pub async fn drop_orphan_tables(&self, grace_secs: i64) -> Result<Vec<String>, StoreError> {
        let now = database_now(self.backend);
        let tables = self.dataset_tables("ds_").await?;
        let mut kept: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(&*format!(
            "SELECT table_name FROM imports_in_progress WHERE touched_at >= {now} - $1"
        )))
        .bind(grace_secs)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| row.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
        let referenced = sqlx::query("SELECT table_name FROM datasets")
            .fetch_all(&self.pool)
            .await?;
        for row in &referenced {
            kept.push(row.try_get(0)?);
        }
        let mut dropped = Vec::new();
        for name in tables {
            if !is_dataset_table(&name) || kept.iter().any(|base| belongs_to(&name, base)) {
                continue;
            }
            sqlx::query(sqlx::AssertSqlSafe(&*format!(
                "DROP TABLE IF EXISTS {name}"
            )))
            .execute(&self.pool)
            .await?;
            dropped.push(name);
        }
        sqlx::query(sqlx::AssertSqlSafe(&*format!(
            "DELETE FROM imports_in_progress WHERE touched_at < {now} - $1"
        )))
        .bind(grace_secs)
        .execute(&self.pool)
        .await?;
        Ok(dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_count_tables_belong_to_their_version_and_nothing_else_does() {
        assert!(belongs_to("ds_da_x_abc", "ds_da_x_abc"));
        assert!(belongs_to("ds_da_x_abc_n12", "ds_da_x_abc"));
        assert!(!belongs_to("ds_da_x_abcd", "ds_da_x_abc"));
        assert!(!belongs_to("ds_da_x_abc_n", "ds_da_x_abc"));
        assert!(!belongs_to("ds_da_x_abc_nx", "ds_da_x_abc"));
        assert!(!belongs_to("ds_da_y_abc", "ds_da_x_abc"));
        assert!(is_dataset_table("ds_da_x_abc_n1"));
        assert!(!is_dataset_table("ds_x; DROP TABLE users"));
        assert!(!is_dataset_table("datasets"));
    }
}
