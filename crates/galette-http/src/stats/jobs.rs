//! The statistics' periodic work, safe to run on every replica at once: each step is a
//! store transaction that gives the same result whoever runs it first.

use galette_core::stats::day_of;
use galette_store::{Store, StoreError};

/// What one round of maintenance did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Maintenance {
    /// Salts of past days deleted.
    pub salts_deleted: u64,
    /// (site, day) pairs given their last roll-up, their visitor hashes cleared.
    pub days_finished: usize,
    /// Sites whose roll-ups of today were recomputed.
    pub sites_rolled_up: usize,
    /// Rows deleted for being older than their site keeps them.
    pub rows_expired: u64,
}

/// One round, at Unix time `now`: (1) delete the salts of past days, so that no event of
/// those days can be written any more; (2) give every past day whose events still carry
/// visitor hashes its last roll-up and clear the hashes (after midnight: yesterday); (3)
/// recompute today's roll-ups of every site with events today; (4) delete raw events and
/// roll-ups older than each site keeps them.
pub async fn maintain(store: &Store, now: i64) -> Result<Maintenance, StoreError> {
    let today = day_of(now);
    let mut done = Maintenance {
        salts_deleted: store.delete_stat_salts_before(today).await?,
        ..Maintenance::default()
    };
    for (tenant_id, day) in store.unfinished_stat_days(today).await? {
        store.roll_up_stat_day(tenant_id, day, true).await?;
        done.days_finished += 1;
    }
    for tenant_id in store.stat_sites_on(today).await? {
        store.roll_up_stat_day(tenant_id, today, false).await?;
        done.sites_rolled_up += 1;
    }
    for tenant in store.list_tenants().await? {
        done.rows_expired += store.enforce_stat_retention(tenant.id, now).await?;
    }
    Ok(done)
}
