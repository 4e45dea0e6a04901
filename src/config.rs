//! The typed configuration, read from flags and `GALETTE_*` variables by clap.

use anyhow::Context;
use galette_http::{ConnectionSettings, HttpSettings, ScanSettings, UploadSettings};
use galette_store::StoreTarget;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Where the data lives; every subcommand takes these.
#[derive(clap::Args, Debug, Clone)]
pub struct StoreArgs {
    /// Directory for the embedded database and uploaded files.
    #[arg(
        long = "data",
        env = "GALETTE_DATA",
        default_value = "./galette-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// PostgreSQL URL (postgres://…); replaces the embedded database.
    #[arg(
        long,
        env = "GALETTE_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

impl StoreArgs {
    /// Where whole-dataset CSV exports are kept as files.
    pub fn export_dir(&self) -> PathBuf {
        self.data_dir.join("exports")
    }

    /// Where uploaded CSV files are kept while they are imported.
    pub fn upload_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }

    /// The store to open, checking the URL's scheme.
    pub fn target(&self) -> anyhow::Result<StoreTarget> {
        match &self.database_url {
            None => Ok(StoreTarget::Embedded(self.data_dir.clone())),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(StoreTarget::Postgres(url.clone()))
            }
            Some(_) => anyhow::bail!("--database-url must start with postgres:// or postgresql://"),
        }
    }
}

/// How the server listens.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "GALETTE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Also serve Prometheus metrics (`GET /metrics`) on this address, apart from the sites.
    #[arg(long = "metrics-addr", env = "GALETTE_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed (repeatable).
    #[arg(
        long = "trusted-proxy",
        env = "GALETTE_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// The largest CSV file the back office accepts, in MiB.
    #[arg(
        long = "max-upload-mb",
        env = "GALETTE_MAX_UPLOAD_MB",
        default_value_t = UploadSettings::DEFAULT_MAX_BYTES / (1024 * 1024),
        value_parser = clap::value_parser!(u64).range(1..=1024 * 1024)
    )]
    pub max_upload_mb: u64,
    /// Memory, in MiB, for the columnar copies of dataset versions that answer queries
    /// (least recently used dropped first; a larger version stays on the SQL path); 0 turns
    /// the columnar path off.
    #[arg(
        long = "dataset-memory-mb",
        env = "GALETTE_DATASET_MEMORY_MB",
        default_value_t = galette_http::columnar::ColumnarSettings::DEFAULT_MEMORY_MB,
        value_parser = clap::value_parser!(u64).range(0..=1024 * 1024)
    )]
    pub dataset_memory_mb: u64,
    /// Seconds a client has to send a request's headers (also how long an idle kept-alive
    /// connection stays open).
    #[arg(
        long = "header-timeout-secs",
        env = "GALETTE_HEADER_TIMEOUT_SECS",
        default_value_t = ConnectionSettings::DEFAULT_HEADER_READ_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub header_timeout_secs: u64,
    /// Longest pause, in seconds, between two pieces of a request body.
    #[arg(
        long = "body-timeout-secs",
        env = "GALETTE_BODY_TIMEOUT_SECS",
        default_value_t = ConnectionSettings::DEFAULT_BODY_READ_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub body_timeout_secs: u64,
    /// Seconds a response may wait on a client that reads none of it.
    #[arg(
        long = "send-timeout-secs",
        env = "GALETTE_SEND_TIMEOUT_SECS",
        default_value_t = ConnectionSettings::DEFAULT_SEND_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub send_timeout_secs: u64,
    /// Connections one client address may hold open at once (trusted proxies are exempt).
    #[arg(
        long = "max-connections-per-client",
        env = "GALETTE_MAX_CONNECTIONS_PER_CLIENT",
        default_value_t = ConnectionSettings::DEFAULT_MAX_PER_CLIENT as u64,
        value_parser = clap::value_parser!(u64).range(1..=100_000)
    )]
    pub max_connections_per_client: u64,
    /// Seconds requests in flight may take to finish after SIGTERM or Ctrl-C.
    #[arg(
        long = "shutdown-grace-secs",
        env = "GALETTE_SHUTDOWN_GRACE_SECS",
        default_value_t = ConnectionSettings::DEFAULT_SHUTDOWN_GRACE.as_secs(),
        value_parser = clap::value_parser!(u64).range(0..=3600)
    )]
    pub shutdown_grace_secs: u64,
    /// The Chromium the back office scans the site with.
    #[arg(long = "scan-chromium", env = "GALETTE_CHROMIUM", default_value = ScanSettings::DEFAULT_CHROMIUM)]
    pub scan_chromium: PathBuf,
    /// Back-office scans record requests to hosts outside loopback but fail them before they
    /// leave the machine (for servers without outside network, and tests).
    #[arg(long = "scan-block-external", env = "GALETTE_SCAN_BLOCK_EXTERNAL")]
    pub scan_block_external: bool,
    /// Sign back-office scan reports with this Ed25519 key file (`galette scan keygen`).
    #[arg(long = "scan-key", env = "GALETTE_SCAN_KEY")]
    pub scan_key: Option<PathBuf>,
    /// Record no audience statistics (no page views, API calls or downloads counted).
    #[arg(long, env = "GALETTE_NO_STATISTICS")]
    pub no_statistics: bool,
    /// A local address-to-country table (CSV lines `first,last,CC`, IPv4 or IPv6) for the
    /// statistics' countries; without it no country is recorded (docs/statistics.md).
    #[arg(long, env = "GALETTE_GEOIP")]
    pub geoip: Option<PathBuf>,
    /// Benchmarks only: seconds between two statistics maintenance rounds (roll-ups), to
    /// tell their cost from the recording's.
    #[arg(long, hide = true)]
    pub bench_statistics_maintain_secs: Option<u64>,
    /// Benchmarks only: serve without the consent guard, to measure what it costs.
    #[arg(long, hide = true)]
    pub bench_without_cookie_guard: bool,
    /// Benchmarks only: answer every records request from the database, to measure queries.
    #[arg(long, hide = true)]
    pub bench_without_answer_cache: bool,
    /// Benchmarks only: render every page, never reusing one rendered for another
    /// visitor who is not signed in, to measure rendering.
    #[arg(long, hide = true)]
    pub bench_without_page_cache: bool,
}

