//! Why the registry editor refused a form, in the administrator's language.
//!
//! Owns: `Refusal` (a Fluent key and its arguments) and the mapping of the core's validation
//! errors (`PatternError`, `DeclarationError`, `IntegrationError`) and of the store's
//! refusals onto it. The sentences themselves live in `locales/*/main.ftl`
//! (`registry-error-*`, `registry-origin-*`).
//! Does not own: the checks (`galette_core::registry`, `galette_store`).

use crate::state::App;
use fluent_bundle::FluentArgs;
use galette_core::language::Language;
use galette_core::registry::{DeclarationError, IntegrationError, PatternError};
use galette_store::StoreError;

/// A refusal the administrator can fix: the sentence's Fluent key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    key: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Refusal {
    /// A refusal whose sentence takes no argument.
    pub fn new(key: &'static str) -> Refusal {
        Refusal {
            key,
            args: Vec::new(),
        }
    }

    /// The same refusal with one more argument for its sentence.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Refusal {
        self.args.push((name, value.into()));
        self
    }

    /// The sentence in `lang`; an argument named `reason` holds a key of its own
    /// (`registry-origin-*`), translated first.
    pub fn text(&self, app: &App, lang: Language) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            if *name == "reason" {
                args.set(*name, app.pages.text(lang, value));
            } else {
                args.set(*name, value.clone());
            }
        }
        app.pages.text_with(lang, self.key, &args)
    }

    /// A cookie name (`value`, as typed) that is not a valid pattern.
    pub fn pattern(value: &str, error: &PatternError) -> Refusal {
        match error {
            PatternError::Length => Refusal::new("registry-error-name-length"),
            PatternError::Character(c) => Refusal::new("registry-error-name-character")
                .with("value", value)
                .with("char", c.to_string()),
            PatternError::Wildcard => {
                Refusal::new("registry-error-name-wildcard").with("value", value)
            }
        }
    }

    /// A cookie declaration whose texts or provider do not fit.
    pub fn declaration(error: &DeclarationError) -> Refusal {
        match error {
            DeclarationError::Text { field, language } => {
                let key = if *field == "purpose" {
                    "registry-error-purpose-length"
                } else {
                    "registry-error-function-length"
                };
                Refusal::new(key).with("language", language_name(language))
            }
            DeclarationError::NoText => Refusal::new("registry-error-no-text"),
            DeclarationError::Provider => Refusal::new("registry-error-provider"),
        }
    }

    /// An integration that does not fit.
    pub fn integration(error: &IntegrationError) -> Refusal {
        match error {
            IntegrationError::Name => Refusal::new("registry-error-integration-name"),
            IntegrationError::Necessary => Refusal::new("registry-error-necessary"),
            IntegrationError::Origin { origin, reason } => Refusal::new("registry-error-origin")
                .with("value", origin.as_str())
                .with("reason", format!("registry-origin-{}", reason.code())),
            IntegrationError::NoOrigin => Refusal::new("registry-error-no-origin"),
            IntegrationError::Source(src) => {
                Refusal::new("registry-error-source").with("value", src.as_str())
            }
            IntegrationError::SourceOrigin(origin) => {
                Refusal::new("registry-error-source-origin").with("origin", origin.as_str())
            }
            IntegrationError::Text { language } => {
                Refusal::new("registry-error-description-length")
                    .with("language", language_name(language))
            }
            IntegrationError::NoText => Refusal::new("registry-error-no-description"),
        }
    }

    /// A refusal of the store, once the form was checked against the registry it was made
    /// on: another administrator's edit came in between.
    pub fn store(error: &StoreError) -> Refusal {
        match error {
            StoreError::Invalid(_) => Refusal::new("registry-error-invalid"),
            _ => Refusal::new("registry-error-stale"),
        }
    }
}

/// A language's own name (`Español`) from its code, the code itself if unknown.
fn language_name(code: &str) -> String {
    Language::parse(code).map_or_else(|| code.to_owned(), |l| l.native_name().to_owned())
}
