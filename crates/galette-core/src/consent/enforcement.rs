//! The Set-Cookie guard's decisions: which cookies may be set and which must be deleted.
//!
//! Owns: matching a cookie name to the tenant's registry, the verdict on each `Set-Cookie`
//! (`docs/consent.md` C-50) and the expiring headers for revoked cookies (C-55).
//! Does not own: reading or rewriting responses and logging (`galette-http`'s cookie guard),
//! or what the visitor granted (`consent::choice::effective_granted`).

use super::categories::CategorySet;
use crate::registry::{Category, CookieDeclaration};

/// What the guard does with one `Set-Cookie`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CookieVerdict {
    /// Declared, and necessary or granted: let it through.
    Allowed,
    /// No registry entry covers the name: drop it.
    Undeclared,
    /// Declared in a category the effective choice does not grant: drop it.
    NotConsented(Category),
}

/// The verdict on a cookie the response wants to set, given the effective grants (after GPC).
pub fn judge_cookie(
    name: &str,
    registry: &[CookieDeclaration],
    granted: CategorySet,
) -> CookieVerdict {
    match declaration_for(name, registry) {
        None => CookieVerdict::Undeclared,
        Some(d) if granted.contains(d.category) => CookieVerdict::Allowed,
        Some(d) => CookieVerdict::NotConsented(d.category),
    }
}

/// The cookie name of a `Set-Cookie` header value: the text before the first `=`, trimmed.
pub fn set_cookie_name(header_value: &str) -> Option<&str> {
    let (name, _) = header_value.split_once('=')?;
    let name = name.trim();
    (!name.is_empty()).then_some(name)
}

/// The names the browser sent that the registry places in a category not granted, once each
/// in the order first sent; wildcards are expanded against these names (C-55). Undeclared
/// names are left alone, as they may belong to another application on the same host.
pub fn revoked_cookies<'a>(
    sent_names: impl IntoIterator<Item = &'a str>,
    registry: &[CookieDeclaration],
    granted: CategorySet,
) -> Vec<String> {
    let mut revoked: Vec<String> = Vec::new();
    for name in sent_names {
        let is_revoked =
            declaration_for(name, registry).is_some_and(|d| !granted.contains(d.category));
        if is_revoked && !revoked.iter().any(|r| r == name) {
            revoked.push(name.to_owned());
        }
    }
    revoked
}

/// A `Set-Cookie` value that makes the browser delete `name` at once (C-55).
pub fn expire_cookie_header(name: &str) -> String {
    format!("{name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/")
}

/// The declaration that governs a name: the first exact declaration if any, else the first
/// wildcard that covers it. Exact names win so that a specific entry can override a family.
pub fn declaration_for<'r>(
    name: &str,
    registry: &'r [CookieDeclaration],
) -> Option<&'r CookieDeclaration> {
    registry
        .iter()
        .find(|d| !d.name.is_wildcard() && d.name.matches(name))
        .or_else(|| registry.iter().find(|d| d.name.matches(name)))
}

#[cfg(test)]
mod tests {

    use std::collections::BTreeMap;

    use super::*;
    use crate::registry::{Lifetime, NamePattern, Party};

    fn declare(name: &str, category: Category) -> CookieDeclaration {
        CookieDeclaration {
            name: NamePattern::parse(name).unwrap(),
            provider: None,
            category,
            party: Party::First,
            lifetime: Lifetime::Session,
            texts: BTreeMap::new(),
        }
    }

    fn registry() -> Vec<CookieDeclaration> {
        vec![
            declare("sessionid", Category::Necessary),
            declare("csrftoken", Category::Necessary),
            declare("_ga", Category::Statistics),
            declare("_BEAMER*", Category::Functionality),
            declare("_BEAMER_NECESSARY", Category::Necessary),
            declare("_fbp", Category::Marketing),
        ]
    }