impl ServeArgs {
    /// The HTTP part of the configuration (reads the GeoIP table, if one is named).
    pub fn http_settings(&self, store: &StoreArgs) -> anyhow::Result<HttpSettings> {
        let countries = match &self.geoip {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the GeoIP table {}", path.display()))?;
                let table = galette_core::stats::geoip::CountryTable::parse(&text)
                    .with_context(|| format!("the GeoIP table {} is refused", path.display()))?;
                tracing::info!(
                    ranges = table.len(),
                    "statistics: countries from {}",
                    path.display()
                );
                Some(std::sync::Arc::new(table))
            }
            None => None,
        };
        Ok(HttpSettings {
            trusted_proxies: self.trusted_proxies.clone(),
            without_cookie_guard: self.bench_without_cookie_guard,
            without_answer_cache: self.bench_without_answer_cache,
            without_page_cache: self.bench_without_page_cache,
            export_dir: Some(store.export_dir()),
            uploads: UploadSettings {
                dir: Some(store.upload_dir()),
                max_bytes: self.max_upload_mb * 1024 * 1024,
            },
            connections: ConnectionSettings {
                header_read_timeout: Duration::from_secs(self.header_timeout_secs),
                body_read_timeout: Duration::from_secs(self.body_timeout_secs),
                send_timeout: Duration::from_secs(self.send_timeout_secs),
                max_per_client: usize::try_from(self.max_connections_per_client)
                    .unwrap_or(usize::MAX),
                shutdown_grace: Duration::from_secs(self.shutdown_grace_secs),
            },
            query_timeouts: galette_store::explore::QueryTimeouts::default(),
            columnar: galette_http::columnar::ColumnarSettings {
                memory_bytes: usize::try_from(self.dataset_memory_mb * 1024 * 1024)
                    .unwrap_or(usize::MAX),
                ..Default::default()
            },
            scan: ScanSettings {
                chromium: self.scan_chromium.clone(),
                block_external: self.scan_block_external,
                key: self.scan_key.clone(),
                ..ScanSettings::default()
            },
            statistics: {
                let defaults = galette_http::stats::StatisticsSettings::default();
                galette_http::stats::StatisticsSettings {
                    enabled: !self.no_statistics,
                    maintain_every: self
                        .bench_statistics_maintain_secs
                        .map_or(defaults.maintain_every, Duration::from_secs),
                    countries,
                    ..defaults
                }
            },
        })
    }
}
