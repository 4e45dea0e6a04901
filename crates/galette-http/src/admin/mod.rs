//! The back office (administrators of the tenant only): the registry and its editor,
//! policy revisions, consent rates, audience statistics, enforcement mode, API keys and quotas,
//! datasets and their upload, scans of the site in a real browser.

mod api_keys;
mod consent_rates;
mod cookie_form;
mod datasets;
mod entry_form;
mod fields;
mod integration_form;
mod refusal;
mod registry;
mod revisions;
mod site_scan;
mod staff;
mod stats;
mod upload_form;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use cookie_form::CookieForm;
use entry_form::{delete_entry, edit_entry, save_entry};
use integration_form::IntegrationForm;

pub use fields::Fields;
pub use staff::Staff;
pub use upload_form::remove_stale_uploads;

/// Routes of the back office.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/backoffice/", get(registry::show_registry))
        .route("/backoffice/enforcement", post(registry::set_enforcement))
        .route("/backoffice/cookies/edit", get(edit_entry::<CookieForm>))
        .route("/backoffice/cookies/", post(save_entry::<CookieForm>))
        .route(
            "/backoffice/cookies/delete",
            post(delete_entry::<CookieForm>),
        )
        .route(
            "/backoffice/integrations/edit",
            get(edit_entry::<IntegrationForm>),
        )
        .route(
            "/backoffice/integrations/",
            post(save_entry::<IntegrationForm>),
        )
        .route(
            "/backoffice/integrations/delete",
            post(delete_entry::<IntegrationForm>),
        )
        .route("/backoffice/revisions/", get(revisions::list_revisions))
        .route("/backoffice/consent/", get(consent_rates::show_rates))
        .route("/backoffice/stats/", get(stats::show_stats))
        .route("/backoffice/stats.json", get(stats::stats_json))
        .route("/backoffice/stats/export.csv", get(stats::export_csv))
        .route("/backoffice/stats/settings", post(stats::save_settings))
        .route(
            "/backoffice/apikeys/",
            get(api_keys::list_keys).post(api_keys::create_key),
        )
        .route("/backoffice/apikeys/revoke", post(api_keys::revoke_key))
        .route("/backoffice/apikeys/quota", post(api_keys::set_quota))
        .route(
            "/backoffice/scan/",
            get(site_scan::show_scan).post(site_scan::start_scan),
        )
        .route(
            "/backoffice/scan/{id}/report.json",
            get(site_scan::download_report),
        )
        .route(
            "/backoffice/datasets/",
            get(datasets::list_datasets).post(datasets::upload_dataset),
        )
}
