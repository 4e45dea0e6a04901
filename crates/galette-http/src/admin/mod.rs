//! The back office (administrators of the tenant only).

mod registry;
mod staff;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub use staff::Staff;

/// Routes of the back office.
pub fn router() -> Router<AppState> {
    Router::new().route("/backoffice/", get(registry::show_registry))
}
