//! The audience statistics dashboard (`/backoffice/stats/`, its JSON and CSV): roll-ups
//! written through the store, numbers read back over HTTP as an administrator would.

use crate::helpers::{PASSWORD, TestApp, unescape};
use galette_store::{
    StatBreakdownRow, StatCounts, StatDimension, StatEntry, StatGrain, StatTotalsRow,
};
use reqwest::{Method, Response};
use serde_json::Value;

const DAY: i64 = 86_400;

fn today(app: &TestApp) -> i64 {
    app.clock.unix().div_euclid(DAY) * DAY
}

fn counts(visitors: u64, visits: u64, pageviews: u64, bounces: u64, duration: u64) -> StatCounts {
    StatCounts {
        visitors,
        visits,
        pageviews,
        bounces,
        duration_secs: duration,
        api_calls: 0,
        downloads: 0,
    }
}

async fn tenant_id(app: &TestApp, slug: &str) -> i64 {
    app.store.tenant_by_slug(slug).await.unwrap().unwrap().id
}

async fn day_rows(app: &TestApp, tenant_id: i64, days: std::ops::Range<i64>, c: StatCounts) {
    let today = today(app);
    let rows: Vec<StatTotalsRow> = days
        .map(|ago| StatTotalsRow {
            tenant_id,
            grain: StatGrain::Day,
            start: today - ago * DAY,
            counts: c,
        })
        .collect();
    app.store.insert_stat_totals(&rows).await.unwrap();
}

async fn breakdown(
    app: &TestApp,
    tenant_id: i64,
    ago: i64,
    dimension: StatDimension,
    value: &str,
    (visits, hits): (u64, u64),
) {
    let row = StatBreakdownRow {
        tenant_id,
        day: today(app) - ago * DAY,
        dimension,
        entry: StatEntry {
            value: value.into(),
            visitors: visits,
            visits,
            hits,
        },
    };
    app.store.insert_stat_breakdowns(&[row]).await.unwrap();
}

async fn sign_in(app: &TestApp, slug: &str, host: &str, is_admin: bool) -> String {
    let email = format!("{slug}-{is_admin}@example.org");
    app.add_user(slug, &email, is_admin).await;
    app.login(host, &email, PASSWORD).await
}

