//! API quotas (docs/quotas.md): Opendatasoft's 429 and headers, counted per address, per
//! key and per account in the store, shared by servers on one database, reset with the
//! window, purged after it, failing open, and set by administrators only.

use crate::helpers::{PASSWORD, TestApp, header};
use galette_core::api_key::{api_key_digest, generate_api_key};
use galette_core::quota::{QuotaSettings, QuotaUnit};
use galette_http::HttpSettings;
use reqwest::{Method, Response};
use std::net::SocketAddr;
use std::time::Duration;

const HOST: &str = "cdmx.localhost";
const SLUG: &str = "cdmx";
const CATALOG: &str = "/api/explore/v2.1/catalog/datasets";

/// Settings of a server behind a reverse proxy on 127.0.0.1, whose `X-Forwarded-For` is
/// believed: each test speaks as many clients as it likes.
fn behind_proxy() -> HttpSettings {
    HttpSettings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..HttpSettings::default()
    }
}

async fn set_quota(app: &TestApp, per_address: u64, per_key: u64, unit: QuotaUnit) {
    let tenant = app.store.tenant_by_slug(SLUG).await.unwrap().unwrap();
    app.store
        .set_api_quota(
            tenant.id,
            &QuotaSettings {
                per_address,
                per_key,
                unit,
            },
        )
        .await
        .unwrap();
}

/// A catalogue call from `client`, with an API key if one is given.
async fn call(app: &TestApp, client: &str, key: Option<&str>) -> Response {
    call_on(app, app.addr, client, key).await
}

async fn call_on(app: &TestApp, addr: SocketAddr, client: &str, key: Option<&str>) -> Response {
    let mut request = app
        .client
        .get(format!("http://127.0.0.1:{}{CATALOG}", addr.port()))
        .header("Host", format!("{HOST}:{}", addr.port()))
        .header("X-Forwarded-For", client);
    if let Some(key) = key {
        request = request.header("Authorization", format!("Apikey {key}"));
    }
    request.send().await.unwrap()
}

async fn new_key(app: &TestApp) -> String {
    let tenant = app.store.tenant_by_slug(SLUG).await.unwrap().unwrap();
    let key = generate_api_key(&mut rand::rng());
    app.store
        .create_api_key(tenant.id, "robot", &api_key_digest(&key), app.clock.unix())
        .await
        .unwrap();
    key
}

fn remaining(response: &Response) -> String {
    header(response.headers(), "x-ratelimit-remaining")
}

/// The rows of the shared counter, as text.
async fn counter_rows(app: &TestApp) -> usize {
    app.raw_texts("SELECT subject FROM api_call_counts")
        .await
        .len()
}

#[tokio::test]
async fn past_the_limit_a_caller_gets_opendatasofts_429_with_retry_after() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 3, 0, QuotaUnit::Day).await;
    let now = app.clock.unix();
    let reset = now - now.rem_euclid(86_400) + 86_400;
    for left in ["2", "1", "0"] {
        let ok = call(&app, "192.0.2.1", None).await;
        assert_eq!(ok.status(), 200);
        assert_eq!(header(ok.headers(), "x-ratelimit-limit"), "3");
        assert_eq!(remaining(&ok), left);
        assert_eq!(header(ok.headers(), "x-ratelimit-reset"), reset.to_string());
    }
    let refused = call(&app, "192.0.2.1", None).await;
    assert_eq!(refused.status(), 429);
    let headers = refused.headers().clone();
    assert_eq!(header(&headers, "x-ratelimit-limit"), "3");
    assert_eq!(header(&headers, "x-ratelimit-remaining"), "0");
    assert_eq!(header(&headers, "x-ratelimit-reset"), reset.to_string());
    assert_eq!(header(&headers, "cache-control"), "no-store");
    assert!(header(&headers, "content-type").starts_with("application/json"));
    let retry: i64 = header(&headers, "retry-after").parse().unwrap();
    assert!(
        (reset - now - retry).abs() <= 2 && retry >= 1,
        "Retry-After {retry} is the time to {reset}"
    );
    let body: serde_json::Value = refused.json().await.unwrap();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "call_limit",
            "error",
            "errorcode",
            "limit_time_unit",
            "reset_time"
        ]
    );
    assert_eq!(body["errorcode"], 10002);
    assert_eq!(body["call_limit"], 3);
    assert_eq!(body["limit_time_unit"], "day");
    assert_eq!(
        body["reset_time"],
        galette_core::time::rfc3339_utc(reset).as_str()
    );
    assert!(body["reset_time"].as_str().unwrap().ends_with("T00:00:00Z"));
    assert_eq!(
        body["error"],
        "Too many requests on the domain. Please contact the domain administrator."
    );
    // Every API path is counted, an unknown one too; the pages are not.
    let unknown = app
        .request(Method::GET, HOST, "/api/explore/v2.1/nowhere")
        .header("X-Forwarded-For", "192.0.2.1")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 429);
    let page = app
        .request(Method::GET, HOST, "/")
        .header("X-Forwarded-For", "192.0.2.1")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers().get("x-ratelimit-limit").is_none());
}

