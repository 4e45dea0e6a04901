//! Failed sign-in attempts, kept briefly to throttle password guessing per account and client.

use crate::{Store, StoreError};
use sqlx::Row;

impl Store {
    /// Records a failed sign-in for an account (normalised e-mail) and a client digest.
    pub async fn record_login_failure(
        &self,
        tenant_id: i64,
        account: &str,
        client: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO login_failures (tenant_id, account, client, failed_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant_id)
        .bind(account)
        .bind(client)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Failures since `since` for the account and for the client, as `(account, client)`.
    pub async fn recent_login_failures(
        &self,
        tenant_id: i64,
        account: &str,
        client: &str,
        since: i64,
    ) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT \
               (SELECT COUNT(*) FROM login_failures WHERE tenant_id = $1 AND account = $2 AND failed_at > $4), \
               (SELECT COUNT(*) FROM login_failures WHERE tenant_id = $1 AND client = $3 AND failed_at > $4)",
        )
        .bind(tenant_id)
        .bind(account)
        .bind(client)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    /// Forgets an account's failures after it signs in successfully.
    pub async fn clear_login_failures(
        &self,
        tenant_id: i64,
        account: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE tenant_id = $1 AND account = $2")
            .bind(tenant_id)
            .bind(account)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes failures older than `before` (they no longer count).
    pub async fn purge_login_failures(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
