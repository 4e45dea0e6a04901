//! The registry each request needs (guard, policy, banner), cached per tenant and revision.
//!
//! Every registry edit bumps the tenant's revision, and the tenant row is read on every
//! request, so a cached entry is used only while its revision is current: an edit made by
//! another replica or by the CLI is seen on the next request.

use galette_core::consent::log_chain::registry_digest;
use galette_core::registry::{CookieDeclaration, Integration, canonical_registry_json};
use galette_core::tenant::Tenant;
use galette_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// A tenant's registry at one revision.
#[derive(Debug)]
pub struct TenantRegistry {
    /// Revision it was read at.
    pub revision: u64,
    /// Declared cookies.
    pub cookies: Vec<CookieDeclaration>,
    /// Declared third-party integrations.
    pub integrations: Vec<Integration>,
    /// SHA-256 of the canonical registry JSON (the `policy_sha256` of consent records).
    pub digest: String,
    /// When this revision was made (Unix seconds), if recorded.
    pub revised_at: Option<i64>,
}

/// Registries by tenant id.
#[derive(Debug, Default)]
pub struct RegistryCache {
    entries: RwLock<HashMap<i64, Arc<TenantRegistry>>>,
}

impl RegistryCache {
    /// The tenant's registry at its current revision, read from the store on a miss.
    pub async fn get(
        &self,
        store: &Store,
        tenant: &Tenant,
    ) -> Result<Arc<TenantRegistry>, StoreError> {
        if let Some(hit) = self.lookup(tenant) {
            crate::telemetry::cache_lookup("registries", true);
            return Ok(hit);
        }
        crate::telemetry::cache_lookup("registries", false);
        let cookies = store.registry_for(tenant.id).await?;
        let integrations = store.integrations_for(tenant.id).await?;
        let digest = registry_digest(&canonical_registry_json(&cookies, &integrations));
        let revised_at = store
            .revision_time(tenant.id, tenant.policy_revision)
            .await?;
        let fresh = Arc::new(TenantRegistry {
            revision: tenant.policy_revision,
            cookies,
            integrations,
            digest,
            revised_at,
        });
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.insert(tenant.id, Arc::clone(&fresh));
        Ok(fresh)
    }

    fn lookup(&self, tenant: &Tenant) -> Option<Arc<TenantRegistry>> {
        let entries = self
            .entries
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries
            .get(&tenant.id)
            .filter(|r| r.revision == tenant.policy_revision)
            .cloned()
    }
}