#[tokio::test]
async fn browsers_may_read_the_quota_and_preflights_are_not_counted() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 2, 0, QuotaUnit::Day).await;
    for _ in 0..5 {
        let preflight = app
            .request(Method::OPTIONS, HOST, CATALOG)
            .header("X-Forwarded-For", "192.0.2.9")
            .header("Origin", "https://elsewhere.example")
            .header("Access-Control-Request-Method", "GET")
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status(), 204);
    }
    let cors = app
        .request(Method::GET, HOST, CATALOG)
        .header("X-Forwarded-For", "192.0.2.9")
        .header("Origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cors.status(), 200);
    assert_eq!(remaining(&cors), "1", "the preflights were not counted");
    let exposed = header(cors.headers(), "access-control-expose-headers");
    for name in ["X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"] {
        assert!(exposed.contains(name), "{exposed}");
    }
}

#[tokio::test]
async fn an_api_key_is_counted_apart_from_its_address_and_addresses_apart_from_each_other() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 2, 3, QuotaUnit::Day).await;
    let key = new_key(&app).await;
    for _ in 0..2 {
        assert_eq!(call(&app, "192.0.2.1", None).await.status(), 200);
    }
    assert_eq!(call(&app, "192.0.2.1", None).await.status(), 429);
    // Another address has its own count.
    let other = call(&app, "192.0.2.2", None).await;
    assert_eq!(other.status(), 200);
    assert_eq!(remaining(&other), "1");
    // So has the key, from the exhausted address, under its own limit.
    for left in ["2", "1", "0"] {
        let with_key = call(&app, "192.0.2.1", Some(&key)).await;
        assert_eq!(with_key.status(), 200);
        assert_eq!(header(with_key.headers(), "x-ratelimit-limit"), "3");
        assert_eq!(remaining(&with_key), left);
    }
    // The key's count follows it to any address; the parameter counts like the header.
    assert_eq!(call(&app, "198.51.100.7", Some(&key)).await.status(), 429);
    let as_parameter = app
        .request(Method::GET, HOST, &format!("{CATALOG}?apikey={key}"))
        .header("X-Forwarded-For", "198.51.100.8")
        .send()
        .await
        .unwrap();
    assert_eq!(as_parameter.status(), 429);
    // An IPv6 client is one /64: a new address in the same /64 shares its count.
    assert_eq!(call(&app, "2001:db8:1:2::1", None).await.status(), 200);
    assert_eq!(call(&app, "2001:db8:1:2::ffff", None).await.status(), 200);
    assert_eq!(call(&app, "2001:db8:1:2:abcd::1", None).await.status(), 429);
    assert_eq!(call(&app, "2001:db8:1:3::1", None).await.status(), 200);
    // Nothing stored reads back to an address: only keyed digests, 64 hex digits (which
    // may hold "192" by chance, but never a dot or a colon).
    for subject in app.raw_texts("SELECT subject FROM api_call_counts").await {
        assert!(
            subject.len() == 64 && subject.bytes().all(|b| b.is_ascii_hexdigit()),
            "{subject}"
        );
    }
}

