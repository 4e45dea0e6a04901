//! Pages reused for visitors who are not signed in (`galette_http::page_cache`): the same
//! answer as a page rendered for the request, tokens apart; never one visitor's variant or
//! token for another; never a signed-in visitor's page; changes made by another process
//! shown within a second; and bounded however many addresses a client invents.

use crate::helpers::{
    DEMO_SITES, PASSWORD, TestApp, all_form_tokens, cookie_value, header, set_cookies,
};
use crate::tenants::wait_for_text;
use galette_core::csrf_token::{CsrfSecret, unmask};
use galette_http::HttpSettings;
use galette_http::page_cache::{GENERATION_BYTES, GENERATION_ENTRIES};
use reqwest::Method;
use std::net::SocketAddr;

/// The pages kept.
const PAGES: [&str; 3] = ["/", "/cookie-policy/", "/datasets/"];

/// What an answer says that a reused page could get wrong, its tokens taken out.
#[derive(Debug, PartialEq)]
struct Answer {
    status: u16,
    content_type: String,
    content_language: String,
    vary: String,
    /// Names of the cookies set.
    cookies: Vec<String>,
    /// The body, each token replaced by `TOKEN`.
    body: String,
}

/// An answer and its tokens.
async fn fetch(
    app: &TestApp,
    port: u16,
    host: &str,
    path: &str,
    headers: &[(String, String)],
) -> (Answer, Vec<String>) {
    let mut request = app
        .client
        .request(Method::GET, format!("http://{host}:{port}{path}"));
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("galettecsrf"),
        "a token's stand-in was sent: {host}{path}"
    );
    let tokens = all_form_tokens(&text);
    let mut body = text;
    for token in &tokens {
        body = body.replace(token.as_str(), "TOKEN");
    }
    let mut cookies: Vec<String> = set_cookies(&headers)
        .iter()
        .filter_map(|c| c.split('=').next().map(str::to_owned))
        .collect();
    cookies.sort();
    (
        Answer {
            status,
            content_type: header(&headers, "content-type"),
            content_language: header(&headers, "content-language"),
            vary: headers
                .get_all("vary")
                .iter()
                .map(|v| v.to_str().unwrap())
                .collect::<Vec<_>>()
                .join(", "),
            cookies,
            body,
        },
        tokens,
    )
}

