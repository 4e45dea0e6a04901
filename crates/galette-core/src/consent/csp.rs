//! The `Content-Security-Policy` of an HTML response, opened only to granted third parties.
//!
//! Owns: the base policy, which integrations a choice lets load, and where their origins go
//! (`docs/consent.md` C-60). A refused category's origins are never listed, so even
//! injected markup cannot load them.
//! Does not own: the nonce (minted per response by the caller), the header name in
//! report-only mode (C-52) or the integrations' declarations (`registry::integration`).

use std::collections::BTreeSet;

use super::categories::CategorySet;
use crate::registry::{Category, Integration, IntegrationKind, parse_origin};

/// The integrations a visitor's effective grants let load, in declaration order.
/// One wrongly marked necessary is left out: a third party never loads without consent.
pub fn granted(all: &[Integration], granted: CategorySet) -> Vec<&Integration> {
    all.iter()
        .filter(|i| i.category != Category::Necessary && granted.contains(i.category))
        .collect()
}

/// The policy for one response: the base, plus each granted integration's origins in the
/// directives its kind needs (scripts also get `connect-src`), sorted and deduplicated, and
/// `'nonce-…'` in `script-src` for galette's own inline scripts.
///
/// Origins not in [`parse_origin`]'s spelling and nonces with characters outside base64 are
/// skipped, so no input can add a directive to the header.
pub fn content_security_policy(
    granted_integrations: &[&Integration],
    nonce: Option<&str>,
) -> String {
    let mut images = BTreeSet::new();
    let mut scripts = BTreeSet::new();
    let mut connects = BTreeSet::new();
    let mut frames = BTreeSet::new();
    for integration in granted_integrations {
        let origins = integration
            .origins
            .iter()
            .filter(|o| parse_origin(o).is_ok_and(|parsed| parsed == **o))
            .map(String::as_str);
        for origin in origins {
            match integration.kind {
                IntegrationKind::Script => {
                    scripts.insert(origin);
                    connects.insert(origin);
                }
                IntegrationKind::Iframe => {
                    frames.insert(origin);
                }
                IntegrationKind::Image => {
                    images.insert(origin);
                }
            }
        }
    }
    let nonce = nonce
        .filter(|n| is_nonce(n))
        .map(|n| format!("'nonce-{n}'"));
    let frame_sources = if frames.is_empty() {
        "'none'".to_owned()
    } else {
        join(&frames)
    };
    let directives = [
        "default-src 'self'".to_owned(),
        with_sources("img-src 'self' data:", &images, None),
        "style-src 'self'".to_owned(),
        with_sources("script-src 'self'", &scripts, nonce.as_deref()),
        with_sources("connect-src 'self'", &connects, None),
        format!("frame-src {frame_sources}"),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "object-src 'none'".to_owned(),
    ];
    directives.join("; ")
}

/// A directive with extra sources appended, then an optional last token.
fn with_sources(base: &str, origins: &BTreeSet<&str>, last: Option<&str>) -> String {
    let mut directive = base.to_owned();
    for token in origins.iter().copied().chain(last) {
        directive.push(' ');
        directive.push_str(token);
    }
    directive
}

fn join(origins: &BTreeSet<&str>) -> String {
    origins.iter().copied().collect::<Vec<_>>().join(" ")
}

