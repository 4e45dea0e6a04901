//! Each site's dataset catalogue (the `datasets` rows: ids, titles, fields, counts), kept in
//! memory so that the home page, the explorer's list and the API's catalogue cost no query.
//! A site's copy is dropped when any dataset changes (at once for a change made through this
//! process, within about a second for one made anywhere else: `version_watch`). The records
//! themselves are never read from here: a query reads its dataset's row from the store, so
//! it never meets a table that a newer import has replaced.

use crate::sync::lock;
use crate::version_watch::VersionWatch;
use galette_store::{Dataset, Store, StoreError, Watched};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Sites whose catalogue is kept at once; past this the copies are all dropped and reloaded
/// on demand (a platform with more portals than this pays a query on a cold site).
const SITES_KEPT: usize = 1_024;

struct Copy {
    epoch: u64,
    datasets: Arc<Vec<Dataset>>,
}

/// The catalogues of the sites recently served.
pub struct DatasetsCache {
    watch: VersionWatch,
    copies: Mutex<HashMap<i64, Copy>>,
}

impl Default for DatasetsCache {
    fn default() -> Self {
        DatasetsCache {
            watch: VersionWatch::new(Watched::Datasets),
            copies: Mutex::default(),
        }
    }
}

impl DatasetsCache {
    /// Every dataset of the site, by id (restricted ones too: callers filter by what the
    /// visitor may read).
    pub async fn of(&self, store: &Store, tenant_id: i64) -> Result<Arc<Vec<Dataset>>, StoreError> {
        let epoch = self.watch.epoch(store).await?;
        let cached = lock(&self.copies)
            .get(&tenant_id)
            .filter(|c| c.epoch == epoch)
            .map(|c| Arc::clone(&c.datasets));
        if let Some(datasets) = cached {
            crate::telemetry::cache_lookup("datasets", true);
            return Ok(datasets);
        }
        crate::telemetry::cache_lookup("datasets", false);
        let datasets = Arc::new(store.datasets(tenant_id).await?);
        // Kept only if no dataset changed while it was read.
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
                    datasets: Arc::clone(&datasets),
                },
            );
        }
        Ok(datasets)
    }
}
