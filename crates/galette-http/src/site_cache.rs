//! Per-site copies of stored data that every page reads and that rarely changes: each
//! site's dataset catalogue (the `datasets` rows: ids, titles, fields, counts; the home
//! page, the explorer's list and the API's catalogue read it) and its statistics settings
//! (the policy page and its JSON). A site's copy is dropped when the data changes (at once
//! for a change made through this process, within about a second for one made anywhere
//! else: `version_watch`). Records themselves are never read from here: a query reads its
//! dataset's row from the store, so it never meets a table that a newer import replaced.

use crate::sync::lock;
use crate::version_watch::VersionWatch;
use galette_store::{Store, StoreError, Watched};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Sites whose copy is kept at once; past this the copies are all dropped and reloaded on
/// demand (a platform with more portals than this pays a query on a cold site).
const SITES_KEPT: usize = 1_024;

struct Copy<T> {
    epoch: u64,
    value: Arc<T>,
}

/// One kind of per-site data, watched through its version counter.
pub struct SiteCache<T> {
    /// The metrics' name of the cache.
    name: &'static str,
    watch: VersionWatch,
    copies: Mutex<HashMap<i64, Copy<T>>>,
}

impl<T> SiteCache<T> {
    /// An empty cache of `what`, named `name` in the metrics.
    pub fn new(name: &'static str, what: Watched) -> SiteCache<T> {
        SiteCache {
            name,
            watch: VersionWatch::new(what),
            copies: Mutex::default(),
        }
    }

    /// The site's copy, loaded with `load` when there is none or it is stale.
    pub async fn get<F, Fut>(
        &self,
        store: &Store,
        tenant_id: i64,
        load: F,
    ) -> Result<Arc<T>, StoreError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let epoch = self.watch.epoch(store).await?;
        let cached = lock(&self.copies)
            .get(&tenant_id)
            .filter(|c| c.epoch == epoch)
            .map(|c| Arc::clone(&c.value));
        if let Some(value) = cached {
            crate::telemetry::cache_lookup(self.name, true);
            return Ok(value);
        }
        crate::telemetry::cache_lookup(self.name, false);
        let value = Arc::new(load().await?);
        // Kept only if nothing changed while it was read.
        if self.watch.current(store) == epoch {
            let mut copies = lock(&self.copies);
            copies.retain(|_, c| c.epoch == epoch);
            if copies.len() >= SITES_KEPT {
                copies.clear();
            }
            copies.insert(
                tenant_id,
                Copy {
                    epoch,
                    value: Arc::clone(&value),
                },
            );
        }
        Ok(value)
    }
}

/// Each site's dataset catalogue.
pub struct DatasetsCache(SiteCache<Vec<galette_store::Dataset>>);

impl Default for DatasetsCache {
    fn default() -> Self {
        DatasetsCache(SiteCache::new("datasets", Watched::Datasets))
    }
}

impl DatasetsCache {
    /// Every dataset of the site, by id (restricted ones too: callers filter by what the
    /// visitor may read).
    pub async fn of(
        &self,
        store: &Store,
        tenant_id: i64,
    ) -> Result<Arc<Vec<galette_store::Dataset>>, StoreError> {
        self.0
            .get(store, tenant_id, || store.datasets(tenant_id))
            .await
    }
}

/// Each site's statistics settings.
pub struct StatSettingsCache(SiteCache<galette_core::stats::settings::StatSettings>);

impl Default for StatSettingsCache {
    fn default() -> Self {
        StatSettingsCache(SiteCache::new("stat_settings", Watched::StatSettings))
    }
}

impl StatSettingsCache {
    /// The site's settings (the defaults when it has none stored).
    pub async fn of(
        &self,
        store: &Store,
        tenant_id: i64,
    ) -> Result<galette_core::stats::settings::StatSettings, StoreError> {
        let settings = self
            .0
            .get(store, tenant_id, || store.stat_settings(tenant_id))
            .await?;
        Ok(*settings)
    }
}
