//! `GET /backoffice/`: the registry (cookies and integrations) with its editor's entry
//! points, the enforcement mode, and links to revisions and consent rates.

use super::Staff;
use super::fields::Fields;
use crate::error::PageError;
use crate::extract::{FormBody, query_param};
use crate::layout::Layout;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use galette_core::language::Language;
use galette_core::registry::{Category, IntegrationKind, Party};
use galette_core::tenant::Enforcement;
use serde::Serialize;

#[derive(Serialize)]
struct RegistryPage {
    #[serde(flatten)]
    layout: Layout,
    slug: String,
    hostnames: Vec<String>,
    default_language: Language,
    revision: u64,
    consent_revision: u64,
    enforcement: &'static str,
    saved: Option<String>,
    reconsent: bool,
    rows: Vec<RegistryRow>,
    integrations: Vec<IntegrationRow>,
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

#[derive(Serialize)]
struct IntegrationRow {
    name: String,
    category: Category,
    kind: IntegrationKind,
    origins: Vec<String>,
    cookies: Vec<String>,
}

/// The registry as stored, with which languages each row is translated into.
pub async fn show_registry(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, PageError> {
    let visitor = &staff.visitor;
    let lang = visitor.lang;
    let registry = &visitor.registry;
    let rows = registry
        .cookies
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
    let integrations = registry
        .integrations
        .iter()
        .map(|i| IntegrationRow {
            name: i.name.clone(),
            category: i.category,
            kind: i.kind,
            origins: i.origins.clone(),
            cookies: i.cookies.iter().map(|c| c.as_str().to_owned()).collect(),
        })
        .collect();
    let query = query.as_deref();
    let page = RegistryPage {
        layout: Layout::new(&app, visitor, "/backoffice/").await?,
        slug: visitor.tenant.slug.to_string(),
        hostnames: visitor.tenant.hostnames.clone(),
        default_language: visitor.tenant.default_language,
        revision: visitor.tenant.policy_revision,
        consent_revision: visitor.tenant.consent_revision,
        enforcement: visitor.tenant.enforcement.code(),
        saved: query_param(query, "saved").filter(|s| s.bytes().all(|b| b.is_ascii_digit())),
        reconsent: query_param(query, "reconsent").is_some(),
        rows,
        integrations,
    };
    Ok(Html(app.pages.render("admin/registry.html", &page)?))
}

/// `POST /backoffice/enforcement`: enforce, or only report (consent.md C-52).
pub async fn set_enforcement(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let mode = match fields.get("mode") {
        "enforce" => Enforcement::Enforce,
        "report-only" => Enforcement::ReportOnly,
        _ => return Err(PageError::BadRequest("error-detail-form")),
    };
    app.store
        .set_enforcement(staff.visitor.tenant.id, mode)
        .await?;
    tracing::warn!(tenant = %staff.visitor.tenant.slug, user = staff.user.id, mode = mode.code(), "consent enforcement set to {}", mode.code());
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, "/backoffice/")]).into_response())
}
