//! Registry revisions: which edits call for fresh consent, what changed, and the canonical
//! form whose digest the consent log records (`docs/consent.md` C-30, C-25).
//!
//! Every edit bumps the revision (the store does that). An edit also needs re-consent, so
//! stored choices stop granting anything, when it widens what a visitor agreed to:
//! * a cookie name not declared before, in an optional category;
//! * a declared name moved to another optional category, or from necessary to optional;
//! * an optional cookie living longer (a session cookie becoming persistent, or more seconds);
//! * a new integration (by name), or an existing one changing its category, kind, source or
//!   set of origins, or declaring a cookie name it did not declare before.
//!
//! Removing cookies or integrations, rewording texts, changing a provider or party, shortening
//! a lifetime and anything about necessary cookies keep existing choices valid.
//! Does not own: storing revisions (`galette-store`) or hashing (`consent::log_chain`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Category, CookieDeclaration, Integration, Lifetime, LifetimeUnit, NamePattern};
use crate::canonical_json::canonical_json_value;
use crate::language::Language;

/// One line of "what changed" in the back office and on the re-consent banner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegistryChange {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// The cookie name (wildcard included) or the integration's name.
    pub name: String,
    /// Plain-English details, e.g. `category: necessary → marketing`.
    pub details: Vec<String>,
}

/// Whether going from `before` to `after` needs fresh consent (the rule in the module doc).
pub fn needs_reconsent(
    before: &[CookieDeclaration],
    before_integrations: &[Integration],
    after: &[CookieDeclaration],
    after_integrations: &[Integration],
) -> bool {
    let widens_a_cookie = after
        .iter()
        .filter(|d| d.category != Category::Necessary)
        .any(|new| match cookie_named(before, new.name.as_str()) {
            None => true,
            Some(old) => old.category != new.category || lasts_longer(old.lifetime, new.lifetime),
        });
    let widens_an_integration = after_integrations.iter().any(|new| {
        match integration_named(before_integrations, &new.name) {
            None => true,
            Some(old) => {
                old.category != new.category
                    || old.kind != new.kind
                    || old.src != new.src
                    || sorted(&old.origins) != sorted(&new.origins)
                    || new.cookies.iter().any(|c| !old.cookies.contains(c))
            }
        }
    });
    widens_a_cookie || widens_an_integration
}

/// Both lists as compact JSON with sorted keys, stable across runs and builds, so that its
/// digest (`consent::log_chain::registry_digest`) names exactly what a visitor was shown.
pub fn canonical_registry_json(
    registry: &[CookieDeclaration],
    integrations: &[Integration],
) -> String {
    #[derive(Serialize)]
    struct Shown<'a> {
        cookies: &'a [CookieDeclaration],
        integrations: &'a [Integration],
    }
    canonical_json_value(&registry_value(&Shown {
        cookies: registry,
        integrations,
    }))
}

#[expect(
    clippy::expect_used,
    reason = "declarations and integrations hold strings, numbers and maps keyed by language codes, all valid JSON"
)]
fn registry_value(shown: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(shown).expect("a registry always serialises to JSON")
}

/// What changed between two versions of a registry: cookies first (in the order of `after`,
/// then removed ones in the order of `before`), then integrations likewise.
pub fn diff_registry(
    before: &[CookieDeclaration],
    before_integrations: &[Integration],
    after: &[CookieDeclaration],
    after_integrations: &[Integration],
) -> Vec<RegistryChange> {
    let mut changes = Vec::new();
    for new in after {
        let name = new.name.as_str();
        match cookie_named(before, name) {
            None => changes.push(change("added", name, cookie_summary(new))),
            Some(old) => {
                let details = cookie_details(old, new);
                if !details.is_empty() {
                    changes.push(change("changed", name, details));
                }
            }
        }
    }
    for old in before {
        if cookie_named(after, old.name.as_str()).is_none() {
            changes.push(change("removed", old.name.as_str(), cookie_summary(old)));
        }
    }
    for new in after_integrations {
        match integration_named(before_integrations, &new.name) {
            None => changes.push(change("added", &new.name, integration_summary(new))),
            Some(old) => {
                let details = integration_details(old, new);
                if !details.is_empty() {
                    changes.push(change("changed", &new.name, details));
                }
            }
        }
    }
    for old in before_integrations {
        if integration_named(after_integrations, &old.name).is_none() {
            changes.push(change("removed", &old.name, integration_summary(old)));
        }
    }
    changes
}

