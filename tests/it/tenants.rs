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
