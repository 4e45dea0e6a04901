//! Operating galette: Prometheus metrics on their own address.

use crate::helpers::{TestApp, header, set_cookies};
use galette::startup::Application;
use galette_http::HttpSettings;

#[tokio::test]
async fn metrics_count_requests_by_route_consent_records_and_cache_lookups_on_their_own_address() {
    let app = TestApp::spawn().await;
    let server = Application::build(
        app.store.clone(),
        HttpSettings::default(),
        app.clock.clone(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
    .with_metrics("127.0.0.1:0".parse().unwrap())
    .await
    .unwrap();
    let site = server.local_addr().unwrap();
    let metrics = server.metrics_addr().unwrap();
    tokio::spawn(server.run());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |addr: std::net::SocketAddr, host: &str, path: &str| {
        client
            .get(format!("http://{addr}{path}"))
            .header("Host", host)
            .send()
    };
    for _ in 0..3 {
        assert_eq!(
            get(site, "cdmx.localhost", "/").await.unwrap().status(),
            200
        );
    }
    assert_eq!(
        get(site, "cdmx.localhost", "/datasets/no-such/")
            .await
            .unwrap()
            .status(),
        404
    );
    // A consent choice on this server (the token pair comes from its sign-in page).
    let login = get(site, "cdmx.localhost", "/login/").await.unwrap();
    let secret = crate::helpers::cookie_value(login.headers(), "csrftoken").unwrap();
    let token = crate::helpers::form_token(&login.text().await.unwrap());
    let chosen = client
        .post(format!("http://{site}/cookies/"))
        .header("Host", "cdmx.localhost")
        .header("Cookie", format!("csrftoken={secret}"))
        .form(&[("action", "reject_all"), ("csrfmiddlewaretoken", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 303);

    let scraped = get(metrics, "anything", "/metrics").await.unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(set_cookies(scraped.headers()).is_empty());
    let text = scraped.text().await.unwrap();
    for expected in [
        // Route templates, never raw paths: the label set stays bounded.
        r#"galette_http_requests_total{route="/",status="200"}"#,
        r#"galette_http_requests_total{route="/datasets/{dataset_id}/",status="404"}"#,
        r#"galette_http_request_duration_seconds_bucket{route="/",le="0.005"}"#,
        "# HELP galette_consent_records_total",
        r#"galette_cache_lookups_total{cache="tenants",outcome="hit"}"#,
        r#"galette_cache_lookups_total{cache="registries",outcome="hit"}"#,
    ] {
        assert!(text.contains(expected), "no {expected} in:\n{text}");
    }
    assert!(!text.contains("no-such"), "a raw path leaked into a label");
    // The recorder is the process's: other tests' servers count too, hence "at least".
    let consent_records: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("galette_consent_records_total "))
        .expect("the consent counter has a value")
        .parse()
        .unwrap();
    assert!(consent_records >= 1.0);
    // The sites do not serve the numbers, and the metrics address serves no site.
    assert_eq!(
        get(site, "cdmx.localhost", "/metrics")
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        get(metrics, "cdmx.localhost", "/").await.unwrap().status(),
        404
    );
}

/// deploy/topology.sh --check: the compose file's topology (two `galette serve` replicas
/// behind HAProxy on one database) with plain processes, exercised — pages from both
/// replicas, a token and a session honoured across them, 1,000 concurrent consent choices
/// none of which is lost, a replica killed mid-storm. On PostgreSQL when the suite runs there, else on one SQLite
/// data directory shared by both replicas.
#[tokio::test]
async fn the_deployment_topology_comes_up_and_holds_a_replica_being_killed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let database = match std::env::var("GALETTE_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => url.rsplit_once('/').unwrap().0.to_owned(),
        _ => "sqlite".to_owned(),
    };
    let output = tokio::process::Command::new(root.join("deploy/topology.sh"))
        .arg("--check")
        .env("GALETTE_BIN", env!("CARGO_BIN_EXE_galette"))
        .env("GALETTE_TOPOLOGY_PG", &database)
        .output()
        .await
        .expect("deploy/topology.sh runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{report}");
    assert!(report.contains("topology: every check held"), "{report}");
    assert!(!report.contains("FAIL"), "{report}");
}

/// The real binary with `GALETTE_LOG_FORMAT=json`: each answer has one JSON line carrying
/// the span's fields (the id the response quotes, the route, the status), lines reach
/// standard error within a moment though they are buffered, and none is lost when the
/// server is stopped with SIGTERM.
#[tokio::test]
async fn json_logs_carry_the_request_id_and_every_line_is_written_by_a_graceful_stop() {
    let app = TestApp::spawn().await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args(["serve", "--addr", &addr.to_string()])
        .env("GALETTE_LOG_FORMAT", "json")
        .env("GALETTE_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(log.reopen().unwrap())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let get = |path: &'static str| {
        client
            .get(format!("http://{addr}{path}"))
            .header("Host", "cdmx.localhost")
            .send()
    };
    let mut ready = false;
    for _ in 0..300 {
        if get("/healthz").await.is_ok() {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(ready, "the server never answered");
    let lines_for = |id: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(log.path())
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|l| l["span"]["request_id"] == id)
            .collect()
    };
    let first = get("/").await.unwrap();
    assert_eq!(first.status(), 200);
    let first_id = header(first.headers(), "x-request-id");
    // Buffered, but written within a moment.
    let mut seen = Vec::new();
    for _ in 0..40 {
        seen = lines_for(&first_id);
        if !seen.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let answered = seen
        .iter()
        .find(|l| l["target"] == "galette_http::guard::request_span")
        .unwrap_or_else(|| panic!("no access line for {first_id}: {seen:?}"));
    assert_eq!(answered["level"], "INFO");
    assert_eq!(answered["span"]["route"], "/");
    assert_eq!(answered["span"]["method"], "GET");
    assert_eq!(answered["span"]["tenant"], "cdmx");
    assert_eq!(answered["span"]["status"], 200);
    assert!(
        answered["message"]
            .as_str()
            .unwrap()
            .starts_with("answered 200 in ")
    );
    // A burst, then SIGTERM at once: the graceful stop writes out what is buffered.
    let mut ids = Vec::new();
    for _ in 0..50 {
        let response = get("/datasets/no-such/").await.unwrap();
        assert_eq!(response.status(), 404);
        ids.push(header(response.headers(), "x-request-id"));
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(server.wait().unwrap().success());
    for id in &ids {
        let lines = lines_for(id);
        assert!(
            lines
                .iter()
                .any(|l| l["span"]["status"] == 404
                    && l["span"]["route"] == "/datasets/{dataset_id}/"),
            "the access line of {id} was lost: {lines:?}"
        );
    }
}
