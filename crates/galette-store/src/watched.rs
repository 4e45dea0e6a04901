//! What servers cache in memory, and how they learn that it changed: a counter per kind in
//! the store (`change_versions`, bumped by triggers whoever writes, so another replica, the
//! CLI or an operator's SQL are seen), and a count of the writes made through this `Store`
//! (so the process that wrote sees its own change at once, without waiting for its next
//! reading of the counter).

use crate::{Store, StoreError};
use sqlx::Row;
use std::sync::atomic::Ordering;

/// A kind of cached data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watched {
    /// Tenants and their host names.
    Tenants,
    /// The notification feed's posts.
    News,
    /// The dataset catalogue (the `datasets` rows, not their records).
    Datasets,
    /// The sites' statistics settings.
    StatSettings,
}

impl Watched {
    /// Its row in `change_versions`.
    pub const fn name(self) -> &'static str {
        match self {
            Watched::Tenants => "tenants",
            Watched::News => "news",
            Watched::Datasets => "datasets",
            Watched::StatSettings => "stat_settings",
        }
    }

    const fn slot(self) -> usize {
        match self {
            Watched::Tenants => 0,
            Watched::News => 1,
            Watched::Datasets => 2,
            Watched::StatSettings => 3,
        }
    }
}

impl Store {
    /// The store-wide version of `what`: bumped by every change, from any process.
    pub async fn change_version(&self, what: Watched) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT version FROM change_versions WHERE name = $1")
            .bind(what.name())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// How many changes to `what` went through this store (or a clone of it) since it was
    /// opened.
    pub fn local_writes(&self, what: Watched) -> u64 {
        self.local_writes
            .get(what.slot())
            .map_or(0, |count| count.load(Ordering::Acquire))
    }

    /// Counts a committed change to `what` (see [`Store::local_writes`]).
    pub(crate) fn written(&self, what: Watched) {
        if let Some(count) = self.local_writes.get(what.slot()) {
            count.fetch_add(1, Ordering::AcqRel);
        }
    }
}
