//! API quotas (docs/quotas.md): every call to the dataset API is counted against its caller
//! in the store, shared by every replica, and refused with Opendatasoft's 429 once the
//! site's limit for the window is reached.
//!
//! Owns: who a call is counted as (an API key, a signed-in account, else the client
//! address; a site's administrators are not counted), the one upsert per call, and the
//! headers and body of the answer. The rules themselves are `galette_core::quota`.
//! A store that fails or is slow while counting lets the call through (logged, and counted
//! in a metric): a quota protects the service, and refusing every call because the count
//! could not be made would turn a database hiccup into an outage of the whole API.

use super::caller::{CheckedKey, presented_key};
use super::error::ApiError;
use crate::extract::Visitor;
use crate::state::{App, AppState};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use galette_core::api_key::api_key_digest;
use galette_core::quota::{Subject, Verdict, Window};
use galette_core::tenant::Tenant;
use galette_store::StoreError;
use std::time::Duration;

/// How long counting a call may take before the call is served uncounted: far above the
/// millisecond an upsert takes, far below what a caller would notice as an outage.
const COUNT_TIMEOUT: Duration = Duration::from_secs(2);

/// Who a call is, for counting.
enum Caller {
    /// A live API key, by id.
    Key(i64),
    /// A key that is unknown or revoked: refused, but counted against the address first
    /// (guessing keys is not a way around the address's quota).
    UnknownKey,
    /// A signed-in account that is not an administrator of the site.
    Account(i64),
    /// An administrator of the site: not counted.
    Administrator,
    /// No credentials.
    Anonymous,
}

/// Middleware on the API's routes: counts the call, refuses it with a 429 past the limit,
/// and puts the `X-RateLimit-*` headers on every answer of a counted caller.
pub async fn enforce(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(visitor) = req.extensions().get::<Visitor>().cloned() else {
        // Only a route mounted outside the tenant guard has no visitor; nothing to count.
        return next.run(req).await;
    };
    let key = presented_key(req.headers(), req.uri().query());
    let caller = match identify(&app, &visitor, key.as_deref()).await {
        Ok(caller) => caller,
        Err(error) => return ApiError::Store(error).into_response(),
    };
    if matches!(caller, Caller::Key(_)) {
        req.extensions_mut().insert(CheckedKey);
    }
    let tenant = &visitor.tenant;
    let secret = tenant.secret.as_bytes();
    let subject = match caller {
        Caller::Key(id) => Some(Subject::key(secret, id)),
        Caller::Account(id) => Some(Subject::account(secret, id)),
        Caller::Administrator => None,
        Caller::UnknownKey | Caller::Anonymous => Some(Subject::address(secret, &visitor.client)),
    };
    let now = app.clock.unix();
    let verdict = match &subject {
        Some(subject) => count(&app, tenant, subject, now).await,
        None => None,
    };
    if let Some(verdict) = verdict.filter(|v| !v.allowed()) {
        tracing::info!(
            tenant = %tenant.slug,
            kind = subject.as_ref().map_or("", |s| s.kind.code()),
            limit = verdict.limit,
            "API call refused: quota of {} per {} reached",
            verdict.limit,
            verdict.unit.code()
        );
        return too_many_requests(&verdict, now);
    }
    let mut response = if matches!(caller, Caller::UnknownKey) {
        ApiError::Unauthorized("The API key is unknown or revoked.".into()).into_response()
    } else {
        next.run(req).await
    };
    if let Some(verdict) = verdict {
        add_headers(response.headers_mut(), &verdict);
    }
    response
}

/// Whom the call is counted as. The key lookup is the one `ApiCaller` would make anyway;
/// the session is loaded once per request and kept for the handler.
async fn identify(app: &App, visitor: &Visitor, key: Option<&str>) -> Result<Caller, StoreError> {
    if let Some(key) = key {
        let found = app
            .store
            .api_key_by_digest(visitor.tenant.id, &api_key_digest(key))
            .await?;
        return Ok(found.map_or(Caller::UnknownKey, |k| Caller::Key(k.id)));
    }
    Ok(match visitor.user(app).await? {
        Some(user) if user.is_admin => Caller::Administrator,
        Some(user) => Caller::Account(user.id),
        None => Caller::Anonymous,
    })
}

/// Counts the call and gives the verdict; `None` when the caller's kind is unlimited, or
/// when the store could not count (the call is then served, see the module's doc).
async fn count(app: &App, tenant: &Tenant, subject: &Subject, now: i64) -> Option<Verdict> {
    let settings = tenant.api_quota;
    let limit = settings.limit_for(subject.kind)?;
    let window = Window::containing(now, settings.unit);
    let counted = tokio::time::timeout(
        COUNT_TIMEOUT,
        app.store.count_api_call(tenant.id, subject, window),
    )
    .await;
    let failure = match counted {
        Ok(Ok(calls)) => return Some(Verdict::new(limit, calls, window, settings.unit)),
        Ok(Err(error)) => error.to_string(),
        Err(_) => format!("no answer within {} s", COUNT_TIMEOUT.as_secs()),
    };
    tracing::warn!(tenant = %tenant.slug, error = %failure, "an API call was served without being counted against its quota: {failure}");
    metrics::counter!(crate::telemetry::QUOTA_UNCOUNTED).increment(1);
    None
}

/// Opendatasoft's 429, with `Retry-After` (seconds until the window resets).
fn too_many_requests(verdict: &Verdict, now: i64) -> Response {
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        axum::Json(verdict.exceeded_body()),
    )
        .into_response();
    let headers = response.headers_mut();
    add_headers(headers, verdict);
    headers.insert(
        header::RETRY_AFTER,
        HeaderValue::from(verdict.retry_after(now)),
    );
    // The count changes with every call: no cache may answer for the server.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn add_headers(headers: &mut HeaderMap, verdict: &Verdict) {
    for (name, value) in verdict.headers() {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
}
