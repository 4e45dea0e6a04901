//! The Django-compatible cookie middleware: reads `sessionid`, `csrftoken`,
//! `django_language` and `cookies_preferences` into the request's `Visitor`, runs the CSRF
//! check on unsafe requests, then writes the cookies the handler caused (docs/cookies.md
//! G, S, X, L).
//!
//! Owns: the order of the steps and when each necessary cookie is sent or deleted.
//! Does not own: the steps themselves — reading the `Cookie` header (`request_cookies`),
//! proxies (`client`), the CSRF check (`csrf`), saving the session (`session`), error pages
//! (`error_pages`), `Vary` (`vary`) — nor the cookie attributes
//! (`galette_core::necessary_cookies`).

use super::client::connection_facts;
use super::csrf::{check_csrf, is_unsafe};
use super::error_pages::{early_error, render_error_page};
use super::request_cookies::{RequestCookies, read_cookies};
use super::request_id::RequestId;
use super::session::{SessionCookie, save_changes};
use super::vary::{add_language_headers, append_vary};
use crate::api::ApiError;
use crate::error::PageError;
use crate::extract::visitor::{ConsentState, CsrfCookie, RequestTarget, Visitor, VisitorState};
use crate::state::{App, AppState};
use crate::sync::lock;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use galette_core::consent::choice::{decode_choice, encode_choice, status};
use galette_core::csrf_token::CsrfSecret;
use galette_core::language::resolve_language;
use galette_core::necessary_cookies::{NecessaryCookie, delete_cookie_header, set_cookie_header};
use galette_core::session_key::is_plausible_session_key;
use galette_core::tenant::Tenant;
use std::net::SocketAddr;
use std::sync::Arc;

/// Where the Explore API lives: its errors are JSON.
pub(super) const API_PREFIX: &str = "/api/explore/v2.1";

