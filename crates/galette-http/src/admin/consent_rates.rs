//! `GET /backoffice/consent/`: how many visitors granted each optional category, per day.

use super::Staff;
use crate::error::PageError;
use crate::layout::Layout;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use galette_core::time::rfc3339_utc;
use serde::Serialize;

/// Days shown.
const DAYS: i64 = 30;

#[derive(Serialize)]
struct DayRow {
    date: String,
    choices: u64,
    /// Percentages (0–100) of choices granting functionality, statistics, marketing.
    rates: [u64; 3],
}

#[derive(Serialize)]
struct RatesPage {
    #[serde(flatten)]
    layout: Layout,
    days: Vec<DayRow>,
    total: u64,
    overall: [u64; 3],
}

fn percent(part: u64, whole: u64) -> u64 {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// The last 30 days, newest first, and the rates over all of them.
pub async fn show_rates(
    State(app): State<AppState>,
    staff: Staff,
) -> Result<Html<String>, PageError> {
    let visitor = &staff.visitor;
    let since = (app.clock.unix().div_euclid(86_400) - DAYS + 1) * 86_400;
    let days = app.store.consent_days(visitor.tenant.id, since).await?;
    let total: u64 = days.iter().map(|d| d.choices).sum();
    let granted_total = days.iter().fold([0u64; 3], |mut acc, d| {
        for (a, g) in acc.iter_mut().zip(d.granted) {
            *a += g;
        }
        acc
    });
    let page = RatesPage {
        layout: Layout::new(&app, visitor, "/backoffice/consent/").await?,
        days: days
            .iter()
            .rev()
            .map(|d| DayRow {
                date: rfc3339_utc(d.day * 86_400).chars().take(10).collect(),
                choices: d.choices,
                rates: d.granted.map(|g| percent(g, d.choices)),
            })
            .collect(),
        total,
        overall: granted_total.map(|g| percent(g, total)),
    };
    Ok(Html(app.pages.render("admin/consent_rates.html", &page)?))
}
