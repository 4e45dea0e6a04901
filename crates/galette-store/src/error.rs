//! The store's single error type: what went wrong, without SQL in the user's face.

use std::path::PathBuf;

/// A storage failure, mapped by callers to a status or a CLI message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A named thing an edit refers to does not exist (any more).
    #[error("there is no {0}")]
    Missing(String),
    /// A unique value is already taken (slug, hostname, email…).
    #[error("{0} already exists")]
    Conflict(String),
    /// A stored or given value is not valid.
    #[error("invalid value: {0}")]
    Invalid(String),
    /// A stored consent record disagrees with what is stored beside it.
    #[error("record {seq} is broken: {reason}")]
    Tampered {
        /// The `seq` the record carries.
        seq: u64,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// The data directory could not be created.
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database is unreachable or timed out.
    #[error("the database is unavailable: {0}")]
    Unavailable(sqlx::Error),
    /// A query failed on the values it met (a number out of range…): the query's fault,
    /// with the database's explanation.
    #[error("the query failed on the data: {0}")]
    QueryData(String),
    /// A query ran past its time limit and was stopped.
    #[error("the query ran longer than its limit of {} s and was stopped", .0.as_secs_f64())]
    TimedOut(std::time::Duration),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound("row"),
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e)
            }
            sqlx::Error::Database(ref db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            other => StoreError::Database(other),
        }
    }
}
