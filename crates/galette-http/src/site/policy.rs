//! The cookie policy, generated from the tenant's registry, as a page and as JSON.

use crate::error::PageError;
use crate::extract::Visitor;
use crate::layout::Layout;
use crate::layout::cached::PageFrame;
use crate::page_cache::PageSources;
use crate::state::{App, AppState};
use axum::Json;
use axum::extract::State;
use axum::response::Html;
use galette_core::language::Language;
use galette_core::policy::{PolicyView, build_policy};
use galette_core::registry::{Category, Lifetime, Party};
use galette_core::stats::settings::{NoticeLine, policy_notice};
use galette_core::time::rfc3339_utc;
use serde::Serialize;

#[derive(Serialize)]
struct PolicyPage {
    #[serde(flatten)]
    layout: Layout,
    intro: &'static str,
    hostname: String,
    has_provider: bool,
    last_update: Option<String>,
    revision: u64,
    revision_date: String,
    sections: Vec<SectionView>,
    third_parties: Vec<ThirdPartyView>,
    /// The statistics section, from the site's settings (empty when nothing is recorded).
    statistics: Vec<NoticeLine>,
}

/// Third-party content the site may embed, shown in the policy with what it needs.
#[derive(Serialize)]
pub(crate) struct ThirdPartyView {
    name: String,
    category: Category,
    origins: Vec<String>,
    cookies: Vec<String>,
    description: String,
}

fn third_parties(visitor: &Visitor) -> Vec<ThirdPartyView> {
    visitor
        .registry
        .integrations
        .iter()
        .map(|i| ThirdPartyView {
            name: i.name.clone(),
            category: i.category,
            origins: i.origins.clone(),
            cookies: i.cookies.iter().map(|c| c.as_str().to_owned()).collect(),
            description: i
                .texts
                .get(&visitor.lang)
                .or_else(|| i.texts.get(&visitor.tenant.default_language))
                .or_else(|| i.texts.values().next())
                .cloned()
                .unwrap_or_default(),
        })
        .collect()
}