#[tokio::test]
async fn administrators_are_not_counted_and_other_accounts_are_counted_like_keys() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 1, 2, QuotaUnit::Day).await;
    app.add_user(SLUG, "admin@example.org", true).await;
    app.add_user(SLUG, "reader@example.org", false).await;
    let admin = app.login(HOST, "admin@example.org", PASSWORD).await;
    let reader = app.login(HOST, "reader@example.org", PASSWORD).await;
    let as_session = |session: &str| {
        app.request(Method::GET, HOST, CATALOG)
            .header("X-Forwarded-For", "192.0.2.1")
            .header("Cookie", format!("sessionid={session}"))
    };
    for _ in 0..5 {
        let response = as_session(&admin).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("x-ratelimit-limit").is_none());
    }
    for left in ["1", "0"] {
        let response = as_session(&reader).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(header(response.headers(), "x-ratelimit-limit"), "2");
        assert_eq!(remaining(&response), left);
    }
    assert_eq!(as_session(&reader).send().await.unwrap().status(), 429);
    // The address itself was never charged by either.
    assert_eq!(remaining(&call(&app, "192.0.2.1", None).await), "0");
    assert_eq!(call(&app, "192.0.2.1", None).await.status(), 429);
}

#[tokio::test]
async fn two_servers_on_one_database_share_the_count() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 4, 0, QuotaUnit::Day).await;
    let second = app.start_again(behind_proxy()).await;
    assert_eq!(
        remaining(&call_on(&app, app.addr, "192.0.2.1", None).await),
        "3"
    );
    assert_eq!(
        remaining(&call_on(&app, second, "192.0.2.1", None).await),
        "2"
    );
    assert_eq!(
        remaining(&call_on(&app, app.addr, "192.0.2.1", None).await),
        "1"
    );
    assert_eq!(
        remaining(&call_on(&app, second, "192.0.2.1", None).await),
        "0"
    );
    assert_eq!(
        call_on(&app, app.addr, "192.0.2.1", None).await.status(),
        429
    );
    assert_eq!(call_on(&app, second, "192.0.2.1", None).await.status(), 429);
    // Calls at once on both servers are each counted once: none lost, none twice.
    set_quota(&app, 1_000, 0, QuotaUnit::Day).await;
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..40 {
        let addr = if i % 2 == 0 { app.addr } else { second };
        let client = app.client.clone();
        calls.spawn(async move {
            client
                .get(format!("http://127.0.0.1:{}{CATALOG}", addr.port()))
                .header("Host", format!("{HOST}:{}", addr.port()))
                .header("X-Forwarded-For", "192.0.2.50")
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }
    assert_eq!(remaining(&call(&app, "192.0.2.50", None).await), "959");
}

#[tokio::test]
async fn the_count_resets_with_the_window_and_past_windows_are_purged() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 2, 0, QuotaUnit::Minute).await;
    for _ in 0..2 {
        call(&app, "192.0.2.1", None).await;
    }
    let refused = call(&app, "192.0.2.1", None).await;
    assert_eq!(refused.status(), 429);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["limit_time_unit"], "minute");
    app.clock.advance(Duration::from_secs(60));
    let again = call(&app, "192.0.2.1", None).await;
    assert_eq!(again.status(), 200, "a new minute, a new count");
    assert_eq!(remaining(&again), "1");
    assert_eq!(counter_rows(&app).await, 2, "one row per window");
    // A restart's clean-up (the periodic one's first round) drops the windows that ended.
    app.clock.advance(Duration::from_secs(120));
    app.start_again(behind_proxy()).await;
    assert_eq!(counter_rows(&app).await, 0);
}

