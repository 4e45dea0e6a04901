//! `GET /backoffice/revisions/`: every policy revision, what it changed, whether it asked
//! visitors to consent again (consent.md C-30).

use super::Staff;
use crate::error::PageError;
use crate::layout::Layout;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use galette_core::time::rfc3339_utc;
use galette_store::RevisionChange;
use serde::Serialize;

#[derive(Serialize)]
struct RevisionRow {
    revision: u64,
    date: String,
    needs_consent: bool,
    digest: String,
    changes: Vec<RevisionChange>,
}

#[derive(Serialize)]
struct RevisionsPage {
    #[serde(flatten)]
    layout: Layout,
    current: u64,
    consent_revision: u64,
    revisions: Vec<RevisionRow>,
}

/// Newest first.
pub async fn list_revisions(
    State(app): State<AppState>,
    staff: Staff,
) -> Result<Html<String>, PageError> {
    let visitor = &staff.visitor;
    let revisions = app
        .store
        .policy_revisions(visitor.tenant.id)
        .await?
        .into_iter()
        .map(|r| RevisionRow {
            revision: r.revision,
            date: rfc3339_utc(r.created_at)
                .replace('T', " ")
                .replace('Z', " UTC"),
            needs_consent: r.needs_consent,
            digest: r.digest.chars().take(16).collect(),
            changes: r.changes,
        })
        .collect();
    let page = RevisionsPage {
        layout: Layout::new(&app, visitor, "/backoffice/revisions/").await?,
        current: visitor.tenant.policy_revision,
        consent_revision: visitor.tenant.consent_revision,
        revisions,
    };
    Ok(Html(app.pages.render("admin/revisions.html", &page)?))
}