fn change(kind: &'static str, name: &str, details: Vec<String>) -> RegistryChange {
    RegistryChange {
        kind,
        name: name.to_owned(),
        details,
    }
}

fn cookie_named<'r>(
    registry: &'r [CookieDeclaration],
    name: &str,
) -> Option<&'r CookieDeclaration> {
    registry.iter().find(|d| d.name.as_str() == name)
}

fn integration_named<'r>(integrations: &'r [Integration], name: &str) -> Option<&'r Integration> {
    integrations.iter().find(|i| i.name == name)
}

/// Whether `after` keeps a cookie longer than `before`; a session ends before any duration.
fn lasts_longer(before: Lifetime, after: Lifetime) -> bool {
    match (before, after) {
        (Lifetime::Session, Lifetime::Seconds(_)) => true,
        (Lifetime::Seconds(old), Lifetime::Seconds(new)) => new > old,
        (_, Lifetime::Session) => false,
    }
}

fn sorted(origins: &[String]) -> Vec<&str> {
    let mut list: Vec<&str> = origins.iter().map(String::as_str).collect();
    list.sort_unstable();
    list.dedup();
    list
}

fn cookie_summary(d: &CookieDeclaration) -> Vec<String> {
    vec![
        format!("category: {}", d.category.code()),
        format!("lifetime: {}", lifetime_words(d.lifetime)),
    ]
}

fn integration_summary(i: &Integration) -> Vec<String> {
    vec![
        format!("third-party {}", i.kind.code()),
        format!("category: {}", i.category.code()),
        format!("origins: {}", sorted(&i.origins).join(", ")),
    ]
}

fn cookie_details(old: &CookieDeclaration, new: &CookieDeclaration) -> Vec<String> {
    let mut details = Vec::new();
    push_change(
        &mut details,
        "category",
        old.category.code(),
        new.category.code(),
    );
    push_change(
        &mut details,
        "lifetime",
        &lifetime_words(old.lifetime),
        &lifetime_words(new.lifetime),
    );
    push_change(&mut details, "party", old.party.code(), new.party.code());
    push_change(
        &mut details,
        "provider",
        old.provider.as_deref().unwrap_or("none"),
        new.provider.as_deref().unwrap_or("none"),
    );
    text_details(&mut details, &old.texts, &new.texts);
    details
}

fn integration_details(old: &Integration, new: &Integration) -> Vec<String> {
    let mut details = Vec::new();
    push_change(
        &mut details,
        "category",
        old.category.code(),
        new.category.code(),
    );
    push_change(&mut details, "kind", old.kind.code(), new.kind.code());
    push_change(&mut details, "source", &old.src, &new.src);
    let (old_origins, new_origins) = (sorted(&old.origins), sorted(&new.origins));
    added_removed(&mut details, "origin", &old_origins, &new_origins);
    added_removed(
        &mut details,
        "cookie",
        &cookie_names(old),
        &cookie_names(new),
    );
    text_details(&mut details, &old.texts, &new.texts);
    details
}

fn cookie_names(integration: &Integration) -> Vec<&str> {
    integration
        .cookies
        .iter()
        .map(NamePattern::as_str)
        .collect()
}

fn push_change(details: &mut Vec<String>, field: &str, old: &str, new: &str) {
    if old != new {
        details.push(format!("{field}: {old} → {new}"));
    }
}

fn added_removed(details: &mut Vec<String>, what: &str, old: &[&str], new: &[&str]) {
    for item in new.iter().filter(|n| !old.contains(n)) {
        details.push(format!("{what} added: {item}"));
    }
    for item in old.iter().filter(|o| !new.contains(o)) {
        details.push(format!("{what} removed: {item}"));
    }
}

fn text_details<T: PartialEq>(
    details: &mut Vec<String>,
    old: &BTreeMap<Language, T>,
    new: &BTreeMap<Language, T>,
) {
    for (language, text) in new {
        match old.get(language) {
            None => details.push(format!("text added in {}", language.code())),
            Some(previous) if previous != text => {
                details.push(format!("wording changed in {}", language.code()));
            }
            Some(_) => {}
        }
    }
    for language in old.keys().filter(|l| !new.contains_key(l)) {
        details.push(format!("text removed in {}", language.code()));
    }
}

