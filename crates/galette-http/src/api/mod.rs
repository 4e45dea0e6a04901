//! The Explore API v2.1 subset (explore-api.md) under `/api/explore/v2.1/`: the catalogue,
//! datasets, records, facets and exports of the request's tenant. Read-only; never sets a
//! cookie; every path works with or without its trailing slash.

mod caller;
mod cors;
mod dataset_object;
mod datasets;
mod error;
mod export_rows;
mod exports;
mod links;
mod params;
mod parquet;
mod quota;

use crate::state::AppState;
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;

pub use caller::readable as readable_dataset;
pub use error::ApiError;

/// Routes of the API, to be nested under `/api/explore/v2.1`. Every call is counted against
/// the site's quotas (`quota`) inside the CORS layer, so that preflights are never counted
/// and refusals are readable by browser clients.
pub fn router(state: AppState) -> Router<AppState> {
    let routes: [(&str, axum::routing::MethodRouter<AppState>); 8] = [
        ("/catalog/datasets", get(datasets::list_datasets)),
        (
            "/catalog/datasets/{dataset_id}",
            get(datasets::show_dataset),
        ),
        (
            "/catalog/datasets/{dataset_id}/records",
            get(datasets::list_records),
        ),
        (
            "/catalog/datasets/{dataset_id}/records/{record_id}",
            get(datasets::show_record),
        ),
        (
            "/catalog/datasets/{dataset_id}/facets",
            get(datasets::list_facets),
        ),
        (
            "/catalog/datasets/{dataset_id}/exports/{format}",
            get(exports::export_records),
        ),
        ("/catalog/exports/{format}", get(exports::export_catalog)),
        ("/catalog/facets", get(datasets::catalog_facets)),
    ];
    let mut router = Router::new();
    for (path, handler) in routes {
        router = router
            .route(path, handler.clone())
            .route(&format!("{path}/"), handler);
    }
    router
        .route("/openapi.json", get(openapi))
        .fallback(|| async { ApiError::NotFound("Unknown API path.".into()) })
        .layer(from_fn_with_state(state, quota::enforce))
        .layer(from_fn(cors::cors))
}

/// The OpenAPI 3 description of the routes above, compiled into the binary.
const OPENAPI: &str = include_str!("../../static/openapi.json");

/// `GET /api/explore/v2.1/openapi.json`.
async fn openapi() -> impl axum::response::IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )],
        OPENAPI,
    )
}
