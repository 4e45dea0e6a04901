//! Which hosts belong to the scanned site, which are loopback, and which links a crawl follows.
//!
//! Owns: the site (registrable domain) of a host, first or third party, the loopback test of
//! `--block-external` and the robots-style exclusions of the crawl.

use galette_core::registry::Party;
use std::net::IpAddr;

/// Second-level labels under which a registrable domain has three labels (`example.co.uk`).
const TWO_LEVEL: [&str; 8] = ["co", "com", "org", "net", "gov", "gob", "ac", "edu"];

/// The registrable part of a host: `a.b.example.org` → `example.org`; an IP address, a
/// `*.localhost` name (RFC 6761 makes `localhost` a top-level name of its own) and
/// `localhost` itself are their own site.
pub fn site_of(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    if host.parse::<IpAddr>().is_ok() {
        return host;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n <= 2 {
        return host;
    }
    let keep = match labels.get(n - 2) {
        Some(second)
            if TWO_LEVEL.contains(second) && labels.last().is_some_and(|l| l.len() == 2) =>
        {
            3
        }
        _ => 2,
    };
    labels.get(n - keep..).unwrap_or_default().join(".")
}

/// Whether a cookie domain or a request host is first party to the scanned host.
pub fn party_of(host: &str, scanned_host: &str) -> Party {
    let host = host.trim_start_matches('.');
    if site_of(host) == site_of(scanned_host) {
        Party::First
    } else {
        Party::Third
    }
}

/// Whether `--block-external` lets a host through: loopback addresses, `localhost` and
/// `*.localhost`.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare == "localhost" || bare.ends_with(".localhost"),
    }
}

/// File types a crawl does not open as pages (they download instead of rendering).
const DOWNLOADS: [&str; 10] = [
    ".csv", ".json", ".xlsx", ".xls", ".zip", ".pdf", ".geojson", ".parquet", ".xml", ".txt",
];

/// Whether a crawl follows a link: same origin as the start, http(s), and not a logout,
/// an action, a download or the back office. Returns the link without its fragment.
pub fn crawlable(link: &str, start: &url::Url) -> Option<url::Url> {
    let mut url = url::Url::parse(link).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.origin() != start.origin() {
        return None;
    }
    url.set_fragment(None);
    let path = url.path().to_ascii_lowercase();
    let query = url.query().unwrap_or("").to_ascii_lowercase();
    let excluded = path.contains("logout")
        || path.contains("/login")
        || path.starts_with("/backoffice")
        || path.starts_with("/admin")
        || path.starts_with("/api/")
        || path.starts_with("/static/")
        || query.contains("action=")
        || DOWNLOADS.iter().any(|ext| path.ends_with(ext));
    (!excluded).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_subdomains_are_sites_of_their_own() {
        assert_eq!(site_of("cdmx.localhost"), "cdmx.localhost");
        assert_eq!(
            party_of("thirdparty.localhost", "site.localhost"),
            Party::Third
        );
        assert_eq!(party_of(".site.localhost", "site.localhost"), Party::First);
        assert_eq!(
            party_of("static.example.org", "www.example.org"),
            Party::First
        );
        assert_eq!(party_of("www.example.co.uk", "other.co.uk"), Party::Third);
        assert_eq!(party_of("127.0.0.1", "localhost"), Party::Third);
    }

    #[test]
    fn only_loopback_hosts_pass_the_external_block() {
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("[::1]"));
        assert!(is_loopback_host("thirdparty.localhost"));
        assert!(is_loopback_host("localhost"));
        assert!(!is_loopback_host("www.openstreetmap.org"));
        assert!(!is_loopback_host("10.0.0.1"));
        assert!(!is_loopback_host("localhost.example.com"));
    }

    #[test]
    fn the_crawl_skips_logout_actions_downloads_and_other_origins() {
        let start = url::Url::parse("http://site.localhost:8080/").unwrap();
        let ok = crawlable("http://site.localhost:8080/datasets/#top", &start).unwrap();
        assert_eq!(ok.as_str(), "http://site.localhost:8080/datasets/");
        for bad in [
            "http://site.localhost:8080/logout/",
            "http://site.localhost:8080/x/?action=delete",
            "http://site.localhost:8080/d/export.csv",
            "http://other.localhost:8080/",
            "mailto:a@b.c",
            "javascript:void(0)",
        ] {
            assert!(crawlable(bad, &start).is_none(), "{bad}");
        }
    }
}