    #[test]
    fn necessary_cookies_pass_whatever_was_granted() {
        let verdict = judge_cookie("sessionid", &registry(), CategorySet::empty());
        assert_eq!(verdict, CookieVerdict::Allowed);
    }

    #[test]
    fn an_optional_cookie_passes_only_when_its_category_is_granted() {
        let registry = registry();
        let none = CategorySet::empty();
        let stats = none.with(Category::Statistics);
        assert_eq!(
            judge_cookie("_ga", &registry, none),
            CookieVerdict::NotConsented(Category::Statistics)
        );
        assert_eq!(
            judge_cookie("_ga", &registry, stats),
            CookieVerdict::Allowed
        );
        assert_eq!(
            judge_cookie("_fbp", &registry, stats),
            CookieVerdict::NotConsented(Category::Marketing)
        );
    }

    #[test]
    fn an_undeclared_cookie_never_passes() {
        let verdict = judge_cookie("tracker", &registry(), CategorySet::all_optional());
        assert_eq!(verdict, CookieVerdict::Undeclared);
        assert_eq!(
            judge_cookie("_g", &registry(), CategorySet::all_optional()),
            CookieVerdict::Undeclared
        );
    }

    #[test]
    fn a_wildcard_covers_each_name_with_its_prefix() {
        let registry = registry();
        assert_eq!(
            judge_cookie("_BEAMER_USER_ID_x1", &registry, CategorySet::empty()),
            CookieVerdict::NotConsented(Category::Functionality)
        );
        let functionality = CategorySet::empty().with(Category::Functionality);
        assert_eq!(
            judge_cookie("_BEAMER_USER_ID_x1", &registry, functionality),
            CookieVerdict::Allowed
        );
    }

    #[test]
    fn an_exact_declaration_wins_over_an_earlier_wildcard() {
        let verdict = judge_cookie("_BEAMER_NECESSARY", &registry(), CategorySet::empty());
        assert_eq!(verdict, CookieVerdict::Allowed);
    }

    #[test]
    fn among_matching_wildcards_the_first_declared_wins() {
        let registry = vec![
            declare("_B*", Category::Marketing),
            declare("_BEAMER*", Category::Functionality),
        ];
        assert_eq!(
            judge_cookie("_BEAMER_X", &registry, CategorySet::empty()),
            CookieVerdict::NotConsented(Category::Marketing)
        );
    }

    #[test]
    fn the_name_of_a_set_cookie_is_what_precedes_the_first_equals_sign() {
        assert_eq!(
            set_cookie_name("sessionid=abc; Path=/; HttpOnly"),
            Some("sessionid")
        );
        assert_eq!(set_cookie_name(" _ga =GA1.2=3"), Some("_ga"));
        assert_eq!(set_cookie_name("x="), Some("x"));
        assert_eq!(set_cookie_name("=value"), None);
        assert_eq!(set_cookie_name("  =value"), None);
        assert_eq!(set_cookie_name("novalue"), None);
    }

    #[test]
    fn revoked_cookies_expand_wildcards_once_each_in_the_order_sent() {
        let sent = [
            "_BEAMER_USER_ID_a",
            "sessionid",
            "_ga",
            "other_app",
            "_BEAMER_DATE_b",
            "_ga",
            "_BEAMER_NECESSARY",
        ];
        let granted = CategorySet::empty().with(Category::Marketing);
        assert_eq!(
            revoked_cookies(sent, &registry(), granted),
            vec!["_BEAMER_USER_ID_a", "_ga", "_BEAMER_DATE_b"]
        );
    }

    #[test]
    fn nothing_is_revoked_when_everything_is_granted() {
        let sent = ["_ga", "_fbp", "_BEAMER_X"];
        assert!(revoked_cookies(sent, &registry(), CategorySet::all_optional()).is_empty());
    }

    #[test]
    fn the_expiring_header_matches_the_rule_exactly() {
        assert_eq!(
            expire_cookie_header("_ga"),
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"
        );
    }
}
