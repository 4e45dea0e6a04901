//! Cookieless audience statistics, recorded by the real server (consent.md C-70…C-73,
//! docs/statistics.md): what is counted, what never is, the daily salt, retention, the queue.

use crate::explore::import_text;
use crate::helpers::{TestApp, set_cookies, unescape};
use galette_core::stats::settings::StatSettings;
use galette_core::stats::{DAY_SECS, day_of, day_start};
use galette_http::HttpSettings;
use galette_http::stats::{StatisticsSettings, maintain};
use reqwest::Method;
use std::time::{Duration, Instant};

const HOST: &str = "localhost";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/// A server that believes `X-Forwarded-For` from 127.0.0.1, as behind a reverse proxy.
async fn behind_proxy() -> TestApp {
    TestApp::spawn_with(HttpSettings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..HttpSettings::default()
    })
    .await
}

/// A page view from `address` with `agent` and extra headers; returns the response.
async fn view(
    app: &TestApp,
    host: &str,
    path: &str,
    address: &str,
    agent: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app
        .request(Method::GET, host, path)
        .header("User-Agent", agent)
        .header("X-Forwarded-For", address);
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response
}

async fn tenant_id(app: &TestApp, slug: &str) -> i64 {
    app.store.tenant_by_slug(slug).await.unwrap().unwrap().id
}

/// Writes what the server queued, then runs the maintenance round at the server's time.
async fn flush_and_roll_up(app: &TestApp) {
    let now = app.clock.unix();
    app.state.stats.flush(&app.store, day_of(now)).await;
    maintain(&app.store, now).await.unwrap();
}

/// `visitors/visits/pageviews/bounces/api_calls/downloads` of a site's day, or `none`.
async fn day_totals(app: &TestApp, tenant: i64, day: i64) -> String {
    let rows = app
        .raw_texts(&format!(
            "SELECT CAST(visitors AS TEXT) || '/' || CAST(visits AS TEXT) || '/' || \
             CAST(pageviews AS TEXT) || '/' || CAST(bounces AS TEXT) || '/' || \
             CAST(api_calls AS TEXT) || '/' || CAST(downloads AS TEXT) FROM stat_totals \
             WHERE tenant_id = {tenant} AND grain = 'day' AND start = {}",
            day_start(day)
        ))
        .await;
    rows.first().cloned().unwrap_or_else(|| "none".into())
}

/// `value=hits` of a breakdown dimension of a site's day, sorted by value.
async fn breakdown(app: &TestApp, tenant: i64, day: i64, dimension: &str) -> Vec<String> {
    app.raw_texts(&format!(
        "SELECT value || '=' || CAST(hits AS TEXT) FROM stat_breakdowns \
         WHERE tenant_id = {tenant} AND day = {day} AND dimension = '{dimension}' ORDER BY value"
    ))
    .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let rows = app
        .raw_texts(&format!("SELECT CAST(({sql}) AS TEXT)"))
        .await;
    rows[0].parse().unwrap()
}

