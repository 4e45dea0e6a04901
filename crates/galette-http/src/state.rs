//! The application state every request may use, built once at start-up.

pub use crate::clock::Clock;
use crate::pages::Pages;
use crate::registry_cache::RegistryCache;
use galette_store::Store;
use std::net::IpAddr;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The HTTP part of the configuration.
#[derive(Clone, Debug, Default)]
pub struct HttpSettings {
    /// Reverse proxies whose `X-Forwarded-Proto`/`X-Forwarded-For` are believed (django-cookies G-5).
    pub trusted_proxies: Vec<IpAddr>,
    /// Serve without the consent guard; only to measure its cost (`bench/`).
    pub without_cookie_guard: bool,
    /// Never reuse a records answer; only to measure queries (`bench/`).
    pub without_answer_cache: bool,
    /// Render every page, never reusing one rendered for another visitor who is not signed
    /// in; only to measure rendering (`bench/`) and to compare with the reused pages (tests).
    pub without_page_cache: bool,
    /// Where whole-dataset CSV exports are kept as files (`galette_store::export_files`); `None`
    /// builds every export from the database.
    pub export_dir: Option<std::path::PathBuf>,
    /// Where and how large the back office's CSV uploads may be.
    pub uploads: UploadSettings,
    /// How long a connection may wait on its client, and how many one client may hold.
    pub connections: ConnectionSettings,
    /// How long explore statements may run (records and pages; exports).
    pub query_timeouts: galette_store::explore::QueryTimeouts,
    /// How the back office scans a site (`/backoffice/scan/`).
    pub scan: ScanSettings,
    /// The audience statistics' recorder.
    pub statistics: crate::recorder::StatisticsSettings,
    /// The memory budget of the datasets' columnar copies.
    pub columnar: crate::columnar::ColumnarSettings,
}

/// The back office's scans: the browser, how far they go, and their signing key.
#[derive(Clone, Debug)]
pub struct ScanSettings {
    /// The Chromium executable.
    pub chromium: PathBuf,
    /// Pages per consent state at most.
    pub pages: usize,
    /// Link depth from the home page at most.
    pub depth: usize,
    /// Page load timeout.
    pub page_timeout: Duration,
    /// Record requests to hosts outside loopback but fail them before they leave the machine.
    pub block_external: bool,
    /// An Ed25519 key file (`galette scan keygen`) to sign the reports with.
    pub key: Option<PathBuf>,
}

impl ScanSettings {
    /// Debian's Chromium.
    pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
    /// 10 pages per state, as `galette scan` does by default.
    pub const DEFAULT_PAGES: usize = 10;
    /// Two links from the home page.
    pub const DEFAULT_DEPTH: usize = 2;
    /// 20 s per page.
    pub const DEFAULT_PAGE_TIMEOUT: Duration = Duration::from_secs(20);
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            chromium: PathBuf::from(Self::DEFAULT_CHROMIUM),
            pages: Self::DEFAULT_PAGES,
            depth: Self::DEFAULT_DEPTH,
            page_timeout: Self::DEFAULT_PAGE_TIMEOUT,
            block_external: false,
            key: None,
        }
    }
}

/// The limits that keep slow or greedy clients from holding connections (served by the
/// binary's connection loop).
#[derive(Clone, Debug)]
pub struct ConnectionSettings {
    /// Time for a request's whole head (request line and headers) to arrive, counted from
    /// the moment the connection waits for it. A kept-alive connection waits for its next
    /// request under the same bound, so this is also the idle keep-alive timeout.
    pub header_read_timeout: Duration,
    /// Longest pause between two pieces of a request body.
    pub body_read_timeout: Duration,
    /// Longest a response may wait on a client that reads none of it.
    pub send_timeout: Duration,
    /// Connections one client address may hold open at once; trusted proxies are exempt.
    pub max_per_client: usize,
    /// On SIGTERM or Ctrl-C, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
}

impl ConnectionSettings {
    /// 10 s: a browser sends its headers at once; only a stalled or hostile client needs more.
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
    /// 30 s without a byte of an upload means the client has gone.
    pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
    /// 60 s without the client reading a byte of its response.
    pub const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(60);
    /// 64: browsers open about six per host; a page behind a NAT shares the address.
    pub const DEFAULT_MAX_PER_CLIENT: usize = 64;
    /// 30 s for requests in flight at shutdown.
    pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
}

