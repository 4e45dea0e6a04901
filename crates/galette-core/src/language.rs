//! The interface languages galette ships, and how a request's language is chosen.
//!
//! Owns: the [`Language`] set, Django's `Accept-Language` parsing (`accept_language`), reduction of a
//! code to an enabled language and the cookie → header → default order
//! (`docs/cookies.md` L-4 to L-6).
//! Does not own: which languages a tenant enables (`tenant`), the `django_language`
//! cookie's attributes (`necessary_cookies`) or translated text (the HTTP crate).

use std::fmt;

use serde::{Deserialize, Serialize};

mod accept_language;

pub use accept_language::parse_accept_language;

/// Longest language code Django reduces whole (`LANGUAGE_CODE_MAX_LENGTH`).
const MAX_CODE_CHARS: usize = 500;

/// An interface language galette has translations for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Language {
    /// Every language galette ships, in display order.
    pub const ALL: [Language; 4] = [Language::En, Language::Fr, Language::Es, Language::Pt];

    /// The lower-case code used in cookies, URLs and `Content-Language`, e.g. `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
            Language::Es => "es",
            Language::Pt => "pt",
        }
    }

    /// The language for an exact code such as `pt` (any case); `None` for anything else.
    pub fn parse(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(code))
    }

    /// The language's name in itself, for the language selector.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Fr => "Français",
            Language::Es => "Español",
            Language::Pt => "Português",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Django's `language_code_re`: `^[a-z]{1,8}(-[a-z0-9]{1,8})*(@[a-z0-9]{1,20})?$`, any case.
