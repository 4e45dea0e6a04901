//! `/backoffice/stats/`: the cookieless audience statistics of the site (of every site, for
//! the platform's administrators), as a page with server-drawn charts, as JSON
//! (`/backoffice/stats.json`, or `?format=json`) and as CSV (`/backoffice/stats/export.csv`),
//! all three from the same `Report`, read from the hourly and daily roll-ups only.

mod period;
mod report;
mod settings;
mod svg;
mod view;

use super::Staff;
use crate::error::PageError;
use crate::state::{App, AppState};
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use galette_store::StatScope;
use period::{StatsQuery, parse_query};
use report::Report;
pub use settings::save_settings;

/// The slug of the platform's own site: its administrators see every site.
pub const PLATFORM_SLUG: &str = "platform";
/// Values per top list on the page, and in the JSON and CSV exports.
const PAGE_LIMIT: u32 = 10;
const EXPORT_LIMIT: u32 = 100;

/// Which sites the request may read and asks for.
struct Scope {
    scope: StatScope,
    /// The slug shown, or `all`.
    label: String,
    /// `site=` as it goes back into links, when the request named one.
    param: Option<String>,
}

/// The scope asked for with `site=`: only the platform's administrators may name another
/// site than their own, or `all`.
async fn resolve_scope(app: &App, staff: &Staff, site: Option<&str>) -> Result<Scope, PageError> {
    let tenant = &staff.visitor.tenant;
    let own = tenant.slug.as_str();
    let is_platform = own == PLATFORM_SLUG;
    let own_scope = |param: Option<String>| Scope {
        scope: StatScope::Site(tenant.id),
        label: own.to_owned(),
        param,
    };
    match site {
        None => Ok(own_scope(None)),
        Some(slug) if slug == own => Ok(own_scope(Some(slug.to_owned()))),
        Some(_) if !is_platform => Err(PageError::AdminsOnly),
        Some("all") => Ok(Scope {
            scope: StatScope::AllSites,
            label: "all".into(),
            param: Some("all".into()),
        }),
        Some(slug) => match app.store.tenant_by_slug(slug).await? {
            Some(other) => Ok(Scope {
                scope: StatScope::Site(other.id),
                label: other.slug.as_str().to_owned(),
                param: Some(slug.to_owned()),
            }),
            None => Err(PageError::BadRequest("stats-error-site")),
        },
    }
}

async fn report(
    app: &App,
    staff: &Staff,
    query: &StatsQuery,
    limit: u32,
) -> Result<(Report, Scope), PageError> {
    let scope = resolve_scope(app, staff, query.site.as_deref()).await?;
    let mut report = report::build(
        &app.store,
        scope.scope,
        scope.label.clone(),
        query.period,
        limit,
        app.clock.unix(),
    )
    .await?;
    // This process's recorder: events its full queue turned away since it started.
    report.events_dropped = app.stats.dropped();
    Ok((report, scope))
}

/// A 400 in JSON, with the sentence in the administrator's language.
fn json_refusal(app: &App, staff: &Staff, key: &'static str) -> Response {
    let text = app.pages.text(staff.visitor.lang, key);
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": text })),
    )
        .into_response()
}

async fn json_answer(app: &App, staff: &Staff, query: &StatsQuery) -> Result<Response, PageError> {
    match report(app, staff, query, EXPORT_LIMIT).await {
        Ok((report, _)) => Ok(Json(report).into_response()),
        Err(PageError::BadRequest(key)) => Ok(json_refusal(app, staff, key)),
        Err(other) => Err(other),
    }
}

/// `GET /backoffice/stats/`: the dashboard (JSON with `format=json`).
pub async fn show_stats(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query = parse_query(raw.as_deref(), app.clock.unix()).map_err(PageError::BadRequest)?;
    if query.json {
        return json_answer(&app, &staff, &query).await;
    }
    let (report, scope) = report(&app, &staff, &query, PAGE_LIMIT).await?;
    let html = view::render(&app, &staff, &query, &report, scope.param.as_deref(), None).await?;
    Ok(Html(html).into_response())
}

/// `GET /backoffice/stats.json`: the same numbers as JSON.
pub async fn stats_json(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    match parse_query(raw.as_deref(), app.clock.unix()) {
        Ok(query) => json_answer(&app, &staff, &query).await,
        Err(key) => Ok(json_refusal(&app, &staff, key)),
    }
}

/// `GET /backoffice/stats/export.csv`: the same numbers as CSV, one row per total, time
/// bucket and top value.
pub async fn export_csv(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query = parse_query(raw.as_deref(), app.clock.unix()).map_err(PageError::BadRequest)?;
    let (report, _) = report(&app, &staff, &query, EXPORT_LIMIT).await?;
    let name = format!(
        "attachment; filename=\"stats-{}-{}-{}.csv\"",
        report.site, report.from, report.to
    );
    let disposition = HeaderValue::from_str(&name).unwrap_or(HeaderValue::from_static(
        "attachment; filename=\"stats.csv\"",
    ));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        report.to_csv(),
    )
        .into_response())
}
