//! Tenants chosen by `Host`, the unknown-portal page, health.

use crate::helpers::{DEMO_SITES, TestApp, header, set_cookies};
use reqwest::Method;

#[tokio::test]
async fn each_demo_site_answers_in_its_default_language() {
    let app = TestApp::spawn().await;
    for (host, language) in DEMO_SITES {
        let response = app.get(host, "/").await;
        assert_eq!(response.status(), 200, "{host}");
        assert_eq!(
            header(response.headers(), "content-language"),
            language,
            "{host}"
        );
        let vary = header(response.headers(), "vary");
        assert!(
            vary.contains("Accept-Language") && vary.contains("Cookie"),
            "{host}: {vary}"
        );
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{language}\">")),
            "{host}"
        );
        assert!(
            html.contains("/cookie-policy/") && html.contains("/login/"),
            "{host}"
        );
    }
}

#[tokio::test]
async fn the_portal_name_is_shown_and_belongs_to_its_host_only() {
    let app = TestApp::spawn().await;
    let cdmx = app.get("cdmx.localhost", "/").await.text().await.unwrap();
    let maia = app.get("maia.localhost", "/").await.text().await.unwrap();
    assert!(cdmx.contains("Datos Abiertos CDMX") && !cdmx.contains("Maia"));
    assert!(maia.contains("Maia Dados Abertos") && !maia.contains("CDMX"));
}

#[tokio::test]
async fn host_resolution_ignores_the_port_and_the_case() {
    let app = TestApp::spawn().await;
    for host in [
        "CDMX.localhost",
        "cdmx.LOCALHOST:1",
        "cdmx.localhost.",
        "Cdmx.Localhost:65535",
    ] {
        let response = app
            .client
            .get(format!("http://{}/", app.addr))
            .header("Host", host)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{host}");
        assert_eq!(
            header(response.headers(), "content-language"),
            "es",
            "{host}"
        );
    }
}

#[tokio::test]
async fn an_unknown_host_gets_a_404_that_names_no_portal_and_sets_no_cookie() {
    let app = TestApp::spawn().await;
    for path in ["/", "/cookie-policy/", "/login/", "/cookie-policy.json"] {
        let response = app.get("nowhere.localhost", path).await;
        assert_eq!(response.status(), 404);
        assert!(set_cookies(response.headers()).is_empty(), "G-8");
        let html = response.text().await.unwrap();
        assert!(html.contains("This portal does not exist"));
        for other in ["CDMX", "Civis", "JMorel", "Maia", "Opendatasoft"] {
            assert!(!html.contains(other), "leaks {other}");
        }
    }
}

#[tokio::test]
async fn an_unknown_host_is_refused_before_the_csrf_check() {
    let app = TestApp::spawn().await;
    let response = app
        .request(Method::POST, "nowhere.localhost", "/login/")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(set_cookies(response.headers()).is_empty());
}

#[tokio::test]
async fn the_unknown_portal_page_speaks_the_visitors_language() {
    let app = TestApp::spawn().await;
    let response = app
        .request(Method::GET, "nowhere.localhost", "/")
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(header(response.headers(), "content-language"), "fr");
}

#[tokio::test]
async fn health_answers_ok_on_any_host() {
    let app = TestApp::spawn().await;
    for host in ["cdmx.localhost", "nowhere.localhost"] {
        let response = app.get(host, "/healthz").await;
        assert_eq!(response.status(), 200);
        assert!(set_cookies(response.headers()).is_empty());
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body, serde_json::json!({"status": "ok"}));
    }
}

