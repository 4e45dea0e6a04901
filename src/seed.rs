//! Seeding the five demo sites and their administrators (used by `galette demo` and tests).

use anyhow::Context;
use galette_core::demo::demo_sites;
use galette_core::password::hash_password;
use galette_core::tenant::Tenant;
use galette_store::{Store, StoreError};
use rand::Rng;
use rand::distr::Alphanumeric;

/// What `seed_demo_sites` did for one site.
pub struct SeededSite {
    /// The tenant, as stored.
    pub tenant: Tenant,
    /// Whether it was created now (false: it was already there and left untouched).
    pub is_new: bool,
}

/// Creates every demo site that does not exist yet; existing ones are kept as they are.
pub async fn seed_demo_sites(store: &Store, now: i64) -> anyhow::Result<Vec<SeededSite>> {
    let mut seeded = Vec::new();
    for site in demo_sites() {
        let slug = site.tenant.slug.as_str().to_owned();
        if let Some(tenant) = store.tenant_by_slug(&slug).await? {
            seeded.push(SeededSite {
                tenant,
                is_new: false,
            });
            continue;
        }
        let tenant = store
            .create_tenant(
                &site.tenant,
                &site.registry,
                &site.integrations,
                &new_secret(),
                now,
            )
            .await
            .with_context(|| format!("creating the demo site {slug}"))?;
        seeded.push(SeededSite {
            tenant,
            is_new: true,
        });
    }
    Ok(seeded)
}

/// A random tenant secret (keys its MACs).
pub fn new_secret() -> String {
    random_text(48)
}

/// Letters and digits from the OS generator.
pub fn random_text(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// The demo administrator's e-mail on a site.
pub fn demo_admin_email(tenant: &Tenant) -> String {
    let host = tenant.hostnames.first().map_or("localhost", String::as_str);
    format!("admin@{host}")
}

/// Gives the site's demo administrator a fresh random password (creating the account if
/// needed) and returns it, to be printed once.
pub async fn reset_demo_admin(
    store: &Store,
    tenant: &Tenant,
    now: i64,
) -> anyhow::Result<(String, String)> {
    let email = demo_admin_email(tenant);
    let password = random_text(16);
    let hash = hash_password(&password, &mut rand::rng()).context("hashing the demo password")?;
    match store.user_by_email(tenant.id, &email).await? {
        Some(user) => store.set_password(user.id, &hash).await?,
        None => match store.create_user(tenant.id, &email, &hash, true, now).await {
            Ok(_) => {}
            Err(StoreError::Conflict(_)) => {
                anyhow::bail!("{email} was created concurrently; run the demo again")
            }
            Err(e) => return Err(e.into()),
        },
    }
    Ok((email, password))
}
