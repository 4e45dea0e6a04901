//! Store + settings → a bound listener serving the app. Used by `serve`, `demo` and the tests.

use crate::metrics_endpoint::MetricsServer;
use crate::site_scanner::BrowserScanner;
use anyhow::Context;
use axum::Router;
use galette_http::admin::remove_stale_uploads;
use galette_http::scanning::{ABANDONED_AFTER, SCAN_DEADLINE, ScanRunner};
use galette_http::{App, AppState, Clock, ExtraRoutes, HttpSettings};
use galette_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// How often expired sessions, old sign-in failures and what crashed imports left are
/// deleted (the first time in `Application::build`, before anything is served).
const CLEANUP_EVERY: Duration = Duration::from_secs(600);
/// An unlocked upload file younger than this may be one just created and not yet locked.
const UPLOAD_GRACE: Duration = Duration::from_secs(60);

/// A server bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    extra_routes: ExtraRoutes,
    metrics: Option<MetricsServer>,
}

impl Application {
    /// Loads templates and binds `addr` (port 0 picks a free port).
    pub async fn build(
        store: Store,
        settings: HttpSettings,
        clock: Clock,
        addr: SocketAddr,
    ) -> anyhow::Result<Application> {
        let scanner = BrowserScanner::new(settings.scan.clone())
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("preparing the back office's scanner")?;
        let mut app = App::new(store, settings, clock)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("loading templates and translations")?;
        app.scans = ScanRunner::new(Some(Arc::new(scanner)), SCAN_DEADLINE);
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let state = AppState(Arc::new(app));
        // The first clean-up runs before the server accepts anything, so what a crash left
        // is gone before the first request (and before `build` returns to a caller).
        clean_up(&state).await;
        Ok(Application {
            listener,
            state,
            extra_routes: ExtraRoutes::default(),
            metrics: None,
        })
    }

    /// Also serves Prometheus metrics on `addr` (port 0 picks a free port).
    pub async fn with_metrics(mut self, addr: SocketAddr) -> anyhow::Result<Application> {
        self.metrics = Some(MetricsServer::bind(addr).await?);
        Ok(self)
    }

    /// The metrics address actually bound, if any.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|m| m.local_addr().ok())
    }

    /// Adds tenant routes behind the guards (tests use it to prove the guard works).
    pub fn with_tenant_routes(mut self, routes: Router<AppState>) -> Application {
        self.extra_routes.tenant = routes;
        self
    }

    /// Adds tenant routes inside the consent guard but outside the visitor's layer (tests
    /// use it to prove the guard fails closed).
    pub fn with_visitorless_routes(mut self, routes: Router<AppState>) -> Application {
        self.extra_routes.outside_visitor = routes;
        self
    }

    /// The application state (tests reach the statistics' recorder through it).
    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves until Ctrl-C or SIGTERM, cleaning up expired sessions and crash leftovers on
    /// the way (every ten minutes after the start-up round in `build`); then stops accepting and lets requests
    /// in flight finish within the shutdown grace period.
    pub async fn run(self) -> anyhow::Result<()> {
        let cleanup = tokio::spawn(clean_up_periodically(self.state.clone()));
        let metrics = self.metrics.map(|server| tokio::spawn(server.run()));
        let statistics = crate::statistics::start(&self.state);
        let limits = self.state.settings.connections.clone();
        let trusted = self.state.settings.trusted_proxies.clone();
        let state = self.state.clone();
        let router = galette_http::router_with(self.state, self.extra_routes);
        crate::server::serve(self.listener, router, limits, trusted, shutdown_signal()).await;
        cleanup.abort();
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        // A scan cut short by the shutdown is said to be stopped, not left "running".
        state
            .scans
            .abandon_running(&state.store, &state.clock)
            .await;
        // What is still queued is written before the process ends.
        statistics.stop_and_report(&state).await;
        Ok(())
    }
}

async fn clean_up_periodically(state: AppState) {
    let first = tokio::time::Instant::now() + CLEANUP_EVERY;
    let mut ticker = tokio::time::interval_at(first, CLEANUP_EVERY);
    loop {
        ticker.tick().await;
        clean_up(&state).await;
    }
}

/// One round of clean-up: expired sessions, old sign-in failures, API call counts of past
/// quota windows, crash leftovers and abandoned scans.
async fn clean_up(state: &AppState) {
    let now = state.clock.unix();
    match state.store.purge_expired_sessions(now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(sessions = n, "deleted {n} expired sessions"),
        Err(error) => tracing::warn!(%error, "session clean-up failed: {error}"),
    }
    if let Err(error) = state
        .store
        .purge_login_failures(now - galette_core::throttle::WINDOW_SECS)
        .await
    {
        tracing::warn!(%error, "sign-in failure clean-up failed: {error}");
    }
    match state.store.purge_api_call_counts(now).await {
        Ok(0) => {}
        Ok(n) => tracing::debug!(counts = n, "deleted {n} API call counts of past windows"),
        Err(error) => tracing::warn!(%error, "the clean-up of API call counts failed: {error}"),
    }
    clean_up_after_crashes(state).await;
    fail_abandoned_scans(state).await;
}

/// Marks as failed the scans a process that died left "running" (past the scan deadline
/// and a margin, so never one that another replica is still running).
async fn fail_abandoned_scans(state: &AppState) {
    let now = state.clock.unix();
    let age = i64::try_from(ABANDONED_AFTER.as_secs()).unwrap_or(i64::MAX);
    match state
        .store
        .fail_running_site_scans(now.saturating_sub(age), now)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(scans = n, "marked {n} abandoned scans as failed"),
        Err(error) => tracing::warn!(%error, "the clean-up of abandoned scans failed: {error}"),
    }
}

/// Removes what an import or an upload killed midway left behind: dataset tables that no
/// dataset references and whose import has shown no sign of life for an hour (an import
/// in progress, here or in a `galette import` beside the server, renews its marker at
/// every batch), and upload files that no live upload holds locked.
async fn clean_up_after_crashes(state: &AppState) {
    match state
        .store
        .drop_orphan_tables(galette_store::IMPORT_GRACE_SECS)
        .await
    {
        Ok(dropped) => {
            for table in dropped {
                tracing::info!(%table, "dropped the table {table}, left by an import that did not finish");
            }
        }
        Err(error) => tracing::warn!(%error, "the clean-up of unfinished imports failed: {error}"),
    }
    let Some(dir) = state.settings.uploads.dir.clone() else {
        // Uploads go to the system's temporary directory, which is not ours to sweep.
        return;
    };
    let removed =
        tokio::task::spawn_blocking(move || remove_stale_uploads(&dir, UPLOAD_GRACE)).await;
    match removed {
        Ok(Ok(files)) => {
            for file in files {
                let file = file.display();
                tracing::info!(%file, "removed {file}, left by an upload that did not finish");
            }
        }
        Ok(Err(error)) => {
            tracing::warn!(%error, "the clean-up of unfinished uploads failed: {error}")
        }
        Err(error) => tracing::warn!(%error, "the clean-up of unfinished uploads failed: {error}"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
