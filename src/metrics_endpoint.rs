//! `/metrics` in Prometheus' text format, on its own listen address (`--metrics-addr`), so
//! that the numbers are never served to the sites' visitors.

use anyhow::Context;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::net::TcpListener;

/// Latency buckets, seconds: a page answered from memory takes well under a millisecond, an
/// export may take seconds.
const LATENCY_BUCKETS: &[f64] = &[
    0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
    10.0,
];

/// The process-wide recorder: installed once, whatever the number of servers a process
/// (a test binary) starts.
static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

fn handle() -> anyhow::Result<PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(galette_http::telemetry::LATENCY.to_owned()),
            LATENCY_BUCKETS,
        )
        .context("configuring the latency histogram")?
        .build_recorder();
    let handle = recorder.handle();
    if metrics::set_global_recorder(recorder).is_ok() {
        galette_http::telemetry::describe();
        let _ = HANDLE.set(handle.clone());
        // Histograms and summaries need their upkeep when no exporter thread runs it.
        let upkeep = handle.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_secs(5));
            loop {
                ticker.tick().await;
                upkeep.run_upkeep();
            }
        });
        Ok(handle)
    } else {
        HANDLE
            .get()
            .cloned()
            .context("another metrics recorder is installed in this process")
    }
}

/// A bound metrics listener, ready to serve.
pub struct MetricsServer {
    listener: TcpListener,
    handle: PrometheusHandle,
}

impl MetricsServer {
    /// Installs the recorder (once per process) and binds `addr`.
    pub async fn bind(addr: SocketAddr) -> anyhow::Result<MetricsServer> {
        let handle = handle()?;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen for metrics on {addr}"))?;
        Ok(MetricsServer { listener, handle })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves `GET /metrics` until the task is dropped.
    pub async fn run(self) {
        let handle = self.handle;
        let router = Router::new().route(
            "/metrics",
            get(move || {
                let text = handle.render();
                async move {
                    (
                        [(
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
                        )],
                        text,
                    )
                        .into_response()
                }
            }),
        );
        if let Err(error) = axum::serve(self.listener, router).await {
            tracing::error!(%error, "the metrics listener stopped: {error}");
        }
    }
}
