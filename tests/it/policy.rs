//! Cookie policy pages generated from the registry, per tenant and language; the back office.

use crate::helpers::{PASSWORD, TestApp, header};
use reqwest::Method;

async fn policy_json(app: &TestApp, host: &str, language: &str) -> serde_json::Value {
    let response = app
        .request(Method::GET, host, "/cookie-policy.json")
        .header("Cookie", format!("django_language={language}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "content-language"), language);
    response.json().await.unwrap()
}

fn cookie_names(policy: &serde_json::Value) -> Vec<String> {
    policy["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["rows"].as_array().unwrap())
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_portals_declare_the_four_necessary_cookies_with_a_provider() {
    let app = TestApp::spawn().await;
    for host in [
        "cdmx.localhost",
        "civis.localhost",
        "jmorel.localhost",
        "maia.localhost",
    ] {
        for language in ["en", "fr", "es", "pt"] {
            let policy = policy_json(&app, host, language).await;
            assert_eq!(
                cookie_names(&policy),
                [
                    "sessionid",
                    "django_language",
                    "csrftoken",
                    "cookies_preferences"
                ]
            );
            assert_eq!(policy["has_provider"], true);
            assert!(policy["last_update"].is_null());
            let first = &policy["sections"][0];
            assert_eq!(first["category"], "necessary");
            assert_eq!(first["needs_consent"], false);
            assert_eq!(first["rows"][0]["provider"], "Opendatasoft");
            assert_eq!(first["rows"][0]["text_language"], language);
        }
    }
}

#[tokio::test]
async fn the_platform_site_adds_beamer_shows_its_last_update_and_has_no_provider_column() {
    let app = TestApp::spawn().await;
    let policy = policy_json(&app, "localhost", "en").await;
    assert_eq!(
        cookie_names(&policy),
        [
            "sessionid",
            "django_language",
            "csrftoken",
            "cookies_preferences",
            "_BEAMER*"
        ]
    );
    assert_eq!(policy["has_provider"], false);
    assert_eq!(policy["last_update"], "2021-03-30");
    let html = app
        .get("localhost", "/cookie-policy/")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Last update: 2021-03-30"));
    assert!(html.contains("_BEAMER*"));
    assert!(!html.contains(">Provider<"));
    let portal = app
        .get("cdmx.localhost", "/cookie-policy/")
        .await
        .text()
        .await
        .unwrap();
    assert!(!portal.contains("_BEAMER"));
}

#[tokio::test]
async fn the_policy_page_explains_cookies_and_when_consent_is_needed_in_the_site_language() {
    let app = TestApp::spawn().await;
    let response = app.get("cdmx.localhost", "/cookie-policy/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "content-language"), "es");
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"es\">"));
    for fact in [
        "sessionid",
        "django_language",
        "csrftoken",
        "cookies_preferences",
        "Opendatasoft",
    ] {
        assert!(html.contains(fact), "missing {fact}");
    }
    // The four kinds of cookie and the consent rule, and the seed's purposes, in Spanish.
    assert!(html.contains("¿Qué es una cookie?"));
    assert!(html.contains("Mantener su sesión abierta de una página a otra"));
    assert!(html.contains("2 semanas"));
    let json = policy_json(&app, "cdmx.localhost", "es").await;
    assert_eq!(json["cookie_types"].as_array().unwrap().len(), 4);
    assert_eq!(json["cookie_types"][0]["needs_consent"], "never");
}

#[tokio::test]
async fn every_language_of_the_policy_is_its_own_text() {
    let app = TestApp::spawn().await;
    let mut intros = Vec::new();
    for language in ["en", "fr", "es", "pt"] {
        let policy = policy_json(&app, "maia.localhost", language).await;
        intros.push(policy["intro"].as_str().unwrap().to_owned());
        let purpose = policy["sections"][0]["rows"][0]["purpose"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(!purpose.is_empty());
    }
    intros.dedup();
    assert_eq!(intros.len(), 4, "{intros:?}");
}

#[tokio::test]
async fn the_back_office_is_for_the_tenants_administrators_only() {
    let app = TestApp::spawn().await;
    let anonymous = app.get("cdmx.localhost", "/backoffice/").await;
    assert_eq!(anonymous.status(), 302);
    assert_eq!(
        header(anonymous.headers(), "location"),
        "/login/?next=/backoffice/"
    );

    app.add_user("cdmx", "reader@example.org", false).await;
    let reader = app
        .login("cdmx.localhost", "reader@example.org", PASSWORD)
        .await;
    let refused = app
        .request(Method::GET, "cdmx.localhost", "/backoffice/")
        .header("Cookie", format!("sessionid={reader}"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    app.add_user("cdmx", "boss@example.org", true).await;
    let boss = app
        .login("cdmx.localhost", "boss@example.org", PASSWORD)
        .await;
    let page = app
        .request(Method::GET, "cdmx.localhost", "/backoffice/")
        .header("Cookie", format!("sessionid={boss}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for name in [
        "sessionid",
        "django_language",
        "csrftoken",
        "cookies_preferences",
    ] {
        assert!(html.contains(name));
    }
    // An administrator of one portal is nobody on another.
    let elsewhere = app
        .request(Method::GET, "civis.localhost", "/backoffice/")
        .header("Cookie", format!("sessionid={boss}"))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 302);
}
