//! `GET`/`POST /login/`: the sign-in form, Argon2id verification, throttling, key cycling.

use crate::error::PageError;
use crate::extract::{FormBody, Visitor, query_param};
use crate::layout::Layout;
use crate::state::{App, AppState};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use galette_core::password::{dummy_verify, verify_password};
use galette_core::redirect::is_safe_redirect;
use galette_core::throttle::{
    WINDOW_SECS, client_key, is_plausible_email, is_throttled, normalise_email,
};
use galette_store::User;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

#[derive(Serialize)]
struct LoginPage {
    #[serde(flatten)]
    layout: Layout,
    next: Option<String>,
    email: String,
    error: Option<&'static str>,
}

/// The posted sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// `GET /login/`: the form, with a fresh CSRF token.
pub async fn show_login(
    State(app): State<AppState>,
    visitor: Visitor,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let next = query_param(query.as_deref(), "next").filter(|n| !n.is_empty());
    render(&app, &visitor, next, String::new(), None, StatusCode::OK).await
}

/// `POST /login/`: 302 to a safe `next` on success, the form again with an error otherwise.
pub async fn log_in(
    State(app): State<AppState>,
    visitor: Visitor,
    RawQuery(query): RawQuery,
    FormBody(form): FormBody<LoginForm>,
) -> Result<Response, PageError> {
    let next = form
        .next
        .clone()
        .or_else(|| query_param(query.as_deref(), "next"))
        .filter(|n| !n.is_empty());
    let account = normalise_email(&form.email);
    let client = client_key(&visitor.tenant.secret, &visitor.client);
    let now = app.clock.unix();
    let (by_account, by_client) = app
        .store
        .recent_login_failures(visitor.tenant.id, &account, &client, now - WINDOW_SECS)
        .await?;
    if is_throttled(by_account, by_client) {
        tracing::warn!(tenant = %visitor.tenant.slug, "sign-in refused: too many failures in 15 minutes");
        let mut response = render(
            &app,
            &visitor,
            next,
            form.email,
            Some("login-error-throttled"),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await?;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(WINDOW_SECS));
        return Ok(response);
    }
    // An address with control characters names no account: no lookup, same cost.
    let user = if is_plausible_email(&form.email) {
        app.store.user_by_email(visitor.tenant.id, &account).await?
    } else {
        None
    };
    let Some(user) = check_password(user, form.password).await else {
        app.store
            .record_login_failure(visitor.tenant.id, &account, &client, now)
            .await?;
        return render(
            &app,
            &visitor,
            next,
            form.email,
            Some("login-error-credentials"),
            StatusCode::OK,
        )
        .await;
    };
    app.store
        .clear_login_failures(visitor.tenant.id, &account)
        .await?;
    visitor.login(&app, &user).await?;
    crate::consent::restore::restore_choice(&app, &visitor, &user).await?;
    tracing::info!(tenant = %visitor.tenant.slug, user = user.id, "user {} signed in", user.id);
    Ok(redirect_to(safe_or_root(next.as_deref(), &visitor)))
}

/// Password checks running at once: one per core. Each Argon2id check takes 19 MiB and a
/// core for tens of milliseconds, so more at once only adds memory, never speed; the
/// others wait their turn (their request simply takes longer).
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get))
});

/// Verifies off the async workers (Argon2id is deliberately slow), at most one check per
/// core at a time; unknown accounts cost the same time so that timing does not reveal
/// which e-mails exist. A closed semaphore (never) counts as a wrong password.
async fn check_password(user: Option<User>, password: String) -> Option<User> {
    let _turn = HASHING.acquire().await.ok()?;
    tokio::task::spawn_blocking(move || match user {
        Some(user) if verify_password(&password, &user.password_hash) => Some(user),
        Some(_) => None,
        None => {
            dummy_verify(&password);
            None
        }
    })
    .await
    .ok()
    .flatten()
}

async fn render(
    app: &App,
    visitor: &Visitor,
    next: Option<String>,
    email: String,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = LoginPage {
        layout: Layout::new(app, visitor, "/login/").await?,
        next,
        email,
        error,
    };
    Ok((status, Html(app.pages.render("auth/login.html", &page)?)).into_response())
}

/// `next` if it is a safe target on this host, otherwise `/`.
pub fn safe_or_root(next: Option<&str>, visitor: &Visitor) -> String {
    match next {
        Some(n) if is_safe_redirect(n, &visitor.host, visitor.is_https) => n.trim().to_owned(),
        _ => "/".to_owned(),
    }
}

/// A `302 Found` to `location` (what Django answers, and what clients of it expect).
pub fn redirect_to(location: String) -> Response {
    let value = HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::FOUND, [(header::LOCATION, value)]).into_response()
}
