//! Issue 9's HTTP classes: failures answered with the site's own pages or the API's JSON
//! (never the framework's text), request ids, store outages as 503s, limits on imported
//! data, and the smaller fixes (`next` in query strings, the API and CSRF).

use crate::explore::{import, import_text};
use crate::helpers::{TestApp, cookie_value, header, set_cookies, unescape};
use reqwest::Method;
use serde_json::Value;

const HOST: &str = "cdmx.localhost";
const API: &str = "/api/explore/v2.1";

#[tokio::test]
async fn a_path_that_is_not_utf8_gets_the_sites_400_page_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let response = app.get(HOST, "/datasets/%ff%fe/").await;
    assert_eq!(response.status(), 400);
    assert!(header(response.headers(), "content-type").starts_with("text/html"));
    assert_eq!(header(response.headers(), "x-request-id").len(), 16);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("<html lang=\"es\">"), "{html}");
    assert!(html.contains("UTF-8 válido"), "the detail is in Spanish");
    assert!(!html.contains("Cannot parse"), "no framework text");
}

#[tokio::test]
async fn an_api_path_that_is_not_utf8_gets_the_apis_json_error() {
    let app = TestApp::spawn().await;
    let path = format!("{API}/catalog/datasets/%ff%fe/records");
    let response = app.get(HOST, &path).await;
    assert_eq!(response.status(), 400);
    assert!(header(response.headers(), "content-type").starts_with("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "InvalidRESTParameterError");
    assert!(body["message"].as_str().unwrap().contains("UTF-8"));
}

#[tokio::test]
async fn a_method_the_route_does_not_take_gets_the_sites_405_page() {
    let app = TestApp::spawn().await;
    let response = app.post_form(HOST, "/datasets/", &[], "").await;
    assert_eq!(response.status(), 405);
    assert!(header(response.headers(), "allow").contains("GET"));
    assert!(header(response.headers(), "content-type").starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"es\">"));
}

#[tokio::test]
async fn an_api_request_with_an_unreadable_cookie_header_gets_json() {
    let app = TestApp::spawn().await;
    let value = reqwest::header::HeaderValue::from_bytes(b"sessionid=\xff\xfe").unwrap();
    let response = app
        .request(Method::GET, HOST, &format!("{API}/catalog/datasets"))
        .header("Cookie", value)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "InvalidRESTParameterError");
}

#[tokio::test]
async fn every_answer_carries_its_own_request_id() {
    let app = TestApp::spawn().await;
    let first = app.get(HOST, "/").await;
    let second = app.get(HOST, "/nowhere/").await;
    let (a, b) = (
        header(first.headers(), "x-request-id"),
        header(second.headers(), "x-request-id"),
    );
    assert_eq!(a.len(), 16);
    assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
    assert_eq!(second.status(), 404);
}

#[tokio::test]
async fn a_store_outage_in_the_explorer_is_a_503_page_that_quotes_the_request_id() {
    let app = TestApp::spawn().await;
    let response = app
        .request(Method::GET, HOST, "/test/closed-store/datasets/flights/")
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503, "an outage is not a missing dataset");
    assert_eq!(header(response.headers(), "retry-after"), "5");
    let id = header(response.headers(), "x-request-id");
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Please try again in a moment."), "{html}");
    assert!(
        html.contains(&format!("<code>{id}</code>")),
        "the page quotes {id}"
    );
}

#[tokio::test]
async fn a_store_outage_before_the_portal_is_known_says_to_retry_not_that_it_does_not_exist() {
    let app = TestApp::spawn().await;
    app.store.close().await;
    let response = app
        .request(Method::GET, HOST, "/")
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(header(response.headers(), "retry-after"), "5");
    let id = header(response.headers(), "x-request-id");
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Please try again in a moment."), "{html}");
    assert!(!html.contains("This portal does not exist"));
    assert!(html.contains(&format!("<code>{id}</code>")));
}

