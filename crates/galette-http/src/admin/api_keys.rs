//! `/backoffice/apikeys/`: the site's API keys — create (the key is shown once), list,
//! revoke — and the site's API quotas (docs/quotas.md). Only digests are stored.

use super::Staff;
use super::fields::Fields;
use crate::error::PageError;
use crate::extract::FormBody;
use crate::layout::Layout;
use crate::state::{App, AppState};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use galette_core::api_key::{api_key_digest, generate_api_key};
use galette_core::quota::{QuotaSettings, QuotaUnit};
use galette_core::time::rfc3339_utc;
use serde::Serialize;

#[derive(Serialize)]
struct KeyRow {
    id: i64,
    name: String,
    created: String,
    revoked: Option<String>,
}

#[derive(Serialize)]
struct KeysPage {
    #[serde(flatten)]
    layout: Layout,
    keys: Vec<KeyRow>,
    new_key: Option<String>,
    error: Option<&'static str>,
    quota: QuotaSettings,
    units: [&'static str; 3],
}

async fn render(
    app: &App,
    staff: &Staff,
    new_key: Option<String>,
    error: Option<&'static str>,
) -> Result<Response, PageError> {
    let keys = app
        .store
        .api_keys(staff.visitor.tenant.id)
        .await?
        .into_iter()
        .map(|k| KeyRow {
            id: k.id,
            name: k.name,
            created: rfc3339_utc(k.created_at).chars().take(10).collect(),
            revoked: k
                .revoked_at
                .map(|t| rfc3339_utc(t).chars().take(10).collect()),
        })
        .collect();
    let page = KeysPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/apikeys/").await?,
        keys,
        new_key,
        error,
        quota: staff.visitor.tenant.api_quota,
        units: QuotaUnit::ALL.map(QuotaUnit::code),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut response = (
        status,
        Html(app.pages.render("admin/api_keys.html", &page)?),
    )
        .into_response();
    // A page showing a new key must not be kept by any cache.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// `GET /backoffice/apikeys/`.
pub async fn list_keys(State(app): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    render(&app, &staff, None, None).await
}

/// `POST /backoffice/apikeys/`: creates a key and shows it once.
pub async fn create_key(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let name = fields.get("name");
    if name.is_empty() || name.chars().count() > 100 {
        return render(&app, &staff, None, Some("apikeys-error-name")).await;
    }
    let key = generate_api_key(&mut rand::rng());
    app.store
        .create_api_key(
            staff.visitor.tenant.id,
            name,
            &api_key_digest(&key),
            app.clock.unix(),
        )
        .await?;
    tracing::info!(tenant = %staff.visitor.tenant.slug, user = staff.user.id, "API key created");
    render(&app, &staff, Some(key), None).await
}

/// `POST /backoffice/apikeys/revoke`.
pub async fn revoke_key(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let id: i64 = fields
        .get("id")
        .parse()
        .map_err(|_| PageError::BadRequest("error-detail-form"))?;
    app.store
        .revoke_api_key(staff.visitor.tenant.id, id, app.clock.unix())
        .await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/backoffice/apikeys/")],
    )
        .into_response())
}

/// `POST /backoffice/apikeys/quota`: the site's quotas; every server applies them within a
/// second.
pub async fn set_quota(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let Ok(settings) = QuotaSettings::parse(
        fields.get("per_address"),
        fields.get("per_key"),
        fields.get("unit"),
    ) else {
        return render(&app, &staff, None, Some("apikeys-quota-error")).await;
    };
    app.store
        .set_api_quota(staff.visitor.tenant.id, &settings)
        .await?;
    tracing::info!(
        tenant = %staff.visitor.tenant.slug,
        user = staff.user.id,
        per_address = settings.per_address,
        per_key = settings.per_key,
        unit = settings.unit.code(),
        "API quotas changed"
    );
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/backoffice/apikeys/")],
    )
        .into_response())
}
