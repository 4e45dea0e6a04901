//! Choosing a language: `POST /i18n/setlang/` (the catalogues are `translations`).

mod setlang;

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
