//! Server-side sessions: the `sessionid` cookie holds only the key, the data lives here.

use crate::{Store, StoreError};
use sqlx::Row;

/// A live session as stored.
#[derive(Clone)]
pub struct SessionRecord {
    /// Serialised session data (JSON, owned by the HTTP layer).
    pub data: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

impl Store {
    /// The live session with this key on this tenant; expired or foreign ones are absent (S-2, S-10).
    pub async fn load_session(
        &self,
        key: &str,
        tenant_id: i64,
        now: i64,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT data, expires_at FROM sessions \
             WHERE session_key = $1 AND tenant_id = $2 AND expires_at > $3",
        )
        .bind(key)
        .bind(tenant_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SessionRecord {
                data: r.try_get(0)?,
                expires_at: r.try_get(1)?,
            })
        })
        .transpose()
    }

    /// Stores a session under a key never used before; `Ok(false)` if the key is taken.
    pub async fn insert_session(
        &self,
        key: &str,
        tenant_id: i64,
        data: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "INSERT INTO sessions (session_key, tenant_id, data, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(key)
        .bind(tenant_id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await;
        match result.map_err(StoreError::from) {
            Ok(_) => Ok(true),
            Err(StoreError::Conflict(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Rewrites an existing session's data and expiry; `Ok(false)` if it vanished meanwhile.
    pub async fn update_session(
        &self,
        key: &str,
        tenant_id: i64,
        data: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET data = $1, expires_at = $2 WHERE session_key = $3 AND tenant_id = $4",
        )
        .bind(data)
        .bind(expires_at)
        .bind(key)
        .bind(tenant_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Forgets a session (logout, key cycling).
    pub async fn delete_session(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE session_key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes every session whose expiry has passed; returns how many.
    pub async fn purge_expired_sessions(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Number of stored sessions of a tenant (operators' view and tests).
    pub async fn count_sessions(&self, tenant_id: i64) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM sessions WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }
}
