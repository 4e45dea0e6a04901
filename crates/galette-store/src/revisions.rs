//! Registry edits and policy revisions (consent.md C-30, C-31).
//!
//! Every edit is one transaction: the registry is read, changed in memory, checked,
//! written back, and a revision is recorded with a snapshot of what visitors are shown.
//! The revision number is the optimistic lock: an edit made on a stale page is refused.

use crate::integrations::{insert_integration, load_integrations};
use crate::registry::{insert_declaration, load_registry};
use crate::{Store, StoreError};
use galette_core::consent::log_chain::registry_digest;
use galette_core::registry::{
    CookieDeclaration, Integration, canonical_registry_json, diff_registry, needs_reconsent,
};
use galette_core::tenant::Enforcement;
use serde::Deserialize;
use sqlx::{Any, Row, Transaction};

/// One change an administrator makes to a registry.
#[derive(Clone, Debug)]
pub enum RegistryEdit {
    /// Adds a cookie, or replaces the one named `replacing` (at the same place).
    PutCookie {
        /// Name of the declaration being edited; `None` to add one.
        replacing: Option<String>,
        /// The new declaration.
        declaration: CookieDeclaration,
    },
    /// Removes the declaration with this name.
    RemoveCookie(String),
    /// Adds an integration, or replaces the one named `replacing`.
    PutIntegration {
        /// Name of the integration being edited; `None` to add one.
        replacing: Option<String>,
        /// The new integration.
        integration: Integration,
    },
    /// Removes the integration with this name.
    RemoveIntegration(String),
}

/// What an edit did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditOutcome {
    /// The new policy revision.
    pub revision: u64,
    /// Whether visitors are asked to consent again.
    pub needs_consent: bool,
}

/// One line of what a revision changed, as stored.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
pub struct RevisionChange {
    /// `added`, `removed` or `changed`.
    pub kind: String,
    /// Cookie or integration name.
    pub name: String,
    /// What changed, in words.
    pub details: Vec<String>,
}

/// A recorded revision.
#[derive(Clone, Debug)]
pub struct PolicyRevision {
    /// Its number.
    pub revision: u64,
    /// When it was made (Unix seconds).
    pub created_at: i64,
    /// Whether it asked visitors to consent again.
    pub needs_consent: bool,
    /// The registry as it was (canonical JSON).
    pub snapshot: String,
    /// SHA-256 of the snapshot (the `policy_sha256` of consent records).
    pub digest: String,
    /// What this revision changed from the previous one.
    pub changes: Vec<RevisionChange>,
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
    /// Applies one edit made on `expected_revision`; a stale revision is a conflict.
    pub async fn edit_registry(
        &self,
        tenant_id: i64,
        expected_revision: u64,
        edit: RegistryEdit,
        now: i64,
    ) -> Result<EditOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        // Take the write lock first (SQLite) and check the revision (both backends).
        let bumped = sqlx::query(
            "UPDATE tenants SET policy_revision = policy_revision + 1 \
             WHERE id = $1 AND policy_revision = $2",
        )
        .bind(tenant_id)
        .bind(to_i64(expected_revision))
        .execute(&mut *tx)
        .await?;
        if bumped.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "a newer revision of this registry (someone edited it meanwhile; reload the page)"
                    .into(),
            ));
        }
        let before = load_registry(&mut tx, tenant_id).await?;
        let before_integrations = load_integrations(&mut tx, tenant_id).await?;
        let (mut after, mut after_integrations) = (before.clone(), before_integrations.clone());
        apply(&mut after, &mut after_integrations, edit)?;
        let needs_consent =
            needs_reconsent(&before, &before_integrations, &after, &after_integrations);
        replace_registry(&mut tx, tenant_id, &after, &after_integrations).await?;
        let revision = expected_revision + 1;
        if needs_consent {
            sqlx::query("UPDATE tenants SET consent_revision = $1 WHERE id = $2")
                .bind(to_i64(revision))
                .bind(tenant_id)
                .execute(&mut *tx)
                .await?;
        }
        let changes = diff_registry(&before, &before_integrations, &after, &after_integrations);
        let changes = serde_json::to_string(&changes).unwrap_or_else(|_| "[]".to_owned());
        record_revision(
            &mut tx,
            tenant_id,
            revision,
            needs_consent,
            &after,
            &after_integrations,
            &changes,
            now,
        )
        .await?;
        tx.commit().await?;
        self.written(crate::Watched::Tenants);
        tracing::info!(
            tenant_id,
            revision,
            needs_consent,
            "registry edited: revision {revision}"
        );
        Ok(EditOutcome {
            revision,
            needs_consent,
        })
    }

    /// Every recorded revision of a tenant, newest first.
    pub async fn policy_revisions(
        &self,
        tenant_id: i64,
    ) -> Result<Vec<PolicyRevision>, StoreError> {
        let rows = sqlx::query(
            "SELECT revision, created_at, needs_consent, snapshot, digest, changes FROM policy_revisions \
             WHERE tenant_id = $1 ORDER BY revision DESC",
        )
        .bind(tenant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PolicyRevision {
                    revision: u64::try_from(r.try_get::<i64, _>("revision")?).unwrap_or(0),
                    created_at: r.try_get("created_at")?,
                    needs_consent: r.try_get::<i64, _>("needs_consent")? != 0,
                    snapshot: r.try_get("snapshot")?,
                    digest: r.try_get("digest")?,
                    changes: serde_json::from_str(&r.try_get::<String, _>("changes")?)
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// When a revision was made (Unix seconds), if it was recorded.
    pub async fn revision_time(
        &self,
        tenant_id: i64,
        revision: u64,
    ) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query(
            "SELECT created_at FROM policy_revisions WHERE tenant_id = $1 AND revision = $2",
        )
        .bind(tenant_id)
        .bind(to_i64(revision))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok(r.try_get(0)?)).transpose()
    }

    /// Switches the guard between enforcing and reporting (consent.md C-52).
    pub async fn set_enforcement(
        &self,
        tenant_id: i64,
        mode: Enforcement,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE tenants SET enforcement = $1 WHERE id = $2")
            .bind(mode.code())
            .bind(tenant_id)
            .execute(&self.pool)
            .await?;
        self.written(crate::Watched::Tenants);
        Ok(())
    }
}

