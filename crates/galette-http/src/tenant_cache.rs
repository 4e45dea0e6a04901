//! Tenants by host name, kept in memory so that a page costs no query for them. The copy
//! is dropped when a tenant or a host name changes: at once for a change made through this
//! process, within about a second for one made anywhere else (`version_watch`).

use crate::sync::lock;
use crate::version_watch::VersionWatch;
use galette_core::hostname::Hostname;
use galette_core::tenant::Tenant;
use galette_store::{Store, StoreError, Watched};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// More host names than any deployment serves; a flood of distinct names cannot grow the
/// cache past it (unknown names are never cached anyway).
const MAX_ENTRIES: usize = 4096;

#[derive(Default)]
struct Entries {
    epoch: u64,
    by_host: HashMap<String, Arc<Tenant>>,
}

/// Tenants by host name.
pub struct TenantCache {
    watch: VersionWatch,
    entries: Mutex<Entries>,
}

impl Default for TenantCache {
    fn default() -> Self {
        TenantCache {
            watch: VersionWatch::new(Watched::Tenants),
            entries: Mutex::default(),
        }
    }
}

impl TenantCache {
    /// The tenant served on `host`, from memory when it is known to be current.
    pub async fn get(
        &self,
        store: &Store,
        host: &Hostname,
    ) -> Result<Option<Arc<Tenant>>, StoreError> {
        let epoch = self.watch.epoch(store).await?;
        {
            let mut entries = lock(&self.entries);
            if entries.epoch != epoch {
                entries.epoch = epoch;
                entries.by_host.clear();
            }
            if let Some(hit) = entries.by_host.get(host.as_str()) {
                crate::telemetry::cache_lookup("tenants", true);
                return Ok(Some(Arc::clone(hit)));
            }
        }
        crate::telemetry::cache_lookup("tenants", false);
        let Some(tenant) = store.tenant_by_hostname(host).await?.map(Arc::new) else {
            return Ok(None);
        };
        // Kept only if nothing changed while it was read.
        if self.watch.current(store) == epoch {
            let mut entries = lock(&self.entries);
            if entries.epoch == epoch {
                if entries.by_host.len() >= MAX_ENTRIES {
                    entries.by_host.clear();
                }
                entries
                    .by_host
                    .insert(host.as_str().to_owned(), Arc::clone(&tenant));
            }
        }
        Ok(Some(tenant))
    }
}
