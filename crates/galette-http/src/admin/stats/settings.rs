//! `POST /backoffice/stats/settings`: how the site counts and how long it keeps what it
//! counted (the form at the foot of the dashboard). The recorder and the policy page read
//! the settings from the store, so a change applies to the next batch and the next page.

use super::period::parse_query;
use super::{PAGE_LIMIT, Staff, report, view};
use crate::admin::fields::Fields;
use crate::error::PageError;
use crate::extract::FormBody;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use galette_core::stats::settings::{StatSettings, StatSettingsError};

/// Fluent key of the sentence that says what was wrong.
fn refusal_key(error: &StatSettingsError) -> &'static str {
    match error {
        StatSettingsError::RawDays(_) => "stats-settings-error-raw-days",
        StatSettingsError::RetentionMonths(_) => "stats-settings-error-retention",
    }
}

/// The settings a form asks for: a checkbox is on when sent at all, numbers must be whole.
fn parse(fields: &Fields) -> Result<StatSettings, &'static str> {
    let number =
        |name: &str, key: &'static str| fields.get(name).trim().parse::<u32>().map_err(|_| key);
    StatSettings {
        honour_gpc: !fields.get("honour_gpc").is_empty(),
        count_staff: !fields.get("count_staff").is_empty(),
        raw_days: number("raw_days", "stats-settings-error-raw-days")?,
        retention_months: number("retention_months", "stats-settings-error-retention")?,
    }
    .validate()
    .map_err(|e| refusal_key(&e))
}

/// Saves the site's statistics settings, or shows the dashboard again with what was wrong.
pub async fn save_settings(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let tenant = &staff.visitor.tenant;
    match parse(&fields) {
        Ok(settings) => {
            app.store.set_stat_settings(tenant.id, &settings).await?;
            tracing::info!(
                tenant = %tenant.slug,
                user = staff.user.id,
                honour_gpc = settings.honour_gpc,
                count_staff = settings.count_staff,
                raw_days = settings.raw_days,
                retention_months = settings.retention_months,
                "statistics settings changed"
            );
            Ok((
                StatusCode::SEE_OTHER,
                [(header::LOCATION, "/backoffice/stats/#settings")],
            )
                .into_response())
        }
        Err(key) => {
            let query = parse_query(None, app.clock.unix()).map_err(PageError::BadRequest)?;
            let (report, scope) = report(&app, &staff, &query, PAGE_LIMIT).await?;
            let html = view::render(
                &app,
                &staff,
                &query,
                &report,
                scope.param.as_deref(),
                Some(key),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn an_unticked_box_is_off_and_numbers_are_bounded() {
        let settings = parse(&form(&[("raw_days", "3"), ("retention_months", " 13 ")])).unwrap();
        assert_eq!(
            settings,
            StatSettings {
                honour_gpc: false,
                count_staff: false,
                raw_days: 3,
                retention_months: 13,
            }
        );
        let ticked = form(&[
            ("honour_gpc", "on"),
            ("count_staff", "on"),
            ("raw_days", "31"),
            ("retention_months", "25"),
        ]);
        assert!(parse(&ticked).unwrap().honour_gpc);
        for (raw, months, key) in [
            ("0", "25", "stats-settings-error-raw-days"),
            ("32", "25", "stats-settings-error-raw-days"),
            ("seven", "25", "stats-settings-error-raw-days"),
            ("7", "26", "stats-settings-error-retention"),
            ("7", "", "stats-settings-error-retention"),
            ("7", "-1", "stats-settings-error-retention"),
        ] {
            let refused = parse(&form(&[("raw_days", raw), ("retention_months", months)]));
            assert_eq!(refused, Err(key), "{raw} {months}");
        }
    }
}
