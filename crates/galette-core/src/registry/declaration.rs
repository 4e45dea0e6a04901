//! One declared cookie: who sets it, why, for how long, in every language of the site.

use super::{Category, NamePattern, Party};
use crate::language::Language;
use serde::Serialize;
use std::collections::BTreeMap;

/// How long a cookie lives in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "seconds")]
pub enum Lifetime {
    /// Until the browser closes.
    Session,
    /// A fixed number of seconds (`Max-Age`).
    Seconds(u64),
}

/// The unit a lifetime reads best in, with its count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LifetimeUnit {
    /// Browser session.
    Session,
    /// Whole years of 365 days.
    Years(u64),
    /// Whole weeks.
    Weeks(u64),
    /// Whole days.
    Days(u64),
    /// Whole hours.
    Hours(u64),
    /// Anything shorter or odd, in seconds.
    Seconds(u64),
}

const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

impl Lifetime {
    /// The exact count in the largest unit that divides it, so the policy never rounds.
    pub fn unit(self) -> LifetimeUnit {
        match self {
            Self::Session => LifetimeUnit::Session,
            Self::Seconds(s) if s > 0 && s % (365 * DAY) == 0 => {
                LifetimeUnit::Years(s / (365 * DAY))
            }
            Self::Seconds(s) if s > 0 && s % (7 * DAY) == 0 => LifetimeUnit::Weeks(s / (7 * DAY)),
            Self::Seconds(s) if s > 0 && s % DAY == 0 => LifetimeUnit::Days(s / DAY),
            Self::Seconds(s) if s > 0 && s % HOUR == 0 => LifetimeUnit::Hours(s / HOUR),
            Self::Seconds(s) => LifetimeUnit::Seconds(s),
        }
    }

    /// Seconds, or `None` for a session cookie (how the store keeps it).
    pub fn as_seconds(self) -> Option<u64> {
        match self {
            Self::Session => None,
            Self::Seconds(s) => Some(s),
        }
    }
}

/// The translated texts of a declaration in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieText {
    /// What the cookie serves and where (the seeds' "Function and location").
    pub function_location: String,
    /// Why it is set (the seeds' "Purposes").
    pub purpose: String,
}

/// A cookie (or family of cookies) a tenant declares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieDeclaration {
    /// Exact name or prefix wildcard.
    pub name: NamePattern,
    /// Who provides it, when the site shows a provider column.
    pub provider: Option<String>,
    /// Consent category.
    pub category: Category,
    /// First or third party.
    pub party: Party,
    /// Browser lifetime.
    pub lifetime: Lifetime,
    /// Texts per language.
    pub texts: BTreeMap<Language, CookieText>,
}

/// Why a declaration was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeclarationError {
    /// A text is empty or longer than 500 characters.
    #[error("the {field} text in {language} must be 1 to 500 characters")]
    Text {
        /// Which field.
        field: &'static str,
        /// Which language.
        language: &'static str,
    },
    /// No text at all.
    #[error("a cookie needs its texts in at least one language")]
    NoText,
    /// Provider longer than 120 characters or blank.
    #[error("the provider must be 1 to 120 characters when given")]
    Provider,
}

impl CookieDeclaration {
    /// Checks the free-text parts; the name and category are checked by their own types.
    pub fn validate(&self) -> Result<(), DeclarationError> {
        if self.texts.is_empty() {
            return Err(DeclarationError::NoText);
        }
        if let Some(p) = &self.provider
            && (p.trim().is_empty() || p.chars().count() > 120)
        {
            return Err(DeclarationError::Provider);
        }
        for (language, text) in &self.texts {
            for (field, value) in [
                ("function", &text.function_location),
                ("purpose", &text.purpose),
            ] {
                let len = value.trim().chars().count();
                if len == 0 || len > 500 {
                    return Err(DeclarationError::Text {
                        field,
                        language: language.code(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The texts in `wanted`, else in `fallback`, else in any language the declaration has.
    pub fn text_in(&self, wanted: Language, fallback: Language) -> Option<&CookieText> {
        self.texts
            .get(&wanted)
            .or_else(|| self.texts.get(&fallback))
            .or_else(|| self.texts.values().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_read_in_the_largest_exact_unit() {
        assert_eq!(Lifetime::Seconds(1_209_600).unit(), LifetimeUnit::Weeks(2));
        assert_eq!(
            Lifetime::Seconds(31_449_600).unit(),
            LifetimeUnit::Weeks(52)
        );
        assert_eq!(Lifetime::Seconds(31_536_000).unit(), LifetimeUnit::Years(1));
        assert_eq!(
            Lifetime::Seconds(15_724_800).unit(),
            LifetimeUnit::Weeks(26)
        );
        assert_eq!(Lifetime::Seconds(86_400 * 3).unit(), LifetimeUnit::Days(3));
        assert_eq!(Lifetime::Seconds(7200).unit(), LifetimeUnit::Hours(2));
        assert_eq!(Lifetime::Seconds(90).unit(), LifetimeUnit::Seconds(90));
        assert_eq!(Lifetime::Session.unit(), LifetimeUnit::Session);
    }
}