/// Applies an edit to the in-memory registry, refusing duplicates and missing names.
fn apply(
    cookies: &mut Vec<CookieDeclaration>,
    integrations: &mut Vec<Integration>,
    edit: RegistryEdit,
) -> Result<(), StoreError> {
    let missing = |what: &str, name: &str| StoreError::Missing(format!("{what} named {name}"));
    match edit {
        RegistryEdit::PutCookie {
            replacing,
            declaration,
        } => {
            declaration
                .validate()
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let name = declaration.name.as_str().to_owned();
            let slot = match &replacing {
                Some(old) => Some(
                    cookies
                        .iter()
                        .position(|d| d.name.as_str() == old)
                        .ok_or_else(|| missing("cookie", old))?,
                ),
                None => None,
            };
            if cookies
                .iter()
                .enumerate()
                .any(|(i, d)| d.name.as_str() == name && Some(i) != slot)
            {
                return Err(StoreError::Conflict(format!("a cookie named {name}")));
            }
            match slot.and_then(|i| cookies.get_mut(i)) {
                Some(existing) => *existing = declaration,
                None => cookies.push(declaration),
            }
        }
        RegistryEdit::RemoveCookie(name) => {
            let before = cookies.len();
            cookies.retain(|d| d.name.as_str() != name);
            if cookies.len() == before {
                return Err(missing("cookie", &name));
            }
        }
        RegistryEdit::PutIntegration {
            replacing,
            integration,
        } => {
            integration
                .validate()
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let name = integration.name.clone();
            let slot = match &replacing {
                Some(old) => Some(
                    integrations
                        .iter()
                        .position(|i| &i.name == old)
                        .ok_or_else(|| missing("integration", old))?,
                ),
                None => None,
            };
            if integrations
                .iter()
                .enumerate()
                .any(|(i, x)| x.name == name && Some(i) != slot)
            {
                return Err(StoreError::Conflict(format!("an integration named {name}")));
            }
            match slot.and_then(|i| integrations.get_mut(i)) {
                Some(existing) => *existing = integration,
                None => integrations.push(integration),
            }
        }
        RegistryEdit::RemoveIntegration(name) => {
            let before = integrations.len();
            integrations.retain(|i| i.name != name);
            if integrations.len() == before {
                return Err(missing("integration", &name));
            }
        }
    }
    Ok(())
}

async fn replace_registry(
    tx: &mut Transaction<'_, Any>,
    tenant_id: i64,
    cookies: &[CookieDeclaration],
    integrations: &[Integration],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM cookie_declarations WHERE tenant_id = $1")
        .bind(tenant_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM integrations WHERE tenant_id = $1")
        .bind(tenant_id)
        .execute(&mut **tx)
        .await?;
    for (position, declaration) in cookies.iter().enumerate() {
        insert_declaration(tx, tenant_id, position, declaration).await?;
    }
    for (position, integration) in integrations.iter().enumerate() {
        insert_integration(tx, tenant_id, position, integration).await?;
    }
    Ok(())
}

/// Stores the snapshot of a revision.
#[expect(clippy::too_many_arguments, reason = "one row of policy_revisions")]
pub(crate) async fn record_revision(
    tx: &mut Transaction<'_, Any>,
    tenant_id: i64,
    revision: u64,
    needs_consent: bool,
    cookies: &[CookieDeclaration],
    integrations: &[Integration],
    changes: &str,
    now: i64,
) -> Result<(), StoreError> {
    let snapshot = canonical_registry_json(cookies, integrations);
    sqlx::query(
        "INSERT INTO policy_revisions (tenant_id, revision, created_at, needs_consent, snapshot, digest, changes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id)
    .bind(to_i64(revision))
    .bind(now)
    .bind(i64::from(needs_consent))
    .bind(&snapshot)
    .bind(registry_digest(&snapshot))
    .bind(changes)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
