//! The registry editor's form of a declared cookie: its fields, the choices it offers and
//! the declaration it describes (the flow is `entry_form`'s).

use super::entry_form::EntryForm;
use super::fields::Fields;
use super::refusal::Refusal;
use crate::registry_cache::TenantRegistry;
use galette_core::language::Language;
use galette_core::registry::{
    Category, CookieDeclaration, CookieText, Lifetime, NamePattern, Party,
};
use galette_store::RegistryEdit;
use serde::Serialize;
use std::collections::BTreeMap;

/// Units the form offers, with their length in seconds (0: a session cookie).
const UNITS: [(&str, u64); 6] = [
    ("session", 0),
    ("seconds", 1),
    ("hours", 3600),
    ("days", 86_400),
    ("weeks", 7 * 86_400),
    ("years", 365 * 86_400),
];

#[derive(Serialize, Default)]
struct TextFields {
    code: &'static str,
    function_location: String,
    purpose: String,
}

/// The form's values: what is stored, or what the administrator typed.
#[derive(Serialize, Default)]
pub struct CookieFields {
    original: String,
    name: String,
    provider: String,
    category: String,
    party: String,
    lifetime_count: String,
    lifetime_unit: String,
    texts: Vec<TextFields>,
}

/// What the cookie form offers to choose from.
#[derive(Serialize)]
pub struct CookieChoices {
    categories: Vec<&'static str>,
    units: Vec<&'static str>,
}

/// The form of a declared cookie.
pub struct CookieForm;

impl EntryForm for CookieForm {
    type Values = CookieFields;
    type Choices = CookieChoices;
    const TEMPLATE: &'static str = "admin/cookie_form.html";

    fn blank() -> CookieFields {
        CookieFields {
            category: "functionality".into(),
            party: "first".into(),
            lifetime_unit: "days".into(),
            lifetime_count: "30".into(),
            texts: Language::ALL
                .iter()
                .map(|l| TextFields {
                    code: l.code(),
                    ..TextFields::default()
                })
                .collect(),
            ..CookieFields::default()
        }
    }

    fn stored(registry: &TenantRegistry, name: &str) -> Option<CookieFields> {
        registry
            .cookies
            .iter()
            .find(|d| d.name.as_str() == name)
            .map(fields_of)
    }

    fn typed(fields: &Fields) -> CookieFields {
        typed_fields(fields)
    }

    fn choices() -> CookieChoices {
        CookieChoices {
            categories: Category::ALL.iter().map(|c| c.code()).collect(),
            units: UNITS.iter().map(|(u, _)| *u).collect(),
        }
    }

    fn declared(registry: &TenantRegistry) -> Vec<&str> {
        registry.cookies.iter().map(|d| d.name.as_str()).collect()
    }

    fn put(fields: &Fields, replacing: Option<String>) -> Result<(String, RegistryEdit), Refusal> {
        let declaration = declaration_from(fields)?;
        let name = declaration.name.as_str().to_owned();
        Ok((
            name,
            RegistryEdit::PutCookie {
                replacing,
                declaration,
            },
        ))
    }

    fn remove(name: String) -> RegistryEdit {
        RegistryEdit::RemoveCookie(name)
    }
}

fn fields_of(d: &CookieDeclaration) -> CookieFields {
    let (count, unit) = match d.lifetime {
        Lifetime::Session => (String::new(), "session"),
        Lifetime::Seconds(s) => UNITS
            .iter()
            .rev()
            .find(|(_, len)| *len > 0 && s % len == 0)
            .map_or((s.to_string(), "seconds"), |(u, len)| {
                ((s / len).to_string(), *u)
            }),
    };
    CookieFields {
        original: d.name.as_str().to_owned(),
        name: d.name.as_str().to_owned(),
        provider: d.provider.clone().unwrap_or_default(),
        category: d.category.code().to_owned(),
        party: d.party.code().to_owned(),
        lifetime_count: count,
        lifetime_unit: unit.to_owned(),
        texts: Language::ALL
            .iter()
            .map(|l| {
                let text = d.texts.get(l);
                TextFields {
                    code: l.code(),
                    function_location: text
                        .map(|t| t.function_location.clone())
                        .unwrap_or_default(),
                    purpose: text.map(|t| t.purpose.clone()).unwrap_or_default(),
                }
            })
            .collect(),
    }
}

fn typed_fields(fields: &Fields) -> CookieFields {
    CookieFields {
        original: fields.get("original").to_owned(),
        name: fields.get("name").to_owned(),
        provider: fields.get("provider").to_owned(),
        category: fields.get("category").to_owned(),
        party: fields.get("party").to_owned(),
        lifetime_count: fields.get("lifetime_count").to_owned(),
        lifetime_unit: fields.get("lifetime_unit").to_owned(),
        texts: Language::ALL
            .iter()
            .map(|l| TextFields {
                code: l.code(),
                function_location: fields.get(&format!("function_{}", l.code())).to_owned(),
                purpose: fields.get(&format!("purpose_{}", l.code())).to_owned(),
            })
            .collect(),
    }
}

/// The declaration the form describes, or why it is refused.
fn declaration_from(fields: &Fields) -> Result<CookieDeclaration, Refusal> {
    let typed_name = fields.get("name");
    let name = NamePattern::parse(typed_name).map_err(|e| Refusal::pattern(typed_name, &e))?;
    let category = Category::parse(fields.get("category"))
        .ok_or_else(|| Refusal::new("registry-error-category"))?;
    let party =
        Party::parse(fields.get("party")).ok_or_else(|| Refusal::new("registry-error-party"))?;
    let unit = UNITS
        .iter()
        .find(|(u, _)| *u == fields.get("lifetime_unit"))
        .ok_or_else(|| Refusal::new("registry-error-unit"))?;
    let lifetime = if unit.1 == 0 {
        Lifetime::Session
    } else {
        let count: u64 = fields
            .get("lifetime_count")
            .parse()
            .map_err(|_| Refusal::new("registry-error-lifetime-number"))?;
        let seconds = count
            .checked_mul(unit.1)
            .filter(|s| *s > 0 && *s <= 10 * 365 * 86_400);
        Lifetime::Seconds(seconds.ok_or_else(|| Refusal::new("registry-error-lifetime-range"))?)
    };
    let mut texts = BTreeMap::new();
    for language in Language::ALL {
        let function_location = fields.get(&format!("function_{}", language.code()));
        let purpose = fields.get(&format!("purpose_{}", language.code()));
        match (function_location.is_empty(), purpose.is_empty()) {
            (true, true) => {}
            (false, false) => {
                texts.insert(
                    language,
                    CookieText {
                        function_location: function_location.to_owned(),
                        purpose: purpose.to_owned(),
                    },
                );
            }
            _ => {
                return Err(Refusal::new("registry-error-texts-pair")
                    .with("language", language.native_name()));
            }
        }
    }
    let declaration = CookieDeclaration {
        name,
        provider: fields.optional("provider"),
        category,
        party,
        lifetime,
        texts,
    };
    declaration
        .validate()
        .map_err(|e| Refusal::declaration(&e))?;
    Ok(declaration)
}