impl Default for ConnectionSettings {
    fn default() -> Self {
        ConnectionSettings {
            header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: Self::DEFAULT_BODY_READ_TIMEOUT,
            send_timeout: Self::DEFAULT_SEND_TIMEOUT,
            max_per_client: Self::DEFAULT_MAX_PER_CLIENT,
            shutdown_grace: Self::DEFAULT_SHUTDOWN_GRACE,
        }
    }
}

/// The back office's CSV uploads.
#[derive(Clone, Debug)]
pub struct UploadSettings {
    /// Directory for the uploaded file while it is imported (created when needed); `None`
    /// uses the system's temporary directory.
    pub dir: Option<PathBuf>,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl UploadSettings {
    /// 512 MiB: a few million rows of a typical open-data table.
    pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;
}

impl Default for UploadSettings {
    fn default() -> Self {
        UploadSettings {
            dir: None,
            max_bytes: Self::DEFAULT_MAX_BYTES,
        }
    }
}

/// Everything a request may use; cheap to clone behind `AppState`.
pub struct App {
    /// HTTP settings.
    pub settings: HttpSettings,
    /// The database.
    pub store: Store,
    /// Templates and translations.
    pub pages: Pages,
    /// The time source.
    pub clock: Clock,
    /// Tenants by host name, current within a second of a change made elsewhere.
    pub tenants: crate::tenant_cache::TenantCache,
    /// The feed's recent posts, for the bell of visitors who are not signed in.
    pub news_times: crate::news_cache::NewsTimes,
    /// Each site's dataset catalogue.
    pub datasets: crate::site_cache::DatasetsCache,
    /// Each site's statistics settings.
    pub stat_settings: crate::site_cache::StatSettingsCache,
    /// Registries by tenant, at their current revision.
    pub registries: RegistryCache,
    /// Pages rendered for visitors who are not signed in, reused while nothing they show
    /// changed.
    pub page_cache: crate::page_cache::PageCache,
    /// Recent records answers, keyed by dataset version and query.
    pub answers: crate::answer_cache::QueryCache,
    /// Columnar copies of dataset versions, answering the queries the engine answers.
    pub tables: crate::columnar::ColumnarTables,
    /// Whole-dataset CSV exports kept as files.
    pub exports: galette_store::export_files::ExportFiles,
    /// Scans of a site from the back office (none until the binary gives a scanner).
    pub scans: crate::scanning::ScanRunner,
    /// The audience statistics' queue and counters.
    pub stats: crate::recorder::Recorder,
}

impl App {
    /// Assembles the state from the store, the settings and the clock: loads the templates
    /// and translations, and makes the caches the settings ask for.
    pub fn new(
        store: Store,
        settings: HttpSettings,
        clock: Clock,
    ) -> Result<App, Box<dyn std::error::Error + Send + Sync>> {
        let pages = Pages::load()?;
        let exports = galette_store::export_files::ExportFiles::new(settings.export_dir.clone());
        let answers =
            crate::answer_cache::QueryCache::with_capacity(if settings.without_answer_cache {
                0
            } else {
                crate::answer_cache::ANSWERS_KEPT
            });
        let store = store.with_query_timeouts(settings.query_timeouts);
        let stats = crate::recorder::Recorder::new(settings.statistics.clone());
        let tables = crate::columnar::ColumnarTables::new(settings.columnar);
        let page_cache = crate::page_cache::PageCache::new(!settings.without_page_cache);
        Ok(App {
            settings,
            store,
            pages,
            clock,
            tenants: crate::tenant_cache::TenantCache::default(),
            news_times: crate::news_cache::NewsTimes::default(),
            datasets: crate::site_cache::DatasetsCache::default(),
            stat_settings: crate::site_cache::StatSettingsCache::default(),
            registries: RegistryCache::default(),
            page_cache,
            answers,
            tables,
            exports,
            scans: crate::scanning::ScanRunner::default(),
            stats,
        })
    }
}

/// Shared handle on `App`, the axum state.
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}
