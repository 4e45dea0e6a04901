//! The command line: one subcommand per file.

mod apikey;
mod bench_hello;
mod bench_stats;
mod consent;
mod demo;
mod import;
mod migrate;
mod quota;
mod scan;
mod serve;
mod stats;
mod tenant;
mod user;

use crate::config::StoreArgs;
use galette_store::Store;

/// galette: open-data portals whose cookie policy is a contract the server enforces.
#[derive(clap::Parser, Debug)]
#[command(name = "galette", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    store: StoreArgs,
    /// A TOML file of settings (default ./galette.toml if present); the environment and
    /// the flags override it.
    #[arg(long, env = "GALETTE_CONFIG", global = true)]
    config: Option<std::path::PathBuf>,
}

impl Cli {
    /// Parses the process's arguments, with the configuration file's settings beneath
    /// them; a bad file is one sentence and exit 2, as a bad flag is.
    pub fn parse_with_config_file() -> Cli {
        use clap::{CommandFactory, FromArgMatches};
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let args = match crate::config_file::with_file_settings(Cli::command(), args) {
            Ok(args) => args,
            Err(error) => {
                eprintln!("error: {error:#}");
                std::process::exit(2);
            }
        };
        let matches = Cli::command().get_matches_from(args);
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Create (if needed) and serve the five demo sites, printing their URLs and credentials.
    Demo(demo::DemoCommand),
    /// Serve the sites in the data directory or database.
    Serve(serve::ServeCommand),
    /// Bring the database schema up to date.
    Migrate,
    /// Manage sites.
    #[command(subcommand)]
    Tenant(tenant::TenantCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Import a CSV file into a dataset (replacing its previous version atomically).
    Import(import::ImportCommand),
    /// Manage the API keys that read restricted datasets.
    #[command(subcommand)]
    Apikey(apikey::ApiKeyCommand),
    /// Show or change a site's API quotas (calls per address and per key, per minute, hour or day).
    Quota(quota::QuotaCommand),
    /// Export or verify a site's consent log.
    #[command(subcommand)]
    Consent(consent::ConsentCommand),
    /// Prove in headless Chromium which cookies and third parties a site uses, per consent
    /// state, against its policy (exit 0 clean, 1 findings, 2 could not run).
    Scan(scan::ScanCommand),
    /// Show or change a site's audience statistics settings (GPC/DNT, staff, retention).
    Stats(stats::StatsCommand),
    /// Benchmark only (bench/stats-dashboard.sh): write synthetic statistics roll-ups.
    #[command(hide = true)]
    BenchSeedStats(bench_stats::SeedStatsCommand),
    /// Benchmark only (bench/pages.sh): a bare axum "hello", the floor pages are compared to.
    #[command(hide = true)]
    BenchHello(bench_hello::HelloCommand),
}

impl Cli {
    /// Runs the chosen command; the scanner chooses its own exit status and needs no store.
    pub async fn run(self) -> anyhow::Result<std::process::ExitCode> {
        let command = match self.command {
            Command::Scan(command) => return Ok(scan::run(command).await),
            Command::BenchHello(command) => {
                return bench_hello::run(command)
                    .await
                    .map(|()| std::process::ExitCode::SUCCESS);
            }
            command => command,
        };
        let store = open_store(&self.store).await?;
        let result = match command {
            // Answered above, without a store.
            Command::Scan(_) | Command::BenchHello(_) => Ok(()),
            Command::Demo(args) => demo::run(&store, &self.store, args).await,
            Command::Serve(args) => serve::run(&store, &self.store, args).await,
            Command::Migrate => migrate::run(&store).await,
            Command::Tenant(command) => tenant::run(&store, command).await,
            Command::User(command) => user::run(&store, command).await,
            Command::Consent(command) => consent::run(&store, command).await,
            Command::Import(command) => {
                let (tenant, dataset) = (command.tenant.clone(), command.dataset.clone());
                match import::run(&store, command).await {
                    Ok(()) => import::prepare_export(&store, &self.store, &tenant, &dataset).await,
                    Err(error) => Err(error),
                }
            }
            Command::Apikey(command) => apikey::run(&store, command).await,
            Command::Quota(command) => quota::run(&store, command).await,
            Command::Stats(command) => stats::run(&store, command).await,
            Command::BenchSeedStats(command) => bench_stats::run(&store, command).await,
        };
        store.close().await;
        result.map(|()| std::process::ExitCode::SUCCESS)
    }
}

/// Opens and migrates the store named by the flags.
async fn open_store(args: &StoreArgs) -> anyhow::Result<Store> {
    use anyhow::Context;
    let target = args.target()?;
    let store = Store::connect(&target)
        .await
        .with_context(|| format!("cannot open the store {target:?}"))?;
    store
        .migrate()
        .await
        .context("cannot bring the database schema up to date")?;
    Ok(store)
}

/// Unix seconds now, for commands (the server uses its `Clock`).
fn unix_now() -> i64 {
    galette_http::Clock::default().unix()
}
