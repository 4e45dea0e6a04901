//! When an in-memory copy of stored data must be dropped.
//!
//! Two signals, read together as one epoch that moves whenever either does. The count of
//! changes made through this process's `Store`: an atomic read on every use, so a change
//! made here (the back office, a test) shows on the very next request. And the store-wide
//! version row that triggers bump on every change, whoever makes it (another replica, the
//! CLI, an operator's SQL): read at most once a second per process, by one request while
//! the others go on with the copy they have, so such a change shows within about a second.

use crate::sync::lock;
use galette_store::{Store, StoreError, Watched};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How stale a change made elsewhere may be.
pub const RECHECK_EVERY: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Seen {
    epoch: u64,
    local_writes: u64,
    version: Option<i64>,
    checked_at: Option<Instant>,
}

/// Watches one kind of stored data.
pub struct VersionWatch {
    what: Watched,
    seen: Mutex<Seen>,
    checking: AtomicBool,
}

/// Lowers the "a request is reading the version" flag when dropped, even if that request's
/// future is dropped mid-read (its client went away).
struct Checking<'a>(&'a AtomicBool);

impl Drop for Checking<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl VersionWatch {
    /// Watches `what`.
    pub fn new(what: Watched) -> VersionWatch {
        VersionWatch {
            what,
            seen: Mutex::default(),
            checking: AtomicBool::new(false),
        }
    }

    /// The epoch now, after reading the store-wide version if a second has passed since
    /// the last reading (the first call always reads it). A copy made at another epoch is
    /// stale.
    pub async fn epoch(&self, store: &Store) -> Result<u64, StoreError> {
        let due = lock(&self.seen)
            .checked_at
            .is_none_or(|at| at.elapsed() >= RECHECK_EVERY);
        if due
            && self
                .checking
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            let _checking = Checking(&self.checking);
            let version = store.change_version(self.what).await?;
            let mut seen = lock(&self.seen);
            if seen.version != Some(version) {
                seen.version = Some(version);
                seen.epoch += 1;
            }
            seen.checked_at = Some(Instant::now());
        }
        Ok(self.current(store))
    }

    /// The epoch from what is known without reading the store: moves at once when this
    /// process wrote. A copy loaded at epoch `e` may be kept only if this is still `e`.
    pub fn current(&self, store: &Store) -> u64 {
        let mut seen = lock(&self.seen);
        let writes = store.local_writes(self.what);
        if seen.local_writes != writes {
            seen.local_writes = writes;
            seen.epoch += 1;
        }
        seen.epoch
    }
}
