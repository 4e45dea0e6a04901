//! `csrftoken`: Django's masked double-submit token and the Origin/Referer checks (X-1…X-14).

use crate::helpers::{
    PASSWORD, TestApp, all_form_tokens, assert_cookie_shape, cookie_value, form_token, header,
    set_cookie,
};
use galette_core::csrf_token::{CsrfSecret, unmask};
use galette_http::HttpSettings;
use reqwest::{Method, Response};

const HOST: &str = "cdmx.localhost";

/// A POST of the language switcher with the given cookie header, token and Origin.
async fn post_setlang(
    app: &TestApp,
    cookie: Option<&str>,
    token: Option<&str>,
    origin: Option<&str>,
) -> Response {
    let mut form = vec![("language", "fr"), ("next", "/")];
    if let Some(token) = token {
        form.push(("csrfmiddlewaretoken", token));
    }
    let mut request = app
        .request(Method::POST, HOST, "/i18n/setlang/")
        .form(&form);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    request.send().await.unwrap()
}

async fn assert_refused(response: Response, reason: &str) {
    assert_eq!(response.status(), 403, "{reason}");
    assert!(
        set_cookie(response.headers(), "django_language").is_none(),
        "the handler must not run"
    );
    assert!(
        set_cookie(response.headers(), "sessionid").is_none(),
        "X-14"
    );
    let html = crate::helpers::unescape(&response.text().await.unwrap());
    assert!(html.contains(reason), "{reason} not in page");
}

#[tokio::test]
async fn every_token_in_a_page_unmasks_to_the_cookie_secret_and_each_is_fresh() {
    let app = TestApp::spawn().await;
    let response = app.get(HOST, "/login/").await;
    let cookie = set_cookie(response.headers(), "csrftoken").unwrap();
    assert_cookie_shape(
        &cookie,
        "csrftoken=[A-Za-z0-9]{32}; expires=DATE; Max-Age=31449600; Path=/; SameSite=Lax",
    );
    assert!(!cookie.contains("HttpOnly"), "scripts read it (X-6)");
    let secret = cookie_value(response.headers(), "csrftoken").unwrap();
    let tokens = all_form_tokens(&response.text().await.unwrap());
    assert!(tokens.len() >= 2, "language switcher + login form");
    assert_ne!(tokens[0], tokens[1], "a new mask each time (X-3)");
    for token in tokens {
        assert_eq!(unmask(&token).unwrap(), secret);
    }
}