async fn get(app: &TestApp, host: &str, path: &str, session: &str) -> Response {
    app.request(Method::GET, host, path)
        .header("Cookie", format!("sessionid={session}"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
}

async fn json(app: &TestApp, host: &str, path: &str, session: &str) -> Value {
    let response = get(app, host, path, session).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// Seven days of traffic on cdmx, the seven before it at half the rate, and older rows
/// that no period of the tests reaches.
pub async fn seed_two_weeks(app: &TestApp) {
    let cdmx = tenant_id(app, "cdmx").await;
    let mut recent = counts(10, 12, 30, 6, 1200);
    recent.api_calls = 5;
    recent.downloads = 2;
    day_rows(app, cdmx, 0..7, recent).await;
    let mut before = counts(5, 6, 15, 3, 600);
    before.downloads = 1;
    day_rows(app, cdmx, 7..14, before).await;
    day_rows(app, cdmx, 400..401, counts(999, 999, 999, 0, 0)).await;
    use StatDimension::*;
    breakdown(app, cdmx, 1, Page, "/", (40, 100)).await;
    breakdown(app, cdmx, 2, Page, "/datasets/", (20, 50)).await;
    breakdown(app, cdmx, 3, Page, "/datasets/", (20, 60)).await;
    breakdown(app, cdmx, 10, Page, "/old/", (500, 1000)).await;
    breakdown(app, cdmx, 1, Entry, "/", (30, 30)).await;
    breakdown(app, cdmx, 1, Referrer, "search.example", (7, 9)).await;
    breakdown(app, cdmx, 1, Referrer, "", (20, 25)).await;
    breakdown(app, cdmx, 1, Language, "es", (40, 200)).await;
    breakdown(app, cdmx, 1, Download, "flights/csv", (0, 3)).await;
    breakdown(app, cdmx, 2, Download, "flights/json", (0, 1)).await;
    breakdown(app, cdmx, 1, Api, "", (0, 4)).await;
    breakdown(app, cdmx, 1, Api, "flights", (0, 9)).await;
}

fn top<'a>(report: &'a Value, dimension: &str) -> &'a Vec<Value> {
    report["top"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["dimension"] == dimension)
        .unwrap()["rows"]
        .as_array()
        .unwrap()
}

#[tokio::test]
async fn the_dashboard_adds_up_the_roll_ups_and_compares_with_the_previous_period() {
    let app = TestApp::spawn().await;
    seed_two_weeks(&app).await;
    let session = sign_in(&app, "cdmx", "cdmx.localhost", true).await;
    let report = json(
        &app,
        "cdmx.localhost",
        "/backoffice/stats.json?period=7d",
        &session,
    )
    .await;
    let totals = &report["totals"];
    assert_eq!(totals["visitors"], 70);
    assert_eq!(totals["visits"], 84);
    assert_eq!(totals["pageviews"], 210);
    assert_eq!(totals["bounce_rate"], 50);
    assert_eq!(totals["visit_duration_secs"], 100);
    assert_eq!(totals["api_calls"], 35);
    assert_eq!(totals["downloads"], 14);
    assert_eq!(report["visitors_are_visitor_days"], true);
    assert_eq!(report["previous"]["totals"]["visitors"], 35);
    assert_eq!(report["change"]["visitors"], 100);
    assert_eq!(report["change"]["bounce_rate"], 0);
    assert_eq!(report["change"]["api_calls"], Value::Null, "nothing before");
    assert_eq!(report["days"], 7);
    let series = report["series"].as_array().unwrap();
    assert_eq!(series.len(), 7);
    assert!(series.iter().all(|p| p["pageviews"] == 30));
    let pages = top(&report, "page");
    assert_eq!(
        pages.len(),
        2,
        "the page seen in the previous period only is left out"
    );
    assert_eq!(
        (&pages[0]["value"], &pages[0]["hits"]),
        (&"/datasets/".into(), &110.into())
    );
    assert_eq!(
        (&pages[1]["value"], &pages[1]["hits"]),
        (&"/".into(), &100.into())
    );
    let referrers = top(&report, "referrer");
    assert_eq!(referrers[0]["value"], "", "ranked by visits: direct first");
    let downloads = top(&report, "download");
    assert_eq!(
        (&downloads[0]["value"], &downloads[0]["format"]),
        (&"flights".into(), &"csv".into())
    );
    assert_eq!(top(&report, "api")[0]["value"], "flights");

    // `?format=json` on the page's own address gives the same report.
    let same = json(
        &app,
        "cdmx.localhost",
        "/backoffice/stats/?period=7d&format=json",
        &session,
    )
    .await;
    assert_eq!(same, report);

    // The page says what it counts, draws the charts and lists the same numbers.
    let response = get(
        &app,
        "cdmx.localhost",
        "/backoffice/stats/?period=7d",
        &session,
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Visitor-days"), "{html}");
    assert!(html.contains("counted again"), "the page says why");
    assert!(!html.contains(r#"<th scope="row">Unique visitors"#));
    assert!(
        html.contains("<td>70</td><td>35</td><td>+100 %</td>"),
        "{html}"
    );
    assert!(html.contains("<td>50 %</td><td>50 %</td><td>+0 %</td>"));
    assert!(html.contains("<td>1 min 40 s</td>"));
    assert!(html.contains("<code>/datasets/</code></td><td>110</td>"));
    assert!(html.contains("(direct or unknown)"));
    assert!(html.contains("(the catalogue)"));
    assert!(
        !html.contains("top-country"),
        "no country list without countries"
    );
    assert!(html.contains(r#"role="img" aria-labelledby="series-title series-desc""#));
    assert_eq!(
        html.matches(r#"role="img" aria-labelledby="#).count(),
        1 + 6,
        "the series and six non-empty lists (the header's bell is another, decorative, svg)"
    );
    assert!(html.contains(r#"href="/backoffice/stats/export.csv?period=7d""#));
    assert!(html.contains(r#"aria-current="page">Last 7 days"#));

    let csv = get(
        &app,
        "cdmx.localhost",
        "/backoffice/stats/export.csv?period=7d",
        &session,
    )
    .await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("section,value,format,visitors,visits,hits")
    );
    let total = lines.next().unwrap();
    assert!(
        total.starts_with("total,") && total.ends_with(",,70,84,210"),
        "{total}"
    );
    assert!(csv.contains("\npage,/datasets/,,40,40,110\n"));
    assert!(csv.contains("\ndownload,flights,csv,0,0,3\n"));
    assert_eq!(csv.lines().filter(|l| l.starts_with("series,")).count(), 7);

    // The back office links to it.
    let home = get(&app, "cdmx.localhost", "/backoffice/", &session).await;
    assert!(unescape(&home.text().await.unwrap()).contains(r#"href="/backoffice/stats/""#));
}

#[tokio::test]
async fn a_single_day_is_drawn_per_hour_and_counts_people() {
    let app = TestApp::spawn().await;
    let cdmx = tenant_id(&app, "cdmx").await;
    let today = today(&app);
    let hours: Vec<StatTotalsRow> = [(9, counts(3, 3, 7, 1, 60)), (14, counts(4, 5, 9, 2, 120))]
        .into_iter()
        .map(|(hour, c)| StatTotalsRow {
            tenant_id: cdmx,
            grain: StatGrain::Hour,
            start: today + hour * 3600,
            counts: c,
        })
        .collect();
    app.store.insert_stat_totals(&hours).await.unwrap();
    // The day's row knows that two of the hours' visitors were the same people.
    day_rows(&app, cdmx, 0..1, counts(5, 8, 16, 3, 180)).await;
    day_rows(&app, cdmx, 1..2, counts(2, 2, 4, 0, 0)).await;
    let session = sign_in(&app, "cdmx", "cdmx.localhost", true).await;
    let report = json(
        &app,
        "cdmx.localhost",
        "/backoffice/stats.json?period=today",
        &session,
    )
    .await;
    assert_eq!(report["grain"], "hour");
    assert_eq!(report["visitors_are_visitor_days"], false);
    assert_eq!(report["totals"]["visitors"], 5);
    assert_eq!(report["totals"]["pageviews"], 16);
    assert_eq!(report["totals"]["visits"], 8);
    assert_eq!(
        report["previous"]["totals"]["visitors"], 2,
        "yesterday, from its day row"
    );
    assert_eq!(report["change"]["visitors"], 150);
    let series = report["series"].as_array().unwrap();
    assert_eq!(series.len(), 24);
    assert_eq!(series[14]["pageviews"], 9);
    assert!(
        series[14]["start"]
            .as_str()
            .unwrap()
            .ends_with("T14:00:00Z")
    );
    let html = get(
        &app,
        "cdmx.localhost",
        "/backoffice/stats/?period=today",
        &session,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(html.contains("Unique visitors"));
    assert!(!html.contains("Visitor-days"));
    assert!(html.contains("hour by hour"));
}

#[tokio::test]
async fn malformed_periods_are_refused_with_a_sentence() {
    let app = TestApp::spawn().await;
    let session = sign_in(&app, "cdmx", "cdmx.localhost", true).await;
    let tomorrow = galette_core::time::rfc3339_utc(today(&app) + DAY);
    let tomorrow = &tomorrow[..10];
    for (query, sentence) in [
        (
            "period=week",
            "The period must be today, 7d, 30d, 12mo or custom.",
        ),
        (
            "from=2026-02-30&to=2026-03-01",
            "Dates are written YYYY-MM-DD",
        ),
        ("from=2026-03-01", "needs both a from date and a to date"),
        (
            "from=2026-03-02&to=2026-03-01",
            "must not come after the to date",
        ),
        ("from=2019-01-01&to=2025-01-01", "at most five years"),
        (
            &format!("from=2026-01-01&to={tomorrow}"),
            "must not be after today",
        ),
        ("period=7d&from=2026-03-01&to=2026-03-02", "not both"),
        ("format=xml", "The only other format is json."),
        ("period=7d&period=30d", "each at most once"),
        ("colour=red", "each at most once"),
    ] {
        let page = get(
            &app,
            "cdmx.localhost",
            &format!("/backoffice/stats/?{query}"),
            &session,
        )
        .await;
        assert_eq!(page.status(), 400, "{query}");
        assert!(page.text().await.unwrap().contains(sentence), "{query}");
        let csv = get(
            &app,
            "cdmx.localhost",
            &format!("/backoffice/stats/export.csv?{query}"),
            &session,
        )
        .await;
        assert_eq!(csv.status(), 400, "{query}");
        let api = get(
            &app,
            "cdmx.localhost",
            &format!("/backoffice/stats.json?{query}"),
            &session,
        )
        .await;
        assert_eq!(api.status(), 400, "{query}");
        let body: Value = api.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains(sentence),
            "{query}: {body}"
        );
    }
    // Five years to the day are allowed.
    let ok = get(
        &app,
        "cdmx.localhost",
        "/backoffice/stats.json?from=2020-01-02&to=2024-12-31",
        &session,
    )
    .await;
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn only_administrators_read_the_statistics_and_only_of_their_site() {
    let app = TestApp::spawn().await;
    seed_two_weeks(&app).await;
    let anonymous = app.get("cdmx.localhost", "/backoffice/stats/").await;
    assert!(anonymous.status().is_redirection());
    let anonymous = app.get("cdmx.localhost", "/backoffice/stats.json").await;
    assert!(anonymous.status().is_redirection());
    let reader = sign_in(&app, "cdmx", "cdmx.localhost", false).await;
    for path in [
        "/backoffice/stats/",
        "/backoffice/stats.json",
        "/backoffice/stats/export.csv",
    ] {
        assert_eq!(
            get(&app, "cdmx.localhost", path, &reader).await.status(),
            403,
            "{path}"
        );
    }
    let admin = sign_in(&app, "cdmx", "cdmx.localhost", true).await;
    for query in ["site=all", "site=civis", "site=platform"] {
        let path = format!("/backoffice/stats.json?{query}");
        assert_eq!(
            get(&app, "cdmx.localhost", &path, &admin).await.status(),
            403,
            "{query}"
        );
    }
    let own = json(
        &app,
        "cdmx.localhost",
        "/backoffice/stats.json?period=7d&site=cdmx",
        &admin,
    )
    .await;
    assert_eq!(own["totals"]["visitors"], 70);
    // Another site's administrator sees nothing of cdmx's numbers.
    let civis = sign_in(&app, "civis", "civis.localhost", true).await;
    let theirs = json(
        &app,
        "civis.localhost",
        "/backoffice/stats.json?period=7d",
        &civis,
    )
    .await;
    assert_eq!(theirs["totals"]["visitors"], 0);
    assert!(top(&theirs, "page").is_empty());
    let html = get(&app, "civis.localhost", "/backoffice/stats/", &civis)
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains(r#"id="stats-site""#), "no site selector");
}

#[tokio::test]
async fn platform_administrators_see_every_site_or_any_one() {
    let app = TestApp::spawn().await;
    seed_two_weeks(&app).await;
    let civis = tenant_id(&app, "civis").await;
    day_rows(&app, civis, 0..7, counts(1, 1, 2, 0, 0)).await;
    breakdown(&app, civis, 1, StatDimension::Page, "/datasets/", (1, 5)).await;
    let session = sign_in(&app, "platform", "localhost", true).await;
    let own = json(
        &app,
        "localhost",
        "/backoffice/stats.json?period=7d",
        &session,
    )
    .await;
    assert_eq!(
        (&own["site"], &own["totals"]["visitors"]),
        (&"platform".into(), &0.into())
    );
    let all = json(
        &app,
        "localhost",
        "/backoffice/stats.json?period=7d&site=all",
        &session,
    )
    .await;
    assert_eq!(all["site"], "all");
    assert_eq!(all["totals"]["visitors"], 77);
    assert_eq!(all["totals"]["pageviews"], 224);
    assert_eq!(
        top(&all, "page")[0]["hits"],
        115,
        "one path, added over the sites"
    );
    let one = json(
        &app,
        "localhost",
        "/backoffice/stats.json?period=7d&site=civis",
        &session,
    )
    .await;
    assert_eq!(one["totals"]["visitors"], 7);
    let unknown = get(
        &app,
        "localhost",
        "/backoffice/stats/?site=nowhere",
        &session,
    )
    .await;
    assert_eq!(unknown.status(), 400);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("There is no site with that slug.")
    );
    let html = unescape(
        &get(
            &app,
            "localhost",
            "/backoffice/stats/?period=7d&site=all",
            &session,
        )
        .await
        .text()
        .await
        .unwrap(),
    );
    assert!(
        html.contains(r#"<option value="all" selected>All sites</option>"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="cdmx">"#));
    assert!(html.contains("Every site, added together."));
    assert!(
        html.contains(r#"href="/backoffice/stats/?period=30d&site=all""#),
        "links keep the site: {html}"
    );
}

#[tokio::test]
async fn long_periods_read_monthly_sums_that_match_the_days_and_follow_retention() {
    let app = TestApp::spawn().await;
    let cdmx = tenant_id(&app, "cdmx").await;
    day_rows(&app, cdmx, 0..120, counts(1, 1, 4, 0, 0)).await;
    let today = today(&app);
    let mut rows = Vec::new();
    for ago in 0..120 {
        for (value, hits, since) in [("/a", 1, 0), ("/b", 3, 60)] {
            if ago >= since {
                rows.push(StatBreakdownRow {
                    tenant_id: cdmx,
                    day: today - ago * DAY,
                    dimension: StatDimension::Page,
                    entry: StatEntry {
                        value: value.into(),
                        visitors: 1,
                        visits: 1,
                        hits,
                    },
                });
            }
        }
    }
    app.store.insert_stat_breakdowns(&rows).await.unwrap();
    let session = sign_in(&app, "cdmx", "cdmx.localhost", true).await;
    let hits = |report: &Value| -> Vec<(String, u64)> {
        top(report, "page")
            .iter()
            .map(|r| {
                (
                    r["value"].as_str().unwrap().to_owned(),
                    r["hits"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let path = "/backoffice/stats.json?period=12mo";
    let first = json(&app, "cdmx.localhost", path, &session).await;
    assert_eq!(hits(&first), [("/b".into(), 180), ("/a".into(), 120)]);
    let months = app
        .raw_texts("SELECT CAST(COUNT(*) AS TEXT) FROM stat_months_summed")
        .await;
    assert!(
        months[0].parse::<u32>().unwrap() >= 2,
        "settled months are summed: {months:?}"
    );
    let again = json(&app, "cdmx.localhost", path, &session).await;
    assert_eq!(
        hits(&again),
        hits(&first),
        "the sums give the days' numbers"
    );
    // A custom period cutting months in half reads their days.
    let from = galette_core::time::rfc3339_utc(today - 100 * DAY);
    let to = galette_core::time::rfc3339_utc(today - 50 * DAY);
    let part = format!(
        "/backoffice/stats.json?from={}&to={}",
        &from[..10],
        &to[..10]
    );
    let part = json(&app, "cdmx.localhost", &part, &session).await;
    assert_eq!(hits(&part), [("/b".into(), 3 * 41), ("/a".into(), 51)]);

    // Retention deletes the days older than 90 days: the dashboard shows none of them,
    // and their monthly sums go too.
    let cutoff = today / DAY - 90;
    app.raw_sql(&format!(
        "DELETE FROM stat_breakdowns WHERE day < {cutoff}; \
         DELETE FROM stat_totals WHERE start < {}",
        cutoff * DAY
    ))
    .await;
    let after = json(&app, "cdmx.localhost", path, &session).await;
    assert_eq!(hits(&after), [("/b".into(), 3 * 31), ("/a".into(), 91)]);
    let left = app
        .raw_texts(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) FROM stat_month_breakdowns WHERE month < {cutoff}"
        ))
        .await;
    assert_eq!(left, ["0"]);
}

#[tokio::test]
async fn administrators_change_how_the_site_counts_and_the_policy_page_says_so() {
    let app = TestApp::spawn().await;
    let host = "cdmx.localhost";
    let tenant = tenant_id(&app, "cdmx").await;
    let admin = sign_in(&app, "cdmx", host, true).await;
    let session = format!("sessionid={admin}; django_language=en");
    let page = get(&app, host, "/backoffice/stats/", &admin).await;
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"id="settings""#),
        "the form is on the dashboard"
    );
    assert!(
        html.contains(r#"name="honour_gpc" checked"#),
        "GPC honoured by default"
    );

    // Saved: the boxes not sent are off, the numbers kept as given.
    let saved = app
        .post_form(
            host,
            "/backoffice/stats/settings",
            &[
                ("count_staff", "on"),
                ("raw_days", "3"),
                ("retention_months", "13"),
            ],
            &session,
        )
        .await;
    assert_eq!(saved.status(), 303);
    let settings = app.store.stat_settings(tenant).await.unwrap();
    assert!(!settings.honour_gpc && settings.count_staff);
    assert_eq!((settings.raw_days, settings.retention_months), (3, 13));
    let html = get(&app, host, "/backoffice/stats/", &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"name="count_staff" checked"#));
    assert!(!html.contains(r#"name="honour_gpc" checked"#));
    // The policy page describes the new settings at once.
    let policy = app
        .request(Method::GET, host, "/cookie-policy/")
        .header("Cookie", "django_language=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let policy = unescape(&policy);
    assert!(policy.contains("counted even when the browser sends Global Privacy Control"));
    assert!(policy.contains("signed-in administrators are counted like any other"));
    // And so does the policy for programs.
    let json: Value = app
        .request(Method::GET, host, "/cookie-policy.json")
        .header("Cookie", "django_language=en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stats = &json["statistics"];
    assert_eq!(stats["cookieless"], true);
    assert_eq!(stats["honours_gpc"], false);
    assert_eq!(stats["counts_staff"], true);
    assert_eq!(
        (
            stats["raw_days"].as_u64(),
            stats["retention_months"].as_u64()
        ),
        (Some(3), Some(13))
    );
    assert_eq!(stats["records_country"], false);
    let notice: Vec<&str> = stats["notice"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        notice
            .iter()
            .any(|line| line.contains("3 days") && line.contains("13 months")),
        "{notice:?}"
    );

    // Out of bounds or not numbers: the form again with the reason, nothing changed.
    for (raw, months, reason) in [
        ("0", "13", "from 1 to 31"),
        ("40", "13", "from 1 to 31"),
        ("three", "13", "from 1 to 31"),
        ("3", "26", "from 1 to 25"),
        ("3", "", "from 1 to 25"),
    ] {
        let refused = app
            .post_form(
                host,
                "/backoffice/stats/settings",
                &[("raw_days", raw), ("retention_months", months)],
                &session,
            )
            .await;
        assert_eq!(refused.status(), 422, "{raw} {months}");
        assert!(unescape(&refused.text().await.unwrap()).contains(reason));
        assert_eq!(app.store.stat_settings(tenant).await.unwrap(), settings);
    }

    // Only the site's administrators, and only with the form's token.
    let reader = sign_in(&app, "cdmx", host, false).await;
    let fields = [("raw_days", "1"), ("retention_months", "1")];
    let refused = app
        .post_form(
            host,
            "/backoffice/stats/settings",
            &fields,
            &format!("sessionid={reader}"),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let forged = app
        .request(Method::POST, host, "/backoffice/stats/settings")
        .header("Cookie", session.clone())
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let other = sign_in(&app, "civis", "civis.localhost", true).await;
    let theirs = app
        .post_form(
            "civis.localhost",
            "/backoffice/stats/settings",
            &fields,
            &format!("sessionid={other}"),
        )
        .await;
    assert_eq!(
        theirs.status(),
        303,
        "civis's administrator changes civis's settings"
    );
    assert_eq!(
        app.store.stat_settings(tenant).await.unwrap(),
        settings,
        "and never cdmx's"
    );
}
