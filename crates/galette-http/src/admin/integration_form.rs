//! Adding, editing and removing a third-party integration (consent.md C-60).

use super::Staff;
use super::fields::{EditError, Fields, apply_edit, check_put, saved};
use super::refusal::Refusal;
use crate::error::PageError;
use crate::extract::{FormBody, query_param};
use crate::layout::Layout;
use crate::state::{App, AppState};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
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

#[derive(Serialize, Default)]
struct IntegrationFields {
    original: String,
    name: String,
    category: String,
    kind: String,
    src: String,
    origins: String,
    cookies: String,
    descriptions: Vec<DescriptionField>,
}

#[derive(Serialize)]
struct IntegrationFormPage {
    #[serde(flatten)]
    layout: Layout,
    revision: u64,
    form: IntegrationFields,
    error: Option<String>,
    categories: Vec<&'static str>,
    kinds: [&'static str; 3],
}

/// `GET /backoffice/integrations/edit[?name=…]`.
pub async fn edit_integration(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let form = match query_param(query.as_deref(), "name") {
        Some(name) => {
            let found = staff
                .visitor
                .registry
                .integrations
                .iter()
                .find(|i| i.name == name);
            fields_of(found.ok_or(PageError::NotFound)?)
        }
        None => IntegrationFields {
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
        },
    };
    render(&app, &staff, form, None, StatusCode::OK).await
}

/// `POST /backoffice/integrations/`.
pub async fn save_integration(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let revision = fields.revision()?;
    let original = fields.optional("original");
    let declared = staff
        .visitor
        .registry
        .integrations
        .iter()
        .map(|i| i.name.as_str());
    let checked = integration_from(&fields).and_then(|integration| {
        check_put(declared, original.as_deref(), &integration.name)?;
        Ok(integration)
    });
    let result = match checked {
        Ok(integration) => {
            let edit = RegistryEdit::PutIntegration {
                replacing: original,
                integration,
            };
            apply_edit(&app, staff.visitor.tenant.id, revision, edit).await
        }
        Err(refusal) => Err(EditError::Refused(refusal)),
    };
    match result {
        Ok(outcome) => Ok(saved(outcome)),
        Err(EditError::Refused(refusal)) => {
            let sentence = refusal.text(&app, staff.visitor.lang);
            render(
                &app,
                &staff,
                typed_fields(&fields),
                Some(sentence),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(EditError::Failed(e)) => Err(e),
    }
}

/// `POST /backoffice/integrations/delete`.
pub async fn delete_integration(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let edit = RegistryEdit::RemoveIntegration(fields.get("name").to_owned());
    match apply_edit(&app, staff.visitor.tenant.id, fields.revision()?, edit).await {
        Ok(outcome) => Ok(saved(outcome)),
        Err(EditError::Refused(_)) => Err(PageError::NotFound),
        Err(EditError::Failed(e)) => Err(e),
    }
}

async fn render(
    app: &App,
    staff: &Staff,
    form: IntegrationFields,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = IntegrationFormPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/").await?,
        revision: staff.visitor.tenant.policy_revision,
        form,
        error,
        categories: OPTIONAL.iter().map(|c| c.code()).collect(),
        kinds: ["iframe", "script", "image"],
    };
    Ok((
        status,
        Html(app.pages.render("admin/integration_form.html", &page)?),
    )
        .into_response())
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
