//! Users of each tenant (accounts that sign in to the portal and its back office).

use crate::{Store, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored user.
#[derive(Clone)]
pub struct User {
    /// Store id.
    pub id: i64,
    /// Tenant the account belongs to.
    pub tenant_id: i64,
    /// Normalised e-mail address.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Whether the user may open the back office.
    pub is_admin: bool,
    /// The user's last consent choice, as the `cookies_preferences` value (MAC included).
    pub consent_choice: Option<String>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("tenant_id", &self.tenant_id)
            .field("is_admin", &self.is_admin)
            .finish_non_exhaustive()
    }
}

const USER_COLUMNS: &str = "id, tenant_id, email, password_hash, is_admin, consent_choice";

impl Store {
    /// Creates an account; a second account with the same e-mail on the tenant is a conflict.
    pub async fn create_user(
        &self,
        tenant_id: i64,
        email: &str,
        password_hash: &str,
        is_admin: bool,
        now: i64,
    ) -> Result<User, StoreError> {
        let sql = format!(
            "INSERT INTO users (tenant_id, email, password_hash, is_admin, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {USER_COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(tenant_id)
            .bind(email)
            .bind(password_hash)
            .bind(i64::from(is_admin))
            .bind(now)
            .fetch_one(&self.pool)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("a user with the e-mail {email} on this site"))
                }
                other => other,
            })?;
        user_from_row(&row)
    }

    /// Replaces an account's password hash (old sessions stop authenticating, S-8).
    pub async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("user"));
        }
        Ok(())
    }

    /// Keeps a signed-in user's consent choice (consent.md C-12).
    pub async fn set_user_consent(&self, user_id: i64, value: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET consent_choice = $1 WHERE id = $2")
            .bind(value)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account with this e-mail on the tenant.
    pub async fn user_by_email(
        &self,
        tenant_id: i64,
        email: &str,
    ) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE tenant_id = $1 AND email = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(tenant_id)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The account with this id on the tenant (a user of another tenant is not found).
    pub async fn user_by_id(
        &self,
        tenant_id: i64,
        user_id: i64,
    ) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(tenant_id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }
}

fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    Ok(User {
        id: row.try_get("id")?,
        tenant_id: row.try_get("tenant_id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        is_admin: row.try_get::<i64, _>("is_admin")? != 0,
        consent_choice: row.try_get("consent_choice")?,
    })
}
