//! Consent: the banner (in every page's layout), the preference centre `/cookies/`, the
//! choice endpoint, and `/.well-known/gpc.json` (consent.md §4.1–4.6).

mod centre;
mod choice;
mod gpc;
pub mod restore;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

/// Routes of the consent area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/cookies/",
            get(centre::show_centre).post(choice::save_choice),
        )
        .route("/.well-known/gpc.json", get(gpc::gpc_statement))
}
