//! Splitting a URL the way Python's `urllib.parse.urlsplit` does.
//!
//! Owns: the five-part split (scheme, netloc, path, query, fragment) and its errors,
//! so that redirect and Referer/Origin checks see exactly what Django sees
//! (`docs/cookies.md` ).
//! Does not own: deciding whether a URL is acceptable (`redirect`, `csrf_token`).
//!
//! Python 3.12 semantics are followed: leading C0 controls and spaces are stripped,
//! tab/CR/LF are removed everywhere, a scheme needs an ASCII letter first and only
//! `A-Za-z0-9+-.` before the first `:`, and `//` starts a netloc that runs to the
//! first `/`, `?` or `#`. Bracketed hosts are checked as Python ≥ 3.11.4 does.
//! One deliberate difference: Python accepts non-ASCII netlocs after an NFKC check we
//! cannot reproduce without Unicode tables, so any non-ASCII netloc is an error here.
//! Every caller treats an error as "reject", so this only ever errs on the safe side.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The parts of a URL as `urlsplit` returns them; absent parts are empty strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitUrl {
    /// Lower-cased scheme, e.g. `https`; empty for relative URLs.
    pub scheme: String,
    /// Everything between `//` and the path: userinfo, host and port, case kept.
    pub netloc: String,
    /// The path, starting with `/` whenever a netloc is present and the path is not empty.
    pub path: String,
    /// The text after the first `?`, without it.
    pub query: String,
    /// The text after the first `#`, without it.
    pub fragment: String,
}

impl SplitUrl {
    /// Splits `url`; `None` where Python raises `ValueError` (bad brackets, non-ASCII host).
    pub fn parse(url: &str) -> Option<SplitUrl> {
        let stripped = url.trim_start_matches(|c: char| c <= ' ');
        let cleaned: String = stripped
            .chars()
            .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
            .collect();

        let (scheme, mut rest) = split_scheme(&cleaned);
        let mut netloc = "";
        if let Some(after_slashes) = rest.strip_prefix("//") {
            let end = after_slashes
                .find(['/', '?', '#'])
                .unwrap_or(after_slashes.len());
            let (host_part, remainder) = after_slashes.split_at(end);
            netloc = host_part;
            rest = remainder;
            check_brackets(netloc)?;
        }
        let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        if !netloc.is_ascii() {
            return None;
        }
        Some(SplitUrl {
            scheme,
            netloc: netloc.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            fragment: fragment.to_owned(),
        })
    }

    /// Joins the parts again like Python's `geturl()`; empty query/fragment are dropped.
    ///
    /// Exact whenever a netloc is present (the only case galette prints); Python's
    /// per-scheme `uses_netloc` rule for netloc-less URLs is not reproduced.
    pub fn to_url(&self) -> String {
        let mut url = String::new();
        if !self.scheme.is_empty() {
            url.push_str(&self.scheme);
            url.push(':');
        }
        if !self.netloc.is_empty() || self.path.starts_with("//") {
            url.push_str("//");
            url.push_str(&self.netloc);
            if !self.netloc.is_empty() && !self.path.is_empty() && !self.path.starts_with('/') {
                url.push('/');
            }
        }
        url.push_str(&self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        if !self.fragment.is_empty() {
            url.push('#');
            url.push_str(&self.fragment);
        }
        url
    }
}

/// Separates `scheme:` from the rest when the text before the first `:` is a valid scheme.
fn split_scheme(url: &str) -> (String, &str) {
    let Some(colon) = url.find(':') else {
        return (String::new(), url);
    };
    let candidate = url.get(..colon).unwrap_or_default();
    let starts_with_letter = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let is_scheme = starts_with_letter
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    match url.get(colon + 1..) {
        Some(rest) if is_scheme => (candidate.to_ascii_lowercase(), rest),
        _ => (String::new(), url),
    }
}

/// Python's `_check_bracketed_netloc`, plus the "unbalanced bracket" check before it.
fn check_brackets(netloc: &str) -> Option<()> {
    let has_open = netloc.contains('[');
    let has_close = netloc.contains(']');
    if has_open != has_close {
        return None;
    }
    if !has_open {
        return Some(());
    }
    let host_and_port = netloc.rsplit_once('@').map_or(netloc, |(_, host)| host);
    let hostname = match host_and_port.split_once('[') {
        Some((before, bracketed)) => {
            if !before.is_empty() {
                return None;
            }
            let (hostname, port) = bracketed.split_once(']').unwrap_or((bracketed, ""));
            if !port.is_empty() && !port.starts_with(':') {
                return None;
            }
            hostname
        }
        None => host_and_port
            .split_once(':')
            .map_or(host_and_port, |(host, _)| host),
    };
    is_valid_bracketed_host(hostname).then_some(())
}

/// An IPvFuture literal (`v1.x`) or an IPv6 address, optionally with a `%zone`.
fn is_valid_bracketed_host(hostname: &str) -> bool {
    if let Some(future) = hostname.strip_prefix('v') {
        let Some((version, rest)) = future.split_once('.') else {
            return false;
        };
        return !version.is_empty()
            && version.chars().all(|c| c.is_ascii_hexdigit())
            && !rest.is_empty();
    }
    if hostname.parse::<Ipv4Addr>().is_ok() {
        return false;
    }
    let address = match hostname.split_once('%') {
        Some((address, zone)) if !zone.is_empty() && !zone.contains('%') => address,
        Some(_) => return false,
        None => hostname,
    };
    address.parse::<Ipv6Addr>().is_ok()
}

#[cfg(test)]
mod tests {

