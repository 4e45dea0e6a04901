//! The portal's home page: its first datasets, its cookies, and its embedded third-party
//! content once consented.

use crate::error::PageError;
use crate::extract::Visitor;
use crate::layout::Layout;
use crate::layout::cached::PageFrame;
use crate::page_cache::PageSources;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use galette_core::registry::{Category, IntegrationKind};
use galette_core::tenant::Enforcement;
use serde::Serialize;

#[derive(Serialize)]
struct HomePage {
    #[serde(flatten)]
    layout: Layout,
    cookie_count: usize,
    embeds: Vec<Embed>,
    /// The first public datasets, by title: (id, title, rows).
    datasets: Vec<(String, String, u64)>,
}

/// Datasets listed on the home page; the catalogue has them all.
const HOME_DATASETS: usize = 5;

/// A declared iframe: shown if its category is granted, else a placeholder that says why.
#[derive(Serialize)]
struct Embed {
    name: String,
    src: String,
    category: Category,
    description: String,
    is_allowed: bool,
}

/// `GET /`: the portal's front page.
pub async fn show_home(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Html<String>, PageError> {
    let catalogue = app.datasets.of(&app.store, visitor.tenant.id).await?;
    let sources = PageSources::new(&visitor.tenant, &visitor.registry).with_datasets(&catalogue);
    let frame = PageFrame::open(&app, &visitor, "site/home.html", "/", sources).await?;
    if let Some(page) = frame.reuse(&app, &visitor) {
        return Ok(Html(page));
    }
    let granted = visitor.granted();
    let report_only = visitor.tenant.enforcement == Enforcement::ReportOnly;
    let embeds = visitor
        .registry
        .integrations
        .iter()
        .filter(|i| i.kind == IntegrationKind::Iframe)
        .map(|i| Embed {
            name: i.name.clone(),
            src: i.src.clone(),
            category: i.category,
            description: i
                .texts
                .get(&visitor.lang)
                .or_else(|| i.texts.get(&visitor.tenant.default_language))
                .or_else(|| i.texts.values().next())
                .cloned()
                .unwrap_or_default(),
            is_allowed: report_only || granted.contains(i.category),
        })
        .collect();
    let mut datasets: Vec<(String, String, u64)> = catalogue
        .iter()
        .filter(|d| !d.is_restricted)
        .map(|d| (d.dataset_id.clone(), d.title.clone(), d.records_count))
        .collect();
    datasets.sort_by(|a, b| a.1.cmp(&b.1));
    datasets.truncate(HOME_DATASETS);
    let page = HomePage {
        layout: frame.layout(&visitor),
        cookie_count: visitor.registry.cookies.len(),
        embeds,
        datasets,
    };
    Ok(Html(frame.render(&app, &visitor, &page)?))
}
