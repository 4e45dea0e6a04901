//! The consent guard: the last word on every tenant response (consent.md C-50, C-52, C-55, C-60).
//!
//! Owns: removing each `Set-Cookie` the registry does not declare or the visitor's choice
//! does not cover; expiring the cookies of categories the visitor has not granted; the
//! per-response `Content-Security-Policy` that admits only granted third parties; report-only
//! mode. Does not own: the decisions themselves (`galette_core::consent`), or the necessary
//! cookies' own rules (`necessary_cookies`, which runs inside this layer).

use crate::extract::Visitor;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use galette_core::consent::csp::{content_security_policy, granted};
use galette_core::consent::enforcement::{
    CookieVerdict, expire_cookie_header, judge_cookie, revoked_cookies, set_cookie_name,
};
use galette_core::cookie_header::cookie_pairs;
use galette_core::necessary_cookies::NecessaryCookie;
use galette_core::tenant::Enforcement;

/// Filters the response's cookies and sets its CSP, once the inner layers have answered.
pub async fn cookie_guard(req: Request, next: Next) -> Response {
    let sent = sent_cookie_names(req.headers());
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let Some(visitor) = response.extensions().get::<Visitor>().cloned() else {
        return without_visitor(response, &path);
    };
    let granted_now = visitor.granted();
    let registry = &visitor.registry;
    let mode = visitor.tenant.enforcement;
    let slug = visitor.tenant.slug.as_str();
    let headers = response.headers_mut();

    for (name, value) in take_set_cookies(headers) {
        let verdict = judge_cookie(&name, &registry.cookies, granted_now);
        let reason = match verdict {
            CookieVerdict::Allowed => {
                headers.append(header::SET_COOKIE, value);
                continue;
            }
            CookieVerdict::Undeclared => "not declared in the registry",
            CookieVerdict::NotConsented(_) => "its category is not granted",
        };
        let category = match verdict {
            CookieVerdict::NotConsented(c) => c.code(),
            _ => "none",
        };
        let reason_code = match verdict {
            CookieVerdict::Undeclared => "undeclared",
            _ => "not_consented",
        };
        let mode_code = match mode {
            Enforcement::Enforce => "enforce",
            Enforcement::ReportOnly => "report_only",
        };
        metrics::counter!(crate::telemetry::GUARD_REMOVALS, "mode" => mode_code, "reason" => reason_code)
            .increment(1);
        match mode {
            Enforcement::Enforce => {
                tracing::warn!(tenant = slug, cookie = %name, category, route = %path, "blocked Set-Cookie {name}: {reason}");
            }
            Enforcement::ReportOnly => {
                tracing::warn!(tenant = slug, cookie = %name, category, route = %path, "report-only: Set-Cookie {name} let through although {reason}");
                headers.append(header::SET_COOKIE, value);
            }
        }
    }

    // Cookies of categories not granted are deleted whenever the browser sends them (C-55).
    for name in revoked_cookies(
        sent.iter().map(String::as_str),
        &registry.cookies,
        granted_now,
    ) {
        if let Ok(value) = HeaderValue::from_str(&expire_cookie_header(&name)) {
            headers.append(header::SET_COOKIE, value);
        }
    }

    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_html {
        let admitted = granted(&registry.integrations, granted_now);
        let policy = content_security_policy(&admitted, None);
        if let Ok(value) = HeaderValue::from_str(&policy) {
            let name = match mode {
                Enforcement::Enforce => header::CONTENT_SECURITY_POLICY,
                Enforcement::ReportOnly => header::CONTENT_SECURITY_POLICY_REPORT_ONLY,
            };
            headers.insert(name, value);
        }
    }
    if mode == Enforcement::ReportOnly {
        headers.insert("x-galette-consent", HeaderValue::from_static("report-only"));
    }
    response
}

/// Removes every `Set-Cookie` from `headers` and gives each back with its cookie's name
/// (empty when unreadable, which no registry declares), for the guard to put back or drop.
fn take_set_cookies(headers: &mut HeaderMap) -> Vec<(String, HeaderValue)> {
    let offered: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    headers.remove(header::SET_COOKIE);
    offered
        .into_iter()
        .map(|value| {
            let name = value
                .to_str()
                .ok()
                .and_then(set_cookie_name)
                .unwrap_or_default()
                .to_owned();
            (name, value)
        })
        .collect()
}

/// Fails closed: a response that reached the guard without a visitor (a layer or route
/// mounted outside `necessary_cookies`, or an early error) has no consent to judge by, so only
/// the necessary cookies pass and every other `Set-Cookie` is removed and logged as a defect.
fn without_visitor(mut response: Response, path: &str) -> Response {
    let headers = response.headers_mut();
    for (name, value) in take_set_cookies(headers) {
        if NecessaryCookie::from_name(&name).is_some() {
            headers.append(header::SET_COOKIE, value);
        } else {
            tracing::error!(cookie = %name, route = %path, "internal error: blocked Set-Cookie {name} on a response without a visitor (no consent to judge it by)");
        }
    }
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // No consent known: no third party is admitted.
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(&[], None)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// Names of the cookies the browser sent (values are never read here).
fn sent_cookie_names(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie_pairs)
        .map(|(name, _)| name.to_owned())
        .collect()
}
