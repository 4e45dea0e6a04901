//! The cookie policy a scan compares against: galette's `/cookie-policy.json` format, read
//! and checked (`docs/cookie-policy.schema.json` documents it).
//!
//! Owns: parsing, validation with a path to the faulty field, and looking a cookie name or
//! an origin up in the policy (wildcards match as in galette-core's registry).
//! Does not own: fetching the policy (`fetch`) or judging observations (`classify`).

use crate::error::ScanError;
use galette_core::registry::{Category, Lifetime, NamePattern, Party};
use serde::Deserialize;
use serde_json::Value;

/// One declared cookie (or wildcard family) with what the policy says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredCookie {
    /// The declared name or wildcard.
    pub name: NamePattern,
    /// Its consent category.
    pub category: Category,
    /// First or third party.
    pub party: Party,
    /// Declared lifetime; `None` when the policy does not state one (third-party content).
    pub lifetime: Option<Lifetime>,
    /// Declared `Secure` attribute, when the policy states it.
    pub secure: Option<bool>,
    /// Declared `HttpOnly` attribute, when the policy states it.
    pub http_only: Option<bool>,
    /// Declared `SameSite` (`strict`, `lax`, `none`), when the policy states it.
    pub same_site: Option<String>,
    /// Where the declaration comes from (`sections` or the third party's name).
    pub source: String,
}

/// Third-party content the policy declares, with the origins it contacts.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredThirdParty {
    /// Its name.
    pub name: String,
    /// The category whose consent it needs.
    pub category: Category,
    /// Origins (`scheme://host[:port]`) it contacts.
    pub origins: Vec<String>,
}

/// A site's policy, as the scanner needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// The site's name, when given.
    pub site: Option<String>,
    /// The policy revision, when given.
    pub revision: Option<u64>,
    /// Every declared cookie, in policy order.
    pub cookies: Vec<DeclaredCookie>,
    /// Every declared third party.
    pub third_parties: Vec<DeclaredThirdParty>,
}

#[derive(Deserialize)]
struct RawPolicy {
    site: Option<String>,
    revision: Option<u64>,
    sections: Vec<RawSection>,
    #[serde(default)]
    third_parties: Vec<RawThirdParty>,
}

#[derive(Deserialize)]
struct RawSection {
    category: String,
    rows: Vec<RawRow>,
}

#[derive(Deserialize)]
struct RawRow {
    name: String,
    party: String,
    lifetime: RawLifetime,
    secure: Option<bool>,
    http_only: Option<bool>,
    same_site: Option<String>,
}

#[derive(Deserialize)]
struct RawLifetime {
    kind: String,
    seconds: Option<u64>,
}

#[derive(Deserialize)]
struct RawThirdParty {
    name: String,
    category: String,
    #[serde(default)]
    origins: Vec<String>,
    #[serde(default)]
    cookies: Vec<String>,
}

fn schema_error(at: &str, what: impl std::fmt::Display) -> ScanError {
    ScanError::Policy(format!(
        "the policy does not follow the documented format (docs/cookie-policy.schema.json): {at}: {what}"
    ))
}

fn category(at: &str, code: &str) -> Result<Category, ScanError> {
    Category::parse(code).ok_or_else(|| {
        schema_error(
            at,
            format!("{code:?} is not a category (necessary, functionality, statistics, marketing)"),
        )
    })
}

fn pattern(at: &str, name: &str) -> Result<NamePattern, ScanError> {
    NamePattern::parse(name).map_err(|e| schema_error(at, format!("{name:?}: {e}")))
}

/// Normalises an origin to `scheme://host[:port]` (default ports dropped), lower case.
pub fn normalise_origin(text: &str) -> Option<String> {
    let url = url::Url::parse(text.trim()).ok()?;
    match url.origin() {
        url::Origin::Tuple(..) => Some(url.origin().ascii_serialization()),
        url::Origin::Opaque(_) => None,
    }
}

