//! `galette demo`: seed the five demo sites if needed, print where to open them, serve.

use super::serve::ServeCommand;
use crate::config::StoreArgs;
use crate::seed::{reset_demo_admin, seed_demo_sites};
use crate::startup::Application;
use galette_http::Clock;
use galette_store::Store;

/// Seeds, prints the URLs and fresh demo credentials, then serves.
pub async fn run(store: &Store, store_args: &StoreArgs, args: ServeCommand) -> anyhow::Result<()> {
    let clock = Clock::default();
    let sites = seed_demo_sites(store, clock.unix()).await?;
    let app = Application::build(
        store.clone(),
        args.serve.http_settings(store_args),
        clock.clone(),
        args.serve.addr,
    )
    .await?;
    let port = app.local_addr()?.port();
    println!("galette demo: {} sites on one server\n", sites.len());
    println!(
        "  {:<34} {:<9} {:<24} password (new at each start)",
        "open", "language", "administrator"
    );
    for site in &sites {
        let (email, password) = reset_demo_admin(store, &site.tenant, clock.unix()).await?;
        let host = site
            .tenant
            .hostnames
            .first()
            .map_or("localhost", String::as_str);
        let url = format!("http://{host}:{port}/");
        let created = if site.is_new { " (created)" } else { "" };
        println!(
            "  {url:<34} {:<9} {email:<24} {password}{created}",
            site.tenant.default_language.code()
        );
    }
    println!(
        "\n  cookie policy: /cookie-policy/ (JSON: /cookie-policy.json)   sign in: /login/   back office: /backoffice/"
    );
    println!("  Press Ctrl-C to stop. Data is kept; running the demo again keeps it.\n");
    app.run().await
}
