//! The Django-compatible cookie middleware: reads `sessionid`, `csrftoken` and
//! `django_language`, checks CSRF on every unsafe request, renders error pages, then writes
//! the cookies and the `Vary`/`Content-Language` headers (django-cookies.md G, S, X, L).
//!
//! Owns: when each necessary cookie is sent or deleted and the order of the checks.
//! Does not own: the cookie attributes (`galette_core::necessary_cookies`) or the token
//! arithmetic (`galette_core::csrf_token`).

use super::error_pages::{early_error, render_error_page};
use super::request_id::RequestId;
use crate::api::ApiError;
use crate::error::PageError;
use crate::extract::visitor::{
    ConsentState, CsrfCookie, LoadedSession, RequestTarget, Visitor, VisitorState,
};
use crate::state::{App, AppState};
use crate::sync::lock;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use galette_core::consent::choice::{decode_choice, encode_choice, status};
use galette_core::csrf_token::{
    CsrfFailure, CsrfSecret, TokenSource, check_origin, check_referer, check_token,
};
use galette_core::language::{Language, resolve_language};
use galette_core::necessary_cookies::{NecessaryCookie, delete_cookie_header, set_cookie_header};
use galette_core::session_key::{generate_session_key, is_plausible_session_key};
use galette_core::tenant::Tenant;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Where the Explore API lives: its errors are JSON.
const API_PREFIX: &str = "/api/explore/v2.1";
/// Largest `Cookie` header accepted; browsers cap a site's cookies near this size.
const MAX_COOKIE_HEADER: usize = 8 * 1024;
/// Largest urlencoded form body read for the CSRF token.
pub const MAX_FORM_BODY: usize = 64 * 1024;

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
    let visitor = Visitor(Arc::new(VisitorState::new(
        tenant,
        lang,
        is_https,
        host,
        target,
        client,
        registry,
        consent,
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

/// The cookies the request carries, by name (first occurrence wins, as in browsers' order).
struct RequestCookies(Vec<(String, String)>);

impl RequestCookies {
    fn get(&self, cookie: NecessaryCookie) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == cookie.name())
            .map(|(_, v)| v.as_str())
    }
}

fn read_cookies(headers: &HeaderMap) -> Result<RequestCookies, PageError> {
    let mut pairs = Vec::new();
    let mut total = 0;
    for value in headers.get_all(header::COOKIE) {
        total += value.len();
        if total > MAX_COOKIE_HEADER {
            return Err(PageError::HeadersTooLarge);
        }
        let text = value
            .to_str()
            .map_err(|_| PageError::BadRequest("error-detail-cookie-encoding"))?;
        for part in text.split(';') {
            // Malformed pairs are skipped, as Django's parser does.
            let Some((name, value)) = part.split_once('=') else {
                continue;
            };
            pairs.push((
                name.trim().to_owned(),
                value.trim().trim_matches('"').to_owned(),
            ));
        }
    }
    Ok(RequestCookies(pairs))
}

/// Whether the request came over HTTPS, and the client address, believing forwarded headers
/// only from configured proxies (G-5).
fn connection_facts(
    app: &App,
    headers: &HeaderMap,
    peer: Option<IpAddr>,
) -> (bool, Option<IpAddr>) {
    let from_proxy = peer.is_some_and(|ip| app.settings.trusted_proxies.contains(&ip));
    if !from_proxy {
        return (false, peer);
    }
    let forwarded = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let is_https =
        forwarded("x-forwarded-proto").is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    let client = forwarded("x-forwarded-for")
        .and_then(|list| list.split(',').next_back())
        .and_then(|ip| ip.trim().parse().ok())
        .or(peer);
    (is_https, client)
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// X-11…X-13 in Django's order: Origin, then Referer (HTTPS only), then cookie and token.
async fn check_csrf(visitor: &VisitorState, req: Request) -> Result<Request, PageError> {
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
    if let Some(boundary) = crate::extract::multipart::multipart_boundary(req.headers()) {
        return Ok(super::multipart_token::read_token(req, boundary).await);
    }
    if !crate::extract::form::is_urlencoded_form(req.headers()) {
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

    let mut session = visitor.session.lock().await;
    vary_cookie |= session.accessed;
    if let Some(loaded) = session.loaded.as_mut().filter(|l| l.modified) {
        if loaded.data.is_empty() {
            if let Some(key) = loaded.key.take()
                && let Err(error) = app.store.delete_session(&key).await
            {
                tracing::error!(%error, "could not delete an emptied session: {error}");
            }
            if had_session_cookie {
                set_cookies.push(delete_cookie_header(NecessaryCookie::SessionId, secure));
                vary_cookie = true;
            }
        } else if response.status().as_u16() < 500 {
            // Nothing is saved on a 5xx response (S-3).
            match save_session(app, visitor, loaded).await {
                Ok(key) => {
                    set_cookies.push(set_cookie_header(
                        NecessaryCookie::SessionId,
                        &key,
                        now,
                        secure,
                    ));
                    vary_cookie = true;
                }
                Err(error) => {
                    tracing::error!(%error, "could not save the session: {error}");
                    return PageError::Store(error).into_response();
                }
            }
        }
    }
    drop(session);

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

async fn save_session(
    app: &App,
    visitor: &VisitorState,
    loaded: &mut LoadedSession,
) -> Result<String, galette_store::StoreError> {
    let data = serde_json::to_string(&loaded.data)
        .map_err(|e| galette_store::StoreError::Invalid(e.to_string()))?;
    let expires = app.clock.unix()
        + i64::try_from(NecessaryCookie::SessionId.max_age_secs()).unwrap_or(i64::MAX);
    if let Some(key) = &loaded.key
        && app
            .store
            .update_session(key, visitor.tenant.id, &data, expires)
            .await?
    {
        return Ok(key.clone());
    }
    // A new session, or one deleted meanwhile: store it under a key never used before.
    for _ in 0..5 {
        let key = generate_session_key(&mut rand::rng());
        if app
            .store
            .insert_session(&key, visitor.tenant.id, &data, expires)
            .await?
        {
            loaded.key = Some(key.clone());
            return Ok(key);
        }
    }
    Err(galette_store::StoreError::Conflict(
        "five random session keys in a row".into(),
    ))
}

/// `Content-Language` and `Vary` on every response that went through language resolution,
/// redirects included, as Django's LocaleMiddleware does (L-7); `Vary: Cookie` too when the
/// cookie can change the language.
pub fn add_language_headers(response: &mut Response, lang: Language, cookie_matters: bool) {
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_LANGUAGE)
        .or_insert(HeaderValue::from_static(lang.code()));
    append_vary(headers, "Accept-Language");
    if cookie_matters {
        append_vary(headers, "Cookie");
    }
}

/// Adds `name` to `Vary` once, keeping the names already there in order (S-5).
pub(crate) fn append_vary(headers: &mut HeaderMap, name: &str) {
    let mut names: Vec<String> = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    if names
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name) || n == "*")
    {
        return;
    }
    names.push(name.to_owned());
    if let Ok(value) = HeaderValue::from_str(&names.join(", ")) {
        headers.insert(header::VARY, value);
    }
}
