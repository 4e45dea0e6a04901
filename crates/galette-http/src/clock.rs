//! The only source of "now" in the HTTP crate; tests shift it to step over expiries.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The only source of "now". Tests shift it to step over expiries.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
}

impl Clock {
    /// The current time, shifted by whatever a test asked for.
    pub fn now(&self) -> SystemTime {
        #[expect(
            clippy::disallowed_methods,
            reason = "Clock is the one place that reads the system time"
        )]
        let real = SystemTime::now();
        let offset = self.offset_secs.load(Ordering::Relaxed);
        let shift = Duration::from_secs(offset.unsigned_abs());
        if offset >= 0 {
            real + shift
        } else {
            real - shift
        }
    }

    /// Unix seconds of `now()`.
    pub fn unix(&self) -> i64 {
        let secs = self
            .now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        i64::try_from(secs).unwrap_or(i64::MAX)
    }

    /// Moves this clock (and every copy of it) forward; for tests of expiry.
    pub fn advance(&self, by: Duration) {
        let secs = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        self.offset_secs.fetch_add(secs, Ordering::Relaxed);
    }
}