/// A second server on the same store that renders every page.
async fn renderer(app: &TestApp) -> SocketAddr {
    app.start_again(HttpSettings {
        without_page_cache: true,
        ..HttpSettings::default()
    })
    .await
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn a_reused_page_is_the_page_rendered_for_the_request_tokens_apart() {
    let app = TestApp::spawn().await;
    let rendering = renderer(&app).await.port();
    let secret = CsrfSecret::generate(&mut rand::rng());
    for (host, _) in DEMO_SITES {
        let accepted = app.choice_cookie(host, "accept_all", &[]).await;
        let refused = app.choice_cookie(host, "reject_all", &[]).await;
        // Every variant of the request a page shows, one after another on the same server:
        // a key that missed one would serve the previous variant's page.
        let variants = [
            headers(&[]),
            headers(&[("Accept-Language", "en")]),
            headers(&[("Cookie", "django_language=pt")]),
            headers(&[("Cookie", &format!("cookies_preferences={accepted}"))]),
            headers(&[("Cookie", &format!("cookies_preferences={refused}"))]),
            headers(&[
                ("Cookie", &format!("cookies_preferences={accepted}")),
                ("Sec-GPC", "1"),
            ]),
            headers(&[("Sec-GPC", "1")]),
            headers(&[("Cookie", &format!("csrftoken={}", secret.as_str()))]),
            headers(&[("Cookie", "csrftoken=malformed")]),
            headers(&[(
                "Cookie",
                &format!(
                    "cookies_preferences={accepted}; _BEAMER_LAST_POST_SHOWN_platform=1700000000"
                ),
            )]),
        ];
        for path in PAGES {
            for query in ["", "?utm_source=x&q=%3Cscript%3E"] {
                let path = format!("{path}{query}");
                for variant in &variants {
                    let (rendered, _) = fetch(&app, rendering, host, &path, variant).await;
                    assert_eq!(rendered.status, 200, "{host}{path}");
                    // Twice: rendered and kept, then reused.
                    for round in ["kept", "reused"] {
                        let (answer, tokens) =
                            fetch(&app, app.addr.port(), host, &path, variant).await;
                        assert_eq!(
                            answer, rendered,
                            "{host}{path} {variant:?} ({round}) differs from the rendered page"
                        );
                        assert!(!tokens.is_empty(), "{host}{path}");
                    }
                }
            }
        }
    }
    assert!(app.state.page_cache.usage().pages > 0, "nothing was kept");
}

/// The tokens of `path` for a visitor sending `csrftoken=secret`, each checked to unmask to
/// that secret.
async fn tokens_for(app: &TestApp, path: &str, secret: &str) -> Vec<String> {
    let response = app
        .request(Method::GET, "cdmx.localhost", path)
        .header("Cookie", format!("csrftoken={secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        cookie_value(response.headers(), "csrftoken").as_deref(),
        Some(secret),
        "the cookie is sent with the tokens (X-8)"
    );
    let tokens = all_form_tokens(&response.text().await.unwrap());
    assert_eq!(tokens.len(), 2, "the banner's and the switcher's");
    for token in &tokens {
        assert_eq!(unmask(token).as_deref(), Some(secret), "{path}");
    }
    assert_ne!(tokens[0], tokens[1], "each token is masked afresh (X-3)");
    tokens
}

#[tokio::test]
async fn each_visitor_gets_tokens_of_their_own_secret_from_a_reused_page() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    for path in PAGES {
        // Kept by a first visitor.
        let first = app.get("cdmx.localhost", path).await;
        let secret = cookie_value(first.headers(), "csrftoken").unwrap();
        for token in all_form_tokens(&first.text().await.unwrap()) {
            assert_eq!(unmask(&token), Some(secret.clone()));
        }
        // Then two visitors, many times at once.
        let a = CsrfSecret::generate(&mut rand::rng()).as_str().to_owned();
        let b = CsrfSecret::generate(&mut rand::rng()).as_str().to_owned();
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..40 {
            let app = std::sync::Arc::clone(&app);
            let secret = if n % 2 == 0 { a.clone() } else { b.clone() };
            tasks.spawn(async move { tokens_for(&app, path, &secret).await });
        }
        let mut seen = std::collections::HashSet::new();
        while let Some(tokens) = tasks.join_next().await {
            for token in tokens.unwrap() {
                assert!(seen.insert(token), "a token was given twice");
            }
        }
        // A visitor without the cookie gets a secret of their own, and tokens of it.
        let mut secrets = std::collections::HashSet::new();
        for _ in 0..3 {
            let response = app.get("cdmx.localhost", path).await;
            let secret = cookie_value(response.headers(), "csrftoken").unwrap();
            for token in all_form_tokens(&response.text().await.unwrap()) {
                assert_eq!(unmask(&token), Some(secret.clone()));
            }
            assert!(secrets.insert(secret), "a new visitor got another's secret");
        }
    }
}

#[tokio::test]
async fn variants_of_a_page_are_never_mixed() {
    let app = TestApp::spawn().await;
    let host = "cdmx.localhost";
    let get = |language: &'static str, cookie: String| {
        let request = app
            .request(Method::GET, host, "/")
            .header("Accept-Language", language)
            .header("Cookie", cookie)
            .send();
        async move { request.await.unwrap().text().await.unwrap() }
    };
    let accepted = app.choice_cookie(host, "accept_all", &[]).await;
    for _ in 0..2 {
        let spanish = get("es", String::new()).await;
        assert!(spanish.contains(r#"<html lang="es">"#));
        assert!(spanish.contains("data-consent-banner"), "no choice: banner");
        assert!(
            spanish.contains("embed-blocked"),
            "no choice: the map waits"
        );
        let english = get("en", String::new()).await;
        assert!(english.contains(r#"<html lang="en">"#));
        let consented = get("es", format!("cookies_preferences={accepted}")).await;
        assert!(
            !consented.contains("data-consent-banner"),
            "a choice: no banner"
        );
        assert!(consented.contains("<iframe"), "consented: the map shows");
    }
    // A revision that asks again: the choice made before is outdated, and the banner says
    // what changed, unlike the banner of a visitor who never chose.
    app.raw_sql(
        "UPDATE tenants SET policy_revision = policy_revision + 1, \
         consent_revision = policy_revision + 1 WHERE slug = 'cdmx'",
    )
    .await;
    let started = std::time::Instant::now();
    loop {
        let never_chose = get("es", String::new()).await;
        assert!(!never_chose.contains("consent-changed"));
        let outdated = get("es", format!("cookies_preferences={accepted}")).await;
        if outdated.contains("consent-changed") {
            assert!(outdated.contains("data-consent-banner"));
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for _ in 0..2 {
        assert!(!get("es", String::new()).await.contains("consent-changed"));
        let outdated = get("es", format!("cookies_preferences={accepted}")).await;
        assert!(outdated.contains("consent-changed"));
    }
}

#[tokio::test]
async fn signed_in_visitors_neither_get_nor_leave_a_reused_page() {
    let app = TestApp::spawn().await;
    let host = "cdmx.localhost";
    crate::explore::import_text(&app, "staff-only", "a,b\n1,2\n");
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    app.store
        .set_dataset_visibility(tenant.id, "staff-only", true)
        .await
        .unwrap();
    app.add_user("cdmx", "staff@cdmx.example", false).await;
    let session = app.login(host, "staff@cdmx.example", PASSWORD).await;
    let signed_in = |path: &'static str| {
        let request = app
            .request(Method::GET, host, path)
            .header("Cookie", format!("sessionid={session}"))
            .send();
        async move { request.await.unwrap().text().await.unwrap() }
    };
    for _ in 0..2 {
        for path in PAGES {
            let anonymous = app.get(host, path).await.text().await.unwrap();
            assert!(!anonymous.contains("staff@cdmx.example"), "{path}");
            assert!(anonymous.contains(r#"href="/login/""#), "{path}");
            let before = app.state.page_cache.usage();
            let page = signed_in(path).await;
            assert!(page.contains(r#"href="/account/""#), "{path} as a user");
            assert!(!page.contains(r#"href="/login/""#), "{path} as a user");
            assert_eq!(
                app.state.page_cache.usage(),
                before,
                "a signed-in visitor's page was kept"
            );
        }
        assert!(signed_in("/").await.contains("staff@cdmx.example"));
        assert!(signed_in("/datasets/").await.contains("staff-only"));
        let anonymous = app.get(host, "/datasets/").await.text().await.unwrap();
        assert!(
            !anonymous.contains("staff-only"),
            "a restricted dataset leaked"
        );
    }
}

#[tokio::test]
async fn reused_pages_follow_changes_made_by_another_process_within_a_second() {
    let app = TestApp::spawn().await;
    let host = "cdmx.localhost";
    for path in PAGES {
        wait_for_text(&app, host, path, "Datos Abiertos CDMX").await;
        wait_for_text(&app, host, path, "Datos Abiertos CDMX").await;
    }
    // The site renamed: every page.
    app.raw_sql("UPDATE tenants SET name = 'CDMX Renombrado' WHERE slug = 'cdmx'")
        .await;
    for path in PAGES {
        let took = wait_for_text(&app, host, path, "CDMX Renombrado").await;
        eprintln!("{path} showed the rename after {took:?}");
    }
    // The registry edited (texts changed, revision bumped), as another replica's editor does.
    app.raw_sql(
        "UPDATE cookie_texts SET purpose = 'Propósito cambiado' WHERE declaration_id IN \
         (SELECT d.id FROM cookie_declarations d JOIN tenants t ON t.id = d.tenant_id \
          WHERE t.slug = 'cdmx')",
    )
    .await;
    app.raw_sql("UPDATE tenants SET policy_revision = policy_revision + 1 WHERE slug = 'cdmx'")
        .await;
    let took = wait_for_text(&app, host, "/cookie-policy/", "Propósito cambiado").await;
    eprintln!("the policy showed the registry edit after {took:?}");
    // The statistics settings.
    let english = |app: &TestApp| {
        let request = app
            .request(Method::GET, host, "/cookie-policy/")
            .header("Accept-Language", "en")
            .send();
        async move { request.await.unwrap().text().await.unwrap() }
    };
    assert!(
        english(&app)
            .await
            .contains("your visits are not counted at all")
    );
    app.raw_sql(
        "INSERT INTO stat_settings (tenant_id, honour_gpc, count_staff, raw_days, retention_months) \
         SELECT id, 0, 0, 7, 25 FROM tenants WHERE slug = 'cdmx'",
    )
    .await;
    let started = std::time::Instant::now();
    while !english(&app).await.contains("Visits are counted even when") {
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // A dataset imported by the CLI.
    crate::explore::import_text(&app, "llegado-despues", "a\n1\n");
    for path in ["/", "/datasets/"] {
        wait_for_text(&app, host, path, "llegado-despues").await;
    }
    // A news post: the bell of every page.
    app.publish_news_elsewhere().await;
    for path in PAGES {
        wait_for_text(
            &app,
            host,
            path,
            r#"<span class="bell-count" aria-hidden="true">1</span>"#,
        )
        .await;
    }
}

#[tokio::test]
async fn invented_addresses_keep_the_page_cache_bounded() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let popular = app.get("cdmx.localhost", "/").await.text().await.unwrap();
    let distinct = 3 * GENERATION_ENTRIES;
    for batch in 0..distinct / 32 {
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..32 {
            let app = std::sync::Arc::clone(&app);
            tasks.spawn(async move {
                let path = format!("/?n={batch}-{n}&pad={}", "x".repeat(1500));
                let response = app.get("cdmx.localhost", &path).await;
                assert_eq!(response.status(), 200);
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap();
        }
        let usage = app.state.page_cache.usage();
        assert!(
            usage.pages <= 2 * GENERATION_ENTRIES && usage.bytes <= 2 * GENERATION_BYTES,
            "{usage:?} after {} addresses",
            (batch + 1) * 32
        );
    }
    // The plain page is still right.
    let again = app.get("cdmx.localhost", "/").await.text().await.unwrap();
    let strip = |text: &str| {
        let mut text = text.to_owned();
        for token in all_form_tokens(&text) {
            text = text.replace(&token, "TOKEN");
        }
        text
    };
    assert_eq!(strip(&again), strip(&popular));
}