#[tokio::test]
async fn a_store_that_cannot_count_lets_calls_through() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 1, 0, QuotaUnit::Day).await;
    app.raw_sql("DROP TABLE api_call_counts").await;
    for _ in 0..3 {
        let response = call(&app, "192.0.2.1", None).await;
        assert_eq!(response.status(), 200, "served, never a 500 or a 429");
        assert!(response.headers().get("x-ratelimit-limit").is_none());
    }
}

#[tokio::test]
async fn unlimited_means_no_count_and_no_headers() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 0, 0, QuotaUnit::Day).await;
    let key = new_key(&app).await;
    for key in [None, Some(key.as_str())] {
        let response = call(&app, "192.0.2.1", key).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("x-ratelimit-limit").is_none());
    }
    assert_eq!(counter_rows(&app).await, 0);
}

#[tokio::test]
async fn the_demo_sites_start_with_the_default_quotas() {
    let app = TestApp::spawn().await;
    let response = app.get(HOST, CATALOG).await;
    assert_eq!(header(response.headers(), "x-ratelimit-limit"), "10000");
    assert_eq!(remaining(&response), "9999");
    // The API's own description says so.
    let doc: serde_json::Value = app
        .get(HOST, "/api/explore/v2.1/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        doc["paths"]["/catalog/datasets"]["get"]["responses"]["429"]["$ref"],
        "#/components/responses/TooManyRequests"
    );
    let headers = &doc["components"]["responses"]["TooManyRequests"]["headers"];
    assert!(headers["Retry-After"].is_object() && headers["X-RateLimit-Reset"].is_object());
}