#[tokio::test]
async fn a_well_formed_cookie_is_reused_and_renewed_on_pages_with_a_form() {
    let app = TestApp::spawn().await;
    let (secret, _) = app.csrf_pair(HOST).await;
    let response = app
        .request(Method::GET, HOST, "/cookie-policy/")
        .header("Cookie", format!("csrftoken={secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        cookie_value(response.headers(), "csrftoken").unwrap(),
        secret,
        "X-7, X-8"
    );
    assert!(header(response.headers(), "vary").contains("Cookie"));
    let token = form_token(&response.text().await.unwrap());
    assert_eq!(unmask(&token).unwrap(), secret);
}

#[tokio::test]
async fn a_response_without_a_form_does_not_resend_a_good_cookie() {
    let app = TestApp::spawn().await;
    let (secret, _) = app.csrf_pair(HOST).await;
    let response = app
        .request(Method::GET, HOST, "/cookie-policy.json")
        .header("Cookie", format!("csrftoken={secret}"))
        .send()
        .await
        .unwrap();
    assert!(set_cookie(response.headers(), "csrftoken").is_none());
}

#[tokio::test]
async fn a_legacy_64_character_cookie_is_accepted_and_resent_as_its_secret() {
    let app = TestApp::spawn().await;
    let secret = CsrfSecret::generate(&mut rand::rng());
    let legacy = secret.mask(&mut rand::rng());
    let response = app
        .request(Method::GET, HOST, "/login/")
        .header("Cookie", format!("csrftoken={legacy}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        cookie_value(response.headers(), "csrftoken").unwrap(),
        secret.as_str(),
        "X-2"
    );
    let accepted = post_setlang(
        &app,
        Some(&format!("csrftoken={legacy}")),
        Some(&secret.mask(&mut rand::rng())),
        None,
    )
    .await;
    assert_eq!(accepted.status(), 302);
}

#[tokio::test]
async fn a_masked_token_the_raw_secret_in_the_header_or_any_other_masking_is_accepted() {
    let app = TestApp::spawn().await;
    let (secret, token) = app.csrf_pair(HOST).await;
    let cookie = format!("csrftoken={secret}");
    assert_eq!(
        post_setlang(&app, Some(&cookie), Some(&token), None)
            .await
            .status(),
        302
    );
    let own = CsrfSecret::from_cookie(&secret)
        .unwrap()
        .mask_with("0123456789ABCDEFGHIJKLMNOPQRSTUV")
        .unwrap();
    assert_eq!(
        post_setlang(&app, Some(&cookie), Some(&own), None)
            .await
            .status(),
        302
    );
    let by_header = app
        .request(Method::POST, HOST, "/i18n/setlang/")
        .header("Cookie", &cookie)
        .header("X-CSRFToken", &secret)
        .header("Accept", "application/json")
        .form(&[("language", "pt")])
        .send()
        .await
        .unwrap();
    assert_eq!(by_header.status(), 204);
    assert_eq!(
        cookie_value(by_header.headers(), "django_language").unwrap(),
        "pt"
    );
}

#[tokio::test]
async fn a_post_without_cookie_or_token_is_refused_with_djangos_reason() {
    let app = TestApp::spawn().await;
    let (secret, token) = app.csrf_pair(HOST).await;
    assert_refused(
        post_setlang(&app, None, Some(&token), None).await,
        "CSRF cookie not set.",
    )
    .await;
    let cookie = format!("csrftoken={secret}");
    assert_refused(
        post_setlang(&app, Some(&cookie), None, None).await,
        "CSRF token missing.",
    )
    .await;
    assert_refused(
        post_setlang(&app, Some(&cookie), Some("short"), None).await,
        "CSRF token from POST has incorrect length.",
    )
    .await;
    let mut tampered = token.clone();
    tampered.replace_range(0..1, if token.starts_with('a') { "b" } else { "a" });
    assert_refused(
        post_setlang(&app, Some(&cookie), Some(&tampered), None).await,
        "CSRF token from POST incorrect.",
    )
    .await;
    let other = CsrfSecret::generate(&mut rand::rng());
    let header_refused = app
        .request(Method::POST, HOST, "/i18n/setlang/")
        .header("Cookie", &cookie)
        .header("X-CSRFToken", other.as_str())
        .form(&[("language", "pt")])
        .send()
        .await
        .unwrap();
    assert_refused(
        header_refused,
        "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
    )
    .await;
}

#[tokio::test]
async fn a_malformed_cookie_is_refused_and_replaced_on_the_same_response() {
    let app = TestApp::spawn().await;
    for (cookie, reason) in [
        ("csrftoken=tooshort", "CSRF cookie has incorrect length."),
        (
            "csrftoken=!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
            "CSRF cookie has invalid characters.",
        ),
    ] {
        let response = post_setlang(&app, Some(cookie), Some("x"), None).await;
        let fresh = cookie_value(response.headers(), "csrftoken").expect("a fresh secret (X-8)");
        assert_eq!(fresh.len(), 32);
        assert_refused(response, reason).await;
    }
    // On a safe request too.
    let response = app
        .request(Method::GET, HOST, "/cookie-policy.json")
        .header("Cookie", "csrftoken=bad")
        .send()
        .await
        .unwrap();
    assert_eq!(
        cookie_value(response.headers(), "csrftoken").unwrap().len(),
        32
    );
}

#[tokio::test]
async fn the_origin_must_be_the_sites_own() {
    let app = TestApp::spawn().await;
    let (secret, token) = app.csrf_pair(HOST).await;
    let cookie = format!("csrftoken={secret}");
    let own = format!("http://{}", app.host_header(HOST));
    assert_eq!(
        post_setlang(&app, Some(&cookie), Some(&token), Some(&own))
            .await
            .status(),
        302
    );
    for bad in [
        "null".to_owned(),
        "http://evil.example".to_owned(),
        format!("http://civis.localhost:{}", app.addr.port()),
        format!("https://{}", app.host_header(HOST)),
        "http://cdmx.localhost:1".to_owned(),
    ] {
        let reason = format!("Origin checking failed - {bad} does not match any trusted origins.");
        assert_refused(
            post_setlang(&app, Some(&cookie), Some(&token), Some(&bad)).await,
            &reason,
        )
        .await;
    }
}

#[tokio::test]
async fn every_unsafe_method_on_every_route_is_checked() {
    let app = TestApp::spawn().await;
    for method in [
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::from_bytes(b"PURGE").unwrap(),
    ] {
        for path in [
            "/",
            "/cookie-policy/",
            "/login/",
            "/logout/",
            "/account/",
            "/no-such-page/",
        ] {
            let response = app
                .request(method.clone(), HOST, path)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 403, "{method} {path}");
        }
    }
    for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
        let response = app
            .request(method.clone(), HOST, "/cookie-policy/")
            .send()
            .await
            .unwrap();
        assert_ne!(response.status(), 403, "{method}");
    }
}

