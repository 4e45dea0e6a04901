//! API keys of each tenant, stored as digests only.

use crate::{Store, StoreError};
use sqlx::Row;

/// A key as the back office lists it (never the key itself).
#[derive(Clone, Debug)]
pub struct ApiKey {
    /// Store id.
    pub id: i64,
    /// What the key is for.
    pub name: String,
    /// Creation time (Unix seconds).
    pub created_at: i64,
    /// Revocation time, if revoked.
    pub revoked_at: Option<i64>,
}

impl Store {
    /// Records a new key by its digest.
    pub async fn create_api_key(
        &self,
        tenant_id: i64,
        name: &str,
        digest: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query("INSERT INTO api_keys (tenant_id, name, key_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(tenant_id)
            .bind(name)
            .bind(digest)
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// The live (not revoked) key of this tenant with this digest.
    pub async fn api_key_by_digest(
        &self,
        tenant_id: i64,
        digest: &str,
    ) -> Result<Option<ApiKey>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, created_at, revoked_at FROM api_keys \
             WHERE tenant_id = $1 AND key_hash = $2 AND revoked_at IS NULL",
        )
        .bind(tenant_id)
        .bind(digest)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| key_from_row(&r)).transpose()
    }

    /// Every key of a tenant, newest first.
    pub async fn api_keys(&self, tenant_id: i64) -> Result<Vec<ApiKey>, StoreError> {
        let rows = sqlx::query("SELECT id, name, created_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY id DESC")
            .bind(tenant_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(key_from_row).collect()
    }

    /// Revokes a key of this tenant; revoking twice keeps the first time.
    pub async fn revoke_api_key(
        &self,
        tenant_id: i64,
        id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE tenant_id = $2 AND id = $3")
            .bind(now)
            .bind(tenant_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("API key"));
        }
        Ok(())
    }

    /// Makes a dataset public (`domain`) or restricted.
    pub async fn set_dataset_visibility(
        &self,
        tenant_id: i64,
        dataset_id: &str,
        is_restricted: bool,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE datasets SET visibility = $1 WHERE tenant_id = $2 AND dataset_id = $3",
        )
        .bind(crate::datasets::visibility_code(is_restricted))
        .bind(tenant_id)
        .bind(dataset_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("dataset"));
        }
        self.written(crate::Watched::Datasets);
        Ok(())
    }
}

fn key_from_row(row: &sqlx::any::AnyRow) -> Result<ApiKey, StoreError> {
    Ok(ApiKey {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}
