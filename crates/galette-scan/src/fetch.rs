//! The scanner's own HTTP requests (the start page, the policy), outside the browser.
//!
//! Owns: resolving `localhost` and `*.localhost` to loopback as browsers do (RFC 6761; the
//! system resolver may not), and finding the policy a galette page links to.

use crate::error::ScanError;
use crate::site::is_loopback_host;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

/// A fetched document: its final URL, status and text.
pub struct Fetched {
    /// The URL after redirects.
    pub url: url::Url,
    /// HTTP status.
    pub status: u16,
    /// The body as text.
    pub text: String,
}

/// GETs a URL, resolving `*.localhost` to 127.0.0.1.
pub async fn get(url: &url::Url, timeout: Duration) -> Result<Fetched, ScanError> {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("galette-scan/", env!("CARGO_PKG_VERSION")));
    if let Some(host) = url.host_str()
        && host.parse::<IpAddr>().is_err()
        && is_loopback_host(host)
    {
        let port = url.port_or_known_default().unwrap_or(80);
        builder = builder.resolve(host, SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    let client = builder
        .build()
        .map_err(|e| ScanError::Unreachable(format!("cannot prepare a request to {url}: {e}")))?;
    let response = client.get(url.clone()).send().await.map_err(|e| {
        let mut reason = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(inner) = source {
            reason = format!("{reason}: {inner}");
            source = inner.source();
        }
        ScanError::Unreachable(format!("{url} could not be reached: {reason}"))
    })?;
    let status = response.status().as_u16();
    let final_url = response.url().clone();
    let text = response
        .text()
        .await
        .map_err(|e| ScanError::Unreachable(format!("{url} sent an unreadable body: {e}")))?;
    Ok(Fetched {
        url: final_url,
        status,
        text,
    })
}

/// The `href` of `<link rel="cookie-policy" …>` in an HTML page, if any.
pub fn policy_link(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..)?.find("<link") {
        let start = from + pos;
        let end = start + lower.get(start..)?.find('>')?;
        let tag = html.get(start..end)?;
        if attribute(tag, "rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|v| v.eq_ignore_ascii_case("cookie-policy"))
        }) {
            return attribute(tag, "href");
        }
        from = end;
    }
    None
}

/// A quoted attribute's value in one tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..)?.find(name) {
        let at = from + pos;
        let rest = lower.get(at + name.len()..)?.trim_start();
        let preceded = lower
            .get(..at)
            .and_then(|s| s.chars().last())
            .is_some_and(char::is_whitespace);
        if preceded && let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            let offset = tag.len() - value.len();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let body = tag.get(offset + 1..)?;
                return body
                    .find(quote)
                    .and_then(|e| body.get(..e))
                    .map(str::to_owned);
            }
            let body = tag.get(offset..)?;
            let e = body
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(body.len());
            return body.get(..e).map(str::to_owned);
        }
        from = at + name.len();
    }
    None
}

/// Whether a page carries galette's consent banner or policy link.
pub fn looks_like_galette(html: &str) -> bool {
    (html.contains("data-consent-banner") && html.contains("action=\"/cookies/\""))
        || policy_link(html).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_link_is_found_in_a_galette_head() {
        let html = r#"<head><link rel="stylesheet" href="/static/galette.css">
<link rel="cookie-policy" type="application/json" href="/cookie-policy.json"></head>"#;
        assert_eq!(policy_link(html).as_deref(), Some("/cookie-policy.json"));
        assert!(looks_like_galette(html));
        assert_eq!(
            policy_link("<link href='/x' REL='cookie-policy'>").as_deref(),
            Some("/x")
        );
        assert_eq!(policy_link("<link rel=stylesheet href=/a.css>"), None);
    }
}
