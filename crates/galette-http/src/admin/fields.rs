//! Reading back-office forms: named fields, the revision they were made on, the outcome.

use super::refusal::Refusal;
use crate::error::PageError;
use crate::state::App;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use galette_store::{EditOutcome, RegistryEdit, StoreError};

/// A posted form as name/value pairs (checkbox lists repeat a name).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The trimmed value of a field, empty if absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// A field that must be present and non-empty.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.get(name))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// The revision the form was made on (the optimistic lock of `edit_registry`).
    pub fn revision(&self) -> Result<u64, PageError> {
        self.get("revision")
            .parse()
            .map_err(|_| PageError::BadRequest("error-detail-form"))
    }
}

/// Why an edit was refused, as the administrator reads it (validation and conflicts), or
/// a real failure.
pub enum EditError {
    /// The form is wrong or stale: show it again with this sentence.
    Refused(Refusal),
    /// Something else went wrong.
    Failed(PageError),
}

impl From<PageError> for EditError {
    fn from(e: PageError) -> Self {
        EditError::Failed(e)
    }
}

/// Applies an edit; refusals the administrator can fix come back as `Refused`.
pub async fn apply_edit(
    app: &App,
    tenant_id: i64,
    revision: u64,
    edit: RegistryEdit,
) -> Result<EditOutcome, EditError> {
    match app
        .store
        .edit_registry(tenant_id, revision, edit, app.clock.unix())
        .await
    {
        Ok(outcome) => Ok(outcome),
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_) | StoreError::Missing(_))) => {
            tracing::info!(error = %e, "a registry edit was refused: {e}");
            Err(EditError::Refused(Refusal::store(&e)))
        }
        Err(e) => Err(EditError::Failed(PageError::Store(e))),
    }
}

/// A put of `name` (replacing `original`, if given) that the registry the form was made on
/// refuses: the name is taken by another declaration, or the one edited is gone.
pub fn check_put<'a>(
    existing: impl Iterator<Item = &'a str> + Clone,
    original: Option<&str>,
    name: &str,
) -> Result<(), Refusal> {
    if let Some(original) = original
        && !existing.clone().any(|n| n == original)
    {
        return Err(Refusal::new("registry-error-missing").with("name", original));
    }
    if existing
        .into_iter()
        .any(|n| n == name && Some(n) != original)
    {
        return Err(Refusal::new("registry-error-taken").with("name", name));
    }
    Ok(())
}

/// Back to the overview, saying which revision the edit made (303 after a POST).
pub fn saved(outcome: EditOutcome) -> Response {
    let location = format!(
        "/backoffice/?saved={}{}",
        outcome.revision,
        if outcome.needs_consent {
            "&reconsent=1"
        } else {
            ""
        }
    );
    let value =
        HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/backoffice/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response()
}
