//! The Origin and Referer checks that run before the token check on unsafe requests.
//!
//! Owns: of `docs/cookies.md`, i.e. Django's
//! `_origin_verified` and `_check_referer`, with their exact failure reasons.
//! Does not own: when the checks run (the HTTP crate) or the token itself (`csrf_token`).

use super::CsrfFailure;
use crate::url_split::SplitUrl;

/// The `Origin` check, run whenever the header is present.
///
/// Passes for this request's own scheme and `Host` (port included), an exact trusted
/// origin, or a `scheme://*.domain` pattern whose domain the origin's host[:port] is or ends in.
pub fn check_origin(
    origin: &str,
    is_https: bool,
    host_header: &str,
    trusted_origins: &[String],
) -> Result<(), CsrfFailure> {
    let own_scheme = if is_https { "https" } else { "http" };
    let is_own_origin = origin == format!("{own_scheme}://{host_header}");
    let is_trusted_exactly = trusted_origins
        .iter()
        .any(|trusted| !trusted.contains('*') && trusted == origin);
    if is_own_origin || is_trusted_exactly || matches_trusted_pattern(origin, trusted_origins) {
        Ok(())
    } else {
        Err(CsrfFailure::BadOrigin(origin.to_owned()))
    }
}

/// Django's subdomain patterns: `scheme://*.domain` matched on the same scheme only.
fn matches_trusted_pattern(origin: &str, trusted_origins: &[String]) -> bool {
    let Some(parsed) = SplitUrl::parse(origin) else {
        return false;
    };
    trusted_origins
        .iter()
        .filter(|trusted| trusted.contains('*'))
        .filter_map(|trusted| SplitUrl::parse(trusted))
        .filter(|pattern| pattern.scheme == parsed.scheme)
        .any(|pattern| is_same_domain(&parsed.netloc, pattern.netloc.trim_start_matches('*')))
}

/// The `Referer` check for HTTPS requests without `Origin`, in Django's order.
pub fn check_referer(
    referer: Option<&str>,
    host_header: &str,
    trusted_origins: &[String],
) -> Result<(), CsrfFailure> {
    let referer = referer.ok_or(CsrfFailure::NoReferer)?;
    let parsed = SplitUrl::parse(referer).ok_or(CsrfFailure::MalformedReferer)?;
    if parsed.scheme.is_empty() || parsed.netloc.is_empty() {
        return Err(CsrfFailure::MalformedReferer);
    }
    if parsed.scheme != "https" {
        return Err(CsrfFailure::InsecureReferer);
    }
    let is_trusted = trusted_origins
        .iter()
        .filter_map(|trusted| SplitUrl::parse(trusted))
        .any(|trusted| is_same_domain(&parsed.netloc, trusted.netloc.trim_start_matches('*')));
    if is_trusted || is_same_domain(&parsed.netloc, host_header) {
        Ok(())
    } else {
        Err(CsrfFailure::BadReferer(parsed.to_url()))
    }
}

/// Django's `is_same_domain`: a `.domain` pattern matches the domain and its
/// subdomains, anything else only itself. The pattern is lower-cased, the host is not.
fn is_same_domain(host: &str, pattern: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    let pattern = pattern.to_lowercase();
    match pattern.strip_prefix('.') {
        Some(domain) => host.ends_with(&pattern) || host == domain,
        None => host == pattern,
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;

    fn trusted(origins: &[&str]) -> Vec<String> {
        origins.iter().map(|o| (*o).to_owned()).collect()
    }

    #[test]
    fn origin_of_the_same_scheme_and_host_with_port_passes() {
        let host = "cdmx.localhost:8080";
        assert_eq!(
            check_origin("http://cdmx.localhost:8080", false, host, &[]),
            Ok(())
        );
        assert_eq!(
            check_origin("https://cdmx.localhost:8080", true, host, &[]),
            Ok(())
        );
    }

    #[test]
    fn origin_with_another_port_scheme_or_host_fails() {
        let host = "cdmx.localhost:8080";
        for origin in [
            "http://cdmx.localhost:9090",
            "http://cdmx.localhost",
            "https://cdmx.localhost:8080",
            "http://civis.localhost:8080",
            "http://cdmx.localhost:8080/",
        ] {
            assert_eq!(
                check_origin(origin, false, host, &[]),
                Err(CsrfFailure::BadOrigin(origin.to_owned())),
                "{origin}"
            );
        }
    }

    #[test]
    fn origin_null_fails_with_djangos_reason() {
        let failure = check_origin("null", true, "cdmx.localhost", &[]).unwrap_err();
        assert_eq!(
            failure.to_string(),
            "Origin checking failed - null does not match any trusted origins."
        );
    }

    #[test]
    fn an_exactly_trusted_origin_passes() {
        let origins = trusted(&["https://portal.example:8443"]);
        assert_eq!(
            check_origin(
                "https://portal.example:8443",
                true,
                "cdmx.localhost",
                &origins
            ),
            Ok(())
        );
        assert!(check_origin("https://portal.example", true, "cdmx.localhost", &origins).is_err());
    }

    #[test]
    fn a_wildcard_trusted_origin_matches_the_domain_and_its_subdomains_on_its_scheme() {
        let origins = trusted(&["https://*.example.org"]);
        let check = |origin| check_origin(origin, true, "cdmx.localhost", &origins);
        assert_eq!(check("https://a.example.org"), Ok(()));
        assert_eq!(check("https://a.b.example.org"), Ok(()));
        assert_eq!(check("https://example.org"), Ok(()));
        assert!(check("http://a.example.org").is_err());
        assert!(check("https://a.example.org:8443").is_err());
        assert!(check("https://badexample.org").is_err());
        let with_port = trusted(&["https://*.example.org:8443"]);
        assert_eq!(
            check_origin("https://a.example.org:8443", true, "x", &with_port),
            Ok(())
        );
    }

    #[test]
    fn referer_failures_come_in_djangos_order_with_djangos_reasons() {
        let host = "cdmx.localhost";
        let reason =
            |referer: Option<&str>| check_referer(referer, host, &[]).unwrap_err().to_string();
        assert_eq!(reason(None), "Referer checking failed - no Referer.");
        assert_eq!(
            reason(Some("/relative")),
            "Referer checking failed - Referer is malformed."
        );
        assert_eq!(
            reason(Some("https://[::1/")),
            "Referer checking failed - Referer is malformed."
        );
        assert_eq!(
            reason(Some("http://cdmx.localhost/")),
            "Referer checking failed - Referer is insecure while host is secure."
        );
        assert_eq!(
            reason(Some("HTTPS://evil.example/a?#")),
            "Referer checking failed - https://evil.example/a does not match any trusted origins."
        );
    }

    #[test]
    fn a_referer_from_this_host_or_a_trusted_one_passes() {
        let origins = trusted(&["https://*.example.org", "http://partner.example"]);
        let check = |referer| check_referer(Some(referer), "cdmx.localhost:8443", &origins);
        assert_eq!(check("https://cdmx.localhost:8443/login/"), Ok(()));
        assert_eq!(check("https://a.example.org/x"), Ok(()));
        assert_eq!(check("https://partner.example/"), Ok(()));
        assert!(check("https://cdmx.localhost/login/").is_err());
    }
    proptest! {
        #[test]
        fn origin_and_referer_checks_never_panic(value in any::<String>(), host in any::<String>()) {
            let origins = trusted(&["https://*.example.org", "https://x.example"]);
            let _ = check_origin(&value, true, &host, &origins);
            let _ = check_referer(Some(&value), &host, &origins);
        }
    }
}