#[tokio::test]
async fn bad_keys_get_a_clean_401_and_are_charged_to_the_address() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 5, 0, QuotaUnit::Day).await;
    let huge = "k".repeat(6_000);
    let paths = [
        format!("{CATALOG}?apikey={huge}"),
        format!("{CATALOG}?apikey=%00%01gk_"),
        format!("{CATALOG}?apikey=%C3%28"),
        format!("{CATALOG}?apikey=gk_{}", "A".repeat(40)),
    ];
    for path in &paths {
        let response = app
            .request(Method::GET, HOST, path)
            .header("X-Forwarded-For", "192.0.2.1")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(status == 401 || status == 400, "{status} for {path:.60}");
        assert!(body["error_code"].is_string(), "{body}");
    }
    let header_key = app
        .request(Method::GET, HOST, CATALOG)
        .header("X-Forwarded-For", "192.0.2.1")
        .header(
            "Authorization",
            format!("Apikey gk_\t{}", "x".repeat(4_000)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(header_key.status(), 401);
    // Five calls made, all charged to the address: guessing keys is no way around it.
    let refused = app
        .request(Method::GET, HOST, &format!("{CATALOG}?apikey=guess"))
        .header("X-Forwarded-For", "192.0.2.1")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
}

/// The layer keeps nothing per caller in the process: a flood of distinct addresses and
/// invented keys leaves one row each in the store (purged with its window), and nothing
/// else.
#[tokio::test]
async fn many_distinct_callers_are_counted_in_the_store_not_in_the_process() {
    let app = TestApp::spawn_with(behind_proxy()).await;
    set_quota(&app, 1, 1, QuotaUnit::Day).await;
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..600u32 {
        let client = app.client.clone();
        let url = app.url(HOST, CATALOG);
        calls.spawn(async move {
            let address = format!("10.{}.{}.{}", i / 65_536, (i / 256) % 256, i % 256);
            client
                .get(url)
                .header("X-Forwarded-For", address)
                .header("Authorization", format!("Apikey unknown-{i}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
        if calls.len() >= 16 {
            assert_eq!(calls.join_next().await.unwrap().unwrap(), 401);
        }
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.unwrap(), 401);
    }
    // Every address has its row in the store, each counted once, and the next call of
    // any of them is refused whichever server would answer it.
    assert_eq!(counter_rows(&app).await, 600);
    let counts = app
        .raw_texts("SELECT CAST(calls AS TEXT) FROM api_call_counts")
        .await;
    assert!(counts.iter().all(|c| c == "1"));
    assert_eq!(call(&app, "10.0.1.44", None).await.status(), 429);
}

#[tokio::test]
async fn only_administrators_change_the_quotas() {
    let app = TestApp::spawn().await;
    app.add_user(SLUG, "admin@example.org", true).await;
    app.add_user(SLUG, "reader@example.org", false).await;
    let admin = app.login(HOST, "admin@example.org", PASSWORD).await;
    let reader = app.login(HOST, "reader@example.org", PASSWORD).await;
    let fields = [("per_address", "50"), ("per_key", "500"), ("unit", "hour")];
    let path = "/backoffice/apikeys/quota";
    let anonymous = app.post_form(HOST, path, &fields, "").await;
    assert!(anonymous.status().is_redirection());
    assert!(header(anonymous.headers(), "location").starts_with("/login/"));
    let refused = app
        .post_form(HOST, path, &fields, &format!("sessionid={reader}"))
        .await;
    assert_eq!(refused.status(), 403);
    let unchanged = app.store.tenant_by_slug(SLUG).await.unwrap().unwrap();
    assert_eq!(unchanged.api_quota, QuotaSettings::default());
    // Without a CSRF token, not even an administrator.
    let forged = app
        .request(Method::POST, HOST, path)
        .header("Cookie", format!("sessionid={admin}"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let bad = app
        .post_form(
            HOST,
            path,
            &[("per_address", "lots"), ("per_key", "1"), ("unit", "day")],
            &format!("sessionid={admin}"),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let saved = app
        .post_form(HOST, path, &fields, &format!("sessionid={admin}"))
        .await;
    assert_eq!(saved.status(), 303);
    let changed = app.store.tenant_by_slug(SLUG).await.unwrap().unwrap();
    assert_eq!(
        changed.api_quota,
        QuotaSettings {
            per_address: 50,
            per_key: 500,
            unit: QuotaUnit::Hour
        }
    );
    // The page shows them, and the API applies them at once.
    let page = app
        .request(Method::GET, HOST, "/backoffice/apikeys/")
        .header("Cookie", format!("sessionid={admin}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"name="per_address" inputmode="numeric" pattern="[0-9]*" value="50""#));
    assert!(page.contains(r#"<option value="hour" selected>"#));
    let api = app.get(HOST, CATALOG).await;
    assert_eq!(header(api.headers(), "x-ratelimit-limit"), "50");
}

#[tokio::test]
async fn a_quota_set_with_the_cli_applies_on_a_running_server_within_a_second_or_two() {
    let app = TestApp::spawn().await;
    let cli = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_galette"))
            .args(app.store_args())
            .env("GALETTE_LOG", "warn")
            .arg("quota")
            .args(args)
            .output()
            .unwrap()
    };
    let shown = cli(&["--tenant", SLUG]);
    assert!(shown.status.success(), "{shown:?}");
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(
        text.contains("per-address  10000") && text.contains("unit         day"),
        "{text}"
    );
    let changed = cli(&[
        "--tenant",
        SLUG,
        "--per-address",
        "7",
        "--per-key",
        "0",
        "--unit",
        "hour",
    ]);
    assert!(changed.status.success(), "{changed:?}");
    let text = String::from_utf8(changed.stdout).unwrap();
    assert!(text.contains("per-key      unlimited"), "{text}");
    for (args, says) in [
        (vec!["--tenant", SLUG, "--unit", "week"], "--unit"),
        (
            vec!["--tenant", SLUG, "--per-address", "5000000000"],
            "1000000000",
        ),
        (vec!["--tenant", "nowhere"], "nowhere"),
    ] {
        let refused = cli(&args);
        assert!(!refused.status.success());
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains(says),
            "{refused:?}"
        );
    }
    let mut waited = 0;
    loop {
        let response = app.get(HOST, CATALOG).await;
        if header(response.headers(), "x-ratelimit-limit") == "7" {
            break;
        }
        assert!(waited < 30, "the server never applied the new quota");
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
}
