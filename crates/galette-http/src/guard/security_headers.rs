//! Headers every response carries: no sniffing, no framing, a strict content policy.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

/// Responses the consent guard did not shape (assets, health, unknown hosts) load nothing
/// from elsewhere; tenant pages get a per-response policy from `cookie_guard`.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
    style-src 'self'; script-src 'self'; connect-src 'self'; frame-src 'none'; form-action 'self'; frame-ancestors 'none'; \
    base-uri 'none'; object-src 'none'";

/// Adds the security headers unless a handler or the consent guard set its own.
pub fn add_security_headers(headers: &mut HeaderMap) {
    // In report-only mode the guard's policy only reports; a strict one here would block.
    if headers.contains_key(header::CONTENT_SECURITY_POLICY_REPORT_ONLY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
    }
    let defaults: [(HeaderName, &'static str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    ];
    for (name, value) in defaults {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
}
