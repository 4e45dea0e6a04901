//! `POST /cookies/`: records a choice from the banner, the centre or a JSON client
//! (C-05, C-06, C-11, C-12, C-22, C-25, C-32, C-40).

use crate::error::PageError;
use crate::extract::{FormBody, Visitor, query_param};
use crate::state::{App, AppState};
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use galette_core::consent::categories::CategorySet;
use galette_core::consent::choice::{ChoiceStatus, ConsentChoice, ConsentId, encode_choice};
use galette_core::consent::log_chain::{ConsentAction, ConsentSource, NewRecord};
use galette_core::consent::pseudonym::user_pseudonym;
use galette_core::redirect::is_safe_redirect;
use galette_core::registry::Category;
use galette_core::url_split::SplitUrl;
use serde::Serialize;

/// The JSON answer (C-06).
#[derive(Serialize)]
struct ChoiceJson {
    consent_id: String,
    granted: Vec<&'static str>,
    revision: u64,
}

/// Stores the choice, logs it, and answers 303 (forms) or 200 JSON (`Accept: application/json`).
pub async fn save_choice(
    State(app): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    FormBody(fields): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let action = match field("action") {
        Some("reject_all") => ConsentAction::RejectAll,
        Some("accept_all") => ConsentAction::AcceptAll,
        Some("save") => ConsentAction::Save,
        _ => return Err(PageError::BadRequest("error-detail-consent-action")),
    };
    let mut granted = match action {
        ConsentAction::AcceptAll => CategorySet::all_optional(),
        ConsentAction::Save => ticked(&fields)?,
        _ => CategorySet::empty(),
    };
    if visitor.consent.gpc {
        granted = granted.without(Category::Marketing);
    }
    let wants_json = wants_json(&headers);
    let source = match (wants_json, field("source")) {
        (true, _) => ConsentSource::Api,
        (false, Some("banner")) => ConsentSource::Banner,
        (false, _) => ConsentSource::Centre,
    };
    let choice = record(&app, &visitor, action, granted, source).await?;
    if wants_json {
        let body = ChoiceJson {
            consent_id: choice.consent_id.to_string(),
            granted: granted.codes(),
            revision: choice.revision,
        };
        return Ok((StatusCode::OK, Json(body)).into_response());
    }
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    // The form field first, else `?next=` on the form's action (C-02 allows both).
    let query_next = query_param(query.as_deref(), "next");
    let next = field("next").or(query_next.as_deref());
    let target = back_to(next, referer, &visitor);
    let location = HeaderValue::from_str(&target).unwrap_or(HeaderValue::from_static("/"));
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}

/// Logs the choice (and an `expire` record for an expired one), then puts it in the response,
/// the session and the account of a signed-in user.
async fn record(
    app: &App,
    visitor: &Visitor,
    action: ConsentAction,
    granted: CategorySet,
    source: ConsentSource,
) -> Result<ConsentChoice, PageError> {
    let tenant = &visitor.tenant;
    let now = app.clock.unix();
    let previous = visitor.consent.stored.clone();
    // The same browser keeps its consent id, so a withdrawal links to its grant (C-22).
    let consent_id = previous.as_ref().map_or_else(
        || ConsentId::generate(&mut rand::rng()),
        |c| c.consent_id.clone(),
    );
    let user = visitor.user(app).await?;
    let pseudonym = user
        .as_ref()
        .map(|u| user_pseudonym(tenant.secret.as_bytes(), u.id));
    let base = |action: ConsentAction, granted: CategorySet, revision: u64| NewRecord {
        tenant: tenant.slug.to_string(),
        consent_id: consent_id.to_string(),
        ts_unix: now,
        action,
        granted,
        revision,
        policy_sha256: visitor.registry.digest.clone(),
        gpc: visitor.consent.gpc,
        language: visitor.lang.code().to_owned(),
        source,
        user: pseudonym.clone(),
    };
    if let (Some(old), Some(ChoiceStatus::Expired)) = (&previous, visitor.consent.status) {
        app.store
            .append_consent(
                tenant.id,
                base(ConsentAction::Expire, CategorySet::empty(), old.revision),
            )
            .await?;
        metrics::counter!(crate::telemetry::CONSENT_RECORDS).increment(1);
    }
    let withdraws = visitor
        .current_choice()
        .is_some_and(|c| c.granted.iter().any(|g| !granted.contains(g)));
    let logged = if withdraws {
        ConsentAction::Withdraw
    } else {
        action
    };
    app.store
        .append_consent(tenant.id, base(logged, granted, tenant.policy_revision))
        .await?;
    metrics::counter!(crate::telemetry::CONSENT_RECORDS).increment(1);
    let choice = ConsentChoice {
        revision: tenant.policy_revision,
        granted,
        ts: now,
        consent_id,
    };
    visitor.record_choice(choice.clone());
    if let Some(user) = user {
        let value = encode_choice(&choice, tenant.secret.as_bytes());
        app.store.set_user_consent(user.id, &value).await?;
        visitor
            .put_in_session(app, "consent", serde_json::Value::String(value))
            .await?;
    }
    tracing::info!(tenant = %tenant.slug, action = logged.code(), granted = %granted.to_token(), "consent recorded");
    Ok(choice)
}

/// The ticked optional categories; an unknown or necessary one is a bad request.
fn ticked(fields: &[(String, String)]) -> Result<CategorySet, PageError> {
    let mut set = CategorySet::empty();
    for (_, code) in fields.iter().filter(|(k, _)| k == "categories") {
        match Category::parse(code) {
            Some(category) if category.needs_consent() => set = set.with(category),
            _ => return Err(PageError::BadRequest("error-detail-consent-category")),
        }
    }
    Ok(set)
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

/// `next` if it is a path on this site, else the Referer's path if it is this site, else `/`.
fn back_to(next: Option<&str>, referer: Option<&str>, visitor: &Visitor) -> String {
    let is_local_path =
        |p: &str| p.starts_with('/') && is_safe_redirect(p, &visitor.host, visitor.is_https);
    if let Some(next) = next.map(str::trim).filter(|n| is_local_path(n)) {
        return next.to_owned();
    }
    referer
        .and_then(SplitUrl::parse)
        .filter(|url| url.netloc == visitor.host)
        .map(|url| {
            if url.query.is_empty() {
                url.path
            } else {
                format!("{}?{}", url.path, url.query)
            }
        })
        .filter(|path| is_local_path(path))
        .unwrap_or_else(|| "/".to_owned())
}
