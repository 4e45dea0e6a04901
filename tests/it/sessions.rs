//! `sessionid`, sign-in and sign-out (django-cookies A-1…A-4, S-1…S-10).

use crate::helpers::{
    PASSWORD, TestApp, assert_cookie_shape, cookie_value, form_token, header, set_cookie,
    set_cookies,
};
use galette_core::necessary_cookies::NecessaryCookie;
use reqwest::Method;
use std::time::Duration;

const HOST: &str = "cdmx.localhost";
const EMAIL: &str = "ana@example.org";

async fn account_status(app: &TestApp, host: &str, session: &str) -> u16 {
    app.request(Method::GET, host, "/account/")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_login_page_has_the_form_and_sets_csrftoken_but_never_sessionid() {
    let app = TestApp::spawn().await;
    let response = app.get(HOST, "/login/?next=/account/").await;
    assert_eq!(response.status(), 200);
    assert!(set_cookie(response.headers(), "csrftoken").is_some(), "A-1");
    assert!(set_cookie(response.headers(), "sessionid").is_none(), "A-1");
    let html = crate::helpers::unescape(&response.text().await.unwrap());
    assert!(html.contains(r#"<form method="post" action="/login/""#));
    assert!(html.contains(r#"type="email" name="email""#));
    assert!(html.contains(r#"type="password" name="password""#));
    assert!(html.contains(r#"<input type="hidden" name="next" value="/account/">"#));
    assert_eq!(form_token(&html).len(), 64);
}

#[tokio::test]
async fn a_successful_login_redirects_to_next_with_a_new_session_and_a_rotated_csrf_secret() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let (secret, token) = app.csrf_pair(HOST).await;
    let response = app
        .request(Method::POST, HOST, "/login/")
        .header("Cookie", format!("csrftoken={secret}"))
        .form(&[
            ("email", EMAIL),
            ("password", PASSWORD),
            ("next", "/cookie-policy/"),
            ("csrfmiddlewaretoken", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(header(response.headers(), "location"), "/cookie-policy/");
    let session = set_cookie(response.headers(), "sessionid").unwrap();
    assert_cookie_shape(
        &session,
        "sessionid=[a-z0-9]{32}; expires=DATE; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax",
    );
    let csrf = set_cookie(response.headers(), "csrftoken").unwrap();
    assert_cookie_shape(
        &csrf,
        "csrftoken=[A-Za-z0-9]{32}; expires=DATE; Max-Age=31449600; Path=/; SameSite=Lax",
    );
    assert_ne!(
        cookie_value(response.headers(), "csrftoken").unwrap(),
        secret,
        "X-9"
    );
    assert!(header(response.headers(), "vary").contains("Cookie"));
    let key = cookie_value(response.headers(), "sessionid").unwrap();
    assert_eq!(account_status(&app, HOST, &key).await, 200);
}

#[tokio::test]
async fn the_session_cookie_expires_two_weeks_from_now() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let response = app
        .post_form(
            HOST,
            "/login/",
            &[("email", EMAIL), ("password", PASSWORD)],
            "",
        )
        .await;
    let header = set_cookie(response.headers(), "sessionid").unwrap();
    let expires = header
        .split("; ")
        .find_map(|a| a.strip_prefix("expires="))
        .unwrap();
    let at = httpdate::parse_http_date(expires).unwrap();
    let expected = app.clock.now() + Duration::from_secs(NecessaryCookie::SessionId.max_age_secs());
    let gap = expected.duration_since(at).unwrap_or_else(|e| e.duration());
    assert!(gap < Duration::from_secs(60), "expires {expires}");
}

#[tokio::test]
async fn wrong_credentials_show_the_form_again_with_an_error_and_no_session() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    for (email, password) in [(EMAIL, "wrong"), ("nobody@example.org", PASSWORD), ("", "")] {
        let response = app
            .post_form(
                HOST,
                "/login/",
                &[("email", email), ("password", password)],
                "",
            )
            .await;
        assert_eq!(response.status(), 200);
        assert!(set_cookie(response.headers(), "sessionid").is_none());
        let html = response.text().await.unwrap();
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains(r#"name="password""#));
    }
}

#[tokio::test]
async fn an_unsafe_next_is_replaced_by_the_root() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let port = app.addr.port();
    let cases = [
        ("http://evil.example/".to_owned(), "/"),
        ("//evil.example".to_owned(), "/"),
        ("/\\evil.example".to_owned(), "/"),
        ("https://cdmx.localhost/".to_owned(), "/"),
        (format!("http://cdmx.localhost:{port}/account/"), "same"),
        ("/account/".to_owned(), "/account/"),
    ];
    for (next, expected) in cases {
        let response = app
            .post_form(
                HOST,
                "/login/",
                &[("email", EMAIL), ("password", PASSWORD), ("next", &next)],
                "",
            )
            .await;
        let expected = if expected == "same" {
            next.as_str()
        } else {
            expected
        };
        assert_eq!(
            header(response.headers(), "location"),
            expected,
            "next={next}"
        );
    }
}

#[tokio::test]
async fn next_may_come_from_the_query_string() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let response = app
        .post_form(
            HOST,
            "/login/?next=/account/",
            &[("email", EMAIL), ("password", PASSWORD)],
            "",
        )
        .await;
    assert_eq!(header(response.headers(), "location"), "/account/");
}

#[tokio::test]
async fn emails_are_matched_without_regard_to_case() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    app.login(HOST, "  ANA@Example.org ", PASSWORD).await;
}

#[tokio::test]
async fn the_account_page_is_the_signed_in_probe() {
    let app = TestApp::spawn().await;
    let anonymous = app.get(HOST, "/account/").await;
    assert_eq!(anonymous.status(), 302);
    assert_eq!(
        header(anonymous.headers(), "location"),
        "/login/?next=/account/"
    );
    assert!(set_cookie(anonymous.headers(), "sessionid").is_none());
    app.add_user("cdmx", EMAIL, false).await;
    let session = app.login(HOST, EMAIL, PASSWORD).await;
    let page = app
        .request(Method::GET, HOST, "/account/")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(header(page.headers(), "vary").contains("Cookie"), "S-5");
    assert!(
        set_cookie(page.headers(), "sessionid").is_none(),
        "reading does not re-send (S-3)"
    );
    assert!(page.text().await.unwrap().contains(EMAIL));
}

#[tokio::test]
async fn anonymous_readers_never_receive_a_session() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/cookie-policy/",
        "/cookie-policy.json",
        "/login/",
        "/account/",
        "/backoffice/",
    ] {
        let response = app.get(HOST, path).await;
        assert!(
            set_cookie(response.headers(), "sessionid").is_none(),
            "{path}"
        );
    }
    assert_eq!(app.store.count_sessions(1).await.unwrap(), 0);
}

#[tokio::test]
async fn logging_in_again_cycles_the_key_and_forgets_the_old_one() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let first = app.login(HOST, EMAIL, PASSWORD).await;
    let response = app
        .post_form(
            HOST,
            "/login/",
            &[("email", EMAIL), ("password", PASSWORD)],
            &format!("sessionid={first}"),
        )
        .await;
    let second = cookie_value(response.headers(), "sessionid").unwrap();
    assert_ne!(first, second, "S-7");
    assert_eq!(account_status(&app, HOST, &first).await, 302);
    assert_eq!(account_status(&app, HOST, &second).await, 200);
}

#[tokio::test]
async fn another_user_signing_in_on_the_same_browser_gets_a_fresh_session() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    app.add_user("cdmx", "bea@example.org", false).await;
    let ana = app.login(HOST, EMAIL, PASSWORD).await;
    let response = app
        .post_form(
            HOST,
            "/login/",
            &[("email", "bea@example.org"), ("password", PASSWORD)],
            &format!("sessionid={ana}"),
        )
        .await;
    let bea = cookie_value(response.headers(), "sessionid").unwrap();
    assert_ne!(ana, bea);
    let page = app
        .request(Method::GET, HOST, "/account/")
        .header("Cookie", format!("sessionid={bea}"))
        .send()
        .await
        .unwrap();
    assert!(page.text().await.unwrap().contains("bea@example.org"));
}

#[tokio::test]
async fn logout_deletes_the_cookie_in_djangos_shape_and_the_old_id_is_anonymous() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let session = app.login(HOST, EMAIL, PASSWORD).await;
    let response = app
        .post_form(
            HOST,
            "/logout/",
            &[("next", "/cookie-policy/")],
            &format!("sessionid={session}"),
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(header(response.headers(), "location"), "/cookie-policy/");
    assert_eq!(
        set_cookie(response.headers(), "sessionid").unwrap(),
        r#"sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"#
    );
    assert!(header(response.headers(), "vary").contains("Cookie"), "S-6");
    assert_eq!(account_status(&app, HOST, &session).await, 302, "S-9");
}

#[tokio::test]
async fn logout_with_another_method_is_405_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let session = app.login(HOST, EMAIL, PASSWORD).await;
    let response = app
        .request(Method::GET, HOST, "/logout/")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(header(response.headers(), "allow"), "POST, OPTIONS");
    assert!(
        set_cookies(response.headers())
            .iter()
            .all(|c| !c.starts_with("sessionid"))
    );
    assert_eq!(account_status(&app, HOST, &session).await, 200);
}

#[tokio::test]
async fn a_session_of_one_portal_is_anonymous_on_another() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    app.add_user("civis", EMAIL, false).await;
    let session = app.login(HOST, EMAIL, PASSWORD).await;
    assert_eq!(
        account_status(&app, "civis.localhost", &session).await,
        302,
        "S-10"
    );
    assert_eq!(account_status(&app, HOST, &session).await, 200);
}

#[tokio::test]
async fn a_session_expires_after_two_weeks_and_is_then_cleaned_up() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let session = app.login(HOST, EMAIL, PASSWORD).await;
    app.clock.advance(Duration::from_secs(13 * 86_400));
    assert_eq!(account_status(&app, HOST, &session).await, 200);
    app.clock.advance(Duration::from_secs(2 * 86_400));
    assert_eq!(account_status(&app, HOST, &session).await, 302);
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    assert_eq!(app.store.count_sessions(tenant.id).await.unwrap(), 1);
    assert_eq!(
        app.store
            .purge_expired_sessions(app.clock.unix())
            .await
            .unwrap(),
        1
    );
    assert_eq!(app.store.count_sessions(tenant.id).await.unwrap(), 0);
}