#[tokio::test]
async fn a_refused_login_does_not_sign_in() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", "ana@example.org", false).await;
    let response = app
        .request(Method::POST, HOST, "/login/")
        .form(&[("email", "ana@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(set_cookie(response.headers(), "sessionid").is_none());
}

async fn https_app() -> TestApp {
    TestApp::spawn_with(HttpSettings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..HttpSettings::default()
    })
    .await
}

#[tokio::test]
async fn behind_a_trusted_tls_proxy_cookies_are_secure_and_the_referer_is_checked() {
    let app = https_app().await;
    let response = app
        .request(Method::GET, HOST, "/login/")
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    let cookie = set_cookie(response.headers(), "csrftoken").unwrap();
    assert!(cookie.ends_with("; SameSite=Lax; Secure"), "G-5: {cookie}");
    let secret = cookie_value(response.headers(), "csrftoken").unwrap();
    let token = form_token(&response.text().await.unwrap());
    let host = app.host_header(HOST);
    let attempt = |referer: Option<String>| {
        let mut request = app
            .request(Method::POST, HOST, "/i18n/setlang/")
            .header("X-Forwarded-Proto", "https")
            .header("Cookie", format!("csrftoken={secret}"))
            .form(&[
                ("language", "fr"),
                ("next", "/"),
                ("csrfmiddlewaretoken", token.as_str()),
            ]);
        if let Some(referer) = referer {
            request = request.header("Referer", referer);
        }
        request.send()
    };
    assert_refused(
        attempt(None).await.unwrap(),
        "Referer checking failed - no Referer.",
    )
    .await;
    assert_refused(
        attempt(Some("not a url".into())).await.unwrap(),
        "Referer checking failed - Referer is malformed.",
    )
    .await;
    assert_refused(
        attempt(Some(format!("http://{host}/"))).await.unwrap(),
        "Referer checking failed - Referer is insecure while host is secure.",
    )
    .await;
    assert_refused(
        attempt(Some("https://evil.example/".into())).await.unwrap(),
        "Referer checking failed - https://evil.example/ does not match any trusted origins.",
    )
    .await;
    let accepted = attempt(Some(format!("https://{host}/cookie-policy/")))
        .await
        .unwrap();
    assert_eq!(accepted.status(), 302);
    assert!(
        set_cookie(accepted.headers(), "django_language")
            .unwrap()
            .ends_with("; Secure")
    );
}

#[tokio::test]
async fn forwarded_headers_from_an_untrusted_peer_are_ignored() {
    let app = TestApp::spawn().await;
    let response = app
        .request(Method::GET, HOST, "/login/")
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    assert!(
        !set_cookie(response.headers(), "csrftoken")
            .unwrap()
            .contains("Secure")
    );
}
