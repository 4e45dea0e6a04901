//! The statistics middleware: a GET answered `200 text/html` becomes a page view, an Explore
//! API data call or export answered 200 an API call or a download (consent.md C-72).
//!
//! Mounted inside `resolve_tenant` and outside the consent guard (`lib.rs`), it reads the
//! final status and content type, and the `Visitor` the necessary-cookie layer leaves on
//! the response: the tenant, the language served, the client address galette trusts
//! (`guard::client`), and whether an administrator is signed in. It never touches the
//! response: statistics set no cookie and add no header. Prefetches are left out here; GPC,
//! DNT, staff and bots are judged by the flusher, against the site's settings.

use super::Hit;
use crate::extract::Visitor;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use galette_core::stats::request::{
    asks_not_to_be_counted, classify_path, is_prefetch, referrer_host,
};
use galette_core::stats::{Event, EventKind};

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// What the middleware keeps from the request before the handler consumes it: header
/// values are shared with the request, not copied.
struct Seen {
    target: galette_core::stats::request::Target,
    user_agent: Option<HeaderValue>,
    referer: Option<HeaderValue>,
    opted_out: bool,
}

fn see(req: &Request) -> Option<Seen> {
    if req.method() != Method::GET {
        return None;
    }
    let headers = req.headers();
    if is_prefetch(
        header_text(headers, "sec-purpose"),
        header_text(headers, "purpose").or_else(|| header_text(headers, "x-moz")),
    ) {
        return None;
    }
    let target = classify_path(req.uri().path())?;
    Some(Seen {
        target,
        user_agent: headers.get(header::USER_AGENT).cloned(),
        referer: headers.get(header::REFERER).cloned(),
        opted_out: asks_not_to_be_counted(
            header_text(headers, "sec-gpc"),
            header_text(headers, "dnt"),
        ),
    })
}

/// Queues the answer's event, if it is one; the response passes unchanged.
pub async fn record(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if !app.stats.enabled() {
        return next.run(req).await;
    }
    let seen = see(&req);
    let response = next.run(req).await;
    let Some(seen) = seen else {
        return response;
    };
    if response.status() != StatusCode::OK {
        return response;
    }
    let Some(visitor) = response.extensions().get::<Visitor>() else {
        return response;
    };
    if seen.target.kind == EventKind::PageView {
        let is_html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"));
        if !is_html {
            return response;
        }
    }
    let event = Event {
        at: app.clock.unix(),
        visitor: None,
        kind: seen.target.kind,
        path: seen.target.path,
        referrer: referrer_host(
            seen.referer.as_ref().and_then(|v| v.to_str().ok()),
            &visitor.host,
        ),
        language: visitor.lang.code().to_owned(),
        device: String::new(),
        browser: String::new(),
        country: None,
        dataset: seen.target.dataset,
        format: seen.target.format,
        hits: 1,
    };
    app.stats.offer(Hit {
        tenant_id: visitor.tenant.id,
        event,
        client: visitor.client.clone(),
        user_agent: seen.user_agent,
        opted_out: seen.opted_out,
        is_staff: visitor.signed_in_admin() == Some(true),
    });
    response
}
