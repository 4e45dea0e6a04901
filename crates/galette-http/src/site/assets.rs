//! The stylesheet, compiled into the binary (no external assets).

use axum::http::header;
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("../../static/galette.css");
const CONSENT_SCRIPT: &str = include_str!("../../static/consent.js");

/// `GET /static/galette.css`.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

/// `GET /static/consent.js`: the banner's progressive enhancement.
pub async fn consent_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CONSENT_SCRIPT,
    )
}
