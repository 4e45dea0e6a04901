//! Signing in and out, and the signed-in visitor's account page.

mod account;
mod login;
mod logout;

use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};

pub use login::redirect_to;

/// Routes of the authentication area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login/", get(login::show_login).post(login::log_in))
        .route(
            "/logout/",
            post(logout::log_out)
                .options(|| async {
                    (
                        StatusCode::OK,
                        [(axum::http::header::ALLOW, "POST, OPTIONS")],
                    )
                })
                .fallback(|| async { crate::error::PageError::MethodNotAllowed("POST, OPTIONS") }),
        )
        .route("/account/", get(account::show_account))
}
