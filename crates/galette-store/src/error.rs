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
    /// The database is unreachable, timed out, or cut the connection (it is shutting down
    /// or restarting): worth trying again in a moment.
    #[error("the database is unavailable: {0}")]
    Unavailable(sqlx::Error),
    /// The database could not write to its files: the disk is full, a file reached a size
    /// limit, or the disk failed. What was being written is rolled back.
    #[error(
        "the database could not write to its files: the disk is full, a file reached its size \
         limit, or the disk failed ({0})"
    )]
    DiskFull(sqlx::Error),
    /// The database refuses to write: it, or its files, are read-only.
    #[error("the database is read-only, so nothing could be written ({0})")]
    ReadOnly(sqlx::Error),
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
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e),
            sqlx::Error::Database(ref db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            sqlx::Error::Database(ref db) => match kind_of(db.code().as_deref()) {
                Some(Kind::Unavailable) => StoreError::Unavailable(e),
                Some(Kind::DiskFull) => StoreError::DiskFull(e),
                Some(Kind::ReadOnly) => StoreError::ReadOnly(e),
                None => StoreError::Database(e),
            },
            other => StoreError::Database(other),
        }
    }
}

/// The database errors that are about the database's state rather than the statement.
enum Kind {
    Unavailable,
    DiskFull,
    ReadOnly,
}

/// Sorts a database error code: PostgreSQL's SQLSTATE (five characters) or SQLite's
/// extended result code (a number). Whatever else stays a plain database error: a 500 and
/// a log line, since it means a defect here rather than a database in trouble.
fn kind_of(code: Option<&str>) -> Option<Kind> {
    let code = code?;
    if let Ok(number) = code.parse::<i32>()
        && code.len() < 5
    {
        // SQLite: the primary code is the low byte of the extended one.
        return match (number & 0xff, number) {
            // SQLITE_FULL; SQLITE_IOERR_WRITE, which is what a write refused by the system
            // (EFBIG past a file size limit, EIO) becomes; SQLITE_IOERR_SHMSIZE.
            (13, _) | (_, 778 | 4874) => Some(Kind::DiskFull),
            // SQLITE_READONLY and its variants (a read-only file or directory…).
            (8, _) => Some(Kind::ReadOnly),
            // SQLITE_CANTOPEN: the file cannot be opened (gone, or its directory is).
            (14, _) => Some(Kind::Unavailable),
            _ => None,
        };
    }
    match code {
        // disk_full; io_error (PostgreSQL's own writes failed).
        "53100" | "58030" => Some(Kind::DiskFull),
        // read_only_sql_transaction: a read-only database or a hot standby.
        "25006" => Some(Kind::ReadOnly),
        // too_many_connections; admin_shutdown (the server is stopping and cut the
        // session); crash_shutdown; cannot_connect_now (starting up or shutting down);
        // database_dropped; idle_session_timeout.
        "53300" | "57P01" | "57P02" | "57P03" | "57P04" | "57P05" => Some(Kind::Unavailable),
        // Class 08, connection exception.
        _ if code.starts_with("08") => Some(Kind::Unavailable),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_states_are_told_apart_from_defects() {
        let kind = |code| match kind_of(Some(code)) {
            Some(Kind::Unavailable) => "unavailable",
            Some(Kind::DiskFull) => "disk full",
            Some(Kind::ReadOnly) => "read-only",
            None => "defect",
        };
        assert_eq!(kind("57P01"), "unavailable");
        assert_eq!(kind("08006"), "unavailable");
        assert_eq!(kind("53100"), "disk full");
        assert_eq!(kind("25006"), "read-only");
        assert_eq!(kind("13"), "disk full");
        assert_eq!(kind("778"), "disk full");
        assert_eq!(kind("1032"), "read-only");
        assert_eq!(kind("8"), "read-only");
        assert_eq!(kind("266"), "defect", "a failed read is not a full disk");
        assert_eq!(kind("42P01"), "defect", "undefined_table is a bug here");
        assert_eq!(kind("1"), "defect");
        assert_eq!(kind("2067"), "defect", "a unique violation is a conflict");
    }
}
