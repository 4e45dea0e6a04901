//! `galette serve`: serve every site of the store.

use crate::config::{ServeArgs, StoreArgs};
use crate::startup::Application;
use galette_http::Clock;
use galette_store::Store;

/// Flags of `serve` and `demo`.
#[derive(clap::Args, Debug)]
pub struct ServeCommand {
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// Serves until stopped.
pub async fn run(store: &Store, store_args: &StoreArgs, args: ServeCommand) -> anyhow::Result<()> {
    let app = Application::build(
        store.clone(),
        args.serve.http_settings(store_args)?,
        Clock::default(),
        args.serve.addr,
    )
    .await?;
    let app = match args.serve.metrics_addr {
        Some(addr) => app.with_metrics(addr).await?,
        None => app,
    };
    let addr = app.local_addr()?;
    tracing::info!(%addr, "galette listening on http://{addr}/");
    app.run().await
}