    use super::*;

    fn split(url: &str) -> SplitUrl {
        SplitUrl::parse(url).unwrap()
    }

    #[test]
    fn an_absolute_url_splits_into_five_parts() {
        let parts = split("HTTPS://User@Host.example:8080/a/b?x=1#frag");
        assert_eq!(parts.scheme, "https");
        assert_eq!(parts.netloc, "User@Host.example:8080");
        assert_eq!(parts.path, "/a/b");
        assert_eq!(parts.query, "x=1");
        assert_eq!(parts.fragment, "frag");
    }

    #[test]
    fn a_scheme_relative_url_has_a_netloc_and_no_scheme() {
        let parts = split("//evil.example/x");
        assert_eq!(parts.scheme, "");
        assert_eq!(parts.netloc, "evil.example");
        assert_eq!(parts.path, "/x");
    }

    #[test]
    fn three_slashes_give_an_empty_netloc() {
        let parts = split("http:///x");
        assert_eq!(parts.scheme, "http");
        assert_eq!(parts.netloc, "");
        assert_eq!(parts.path, "/x");
    }

    #[test]
    fn a_host_with_port_and_no_slashes_reads_as_a_scheme() {
        let parts = split("localhost:8080");
        assert_eq!(parts.scheme, "localhost");
        assert_eq!(parts.path, "8080");
    }

    #[test]
    fn text_before_a_colon_that_is_not_a_scheme_stays_in_the_path() {
        assert_eq!(split("1abc:x").scheme, "");
        assert_eq!(split("/a:b").path, "/a:b");
        assert_eq!(split(":x").path, ":x");
    }

    #[test]
    fn tabs_and_newlines_are_removed_and_leading_controls_stripped() {
        let parts = split("\u{1} /\t/evil.\nexample");
        assert_eq!(parts.netloc, "evil.example");
    }

    #[test]
    fn bracketed_hosts_are_validated() {
        assert_eq!(split("http://[::1]:8080/").netloc, "[::1]:8080");
        assert!(SplitUrl::parse("http://[::1/").is_none());
        assert!(SplitUrl::parse("http://::1]/").is_none());
        assert!(SplitUrl::parse("http://[127.0.0.1]/").is_none());
        assert!(SplitUrl::parse("http://[zz]/").is_none());
        assert!(SplitUrl::parse("http://x[::1]/").is_none());
        assert!(SplitUrl::parse("http://[::1]x/").is_none());
        assert!(SplitUrl::parse("http://[v1.abc]/").is_some());
        assert!(SplitUrl::parse("http://[fe80::1%eth0]/").is_some());
    }

    #[test]
    fn a_non_ascii_netloc_is_refused() {
        assert!(SplitUrl::parse("http://exämple.org/").is_none());
        assert!(SplitUrl::parse("/chemin/é").is_some());
    }

    #[test]
    fn to_url_drops_empty_query_and_fragment_and_lowers_the_scheme() {
        assert_eq!(
            split("HTTPS://evil.example/a?#").to_url(),
            "https://evil.example/a"
        );
        assert_eq!(
            split("https://evil.example?q#f").to_url(),
            "https://evil.example?q#f"
        );
    }
}