/// A lifetime in plain English, e.g. `2 weeks`, `1 year`, `browser session`.
fn lifetime_words(lifetime: Lifetime) -> String {
    let (count, unit) = match lifetime.unit() {
        LifetimeUnit::Session => return "browser session".to_owned(),
        LifetimeUnit::Years(n) => (n, "year"),
        LifetimeUnit::Weeks(n) => (n, "week"),
        LifetimeUnit::Days(n) => (n, "day"),
        LifetimeUnit::Hours(n) => (n, "hour"),
        LifetimeUnit::Seconds(n) => (n, "second"),
    };
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::consent::log_chain::registry_digest;
    use crate::registry::{CookieText, IntegrationKind, Party};

    const WEEK: u64 = 7 * 86_400;
    const YEAR: u64 = 365 * 86_400;

    fn cookie(name: &str, category: Category, lifetime: Lifetime) -> CookieDeclaration {
        CookieDeclaration {
            name: NamePattern::parse(name).unwrap(),
            provider: None,
            category,
            party: Party::First,
            lifetime,
            texts: BTreeMap::from([(
                Language::En,
                CookieText {
                    function_location: format!("{name} everywhere"),
                    purpose: format!("{name} purpose"),
                },
            )]),
        }
    }

    fn registry() -> Vec<CookieDeclaration> {
        vec![
            cookie(
                "sessionid",
                Category::Necessary,
                Lifetime::Seconds(2 * WEEK),
            ),
            cookie("_ga", Category::Statistics, Lifetime::Seconds(YEAR)),
            cookie("_BEAMER*", Category::Functionality, Lifetime::Session),
        ]
    }

    fn video() -> Integration {
        Integration {
            name: "Video".to_owned(),
            category: Category::Marketing,
            kind: IntegrationKind::Iframe,
            src: "https://video.example/embed/1".to_owned(),
            origins: vec!["https://video.example".to_owned()],
            cookies: vec![NamePattern::parse("vid").unwrap()],
            texts: BTreeMap::from([(Language::En, "Videos.".to_owned())]),
        }
    }

    /// Applies `edit` to a copy of the sample registry and asks whether re-consent is due.
    fn reconsent_after(
        edit: impl FnOnce(&mut Vec<CookieDeclaration>, &mut Vec<Integration>),
    ) -> bool {
        let (mut cookies, mut integrations) = (registry(), vec![video()]);
        edit(&mut cookies, &mut integrations);
        needs_reconsent(&registry(), &[video()], &cookies, &integrations)
    }

    #[test]
    fn an_unchanged_registry_needs_no_reconsent() {
        assert!(!reconsent_after(|_, _| {}));
        assert!(diff_registry(&registry(), &[video()], &registry(), &[video()]).is_empty());
    }

    #[test]
    fn adding_an_optional_cookie_needs_reconsent_but_a_necessary_one_does_not() {
        assert!(reconsent_after(|c, _| c.push(cookie(
            "_fbp",
            Category::Marketing,
            Lifetime::Session
        ))));
        assert!(!reconsent_after(|c, _| c.push(cookie(
            "csrftoken",
            Category::Necessary,
            Lifetime::Seconds(YEAR)
        ))));
    }

    #[test]
    fn moving_a_cookie_into_another_optional_category_needs_reconsent() {
        assert!(reconsent_after(|c, _| c[1].category = Category::Marketing));
        assert!(reconsent_after(
            |c, _| c[0].category = Category::Functionality
        ));
        assert!(!reconsent_after(|c, _| c[1].category = Category::Necessary));
    }

    #[test]
    fn a_longer_optional_lifetime_needs_reconsent_a_shorter_one_does_not() {
        assert!(reconsent_after(
            |c, _| c[1].lifetime = Lifetime::Seconds(2 * YEAR)
        ));
        assert!(reconsent_after(|c, _| c[2].lifetime = Lifetime::Seconds(60)));
        assert!(!reconsent_after(
            |c, _| c[1].lifetime = Lifetime::Seconds(WEEK)
        ));
        assert!(!reconsent_after(|c, _| c[1].lifetime = Lifetime::Session));
        assert!(!reconsent_after(
            |c, _| c[0].lifetime = Lifetime::Seconds(2 * YEAR)
        ));
    }

    #[test]
    fn removing_rewording_or_changing_the_provider_keeps_choices_valid() {
        assert!(!reconsent_after(|c, i| {
            c.remove(1);
            i.clear();
        }));
        assert!(!reconsent_after(|c, i| {
            c[1].texts.insert(
                Language::Fr,
                CookieText {
                    function_location: "x".into(),
                    purpose: "y".into(),
                },
            );
            c[1].provider = Some("Google".to_owned());
            c[1].party = Party::Third;
            i[0].texts
                .insert(Language::En, "Embedded videos.".to_owned());
        }));
    }

    #[test]
    fn adding_or_widening_an_integration_needs_reconsent() {
        assert!(reconsent_after(|_, i| {
            let mut map = video();
            map.name = "Map".to_owned();
            i.push(map);
        }));
        assert!(reconsent_after(
            |_, i| i[0].category = Category::Functionality
        ));
        assert!(reconsent_after(|_, i| i[0]
            .origins
            .push("https://cdn.video.example".to_owned())));
        assert!(reconsent_after(
            |_, i| i[0].src = "https://video.example/embed/2".to_owned()
        ));
        assert!(reconsent_after(|_, i| i[0].kind = IntegrationKind::Script));
        assert!(reconsent_after(|_, i| i[0]
            .cookies
            .push(NamePattern::parse("vid2").unwrap())));
        assert!(!reconsent_after(|_, i| i[0].cookies.clear()));
        assert!(!reconsent_after(|_, i| {
            i[0].origins.push("https://video.example".to_owned());
        }));
    }

    #[test]
    fn the_canonical_registry_json_is_sorted_compact_and_stable() {
        let json = canonical_registry_json(&registry(), &[video()]);
        assert!(json.starts_with(r#"{"cookies":[{"category":"necessary","lifetime":{"kind":"seconds","seconds":1209600},"name":"sessionid","#), "{json}");
        assert!(json.contains(
            r#""integrations":[{"category":"marketing","cookies":["vid"],"kind":"iframe","#
        ));
        assert!(!json.contains(": "));
        assert_eq!(json, canonical_registry_json(&registry(), &[video()]));
        let digest = registry_digest(&json);
        let mut edited = registry();
        edited[1].texts.clear();
        assert_ne!(
            registry_digest(&canonical_registry_json(&edited, &[video()])),
            digest
        );
    }

    #[test]
    fn the_diff_names_each_change_in_plain_english() {
        let mut after = registry();
        after[0].category = Category::Marketing;
        after[1].lifetime = Lifetime::Seconds(2 * WEEK);
        after[1].provider = Some("Google".to_owned());
        after.remove(2);
        after.push(cookie("_fbp", Category::Marketing, Lifetime::Seconds(YEAR)));
        let mut new_video = video();
        new_video.origins = vec!["https://cdn.video.example".to_owned()];
        new_video.texts.insert(Language::Fr, "Vidéos.".to_owned());
        let changes = diff_registry(&registry(), &[video()], &after, &[new_video]);
        let lines: Vec<(&str, &str, Vec<&str>)> = changes
            .iter()
            .map(|c| {
                (
                    c.kind,
                    c.name.as_str(),
                    c.details.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    "changed",
                    "sessionid",
                    vec!["category: necessary → marketing"]
                ),
                (
                    "changed",
                    "_ga",
                    vec!["lifetime: 1 year → 2 weeks", "provider: none → Google"]
                ),
                (
                    "added",
                    "_fbp",
                    vec!["category: marketing", "lifetime: 1 year"]
                ),
                (
                    "removed",
                    "_BEAMER*",
                    vec!["category: functionality", "lifetime: browser session"]
                ),
                (
                    "changed",
                    "Video",
                    vec![
                        "origin added: https://cdn.video.example",
                        "origin removed: https://video.example",
                        "text added in fr",
                    ]
                ),
            ]
        );
    }

    #[test]
    fn lifetimes_read_in_plain_english() {
        assert_eq!(lifetime_words(Lifetime::Session), "browser session");
        assert_eq!(lifetime_words(Lifetime::Seconds(YEAR)), "1 year");
        assert_eq!(lifetime_words(Lifetime::Seconds(2 * WEEK)), "2 weeks");
        assert_eq!(lifetime_words(Lifetime::Seconds(3600)), "1 hour");
        assert_eq!(lifetime_words(Lifetime::Seconds(1)), "1 second");
        assert_eq!(lifetime_words(Lifetime::Seconds(90)), "90 seconds");
    }

    #[test]
    fn integration_changes_and_removals_are_listed_after_cookies() {
        let mut after = video();
        after.category = Category::Statistics;
        after.kind = IntegrationKind::Script;
        let changes = diff_registry(&[], &[video()], &[], &[after]);
        assert_eq!(
            changes[0].details,
            vec!["category: marketing → statistics", "kind: iframe → script"]
        );
        let removed = diff_registry(&[], &[video()], &[], &[]);
        assert_eq!(removed[0].kind, "removed");
        assert_eq!(removed[0].details[0], "third-party iframe");
    }
}
