//! `/backoffice/scan/`: runs a scan of this site in a real browser (in the background, one at
//! a time per site) and shows the last one — or any kept one — with its findings, the policy
//! revision it checked and its signed JSON report, so an administrator sees the proof without
//! a terminal.

use super::Staff;
use crate::error::PageError;
use crate::layout::Layout;
use crate::scanning::{ABANDONED_AFTER, StartError};
use crate::state::{App, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use galette_core::time::rfc3339_utc;
use galette_store::{NewScan, ScanStatus, SiteScan, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Findings listed on the page; the JSON report holds them all.
const FINDINGS_SHOWN: usize = 200;

#[derive(Serialize)]
struct ScanRow {
    id: i64,
    status: &'static str,
    started: String,
    finished: Option<String>,
    revision: i64,
    findings: Option<i64>,
    requested_by: String,
}

#[derive(Serialize, Default)]
struct Summary {
    states: u64,
    pages: u64,
    cookies: u64,
    third_party_origins: u64,
}

#[derive(Serialize)]
struct FindingRow {
    kind: String,
    state: String,
    subject: String,
    message: String,
    page: Option<String>,
}

#[derive(Serialize)]
struct ScanDetail {
    row: ScanRow,
    url: String,
    error: Option<String>,
    summary: Option<Summary>,
    findings: Vec<FindingRow>,
    more_findings: usize,
    browser: Option<String>,
    signed_by: Option<String>,
    is_outdated: bool,
}

#[derive(Serialize)]
struct ScanPage {
    #[serde(flatten)]
    layout: Layout,
    is_configured: bool,
    revision: u64,
    shown: Option<ScanDetail>,
    history: Vec<ScanRow>,
    notice: Option<&'static str>,
}

/// `?id=N` shows a kept scan other than the last.
#[derive(Deserialize)]
pub struct ShowQuery {
    id: Option<i64>,
    notice: Option<String>,
}

fn date_time(unix: i64) -> String {
    rfc3339_utc(unix).replace('T', " ").replace('Z', " UTC")
}

fn row(scan: &SiteScan) -> ScanRow {
    ScanRow {
        id: scan.id,
        status: match scan.status {
            ScanStatus::Running => "running",
            ScanStatus::Done if scan.is_clean == Some(true) => "clean",
            ScanStatus::Done => "findings",
            ScanStatus::Failed => "failed",
        },
        started: date_time(scan.started_at),
        finished: scan.finished_at.map(date_time),
        revision: scan.policy_revision,
        findings: scan.findings,
        requested_by: scan.requested_by.clone(),
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn count(value: &Value, key: &str) -> u64 {
    value.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// The page's view of a kept scan; its report is read by the scanner's documented field
/// names (docs/scan-report.schema.json).
fn detail(scan: &SiteScan, revision: u64) -> ScanDetail {
    let report: Option<Value> = scan
        .report
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok());
    let findings: Vec<&Value> = report
        .as_ref()
        .and_then(|r| r.get("findings"))
        .and_then(Value::as_array)
        .map(|all| all.iter().collect())
        .unwrap_or_default();
    ScanDetail {
        row: row(scan),
        url: scan.url.clone(),
        error: scan.error.clone(),
        summary: report
            .as_ref()
            .and_then(|r| r.get("summary"))
            .map(|s| Summary {
                states: count(s, "states"),
                pages: count(s, "pages"),
                cookies: count(s, "cookies"),
                third_party_origins: count(s, "third_party_origins"),
            }),
        more_findings: findings.len().saturating_sub(FINDINGS_SHOWN),
        findings: findings
            .iter()
            .take(FINDINGS_SHOWN)
            .map(|f| FindingRow {
                kind: text(f, "kind"),
                state: text(f, "state"),
                subject: text(f, "subject"),
                message: text(f, "message"),
                page: f.get("page").and_then(Value::as_str).map(str::to_owned),
            })
            .collect(),
        browser: report
            .as_ref()
            .and_then(|r| r.get("run"))
            .map(|run| text(run, "browser_product")),
        signed_by: report
            .as_ref()
            .and_then(|r| r.get("signature"))
            .and_then(|s| s.get("public_key"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        is_outdated: u64::try_from(scan.policy_revision).ok() != Some(revision),
    }
}

async fn render(
    app: &App,
    staff: &Staff,
    wanted: Option<i64>,
    notice: Option<&'static str>,
) -> Result<Response, PageError> {
    let tenant = &staff.visitor.tenant;
    let scans = app.store.site_scans(tenant.id).await?;
    let shown_id = wanted.or_else(|| scans.first().map(|s| s.id));
    let shown = match shown_id {
        Some(id) => match app.store.site_scan(tenant.id, id).await {
            Ok(scan) => Some(detail(&scan, tenant.policy_revision)),
            Err(StoreError::NotFound(_)) => return Err(PageError::NotFound),
            Err(other) => return Err(other.into()),
        },
        None => None,
    };
    let page = ScanPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/scan/").await?,
        is_configured: app.scans.is_configured(),
        revision: tenant.policy_revision,
        shown,
        history: scans.iter().map(row).collect(),
        notice,
    };
    let mut response = Html(app.pages.render("admin/site_scan.html", &page)?).into_response();
    // A running scan's page changes when it ends: never keep it.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /backoffice/scan/`: the last scan (or `?id=N`) and the list of kept ones.
pub async fn show_scan(
    State(app): State<AppState>,
    staff: Staff,
    Query(query): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let notice = match query.notice.as_deref() {
        Some("started") => Some("scan-notice-started"),
        Some("running") => Some("scan-notice-running"),
        _ => None,
    };
    render(&app, &staff, query.id, notice).await
}

/// `POST /backoffice/scan/`: starts a scan of the site as a visitor reaches it (this
/// request's scheme and host), unless one is running.
pub async fn start_scan(State(app): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let visitor = &staff.visitor;
    let scheme = if visitor.is_https { "https" } else { "http" };
    let url = format!("{scheme}://{}/", visitor.host);
    let now = app.clock.unix();
    let abandoned_secs = i64::try_from(ABANDONED_AFTER.as_secs()).unwrap_or(i64::MAX);
    let scan = NewScan {
        tenant_id: visitor.tenant.id,
        requested_by: &staff.user.email,
        url: &url,
        now,
        policy_revision: i64::try_from(visitor.tenant.policy_revision).unwrap_or(i64::MAX),
        abandoned_before: now.saturating_sub(abandoned_secs),
    };
    match app.scans.start(&app.store, &app.clock, scan).await {
        Ok(Some(_)) => Ok(Redirect::to("/backoffice/scan/?notice=started").into_response()),
        Ok(None) => Ok(Redirect::to("/backoffice/scan/?notice=running").into_response()),
        Err(StartError::NotConfigured) => {
            let mut page = render(&app, &staff, None, Some("scan-not-configured")).await?;
            *page.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            Ok(page)
        }
        Err(StartError::Store(error)) => Err(error.into()),
    }
}

/// `GET /backoffice/scan/{id}/report.json`: the kept report as the scanner wrote it (signed
/// when the server has a key), to hand to an auditor.
pub async fn download_report(
    State(app): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tenant = &staff.visitor.tenant;
    let scan = match app.store.site_scan(tenant.id, id).await {
        Ok(scan) => scan,
        Err(StoreError::NotFound(_)) => return Err(PageError::NotFound),
        Err(other) => return Err(other.into()),
    };
    let Some(report) = scan.report else {
        return Err(PageError::NotFound);
    };
    let filename = format!(
        "attachment; filename=\"scan-{}-{id}.json\"",
        tenant.slug.as_str()
    );
    let disposition =
        HeaderValue::from_str(&filename).unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        report,
    )
        .into_response())
}
