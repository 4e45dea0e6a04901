//! The dashboard page: the report's numbers as the template draws them (metrics with their
//! change, the period picker's links, the charts' geometry, the top lists' columns).

use super::period::{PeriodKind, StatsQuery};
use super::report::{Report, Summary, TopList};
use super::svg::{BarChart, SeriesChart, bar_chart, series_chart};
use super::{PLATFORM_SLUG, Staff};
use crate::error::PageError;
use crate::layout::Layout;
use crate::state::App;
use serde::Serialize;

/// One headline number, this period and the previous one.
#[derive(Serialize)]
struct Metric {
    /// Fluent key of its name.
    key: &'static str,
    now: String,
    before: String,
    /// `+12 %`, `-5 %`, or `None` when the previous period had nothing.
    change: Option<String>,
}

/// A preset of the period picker.
#[derive(Serialize)]
struct Preset {
    key: &'static str,
    href: String,
    is_current: bool,
}

/// An entry of the platform administrators' site selector.
#[derive(Serialize)]
struct SiteOption {
    value: String,
    name: String,
    is_selected: bool,
}

/// A top list as drawn.
#[derive(Serialize)]
struct ListView<'a> {
    /// Element id stem and Fluent key stem (`stats-top-<dimension>`).
    dimension: &'static str,
    /// Fluent key of the value column's heading.
    value_key: &'static str,
    /// Fluent key of the counted column's heading (what the bars measure).
    count_key: &'static str,
    /// Whether rows have a format column (downloads).
    has_format: bool,
    rows: Vec<RowView<'a>>,
    chart: BarChart,
}

#[derive(Serialize)]
struct RowView<'a> {
    /// The value as shown (`None`: the catalogue for API calls, direct for referrers).
    value: Option<&'a str>,
    format: Option<&'a str>,
    count: u64,
}

#[derive(Serialize)]
struct StatsPage<'a> {
    #[serde(flatten)]
    layout: Layout,
    report: &'a Report,
    metrics: Vec<Metric>,
    presets: Vec<Preset>,
    is_custom: bool,
    sites: Vec<SiteOption>,
    site_param: Option<&'a str>,
    csv_href: String,
    json_href: String,
    chart: SeriesChart,
    lists: Vec<ListView<'a>>,
    /// Events the recorder dropped (its queue full).
    events_dropped: u64,
    /// The site's settings, as the form at the foot shows them.
    settings: SettingsView,
    /// Fluent key of what was wrong with the settings just sent.
    settings_error: Option<&'static str>,
}

/// The settings form's values.
#[derive(Serialize)]
struct SettingsView {
    honour_gpc: bool,
    count_staff: bool,
    raw_days: u32,
    retention_months: u32,
}

fn link(path: &str, pairs: &[(&str, &str)]) -> String {
    match serde_urlencoded::to_string(pairs) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    }
}

fn duration(secs: u64) -> String {
    if secs < 60 {
        format!("{secs} s")
    } else {
        format!("{} min {:02} s", secs / 60, secs % 60)
    }
}

fn metrics(report: &Report) -> Vec<Metric> {
    let now = &report.totals;
    let before = &report.previous.totals;
    let change = &report.change;
    let visitors_key = if report.visitors_are_visitor_days {
        "stats-visitor-days"
    } else {
        "stats-visitors"
    };
    let metric = |key, text: fn(&Summary) -> String, change: Option<i64>| Metric {
        key,
        now: text(now),
        before: text(before),
        change: change.map(|c| format!("{c:+} %")),
    };
    vec![
        metric(visitors_key, |s| s.visitors.to_string(), change.visitors),
        metric("stats-visits", |s| s.visits.to_string(), change.visits),
        metric(
            "stats-pageviews",
            |s| s.pageviews.to_string(),
            change.pageviews,
        ),
        metric(
            "stats-bounce-rate",
            |s| format!("{} %", s.bounce_rate),
            change.bounce_rate,
        ),
        metric(
            "stats-duration",
            |s| duration(s.visit_duration_secs),
            change.visit_duration_secs,
        ),
        metric(
            "stats-api-calls",
            |s| s.api_calls.to_string(),
            change.api_calls,
        ),
        metric(
            "stats-downloads",
            |s| s.downloads.to_string(),
            change.downloads,
        ),
    ]
}

