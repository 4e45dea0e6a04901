//! Error pages: every failure of a tenant route answers with the site's own page, in the
//! visitor's language, or with the API's JSON error under `/api/explore/v2.1`.
//!
//! Owns: rendering a `PageError` left in the response extensions; turning what axum answers
//! by itself (an extractor's rejection such as a path that is not UTF-8, a 405 from a method
//! router) into the same pages instead of its plain text; logging each server fault once,
//! with the request id, and showing that id on 5xx pages so a visitor can quote it.
//! Does not own: which status an error has (`error::PageError`, `api::ApiError`).

use super::request_id::RequestId;
use super::vary::add_language_headers;
use crate::api::ApiError;
use crate::error::PageError;
use crate::extract::visitor::VisitorState;
use crate::state::App;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use galette_core::language::{Language, resolve_language};
use galette_core::tenant::Tenant;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct ErrorPage<'a> {
    lang: Language,
    status: u16,
    message_id: &'a str,
    detail: Option<String>,
    tenant_name: Option<&'a str>,
    /// Shown on 5xx pages only, for the visitor to quote.
    request_id: Option<&'a str>,
}

/// The one renderer of error pages: the page of `error` in `lang`, naming the portal when
/// it is known, quoting the request id on a 5xx. `None` (logged) if the template failed.
pub(crate) fn draw_error_page(
    app: &App,
    error: &PageError,
    lang: Language,
    detail: Option<String>,
    tenant_name: Option<&str>,
    request_id: Option<&RequestId>,
) -> Option<String> {
    let status = error.status();
    let page = ErrorPage {
        lang,
        status: status.as_u16(),
        message_id: error.message_id(),
        detail,
        tenant_name,
        request_id: request_id
            .filter(|_| status.is_server_error())
            .map(RequestId::as_str),
    };
    match app.pages.render("errors/error.html", &page) {
        Ok(html) => Some(html),
        Err(render) => {
            tracing::error!(%render, "an error page failed to render: {render}");
            None
        }
    }
}

/// Logs a server fault once, with the request id the visitor is shown.
pub(crate) fn log_server_fault(error: &PageError, request_id: Option<&RequestId>) {
    if error.status().is_server_error() {
        let id = request_id.map(RequestId::as_str).unwrap_or_default();
        tracing::error!(request_id = id, %error, "request {id} failed: {error}");
    }
}

/// Turns a `PageError` left in the response extensions, or a bare rejection from axum, into
/// its page (or the API's JSON), and logs server faults.
pub(super) fn render_error_page(
    app: &App,
    visitor: &VisitorState,
    request_id: Option<&RequestId>,
    is_api: bool,
    response: Response,
) -> Response {
    let error = match response.extensions().get::<Arc<PageError>>().cloned() {
        Some(error) => error,
        None => match rejection(&response) {
            Some(error) => Arc::new(error),
            None => return response,
        },
    };
    if is_api {
        return api_rejection(response, &error, request_id);
    }
    let status = error.status();
    log_server_fault(&error, request_id);
    let detail = match error.as_ref() {
        PageError::Csrf(reason) => Some(reason.to_string()),
        other => other
            .detail_id()
            .map(|key| app.pages.text(visitor.lang, key)),
    };
    let html = draw_error_page(
        app,
        &error,
        visitor.lang,
        detail,
        Some(&visitor.tenant.name),
        request_id,
    );
    let (mut parts, _) = response.into_parts();
    parts.status = status;
    match html {
        Some(html) => {
            let mut rendered = Html(html).into_response();
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            *rendered.headers_mut() = parts.headers;
            *rendered.status_mut() = parts.status;
            rendered
        }
        None => Response::from_parts(parts, Body::empty()),
    }
}

/// The error of a response axum made by itself: an error status without a `PageError`,
/// whose body is neither a page nor JSON (a rejection's plain text, or nothing at all).
fn rejection(response: &Response) -> Option<PageError> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("text/html") || content_type.starts_with("application/json") {
        return None;
    }
    Some(match status {
        StatusCode::NOT_FOUND => PageError::NotFound,
        // The method router already set `Allow`; the response keeps its headers.
        StatusCode::METHOD_NOT_ALLOWED => PageError::MethodNotAllowed(""),
        StatusCode::REQUEST_TIMEOUT => PageError::RequestTimeout,
        StatusCode::PAYLOAD_TOO_LARGE => PageError::PayloadTooLarge,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => PageError::HeadersTooLarge,
        s if s.is_client_error() => PageError::BadRequest("error-detail-request"),
        _ => PageError::Internal("a response without a page"),
    })
}

/// The API's JSON error for a rejection, with the status it implies.
fn api_rejection(
    response: Response,
    error: &PageError,
    request_id: Option<&RequestId>,
) -> Response {
    let status = error.status();
    if status.is_server_error() {
        let id = request_id.map(RequestId::as_str).unwrap_or_default();
        tracing::error!(request_id = id, %error, "request {id} failed: {error}");
    }
    let api_error = match status {
        StatusCode::NOT_FOUND => ApiError::NotFound("Unknown API path.".into()),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::Request(
            status,
            "The API is read-only: only GET, HEAD and OPTIONS are answered.".into(),
        ),
        s if s.is_server_error() => ApiError::Request(
            status,
            "The request could not be answered; try again later, and if it keeps failing \
             quote the X-Request-Id header of this answer."
                .into(),
        ),
        _ => ApiError::Request(
            status,
            "The request's path or parameters could not be read: they must be valid \
             UTF-8 once percent-decoded."
                .into(),
        ),
    };
    let mut answer = api_error.into_response();
    if let Some(allow) = response.headers().get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}

/// For a request that never reached a handler (bad cookie header, registry unavailable):
/// its page, or the API's JSON under `/api/explore/v2.1`; no cookies.
pub(super) fn early_error(
    app: &App,
    tenant: &Tenant,
    req: &Request,
    error: PageError,
    is_api: bool,
) -> Response {
    if !is_api {
        return bare_error(app, tenant, req, error);
    }
    let status = error.status();
    let api_error = match error {
        PageError::Store(store) => ApiError::Store(store),
        PageError::HeadersTooLarge => ApiError::Request(
            status,
            "The Cookie header is larger than this site accepts (8 KiB).".into(),
        ),
        _ => ApiError::Request(status, "The Cookie header is not valid text.".into()),
    };
    api_error.into_response()
}

/// The page of a request that never reached a handler, in the language its
/// `Accept-Language` asks for.
fn bare_error(app: &App, tenant: &Tenant, req: &Request, error: PageError) -> Response {
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = resolve_language(None, accept, &tenant.languages, tenant.default_language);
    let status = error.status();
    let request_id = req.extensions().get::<RequestId>();
    log_server_fault(&error, request_id);
    let detail = error.detail_id().map(|key| app.pages.text(lang, key));
    let html = draw_error_page(app, &error, lang, detail, Some(&tenant.name), request_id);
    let mut response = match html {
        Some(html) => (status, Html(html)).into_response(),
        None => status.into_response(),
    };
    add_language_headers(&mut response, lang, false);
    crate::error::add_retry_after(&mut response);
    response
}
