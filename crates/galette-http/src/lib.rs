//! galette's HTTP layer: the only crate that speaks HTTP.
//!
//! `router` assembles every area's routes and applies the guards in one place.

pub mod admin;
pub mod answer_cache;
pub mod api;
pub mod auth;
pub mod clock;
pub mod columnar;
pub mod consent;
pub mod error;
pub mod extract;
pub mod guard;
pub mod i18n;
pub mod layout;
pub mod news;
pub mod news_cache;
pub mod ops;
pub mod page_cache;
pub mod pages;
pub mod recorder;
pub mod registry_cache;
pub mod scanning;
pub mod site;
pub mod site_cache;
pub mod state;
pub mod stats;
pub mod sync;
pub mod telemetry;
pub mod tenant_cache;
pub mod translations;
pub mod version_watch;

pub use pages::Pages;
pub use state::{
    App, AppState, Clock, ConnectionSettings, HttpSettings, ScanSettings, UploadSettings,
};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use error::PageError;

/// Paths that end in `/`; a request for one without it is sent there (Django's APPEND_SLASH).
const SLASHED_PATHS: [&str; 6] = [
    "/login/",
    "/logout/",
    "/account/",
    "/cookie-policy/",
    "/backoffice/",
    "/i18n/setlang/",
];

/// The whole application.
pub fn router(state: AppState) -> Router {
    router_with(state, ExtraRoutes::default())
}

/// Routes added to the tenant routes, for tests that prove the guards work.
#[derive(Default)]
pub struct ExtraRoutes {
    /// Behind every guard, like the application's own routes.
    pub tenant: Router<AppState>,
    /// Inside the consent guard but outside `necessary_cookies`, where a layer to come
    /// (statistics, notifications) might answer without a visitor.
    pub outside_visitor: Router<AppState>,
}

/// The application with extra tenant routes behind the same guards (tests mount routes
/// that misbehave on purpose, to prove the guard stops them).
pub fn router_with(state: AppState, extra: ExtraRoutes) -> Router {
    let extra_tenant_routes = extra.tenant;
    // Layers run outside-in in the reverse order of `.layer` calls: resolve_tenant first
    // (unknown host → 404 without cookies), then cookie_guard (sees every Set-Cookie last),
    // then necessary_cookies (CSRF check before any handler, cookies and Vary after it).
    let routes = Router::new()
        .merge(site::router())
        .merge(consent::router())
        .merge(auth::router())
        .merge(i18n::router())
        .merge(admin::router())
        .merge(news::router())
        .merge(extra_tenant_routes)
        .nest("/api/explore/v2.1", api::router(state.clone()))
        .fallback(page_not_found)
        .layer(DefaultBodyLimit::max(extract::form::MAX_FORM_BODY))
        .layer(from_fn_with_state(
            state.clone(),
            guard::necessary_cookies::necessary_cookies,
        ))
        .merge(extra.outside_visitor);
    let routes = if state.settings.without_cookie_guard {
        tracing::warn!("the consent guard is OFF (benchmark mode): undeclared cookies pass");
        routes
    } else {
        routes.layer(from_fn(guard::cookie_guard::cookie_guard))
    };
    // Statistics see the final status and the visitor the inner layers left on the
    // response, outside the consent guard and never touching the response (docs/statistics.md).
    let routes = routes.layer(from_fn_with_state(state.clone(), stats::record::record));
    let tenant_routes = routes.layer(from_fn_with_state(
        state.clone(),
        guard::resolve_tenant::resolve_tenant,
    ));

    Router::new()
        .merge(ops::router())
        .merge(site::assets_router())
        .merge(tenant_routes)
        // Outermost: the request's id, span, access-log line, metrics and security headers,
        // in one layer (guard/envelope.rs).
        .layer(from_fn(guard::envelope::envelope))
        .with_state(state)
}

/// The 404 page, or a 301 to the slashed path the visitor surely meant.
async fn page_not_found(req: Request) -> Response {
    let path = req.uri().path();
    let slashed = format!("{path}/");
    if matches!(*req.method(), Method::GET | Method::HEAD)
        && SLASHED_PATHS.contains(&slashed.as_str())
    {
        let location = match req.uri().query() {
            Some(q) => format!("{slashed}?{q}"),
            None => slashed,
        };
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    PageError::NotFound.into_response()
}
