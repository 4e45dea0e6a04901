//! The consent engine over HTTP: banner, centre, choice cookie, GPC, the guard, CSP
//! (consent.md C-01…C-60).

use crate::helpers::{
    DEMO_SITES, TestApp, assert_cookie_shape, cookie_value, header, set_cookie, set_cookies,
    unescape,
};
use reqwest::{Method, Response};
use std::time::Duration;

const CDMX: &str = "cdmx.localhost";
const PLATFORM: &str = "localhost";

async fn page(app: &TestApp, host: &str, path: &str, cookie: &str) -> Response {
    let mut request = app.request(Method::GET, host, path);
    if !cookie.is_empty() {
        request = request.header("Cookie", cookie);
    }
    request.send().await.unwrap()
}

fn has_banner(html: &str) -> bool {
    html.contains("data-consent-banner")
}

#[tokio::test]
async fn a_first_visit_shows_the_banner_and_sets_only_the_csrf_cookie_on_every_site() {
    let app = TestApp::spawn().await;
    for (host, _) in DEMO_SITES {
        let response = app.get(host, "/").await;
        let names: Vec<String> = set_cookies(response.headers())
            .iter()
            .map(|c| c.split('=').next().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["csrftoken"], "{host} (C-51)");
        let html = unescape(&response.text().await.unwrap());
        assert!(has_banner(&html), "{host} (C-01)");
        assert!(
            html.contains(r#"<form method="post" action="/cookies/""#),
            "{host} (C-02)"
        );
        assert!(html.contains(
            r#"<button type="submit" name="action" value="reject_all" class="consent-button">"#
        ));
        assert!(html.contains(
            r#"<button type="submit" name="action" value="accept_all" class="consent-button">"#
        ));
        assert!(html.contains(r#"<a class="consent-customise" href="/cookies/">"#));
        assert!(
            html.contains(r#"role="region" aria-labelledby="consent-banner-title""#),
            "C-03"
        );
        assert!(
            html.contains(r#"<a href="/cookies/">"#),
            "the footer's cookie settings link (C-11)"
        );
    }
}

#[tokio::test]
async fn rejecting_all_stores_a_signed_refusal_for_182_days_and_the_banner_goes() {
    let app = TestApp::spawn().await;
    let response = app.choose(CDMX, "reject_all", &[], "").await;
    assert_eq!(response.status(), 303);
    assert_eq!(header(response.headers(), "location"), "/");
    let cookie = set_cookie(response.headers(), "cookies_preferences").unwrap();
    assert_cookie_shape(
        &cookie,
        r"cookies_preferences=v1\.1\.none\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}; expires=DATE; Max-Age=15724800; Path=/; SameSite=Lax",
    );
    let value = cookie_value(response.headers(), "cookies_preferences").unwrap();
    let html = page(&app, CDMX, "/", &format!("cookies_preferences={value}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!has_banner(&html), "C-01: a valid choice hides the banner");
}

#[tokio::test]
async fn accepting_all_grants_every_optional_category_but_marketing_under_gpc() {
    let app = TestApp::spawn().await;
    let all = app.choice_cookie(PLATFORM, "accept_all", &[]).await;
    assert!(
        all.starts_with("v1.1.functionality-statistics-marketing."),
        "{all}"
    );
    let response = app
        .request(Method::POST, PLATFORM, "/cookies/")
        .header("Sec-GPC", "1")
        .header("Accept", "application/json")
        .header(
            "Cookie",
            format!("csrftoken={}", app.csrf_pair(PLATFORM).await.0),
        )
        .header("X-CSRFToken", app.csrf_pair(PLATFORM).await.0)
        .form(&[("action", "accept_all")])
        .send()
        .await
        .unwrap();
    // The header token and cookie above come from two different pages: refused.
    assert_eq!(response.status(), 403);
    let (secret, _) = app.csrf_pair(PLATFORM).await;
    let response = app
        .request(Method::POST, PLATFORM, "/cookies/")
        .header("Sec-GPC", "1")
        .header("Accept", "application/json")
        .header("Cookie", format!("csrftoken={secret}"))
        .header("X-CSRFToken", &secret)
        .form(&[("action", "accept_all")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "C-06");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["granted"],
        serde_json::json!(["functionality", "statistics"]),
        "C-40"
    );
    assert_eq!(body["revision"], 1);
    assert_eq!(body["consent_id"].as_str().unwrap().len(), 22);
}

#[tokio::test]
async fn a_choice_without_a_valid_csrf_token_is_refused_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let response = app
        .request(Method::POST, CDMX, "/cookies/")
        .form(&[("action", "accept_all")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(set_cookie(response.headers(), "cookies_preferences").is_none());
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    assert!(
        app.store
            .consent_records(tenant.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_tampered_or_foreign_choice_counts_as_no_choice() {
    let app = TestApp::spawn().await;
    let value = app.choice_cookie(CDMX, "accept_all", &[]).await;
    let tampered = value.replacen(
        "functionality-statistics-marketing",
        "functionality-statistics",
        1,
    );
    let html = page(&app, CDMX, "/", &format!("cookies_preferences={tampered}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(has_banner(&html), "a bad MAC is no choice (C-21)");
    let html = page(
        &app,
        "civis.localhost",
        "/",
        &format!("cookies_preferences={value}"),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(has_banner(&html), "another site's choice is no choice here");
}

#[tokio::test]
async fn the_centre_never_pre_ticks_and_saving_grants_exactly_the_ticked_categories() {
    let app = TestApp::spawn().await;
    let html = unescape(&app.get(PLATFORM, "/cookies/").await.text().await.unwrap());
    for code in ["functionality", "statistics", "marketing"] {
        let tag =
            format!(r#"<input type="checkbox" name="categories" value="{code}" id="cat-{code}">"#);
        assert!(html.contains(&tag), "unticked {code} (C-10)");
        assert!(html.contains(&format!(r#"<label for="cat-{code}">"#)));
    }
    assert!(html.contains(r#"<input type="checkbox" id="cat-necessary" checked disabled>"#));
    assert!(
        html.contains("_BEAMER*") && html.contains("Vimeo"),
        "the centre names the cookies and content"
    );
    let value = app.choice_cookie(PLATFORM, "save", &["statistics"]).await;
    assert!(value.starts_with("v1.1.statistics."), "{value}");
    let html = unescape(
        &page(
            &app,
            PLATFORM,
            "/cookies/",
            &format!("cookies_preferences={value}"),
        )
        .await
        .text()
        .await
        .unwrap(),
    );
    assert!(
        html.contains(r#"value="statistics" id="cat-statistics" checked>"#),
        "the boxes show the choice"
    );
    assert!(html.contains(r#"value="marketing" id="cat-marketing">"#));
    let bad = app.choose(PLATFORM, "save", &["necessary"], "").await;
    assert_eq!(bad.status(), 400);
    let bad = app.choose(PLATFORM, "maybe", &[], "").await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn a_browser_keeps_its_consent_id_across_changes() {
    let app = TestApp::spawn().await;
    let first = app.choice_cookie(CDMX, "accept_all", &[]).await;
    let response = app
        .choose(
            CDMX,
            "reject_all",
            &[],
            &format!("cookies_preferences={first}"),
        )
        .await;
    let second = cookie_value(response.headers(), "cookies_preferences").unwrap();
    let id = |v: &str| v.split('.').nth(4).unwrap().to_owned();
    assert_eq!(id(&first), id(&second), "C-22");
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let records = app.store.consent_records(tenant.id).await.unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].action, "withdraw");
    assert_eq!(records[0].consent_id, records[1].consent_id);
}

#[tokio::test]
async fn an_undeclared_cookie_is_stripped_and_a_declared_optional_one_waits_for_consent() {
    let app = TestApp::spawn().await;
    let offered = "/test/set-cookies?set=tracker,_BEAMER_USER_ID,_ga";
    let response = page(&app, PLATFORM, offered, "").await;
    assert_eq!(response.status(), 200);
    assert!(
        set_cookies(response.headers()).is_empty(),
        "{:?}",
        set_cookies(response.headers())
    );
    let consent = app
        .choice_cookie(PLATFORM, "save", &["functionality"])
        .await;
    let response = page(
        &app,
        PLATFORM,
        offered,
        &format!("cookies_preferences={consent}"),
    )
    .await;
    let names: Vec<String> = set_cookies(response.headers())
        .iter()
        .map(|c| c.split('=').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        ["_BEAMER_USER_ID"],
        "only the declared, consented cookie passes (C-50)"
    );
}

#[tokio::test]
async fn a_response_without_a_visitor_passes_only_the_necessary_cookies() {
    let app = TestApp::spawn().await;
    // Even with consent to everything, a response the guard cannot tie to a visitor keeps
    // only the necessary cookies: the guard fails closed.
    let consent = app.choice_cookie(PLATFORM, "accept_all", &[]).await;
    let offered = "/test/without-visitor?set=tracker,_BEAMER_USER_ID,csrftoken,django_language";
    let response = page(
        &app,
        PLATFORM,
        offered,
        &format!("cookies_preferences={consent}"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let names: Vec<String> = set_cookies(response.headers())
        .iter()
        .map(|c| c.split('=').next().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["csrftoken", "django_language"]);
    assert!(header(response.headers(), "content-security-policy").contains("default-src"));
}

#[tokio::test]
async fn cookies_of_categories_not_granted_are_expired_when_the_browser_sends_them() {
    let app = TestApp::spawn().await;
    let sent = "_BEAMER_USER_ID=abc; _BEAMER_FIRST_VISIT=x; somebody_else=1";
    let response = page(&app, PLATFORM, "/", sent).await;
    let cookies = set_cookies(response.headers());
    for name in ["_BEAMER_USER_ID", "_BEAMER_FIRST_VISIT"] {
        let expected = format!("{name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
        assert!(cookies.contains(&expected), "C-55: {cookies:?}");
    }
    assert!(
        !cookies.iter().any(|c| c.starts_with("somebody_else")),
        "undeclared cookies are left alone"
    );
    // Withdrawing consent expires them on the very response.
    let granted = app.choice_cookie(PLATFORM, "accept_all", &[]).await;
    let kept = page(
        &app,
        PLATFORM,
        "/",
        &format!("cookies_preferences={granted}; {sent}"),
    )
    .await;
    assert!(
        !set_cookies(kept.headers())
            .iter()
            .any(|c| c.starts_with("_BEAMER")),
        "granted: kept"
    );
    let withdrawn = app
        .choose(
            PLATFORM,
            "reject_all",
            &[],
            &format!("cookies_preferences={granted}; {sent}"),
        )
        .await;
    assert!(
        set_cookies(withdrawn.headers())
            .iter()
            .any(|c| c.starts_with("_BEAMER_USER_ID=; Max-Age=0"))
    );
}

#[tokio::test]
async fn the_map_and_its_origin_appear_only_after_consent() {
    let app = TestApp::spawn().await;
    let before = page(&app, CDMX, "/", "").await;
    let csp = header(before.headers(), "content-security-policy");
    assert!(
        csp.contains("frame-src 'none'") && !csp.contains("openstreetmap"),
        "{csp}"
    );
    let html = unescape(&before.text().await.unwrap());
    assert!(!html.contains("<iframe"), "C-60");
    assert!(html.contains("data-needs-consent"));
    let consent = app.choice_cookie(CDMX, "save", &["functionality"]).await;
    let after = page(&app, CDMX, "/", &format!("cookies_preferences={consent}")).await;
    let csp = header(after.headers(), "content-security-policy");
    assert!(
        csp.contains("frame-src https://www.openstreetmap.org"),
        "{csp}"
    );
    let html = unescape(&after.text().await.unwrap());
    assert!(html.contains(r#"<iframe src="https://www.openstreetmap.org/export/embed.html"#));
}

#[tokio::test]
async fn global_privacy_control_refuses_marketing_whatever_the_stored_choice() {
    let app = TestApp::spawn().await;
    let all = app.choice_cookie(PLATFORM, "accept_all", &[]).await;
    let cookie = format!("cookies_preferences={all}");
    let plain = page(&app, PLATFORM, "/", &cookie).await;
    assert!(header(plain.headers(), "content-security-policy").contains("player.vimeo.com"));
    let with_gpc = app
        .request(Method::GET, PLATFORM, "/")
        .header("Cookie", &cookie)
        .header("Sec-GPC", "1")
        .send()
        .await
        .unwrap();
    let csp = header(with_gpc.headers(), "content-security-policy");
    assert!(!csp.contains("vimeo"), "C-40: {csp}");
    assert!(
        header(with_gpc.headers(), "vary").contains("Sec-GPC"),
        "C-42"
    );
    assert!(!unescape(&with_gpc.text().await.unwrap()).contains("<iframe"));
    let centre = app
        .request(Method::GET, PLATFORM, "/cookies/")
        .header("Sec-GPC", "1")
        .send()
        .await
        .unwrap();
    let html = unescape(&centre.text().await.unwrap());
    assert!(html.contains("Global Privacy Control"));
    assert!(!html.contains(r#"value="marketing" id="cat-marketing" checked"#));
}

#[tokio::test]
async fn every_site_publishes_its_gpc_statement() {
    let app = TestApp::spawn().await;
    for (host, _) in DEMO_SITES {
        let response = app.get(host, "/.well-known/gpc.json").await;
        assert_eq!(response.status(), 200);
        assert!(header(response.headers(), "content-type").starts_with("application/json"));
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["gpc"], true);
        let date = body["lastUpdate"].as_str().unwrap();
        assert!(
            galette_core::time::parse_rfc3339_utc(date).is_some() && date.len() == 10,
            "{date}"
        );
    }
}

#[tokio::test]
async fn report_only_mode_lets_violations_through_and_says_so() {
    let app = TestApp::spawn().await;
    let tenant = app.store.tenant_by_slug("platform").await.unwrap().unwrap();
    app.store
        .set_enforcement(tenant.id, galette_core::tenant::Enforcement::ReportOnly)
        .await
        .unwrap();
    let response = page(&app, PLATFORM, "/test/set-cookies?set=tracker", "").await;
    assert_eq!(
        header(response.headers(), "x-galette-consent"),
        "report-only",
        "C-52"
    );
    assert!(set_cookie(response.headers(), "tracker").is_some());
    let home = page(&app, PLATFORM, "/", "").await;
    assert!(
        header(home.headers(), "content-security-policy-report-only")
            .contains("default-src 'self'")
    );
    assert!(!header(home.headers(), "content-security-policy").contains("default-src"));
}

#[tokio::test]
async fn an_expired_choice_brings_the_banner_back_and_is_logged_as_expired() {
    let app = TestApp::spawn().await;
    let value = app.choice_cookie(CDMX, "accept_all", &[]).await;
    let cookie = format!("cookies_preferences={value}");
    app.clock.advance(Duration::from_secs(181 * 86_400));
    assert!(!has_banner(
        &page(&app, CDMX, "/", &cookie).await.text().await.unwrap()
    ));
    app.clock.advance(Duration::from_secs(2 * 86_400));
    assert!(
        has_banner(&page(&app, CDMX, "/", &cookie).await.text().await.unwrap()),
        "C-32"
    );
    app.choose(CDMX, "reject_all", &[], &cookie).await;
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let actions: Vec<String> = app
        .store
        .consent_records(tenant.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(actions, ["accept_all", "expire", "reject_all"]);
}

#[tokio::test]
async fn a_signed_in_users_choice_follows_them_to_a_new_browser() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", "ana@example.org", false).await;
    let session = app
        .login(CDMX, "ana@example.org", crate::helpers::PASSWORD)
        .await;
    let response = app
        .choose(
            CDMX,
            "save",
            &["statistics"],
            &format!("sessionid={session}"),
        )
        .await;
    assert!(
        set_cookie(response.headers(), "sessionid").is_some(),
        "the session is saved again (P-4)"
    );
    // A new browser: no choice, signs in, gets the choice back.
    let response = app
        .post_form(
            CDMX,
            "/login/",
            &[
                ("email", "ana@example.org"),
                ("password", crate::helpers::PASSWORD),
            ],
            "",
        )
        .await;
    let restored = cookie_value(response.headers(), "cookies_preferences").expect("C-12");
    assert!(restored.starts_with("v1.1.statistics."), "{restored}");
}

#[tokio::test]
async fn the_policy_shows_its_revision_and_the_centre_is_translated() {
    let app = TestApp::spawn().await;
    let html = app.get(CDMX, "/cookie-policy/").await.text().await.unwrap();
    assert!(html.contains("1"));
    let json: serde_json::Value = app
        .get(CDMX, "/cookie-policy.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["revision"], 1);
    assert!(json["revision_date"].as_str().unwrap().len() == 10);
    let platform: serde_json::Value = app
        .get(PLATFORM, "/cookie-policy.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(platform["revision_date"], "2021-03-30", "C-31");
    for (host, language) in DEMO_SITES {
        let response = app.get(host, "/cookies/").await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(response.headers(), "content-language"), language);
    }
}

#[tokio::test]
async fn every_page_links_to_its_policy_for_programs_in_its_head() {
    let app = TestApp::spawn().await;
    for (host, _) in DEMO_SITES {
        for path in ["/", "/cookies/", "/cookie-policy/"] {
            let html = app.get(host, path).await.text().await.unwrap();
            let head = html.split("</head>").next().unwrap();
            assert!(
                head.contains(
                    r#"<link rel="cookie-policy" type="application/json" href="/cookie-policy.json">"#
                ),
                "{host}{path}"
            );
        }
    }
}
