//! The HTML templates, compiled into the binary, rendered with the visitor's language.
//!
//! Templates are `*.html`, so minijinja escapes every value; text comes from the Fluent
//! catalogues through `t("key", name=value)`.

use crate::translations::Translations;
use fluent_bundle::{FluentArgs, FluentValue};
use galette_core::language::Language;
use galette_core::registry::{Lifetime, LifetimeUnit};
use minijinja::value::{Kwargs, Serde, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};
use serde::Serialize;
use std::sync::Arc;

/// Every template, by the name handlers render it with.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "admin/stats.html",
        include_str!("../templates/admin/stats.html"),
    ),
    (
        "admin/api_keys.html",
        include_str!("../templates/admin/api_keys.html"),
    ),
    (
        "admin/datasets.html",
        include_str!("../templates/admin/datasets.html"),
    ),
    (
        "site/catalog.html",
        include_str!("../templates/site/catalog.html"),
    ),
    (
        "site/dataset.html",
        include_str!("../templates/site/dataset.html"),
    ),
    (
        "admin/cookie_form.html",
        include_str!("../templates/admin/cookie_form.html"),
    ),
    (
        "admin/integration_form.html",
        include_str!("../templates/admin/integration_form.html"),
    ),
    (
        "admin/revisions.html",
        include_str!("../templates/admin/revisions.html"),
    ),
    (
        "admin/consent_rates.html",
        include_str!("../templates/admin/consent_rates.html"),
    ),
    (
        "admin/site_scan.html",
        include_str!("../templates/admin/site_scan.html"),
    ),
    (
        "partials/banner.html",
        include_str!("../templates/partials/banner.html"),
    ),
    (
        "partials/integrations.html",
        include_str!("../templates/partials/integrations.html"),
    ),
    (
        "consent/centre.html",
        include_str!("../templates/consent/centre.html"),
    ),
    ("base.html", include_str!("../templates/base.html")),
    (
        "errors/error.html",
        include_str!("../templates/errors/error.html"),
    ),
    (
        "site/home.html",
        include_str!("../templates/site/home.html"),
    ),
    (
        "site/cookie_policy.html",
        include_str!("../templates/site/cookie_policy.html"),
    ),
    (
        "auth/login.html",
        include_str!("../templates/auth/login.html"),
    ),
    (
        "auth/account.html",
        include_str!("../templates/auth/account.html"),
    ),
    (
        "admin/registry.html",
        include_str!("../templates/admin/registry.html"),
    ),
    (
        "partials/language_switcher.html",
        include_str!("../templates/partials/language_switcher.html"),
    ),
    (
        "site/news.html",
        include_str!("../templates/site/news.html"),
    ),
    (
        "admin/news.html",
        include_str!("../templates/admin/news.html"),
    ),
    (
        "admin/news_form.html",
        include_str!("../templates/admin/news_form.html"),
    ),
];

/// The template engine and the translations it reads.
pub struct Pages {
    env: Environment<'static>,
    translations: Arc<Translations>,
}

/// A template that failed to render (a defect, logged, shown as a 500 page).
#[derive(Debug, thiserror::Error)]
#[error("template {name} failed: {source}")]
pub struct RenderError {
    name: String,
    #[source]
    source: Error,
}

impl Pages {
    /// Compiles the templates and loads the translations.
    pub fn load() -> Result<Pages, Box<dyn std::error::Error + Send + Sync>> {
        let translations = Arc::new(Translations::load()?);
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        let for_t = Arc::clone(&translations);
        env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| {
            let language = current_language(state)?;
            let args = fluent_args(&kwargs)?;
            Ok(for_t.text(language, key, Some(&args)))
        });
        Ok(Pages { env, translations })
    }

    /// Renders a template with a typed context.
    pub fn render<C: Serialize>(&self, name: &str, context: &C) -> Result<String, RenderError> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(Serde(context)))
            .map_err(|source| RenderError {
                name: name.to_owned(),
                source,
            })
    }

    /// One translated message, for text built outside templates (JSON, headers).
    pub fn text(&self, language: Language, key: &str) -> String {
        self.translations.text(language, key, None)
    }

    /// One translated message with arguments (`{ $line }`), for sentences built in handlers.
    pub fn text_with(&self, language: Language, key: &str, args: &FluentArgs<'_>) -> String {
        self.translations.text(language, key, Some(args))
    }

    /// A cookie lifetime in words ("2 weeks", "1 an").
    pub fn lifetime_text(&self, language: Language, lifetime: Lifetime) -> String {
        let (key, count) = match lifetime.unit() {
            LifetimeUnit::Session => return self.text(language, "lifetime-session"),
            LifetimeUnit::Years(n) => ("lifetime-years", n),
            LifetimeUnit::Weeks(n) => ("lifetime-weeks", n),
            LifetimeUnit::Days(n) => ("lifetime-days", n),
            LifetimeUnit::Hours(n) => ("lifetime-hours", n),
            LifetimeUnit::Seconds(n) => ("lifetime-seconds", n),
        };
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        self.translations.text(language, key, Some(&args))
    }
}

fn current_language(state: &State) -> Result<Language, Error> {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Language::parse))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::UndefinedError,
                "the template context has no `lang`",
            )
        })
}

fn fluent_args(kwargs: &Kwargs) -> Result<FluentArgs<'static>, Error> {
    let mut args = FluentArgs::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let fluent = match value.kind() {
            ValueKind::Number => value
                .as_i64()
                .map(FluentValue::from)
                .unwrap_or_else(|| FluentValue::from(value.to_string())),
            _ => FluentValue::from(value.to_string()),
        };
        args.set(name.to_owned(), fluent);
    }
    Ok(args)
}