fn list_view(list: &TopList) -> ListView<'_> {
    let (value_key, count_key) = match list.dimension {
        "page" => ("stats-col-page", "stats-pageviews"),
        "entry" => ("stats-col-page", "stats-visits"),
        "referrer" => ("stats-col-referrer", "stats-visits"),
        "language" => ("stats-col-language", "stats-pageviews"),
        "device" => ("stats-col-device", "stats-pageviews"),
        "browser" => ("stats-col-browser", "stats-pageviews"),
        "country" => ("stats-col-country", "stats-pageviews"),
        "dataset" => ("stats-col-dataset", "stats-pageviews"),
        "api" => ("stats-col-dataset", "stats-api-calls"),
        _ => ("stats-col-dataset", "stats-downloads"),
    };
    let by_visits = count_key == "stats-visits";
    let rows: Vec<RowView<'_>> = list
        .rows
        .iter()
        .map(|r| RowView {
            value: Some(r.value.as_str()).filter(|v| !v.is_empty()),
            format: r.format.as_deref(),
            count: if by_visits { r.visits } else { r.hits },
        })
        .collect();
    let bars: Vec<(String, u64)> = rows
        .iter()
        .map(|r| {
            let label = match (r.value, r.format) {
                (Some(v), Some(f)) => format!("{v} ({f})"),
                (Some(v), None) => v.to_owned(),
                (None, _) => "–".to_owned(),
            };
            (label, r.count)
        })
        .collect();
    ListView {
        dimension: list.dimension,
        value_key,
        count_key,
        has_format: list.dimension == "download",
        rows,
        chart: bar_chart(&bars),
    }
}

/// Renders the dashboard.
pub async fn render(
    app: &App,
    staff: &Staff,
    query: &StatsQuery,
    report: &Report,
    site_param: Option<&str>,
    settings_error: Option<&'static str>,
) -> Result<String, PageError> {
    let visitor = &staff.visitor;
    let settings = app.store.stat_settings(visitor.tenant.id).await?;
    let site_pair: Vec<(&str, &str)> = site_param.map(|s| ("site", s)).into_iter().collect();
    let presets = PeriodKind::PRESETS
        .into_iter()
        .map(|kind| {
            let mut pairs = vec![("period", kind.code())];
            pairs.extend(site_pair.iter().copied());
            Preset {
                key: match kind {
                    PeriodKind::Today => "stats-period-today",
                    PeriodKind::Days7 => "stats-period-7d",
                    PeriodKind::Days30 => "stats-period-30d",
                    _ => "stats-period-12mo",
                },
                href: link("/backoffice/stats/", &pairs),
                is_current: query.period.kind == kind,
            }
        })
        .collect();
    let mut same: Vec<(&str, &str)> = if query.period.kind == PeriodKind::Custom {
        vec![("from", report.from.as_str()), ("to", report.to.as_str())]
    } else {
        vec![("period", query.period.kind.code())]
    };
    same.extend(site_pair.iter().copied());
    let sites = if visitor.tenant.slug.as_str() == PLATFORM_SLUG {
        let mut options = vec![SiteOption {
            value: "all".into(),
            name: String::new(),
            is_selected: report.site == "all",
        }];
        for tenant in app.store.list_tenants().await? {
            options.push(SiteOption {
                is_selected: report.site == tenant.slug.as_str(),
                value: tenant.slug.as_str().to_owned(),
                name: tenant.name,
            });
        }
        options
    } else {
        Vec::new()
    };
    let buckets: Vec<(String, u64, u64)> = report
        .series
        .iter()
        .map(|p| {
            let label = if report.grain == "hour" {
                p.start.get(11..16).unwrap_or(&p.start).to_owned()
            } else {
                p.start.get(5..).unwrap_or(&p.start).to_owned()
            };
            (label, p.pageviews, p.visitors)
        })
        .collect();
    let page = StatsPage {
        layout: Layout::new(app, visitor, "/backoffice/stats/").await?,
        report,
        metrics: metrics(report),
        presets,
        is_custom: query.period.kind == PeriodKind::Custom,
        sites,
        site_param,
        csv_href: link("/backoffice/stats/export.csv", &same),
        json_href: link("/backoffice/stats.json", &same),
        chart: series_chart(&buckets),
        lists: report
            .top
            .iter()
            .filter(|l| l.dimension != "country" || !l.rows.is_empty())
            .map(list_view)
            .collect(),
        // filled by the recorder's counter after merge
        events_dropped: report.events_dropped,
        settings: SettingsView {
            honour_gpc: settings.honour_gpc,
            count_staff: settings.count_staff,
            raw_days: settings.raw_days,
            retention_months: settings.retention_months,
        },
        settings_error,
    };
    Ok(app.pages.render("admin/stats.html", &page)?)
}
