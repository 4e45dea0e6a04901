//! `POST /logout/`: ends the session (S-9) and goes back to a safe `next`.

use super::login::{redirect_to, safe_or_root};
use crate::error::PageError;
use crate::extract::{Visitor, query_param};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;

/// Signs the visitor out; any body is accepted (Django's logout reads only `next`).
pub async fn log_out(
    State(app): State<AppState>,
    visitor: Visitor,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "next").map(|(_, v)| v));
    let next = posted.or_else(|| query_param(query.as_deref(), "next"));
    visitor.logout(&app).await?;
    Ok(redirect_to(safe_or_root(next.as_deref(), &visitor)))
}
