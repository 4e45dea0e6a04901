//! `galette stats --tenant SLUG [--honour-gpc …] [--count-staff …] [--raw-days N]
//! [--retention-months N]`: a site's audience statistics settings (docs/statistics.md),
//! printed after any change. The policy page's statistics section follows them at once.

use galette_core::stats::settings::StatSettings;
use galette_store::Store;

/// The settings command.
#[derive(clap::Args, Debug)]
pub struct StatsCommand {
    /// Slug of the site.
    #[arg(long)]
    tenant: String,
    /// Leave out visits whose browser sends `Sec-GPC: 1` or `DNT: 1` (default true).
    #[arg(long)]
    honour_gpc: Option<bool>,
    /// Count the site's signed-in administrators like anyone (default false).
    #[arg(long)]
    count_staff: Option<bool>,
    /// Days raw events are kept, 1 to 31 (default 7).
    #[arg(long)]
    raw_days: Option<u32>,
    /// Months the aggregates are kept, 1 to 25 (default 25).
    #[arg(long)]
    retention_months: Option<u32>,
}

/// Shows, and if asked changes, a site's settings.
pub async fn run(store: &Store, command: StatsCommand) -> anyhow::Result<()> {
    let slug = &command.tenant;
    let tenant = store.tenant_by_slug(slug).await?.ok_or_else(|| {
        anyhow::anyhow!("no site has the slug {slug:?} (see `galette tenant list`)")
    })?;
    let current = store.stat_settings(tenant.id).await?;
    let wanted = StatSettings {
        honour_gpc: command.honour_gpc.unwrap_or(current.honour_gpc),
        count_staff: command.count_staff.unwrap_or(current.count_staff),
        raw_days: command.raw_days.unwrap_or(current.raw_days),
        retention_months: command.retention_months.unwrap_or(current.retention_months),
    }
    .validate()?;
    if wanted != current {
        store.set_stat_settings(tenant.id, &wanted).await?;
    }
    println!("honour-gpc        {}", wanted.honour_gpc);
    println!("count-staff       {}", wanted.count_staff);
    println!("raw-days          {}", wanted.raw_days);
    println!("retention-months  {}", wanted.retention_months);
    Ok(())
}