/// The middleware itself; mounted inside `resolve_tenant`.
pub async fn necessary_cookies(
    State(app): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(tenant) = req.extensions().get::<Arc<Tenant>>().cloned() else {
        return PageError::UnknownPortal.into_response();
    };
    let request_id = req.extensions().get::<RequestId>().cloned();
    let path = req.uri().path();
    let is_api = path == API_PREFIX || path.starts_with(&format!("{API_PREFIX}/"));
    let cookies = match read_cookies(req.headers()) {
        Ok(cookies) => cookies,
        Err(error) => return early_error(&app, &tenant, &req, error, is_api),
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let (is_https, client_ip) = connection_facts(&app, req.headers(), peer);
    let accept_language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = resolve_language(
        cookies.get(NecessaryCookie::Language),
        accept_language,
        &tenant.languages,
        tenant.default_language,
    );
    let csrf_cookie = match cookies.get(NecessaryCookie::CsrfToken) {
        None => CsrfCookie::Absent,
        Some(value) => match CsrfSecret::from_cookie(value) {
            Ok(secret) => CsrfCookie::Valid(secret),
            Err(failure) => CsrfCookie::Malformed(failure),
        },
    };
    let session_key = cookies
        .get(NecessaryCookie::SessionId)
        .filter(|k| is_plausible_session_key(k))
        .map(str::to_owned);
    let had_session_cookie = cookies.get(NecessaryCookie::SessionId).is_some();
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let client = client_ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let registry = match app.registries.get(&app.store, &tenant).await {
        Ok(registry) => registry,
        Err(error) => return early_error(&app, &tenant, &req, PageError::Store(error), is_api),
    };
    let consent = read_consent(&app, &tenant, &cookies, req.headers());
    let target = RequestTarget {
        path: req.uri().path().to_owned(),
        query: req.uri().query().map(str::to_owned),
    };
    let feed = crate::extract::feed_cookies::SentFeedCookies::read(req.headers(), &tenant.slug);
    let visitor = Visitor(Arc::new(VisitorState::new(
        tenant,
        lang,
        is_https,
        host,
        target,
        client,
        registry,
        consent,
        feed,
        csrf_cookie,
        session_key,
    )));

    let response = if is_unsafe(req.method()) {
        match check_csrf(&visitor, req).await {
            Ok(mut checked) => {
                checked.extensions_mut().insert(visitor.clone());
                next.run(checked).await
            }
            Err(error) => {
                tracing::warn!(reason = %error, "request refused: {error}");
                if is_api {
                    // The API answers in its own JSON shape, never with an HTML page.
                    ApiError::Forbidden(format!(
                        "{error}. The API is read-only: send GET requests."
                    ))
                    .into_response()
                } else {
                    error.into_response()
                }
            }
        }
    } else {
        req.extensions_mut().insert(visitor.clone());
        next.run(req).await
    };
    let response = render_error_page(&app, &visitor, request_id.as_ref(), is_api, response);
    let mut response = finish(&app, &visitor, had_session_cookie, response).await;
    // The consent guard, outside this layer, judges the response with this visitor's choice.
    response.extensions_mut().insert(visitor);
    response
}

/// The consent the request carries: `Sec-GPC` and a `cookies_preferences` whose MAC checks
/// (anything else counts as no choice, consent.md C-21).
fn read_consent(
    app: &App,
    tenant: &Tenant,
    cookies: &RequestCookies,
    headers: &HeaderMap,
) -> ConsentState {
    let gpc = headers
        .get("sec-gpc")
        .is_some_and(|v| v.as_bytes().trim_ascii() == b"1");
    let stored = cookies
        .get(NecessaryCookie::ConsentPreferences)
        .and_then(|value| decode_choice(value, tenant.secret.as_bytes()).ok());
    let state = stored
        .as_ref()
        .map(|c| status(c, tenant.consent_revision, app.clock.unix()));
    ConsentState {
        gpc,
        stored,
        status: state,
    }
}

/// Writes the session, the cookies and the caching headers once the handler answered.
async fn finish(
    app: &App,
    visitor: &VisitorState,
    had_session_cookie: bool,
    mut response: Response,
) -> Response {
    let now = app.clock.now();
    let secure = visitor.is_https;
    let mut set_cookies: Vec<String> = Vec::new();
    let mut vary_cookie = false;

    match save_changes(
        app,
        visitor,
        had_session_cookie,
        response.status().is_server_error(),
    )
    .await
    {
        Ok((cookie, accessed)) => {
            vary_cookie |= accessed;
            match cookie {
                SessionCookie::Unchanged => {}
                SessionCookie::Set(key) => set_cookies.push(set_cookie_header(
                    NecessaryCookie::SessionId,
                    &key,
                    now,
                    secure,
                )),
                SessionCookie::Delete => {
                    set_cookies.push(delete_cookie_header(NecessaryCookie::SessionId, secure));
                }
            }
        }
        Err(error) => {
            tracing::error!(%error, "could not save the session: {error}");
            return PageError::Store(error).into_response();
        }
    }

    {
        let csrf = lock(&visitor.csrf);
        let repair = matches!(csrf.cookie, CsrfCookie::Malformed(_));
        if csrf.must_send || repair {
            let fresh;
            let secret = match &csrf.secret {
                Some(secret) => secret,
                None => {
                    fresh = CsrfSecret::generate(&mut rand::rng());
                    &fresh
                }
            };
            set_cookies.push(set_cookie_header(
                NecessaryCookie::CsrfToken,
                secret.as_str(),
                now,
                secure,
            ));
            vary_cookie = true;
        }
    }
    if let Some(language) = *lock(&visitor.new_language) {
        set_cookies.push(set_cookie_header(
            NecessaryCookie::Language,
            language.code(),
            now,
            secure,
        ));
    }

    let choice = lock(&visitor.new_choice).clone();
    if let Some(choice) = choice {
        let value = encode_choice(&choice, visitor.tenant.secret.as_bytes());
        set_cookies.push(set_cookie_header(
            NecessaryCookie::ConsentPreferences,
            &value,
            now,
            secure,
        ));
    }
    for cookie in set_cookies {
        match HeaderValue::from_str(&cookie) {
            Ok(value) => {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            Err(_) => tracing::error!("a Set-Cookie header was not valid and was dropped"),
        }
    }
    if vary_cookie {
        append_vary(response.headers_mut(), "Cookie");
    }
    add_language_headers(&mut response, visitor.lang, true);
    // The banner and the centre change with Sec-GPC (C-42).
    append_vary(response.headers_mut(), "Sec-GPC");
    response
}
