//! The cookie policy of a tenant in one language, derived from its registry.
//!
//! Owns: which rows appear, in which order, with which texts, and whether the provider
//! column is shown. Does not own: the page wording (templates and locales) or storage.

use crate::language::Language;
use crate::registry::{Category, CookieDeclaration, Lifetime, Party};
use crate::tenant::Tenant;
use serde::Serialize;

/// One row of the policy table.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyRow {
    /// Declared name or wildcard.
    pub name: String,
    /// Whether the name covers a family of cookies.
    pub is_wildcard: bool,
    /// Provider, when declared.
    pub provider: Option<String>,
    /// Consent category.
    pub category: Category,
    /// First or third party.
    pub party: Party,
    /// Browser lifetime.
    pub lifetime: Lifetime,
    /// Function and location, in the page language (or the site's fallback).
    pub function_location: String,
    /// Purpose, in the page language (or the site's fallback).
    pub purpose: String,
    /// Language the texts are actually in (differs from the page when a translation is missing).
    pub text_language: Language,
}

/// A group of rows sharing a category.
#[derive(Clone, Debug, Serialize)]
pub struct PolicySection {
    /// The category of every row.
    pub category: Category,
    /// Whether these cookies need consent.
    pub needs_consent: bool,
    /// Rows in declared order.
    pub rows: Vec<PolicyRow>,
}

/// Everything the policy page and its JSON twin show.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyView {
    /// Page language.
    pub language: Language,
    /// Whether any row declares a provider (the seeds' platform site has no such column).
    pub has_provider: bool,
    /// Sections in category order, empty categories left out.
    pub sections: Vec<PolicySection>,
    /// Number of declared cookies.
    pub cookie_count: usize,
    /// Date shown as "last update", if the tenant shows one.
    pub last_update: Option<String>,
}

/// Builds the policy view of `tenant` in `language` from its registry, in declared order.
pub fn build_policy(
    tenant: &Tenant,
    registry: &[CookieDeclaration],
    language: Language,
) -> PolicyView {
    let has_provider = registry.iter().any(|d| d.provider.is_some());
    let sections = Category::ALL
        .into_iter()
        .filter_map(|category| {
            let rows: Vec<PolicyRow> = registry
                .iter()
                .filter(|d| d.category == category)
                .filter_map(|d| row_for(d, language, tenant.default_language))
                .collect();
            (!rows.is_empty()).then_some(PolicySection {
                category,
                needs_consent: category.needs_consent(),
                rows,
            })
        })
        .collect();
    PolicyView {
        language,
        has_provider,
        sections,
        cookie_count: registry.len(),
        last_update: tenant.policy_last_update.clone(),
    }
}

fn row_for(d: &CookieDeclaration, language: Language, fallback: Language) -> Option<PolicyRow> {
    let text = d.text_in(language, fallback)?;
    let text_language = d
        .texts
        .iter()
        .find(|(_, t)| std::ptr::eq(*t, text))
        .map_or(language, |(l, _)| *l);
    Some(PolicyRow {
        name: d.name.as_str().to_owned(),
        is_wildcard: d.name.is_wildcard(),
        provider: d.provider.clone(),
        category: d.category,
        party: d.party,
        lifetime: d.lifetime,
        function_location: text.function_location.clone(),
        purpose: text.purpose.clone(),
        text_language,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_sites;

    fn site(slug: &str) -> (Tenant, Vec<CookieDeclaration>) {
        let s = demo_sites()
            .into_iter()
            .find(|s| s.tenant.slug.as_str() == slug)
            .unwrap();
        let t = s.tenant;
        let tenant = Tenant {
            id: 1,
            slug: t.slug,
            name: t.name,
            default_language: t.default_language,
            languages: t.languages,
            hostnames: t.hostnames,
            trusted_origins: vec![],
            policy_intro: t.policy_intro,
            policy_last_update: t.policy_last_update,
            policy_revision: 1,
            consent_revision: 1,
            enforcement: crate::tenant::Enforcement::Enforce,
            created_at: 0,
            api_quota: crate::quota::QuotaSettings::default(),
            secret: crate::tenant::TenantSecret::new("test".into()),
        };
        (tenant, s.registry)
    }

    #[test]
    fn a_portal_policy_lists_the_four_necessary_cookies_with_providers() {
        let (tenant, registry) = site("cdmx");
        let view = build_policy(&tenant, &registry, Language::Es);
        assert!(view.has_provider);
        assert_eq!(view.sections.len(), 1);
        let names: Vec<_> = view.sections[0]
            .rows
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "sessionid",
                "django_language",
                "csrftoken",
                "cookies_preferences"
            ]
        );
        assert!(view.last_update.is_none());
    }

    #[test]
    fn the_platform_policy_has_no_provider_column_and_adds_beamer() {
        let (tenant, registry) = site("platform");
        let view = build_policy(&tenant, &registry, Language::En);
        assert!(!view.has_provider);
        assert_eq!(view.last_update.as_deref(), Some("2021-03-30"));
        let all: Vec<_> = view.sections.iter().flat_map(|s| &s.rows).collect();
        assert!(all.iter().any(|r| r.name == "_BEAMER*" && r.is_wildcard));
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn every_demo_row_has_its_text_in_every_language() {
        for s in demo_sites() {
            for d in &s.registry {
                for l in Language::ALL {
                    assert!(d.texts.contains_key(&l), "{} {}", d.name, l.code());
                }
                d.validate().unwrap();
            }
        }
    }
}
