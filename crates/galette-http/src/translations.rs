//! Fluent translations compiled into the binary, one bundle per shipped language.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use galette_core::language::Language;
use std::collections::HashMap;

/// Where each language's messages come from.
const SOURCES: [(Language, &str); 4] = [
    (Language::En, include_str!("../locales/en/main.ftl")),
    (Language::Fr, include_str!("../locales/fr/main.ftl")),
    (Language::Es, include_str!("../locales/es/main.ftl")),
    (Language::Pt, include_str!("../locales/pt/main.ftl")),
];

/// The translations of every shipped language.
pub struct Translations {
    bundles: HashMap<Language, FluentBundle<FluentResource>>,
}

/// A locale file that does not parse (a build defect caught at start-up and by tests).
#[derive(Debug, thiserror::Error)]
#[error("the {language} translations do not load: {reason}")]
pub struct TranslationError {
    language: &'static str,
    reason: String,
}

impl Translations {
    /// Parses every bundled locale file.
    pub fn load() -> Result<Translations, TranslationError> {
        let mut bundles = HashMap::new();
        for (language, source) in SOURCES {
            let fail = |reason: String| TranslationError {
                language: language.code(),
                reason,
            };
            let resource = FluentResource::try_new(source.to_owned())
                .map_err(|(_, errors)| fail(format!("{errors:?}")))?;
            let id = language
                .code()
                .parse()
                .map_err(|e| fail(format!("{e:?}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Isolation marks would show up inside attribute values and plain-text emails.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|e| fail(format!("{e:?}")))?;
            bundles.insert(language, bundle);
        }
        Ok(Translations { bundles })
    }

    /// The message `key` in `language`, falling back to English, then to the key itself.
    pub fn text(&self, language: Language, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        [language, Language::En]
            .iter()
            .find_map(|l| self.format(*l, key, args))
            .unwrap_or_else(|| key.to_owned())
    }

    fn format(
        &self,
        language: Language,
        key: &str,
        args: Option<&FluentArgs<'_>>,
    ) -> Option<String> {
        let bundle = self.bundles.get(&language)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key,
                language = language.code(),
                ?errors,
                "translation {key} has errors"
            );
        }
        Some(text.into_owned())
    }

    /// The message ids of a language (for the completeness test).
    pub fn keys(language: Language) -> Vec<String> {
        let source = SOURCES
            .iter()
            .find(|(l, _)| *l == language)
            .map_or("", |(_, s)| s);
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_loads_and_has_the_same_keys_as_english() {
        let translations = Translations::load().unwrap();
        let mut english = Translations::keys(Language::En);
        english.sort();
        assert!(english.len() > 20);
        for language in Language::ALL {
            let mut keys = Translations::keys(language);
            keys.sort();
            assert_eq!(keys, english, "{} differs from en", language.code());
            for key in &keys {
                assert_ne!(&translations.text(language, key, None), key);
            }
        }
    }
}
