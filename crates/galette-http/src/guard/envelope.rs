//! The envelope of every request, outermost of all layers: its id, its span and access-log
//! line, its metrics and the security headers of its answer.
//!
//! These were four layers (a `TraceLayer` and three `from_fn`s); each layer clones the
//! route's boxed service and boxes a future per request, and together they were a tenth of
//! a cached page's cost. Done in one place, their order is explicit: the id exists before
//! the span, the span covers everything inside, and the headers are added last.
//!
//! Owns: the order of these steps. Does not own: what the span holds (`request_span`),
//! the id's form (`request_id`), the metric names (`telemetry`) or the headers
//! (`security_headers`).

use super::request_id::{REQUEST_ID_HEADER, RequestId};
use super::request_span;
use super::security_headers::add_security_headers;
use crate::telemetry;
use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

/// Middleware: wraps the request in its id and span, and its answer in the headers every
/// response carries.
pub async fn envelope(mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = RequestId::generate(&mut rand::rng());
    req.extensions_mut().insert(id.clone());
    let span = request_span::make_span(&req);
    let route = req.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(req).instrument(span.clone()).await;
    let latency = started.elapsed();
    let status = response.status().as_u16();
    let headers = response.headers_mut();
    add_security_headers(headers);
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        headers.insert(REQUEST_ID_HEADER, value);
    }
    telemetry::record_request(route.as_ref(), status, latency);
    request_span::on_response(status, latency, &span);
    response
}
