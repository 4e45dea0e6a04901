//! The front office: portal home, cookie policy (HTML and JSON), the stylesheet.

mod assets;
mod chart;
mod explorer;
mod home;
mod policy;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

/// Routes of the front office.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show_home))
        .route("/cookie-policy/", get(policy::show_policy))
        .route("/cookie-policy.json", get(policy::policy_json))
        .route("/datasets/", get(explorer::show_catalog))
        .route("/datasets/{dataset_id}/", get(explorer::show_dataset))
}

/// Routes that serve files and need no tenant.
pub fn assets_router() -> Router<AppState> {
    Router::new()
        .route("/static/galette.css", get(assets::stylesheet))
        .route("/static/consent.js", get(assets::consent_script))
}
