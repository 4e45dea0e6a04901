//! `GET /backoffice/`: the tenant's cookie registry, read-only for now.

use super::Staff;
use crate::error::PageError;
use crate::layout::Layout;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use galette_core::language::Language;
use galette_core::registry::{Category, Party};
use serde::Serialize;

#[derive(Serialize)]
struct RegistryPage {
    #[serde(flatten)]
    layout: Layout,
    slug: String,
    hostnames: Vec<String>,
    default_language: Language,
    rows: Vec<RegistryRow>,
}

#[derive(Serialize)]
struct RegistryRow {
    name: String,
    provider: Option<String>,
    category: Category,
    party: Party,
    lifetime_text: String,
    translated: Vec<&'static str>,
    function_location: String,
    purpose: String,
}

/// The registry as stored, with which languages each row is translated into.
pub async fn show_registry(
    State(app): State<AppState>,
    staff: Staff,
) -> Result<Html<String>, PageError> {
    let visitor = &staff.visitor;
    let lang = visitor.lang;
    let registry = app.store.registry_for(visitor.tenant.id).await?;
    let rows = registry
        .iter()
        .map(|d| {
            let text = d.text_in(lang, visitor.tenant.default_language);
            RegistryRow {
                name: d.name.as_str().to_owned(),
                provider: d.provider.clone(),
                category: d.category,
                party: d.party,
                lifetime_text: app.pages.lifetime_text(lang, d.lifetime),
                translated: d.texts.keys().map(|l| l.code()).collect(),
                function_location: text
                    .map(|t| t.function_location.clone())
                    .unwrap_or_default(),
                purpose: text.map(|t| t.purpose.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let page = RegistryPage {
        layout: Layout::new(&app, visitor, "/backoffice/").await?,
        slug: visitor.tenant.slug.to_string(),
        hostnames: visitor.tenant.hostnames.clone(),
        default_language: visitor.tenant.default_language,
        rows,
    };
    Ok(Html(app.pages.render("admin/registry.html", &page)?))
}
