//! `django_language`, `Accept-Language` and `/i18n/setlang/` (django-cookies L-1…L-7).

use crate::helpers::{TestApp, assert_cookie_shape, cookie_value, header, set_cookie};
use reqwest::Method;

const HOST: &str = "cdmx.localhost";

async fn language_for(
    app: &TestApp,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> String {
    let mut request = app.request(Method::GET, HOST, "/cookie-policy.json");
    if let Some(cookie) = cookie {
        request = request.header("Cookie", format!("django_language={cookie}"));
    }
    if let Some(accept) = accept_language {
        request = request.header("Accept-Language", accept);
    }
    let response = request.send().await.unwrap();
    header(response.headers(), "content-language")
}

#[tokio::test]
async fn accept_language_is_resolved_like_django_with_the_reference_vectors() {
    let app = TestApp::spawn().await;
    let long = "x".repeat(600);
    let vectors = [
        ("fr-CA", "fr"),
        ("de, fr;q=0.5", "fr"),
        ("fr-CA;q=0.1, pt;q=0.9", "pt"),
        ("PT-br", "pt"),
        ("fr;q=2", "es"),
        ("!!!bad", "es"),
        ("*", "es"),
        ("zz-YY", "es"),
        (long.as_str(), "es"),
        ("fr;q=0, en", "en"),
    ];
    for (accept, expected) in vectors {
        assert_eq!(
            language_for(&app, None, Some(accept)).await,
            expected,
            "Accept-Language: {accept}"
        );
    }
    assert_eq!(language_for(&app, None, None).await, "es");
}

#[tokio::test]
async fn the_language_cookie_comes_first() {
    let app = TestApp::spawn().await;
    assert_eq!(language_for(&app, Some("pt"), Some("fr")).await, "pt");
    assert_eq!(language_for(&app, Some("pt-BR"), Some("fr")).await, "pt");
    assert_eq!(language_for(&app, Some("de"), Some("fr")).await, "fr");
    assert_eq!(language_for(&app, Some("de"), None).await, "es");
}

/// One row of django-cookies §7's setlang table.
#[derive(Debug)]
struct SetlangCase<'a> {
    next: Option<&'a str>,
    referer: Option<&'a str>,
    accept: Option<&'a str>,
    language: &'a str,
    status: u16,
    location: Option<&'a str>,
    sets_cookie: bool,
}

#[tokio::test]
async fn setlang_follows_the_reference_table() {
    let app = TestApp::spawn().await;
    let port = app.addr.port();
    let referer = format!("http://cdmx.localhost:{port}/about/");
    let cases = [
        SetlangCase {
            next: Some("/datasets/"),
            referer: None,
            accept: None,
            language: "fr",
            status: 302,
            location: Some("/datasets/"),
            sets_cookie: true,
        },
        SetlangCase {
            next: Some("http://evil.example/"),
            referer: None,
            accept: None,
            language: "fr",
            status: 302,
            location: Some("/"),
            sets_cookie: true,
        },
        SetlangCase {
            next: Some("http://evil.example/"),
            referer: Some(&referer),
            accept: None,
            language: "fr",
            status: 302,
            location: Some(&referer),
            sets_cookie: true,
        },
        SetlangCase {
            next: None,
            referer: None,
            accept: Some("application/json"),
            language: "fr",
            status: 204,
            location: None,
            sets_cookie: true,
        },
        SetlangCase {
            next: Some("/"),
            referer: None,
            accept: None,
            language: "xx",
            status: 302,
            location: Some("/"),
            sets_cookie: false,
        },
    ];
    for case in cases {
        let mut fields = vec![("language", case.language)];
        if let Some(next) = case.next {
            fields.push(("next", next));
        }
        let (secret, token) = app.csrf_pair(HOST).await;
        fields.push(("csrfmiddlewaretoken", &token));
        let mut request = app
            .request(Method::POST, HOST, "/i18n/setlang/")
            .header("Cookie", format!("csrftoken={secret}"))
            .form(&fields);
        if let Some(referer) = case.referer {
            request = request.header("Referer", referer);
        }
        if let Some(accept) = case.accept {
            request = request.header("Accept", accept);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), case.status, "{case:?}");
        assert_eq!(
            response
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap()),
            case.location,
            "{case:?}"
        );
        assert_eq!(
            set_cookie(response.headers(), "django_language").is_some(),
            case.sets_cookie,
            "{case:?}"
        );
    }
    // Without a token: 403 and no cookie.
    let response = app
        .request(Method::POST, HOST, "/i18n/setlang/")
        .form(&[("language", "fr"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(set_cookie(response.headers(), "django_language").is_none());
}

#[tokio::test]
async fn the_language_cookie_has_the_declared_attributes_and_changes_the_next_page() {
    let app = TestApp::spawn().await;
    let response = app
        .post_form(
            HOST,
            "/i18n/setlang/",
            &[("language", "en"), ("next", "/")],
            "",
        )
        .await;
    let cookie = set_cookie(response.headers(), "django_language").unwrap();
    assert_cookie_shape(
        &cookie,
        "django_language=en; expires=DATE; Max-Age=31536000; Path=/; SameSite=Lax",
    );
    // The setlang answer itself is in the request's language (L-7).
    assert_eq!(header(response.headers(), "content-language"), "es");
    let value = cookie_value(response.headers(), "django_language").unwrap();
    let page = app
        .request(Method::GET, HOST, "/")
        .header("Cookie", format!("django_language={value}"))
        .send()
        .await
        .unwrap();
    assert_eq!(header(page.headers(), "content-language"), "en");
}

#[tokio::test]
async fn a_get_of_setlang_only_redirects() {
    let app = TestApp::spawn().await;
    let response = app
        .get(HOST, "/i18n/setlang/?next=/cookie-policy/&language=fr")
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(header(response.headers(), "location"), "/cookie-policy/");
    assert!(set_cookie(response.headers(), "django_language").is_none());
}

#[tokio::test]
async fn a_browser_can_switch_language_with_the_switcher_of_any_page() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    for path in ["/", "/cookie-policy/", "/login/"] {
        let html = browser
            .get(app.url(HOST, path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(r#"action="/i18n/setlang/""#), "{path}");
        for code in ["en", "fr", "es", "pt"] {
            assert!(
                html.contains(&format!(r#"name="language" value="{code}""#)),
                "{path} {code}"
            );
        }
        let token = crate::helpers::form_token(&html);
        let switched = browser
            .post(app.url(HOST, "/i18n/setlang/"))
            .form(&[
                ("language", "en"),
                ("next", path),
                ("csrfmiddlewaretoken", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(switched.status(), 302);
        assert_eq!(header(switched.headers(), "location"), path);
        let after = browser.get(app.url(HOST, path)).send().await.unwrap();
        assert_eq!(header(after.headers(), "content-language"), "en");
        browser
            .post(app.url(HOST, "/i18n/setlang/"))
            .form(&[
                ("language", "es"),
                (
                    "csrfmiddlewaretoken",
                    &crate::helpers::form_token(&after.text().await.unwrap()),
                ),
            ])
            .send()
            .await
            .unwrap();
    }
}
