//! `galette consent export|verify`: the consent log as JSONL, and its chain checked
//! (consent.md C-28). Both work while a server runs, on either backend.

use anyhow::Context;
use galette_core::consent::log_chain::{ChainSummary, parse_jsonl, verify_chain, verify_segment};
use galette_core::time::parse_rfc3339_utc;
use galette_store::Store;
use std::io::Write;
use std::path::PathBuf;

/// Consent log commands.
#[derive(clap::Subcommand, Debug)]
pub enum ConsentCommand {
    /// Print a site's consent records as JSON lines, in order.
    Export {
        /// Slug of the site.
        #[arg(long)]
        tenant: String,
        /// Only records made at or after this time (2026-01-31 or 2026-01-31T12:00:00Z).
        #[arg(long)]
        since: Option<String>,
    },
    /// Check the hash chain of the stored log, or of an exported FILE.
    Verify {
        /// Slug of the site.
        #[arg(long)]
        tenant: String,
        /// An export to check instead of the stored log.
        file: Option<PathBuf>,
    },
}

/// Runs a consent command; a broken chain is an error (non-zero exit) naming the record.
pub async fn run(store: &Store, command: ConsentCommand) -> anyhow::Result<()> {
    match command {
        ConsentCommand::Export { tenant, since } => export(store, &tenant, since.as_deref()).await,
        ConsentCommand::Verify { tenant, file } => verify(store, &tenant, file).await,
    }
}

async fn tenant_id(store: &Store, slug: &str) -> anyhow::Result<i64> {
    let tenant = store.tenant_by_slug(slug).await?.ok_or_else(|| {
        anyhow::anyhow!("no site has the slug {slug:?} (see `galette tenant list`)")
    })?;
    Ok(tenant.id)
}

async fn export(store: &Store, slug: &str, since: Option<&str>) -> anyhow::Result<()> {
    let since = since
        .map(|s| {
            parse_rfc3339_utc(s).ok_or_else(|| {
                anyhow::anyhow!(
                    "--since {s:?} is not a date like 2026-01-31 or 2026-01-31T12:00:00Z"
                )
            })
        })
        .transpose()?;
    let id = tenant_id(store, slug).await?;
    let lines = store.consent_lines(id, since).await?;
    let mut out = std::io::stdout().lock();
    for line in &lines {
        writeln!(out, "{line}").context("writing the export")?;
    }
    out.flush().context("writing the export")?;
    Ok(())
}

async fn verify(store: &Store, slug: &str, file: Option<PathBuf>) -> anyhow::Result<()> {
    let summary: ChainSummary = match file {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let records = parse_jsonl(&text)?;
            // An export made with --since starts mid-chain: its links are checked from its first record.
            let is_whole = records.first().is_none_or(|r| r.seq == 1);
            if is_whole {
                verify_chain(&records, slug)?
            } else {
                verify_segment(&records, slug)?
            }
        }
        None => {
            let id = tenant_id(store, slug).await?;
            verify_chain(&store.consent_records(id).await?, slug)?
        }
    };
    println!("ok {} records", summary.count);
    println!("head {}", summary.head);
    Ok(())
}