/// A policy section with its rows ready to print.
#[derive(Serialize)]
pub(crate) struct SectionView {
    category: Category,
    needs_consent: bool,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
pub(crate) struct RowView {
    name: String,
    is_wildcard: bool,
    provider: Option<String>,
    party: Party,
    lifetime: Lifetime,
    lifetime_text: String,
    function_location: String,
    purpose: String,
    text_language: Language,
}

fn policy_view(visitor: &Visitor) -> PolicyView {
    build_policy(&visitor.tenant, &visitor.registry.cookies, visitor.lang)
}

/// The day the current revision took effect (C-31): the site's stated date for its first
/// revision (the platform's seed says 2021-03-30), else the recorded date of the revision.
fn revision_date(visitor: &Visitor) -> String {
    let day = |t: i64| -> String { rfc3339_utc(t).chars().take(10).collect() };
    let stated = visitor
        .tenant
        .policy_last_update
        .clone()
        .filter(|_| visitor.tenant.policy_revision == 1);
    stated
        .or_else(|| visitor.registry.revised_at.map(day))
        .unwrap_or_else(|| day(visitor.tenant.created_at))
}

fn sections(app: &App, view: PolicyView) -> Vec<SectionView> {
    let lang = view.language;
    view.sections
        .into_iter()
        .map(|s| SectionView {
            category: s.category,
            needs_consent: s.needs_consent,
            rows: s
                .rows
                .into_iter()
                .map(|r| RowView {
                    lifetime_text: app.pages.lifetime_text(lang, r.lifetime),
                    name: r.name,
                    is_wildcard: r.is_wildcard,
                    provider: r.provider,
                    party: r.party,
                    lifetime: r.lifetime,
                    function_location: r.function_location,
                    purpose: r.purpose,
                    text_language: r.text_language,
                })
                .collect(),
        })
        .collect()
}

/// `GET /cookie-policy/`: the policy in the visitor's language.
pub async fn show_policy(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Html<String>, PageError> {
    let settings = if app.stats.enabled() {
        Some(app.stat_settings.of(&app.store, visitor.tenant.id).await?)
    } else {
        None
    };
    let mut sources = PageSources::new(&visitor.tenant, &visitor.registry);
    if let Some(settings) = settings {
        sources = sources.with_stat_settings(settings);
    }
    let frame = PageFrame::open(
        &app,
        &visitor,
        "site/cookie_policy.html",
        "/cookie-policy/",
        sources,
    )
    .await?;
    if let Some(page) = frame.reuse(&app, &visitor) {
        return Ok(Html(page));
    }
    let view = policy_view(&visitor);
    let page = PolicyPage {
        layout: frame.layout(&visitor),
        intro: visitor.tenant.policy_intro.code(),
        hostname: visitor
            .tenant
            .hostnames
            .first()
            .cloned()
            .unwrap_or_default(),
        has_provider: view.has_provider,
        last_update: view.last_update.clone(),
        revision: visitor.tenant.policy_revision,
        revision_date: revision_date(&visitor),
        sections: sections(&app, view),
        third_parties: third_parties(&visitor),
        statistics: settings
            .map(|settings| policy_notice(&settings, app.stats.settings().countries.is_some()))
            .unwrap_or_default(),
    };
    Ok(Html(frame.render(&app, &visitor, &page)?))
}

#[derive(Serialize)]
pub(crate) struct CookieType {
    kind: &'static str,
    needs_consent: &'static str,
    description: String,
}

#[derive(Serialize)]
pub(crate) struct PolicyJson {
    site: String,
    language: Language,
    last_update: Option<String>,
    revision: u64,
    revision_date: String,
    intro: String,
    has_provider: bool,
    cookie_types: Vec<CookieType>,
    sections: Vec<SectionView>,
    third_parties: Vec<ThirdPartyView>,
    /// How the site measures its audience without cookies; absent when it records nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<StatisticsJson>,
}

/// The audience measurement's facts: what the policy page's statistics section says.
#[derive(Serialize)]
pub(crate) struct StatisticsJson {
    /// No cookie and no storage in the browser: always true, stated for programs.
    cookieless: bool,
    /// Browsers sending Global Privacy Control or Do Not Track are not counted.
    honours_gpc: bool,
    /// The site's signed-in administrators are counted.
    counts_staff: bool,
    /// Days raw events are kept.
    raw_days: u32,
    /// Months the aggregates are kept.
    retention_months: u32,
    /// The country of the address is kept (a local GeoIP table is configured).
    records_country: bool,
    /// The sentences of the policy page's statistics section, in the page's language.
    notice: Vec<String>,
}

/// The four kinds of cookie the policy explains, and when each needs consent.
const COOKIE_TYPES: [(&str, &str); 4] = [
    ("necessary", "never"),
    ("statistics", "unless-anonymised"),
    ("first-party", "yes"),
    ("third-party", "yes"),
];

/// `GET /cookie-policy.json`: the same facts for programs.
pub async fn policy_json(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Json<PolicyJson>, PageError> {
    let view = policy_view(&visitor);
    let lang = visitor.lang;
    let intro_key = format!("policy-intro-{}", visitor.tenant.policy_intro.code());
    Ok(Json(PolicyJson {
        site: visitor.tenant.name.clone(),
        language: lang,
        last_update: view.last_update.clone(),
        revision: visitor.tenant.policy_revision,
        revision_date: revision_date(&visitor),
        intro: app.pages.text(lang, &intro_key),
        has_provider: view.has_provider,
        cookie_types: COOKIE_TYPES
            .into_iter()
            .map(|(kind, needs_consent)| CookieType {
                kind,
                needs_consent,
                description: app.pages.text(lang, &format!("policy-type-{kind}")),
            })
            .collect(),
        sections: sections(&app, view),
        third_parties: third_parties(&visitor),
        statistics: if app.stats.enabled() {
            let settings = app.stat_settings.of(&app.store, visitor.tenant.id).await?;
            let records_country = app.stats.settings().countries.is_some();
            Some(StatisticsJson {
                cookieless: true,
                honours_gpc: settings.honour_gpc,
                counts_staff: settings.count_staff,
                raw_days: settings.raw_days,
                retention_months: settings.retention_months,
                records_country,
                notice: policy_notice(&settings, records_country)
                    .iter()
                    .map(|line| {
                        let mut args = fluent_bundle::FluentArgs::new();
                        args.set("days", line.days);
                        args.set("months", line.months);
                        app.pages.text_with(lang, line.key, &args)
                    })
                    .collect(),
            })
        } else {
            None
        },
    }))
}