#[tokio::test]
async fn two_visitors_give_their_visitors_visits_page_views_and_bounce() {
    let app = behind_proxy().await;
    let site = tenant_id(&app, "platform").await;
    let today = day_of(app.clock.unix());
    // A reads two pages, coming from a search engine; B, same browser, another address,
    // reads one page: a bounce.
    view(
        &app,
        HOST,
        "/?utm_source=x",
        "192.0.2.1",
        FIREFOX,
        &[("Referer", "https://www.search.example/q?x")],
    )
    .await;
    view(
        &app,
        HOST,
        "/cookie-policy/",
        "192.0.2.1",
        FIREFOX,
        &[("Referer", "http://localhost/")],
    )
    .await;
    view(&app, HOST, "/", "192.0.2.2", FIREFOX, &[]).await;
    flush_and_roll_up(&app).await;

    assert_eq!(day_totals(&app, site, today).await, "2/2/3/1/0/0");
    assert_eq!(
        breakdown(&app, site, today, "page").await,
        ["/=2", "/cookie-policy/=1"]
    );
    assert_eq!(breakdown(&app, site, today, "entry").await, ["/=3"]);
    assert_eq!(
        breakdown(&app, site, today, "referrer").await,
        ["=1", "search.example=2"]
    );
    assert_eq!(breakdown(&app, site, today, "browser").await, ["Firefox=3"]);
    assert_eq!(breakdown(&app, site, today, "language").await, ["en=3"]);
    // The hour's totals agree with the day's.
    let hours = count(
        &app,
        &format!(
            "SELECT SUM(pageviews) FROM stat_totals WHERE tenant_id = {site} AND grain = 'hour'"
        ),
    )
    .await;
    assert_eq!(hours, 3);
    // Neither the address nor the user agent is stored anywhere in the events.
    let stored = app
        .raw_texts(
            "SELECT COALESCE(visitor, '') || path || COALESCE(referrer, '') || language || device || browser FROM stat_events",
        )
        .await;
    assert_eq!(stored.len(), 3);
    assert!(
        stored
            .iter()
            .all(|s| !s.contains("192.0.2") && !s.contains("Mozilla") && !s.contains("utm"))
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_different_agents_are_different_visitors() {
    let app = TestApp::spawn().await;
    let site = tenant_id(&app, "civis").await;
    let today = day_of(app.clock.unix());
    // X-Forwarded-For from an untrusted peer is ignored: the address is 127.0.0.1 for all.
    view(&app, "civis.localhost", "/", "192.0.2.1", FIREFOX, &[]).await;
    view(&app, "civis.localhost", "/", "192.0.2.2", FIREFOX, &[]).await;
    view(&app, "civis.localhost", "/", "192.0.2.3", IPHONE, &[]).await;
    flush_and_roll_up(&app).await;
    assert_eq!(day_totals(&app, site, today).await, "2/2/3/1/0/0");
    assert_eq!(
        breakdown(&app, site, today, "device").await,
        ["desktop=2", "mobile=1"]
    );
    assert_eq!(breakdown(&app, site, today, "language").await, ["fr=3"]);
}

#[tokio::test]
async fn statistics_never_set_a_cookie() {
    let on = TestApp::spawn().await;
    let off = TestApp::spawn_with(HttpSettings {
        statistics: StatisticsSettings {
            enabled: false,
            ..StatisticsSettings::default()
        },
        ..HttpSettings::default()
    })
    .await;
    for path in [
        "/",
        "/cookie-policy/",
        "/datasets/",
        "/api/explore/v2.1/catalog/datasets",
    ] {
        let names = |r: &reqwest::Response| -> Vec<String> {
            let mut names: Vec<String> = set_cookies(r.headers())
                .iter()
                .map(|c| c.split('=').next().unwrap().to_owned())
                .collect();
            names.sort();
            names
        };
        let with = view(&on, HOST, path, "x", FIREFOX, &[]).await;
        let without = view(&off, HOST, path, "x", FIREFOX, &[]).await;
        assert_eq!(names(&with), names(&without), "{path}");
        assert!(
            names(&with).iter().all(|n| matches!(
                n.as_str(),
                "csrftoken" | "sessionid" | "django_language" | "cookies_preferences"
            )),
            "{path}"
        );
    }
    on.state
        .stats
        .flush(&on.store, day_of(on.clock.unix()))
        .await;
    assert_eq!(count(&on, "SELECT COUNT(*) FROM stat_events").await, 4);
    assert_eq!(count(&off, "SELECT COUNT(*) FROM stat_events").await, 0);
    // A server that records nothing says nothing of statistics in its policy for programs.
    let with: serde_json::Value = on
        .get(HOST, "/cookie-policy.json")
        .await
        .json()
        .await
        .unwrap();
    let without: serde_json::Value = off
        .get(HOST, "/cookie-policy.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(with["statistics"]["cookieless"], true);
    assert!(without.get("statistics").is_none());
}

#[tokio::test]
async fn the_previous_days_salt_and_visitor_hashes_are_gone_after_rollover() {
    let app = behind_proxy().await;
    let site = tenant_id(&app, "platform").await;
    let first_day = day_of(app.clock.unix());
    view(&app, HOST, "/", "192.0.2.1", FIREFOX, &[]).await;
    view(&app, HOST, "/", "192.0.2.2", CHROME, &[]).await;
    flush_and_roll_up(&app).await;
    assert_eq!(app.store.stat_salt_days().await.unwrap(), [first_day]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM stat_events WHERE visitor IS NOT NULL"
        )
        .await,
        2
    );

    app.clock.advance(Duration::from_secs(DAY_SECS as u64));
    // A visit on the new day, then the rollover.
    view(&app, HOST, "/", "192.0.2.1", FIREFOX, &[]).await;
    flush_and_roll_up(&app).await;
    let days = app.store.stat_salt_days().await.unwrap();
    assert_eq!(days, [first_day + 1], "only the new day's salt is kept");
    let stale = count(
        &app,
        &format!(
            "SELECT COUNT(*) FROM stat_events WHERE visitor IS NOT NULL AND at < {}",
            day_start(first_day + 1)
        ),
    )
    .await;
    assert_eq!(stale, 0, "the finished day's visitor hashes are cleared");
    // The finished day keeps its roll-up; the new day has its own.
    assert_eq!(day_totals(&app, site, first_day).await, "2/2/2/2/0/0");
    assert_eq!(day_totals(&app, site, first_day + 1).await, "1/1/1/1/0/0");
    // Another round changes nothing for the finished day (its hashes are gone, its
    // roll-up is not recomputed from them).
    maintain(&app.store, app.clock.unix()).await.unwrap();
    assert_eq!(day_totals(&app, site, first_day).await, "2/2/2/2/0/0");
}

#[tokio::test]
async fn bots_prefetches_and_opted_out_visits_are_not_counted() {
    let app = behind_proxy().await;
    let site = tenant_id(&app, "platform").await;
    let today = day_of(app.clock.unix());
    let googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    view(&app, HOST, "/", "192.0.2.9", googlebot, &[]).await;
    view(&app, HOST, "/", "192.0.2.9", "", &[]).await;
    view(
        &app,
        HOST,
        "/",
        "192.0.2.9",
        FIREFOX,
        &[("Sec-Purpose", "prefetch")],
    )
    .await;
    view(
        &app,
        HOST,
        "/",
        "192.0.2.9",
        FIREFOX,
        &[("Purpose", "prefetch")],
    )
    .await;
    view(&app, HOST, "/", "192.0.2.8", FIREFOX, &[("Sec-GPC", "1")]).await;
    view(&app, HOST, "/", "192.0.2.7", FIREFOX, &[("DNT", "1")]).await;
    view(&app, HOST, "/", "192.0.2.1", FIREFOX, &[]).await;
    // Not a page: a stylesheet, a 404, a POST.
    app.request(Method::GET, HOST, "/static/galette.css")
        .header("User-Agent", FIREFOX)
        .send()
        .await
        .unwrap();
    app.request(Method::GET, HOST, "/no-such-page/")
        .header("User-Agent", FIREFOX)
        .send()
        .await
        .unwrap();
    flush_and_roll_up(&app).await;
    assert_eq!(day_totals(&app, site, today).await, "1/1/1/1/0/0");

    // A site that does not honour GPC/DNT counts those visits.
    let settings = StatSettings {
        honour_gpc: false,
        ..StatSettings::default()
    };
    app.store.set_stat_settings(site, &settings).await.unwrap();
    view(&app, HOST, "/", "192.0.2.8", FIREFOX, &[("Sec-GPC", "1")]).await;
    view(&app, HOST, "/", "192.0.2.7", FIREFOX, &[("DNT", "1")]).await;
    flush_and_roll_up(&app).await;
    assert_eq!(day_totals(&app, site, today).await, "3/3/3/3/0/0");
}

#[tokio::test]
async fn signed_in_staff_are_left_out_unless_the_site_counts_them() {
    let app = TestApp::spawn().await;
    let site = tenant_id(&app, "platform").await;
    let today = day_of(app.clock.unix());
    app.add_user("platform", "admin@example.org", true).await;
    let session = app
        .login(HOST, "admin@example.org", crate::helpers::PASSWORD)
        .await;
    let cookie = format!("sessionid={session}");
    view(&app, HOST, "/", "x", FIREFOX, &[("Cookie", &cookie)]).await;
    flush_and_roll_up(&app).await;
    assert_eq!(day_totals(&app, site, today).await, "none");

    let settings = StatSettings {
        count_staff: true,
        ..StatSettings::default()
    };
    app.store.set_stat_settings(site, &settings).await.unwrap();
    view(&app, HOST, "/", "x", FIREFOX, &[("Cookie", &cookie)]).await;
    flush_and_roll_up(&app).await;
    assert_eq!(day_totals(&app, site, today).await, "1/1/1/1/0/0");
}

#[tokio::test]
async fn api_calls_and_downloads_are_counted_per_dataset_and_format() {
    let app = TestApp::spawn().await;
    import_text(&app, "tiny", "a,b\n1,2\n3,4\n");
    let site = tenant_id(&app, "cdmx").await;
    let today = day_of(app.clock.unix());
    let api = "/api/explore/v2.1/catalog";
    for path in [
        format!("{api}/datasets/tiny/records?limit=1"),
        format!("{api}/datasets/tiny/records"),
        format!("{api}/datasets"),
        format!("{api}/datasets/tiny/exports/csv"),
        format!("{api}/datasets/tiny/exports/json"),
    ] {
        view(
            &app,
            "cdmx.localhost",
            &path,
            "x",
            "python-requests/2.31",
            &[],
        )
        .await;
    }
    view(
        &app,
        "cdmx.localhost",
        "/datasets/tiny/?page=2",
        "x",
        FIREFOX,
        &[],
    )
    .await;
    let missing = app
        .get("cdmx.localhost", &format!("{api}/datasets/nope/records"))
        .await;
    assert_eq!(missing.status(), 404);
    flush_and_roll_up(&app).await;
    assert_eq!(day_totals(&app, site, today).await, "1/1/1/1/3/2");
    assert_eq!(breakdown(&app, site, today, "api").await, ["=1", "tiny=2"]);
    assert_eq!(
        breakdown(&app, site, today, "download").await,
        ["tiny/csv=1", "tiny/json=1"]
    );
    assert_eq!(breakdown(&app, site, today, "dataset").await, ["tiny=1"]);
    assert_eq!(
        breakdown(&app, site, today, "page").await,
        ["/datasets/tiny/=1"]
    );
}

#[tokio::test]
async fn retention_deletes_raw_events_and_roll_ups_older_than_the_site_keeps() {
    let app = TestApp::spawn().await;
    let site = tenant_id(&app, "platform").await;
    let now = app.clock.unix();
    let today = day_of(now);
    let old_event = day_start(today - 8) + 60;
    let kept_event = day_start(today - 6) + 60;
    let old_day = today - 26 * 31;
    let kept_day = today - 24 * 30;
    let mut sql = String::new();
    for at in [old_event, kept_event] {
        sql.push_str(&format!(
            "INSERT INTO stat_events (tenant_id, at, kind, path, language, device, browser) \
             VALUES ({site}, {at}, 'pageview', '/', 'en', 'desktop', 'Firefox');"
        ));
    }
    for day in [old_day, kept_day] {
        sql.push_str(&format!(
            "INSERT INTO stat_totals VALUES ({site}, 'day', {}, 1, 1, 1, 1, 0, 0, 0);\
             INSERT INTO stat_breakdowns VALUES ({site}, {day}, 'page', '/', 1, 1, 1);",
            day_start(day)
        ));
    }
    app.raw_sql(&sql).await;
    maintain(&app.store, now).await.unwrap();
    let ats = app
        .raw_texts("SELECT CAST(at AS TEXT) FROM stat_events")
        .await;
    assert_eq!(ats, [kept_event.to_string()]);
    let starts = app
        .raw_texts("SELECT CAST(start AS TEXT) FROM stat_totals")
        .await;
    assert_eq!(starts, [day_start(kept_day).to_string()]);
    let days = app
        .raw_texts("SELECT CAST(day AS TEXT) FROM stat_breakdowns")
        .await;
    assert_eq!(days, [kept_day.to_string()]);

    // A site that keeps raw events 3 days loses the one from 6 days ago.
    let settings = StatSettings {
        raw_days: 3,
        ..StatSettings::default()
    };
    app.store.set_stat_settings(site, &settings).await.unwrap();
    assert_eq!(app.store.stat_settings(site).await.unwrap(), settings);
    maintain(&app.store, now).await.unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM stat_events").await, 0);
}

#[tokio::test]
async fn a_full_queue_drops_and_counts_instead_of_waiting() {
    let app = TestApp::spawn_with(HttpSettings {
        statistics: StatisticsSettings {
            queue_capacity: 2,
            batch: 1000,
            flush_every: Duration::from_secs(3600),
            ..StatisticsSettings::default()
        },
        ..HttpSettings::default()
    })
    .await;
    // Let the flusher's first (immediate) round pass, so nothing drains the queue.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    for _ in 0..6 {
        view(&app, HOST, "/", "x", FIREFOX, &[]).await;
    }
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(app.state.stats.dropped(), 4);
    let outcome = app
        .state
        .stats
        .flush(&app.store, day_of(app.clock.unix()))
        .await;
    assert_eq!((outcome.written, outcome.dropped), (2, 0));
    assert_eq!(app.state.stats.dropped(), 4);
    assert_eq!(app.state.stats.written(), 2);
}

#[tokio::test]
async fn two_replicas_on_one_store_share_the_days_salt_and_count_one_visitor() {
    let app = behind_proxy().await;
    let site = tenant_id(&app, "platform").await;
    let today = day_of(app.clock.unix());
    // A second server on the same store, as a second replica behind the same proxy.
    let second = galette::startup::Application::build(
        app.store.clone(),
        HttpSettings {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..HttpSettings::default()
        },
        app.clock.clone(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let second_addr = second.local_addr().unwrap();
    let second_state = second.state();
    tokio::spawn(second.run());
    let second_client = reqwest::Client::builder()
        .resolve(HOST, second_addr)
        .build()
        .unwrap();

    // The visitor's requests alternate between the replicas.
    view(&app, HOST, "/", "192.0.2.1", FIREFOX, &[]).await;
    let response = second_client
        .get(format!(
            "http://{HOST}:{}/cookie-policy/",
            second_addr.port()
        ))
        .header("User-Agent", FIREFOX)
        .header("X-Forwarded-For", "192.0.2.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    second_state.stats.flush(&app.store, today).await;
    app.state.stats.flush(&app.store, today).await;
    // Each replica asking for the day's salt gets the one already made.
    assert_eq!(app.store.stat_salt_days().await.unwrap(), [today]);
    let salt = app.store.stat_salt(today).await.unwrap();
    assert_eq!(second_state.store.stat_salt(today).await.unwrap(), salt);
    // Both replicas run the maintenance round; the result is the same.
    maintain(&second_state.store, app.clock.unix())
        .await
        .unwrap();
    maintain(&app.store, app.clock.unix()).await.unwrap();
    assert_eq!(day_totals(&app, site, today).await, "1/1/2/0/0/0");
}

#[tokio::test]
async fn the_policy_page_says_how_the_numbers_are_made_anonymous_from_the_settings() {
    let app = TestApp::spawn().await;
    let page = |host: &'static str| {
        let app = &app;
        async move {
            let body = app.get(host, "/cookie-policy/").await.text().await.unwrap();
            crate::helpers::unescape(&body)
        }
    };
    let english = page(HOST).await;
    assert!(english.contains("Audience statistics without cookies"));
    assert!(english.contains("changes every day at midnight (UTC)"));
    assert!(english.contains("your visits are not counted at all"));
    assert!(english.contains("administrators are not counted"));
    assert!(english.contains("kept 7 days"));
    assert!(english.contains("kept 25 months"));
    let french = page("civis.localhost").await;
    assert!(french.contains("Statistiques d’audience sans cookie"));
    assert!(french.contains("gardés 7 jours"));

    let site = tenant_id(&app, "platform").await;
    let settings = StatSettings {
        honour_gpc: false,
        count_staff: true,
        raw_days: 1,
        retention_months: 13,
    };
    app.store.set_stat_settings(site, &settings).await.unwrap();
    let changed = page(HOST).await;
    assert!(
        changed.contains("Visits are counted even when the browser sends Global Privacy Control")
    );
    assert!(changed.contains("counted like any other"));
    assert!(changed.contains("kept one day"));
    assert!(changed.contains("kept 13 months"));
    assert!(!changed.contains("your visits are not counted at all"));
}

#[tokio::test]
async fn the_cli_shows_and_changes_a_sites_settings_within_bounds() {
    let app = TestApp::spawn().await;
    let site = tenant_id(&app, "platform").await;
    let galette = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_galette"))
            .args(app.store_args())
            .arg("stats")
            .args(args)
            .env("GALETTE_LOG", "warn")
            .output()
            .unwrap()
    };
    let shown = galette(&["--tenant", "platform"]);
    assert!(shown.status.success());
    assert!(String::from_utf8_lossy(&shown.stdout).contains("retention-months  25"));

    let changed = galette(&[
        "--tenant",
        "platform",
        "--honour-gpc",
        "false",
        "--raw-days",
        "3",
    ]);
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    let expected = StatSettings {
        honour_gpc: false,
        raw_days: 3,
        ..StatSettings::default()
    };
    assert_eq!(app.store.stat_settings(site).await.unwrap(), expected);

    let refused = galette(&["--tenant", "platform", "--retention-months", "26"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("from 1 to 25 months"));
    assert_eq!(app.store.stat_settings(site).await.unwrap(), expected);
}

#[tokio::test]
async fn identical_views_of_one_second_are_one_row_and_still_count_each() {
    let app = behind_proxy().await;
    let site = tenant_id(&app, "platform").await;
    let today = day_of(app.clock.unix());
    // Three reloads within milliseconds: at most two distinct seconds, so two at least merge.
    for _ in 0..3 {
        view(&app, HOST, "/", "192.0.2.1", FIREFOX, &[]).await;
    }
    flush_and_roll_up(&app).await;
    assert_eq!(app.state.stats.written(), 3);
    let rows = count(&app, "SELECT COUNT(*) FROM stat_events").await;
    assert!(rows < 3, "{rows} rows for three identical views");
    assert_eq!(
        rows,
        count(&app, "SELECT COUNT(DISTINCT at) FROM stat_events").await
    );
    assert_eq!(count(&app, "SELECT SUM(hits) FROM stat_events").await, 3);
    // One visit of three page views: no bounce.
    assert_eq!(day_totals(&app, site, today).await, "1/1/3/0/0/0");
    assert_eq!(breakdown(&app, site, today, "page").await, ["/=3"]);
    assert_eq!(breakdown(&app, site, today, "entry").await, ["/=3"]);
}

#[tokio::test]
async fn a_local_geoip_table_adds_the_country_and_the_policy_says_so() {
    let table = galette_core::stats::geoip::CountryTable::parse(
        "192.0.2.0,192.0.2.127,MX\n192.0.2.128,192.0.2.255,ES\n2001:db8::,2001:db8::ffff,PT\n",
    )
    .unwrap();
    let app = TestApp::spawn_with(HttpSettings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        statistics: StatisticsSettings {
            countries: Some(std::sync::Arc::new(table)),
            ..StatisticsSettings::default()
        },
        ..HttpSettings::default()
    })
    .await;
    let site = tenant_id(&app, "cdmx").await;
    let today = day_of(app.clock.unix());
    view(&app, "cdmx.localhost", "/", "192.0.2.1", FIREFOX, &[]).await;
    view(&app, "cdmx.localhost", "/", "192.0.2.2", CHROME, &[]).await;
    view(&app, "cdmx.localhost", "/", "192.0.2.200", FIREFOX, &[]).await;
    view(&app, "cdmx.localhost", "/", "2001:db8::7", IPHONE, &[]).await;
    // An address the table does not hold is counted, without a country.
    view(&app, "cdmx.localhost", "/", "198.51.100.9", FIREFOX, &[]).await;
    flush_and_roll_up(&app).await;
    assert_eq!(
        breakdown(&app, site, today, "country").await,
        ["ES=1", "MX=2", "PT=1"]
    );
    assert_eq!(day_totals(&app, site, today).await, "5/5/5/5/0/0");
    // Only the code is stored: no address, whole or in part.
    let mut stored = app
        .raw_texts("SELECT COALESCE(country, '-') FROM stat_events")
        .await;
    stored.sort();
    assert_eq!(stored, ["-", "ES", "MX", "MX", "PT"]);
    let policy = app
        .request(Method::GET, "cdmx.localhost", "/cookie-policy/")
        .header("Cookie", "django_language=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(unescape(&policy).contains("the country the address belongs to"));
    let json: serde_json::Value = app
        .get("cdmx.localhost", "/cookie-policy.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["statistics"]["records_country"], true);

    // Without a table (the default) no country is recorded and the policy says nothing of it.
    let plain = behind_proxy().await;
    view(&plain, "cdmx.localhost", "/", "192.0.2.1", FIREFOX, &[]).await;
    flush_and_roll_up(&plain).await;
    assert_eq!(
        count(
            &plain,
            "SELECT COUNT(*) FROM stat_events WHERE country IS NOT NULL"
        )
        .await,
        0
    );
    let policy = plain
        .request(Method::GET, "cdmx.localhost", "/cookie-policy/")
        .header("Cookie", "django_language=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!unescape(&policy).contains("the country the address belongs to"));
}
