//! Whether a `next` or `Referer` value may be used as a redirect target.
//!
//! Owns: rule A-7 of `docs/cookies.md`, i.e. Django's
//! `url_has_allowed_host_and_scheme` with the request's own `Host` header (port
//! included) as the only allowed host.
//! Does not own: where the candidate comes from or the fallback target (the handlers).

use crate::url_split::SplitUrl;

/// Longest target Django considers, in characters (`MAX_URL_LENGTH`).
const MAX_URL_CHARS: usize = 2048;

/// True when redirecting to `target` keeps the visitor on this host.
///
/// `host_header` is the request's raw `Host` header (e.g. `cdmx.localhost:8080`); a
/// target's netloc must equal it exactly. Over HTTPS an `http:` target is refused.
pub fn is_safe_redirect(target: &str, host_header: &str, is_https: bool) -> bool {
    let url = target.trim_matches(is_python_whitespace);
    if url.is_empty() {
        return false;
    }
    // Check 8: browsers read `\` as `/`, but it may also sit in userinfo, so test both.
    passes_checks(url, host_header, is_https)
        && passes_checks(&url.replace('\\', "/"), host_header, is_https)
}

/// Checks 2 to 7 of A-7 on one spelling of the target.
fn passes_checks(url: &str, host_header: &str, require_https: bool) -> bool {
    if url.starts_with("///") || url.chars().count() > MAX_URL_CHARS {
        return false;
    }
    let Some(parts) = SplitUrl::parse(url) else {
        return false;
    };
    if parts.netloc.is_empty() && !parts.scheme.is_empty() {
        return false;
    }
    if url.chars().next().is_none_or(is_possibly_other_category) {
        return false;
    }
    let scheme = if parts.scheme.is_empty() && !parts.netloc.is_empty() {
        "http"
    } else {
        parts.scheme.as_str()
    };
    let is_host_allowed = parts.netloc.is_empty() || parts.netloc == host_header;
    let is_scheme_allowed = match scheme {
        "" | "https" => true,
        "http" => !require_https,
        _ => false,
    };
    is_host_allowed && is_scheme_allowed
}

/// Python's `str.isspace`, which `str.strip()` uses: Unicode white space plus U+001C–U+001F.
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Django refuses a first character in Unicode category C* (control, format, private
/// use, unassigned). Without Unicode tables, every non-ASCII first character is
/// treated as if it were C*: stricter than Django, never looser.
fn is_possibly_other_category(c: char) -> bool {
    c.is_control() || !c.is_ascii()
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;

    const HOST: &str = "cdmx.localhost:8080";

    fn safe_over_http(target: &str) -> bool {
        is_safe_redirect(target, HOST, false)
    }

    #[test]
    fn a_local_path_is_safe() {
        assert!(safe_over_http("/datasets/"));
        assert!(safe_over_http("/"));
        assert!(safe_over_http("datasets/?q=1#top"));
        assert!(safe_over_http("  /datasets/\n"));
    }

    #[test]
    fn an_empty_or_blank_target_is_unsafe() {
        assert!(!safe_over_http(""));
        assert!(!safe_over_http(" \t\n"));
    }

    #[test]
    fn another_host_is_unsafe() {
        assert!(!safe_over_http("http://evil.example/"));
        assert!(!safe_over_http("https://evil.example/"));
    }

    #[test]
    fn a_scheme_relative_url_to_another_host_is_unsafe() {
        assert!(!safe_over_http("//evil.example"));
        assert!(!safe_over_http("//evil.example/path"));
    }

    #[test]
    fn a_backslash_that_browsers_read_as_a_slash_is_unsafe() {
        assert!(!safe_over_http("/\\evil.example"));
        assert!(!safe_over_http("\\\\evil.example"));
        assert!(!safe_over_http("http:\\\\evil.example"));
    }

    #[test]
    fn three_leading_slashes_are_unsafe() {
        assert!(!safe_over_http("///evil.example"));
    }

    #[test]
    fn a_scheme_without_a_host_is_unsafe() {
        assert!(!safe_over_http("http:///x"));
        assert!(!safe_over_http("javascript:alert(1)"));
        assert!(!safe_over_http("mailto:someone@example.org"));
        assert!(!safe_over_http("cdmx.localhost:8080"));
    }

    #[test]
    fn the_same_host_without_its_port_is_unsafe() {
        assert!(!safe_over_http("https://cdmx.localhost/"));
        assert!(!safe_over_http("http://cdmx.localhost/"));
    }

    #[test]
    fn the_same_host_and_port_over_http_is_safe_only_for_http_requests() {
        assert!(is_safe_redirect(
            "http://cdmx.localhost:8080/x",
            HOST,
            false
        ));
        assert!(!is_safe_redirect(
            "http://cdmx.localhost:8080/x",
            HOST,
            true
        ));
        assert!(is_safe_redirect("//cdmx.localhost:8080/x", HOST, false));
        assert!(!is_safe_redirect("//cdmx.localhost:8080/x", HOST, true));
    }

    #[test]
    fn https_to_the_same_host_and_port_is_safe_on_both_schemes() {
        assert!(is_safe_redirect(
            "https://cdmx.localhost:8080/x",
            HOST,
            false
        ));
        assert!(is_safe_redirect(
            "https://cdmx.localhost:8080/x",
            HOST,
            true
        ));
    }

    #[test]
    fn the_host_comparison_is_literal() {
        assert!(!safe_over_http("http://CDMX.localhost:8080/"));
        assert!(!safe_over_http("http://user@cdmx.localhost:8080/"));
    }

    #[test]
    fn other_schemes_are_unsafe_even_with_the_right_host() {
        assert!(!safe_over_http("ftp://cdmx.localhost:8080/"));
    }

    #[test]
    fn a_leading_control_character_is_unsafe() {
        assert!(!safe_over_http("\u{0}/datasets/"));
        assert!(!safe_over_http("\u{7f}/datasets/"));
        assert!(!safe_over_http("\u{200b}/datasets/"));
    }

    #[test]
    fn control_characters_that_python_strips_are_ignored() {
        assert!(safe_over_http("\u{1c}/datasets/\u{1f}"));
    }

    #[test]
    fn tabs_inside_the_target_cannot_hide_a_host() {
        assert!(!safe_over_http("/\t/evil.example"));
        assert!(!safe_over_http("/\n/evil.example"));
    }

    #[test]
    fn targets_over_2048_characters_are_unsafe() {
        let long_path = format!("/{}", "a".repeat(2047));
        assert!(safe_over_http(&long_path));
        assert!(!safe_over_http(&format!("{long_path}a")));
    }

    #[test]
    fn an_invalid_ipv6_host_is_unsafe() {
        assert!(!safe_over_http("http://[::1/"));
        assert!(is_safe_redirect("http://[::1]:8080/", "[::1]:8080", false));
    }

    proptest! {
        #[test]
        fn is_safe_redirect_never_panics(target in any::<String>(), host in any::<String>(), is_https in any::<bool>()) {
            let _ = is_safe_redirect(&target, &host, is_https);
        }

        #[test]
        fn url_like_targets_never_panic(target in "[ /\\\\:a-z\\[\\]@?#%.\t\u{1}é]{0,40}") {
            let _ = is_safe_redirect(&target, HOST, false);
        }
    }
}