#[tokio::test]
async fn a_post_to_the_api_gets_a_json_error_and_never_the_html_csrf_page() {
    let app = TestApp::spawn().await;
    let path = format!("{API}/catalog/datasets");
    let refused = app.request(Method::POST, HOST, &path).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(header(refused.headers(), "content-type").starts_with("application/json"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error_code"], "Forbidden");
    assert!(body["message"].as_str().unwrap().contains("CSRF"));

    // With a valid token, the API still only reads: a JSON 405 that says so.
    let (secret, token) = app.csrf_pair(HOST).await;
    let allowed = app
        .request(Method::POST, HOST, &path)
        .header("Cookie", format!("csrftoken={secret}"))
        .header("X-CSRFToken", token)
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 405);
    assert!(header(allowed.headers(), "allow").contains("GET"));
    let body: Value = allowed.json().await.unwrap();
    assert_eq!(body["error_code"], "MethodNotAllowed");
}

#[tokio::test]
async fn a_malformed_csrftoken_sent_to_the_api_gets_a_fresh_one_and_a_valid_one_nothing() {
    // explore-api.md §8: the API sets no cookie of its own, except django-cookies X-8.
    let app = TestApp::spawn().await;
    let path = format!("{API}/catalog/datasets");
    let malformed = app
        .request(Method::GET, HOST, &path)
        .header("Cookie", "csrftoken=not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 200);
    let cookies = set_cookies(malformed.headers());
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let fresh = cookie_value(malformed.headers(), "csrftoken").unwrap();
    assert_eq!(fresh.len(), 32);

    let valid = app
        .request(Method::GET, HOST, &path)
        .header("Cookie", format!("csrftoken={fresh}"))
        .send()
        .await
        .unwrap();
    assert!(set_cookies(valid.headers()).is_empty());
    let none = app.get(HOST, &path).await;
    assert!(set_cookies(none.headers()).is_empty());
}

#[tokio::test]
async fn a_consent_choice_follows_next_in_the_query_string_when_it_is_local() {
    let app = TestApp::spawn().await;
    for (query, expected) in [
        ("?next=/datasets/%3Fq%3Dx", "/datasets/?q=x"),
        ("?next=https://evil.example/", "/"),
        ("?next=//evil.example/", "/"),
    ] {
        let path = format!("/cookies/{query}");
        let response = app
            .post_form(HOST, &path, &[("action", "reject_all")], "")
            .await;
        assert_eq!(response.status(), 303, "{query}");
        assert_eq!(header(response.headers(), "location"), expected, "{query}");
    }
    // The form field still wins over the query string.
    let response = app
        .post_form(
            HOST,
            "/cookies/?next=/datasets/",
            &[("action", "reject_all"), ("next", "/cookie-policy/")],
            "",
        )
        .await;
    assert_eq!(header(response.headers(), "location"), "/cookie-policy/");
}

#[tokio::test]
async fn the_language_switcher_brings_the_visitor_back_with_the_query_string() {
    let app = TestApp::spawn().await;
    let html = app
        .get(HOST, "/datasets/?q=vuelos&page=2")
        .await
        .text()
        .await
        .unwrap();
    let html = unescape(&html);
    assert!(
        html.contains(r#"name="next" value="/datasets/?q=vuelos&page=2""#),
        "the switcher's next keeps the query"
    );
    let response = app
        .post_form(
            HOST,
            "/i18n/setlang/",
            &[("language", "en"), ("next", "/datasets/?q=vuelos&page=2")],
            "",
        )
        .await;
    assert_eq!(
        header(response.headers(), "location"),
        "/datasets/?q=vuelos&page=2"
    );
}

#[tokio::test]
async fn the_cli_refuses_huge_cells_and_column_names_naming_the_line_and_column() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            format!(
                "carrier,name\nUA,United\nAA,{}\n",
                "x".repeat(1024 * 1024 + 1)
            ),
            "line 3, column 2: the value has 1048577 bytes",
        ),
        (
            format!("carrier,{}\nUA,United\n", "n".repeat(300)),
            "line 1, column 2: the column name has 300 characters; at most 256",
        ),
    ];
    for (csv, expected) in cases {
        let file = dir.path().join("big.csv");
        std::fs::write(&file, csv).unwrap();
        let output = import(&app, "cdmx", "big", &file);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
    let response = app.get(HOST, &format!("{API}/catalog/datasets/big")).await;
    assert_eq!(response.status(), 404, "nothing was imported");
}

#[tokio::test]
async fn the_explorer_cuts_a_long_cell_and_the_api_gives_it_whole() {
    let app = TestApp::spawn().await;
    let long = format!("{}{}", "a".repeat(500), "b".repeat(1500));
    import_text(&app, "notes", &format!("id,note\n1,{long}\n"));
    let html = app
        .get(HOST, "/datasets/notes/")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("<td>{}…</td>", "a".repeat(500))));
    assert!(
        !html.contains("bbbbbbbbbb"),
        "neither the table nor a facet link carries the rest"
    );
    let (status, record) = {
        let response = app
            .get(
                HOST,
                &format!("{API}/catalog/datasets/notes/records?select=note"),
            )
            .await;
        (response.status(), response.json::<Value>().await.unwrap())
    };
    assert_eq!(status, 200);
    assert_eq!(record["results"][0]["note"], long);
}

