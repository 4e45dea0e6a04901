//! The cookie registry of each tenant: declarations and their translated texts.

use crate::{Store, StoreError};
use galette_core::language::Language;
use galette_core::registry::{
    Category, CookieDeclaration, CookieText, Lifetime, NamePattern, Party,
};
use sqlx::{Any, AnyConnection, Row, Transaction};
use std::collections::BTreeMap;

impl Store {
    /// The tenant's declarations in policy order, with their texts.
    pub async fn registry_for(&self, tenant_id: i64) -> Result<Vec<CookieDeclaration>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_registry(&mut conn, tenant_id).await
    }
}

/// Reads a tenant's declarations on a connection (or inside a transaction).
pub(crate) async fn load_registry(
    conn: &mut AnyConnection,
    tenant_id: i64,
) -> Result<Vec<CookieDeclaration>, StoreError> {
    {
        let rows = sqlx::query(
            "SELECT id, name_pattern, provider, category, party, lifetime_secs \
             FROM cookie_declarations WHERE tenant_id = $1 ORDER BY position, id",
        )
        .bind(tenant_id)
        .fetch_all(&mut *conn)
        .await?;
        let texts = sqlx::query(
            "SELECT x.declaration_id, x.language, x.function_location, x.purpose \
             FROM cookie_texts x JOIN cookie_declarations d ON d.id = x.declaration_id \
             WHERE d.tenant_id = $1",
        )
        .bind(tenant_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut by_declaration: BTreeMap<i64, BTreeMap<Language, CookieText>> = BTreeMap::new();
        for t in &texts {
            let code: String = t.try_get("language")?;
            let Some(language) = Language::parse(&code) else {
                continue;
            };
            by_declaration
                .entry(t.try_get("declaration_id")?)
                .or_default()
                .insert(
                    language,
                    CookieText {
                        function_location: t.try_get("function_location")?,
                        purpose: t.try_get("purpose")?,
                    },
                );
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let name: String = r.try_get("name_pattern")?;
                let category: String = r.try_get("category")?;
                let party: String = r.try_get("party")?;
                let lifetime: Option<i64> = r.try_get("lifetime_secs")?;
                Ok(CookieDeclaration {
                    name: NamePattern::parse(&name)
                        .map_err(|e| StoreError::Invalid(e.to_string()))?,
                    provider: r.try_get("provider")?,
                    category: Category::parse(&category).ok_or_else(|| {
                        StoreError::Invalid(format!("stored category {category:?}"))
                    })?,
                    party: Party::parse(&party).unwrap_or(Party::First),
                    lifetime: lifetime
                        .and_then(|s| u64::try_from(s).ok())
                        .map_or(Lifetime::Session, Lifetime::Seconds),
                    texts: by_declaration.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// Inserts one declaration with its texts inside a caller's transaction.
pub(crate) async fn insert_declaration(
    tx: &mut Transaction<'_, Any>,
    tenant_id: i64,
    position: usize,
    declaration: &CookieDeclaration,
) -> Result<(), StoreError> {
    declaration
        .validate()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let lifetime = declaration
        .lifetime
        .as_seconds()
        .and_then(|s| i64::try_from(s).ok());
    let row = sqlx::query(
        "INSERT INTO cookie_declarations \
         (tenant_id, position, name_pattern, provider, category, party, lifetime_secs) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(tenant_id)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(declaration.name.as_str())
    .bind(declaration.provider.as_deref())
    .bind(declaration.category.code())
    .bind(declaration.party.code())
    .bind(lifetime)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get(0)?;
    for (language, text) in &declaration.texts {
        sqlx::query(
            "INSERT INTO cookie_texts (declaration_id, language, function_location, purpose) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(language.code())
        .bind(text.function_location.trim())
        .bind(text.purpose.trim())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