fn is_well_formed_code(code: &str) -> bool {
    let (tags, modifier) = match code.split_once('@') {
        Some((tags, modifier)) => (tags, Some(modifier)),
        None => (code, None),
    };
    let is_modifier_ok = modifier.is_none_or(|m| {
        (1..=20).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    let mut subtags = tags.split('-');
    let is_primary_ok = subtags
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    is_modifier_ok
        && is_primary_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The enabled language a code stands for, as Django's non-strict
/// `get_supported_language_variant` finds it (L-6); case-insensitive.
pub fn reduce_to_enabled(code: &str, enabled: &[Language]) -> Option<Language> {
    let lowered = code.to_ascii_lowercase();
    let code = cut_code_at_length_limit(&lowered)?;
    if code.is_empty() {
        return None;
    }
    // The code itself, then ever shorter prefixes: `zh-hant-tw`, `zh-hant`, `zh`.
    // Django's extra fallbacks exist only for the `zh-*` family, which galette lacks.
    let mut candidates = vec![code];
    let mut shortened = code;
    while let Some(dash) = shortened.rfind('-') {
        shortened = shortened.get(..dash)?;
        candidates.push(shortened);
    }
    let find_enabled = |wanted: &str| enabled.iter().copied().find(|l| l.code() == wanted);
    if let Some(found) = candidates
        .iter()
        .find_map(|candidate| find_enabled(candidate))
    {
        return Some(found);
    }
    // `fr-fr` asked, only `fr-ca` enabled: any variant of the generic code will do.
    let generic_prefix = format!("{}-", candidates.last()?);
    enabled
        .iter()
        .copied()
        .find(|l| l.code().starts_with(&generic_prefix))
}

/// Codes over 500 characters are cut at their last `-` before position 500, or refused.
fn cut_code_at_length_limit(code: &str) -> Option<&str> {
    let Some((limit, _)) = code.char_indices().nth(MAX_CODE_CHARS) else {
        return Some(code);
    };
    let head = code.get(..limit)?;
    match head.rfind('-') {
        Some(dash) if dash > 0 => code.get(..dash),
        _ => None,
    }
}

/// The language of a request: the `django_language` cookie, then `Accept-Language`,
/// then the tenant default (L-4). `q=0` ranges are skipped (galette's choice, L-5).
pub fn resolve_language(
    cookie: Option<&str>,
    accept_language: Option<&str>,
    enabled: &[Language],
    default: Language,
) -> Language {
    if let Some(language) = cookie.and_then(|value| reduce_to_enabled(value, enabled)) {
        return language;
    }
    let ranges = accept_language
        .and_then(parse_accept_language)
        .unwrap_or_default();
    for (range, q) in ranges {
        if range == "*" {
            break;
        }
        if q == 0 || !is_well_formed_code(&range) {
            continue;
        }
        if let Some(language) = reduce_to_enabled(&range, enabled) {
            return language;
        }
    }
    default
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;

    /// A tenant enabling all four languages with `es` as its default (§7 vectors).
    fn resolve_on_full_tenant(cookie: Option<&str>, header: Option<&str>) -> Language {
        resolve_language(cookie, header, &Language::ALL, Language::Es)
    }

    #[test]
    fn codes_names_and_parsing_agree() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.code()), Some(language));
            assert_eq!(
                Language::parse(&language.code().to_uppercase()),
                Some(language)
            );
            assert_eq!(language.to_string(), language.code());
        }
        assert_eq!(Language::Fr.native_name(), "Français");
        assert_eq!(Language::Pt.native_name(), "Português");
        assert_eq!(Language::parse("fr-ca"), None);
        assert_eq!(Language::parse(""), None);
    }

    #[test]
    fn languages_serialize_as_their_lower_case_code() {
        let value = serde::de::value::StrDeserializer::<serde::de::value::Error>::new("pt");
        assert_eq!(Language::deserialize(value).unwrap(), Language::Pt);
    }

    #[test]
    fn accept_language_fr_ca_gives_fr() {
        assert_eq!(resolve_on_full_tenant(None, Some("fr-CA")), Language::Fr);
    }

    #[test]
    fn accept_language_de_then_fr_gives_fr() {
        assert_eq!(
            resolve_on_full_tenant(None, Some("de, fr;q=0.5")),
            Language::Fr
        );
    }

    #[test]
    fn accept_language_prefers_the_higher_q() {
        assert_eq!(
            resolve_on_full_tenant(None, Some("fr-CA;q=0.1, pt;q=0.9")),
            Language::Pt
        );
    }

    #[test]
    fn accept_language_pt_br_in_capitals_gives_pt() {
        assert_eq!(resolve_on_full_tenant(None, Some("PT-br")), Language::Pt);
    }

    #[test]
    fn accept_language_with_q_above_one_is_ignored() {
        assert_eq!(resolve_on_full_tenant(None, Some("fr;q=2")), Language::Es);
    }

    #[test]
    fn accept_language_with_garbage_is_ignored() {
        assert_eq!(resolve_on_full_tenant(None, Some("!!!bad")), Language::Es);
    }

    #[test]
    fn accept_language_star_gives_the_default() {
        assert_eq!(resolve_on_full_tenant(None, Some("*")), Language::Es);
        assert_eq!(resolve_on_full_tenant(None, Some("*, fr")), Language::Es);
    }

    #[test]
    fn accept_language_with_an_unknown_language_gives_the_default() {
        assert_eq!(resolve_on_full_tenant(None, Some("zz-YY")), Language::Es);
    }

    #[test]
    fn accept_language_over_500_characters_without_a_comma_is_ignored() {
        let header = "x".repeat(600);
        assert_eq!(parse_accept_language(&header), None);
        assert_eq!(resolve_on_full_tenant(None, Some(&header)), Language::Es);
    }

    #[test]
    fn a_missing_cookie_and_header_give_the_default() {
        assert_eq!(resolve_on_full_tenant(None, None), Language::Es);
        assert_eq!(resolve_on_full_tenant(None, Some("")), Language::Es);
    }

    #[test]
    fn an_enabled_cookie_wins_over_accept_language() {
        assert_eq!(resolve_on_full_tenant(Some("pt"), Some("fr")), Language::Pt);
    }

    #[test]
    fn a_regional_cookie_is_reduced() {
        assert_eq!(
            resolve_on_full_tenant(Some("pt-BR"), Some("fr")),
            Language::Pt
        );
    }

    #[test]
    fn a_cookie_for_a_language_not_enabled_falls_through_to_accept_language() {
        assert_eq!(resolve_on_full_tenant(Some("de"), Some("fr")), Language::Fr);
        assert_eq!(resolve_on_full_tenant(Some(""), Some("fr")), Language::Fr);
    }

    #[test]
    fn a_language_not_enabled_by_the_tenant_is_not_chosen() {
        let enabled = [Language::En, Language::Es];
        assert_eq!(
            resolve_language(Some("fr"), Some("fr, pt"), &enabled, Language::En),
            Language::En
        );
    }

    #[test]
    fn q_zero_ranges_are_skipped() {
        assert_eq!(resolve_on_full_tenant(None, Some("fr;q=0")), Language::Es);
        assert_eq!(
            resolve_on_full_tenant(None, Some("de, fr;q=0.0")),
            Language::Es
        );
        assert_eq!(
            resolve_on_full_tenant(None, Some("fr;q=0, pt;q=0.001")),
            Language::Pt
        );
    }

    #[test]
    fn reduction_tries_prefixes_then_variants() {
        assert_eq!(
            reduce_to_enabled("fr-CA", &Language::ALL),
            Some(Language::Fr)
        );
        assert_eq!(
            reduce_to_enabled("PT-br", &Language::ALL),
            Some(Language::Pt)
        );
        assert_eq!(
            reduce_to_enabled("es-419-x", &Language::ALL),
            Some(Language::Es)
        );
        assert_eq!(reduce_to_enabled("EN", &Language::ALL), Some(Language::En));
        assert_eq!(reduce_to_enabled("de", &Language::ALL), None);
        assert_eq!(reduce_to_enabled("", &Language::ALL), None);
        assert_eq!(reduce_to_enabled("fr", &[]), None);
        assert_eq!(reduce_to_enabled("-fr", &Language::ALL), None);
    }

    #[test]
    fn codes_over_500_characters_are_cut_at_a_dash_or_refused() {
        let long_tail = format!("fr-{}", "a".repeat(600));
        assert_eq!(
            reduce_to_enabled(&long_tail, &Language::ALL),
            Some(Language::Fr)
        );
        assert_eq!(reduce_to_enabled(&"f".repeat(600), &Language::ALL), None);
    }

    #[test]
    fn well_formed_codes_follow_djangos_pattern() {
        for good in ["fr", "fr-ca", "zh-hant-tw", "sr@latin", "es-419", "FR-CA"] {
            assert!(is_well_formed_code(good), "{good}");
        }
        for bad in [
            "",
            "fr-",
            "-fr",
            "f1",
            "abcdefghi",
            "fr@",
            "fr@a-b",
            "fr@x@y",
        ] {
            assert!(!is_well_formed_code(bad), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn resolve_language_never_panics_and_returns_an_enabled_language_or_the_default(
            cookie in proptest::option::of(any::<String>()),
            header in proptest::option::of(any::<String>()),
            mask in 0u8..16,
            default_index in 0usize..4,
        ) {
            let enabled: Vec<Language> = Language::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, l)| l)
                .collect();
            let default = Language::ALL.get(default_index).copied().unwrap();
            let got = resolve_language(cookie.as_deref(), header.as_deref(), &enabled, default);
            prop_assert!(got == default || enabled.contains(&got));
        }

        #[test]
        fn header_like_input_never_panics(header in "[a-zA-Z0-9*;=., \t-]{0,60}") {
            let _ = resolve_language(None, Some(&header), &Language::ALL, Language::Es);
        }
    }
}