/// CSP's `base64-value`: base64 or base64url characters, `=` only as padding.
fn is_nonce(nonce: &str) -> bool {
    let body = nonce.trim_end_matches('=');
    !body.is_empty()
        && nonce.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {

    use std::collections::BTreeMap;

    use super::*;
    use crate::language::Language;

    const BASE: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
        script-src 'self'; connect-src 'self'; frame-src 'none'; form-action 'self'; \
        frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    fn integration(
        name: &str,
        category: Category,
        kind: IntegrationKind,
        origins: &[&str],
    ) -> Integration {
        Integration {
            name: name.to_owned(),
            category,
            kind,
            src: format!("{}/x", origins.first().copied().unwrap_or_default()),
            origins: origins.iter().map(|o| (*o).to_owned()).collect(),
            cookies: Vec::new(),
            texts: BTreeMap::from([(Language::En, name.to_owned())]),
        }
    }

    fn all() -> Vec<Integration> {
        vec![
            integration(
                "YouTube",
                Category::Marketing,
                IntegrationKind::Iframe,
                &["https://www.youtube-nocookie.com"],
            ),
            integration(
                "Matomo",
                Category::Statistics,
                IntegrationKind::Script,
                &["https://stats.example.org", "https://cdn.example.org"],
            ),
            integration(
                "Pixel",
                Category::Marketing,
                IntegrationKind::Image,
                &["https://px.ads.example"],
            ),
            integration(
                "Map",
                Category::Functionality,
                IntegrationKind::Iframe,
                &["https://maps.example.org"],
            ),
        ]
    }

    #[test]
    fn without_integrations_the_policy_is_exactly_the_base() {
        assert_eq!(content_security_policy(&[], None), BASE);
    }

    #[test]
    fn a_granted_iframe_adds_only_its_origin_to_frame_src() {
        let all = all();
        let map = granted(&all, CategorySet::empty().with(Category::Functionality));
        let policy = content_security_policy(&map, None);
        assert_eq!(
            policy,
            BASE.replace("frame-src 'none'", "frame-src https://maps.example.org")
        );
    }

    #[test]
    fn a_granted_script_adds_its_origins_to_script_and_connect_sorted() {
        let all = all();
        let stats = granted(&all, CategorySet::empty().with(Category::Statistics));
        let policy = content_security_policy(&stats, Some("r4nd0m+/="));
        assert!(policy.contains(
            "script-src 'self' https://cdn.example.org https://stats.example.org 'nonce-r4nd0m+/='"
        ));
        assert!(
            policy
                .contains("connect-src 'self' https://cdn.example.org https://stats.example.org;")
        );
        assert!(policy.contains("frame-src 'none'"));
    }

    #[test]
    fn refused_integrations_never_appear() {
        let all = all();
        let list = granted(
            &all,
            CategorySet::all_optional().without(Category::Marketing),
        );
        let names: Vec<&str> = list.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, vec!["Matomo", "Map"]);
        let policy = content_security_policy(&list, None);
        assert!(!policy.contains("youtube"));
        assert!(!policy.contains("ads.example"));
        assert!(granted(&all, CategorySet::empty()).is_empty());
    }

    #[test]
    fn an_integration_marked_necessary_is_never_granted() {
        let all = vec![integration(
            "Odd",
            Category::Necessary,
            IntegrationKind::Script,
            &["https://odd.example"],
        )];
        assert!(granted(&all, CategorySet::all_optional()).is_empty());
    }

    #[test]
    fn shared_origins_are_listed_once_and_images_go_to_img_src() {
        let mut all = all();
        all.push(integration(
            "YouTube 2",
            Category::Marketing,
            IntegrationKind::Iframe,
            &["https://www.youtube-nocookie.com"],
        ));
        let list = granted(&all, CategorySet::all_optional());
        let policy = content_security_policy(&list, None);
        assert_eq!(policy.matches("youtube-nocookie").count(), 1);
        assert!(policy.contains("img-src 'self' data: https://px.ads.example;"));
        assert!(
            policy.contains("frame-src https://maps.example.org https://www.youtube-nocookie.com;")
        );
    }

    #[test]
    fn hostile_origins_and_nonces_cannot_add_directives() {
        let evil = integration(
            "Evil",
            Category::Marketing,
            IntegrationKind::Script,
            &["https://x.org; script-src *"],
        );
        let list = [&evil];
        assert_eq!(
            content_security_policy(&list, Some("abc; script-src *")),
            BASE
        );
        assert_eq!(content_security_policy(&[], Some("")), BASE);
    }
}
