//! The registry editor's one flow for both kinds of entry, a declared cookie and a
//! third-party integration: show the form (empty, or filled from the registry), save it
//! (a refusal shows the form again with the values typed and a sentence in the
//! administrator's language) and delete an entry. Each save or delete is a new revision.
//!
//! Owns: the order of those steps, the statuses (422 on a refusal, 404 for an unknown
//! entry) and the page around the form.
//! Does not own: what a form's fields mean (`cookie_form`, `integration_form`) or how an
//! edit is stored (`fields::apply_edit`).

use super::Staff;
use super::fields::{EditError, Fields, apply_edit, check_put, saved};
use super::refusal::Refusal;
use crate::error::PageError;
use crate::extract::{FormBody, query_param};
use crate::layout::Layout;
use crate::registry_cache::TenantRegistry;
use crate::state::{App, AppState};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use galette_store::RegistryEdit;
use serde::Serialize;

/// One kind of registry entry, as the editor's form shows and reads it.
pub trait EntryForm {
    /// The form's values: what is stored, or what the administrator typed.
    type Values: Serialize;
    /// The choices the form offers (categories, units, kinds…), next to the values.
    type Choices: Serialize;
    /// The template that draws the form.
    const TEMPLATE: &'static str;

    /// The values of a new entry.
    fn blank() -> Self::Values;
    /// The values of the stored entry called `name`, if there is one.
    fn stored(registry: &TenantRegistry, name: &str) -> Option<Self::Values>;
    /// The values as the administrator typed them.
    fn typed(fields: &Fields) -> Self::Values;
    /// The choices to offer.
    fn choices() -> Self::Choices;
    /// The names of the entries of this kind now declared.
    fn declared(registry: &TenantRegistry) -> Vec<&str>;
    /// The entry the form describes, as its name and the edit that stores it in place of
    /// `replacing`, or why it is refused.
    fn put(fields: &Fields, replacing: Option<String>) -> Result<(String, RegistryEdit), Refusal>;
    /// The edit that removes the entry called `name`.
    fn remove(name: String) -> RegistryEdit;
}

#[derive(Serialize)]
struct FormPage<V: Serialize, C: Serialize> {
    #[serde(flatten)]
    layout: Layout,
    revision: u64,
    form: V,
    error: Option<String>,
    #[serde(flatten)]
    choices: C,
}

/// `GET …/edit[?name=…]`: the form, empty or filled from the registry.
pub async fn edit_entry<F: EntryForm>(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let values = match query_param(query.as_deref(), "name") {
        Some(name) => F::stored(&staff.visitor.registry, &name).ok_or(PageError::NotFound)?,
        None => F::blank(),
    };
    render::<F>(&app, &staff, values, None, StatusCode::OK).await
}

/// `POST …/`: validates and saves; a refusal shows the form again.
pub async fn save_entry<F: EntryForm>(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let revision = fields.revision()?;
    let original = fields.optional("original");
    let checked = F::put(&fields, original.clone()).and_then(|(name, edit)| {
        let declared = F::declared(&staff.visitor.registry);
        check_put(declared.into_iter(), original.as_deref(), &name)?;
        Ok(edit)
    });
    let result = match checked {
        Ok(edit) => apply_edit(&app, staff.visitor.tenant.id, revision, edit).await,
        Err(refusal) => Err(EditError::Refused(refusal)),
    };
    match result {
        Ok(outcome) => Ok(saved(outcome)),
        Err(EditError::Refused(refusal)) => {
            let sentence = refusal.text(&app, staff.visitor.lang);
            let typed = F::typed(&fields);
            render::<F>(
                &app,
                &staff,
                typed,
                Some(sentence),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(EditError::Failed(e)) => Err(e),
    }
}

/// `POST …/delete`: removes an entry (a new revision, no new consent needed).
pub async fn delete_entry<F: EntryForm>(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let edit = F::remove(fields.get("name").to_owned());
    match apply_edit(&app, staff.visitor.tenant.id, fields.revision()?, edit).await {
        Ok(outcome) => Ok(saved(outcome)),
        Err(EditError::Refused(_)) => Err(PageError::NotFound),
        Err(EditError::Failed(e)) => Err(e),
    }
}

async fn render<F: EntryForm>(
    app: &App,
    staff: &Staff,
    form: F::Values,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = FormPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/").await?,
        revision: staff.visitor.tenant.policy_revision,
        form,
        error,
        choices: F::choices(),
    };
    Ok((status, Html(app.pages.render(F::TEMPLATE, &page)?)).into_response())
}
