//! The CSRF check of every unsafe request, before any handler runs (docs/cookies.md X-11…X-13).
//!
//! Owns: which methods are unsafe, the order of the checks (Origin, then Referer on HTTPS,
//! then cookie and token), and reading the posted token from a form or multipart body
//! without losing the body.
//! Does not own: the token arithmetic (`galette_core::csrf_token`) or the cookie itself
//! (`necessary_cookies`).

use crate::error::PageError;
use crate::extract::form::{MAX_FORM_BODY, is_urlencoded_form};
use crate::extract::multipart::multipart_boundary;
use crate::extract::visitor::{CsrfCookie, VisitorState};
use crate::sync::lock;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use galette_core::csrf_token::{
    CsrfFailure, TokenSource, check_origin, check_referer, check_token,
};

/// Whether a method changes state and so needs the CSRF check.
pub(super) fn is_unsafe(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// X-11…X-13 in Django's order: Origin, then Referer (HTTPS only), then cookie and token.
/// Gives the request back, body intact, when it passes.
pub(super) async fn check_csrf(visitor: &VisitorState, req: Request) -> Result<Request, PageError> {
    let headers = req.headers();
    let trusted = &visitor.tenant.trusted_origins;
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        check_origin(origin, visitor.is_https, &visitor.host, trusted).map_err(PageError::Csrf)?;
    } else if visitor.is_https {
        let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
        check_referer(referer, &visitor.host, trusted).map_err(PageError::Csrf)?;
    }
    let secret = {
        let csrf = lock(&visitor.csrf);
        match &csrf.cookie {
            CsrfCookie::Absent => return Err(PageError::Csrf(CsrfFailure::CookieNotSet)),
            CsrfCookie::Malformed(failure) => return Err(PageError::Csrf(failure.clone())),
            CsrfCookie::Valid(secret) => secret.clone(),
        }
    };
    let (req, posted) = posted_token(req).await?;
    let header_token = req
        .headers()
        .get("x-csrftoken")
        .and_then(|v| v.to_str().ok());
    let result = match posted.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => check_token(&secret, Some(token), TokenSource::PostField),
        None => check_token(&secret, header_token, TokenSource::Header),
    };
    result.map_err(PageError::Csrf)?;
    Ok(req)
}

/// Reads `csrfmiddlewaretoken` from a POST form (urlencoded, or the first parts of a
/// multipart body) and puts the body back.
async fn posted_token(req: Request) -> Result<(Request, Option<String>), PageError> {
    if req.method() != Method::POST {
        return Ok((req, None));
    }
    if let Some(boundary) = multipart_boundary(req.headers()) {
        return Ok(super::multipart_token::read_token(req, boundary).await);
    }
    if !is_urlencoded_form(req.headers()) {
        return Ok((req, None));
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BODY)
        .await
        .map_err(|error| {
            if crate::error::is_body_timeout(&error) {
                PageError::RequestTimeout
            } else {
                PageError::PayloadTooLarge
            }
        })?;
    let token = form_urlencoded_field(&bytes, "csrfmiddlewaretoken");
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

fn form_urlencoded_field(body: &[u8], wanted: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == wanted)
        .map(|(_, v)| v)
}