impl Policy {
    /// Reads a policy from JSON text, refusing anything outside the documented format.
    pub fn parse(text: &str) -> Result<Policy, ScanError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ScanError::Policy(format!("the policy is not valid JSON: {e}")))?;
        let raw: RawPolicy =
            serde_json::from_value(value).map_err(|e| schema_error("the document", e))?;
        let mut cookies = Vec::new();
        for (i, section) in raw.sections.iter().enumerate() {
            let at = format!("sections[{i}]");
            let cat = category(&format!("{at}.category"), &section.category)?;
            for (j, row) in section.rows.iter().enumerate() {
                let at = format!("{at}.rows[{j}]");
                let party = Party::parse(&row.party).ok_or_else(|| {
                    schema_error(&format!("{at}.party"), "must be \"first\" or \"third\"")
                })?;
                let lifetime = match (row.lifetime.kind.as_str(), row.lifetime.seconds) {
                    ("session", _) => Lifetime::Session,
                    ("seconds", Some(s)) => Lifetime::Seconds(s),
                    _ => {
                        return Err(schema_error(
                            &format!("{at}.lifetime"),
                            "must be {\"kind\":\"session\"} or {\"kind\":\"seconds\",\"seconds\":N}",
                        ));
                    }
                };
                if let Some(s) = &row.same_site
                    && !["strict", "lax", "none"].contains(&s.to_ascii_lowercase().as_str())
                {
                    return Err(schema_error(
                        &format!("{at}.same_site"),
                        "must be strict, lax or none",
                    ));
                }
                cookies.push(DeclaredCookie {
                    name: pattern(&format!("{at}.name"), &row.name)?,
                    category: cat,
                    party,
                    lifetime: Some(lifetime),
                    secure: row.secure,
                    http_only: row.http_only,
                    same_site: row.same_site.as_ref().map(|s| s.to_ascii_lowercase()),
                    source: "sections".to_owned(),
                });
            }
        }
        let mut third_parties = Vec::new();
        for (i, tp) in raw.third_parties.iter().enumerate() {
            let at = format!("third_parties[{i}]");
            let cat = category(&format!("{at}.category"), &tp.category)?;
            let mut origins = Vec::new();
            for (j, o) in tp.origins.iter().enumerate() {
                origins.push(normalise_origin(o).ok_or_else(|| {
                    schema_error(
                        &format!("{at}.origins[{j}]"),
                        format!("{o:?} is not an origin"),
                    )
                })?);
            }
            for (j, c) in tp.cookies.iter().enumerate() {
                cookies.push(DeclaredCookie {
                    name: pattern(&format!("{at}.cookies[{j}]"), c)?,
                    category: cat,
                    party: Party::Third,
                    lifetime: None,
                    secure: None,
                    http_only: None,
                    same_site: None,
                    source: tp.name.clone(),
                });
            }
            third_parties.push(DeclaredThirdParty {
                name: tp.name.clone(),
                category: cat,
                origins,
            });
        }
        Ok(Policy {
            site: raw.site,
            revision: raw.revision,
            cookies,
            third_parties,
        })
    }

    /// The first declaration covering a cookie name (exact names before wildcards).
    pub fn cookie(&self, name: &str) -> Option<&DeclaredCookie> {
        self.cookies
            .iter()
            .find(|d| !d.name.is_wildcard() && d.name.matches(name))
            .or_else(|| self.cookies.iter().find(|d| d.name.matches(name)))
    }

    /// The declared third party an origin belongs to.
    pub fn third_party(&self, origin: &str) -> Option<&DeclaredThirdParty> {
        self.third_parties
            .iter()
            .find(|t| t.origins.iter().any(|o| o == origin))
    }

    /// The optional categories the policy uses (rows or third parties), in policy order.
    pub fn optional_categories(&self) -> Vec<Category> {
        Category::ALL
            .into_iter()
            .filter(|c| c.needs_consent())
            .filter(|c| {
                self.cookies.iter().any(|d| d.category == *c)
                    || self.third_parties.iter().any(|t| t.category == *c)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GALETTE: &str = r#"{"site":"Demo","language":"en","revision":2,"intro":"x",
      "sections":[{"category":"necessary","needs_consent":false,"rows":[
        {"name":"sessionid","party":"first","lifetime":{"kind":"seconds","seconds":1209600},"purpose":"p"},
        {"name":"csrftoken","party":"first","lifetime":{"kind":"session"}}]},
       {"category":"marketing","needs_consent":true,"rows":[
        {"name":"_BEAMER*","party":"third","lifetime":{"kind":"seconds","seconds":100}}]}],
      "third_parties":[{"name":"Vimeo","category":"marketing","origins":["https://player.vimeo.com"],"cookies":["vuid"]}]}"#;

    #[test]
    fn galette_policy_json_is_read_with_its_rows_and_third_parties() {
        let p = Policy::parse(GALETTE).unwrap();
        assert_eq!(p.revision, Some(2));
        assert_eq!(p.cookies.len(), 4);
        assert_eq!(p.cookie("_BEAMER_X").unwrap().category, Category::Marketing);
        assert_eq!(p.cookie("vuid").unwrap().source, "Vimeo");
        assert!(p.cookie("other").is_none());
        assert_eq!(
            p.third_party("https://player.vimeo.com").unwrap().name,
            "Vimeo"
        );
        assert_eq!(p.optional_categories(), vec![Category::Marketing]);
    }

    #[test]
    fn a_policy_that_is_not_json_or_not_the_format_is_refused_with_the_place() {
        let e = Policy::parse("{nope").unwrap_err().to_string();
        assert!(e.contains("not valid JSON"), "{e}");
        let e = Policy::parse(r#"{"sections":[{"category":"ads","rows":[]}]}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("sections[0].category"), "{e}");
        let e = Policy::parse(r#"{"cookies":[]}"#).unwrap_err().to_string();
        assert!(e.contains("sections"), "{e}");
        let e = Policy::parse(
            r#"{"sections":[{"category":"necessary","rows":[{"name":"a b","party":"first","lifetime":{"kind":"session"}}]}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("rows[0].name"), "{e}");
    }
}
