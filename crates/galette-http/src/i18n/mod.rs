//! Languages: the Fluent catalogues and `POST /i18n/setlang/`.

mod setlang;
pub mod translations;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

/// Routes of the language area.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/i18n/setlang/",
        get(setlang::follow_link).post(setlang::set_language),
    )
}
