//! The back office (administrators of the tenant only): the registry and its editor,
//! policy revisions, consent rates, enforcement mode, API keys, datasets and their upload.

mod api_keys;
mod consent_rates;
mod cookie_form;
mod datasets;
mod fields;
mod integration_form;
mod refusal;
mod registry;
mod revisions;
mod staff;
mod upload_form;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub use staff::Staff;
pub use upload_form::remove_stale_uploads;

/// Routes of the back office.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/backoffice/", get(registry::show_registry))
        .route("/backoffice/enforcement", post(registry::set_enforcement))
        .route("/backoffice/cookies/edit", get(cookie_form::edit_cookie))
        .route("/backoffice/cookies/", post(cookie_form::save_cookie))
        .route(
            "/backoffice/cookies/delete",
            post(cookie_form::delete_cookie),
        )
        .route(
            "/backoffice/integrations/edit",
            get(integration_form::edit_integration),
        )
        .route(
            "/backoffice/integrations/",
            post(integration_form::save_integration),
        )
        .route(
            "/backoffice/integrations/delete",
            post(integration_form::delete_integration),
        )
        .route("/backoffice/revisions/", get(revisions::list_revisions))
        .route("/backoffice/consent/", get(consent_rates::show_rates))
        .route(
            "/backoffice/apikeys/",
            get(api_keys::list_keys).post(api_keys::create_key),
        )
        .route("/backoffice/apikeys/revoke", post(api_keys::revoke_key))
        .route(
            "/backoffice/datasets/",
            get(datasets::list_datasets).post(datasets::upload_dataset),
        )
}
