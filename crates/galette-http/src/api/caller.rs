//! `ApiCaller`: who is calling the API. An API key (header `Authorization: Apikey …` or
//! parameter `apikey=`) or a signed-in session of the tenant may read restricted datasets;
//! an unknown or revoked key is refused outright (explore-api §8).

use super::error::ApiError;
use super::params::Params;
use crate::extract::Visitor;
use crate::state::App;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use galette_core::api_key::{api_key_digest, key_from_authorization};
use galette_core::dataset::DatasetId;
use galette_store::Dataset;

/// Marks a request whose API key the quota layer already found live, so that `ApiCaller`
/// does not look it up a second time.
#[derive(Clone, Copy, Debug)]
pub(super) struct CheckedKey;

/// The caller's reading rights.
pub struct ApiCaller {
    /// The request's visitor state (tenant, language…).
    pub visitor: Visitor,
    /// Whether restricted datasets are readable.
    pub may_read_restricted: bool,
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, app)
            .await
            .map_err(|_| ApiError::NotFound("Unknown portal.".into()))?;
        // Parameters that do not parse are the handler's 400, before anything else.
        Params::parse(parts.uri.query())?;
        let key = presented_key(&parts.headers, parts.uri.query());
        let may_read_restricted = match key {
            // The quota layer found this key live moments ago.
            Some(_) if parts.extensions.get::<CheckedKey>().is_some() => true,
            Some(key) => {
                let found = app
                    .store
                    .api_key_by_digest(visitor.tenant.id, &api_key_digest(&key))
                    .await?;
                if found.is_none() {
                    return Err(ApiError::Unauthorized(
                        "The API key is unknown or revoked.".into(),
                    ));
                }
                true
            }
            None => visitor.user(app).await?.is_some(),
        };
        Ok(ApiCaller {
            visitor,
            may_read_restricted,
        })
    }
}

/// The API key a request presents: the `Authorization: Apikey …` header, else the `apikey`
/// parameter (whose query may not parse: then there is none, and the handler says why).
pub(super) fn presented_key(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(key_from_authorization);
    match from_header {
        Some(key) => Some(key.to_owned()),
        None => Params::parse(query).ok()?.get("apikey").map(str::to_owned),
    }
}

impl ApiCaller {
    /// A dataset of the request's site, if this caller may read it.
    pub async fn dataset(&self, app: &App, dataset_id: &str) -> Result<Dataset, ApiError> {
        readable(app, &self.visitor, dataset_id, self.may_read_restricted).await
    }
}

/// A dataset the caller may read: public ones, and restricted ones with an API key or a
/// signed-in session of the tenant.
pub async fn readable(
    app: &App,
    visitor: &Visitor,
    dataset_id: &str,
    may_read_restricted: bool,
) -> Result<Dataset, ApiError> {
    let unknown = || ApiError::NotFound(format!("Unknown dataset: {dataset_id}"));
    // No stored dataset has an id outside the syntax, and the store is never asked for one
    // (PostgreSQL refuses a NUL in text with an error, not "no row").
    if DatasetId::parse(dataset_id).is_err() {
        return Err(unknown());
    }
    let dataset = app
        .store
        .dataset(visitor.tenant.id, dataset_id)
        .await?
        .ok_or_else(unknown)?;
    if dataset.is_restricted && !may_read_restricted {
        return Err(ApiError::Unauthorized(format!(
            "The dataset {dataset_id} is restricted: sign in or use an API key."
        )));
    }
    Ok(dataset)
}
