//! `galette quota --tenant SLUG [--per-address N] [--per-key N] [--unit minute|hour|day]`:
//! a site's API quotas (docs/quotas.md), printed after any change. Every server applies a
//! change within a second.

use galette_core::quota::{QuotaSettings, QuotaUnit};
use galette_store::Store;

/// The quota command.
#[derive(clap::Args, Debug)]
pub struct QuotaCommand {
    /// Slug of the site.
    #[arg(long)]
    tenant: String,
    /// Calls per window from one client address without credentials; 0 for unlimited
    /// (default 10000).
    #[arg(long)]
    per_address: Option<u64>,
    /// Calls per window with one API key, or one signed-in account that is not an
    /// administrator; 0 for unlimited (default 100000).
    #[arg(long)]
    per_key: Option<u64>,
    /// The window: minute, hour or day, in UTC (default day).
    #[arg(long)]
    unit: Option<String>,
}

/// Shows, and if asked changes, a site's quotas.
pub async fn run(store: &Store, command: QuotaCommand) -> anyhow::Result<()> {
    let slug = &command.tenant;
    let tenant = store.tenant_by_slug(slug).await?.ok_or_else(|| {
        anyhow::anyhow!("no site has the slug {slug:?} (see `galette tenant list`)")
    })?;
    let current = tenant.api_quota;
    let unit = match command.unit.as_deref() {
        Some(code) => QuotaUnit::parse(code)
            .ok_or_else(|| anyhow::anyhow!("--unit must be minute, hour or day, not {code:?}"))?,
        None => current.unit,
    };
    let wanted = QuotaSettings {
        per_address: command.per_address.unwrap_or(current.per_address),
        per_key: command.per_key.unwrap_or(current.per_key),
        unit,
    }
    .validate()?;
    if wanted != current {
        store.set_api_quota(tenant.id, &wanted).await?;
    }
    let shown = |limit: u64| {
        if limit == 0 {
            "unlimited".to_owned()
        } else {
            limit.to_string()
        }
    };
    println!("per-address  {}", shown(wanted.per_address));
    println!("per-key      {}", shown(wanted.per_key));
    println!("unit         {}", wanted.unit.code());
    Ok(())
}
