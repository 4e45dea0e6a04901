//! `GET /cookies/`: the preference centre (C-10, C-11).

use crate::error::PageError;
use crate::extract::Visitor;
use crate::layout::Layout;
use crate::layout::banner::categories_in_use;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use galette_core::registry::Category;
use serde::Serialize;

#[derive(Serialize)]
struct CentrePage {
    #[serde(flatten)]
    layout: Layout,
    categories: Vec<CategoryView>,
    has_choice: bool,
    gpc: bool,
}

#[derive(Serialize)]
struct CategoryView {
    code: &'static str,
    is_optional: bool,
    is_checked: bool,
    is_in_use: bool,
    cookies: Vec<String>,
    integrations: Vec<String>,
}

/// Every category with its purpose, its cookies and integrations, and a box reflecting the
/// current choice (never pre-ticked without one).
pub async fn show_centre(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Html<String>, PageError> {
    let granted = visitor.granted();
    let in_use = categories_in_use(&visitor);
    let registry = &visitor.registry;
    let categories = Category::ALL
        .into_iter()
        .map(|category| CategoryView {
            code: category.code(),
            is_optional: category.needs_consent(),
            is_checked: !category.needs_consent() || granted.contains(category),
            is_in_use: !category.needs_consent() || in_use.contains(&category),
            cookies: registry
                .cookies
                .iter()
                .filter(|d| d.category == category)
                .map(|d| d.name.as_str().to_owned())
                .collect(),
            integrations: registry
                .integrations
                .iter()
                .filter(|i| i.category == category)
                .map(|i| i.name.clone())
                .collect(),
        })
        .collect();
    let page = CentrePage {
        layout: Layout::new(&app, &visitor, "/cookies/").await?,
        categories,
        has_choice: visitor.current_choice().is_some(),
        gpc: visitor.consent.gpc,
    };
    Ok(Html(app.pages.render("consent/centre.html", &page)?))
}