#[tokio::test]
async fn changing_the_password_ends_existing_sessions() {
    let app = TestApp::spawn().await;
    let user = app.add_user("cdmx", EMAIL, false).await;
    let session = app.login(HOST, EMAIL, PASSWORD).await;
    let hash = galette_core::password::hash_password("a new password", &mut rand::rng()).unwrap();
    app.store.set_password(user.id, &hash).await.unwrap();
    assert_eq!(account_status(&app, HOST, &session).await, 302, "S-8");
}

#[tokio::test]
async fn unknown_or_short_session_ids_are_anonymous_and_never_adopted() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    for planted in ["abc", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"] {
        assert_eq!(account_status(&app, HOST, planted).await, 302);
        let response = app
            .post_form(
                HOST,
                "/login/",
                &[("email", EMAIL), ("password", PASSWORD)],
                &format!("sessionid={planted}"),
            )
            .await;
        let issued = cookie_value(response.headers(), "sessionid").unwrap();
        assert_ne!(issued, planted, "fixation (S-2)");
    }
}

#[tokio::test]
async fn the_tenth_failed_attempt_on_an_account_is_throttled_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    for _ in 0..9 {
        let response = app
            .post_form(
                HOST,
                "/login/",
                &[("email", EMAIL), ("password", "nope")],
                "",
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    let response = app
        .post_form(
            HOST,
            "/login/",
            &[("email", EMAIL), ("password", PASSWORD)],
            "",
        )
        .await;
    assert_eq!(response.status(), 429);
    assert_eq!(header(response.headers(), "retry-after"), "900");
    assert!(set_cookie(response.headers(), "sessionid").is_none());
    // Fifteen minutes later the account may try again.
    app.clock.advance(Duration::from_secs(15 * 60 + 1));
    app.login(HOST, EMAIL, PASSWORD).await;
}

#[tokio::test]
async fn a_client_guessing_many_accounts_is_throttled_too() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    for i in 0..9 {
        let email = format!("guess{i}@example.org");
        app.post_form(HOST, "/login/", &[("email", &email), ("password", "x")], "")
            .await;
    }
    let response = app
        .post_form(
            HOST,
            "/login/",
            &[("email", EMAIL), ("password", PASSWORD)],
            "",
        )
        .await;
    assert_eq!(response.status(), 429);
}