/// Found by the HTTP fuzzer: rows go in by batches of 50 through one statement text, and a
/// statement prepared with a NULL where a later batch has a number made PostgreSQL refuse
/// the later batch ("incorrect binary data format").
#[tokio::test]
async fn a_column_null_in_one_batch_and_numeric_in_the_next_imports_and_exports_whole() {
    let app = TestApp::spawn().await;
    let mut csv = String::from("n,distance,delay\n");
    for i in 0..120 {
        let distance = if i % 50 == 4 && i < 50 {
            String::new()
        } else {
            format!("{i}.5")
        };
        let delay = if i < 50 { String::new() } else { i.to_string() };
        csv.push_str(&format!("{i},{distance},{delay}\n"));
    }
    import_text(&app, "batches", &csv);
    let body: serde_json::Value = app
        .get(
            "cdmx.localhost",
            "/api/explore/v2.1/catalog/datasets/batches/records?select=count(*) as n, sum(distance) as d, count(delay) as k",
        )
        .await
        .json()
        .await
        .unwrap();
    let row = &body["results"][0];
    assert_eq!(row["n"], 120);
    assert_eq!(row["k"], 70);
    let expected: f64 = (0..120)
        .filter(|i| *i != 4)
        .map(|i| f64::from(i) + 0.5)
        .sum();
    assert_eq!(row["d"].as_f64().unwrap(), expected);
}

/// More answers the HTTP fuzzer found failing on PostgreSQL only.
#[tokio::test]
async fn fuzzer_findings_on_postgresql_are_answers_or_clear_refusals() {
    let app = TestApp::spawn().await;
    import_text(
        &app,
        "days",
        "day,carrier,count\n2013-01-05,UA,3\n2013-02-07,AA,4\n",
    );
    let api = "/api/explore/v2.1/catalog/datasets";
    // The hour of a date is midnight's, as on SQLite.
    let body: Value = app
        .get(
            "cdmx.localhost",
            &format!("{api}/days/records?select=hour(day) as h"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["results"][0]["h"], 0, "{body}");
    // exclude() leaves only an aggregate: one row, no ungrouped record order.
    let response = app
        .get(
            "cdmx.localhost",
            &format!("{api}/days/records?select=count(*) as n, exclude(c*)"),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["results"][0]["n"], 2, "{body}");
    // An id that no dataset can have is unknown, without asking the database.
    let response = app
        .get("cdmx.localhost", &format!("{api}/%00/records"))
        .await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "NotFound");
}
