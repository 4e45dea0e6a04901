//! The portal's home page.

use crate::error::PageError;
use crate::extract::Visitor;
use crate::layout::Layout;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use serde::Serialize;

#[derive(Serialize)]
struct HomePage {
    #[serde(flatten)]
    layout: Layout,
    cookie_count: usize,
}

/// `GET /`: the portal's front page.
pub async fn show_home(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Html<String>, PageError> {
    let registry = app.store.registry_for(visitor.tenant.id).await?;
    let page = HomePage {
        layout: Layout::new(&app, &visitor, "/").await?,
        cookie_count: registry.len(),
    };
    Ok(Html(app.pages.render("site/home.html", &page)?))
}
