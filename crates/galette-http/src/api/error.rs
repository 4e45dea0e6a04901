//! `ApiError`: the Explore API's JSON errors, `{"error_code", "message"}` (explore-api §4).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use galette_store::StoreError;
use galette_store::explore::QueryError;
use serde::Serialize;

/// An API failure; each variant's doc gives its status and code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 `ODSQLError`: select/where/group_by/order_by/refine do not parse or do not fit.
    #[error("{0}")]
    Odsql(String),
    /// 400 `InvalidRESTParameterError`: a parameter out of range.
    #[error("{0}")]
    Parameter(String),
    /// 401 `Unauthorized`: a restricted dataset and no (valid) credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403 `Forbidden`: an unsafe request whose CSRF check failed (the API is read-only).
    #[error("{0}")]
    Forbidden(String),
    /// 404 `NotFound`: unknown dataset, record or path.
    #[error("{0}")]
    NotFound(String),
    /// A request axum refused before any handler (bad path encoding, method): the status it
    /// implies, with `InvalidRESTParameterError`, `MethodNotAllowed` or `InternalError`.
    #[error("{1}")]
    Request(StatusCode, String),
    /// 503 or 500: the store failed (logged, not shown), or 503 with the limit when a query
    /// ran past its time limit.
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error_code: &'a str,
    message: String,
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        match e {
            QueryError::Odsql(_) => ApiError::Odsql(e.to_string()),
            QueryError::TooCostly(_) => ApiError::Parameter(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            Self::Odsql(_) | Self::Store(StoreError::QueryData(_)) => {
                (StatusCode::BAD_REQUEST, "ODSQLError")
            }
            Self::Parameter(_) => (StatusCode::BAD_REQUEST, "InvalidRESTParameterError"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "Unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "Forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "NotFound"),
            Self::Request(status, _) if *status == StatusCode::METHOD_NOT_ALLOWED => {
                (*status, "MethodNotAllowed")
            }
            Self::Request(status, _) if status.is_server_error() => (*status, "InternalError"),
            Self::Request(status, _) => (*status, "InvalidRESTParameterError"),
            Self::Store(
                StoreError::Unavailable(_)
                | StoreError::TimedOut(_)
                | StoreError::DiskFull(_)
                | StoreError::ReadOnly(_),
            ) => (StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable"),
            Self::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "InternalError"),
        };
        let message = match &self {
            Self::Store(StoreError::TimedOut(limit)) => {
                tracing::warn!(
                    "an explore query was stopped after {} s",
                    limit.as_secs_f64()
                );
                format!(
                    "The query ran longer than its limit of {} s and was stopped: narrow it (fewer rows, aggregates or groups) and try again.",
                    limit.as_secs_f64()
                )
            }
            Self::Store(e @ StoreError::QueryData(_)) => format!("ODSQL query failed: {e}"),
            Self::Store(
                e
                @ (StoreError::Unavailable(_) | StoreError::DiskFull(_) | StoreError::ReadOnly(_)),
            ) => {
                tracing::warn!(error = %e, "explore API request failed: {e}");
                format!(
                    "The service cannot reach its database for the moment; try again in {} \
                     seconds (Retry-After).",
                    crate::error::RETRY_AFTER_SECS
                )
            }
            Self::Store(e) => {
                tracing::error!(error = %e, "explore API request failed: {e}");
                "The request could not be answered; try again later, and if it keeps failing \
                 quote the X-Request-Id header of this answer."
                    .to_owned()
            }
            other => other.to_string(),
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error_code: code,
                message,
            }),
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(crate::error::RETRY_AFTER_SECS),
            );
        }
        response
    }
}
