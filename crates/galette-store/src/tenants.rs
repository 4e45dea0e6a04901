//! Tenants and their hostnames.

use crate::{Store, StoreError};
use galette_core::hostname::Hostname;
use galette_core::language::Language;
use galette_core::registry::{CookieDeclaration, Integration};
use galette_core::tenant::{Enforcement, NewTenant, PolicyIntro, Tenant, TenantSecret, TenantSlug};
use sqlx::Row;
use sqlx::any::AnyRow;

const TENANT_COLUMNS: &str = "t.id, t.slug, t.name, t.default_language, t.languages, \
     t.trusted_origins, t.policy_intro, t.policy_last_update, t.policy_revision, \
     t.consent_revision, t.enforcement, t.created_at, t.secret, \
     t.api_quota_per_address, t.api_quota_per_key, t.api_quota_unit";

impl Store {
    /// The tenant served on `host`, if any.
    pub async fn tenant_by_hostname(&self, host: &Hostname) -> Result<Option<Tenant>, StoreError> {
        let sql = format!(
            "SELECT {TENANT_COLUMNS} FROM tenants t JOIN tenant_hosts h ON h.tenant_id = t.id \
             WHERE h.hostname = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(host.as_str())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some(self.complete_tenant(&row).await?)),
            None => Ok(None),
        }
    }

    /// The tenant with this slug, if any.
    pub async fn tenant_by_slug(&self, slug: &str) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.slug = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some(self.complete_tenant(&row).await?)),
            None => Ok(None),
        }
    }

    /// Every tenant, by slug.
    pub async fn list_tenants(&self) -> Result<Vec<Tenant>, StoreError> {
        let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t ORDER BY t.slug");
        let rows = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .fetch_all(&self.pool)
            .await?;
        let mut tenants = Vec::with_capacity(rows.len());
        for row in &rows {
            tenants.push(self.complete_tenant(row).await?);
        }
        Ok(tenants)
    }

    /// Creates a tenant with its hostnames and initial registry, all or nothing.
    pub async fn create_tenant(
        &self,
        tenant: &NewTenant,
        registry: &[CookieDeclaration],
        integrations: &[Integration],
        secret: &str,
        now: i64,
    ) -> Result<Tenant, StoreError> {
        tenant
            .validate()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let languages: Vec<&str> = tenant.languages.iter().map(|l| l.code()).collect();
        let inserted = sqlx::query(
            "INSERT INTO tenants (slug, name, default_language, languages, trusted_origins, \
             policy_intro, policy_last_update, secret, created_at) \
             VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8) RETURNING id",
        )
        .bind(tenant.slug.as_str())
        .bind(tenant.name.trim())
        .bind(tenant.default_language.code())
        .bind(languages.join(","))
        .bind(tenant.policy_intro.code())
        .bind(tenant.policy_last_update.as_deref())
        .bind(secret)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("a site with the slug {}", tenant.slug))
            }
            other => other,
        })?;
        let id: i64 = inserted.try_get(0)?;
        for (position, host) in tenant.hostnames.iter().enumerate() {
            sqlx::query(
                "INSERT INTO tenant_hosts (hostname, tenant_id, position) VALUES ($1, $2, $3)",
            )
            .bind(host.as_str())
            .bind(id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("the hostname {host} (used by another site)"))
                }
                other => other,
            })?;
        }
        for (position, declaration) in registry.iter().enumerate() {
            crate::registry::insert_declaration(&mut tx, id, position, declaration).await?;
        }
        for (position, integration) in integrations.iter().enumerate() {
            crate::integrations::insert_integration(&mut tx, id, position, integration).await?;
        }
        // Revision 1: what the first visitors are shown, dated by the site's stated date if any.
        crate::revisions::record_revision(&mut tx, id, 1, false, registry, integrations, "[]", now)
            .await?;
        tx.commit().await?;
        self.written(crate::Watched::Tenants);
        self.tenant_by_slug(tenant.slug.as_str())
            .await?
            .ok_or(StoreError::NotFound("tenant"))
    }

    async fn complete_tenant(&self, row: &AnyRow) -> Result<Tenant, StoreError> {
        let id: i64 = row.try_get("id")?;
        let hosts =
            sqlx::query("SELECT hostname FROM tenant_hosts WHERE tenant_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        let hostnames = hosts
            .iter()
            .map(|h| h.try_get::<String, _>(0))
            .collect::<Result<Vec<_>, _>>()?;
        tenant_from_row(row, hostnames)
    }
}

fn tenant_from_row(row: &AnyRow, hostnames: Vec<String>) -> Result<Tenant, StoreError> {
    let slug: String = row.try_get("slug")?;
    let default_code: String = row.try_get("default_language")?;
    let language_codes: String = row.try_get("languages")?;
    let trusted: String = row.try_get("trusted_origins")?;
    let intro: String = row.try_get("policy_intro")?;
    let enforcement: String = row.try_get("enforcement")?;
    let revision = |column: &str| -> Result<u64, StoreError> {
        let value: i64 = row.try_get(column)?;
        u64::try_from(value).map_err(|_| StoreError::Invalid(format!("stored {column} {value}")))
    };
    let default_language = Language::parse(&default_code)
        .ok_or_else(|| StoreError::Invalid(format!("stored language {default_code:?}")))?;
    let languages: Vec<Language> = language_codes
        .split(',')
        .filter_map(Language::parse)
        .collect();
    Ok(Tenant {
        id: row.try_get("id")?,
        slug: TenantSlug::parse(&slug).map_err(|e| StoreError::Invalid(e.to_string()))?,
        name: row.try_get("name")?,
        default_language,
        languages: if languages.is_empty() {
            vec![default_language]
        } else {
            languages
        },
        hostnames,
        trusted_origins: trusted.split_whitespace().map(str::to_owned).collect(),
        policy_intro: PolicyIntro::from_code(&intro),
        policy_last_update: row.try_get("policy_last_update")?,
        policy_revision: revision("policy_revision")?,
        consent_revision: revision("consent_revision")?,
        enforcement: Enforcement::from_code(&enforcement),
        created_at: row.try_get("created_at")?,
        api_quota: crate::api_quotas::settings_from_row(row)?,
        secret: TenantSecret::new(row.try_get("secret")?),
    })
}
