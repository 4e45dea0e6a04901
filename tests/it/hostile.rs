//! Hostile and malformed input: a clear 4xx page, never a 500, a panic or lost data.

use crate::helpers::{PASSWORD, TestApp, header, set_cookie};
use reqwest::Method;

const HOST: &str = "cdmx.localhost";

#[tokio::test]
async fn an_oversized_cookie_header_gets_a_431_page() {
    let app = TestApp::spawn().await;
    let big = format!("junk={}", "a".repeat(10_000));
    let response = app
        .request(Method::GET, HOST, "/")
        .header("Cookie", big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 431);
    assert!(set_cookie(response.headers(), "csrftoken").is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"es\">"));
}

#[tokio::test]
async fn a_cookie_header_that_is_not_text_gets_a_400_page() {
    let app = TestApp::spawn().await;
    let value = reqwest::header::HeaderValue::from_bytes(b"sessionid=\xff\xfe").unwrap();
    let response = app
        .request(Method::GET, HOST, "/")
        .header("Cookie", value)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("Cookie"));
}

#[tokio::test]
async fn malformed_cookie_pairs_are_ignored() {
    let app = TestApp::spawn().await;
    for cookie in [
        ";;;",
        "=",
        "sessionid",
        "sessionid=; csrftoken",
        "a=b=c; django_language=\"fr\"",
        "django_language=../../etc",
    ] {
        let response = app
            .request(Method::GET, HOST, "/account/")
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302, "{cookie}");
    }
}

#[tokio::test]
async fn odd_host_headers_are_no_portal() {
    let app = TestApp::spawn().await;
    for host in [
        "",
        "cdmx.localhost:abc",
        "cdmx..localhost",
        "évil.localhost",
        "a b",
        "[::1",
        "localhost:99999999",
    ] {
        let response = app
            .client
            .get(format!("http://{}/", app.addr))
            .header("Host", host)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{host:?} gave {}",
            response.status()
        );
        assert!(set_cookie(response.headers(), "csrftoken").is_none());
    }
}

#[tokio::test]
async fn an_oversized_form_gets_a_413_page() {
    let app = TestApp::spawn().await;
    let (secret, token) = app.csrf_pair(HOST).await;
    let padding = "x".repeat(100_000);
    let response = app
        .request(Method::POST, HOST, "/login/")
        .header("Cookie", format!("csrftoken={secret}"))
        .form(&[
            ("csrfmiddlewaretoken", token.as_str()),
            ("email", padding.as_str()),
            ("password", "p"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(header(response.headers(), "content-type").starts_with("text/html"));
}

#[tokio::test]
async fn a_form_that_does_not_decode_or_has_the_wrong_type_gets_a_400_page() {
    let app = TestApp::spawn().await;
    let (secret, _) = app.csrf_pair(HOST).await;
    let by_header = |content_type: &'static str, body: &'static [u8]| {
        app.request(Method::POST, HOST, "/login/")
            .header("Cookie", format!("csrftoken={secret}"))
            .header("X-CSRFToken", secret.clone())
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    let json = by_header("application/json", br#"{"email":"a"}"#)
        .await
        .unwrap();
    assert_eq!(json.status(), 400);
    assert!(
        crate::helpers::unescape(&json.text().await.unwrap())
            .contains("application/x-www-form-urlencoded")
    );
    let broken = by_header(
        "application/x-www-form-urlencoded",
        b"email=%ZZ&password=\xff",
    )
    .await
    .unwrap();
    assert!(
        broken.status().is_client_error() || broken.status() == 200,
        "{}",
        broken.status()
    );
    assert_ne!(broken.status(), 500);
}

#[tokio::test]
async fn hostile_sign_in_values_are_refused_calmly() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", "ana@example.org", false).await;
    let long_password = "p".repeat(5_000);
    let cases = [
        ("ana@example.org", long_password.as_str()),
        ("ana@example.org\0", PASSWORD),
        ("<script>alert(1)</script>", PASSWORD),
        ("' OR 1=1 --", "' OR 1=1 --"),
    ];
    for (email, password) in cases {
        let response = app
            .post_form(
                HOST,
                "/login/",
                &[("email", email), ("password", password)],
                "",
            )
            .await;
        assert_eq!(response.status(), 200, "{email:?}");
        let html = response.text().await.unwrap();
        assert!(!html.contains("<script>alert(1)</script>"), "escaped");
    }
    // The account still works.
    app.login(HOST, "ana@example.org", PASSWORD).await;
}

#[tokio::test]
async fn a_next_that_tries_to_break_out_of_the_page_is_escaped() {
    let app = TestApp::spawn().await;
    let html = app
        .get(HOST, "/login/?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;"));
}

#[tokio::test]
async fn an_accept_language_of_any_shape_never_fails() {
    let app = TestApp::spawn().await;
    let long = format!("{},fr", "en;q=0.1,".repeat(100));
    for accept in ["", ",,,", ";q=1", "fr;q=abc", "*;q=0", long.as_str()] {
        let response = app
            .request(Method::GET, HOST, "/")
            .header("Accept-Language", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{accept}");
    }
}
