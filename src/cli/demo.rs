//! `galette demo`: seed the five demo sites and their datasets if needed, print where to
//! open them (with fresh credentials and an API key), serve.

use super::serve::ServeCommand;
use crate::config::StoreArgs;
use crate::demo_data::{new_demo_api_key, seed_demo_datasets};
use crate::demo_news::seed_demo_news;
use crate::seed::{reset_demo_admin, seed_demo_sites};
use crate::startup::Application;
use galette_http::Clock;
use galette_store::Store;
use std::time::Instant;

/// The site whose restricted dataset the printed API key reads.
const KEY_SITE: &str = "platform";

/// Flags of `demo`.
#[derive(clap::Args, Debug)]
pub struct DemoCommand {
    #[command(flatten)]
    pub serve: ServeCommand,
    /// Create the demo sites and datasets if missing, then stop without serving (to seed a
    /// database that `galette serve` replicas share).
    #[arg(long)]
    pub seed_only: bool,
}

/// Seeds, prints the URLs, fresh demo credentials and API key, then serves.
pub async fn run(store: &Store, store_args: &StoreArgs, args: DemoCommand) -> anyhow::Result<()> {
    let clock = Clock::default();
    let sites = seed_demo_sites(store, clock.unix()).await?;
    let started = Instant::now();
    let data = seed_demo_datasets(store, clock.unix()).await?;
    let news = seed_demo_news(store, clock.unix()).await?;
    if args.seed_only {
        println!(
            "galette demo: {} sites and {} new datasets in the store; `galette serve` serves them",
            sites.len(),
            data.imported.len()
        );
        return Ok(());
    }
    let args = args.serve;
    let app = Application::build(
        store.clone(),
        args.serve.http_settings(store_args)?,
        clock.clone(),
        args.serve.addr,
    )
    .await?;
    let app = match args.serve.metrics_addr {
        Some(addr) => app.with_metrics(addr).await?,
        None => app,
    };
    let port = app.local_addr()?.port();
    println!("galette demo: {} sites on one server", sites.len());
    if !data.imported.is_empty() {
        println!(
            "  published {} datasets ({} rows) in {:.1} s: {}",
            data.imported.len(),
            data.rows,
            started.elapsed().as_secs_f64(),
            data.imported.join(", ")
        );
    }
    if news > 0 {
        println!("  wrote {news} news posts (the bell in every header, /news/)");
    }
    println!(
        "\n  {:<34} {:<9} {:<9} {:<24} password (new at each start)",
        "open", "language", "datasets", "administrator"
    );
    let mut key_url = None;
    for site in &sites {
        let (email, password) = reset_demo_admin(store, &site.tenant, clock.unix()).await?;
        let host = site
            .tenant
            .hostnames
            .first()
            .map_or("localhost", String::as_str);
        let url = format!("http://{host}:{port}/");
        let created = if site.is_new { " (created)" } else { "" };
        let datasets = store.datasets(site.tenant.id).await?;
        println!(
            "  {url:<34} {:<9} {:<9} {email:<24} {password}{created}",
            site.tenant.default_language.code(),
            datasets.len(),
        );
        if site.tenant.slug.as_str() == KEY_SITE
            && let Some(restricted) = datasets.iter().find(|d| d.is_restricted)
        {
            let key = new_demo_api_key(store, site.tenant.id, clock.unix()).await?;
            key_url = Some(format!(
                "{url}api/explore/v2.1/catalog/datasets/{}/records?apikey={key}",
                restricted.dataset_id
            ));
        }
    }
    println!(
        "\n  datasets: /datasets/   cookie policy: /cookie-policy/ (JSON: /cookie-policy.json)   sign in: /login/   back office: /backoffice/"
    );
    if let Some(url) = key_url {
        println!("  restricted dataset, with an API key (new at each start):\n  {url}");
    }
    println!("  Press Ctrl-C to stop. Data is kept; running the demo again keeps it.\n");
    app.run().await
}
