//! Store + settings → a bound listener serving the app. Used by `serve`, `demo` and the tests.

use anyhow::Context;
use axum::Router;
use galette_http::api::cache::{ANSWERS_KEPT, QueryCache};
use galette_http::api::export_files::ExportFiles;
use galette_http::registry_cache::RegistryCache;
use galette_http::{App, AppState, Clock, HttpSettings, Pages};
use galette_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// How often expired sessions and old sign-in failures are deleted.
const CLEANUP_EVERY: Duration = Duration::from_secs(600);

/// A server bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    extra_routes: Router<AppState>,
}

impl Application {
    /// Loads templates and binds `addr` (port 0 picks a free port).
    pub async fn build(
        store: Store,
        settings: HttpSettings,
        clock: Clock,
        addr: SocketAddr,
    ) -> anyhow::Result<Application> {
        let pages = Pages::load()
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("loading templates and translations")?;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let registries = RegistryCache::default();
        let exports = ExportFiles::new(settings.export_dir.clone());
        let answers = QueryCache::with_capacity(if settings.without_answer_cache {
            0
        } else {
            ANSWERS_KEPT
        });
        let store = store.with_query_timeouts(settings.query_timeouts);
        let state = AppState(Arc::new(App {
            settings,
            store,
            pages,
            clock,
            registries,
            answers,
            exports,
        }));
        Ok(Application {
            listener,
            state,
            extra_routes: Router::new(),
        })
    }

    /// Adds tenant routes behind the guards (tests use it to prove the guard works).
    pub fn with_tenant_routes(mut self, routes: Router<AppState>) -> Application {
        self.extra_routes = routes;
        self
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves until Ctrl-C or SIGTERM, cleaning up expired sessions on the way.
    pub async fn run(self) -> anyhow::Result<()> {
        let cleanup = tokio::spawn(clean_up_periodically(self.state.clone()));
        let router = galette_http::router_with(self.state, self.extra_routes);
        let served = axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await;
        cleanup.abort();
        served.context("the server stopped with an error")
    }
}

async fn clean_up_periodically(state: AppState) {
    let mut ticker = tokio::time::interval(CLEANUP_EVERY);
    loop {
        ticker.tick().await;
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
