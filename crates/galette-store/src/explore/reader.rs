//! Where explore statements run, and how they are stopped: past their time limit, or as
//! soon as the request that wanted them is dropped (the client went away).
//!
//! On SQLite they run on their own pool of typed, query-only connections, each statement
//! under a progress handler that interrupts it once the deadline passes or its
//! [`StopOnDrop`] guard is dropped. On PostgreSQL each runs in a transaction whose
//! `statement_timeout` is the limit; a dropped request leaves the server at most that long.

use crate::StoreError;
use galette_core::explore::limits::{EXPORT_TIMEOUT_SECONDS, QUERY_TIMEOUT_SECONDS};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqlitePool, SqlitePoolOptions};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long explore statements may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryTimeouts {
    /// Records, facets, catalogue and explorer pages.
    pub query: Duration,
    /// Exports and export files, which stream every row by design.
    pub export: Duration,
}

impl Default for QueryTimeouts {
    fn default() -> Self {
        QueryTimeouts {
            query: Duration::from_secs(QUERY_TIMEOUT_SECONDS),
            export: Duration::from_secs(EXPORT_TIMEOUT_SECONDS),
        }
    }
}

/// The explore side of a store: its SQLite reader pool, limits and filled-in zones.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExploreState {
    /// Typed SQLite connections for explore statements (`None` on PostgreSQL).
    pub(crate) sqlite: Option<SqlitePool>,
    /// Time limits.
    pub(crate) timeouts: QueryTimeouts,
    /// Keys of the zones already in `zone_offsets`.
    pub(crate) zones: Arc<Mutex<HashSet<i64>>>,
    /// Statements stopped because the request that wanted them was dropped.
    pub(crate) abandoned: Arc<AtomicU64>,
}

/// Statement-running connections of the SQLite reader pool.
const SQLITE_READERS: u32 = 4;
/// Virtual machine steps between two looks at the deadline and the stop flag.
const PROGRESS_STEPS: i32 = 10_000;

impl ExploreState {
    /// The state of an embedded database at `file` (connections open when first needed).
    pub(crate) fn sqlite(file: &Path) -> ExploreState {
        use sqlx::ConnectOptions;
        let options = SqliteConnectOptions::new()
            .filename(file)
            .busy_timeout(Duration::from_secs(5))
            .pragma("query_only", "ON")
            .pragma("temp_store", "MEMORY")
            .pragma("mmap_size", "1073741824")
            .statement_cache_capacity(0)
            .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1));
        let pool = SqlitePoolOptions::new()
            .max_connections(SQLITE_READERS)
            .connect_lazy_with(options);
        ExploreState {
            sqlite: Some(pool),
            ..ExploreState::default()
        }
    }
}

/// Stops the statement of its connection when dropped (see the module doc).
pub(crate) struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Arms `conn` so that its statements stop after `deadline` or once the guard is dropped
/// (counted in `abandoned`).
pub(crate) async fn arm_sqlite(
    conn: &mut SqliteConnection,
    deadline: Instant,
    abandoned: &Arc<AtomicU64>,
) -> Result<StopOnDrop, StoreError> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let abandoned = Arc::clone(abandoned);
    let mut counted = false;
    conn.lock_handle()
        .await?
        .set_progress_handler(PROGRESS_STEPS, move || {
            if flag.load(Ordering::Relaxed) {
                if !counted {
                    counted = true;
                    abandoned.fetch_add(1, Ordering::Relaxed);
                }
                return false;
            }
            Instant::now() < deadline
        });
    Ok(StopOnDrop(stop))
}

/// The statement that limits the rest of a PostgreSQL transaction to `limit`.
pub(crate) fn postgres_timeout(limit: Duration) -> String {
    let millis = limit.as_millis().clamp(1, i32::MAX as u128);
    format!("SET LOCAL statement_timeout = {millis}")
}

/// A database error, read as "stopped by its time limit" or "failed on the data" when it
/// is one of those.
pub(crate) fn stopped(e: sqlx::Error, limit: Duration) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        let code = db.code().unwrap_or_default();
        // SQLITE_INTERRUPT (9), or PostgreSQL's query_canceled (57014).
        if matches!(code.as_ref(), "9" | "57014") {
            return StoreError::TimedOut(limit);
        }
        // PostgreSQL's data exceptions (class 22), SQLite's overflow in sum() or abs().
        if code.starts_with("22") || db.message().contains("integer overflow") {
            return StoreError::QueryData(db.message().to_owned());
        }
    }
    StoreError::from(e)
}
