//! Operations endpoints, served on any host (load balancers probe by address):
//! `/healthz` says the process is alive, `/readyz` that it may take traffic.

use crate::error::RETRY_AFTER_SECS;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// `GET /healthz`: 200 while the process serves requests at all (a liveness probe: restart
/// the process when it fails), whatever the database's state.
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        reason: None,
    })
}

/// `GET /readyz`: 200 when the store answers and its schema is the one this binary
/// expects; otherwise 503 with the reason and `Retry-After` (a readiness probe: send no
/// traffic here until it passes again).
async fn ready(State(app): State<AppState>) -> Response {
    let reason = match app.store.ping().await {
        // The store's own words already say "the database is unavailable: …".
        Err(error @ galette_store::StoreError::Unavailable(_)) => Some(error.to_string()),
        Err(error) => Some(format!("the database does not answer: {error}")),
        Ok(()) => match app.store.pending_migrations().await {
            Ok(pending) if pending.is_empty() => None,
            Ok(pending) => Some(format!(
                "the database schema is behind this binary: {} migration(s) not applied \
                 (run `galette migrate`)",
                pending.len()
            )),
            Err(error) => Some(format!("the schema could not be checked: {error}")),
        },
    };
    match reason {
        None => Json(Health {
            status: "ready",
            reason: None,
        })
        .into_response(),
        Some(reason) => {
            tracing::warn!("not ready: {reason}");
            let mut response = (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                    reason: Some(reason),
                }),
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
            response
        }
    }
}

/// Routes of the operations area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
}
