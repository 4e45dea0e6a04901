//! Form bodies and query parameters that fail with a clear page instead of a plain-text 4xx.
//!
//! The CSRF check does not happen here: `guard::csrf` has already checked every
//! unsafe request before any handler, so no route can forget it.

use crate::error::PageError;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

/// Largest urlencoded form body read, by this extractor and by the CSRF check (413 beyond).
pub const MAX_FORM_BODY: usize = 64 * 1024;

/// An `application/x-www-form-urlencoded` body decoded into `T`.
pub struct FormBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormBody<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        if !is_urlencoded_form(req.headers()) {
            return Err(PageError::BadRequest("error-detail-form-type"));
        }
        let bytes = axum::body::to_bytes(req.into_body(), MAX_FORM_BODY)
            .await
            .map_err(|_| PageError::PayloadTooLarge)?;
        serde_urlencoded::from_bytes(&bytes)
            .map(FormBody)
            .map_err(|_| PageError::BadRequest("error-detail-form"))
    }
}

/// Whether a request's body is declared as an urlencoded form.
pub fn is_urlencoded_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.trim_start()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// The first value of `name` in the query string, if the query parses.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query?)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
