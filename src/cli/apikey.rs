//! `galette apikey create|list|revoke`: API keys of a site. A key is printed once, at
//! creation; only its digest is stored.

use galette_core::api_key::{api_key_digest, generate_api_key};
use galette_core::time::rfc3339_utc;
use galette_store::Store;

/// API key commands.
#[derive(clap::Subcommand, Debug)]
pub enum ApiKeyCommand {
    /// Create a key and print it (the only time it is shown).
    Create {
        /// Slug of the site.
        #[arg(long)]
        tenant: String,
        /// What the key is for (shown in lists).
        #[arg(long)]
        name: String,
    },
    /// List a site's keys (names and dates, never the keys).
    List {
        /// Slug of the site.
        #[arg(long)]
        tenant: String,
    },
    /// Revoke a key by its id (see `list`).
    Revoke {
        /// Slug of the site.
        #[arg(long)]
        tenant: String,
        /// The key's id.
        #[arg(long)]
        id: i64,
    },
}

/// Runs an API key command.
pub async fn run(store: &Store, command: ApiKeyCommand) -> anyhow::Result<()> {
    let slug = match &command {
        ApiKeyCommand::Create { tenant, .. }
        | ApiKeyCommand::List { tenant }
        | ApiKeyCommand::Revoke { tenant, .. } => tenant,
    };
    let tenant = store.tenant_by_slug(slug).await?.ok_or_else(|| {
        anyhow::anyhow!("no site has the slug {slug:?} (see `galette tenant list`)")
    })?;
    match command {
        ApiKeyCommand::Create { name, .. } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                anyhow::bail!("--name must be 1 to 100 characters");
            }
            let key = generate_api_key(&mut rand::rng());
            store
                .create_api_key(tenant.id, name, &api_key_digest(&key), super::unix_now())
                .await?;
            println!("{key}");
            eprintln!(
                "This key is shown once; galette keeps only its digest. Send it as `Authorization: Apikey <key>`."
            );
        }
        ApiKeyCommand::List { .. } => {
            for key in store.api_keys(tenant.id).await? {
                let state = key.revoked_at.map_or_else(
                    || "active".to_owned(),
                    |t| format!("revoked {}", rfc3339_utc(t)),
                );
                println!(
                    "{:<6} {:<30} created {}  {state}",
                    key.id,
                    key.name,
                    rfc3339_utc(key.created_at)
                );
            }
        }
        ApiKeyCommand::Revoke { id, .. } => {
            store
                .revoke_api_key(tenant.id, id, super::unix_now())
                .await?;
            println!("Revoked key {id} of {}.", tenant.slug.as_str());
        }
    }
    Ok(())
}
