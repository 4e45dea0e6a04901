//! Third-party integrations declared by each tenant (scripts, iframes, pixels; consent.md C-60).

use crate::{Store, StoreError};
use galette_core::language::Language;
use galette_core::registry::{Category, Integration, IntegrationKind, NamePattern};
use sqlx::{Any, AnyConnection, Row, Transaction};
use std::collections::BTreeMap;

impl Store {
    /// The tenant's integrations in declared order.
    pub async fn integrations_for(&self, tenant_id: i64) -> Result<Vec<Integration>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_integrations(&mut conn, tenant_id).await
    }
}

/// Reads a tenant's integrations on a connection (or inside a transaction).
pub(crate) async fn load_integrations(
    conn: &mut AnyConnection,
    tenant_id: i64,
) -> Result<Vec<Integration>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, name, category, kind, src, origins, cookies FROM integrations \
         WHERE tenant_id = $1 ORDER BY position, id",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let texts = sqlx::query(
        "SELECT x.integration_id, x.language, x.description FROM integration_texts x \
         JOIN integrations i ON i.id = x.integration_id WHERE i.tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_integration: BTreeMap<i64, BTreeMap<Language, String>> = BTreeMap::new();
    for t in &texts {
        let code: String = t.try_get("language")?;
        let Some(language) = Language::parse(&code) else {
            continue;
        };
        by_integration
            .entry(t.try_get("integration_id")?)
            .or_default()
            .insert(language, t.try_get("description")?);
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let category: String = r.try_get("category")?;
            let kind: String = r.try_get("kind")?;
            let origins: String = r.try_get("origins")?;
            let cookies: String = r.try_get("cookies")?;
            let invalid = |what: &str| StoreError::Invalid(format!("stored integration {what}"));
            Ok(Integration {
                name: r.try_get("name")?,
                category: Category::parse(&category).ok_or_else(|| invalid("category"))?,
                kind: IntegrationKind::parse(&kind).ok_or_else(|| invalid("kind"))?,
                src: r.try_get("src")?,
                origins: origins.split_whitespace().map(str::to_owned).collect(),
                cookies: cookies
                    .split_whitespace()
                    .map(NamePattern::parse)
                    .collect::<Result<_, _>>()
                    .map_err(|_| invalid("cookie name"))?,
                texts: by_integration.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// Inserts one integration with its texts inside a caller's transaction.
pub(crate) async fn insert_integration(
    tx: &mut Transaction<'_, Any>,
    tenant_id: i64,
    position: usize,
    integration: &Integration,
) -> Result<(), StoreError> {
    integration
        .validate()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let cookies: Vec<&str> = integration
        .cookies
        .iter()
        .map(NamePattern::as_str)
        .collect();
    let row = sqlx::query(
        "INSERT INTO integrations (tenant_id, position, name, category, kind, src, origins, cookies) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(tenant_id)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(integration.name.trim())
    .bind(integration.category.code())
    .bind(integration.kind.code())
    .bind(integration.src.as_str())
    .bind(integration.origins.join(" "))
    .bind(cookies.join(" "))
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get(0)?;
    for (language, description) in &integration.texts {
        sqlx::query("INSERT INTO integration_texts (integration_id, language, description) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(language.code())
            .bind(description.trim())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
