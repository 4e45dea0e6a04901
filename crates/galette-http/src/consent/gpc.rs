//! `GET /.well-known/gpc.json`: the site's Global Privacy Control statement (C-41).

use crate::extract::Visitor;
use axum::Json;
use galette_core::time::rfc3339_utc;
use serde::Serialize;

/// The GPC support resource.
#[derive(Serialize)]
pub struct GpcStatement {
    gpc: bool,
    #[serde(rename = "lastUpdate")]
    last_update: String,
}

/// galette honours GPC on every site since the site's creation.
pub async fn gpc_statement(visitor: Visitor) -> Json<GpcStatement> {
    let date: String = rfc3339_utc(visitor.tenant.created_at)
        .chars()
        .take(10)
        .collect();
    Json(GpcStatement {
        gpc: true,
        last_update: date,
    })
}
