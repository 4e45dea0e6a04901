//! Facts about the connection a request came on: HTTPS or not, and the client's address.
//!
//! Owns: believing `X-Forwarded-Proto`/`X-Forwarded-For` only from configured proxies
//! (docs/cookies.md G-5).

use crate::state::App;
use axum::http::HeaderMap;
use std::net::IpAddr;

/// Whether the request came over HTTPS, and the client address, believing forwarded headers
/// only from configured proxies.
pub(super) fn connection_facts(
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
