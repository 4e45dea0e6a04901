//! Operations endpoints, served on any host (load balancers probe by address).

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

/// `GET /healthz`: 200 `{"status":"ok"}` once the store answers, 503 otherwise.
async fn health(State(app): State<AppState>) -> (StatusCode, Json<Health>) {
    match app.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok" })),
        Err(error) => {
            tracing::error!(%error, "health check failed: {error}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                }),
            )
        }
    }
}

/// Routes of the operations area.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(health))
}
