//! The registry editor's form of a third-party integration (docs/consent.md C-60): its
//! fields, the choices it offers and the integration it describes (the flow is
//! `entry_form`'s).

use super::entry_form::EntryForm;
use super::fields::Fields;
use super::refusal::Refusal;
use crate::registry_cache::TenantRegistry;
use galette_core::consent::categories::OPTIONAL;
use galette_core::language::Language;
use galette_core::registry::{Category, Integration, IntegrationKind, NamePattern, parse_origin};
use galette_store::RegistryEdit;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Default)]
struct DescriptionField {
    code: &'static str,
    text: String,
}

/// The form's values: what is stored, or what the administrator typed.
#[derive(Serialize, Default)]
pub struct IntegrationFields {
    original: String,
    name: String,
    category: String,
    kind: String,
    src: String,
    origins: String,
    cookies: String,
    descriptions: Vec<DescriptionField>,
}

/// What the integration form offers to choose from.
#[derive(Serialize)]
pub struct IntegrationChoices {
    categories: Vec<&'static str>,
    kinds: [&'static str; 3],
}

/// The form of a third-party integration.
pub struct IntegrationForm;

impl EntryForm for IntegrationForm {
    type Values = IntegrationFields;
    type Choices = IntegrationChoices;
    const TEMPLATE: &'static str = "admin/integration_form.html";

    fn blank() -> IntegrationFields {
        IntegrationFields {
            category: "functionality".into(),
            kind: "iframe".into(),
            descriptions: Language::ALL
                .iter()
                .map(|l| DescriptionField {
                    code: l.code(),
                    text: String::new(),
                })
                .collect(),
            ..IntegrationFields::default()
        }
    }

    fn stored(registry: &TenantRegistry, name: &str) -> Option<IntegrationFields> {
        registry
            .integrations
            .iter()
            .find(|i| i.name == name)
            .map(fields_of)
    }

    fn typed(fields: &Fields) -> IntegrationFields {
        typed_fields(fields)
    }

    fn choices() -> IntegrationChoices {
        IntegrationChoices {
            categories: OPTIONAL.iter().map(|c| c.code()).collect(),
            kinds: ["iframe", "script", "image"],
        }
    }

    fn declared(registry: &TenantRegistry) -> Vec<&str> {
        registry
            .integrations
            .iter()
            .map(|i| i.name.as_str())
            .collect()
    }

    fn put(fields: &Fields, replacing: Option<String>) -> Result<(String, RegistryEdit), Refusal> {
        let integration = integration_from(fields)?;
        let name = integration.name.clone();
        Ok((
            name,
            RegistryEdit::PutIntegration {
                replacing,
                integration,
            },
        ))
    }

    fn remove(name: String) -> RegistryEdit {
        RegistryEdit::RemoveIntegration(name)
    }
}

fn fields_of(i: &Integration) -> IntegrationFields {
    IntegrationFields {
        original: i.name.clone(),
        name: i.name.clone(),
        category: i.category.code().to_owned(),
        kind: i.kind.code().to_owned(),
        src: i.src.clone(),
        origins: i.origins.join(" "),
        cookies: i
            .cookies
            .iter()
            .map(NamePattern::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        descriptions: Language::ALL
            .iter()
            .map(|l| DescriptionField {
                code: l.code(),
                text: i.texts.get(l).cloned().unwrap_or_default(),
            })
            .collect(),
    }
}

fn typed_fields(fields: &Fields) -> IntegrationFields {
    IntegrationFields {
        original: fields.get("original").to_owned(),
        name: fields.get("name").to_owned(),
        category: fields.get("category").to_owned(),
        kind: fields.get("kind").to_owned(),
        src: fields.get("src").to_owned(),
        origins: fields.get("origins").to_owned(),
        cookies: fields.get("cookies").to_owned(),
        descriptions: Language::ALL
            .iter()
            .map(|l| DescriptionField {
                code: l.code(),
                text: fields.get(&format!("description_{}", l.code())).to_owned(),
            })
            .collect(),
    }
}

/// The integration the form describes, or why it is refused.
fn integration_from(fields: &Fields) -> Result<Integration, Refusal> {
    let category = Category::parse(fields.get("category"))
        .ok_or_else(|| Refusal::new("registry-error-category"))?;
    let kind = IntegrationKind::parse(fields.get("kind"))
        .ok_or_else(|| Refusal::new("registry-error-kind"))?;
    let origins = fields
        .get("origins")
        .split_whitespace()
        .map(|o| parse_origin(o).map_err(|e| Refusal::integration(&e)))
        .collect::<Result<Vec<_>, _>>()?;
    let cookies = fields
        .get("cookies")
        .split_whitespace()
        .map(|c| NamePattern::parse(c).map_err(|e| Refusal::pattern(c, &e)))
        .collect::<Result<Vec<_>, _>>()?;
    let texts: BTreeMap<Language, String> = Language::ALL
        .iter()
        .filter_map(|l| {
            fields
                .optional(&format!("description_{}", l.code()))
                .map(|t| (*l, t))
        })
        .collect();
    let integration = Integration {
        name: fields.get("name").to_owned(),
        category,
        kind,
        src: fields.get("src").to_owned(),
        origins,
        cookies,
        texts,
    };
    integration
        .validate()
        .map_err(|e| Refusal::integration(&e))?;
    Ok(integration)
}
