//! API quotas: each site's limits (columns of `tenants`, so they travel with the cached
//! tenant) and the calls counted per caller and window (`api_call_counts`), one upsert per
//! call, shared by every server on the database (docs/quotas.md).

use crate::{Store, StoreError};
use galette_core::quota::{QuotaSettings, QuotaUnit, Subject, Window};
use sqlx::Row;
use sqlx::any::AnyRow;

impl Store {
    /// Replaces a site's quotas; every server drops its copy of the tenant within a second.
    pub async fn set_api_quota(
        &self,
        tenant_id: i64,
        settings: &QuotaSettings,
    ) -> Result<(), StoreError> {
        let settings = settings
            .validate()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let done = sqlx::query(
            "UPDATE tenants SET api_quota_per_address = $1, api_quota_per_key = $2, \
             api_quota_unit = $3 WHERE id = $4",
        )
        .bind(stored_limit(settings.per_address))
        .bind(stored_limit(settings.per_key))
        .bind(settings.unit.code())
        .bind(tenant_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("tenant"));
        }
        self.written(crate::Watched::Tenants);
        Ok(())
    }

    /// Counts one call of `subject` in `window` and returns the window's count, this call
    /// included: one atomic statement, so that concurrent calls on any number of servers
    /// each see a distinct count.
    pub async fn count_api_call(
        &self,
        tenant_id: i64,
        subject: &Subject,
        window: Window,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO api_call_counts (tenant_id, kind, subject, window_start, window_end, calls) \
             VALUES ($1, $2, $3, $4, $5, 1) \
             ON CONFLICT (tenant_id, kind, subject, window_start, window_end) \
             DO UPDATE SET calls = api_call_counts.calls + 1 \
             RETURNING calls",
        )
        .bind(tenant_id)
        .bind(subject.kind.code())
        .bind(&subject.digest)
        .bind(window.start)
        .bind(window.end)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Deletes the counts of windows that ended at or before `now`.
    pub async fn purge_api_call_counts(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM api_call_counts WHERE window_end <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

/// Limits are at most a billion, so they always fit.
fn stored_limit(limit: u64) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// A tenant row's quotas. A value an operator wrote by hand that makes no sense (a
/// negative limit, an unknown unit) reads as unlimited, or as a day.
pub(crate) fn settings_from_row(row: &AnyRow) -> Result<QuotaSettings, StoreError> {
    let limit = |column: &str| -> Result<u64, StoreError> {
        let value: i64 = row.try_get(column)?;
        Ok(u64::try_from(value).unwrap_or(0))
    };
    let unit: String = row.try_get("api_quota_unit")?;
    Ok(QuotaSettings {
        per_address: limit("api_quota_per_address")?,
        per_key: limit("api_quota_per_key")?,
        unit: QuotaUnit::parse(&unit).unwrap_or(QuotaUnit::Day),
    })
}