#[tokio::test]
async fn ready_means_the_store_answers_with_the_schema_this_binary_expects() {
    let app = TestApp::spawn().await;
    let response = app.get("nowhere.localhost", "/readyz").await;
    assert_eq!(response.status(), 200);
    assert!(set_cookies(response.headers()).is_empty());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"status": "ready"}));

    // A schema one migration behind (as under a replica newer than the database): not
    // ready, said in words, with a retry hint; alive all the same.
    app.raw_sql(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    let response = app.get("nowhere.localhost", "/readyz").await;
    assert_eq!(response.status(), 503);
    assert_eq!(header(response.headers(), "retry-after"), "5");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert!(
        body["reason"]
            .as_str()
            .unwrap()
            .contains("1 migration(s) not applied"),
        "{body}"
    );
    assert_eq!(app.get("nowhere.localhost", "/healthz").await.status(), 200);
}

#[tokio::test]
async fn an_unknown_page_of_a_portal_gets_its_404_page() {
    let app = TestApp::spawn().await;
    let response = app.get("civis.localhost", "/no-such-page/").await;
    assert_eq!(response.status(), 404);
    assert_eq!(header(response.headers(), "content-language"), "fr");
    assert!(response.text().await.unwrap().contains("Civis"));
}

#[tokio::test]
async fn a_path_without_its_trailing_slash_is_redirected_to_it() {
    let app = TestApp::spawn().await;
    let response = app.get("cdmx.localhost", "/login?next=/account/").await;
    assert_eq!(response.status(), 301);
    assert_eq!(
        header(response.headers(), "location"),
        "/login/?next=/account/"
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_use_no_external_asset() {
    let app = TestApp::spawn().await;
    let response = app.get("cdmx.localhost", "/").await;
    assert_eq!(
        header(response.headers(), "x-content-type-options"),
        "nosniff"
    );
    assert!(header(response.headers(), "content-security-policy").contains("default-src 'self'"));
    let html = response.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "external reference in the home page"
    );
    let css = app.get("cdmx.localhost", "/static/galette.css").await;
    assert_eq!(css.status(), 200);
    assert!(header(css.headers(), "content-type").starts_with("text/css"));
}

/// Reloads `path` until its page contains `text`, for up to three seconds (the cache
/// promises one second; the rest is slack for a loaded machine). The time it took.
pub(crate) async fn wait_for_text(
    app: &TestApp,
    host: &str,
    path: &str,
    text: &str,
) -> std::time::Duration {
    let started = std::time::Instant::now();
    loop {
        let response = app.get(host, path).await;
        if response.status() == 200 && response.text().await.unwrap().contains(text) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(3),
            "{host}{path} still does not show {text:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_site_changed_by_another_process_is_served_changed_within_a_second() {
    let app = TestApp::spawn().await;
    // Warm the cache: the site is now served from memory.
    wait_for_text(&app, "civis.localhost", "/", "Civis").await;
    // Another process (a replica, the CLI, an operator's SQL) renames the site and gives it a
    // new host name, on its own connection: this server learns of it only from the store.
    app.raw_sql("UPDATE tenants SET name = 'Civis Renamed' WHERE slug = 'civis'")
        .await;
    app.raw_sql(
        "INSERT INTO tenant_hosts (hostname, tenant_id, position) \
         SELECT 'nowhere.localhost', id, 9 FROM tenants WHERE slug = 'civis'",
    )
    .await;
    let took = wait_for_text(&app, "civis.localhost", "/", "Civis Renamed").await;
    eprintln!("the rename was served after {took:?}");
    wait_for_text(&app, "nowhere.localhost", "/", "Civis Renamed").await;
    // A host name taken away stops resolving too.
    app.raw_sql("DELETE FROM tenant_hosts WHERE hostname = 'nowhere.localhost'")
        .await;
    let started = std::time::Instant::now();
    while app.get("nowhere.localhost", "/").await.status() != 404 {
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_change_made_through_this_server_is_served_on_the_next_request() {
    let app = TestApp::spawn().await;
    let tenant = app.store.tenant_by_slug("civis").await.unwrap().unwrap();
    let offered = "/test/set-cookies?set=tracker";
    let enforced = app.get("civis.localhost", offered).await;
    assert!(
        set_cookies(enforced.headers())
            .iter()
            .all(|c| !c.starts_with("tracker=")),
        "the guard removes the undeclared cookie"
    );
    app.store
        .set_enforcement(tenant.id, galette_core::tenant::Enforcement::ReportOnly)
        .await
        .unwrap();
    // No waiting: the store this server shares says at once that a tenant changed, so the
    // very next request runs in report-only mode.
    let reported = app.get("civis.localhost", offered).await;
    assert!(
        set_cookies(reported.headers())
            .iter()
            .any(|c| c.starts_with("tracker=")),
        "report-only lets it through"
    );
}

#[tokio::test]
async fn a_news_post_written_by_another_process_rings_the_bell_within_a_second() {
    let app = TestApp::spawn().await;
    let page = |app: &TestApp| {
        let request = app
            .request(Method::GET, "cdmx.localhost", "/")
            .header("Cookie", "django_language=en")
            .send();
        async move { request.await.unwrap().text().await.unwrap() }
    };
    assert!(page(&app).await.contains("News, nothing unread"));
    // Served from memory from now on; another process publishes a post.
    app.publish_news_elsewhere().await;
    let started = std::time::Instant::now();
    while !page(&app).await.contains("1 unread news post") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(3),
            "the bell never rang"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    eprintln!("the bell rang after {:?}", started.elapsed());
}

#[tokio::test]
async fn the_dataset_catalogue_follows_imports_by_another_process_and_changes_made_here() {
    let app = TestApp::spawn().await;
    let host = "cdmx.localhost";
    // Warm the catalogue's copy on the three pages that read it.
    for path in ["/", "/datasets/", "/api/explore/v2.1/catalog/datasets"] {
        let response = app.get(host, path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(!response.text().await.unwrap().contains("tiny-census"));
    }
    // `galette import`, another process, publishes a dataset: every page lists it within
    // about a second, without a restart.
    crate::explore::import_text(&app, "tiny-census", "city,people\nPuebla,3\nToluca,4\n");
    for path in ["/", "/datasets/", "/api/explore/v2.1/catalog/datasets"] {
        let took = wait_for_text(&app, host, path, "tiny-census").await;
        eprintln!("{path} listed the import after {took:?}");
    }
    // A change made through this server's store is seen on the very next request.
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    app.store
        .set_dataset_visibility(tenant.id, "tiny-census", true)
        .await
        .unwrap();
    for path in ["/", "/datasets/", "/api/explore/v2.1/catalog/datasets"] {
        let text = app.get(host, path).await.text().await.unwrap();
        assert!(
            !text.contains("tiny-census"),
            "{path} still lists the dataset made restricted"
        );
    }
    // Another site's catalogue is its own: the dataset never shows there.
    let other = app.get("civis.localhost", "/datasets/").await;
    assert!(!other.text().await.unwrap().contains("tiny-census"));
}

#[tokio::test]
async fn statistics_settings_changed_by_another_process_reach_the_policy_within_a_second() {
    let app = TestApp::spawn().await;
    let host = "cdmx.localhost";
    // Warm the copy: the policy for programs says GPC is honoured (the default).
    let policy = |app: &TestApp| {
        let request = app.request(Method::GET, host, "/cookie-policy.json").send();
        async move {
            request
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(policy(&app).await["statistics"]["honours_gpc"], true);
    // `galette stats`, or the back office of another replica, changes them in the store.
    app.raw_sql(
        "INSERT INTO stat_settings (tenant_id, honour_gpc, count_staff, raw_days, retention_months) \
         SELECT id, 0, 0, 7, 25 FROM tenants WHERE slug = 'cdmx'",
    )
    .await;
    let started = std::time::Instant::now();
    while policy(&app).await["statistics"]["honours_gpc"] != false {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(3),
            "the policy never followed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    eprintln!("the policy followed after {:?}", started.elapsed());
}
