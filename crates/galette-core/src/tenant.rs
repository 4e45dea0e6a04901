//! Tenants: the sites galette serves from one binary.
//!
//! Owns: what a tenant is (slug, display name, languages, policy settings) and the
//! validation of the values an operator types for them.
//! Does not own: how tenants are stored (`galette-store`) or resolved from `Host` (http).

use crate::language::Language;
use crate::quota::QuotaSettings;
use serde::Serialize;

/// A validated tenant slug: what the CLI uses to name a site (`cdmx`, `platform`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct TenantSlug(String);

/// Why an operator's value for a tenant was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TenantError {
    /// The slug is not 1–40 characters of `a-z`, `0-9` and inner `-`.
    #[error("the slug {0:?} must be 1 to 40 characters of a-z, 0-9 and inner '-'")]
    BadSlug(String),
    /// The default language is not among the enabled ones.
    #[error("the default language {0} is not one of the enabled languages")]
    DefaultNotEnabled(&'static str),
    /// No language is enabled.
    #[error("a site needs at least one enabled language")]
    NoLanguage,
    /// The display name is empty or too long.
    #[error("the display name must be 1 to 120 characters")]
    BadName,
}

impl TenantSlug {
    /// Checks an operator-typed slug.
    pub fn parse(value: &str) -> Result<TenantSlug, TenantError> {
        let ok_chars = value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let ok_shape = !value.is_empty()
            && value.len() <= 40
            && !value.starts_with('-')
            && !value.ends_with('-');
        if ok_chars && ok_shape {
            Ok(TenantSlug(value.to_owned()))
        } else {
            Err(TenantError::BadSlug(value.to_owned()))
        }
    }

    /// A slug written in galette's own code (the demo's); a unit test parses each one.
    pub(crate) fn from_constant(value: &'static str) -> TenantSlug {
        TenantSlug(value.to_owned())
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TenantSlug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&self.0)
    }
}

/// Which opening sentence the policy page uses: the seeds' portals say they also
/// measure their audience, the platform's own site only that cookies make it work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyIntro {
    /// Cookies make the site work, and visits are measured.
    FunctioningAndAudience,
    /// Cookies make the site work.
    Functioning,
}

impl PolicyIntro {
    /// The stored code of this intro.
    pub const fn code(self) -> &'static str {
        match self {
            Self::FunctioningAndAudience => "functioning-and-audience",
            Self::Functioning => "functioning",
        }
    }

    /// Reads a stored code; unknown codes fall back to the neutral intro.
    pub fn from_code(code: &str) -> PolicyIntro {
        if code == Self::FunctioningAndAudience.code() {
            Self::FunctioningAndAudience
        } else {
            Self::Functioning
        }
    }
}

/// How the consent guard treats a violation (consent.md C-52).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Enforcement {
    /// Undeclared or unconsented cookies and origins are removed.
    Enforce,
    /// Violations are logged and let through, to try a registry before enforcing it.
    ReportOnly,
}

impl Enforcement {
    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Enforce => "enforce",
            Self::ReportOnly => "report-only",
        }
    }

    /// Reads a stored code; anything unknown enforces (the safe side).
    pub fn from_code(code: &str) -> Enforcement {
        if code == Self::ReportOnly.code() {
            Self::ReportOnly
        } else {
            Self::Enforce
        }
    }
}

/// The tenant's secret key (MACs of consent cookies, digests); never printed or serialised.
#[derive(Clone, PartialEq, Eq)]
pub struct TenantSecret(String);

impl TenantSecret {
    /// Wraps a stored secret.
    pub fn new(secret: String) -> TenantSecret {
        TenantSecret(secret)
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for TenantSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TenantSecret(…)")
    }
}

/// A site served by galette.
#[derive(Clone, Debug, Serialize)]
pub struct Tenant {
    /// Store id.
    pub id: i64,
    /// CLI name.
    pub slug: TenantSlug,
    /// Name shown in the page header.
    pub name: String,
    /// Language used when neither cookie nor `Accept-Language` decides.
    pub default_language: Language,
    /// Languages the visitor may pick, in display order.
    pub languages: Vec<Language>,
    /// Hostnames that serve this tenant, the first being the canonical one.
    pub hostnames: Vec<String>,
    /// Origins trusted for unsafe requests besides the site's own (django-cookies X-11).
    pub trusted_origins: Vec<String>,
    /// Opening sentence of the policy page.
    pub policy_intro: PolicyIntro,
    /// "Last update" date shown on the policy page (ISO `YYYY-MM-DD`), if the site shows one.
    pub policy_last_update: Option<String>,
    /// Policy revision, bumped by every registry edit (consent.md C-30).
    pub policy_revision: u64,
    /// The oldest revision a stored choice may have been made under and still count.
    pub consent_revision: u64,
    /// Whether the consent guard blocks or only reports.
    pub enforcement: Enforcement,
    /// When the site was created (Unix seconds); the date of its GPC statement.
    pub created_at: i64,
    /// Calls allowed to the dataset API per address and per key (docs/quotas.md).
    pub api_quota: QuotaSettings,
    /// Key of the tenant's MACs.
    #[serde(skip)]
    pub secret: TenantSecret,
}

/// What an operator gives to create a tenant.
#[derive(Clone, Debug)]
pub struct NewTenant {
    /// CLI name.
    pub slug: TenantSlug,
    /// Display name.
    pub name: String,
    /// Default language.
    pub default_language: Language,
    /// Enabled languages.
    pub languages: Vec<Language>,
    /// Hostnames (already normalised).
    pub hostnames: Vec<String>,
    /// Opening sentence of the policy page.
    pub policy_intro: PolicyIntro,
    /// "Last update" date, if shown.
    pub policy_last_update: Option<String>,
}

impl NewTenant {
    /// Checks the values that the store cannot check itself.
    pub fn validate(&self) -> Result<(), TenantError> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(TenantError::BadName);
        }
        if self.languages.is_empty() {
            return Err(TenantError::NoLanguage);
        }
        if !self.languages.contains(&self.default_language) {
            return Err(TenantError::DefaultNotEnabled(self.default_language.code()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_the_demo_names_and_refuse_odd_ones() {
        for ok in ["cdmx", "platform", "my-city-2"] {
            assert!(TenantSlug::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-x", "x-", "Cdmx", "a b", "é", &"a".repeat(41)] {
            assert!(TenantSlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_default_language_must_be_enabled() {
        let tenant = NewTenant {
            slug: TenantSlug::parse("x").unwrap(),
            name: "X".into(),
            default_language: Language::Pt,
            languages: vec![Language::En],
            hostnames: vec!["x.localhost".into()],
            policy_intro: PolicyIntro::Functioning,
            policy_last_update: None,
        };
        assert_eq!(tenant.validate(), Err(TenantError::DefaultNotEnabled("pt")));
    }
}
