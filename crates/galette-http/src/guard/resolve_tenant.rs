//! Chooses the tenant from the `Host` header; an unknown host gets the "no such portal" page.

use super::error_pages::draw_error_page;
use super::request_id::RequestId;
use crate::error::PageError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::HOST;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use galette_core::hostname::Hostname;
use galette_core::language::{Language, resolve_language};

/// Resolves the tenant (port ignored, case-insensitive) and hands it to the next layer.
pub async fn resolve_tenant(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().host())
        .and_then(Hostname::parse);
    let tenant = match host {
        Some(host) => app.tenants.get(&app.store, &host).await,
        None => Ok(None),
    };
    match tenant {
        Ok(Some(tenant)) => {
            tracing::Span::current().record("tenant", tenant.slug.as_str());
            req.extensions_mut().insert(tenant);
            next.run(req).await
        }
        Ok(None) => portal_error(&app, &req, &PageError::UnknownPortal),
        Err(error) => {
            let id = req
                .extensions()
                .get::<RequestId>()
                .map(RequestId::to_string)
                .unwrap_or_default();
            tracing::error!(request_id = %id, %error, "request {id} failed: tenant lookup failed: {error}");
            // A store outage is a 503 that says to retry, not "no such portal"; in the
            // API's JSON under its prefix, as the API's clients read every other error.
            let path = req.uri().path();
            let prefix = super::necessary_cookies::API_PREFIX;
            if path == prefix || path.starts_with(&format!("{prefix}/")) {
                return crate::api::ApiError::Store(error).into_response();
            }
            portal_error(&app, &req, &PageError::from(error))
        }
    }
}

/// The page of a request whose portal is unknown (or could not be looked up): no tenant
/// name, no cookie (django-cookies G-8).
fn portal_error(app: &AppState, req: &Request, error: &PageError) -> Response {
    let accept = req
        .headers()
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = resolve_language(None, accept, &Language::ALL, Language::En);
    let request_id = req.extensions().get::<RequestId>();
    let mut response = match draw_error_page(app, error, lang, None, None, request_id) {
        Some(html) => {
            let mut response = (error.status(), Html(html)).into_response();
            crate::guard::vary::add_language_headers(&mut response, lang, false);
            response
        }
        None => error.status().into_response(),
    };
    crate::error::add_retry_after(&mut response);
    response
}
