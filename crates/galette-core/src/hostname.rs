//! The `Host` header reduced to a validated, comparable host name.
//!
//! Owns: trimming, dropping the port, lower-casing and the character rules that turn
//! a `Host` header into a [`Hostname`] (the key tenants are looked up by).
//! Does not own: which tenant a host name belongs to (`tenant`), or the exact
//! host-with-port comparisons of CSRF and redirects, which use the raw header.

use std::fmt;
use std::net::Ipv6Addr;

/// Longest host name DNS allows, in characters (without a trailing dot).
const MAX_HOSTNAME_LEN: usize = 253;

/// A lower-case host name without port or trailing dot, e.g. `cdmx.localhost` or `[::1]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hostname(String);

impl Hostname {
    /// Reads a `Host` header value; `None` when it is empty, malformed or too long.
    pub fn parse(host_header: &str) -> Option<Hostname> {
        let lowered = host_header.trim().to_ascii_lowercase();
        if lowered.starts_with('[') {
            return parse_bracketed(&lowered);
        }
        let without_port = match lowered.rsplit_once(':') {
            Some((host, port)) if is_port(port) => host,
            Some(_) => return None,
            None => lowered.as_str(),
        };
        let host = without_port.strip_suffix('.').unwrap_or(without_port);
        let is_valid =
            !host.is_empty() && host.len() <= MAX_HOSTNAME_LEN && host.split('.').all(is_label);
        is_valid.then(|| Hostname(host.to_owned()))
    }

    /// The host name as text, for lookups and logs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Hostname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// A port is one or more ASCII digits (Django's `host_validation_re` requires at least one)
/// naming a real TCP port.
fn is_port(port: &str) -> bool {
    !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok()
}

/// A DNS label: 1–63 of `a-z0-9-`, not starting or ending with `-`.
fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `[v6-literal]` optionally followed by `:port`; the brackets are kept.
fn parse_bracketed(lowered: &str) -> Option<Hostname> {
    let inner_and_rest = lowered.strip_prefix('[')?;
    let (inner, rest) = inner_and_rest.split_once(']')?;
    if !rest.is_empty() && !rest.strip_prefix(':').is_some_and(is_port) {
        return None;
    }
    inner.parse::<Ipv6Addr>().ok()?;
    Some(Hostname(format!("[{inner}]")))
}

#[cfg(test)]
mod tests {

    use super::*;

    fn parsed(header: &str) -> Option<String> {
        Hostname::parse(header).map(|h| h.as_str().to_owned())
    }

    #[test]
    fn empty_labels_and_impossible_ports_are_refused() {
        for bad in [
            "cdmx..localhost",
            "-cdmx.localhost",
            "localhost:99999999",
            ".localhost",
        ] {
            assert_eq!(parsed(bad), None, "{bad}");
        }
        assert_eq!(parsed("localhost:65535").as_deref(), Some("localhost"));
    }

    #[test]
    fn a_plain_host_is_kept_as_is() {
        assert_eq!(parsed("cdmx.localhost").as_deref(), Some("cdmx.localhost"));
    }

    #[test]
    fn the_port_is_dropped() {
        assert_eq!(
            parsed("cdmx.localhost:8080").as_deref(),
            Some("cdmx.localhost")
        );
    }

    #[test]
    fn case_whitespace_and_one_trailing_dot_are_normalised() {
        assert_eq!(
            parsed("  CDMX.Localhost.:443 ").as_deref(),
            Some("cdmx.localhost")
        );
        assert_eq!(parsed("example.org.").as_deref(), Some("example.org"));
    }

    #[test]
    fn a_second_trailing_dot_leaves_an_empty_label_and_is_refused() {
        assert_eq!(parsed("example.org.."), None);
    }

    #[test]
    fn a_bracketed_ipv6_literal_keeps_its_brackets() {
        assert_eq!(parsed("[::1]:8080").as_deref(), Some("[::1]"));
        assert_eq!(parsed("[FE80::1]").as_deref(), Some("[fe80::1]"));
    }

    #[test]
    fn malformed_ipv6_literals_are_rejected() {
        assert_eq!(parsed("[::1"), None);
        assert_eq!(parsed("[nothex]"), None);
        assert_eq!(parsed("[::1]x"), None);
        assert_eq!(parsed("[::1]:"), None);
        assert_eq!(parsed("[::1]:80a"), None);
    }

    #[test]
    fn empty_and_port_only_hosts_are_rejected() {
        assert_eq!(parsed(""), None);
        assert_eq!(parsed("   "), None);
        assert_eq!(parsed(":8080"), None);
        assert_eq!(parsed("."), None);
    }

    #[test]
    fn a_non_numeric_or_empty_port_is_rejected() {
        assert_eq!(parsed("example.org:http"), None);
        assert_eq!(parsed("example.org:"), None);
        assert_eq!(parsed("a:b:80"), None);
    }

    #[test]
    fn characters_outside_the_host_alphabet_are_rejected() {
        for bad in [
            "exa mple.org",
            "ex_ample.org",
            "évian.fr",
            "a/b",
            "user@host",
            "a\u{0}b",
        ] {
            assert_eq!(parsed(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn names_longer_than_253_characters_are_rejected() {
        // Four labels of 63 characters and three dots: 255 characters; trim to 253.
        let label = "a".repeat(63);
        let longest = format!("{label}.{label}.{label}.{}", "a".repeat(61));
        assert_eq!(longest.len(), 253);
        assert_eq!(parsed(&longest), Some(longest.clone()));
        assert_eq!(parsed(&format!("{longest}.")), Some(longest.clone()));
        assert_eq!(parsed(&format!("{longest}a")), None);
        assert_eq!(
            parsed(&"a".repeat(64)),
            None,
            "a label is at most 63 characters"
        );
    }

    #[test]
    fn display_prints_the_normalised_name() {
        let host = Hostname::parse("Civis.Localhost:80").unwrap();
        assert_eq!(host.to_string(), "civis.localhost");
    }
}
