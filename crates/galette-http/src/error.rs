//! `PageError`: what can go wrong while answering a page, as the visitor will read it.
//!
//! A handler returns `PageError`; its `IntoResponse` only sets the status and stores the
//! error in the response extensions. `guard::necessary_cookies` then renders the error page
//! in the visitor's language (it knows the tenant and language) and logs server faults once.

use crate::pages::RenderError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use galette_core::csrf_token::CsrfFailure;
use galette_store::StoreError;
use std::sync::Arc;

/// A page-level failure; each variant's doc gives its status.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// 404: the `Host` serves no portal (rendered without tenant, sets no cookie).
    #[error("no portal is served on this host")]
    UnknownPortal,
    /// 404: no such page on this portal.
    #[error("page not found")]
    NotFound,
    /// 405: the route exists for other methods, listed in `Allow`.
    #[error("method not allowed")]
    MethodNotAllowed(&'static str),
    /// 403: the CSRF check failed, with Django's reason.
    #[error("CSRF verification failed: {0}")]
    Csrf(CsrfFailure),
    /// 403: signed in, but not an administrator of this portal.
    #[error("administrators only")]
    AdminsOnly,
    /// 400: the request is malformed; the key names the Fluent message explaining how.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// 408: the request body stopped arriving (the connection loop's body-read timeout).
    #[error("the request body stopped arriving")]
    RequestTimeout,
    /// 413: the request body is larger than the form limit.
    #[error("request body too large")]
    PayloadTooLarge,
    /// 431: the `Cookie` header (or another header) is too large.
    #[error("request headers too large")]
    HeadersTooLarge,
    /// 503 when the database is unreachable, cannot write (disk full, read-only) or a query
    /// ran past its time limit; 404 or 400 for a missing row or bad data; 500 otherwise.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// 500: something that should not happen did; the text is for the log.
    #[error("internal error: {0}")]
    Internal(&'static str),
    /// 500: a template failed to render.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl PageError {
    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::UnknownPortal | Self::NotFound | Self::Store(StoreError::NotFound(_)) => {
                StatusCode::NOT_FOUND
            }
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Csrf(_) | Self::AdminsOnly => StatusCode::FORBIDDEN,
            Self::BadRequest(_) | Self::Store(StoreError::QueryData(_)) => StatusCode::BAD_REQUEST,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Self::Store(
                StoreError::Unavailable(_)
                | StoreError::TimedOut(_)
                | StoreError::DiskFull(_)
                | StoreError::ReadOnly(_),
            ) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) | Self::Render(_) | Self::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The Fluent id of the page title and text (`<id>-title`, `<id>-text`).
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::UnknownPortal => "error-unknown-portal",
            Self::NotFound | Self::Store(StoreError::NotFound(_)) => "error-not-found",
            Self::MethodNotAllowed(_) => "error-method",
            Self::Csrf(_) => "error-csrf",
            Self::AdminsOnly => "error-admins-only",
            Self::BadRequest(_) | Self::Store(StoreError::QueryData(_)) => "error-bad-request",
            Self::RequestTimeout => "error-timeout",
            Self::PayloadTooLarge => "error-too-large",
            Self::HeadersTooLarge => "error-headers-too-large",
            Self::Store(
                StoreError::Unavailable(_) | StoreError::DiskFull(_) | StoreError::ReadOnly(_),
            ) => "error-unavailable",
            Self::Store(StoreError::TimedOut(_)) => "error-slow",
            Self::Store(_) | Self::Render(_) | Self::Internal(_) => "error-internal",
        }
    }

    /// A detail worth showing under the text (the CSRF reason, the bad-request explanation).
    pub fn detail_id(&self) -> Option<&'static str> {
        match self {
            Self::BadRequest(key) => Some(key),
            Self::Store(StoreError::QueryData(_)) => Some("error-detail-query"),
            _ => None,
        }
    }
}

/// Whether reading a body failed because it stopped arriving (tower-http's body timeout),
/// rather than because it was too large or the client hung up.
pub fn is_body_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        current = error.source();
    }
    false
}

/// What a 503 (the database unreachable, a query past its time limit) tells clients to
/// wait before trying again, in seconds.
pub const RETRY_AFTER_SECS: u64 = 5;

/// Tells the client when to try again, on a 503: every answer made from a `PageError`
/// goes through here, however it is rendered, so that an outage never reads as final.
pub(crate) fn add_retry_after(response: &mut Response) {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        if let Self::MethodNotAllowed(allow) = &self {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        add_retry_after(&mut response);
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}
