//! One tracing span per request, and one log line when it is answered.
//!
//! Owns: the span's fields — request id, method, matched route (the template, so that
//! `/datasets/{dataset_id}/` groups every dataset), path, tenant (recorded by
//! `resolve_tenant`), status and latency — and the access-log line. Cookie values, tokens
//! and client addresses are never recorded (docs/LOGGING.md).

use super::request_id::RequestId;
use axum::extract::{MatchedPath, Request};
use std::time::Duration;
use tracing::Span;
use tracing::field::Empty;

/// The span of one request.
pub fn make_span(req: &Request) -> Span {
    let id = req.extensions().get::<RequestId>();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    tracing::info_span!(
        "request",
        request_id = id.map(display),
        method = %req.method(),
        route = route.map(display),
        path = %req.uri().path(),
        tenant = Empty,
        status = Empty,
        latency_ms = Empty,
    )
}

/// Records the status and the time to the response's head, and logs the answer inside
/// the span, so that the line carries its fields.
pub fn on_response(status: u16, latency: Duration, span: &Span) {
    let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    span.record("status", status);
    span.record("latency_ms", latency_ms);
    span.in_scope(|| tracing::info!("answered {status} in {latency_ms} ms"));
}
