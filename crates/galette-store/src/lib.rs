//! galette's storage: the only crate that contains SQL.
//!
//! One `Store` type serves both backends through sqlx's `Any` driver: the embedded SQLite
//! database (default) and PostgreSQL (by URL). Queries are written once with `$N`
//! parameters, which both dialects accept; each backend keeps its own migration set.

mod api_keys;
mod api_quotas;
mod consent_log;
mod dataset_texts;
mod datasets;
mod error;
pub mod explore;
pub mod export_files;
mod import;
mod integrations;
mod leftovers;
mod news;
mod registry;
mod revisions;
mod sessions;
mod site_scans;
mod sql_text;
mod stats_months;
mod stats_read;
mod stats_write;
mod tenants;
mod throttle;
mod users;
mod watched;

pub use api_keys::ApiKey;
pub use consent_log::ConsentDay;
pub use datasets::{Dataset, Import, catalog_dataset, columns_of, words_of};
pub use error::StoreError;
pub use import::{CsvImport, ImportFailure, ImportProgress};
pub use leftovers::IMPORT_GRACE_SECS;
pub use news::{NEWS_LIST_LIMIT, NewsDraft, NewsPost, NewsText};
pub use revisions::{EditOutcome, PolicyRevision, RegistryEdit, RevisionChange};
pub use sessions::SessionRecord;
pub use site_scans::{ABANDONED, NewScan, SCANS_KEPT, ScanStatus, SiteScan};
pub use stats_months::SETTLE_DAYS;
pub use stats_read::{
    StatBreakdownRow, StatBucket, StatCounts, StatDimension, StatEntry, StatGrain, StatScope,
    StatTopPlan, StatTotalsRow, stat_day_key,
};
pub use stats_write::{PendingEvent, WriteOutcome};
pub use users::User;
pub use watched::Watched;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Where the data lives: the embedded database in a directory, or a PostgreSQL server.
#[derive(Clone)]
pub enum StoreTarget {
    /// `galette.sqlite3` inside this directory (created if missing).
    Embedded(PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

impl std::fmt::Debug for StoreTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Embedded(dir) => write!(f, "Embedded({})", dir.display()),
            // The URL may carry a password.
            Self::Postgres(_) => f.write_str("Postgres(…)"),
        }
    }
}

/// Which SQL dialect a store speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// A handle on the database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Explore statements: where they run, their time limits, the zones filled in.
    explore: explore::ExploreState,
    /// Changes to what servers cache, made through this store (and its clones) since it
    /// was opened, per [`Watched`] kind.
    local_writes: std::sync::Arc<[std::sync::atomic::AtomicU64; 4]>,
}

/// How long a PostgreSQL query waits for a connection (a free one, or a new one while the
/// server refuses them) before the store reports the database unavailable.
pub const POSTGRES_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// File name of the embedded database inside the data directory.
pub const EMBEDDED_FILE: &str = "galette.sqlite3";

/// Connection options: exports and imports run statements for seconds by design, so
/// sqlx's slow-statement report is a debug message, not a warning on every large export.
fn connect_options(url: &str) -> Result<sqlx::any::AnyConnectOptions, StoreError> {
    use sqlx::ConnectOptions;
    use std::str::FromStr;
    Ok(sqlx::any::AnyConnectOptions::from_str(url)?
        .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1)))
}

impl Store {
    /// Opens (and for the embedded database, creates) the store. Does not migrate.
    pub async fn connect(target: &StoreTarget) -> Result<Store, StoreError> {
        install_default_drivers();
        match target {
            StoreTarget::Embedded(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                    path: dir.clone(),
                    source,
                })?;
                let file = dir.join(EMBEDDED_FILE);
                let url = sqlite_url(&file)?;
                // No ping before handing out a connection: an embedded database has no
                // network to lose, and the ping is a round trip to the connection's thread
                // on every query (a failed statement still discards a broken connection).
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL lets the CLI write while a server reads; the busy timeout
                            // makes concurrent writers wait instead of failing. Reads go
                            // through a memory map shared by every connection, and sorts and
                            // groups use memory rather than temporary files.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                                 PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(connect_options(&url)?)
                    .await?;
                Ok(Store {
                    pool,
                    backend: Backend::Sqlite,
                    explore: explore::ExploreState::sqlite(&file),
                    local_writes: std::sync::Arc::default(),
                })
            }
            StoreTarget::Postgres(url) => {
                // While the database is down, each request waits this long (sqlx retrying a
                // refused connection meanwhile) and then gets a 503 with Retry-After, rather
                // than hanging on; once it is back, the first connection that works serves.
                // Idle connections are tested before use (sqlx's default), so those the
                // restart cut are dropped rather than handed to a request.
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(POSTGRES_ACQUIRE_TIMEOUT)
                    .test_before_acquire(true)
                    .connect_with(connect_options(url)?)
                    .await?;
                Ok(Store {
                    pool,
                    backend: Backend::Postgres,
                    explore: explore::ExploreState::default(),
                    local_writes: std::sync::Arc::default(),
                })
            }
        }
    }

    /// Brings the schema up to date; safe to run at every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    /// The migrations this binary knows that the database has not applied (for `/readyz`:
    /// a replica newer than the schema must not take traffic).
    pub async fn pending_migrations(&self) -> Result<Vec<i64>, StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let rows = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&self.pool)
            .await;
        let applied: std::collections::BTreeSet<i64> = match rows {
            Ok(rows) => rows
                .iter()
                .map(|r| sqlx::Row::try_get::<i64, _>(r, 0))
                .collect::<Result<_, _>>()?,
            // No bookkeeping table: nothing was ever applied.
            Err(sqlx::Error::Database(_)) => std::collections::BTreeSet::new(),
            Err(other) => return Err(other.into()),
        };
        Ok(migrator
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .map(|m| m.version)
            .collect())
    }

    /// Creates an empty PostgreSQL database at `url` (test suites get one each).
    pub async fn create_database(url: &str) -> Result<(), StoreError> {
        use sqlx::migrate::MigrateDatabase;
        install_default_drivers();
        sqlx::Any::create_database(url).await?;
        Ok(())
    }

    /// Which dialect this store speaks.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), waiting its turn under the busy timeout: a transaction that
    /// reads first and writes later would instead fail with "database is locked" as soon
    /// as another connection commits in between, since SQLite cannot let it write on an
    /// outdated snapshot. PostgreSQL needs no such care (callers lock rows or keys).
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Closes every connection (end of a CLI command or of a test).
    pub async fn close(&self) {
        if let Some(readers) = &self.explore.sqlite {
            readers.close().await;
        }
        self.pool.close().await;
    }

    /// The same store with other time limits for explore statements.
    pub fn with_query_timeouts(mut self, timeouts: explore::QueryTimeouts) -> Store {
        self.explore.timeouts = timeouts;
        self
    }
}

fn sqlite_url(path: &Path) -> Result<String, StoreError> {
    let text = path
        .to_str()
        .ok_or_else(|| StoreError::Invalid("the data directory path must be valid UTF-8".into()))?;
    Ok(format!("sqlite://{text}?mode=rwc"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migrations() {
        let names = |m: &Migrator| -> Vec<(i64, String)> {
            m.iter()
                .map(|x| (x.version, x.description.to_string()))
                .collect()
        };
        assert_eq!(names(&SQLITE_MIGRATIONS), names(&POSTGRES_MIGRATIONS));
        assert!(!names(&SQLITE_MIGRATIONS).is_empty());
    }
}
