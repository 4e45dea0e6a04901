//! `galette tenant add|list`.

use galette_core::hostname::Hostname;
use galette_core::language::Language;
use galette_core::registry::necessary::necessary_registry;
use galette_core::tenant::{NewTenant, PolicyIntro, TenantSlug};
use galette_store::Store;

/// Site management.
#[derive(clap::Subcommand, Debug)]
pub enum TenantCommand {
    /// Create a site with the four necessary cookies in its registry.
    Add(AddTenant),
    /// List the sites.
    List,
}

/// Flags of `tenant add`.
#[derive(clap::Args, Debug)]
pub struct AddTenant {
    /// Short name used by the CLI (a-z, 0-9, -).
    #[arg(long)]
    slug: String,
    /// Display name.
    #[arg(long)]
    name: String,
    /// Hostname that serves the site (repeatable; the first is canonical).
    #[arg(long = "host", required = true)]
    hosts: Vec<String>,
    /// Default language (en, fr, es, pt).
    #[arg(long, default_value = "en")]
    language: String,
    /// Enabled languages, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "en,fr,es,pt")]
    languages: Vec<String>,
    /// Provider named in the policy's provider column (omit for no provider column).
    #[arg(long)]
    provider: Option<String>,
}

/// Runs a tenant command.
pub async fn run(store: &Store, command: TenantCommand) -> anyhow::Result<()> {
    match command {
        TenantCommand::Add(add) => add_tenant(store, add).await,
        TenantCommand::List => list_tenants(store).await,
    }
}

fn language(code: &str) -> anyhow::Result<Language> {
    Language::parse(code)
        .ok_or_else(|| anyhow::anyhow!("unknown language {code:?}: use en, fr, es or pt"))
}

async fn add_tenant(store: &Store, add: AddTenant) -> anyhow::Result<()> {
    let slug = TenantSlug::parse(&add.slug)?;
    let mut hostnames = Vec::new();
    for host in &add.hosts {
        let parsed = Hostname::parse(host)
            .ok_or_else(|| anyhow::anyhow!("{host:?} is not a valid hostname"))?;
        hostnames.push(parsed.as_str().to_owned());
    }
    let languages = add
        .languages
        .iter()
        .map(|c| language(c))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let tenant = NewTenant {
        slug,
        name: add.name,
        default_language: language(&add.language)?,
        languages,
        hostnames,
        policy_intro: PolicyIntro::Functioning,
        policy_last_update: None,
    };
    tenant.validate()?;
    let registry = necessary_registry(add.provider.as_deref());
    let created = store
        .create_tenant(
            &tenant,
            &registry,
            &[],
            &crate::seed::new_secret(),
            super::unix_now(),
        )
        .await?;
    println!(
        "Created the site {} ({}), served on {}.",
        created.slug,
        created.name,
        created.hostnames.join(", ")
    );
    Ok(())
}

async fn list_tenants(store: &Store) -> anyhow::Result<()> {
    let tenants = store.list_tenants().await?;
    if tenants.is_empty() {
        println!("No site yet: run `galette demo` or `galette tenant add`.");
        return Ok(());
    }
    println!(
        "{:<12} {:<24} {:<10} {:<14} hosts",
        "slug", "name", "default", "languages"
    );
    for t in tenants {
        let languages: Vec<&str> = t.languages.iter().map(|l| l.code()).collect();
        println!(
            "{:<12} {:<24} {:<10} {:<14} {}",
            t.slug.as_str(),
            t.name,
            t.default_language.code(),
            languages.join(","),
            t.hostnames.join(", ")
        );
    }
    Ok(())
}
