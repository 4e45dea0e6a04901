//! Tenants by host name, kept in memory so that a page costs no query for them.
//!
//! Two counters say when the cache is stale. The store's own count of tenant writes made
//! through this process: checked on every lookup (an atomic read), so a change made here —
//! the back office, a test — is seen by the very next request. And the store-wide
//! `tenant_version` row, bumped by triggers on every change whoever makes it (another
//! replica, the CLI, a hand-written statement): read at most once a second per process, by
//! one request while the others go on with the cache, so such a change is seen within about
//! a second. Either change empties the cache; entries loaded across a change are not kept.

use crate::sync::lock;
use galette_core::hostname::Hostname;
use galette_core::tenant::Tenant;
use galette_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How stale a change made elsewhere may be.
pub const RECHECK_EVERY: Duration = Duration::from_secs(1);

/// More host names than any deployment serves; a flood of distinct names cannot grow the
/// cache past it (unknown names are never cached anyway).
const MAX_ENTRIES: usize = 4096;

#[derive(Default)]
struct Entries {
    /// Bumped at every clear: a load that started under an older epoch is not kept.
    epoch: u64,
    local_writes: u64,
    version: Option<i64>,
    checked_at: Option<Instant>,
    by_host: HashMap<String, Arc<Tenant>>,
}

impl Entries {
    fn clear(&mut self) {
        self.epoch += 1;
        self.by_host.clear();
    }
}

/// Lowers the "a request is checking" flag when dropped.
struct Checking<'a>(&'a AtomicBool);

impl Drop for Checking<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// Tenants by host name.
#[derive(Default)]
pub struct TenantCache {
    entries: Mutex<Entries>,
    checking: AtomicBool,
}

impl TenantCache {
    /// The tenant served on `host`, from memory when it is known to be current.
    pub async fn get(
        &self,
        store: &Store,
        host: &Hostname,
    ) -> Result<Option<Arc<Tenant>>, StoreError> {
        self.revalidate(store).await?;
        let epoch = {
            let mut entries = lock(&self.entries);
            let writes = store.local_tenant_writes();
            if entries.local_writes != writes {
                entries.local_writes = writes;
                entries.clear();
            }
            if let Some(hit) = entries.by_host.get(host.as_str()) {
                return Ok(Some(Arc::clone(hit)));
            }
            entries.epoch
        };
        let Some(tenant) = store.tenant_by_hostname(host).await?.map(Arc::new) else {
            return Ok(None);
        };
        let mut entries = lock(&self.entries);
        if entries.epoch == epoch && entries.local_writes == store.local_tenant_writes() {
            if entries.by_host.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries
                .by_host
                .insert(host.as_str().to_owned(), Arc::clone(&tenant));
        }
        Ok(Some(tenant))
    }

    /// Reads the store-wide version when the last reading is a second old; only one
    /// request does it at a time. The first reading (an empty cache) is always made.
    async fn revalidate(&self, store: &Store) -> Result<(), StoreError> {
        let due = {
            let entries = lock(&self.entries);
            entries
                .checked_at
                .is_none_or(|at| at.elapsed() >= RECHECK_EVERY)
        };
        if !due
            || self
                .checking
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        {
            return Ok(());
        }
        // Reset even if this request is dropped mid-read (its client went away).
        let _checking = Checking(&self.checking);
        let version = store.tenant_version().await?;
        let mut entries = lock(&self.entries);
        if entries.version != Some(version) {
            entries.version = Some(version);
            entries.clear();
        }
        entries.checked_at = Some(Instant::now());
        Ok(())
    }
}
