//! Hostile queries against the Explore API and the explorer: bounded memory and cost, 400s
//! that name the limit or the mistake, a time limit while a statement runs, and exports that
//! fail before their first byte rather than after a 200.

use crate::explore::import_text;
use crate::helpers::TestApp;
use galette_http::HttpSettings;
use galette_store::explore::QueryTimeouts;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

const HOST: &str = "cdmx.localhost";
const RECORDS: &str = "/api/explore/v2.1/catalog/datasets/flights/records";

/// A flights-like table: `rows` hourly departures through 2013, in UTC.
fn flights_csv(rows: usize) -> String {
    let carriers = ["UA", "AA", "B6", "DL", "EV", "MQ"];
    let origins = ["EWR", "LGA", "JFK"];
    let mut csv = String::from("year,month,day,dep_delay,carrier,origin,time_hour\n");
    for i in 0..rows {
        let hours = i * 7 % (365 * 24);
        let (day_of_year, hour) = (hours / 24, hours % 24);
        let mut month = 1;
        let mut day = day_of_year + 1;
        for length in [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
            if day <= length {
                break;
            }
            day -= length;
            month += 1;
        }
        let delay = (i * 37 % 120) as i64 - 20;
        csv.push_str(&format!(
            "2013,{month},{day},{delay},{},{},2013-{month:02}-{day:02}T{hour:02}:00:00Z\n",
            carriers[i % carriers.len()],
            origins[i % origins.len()],
        ));
    }
    csv
}

async fn with_flights(settings: HttpSettings) -> TestApp {
    with_rows(settings, 3_000).await
}

async fn with_rows(settings: HttpSettings, rows: usize) -> TestApp {
    let app = TestApp::spawn_with(settings).await;
    import_text(&app, "flights", &flights_csv(rows));
    app
}

async fn get_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let response = app.get(HOST, path).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Percent-encodes a parameter value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The resident memory of process `pid`, in MiB.
fn rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kib / 1024
}

/// `galette serve` in its own process over the test server's store, killed when dropped:
/// its memory is its own, not that of the tests running beside it in this process.
struct Server {
    child: std::process::Child,
    client: reqwest::Client,
    port: u16,
}

impl Server {
    async fn start(app: &TestApp) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_galette"))
            .args(app.store_args())
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("GALETTE_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let client = reqwest::Client::builder()
            .resolve(HOST, address)
            .build()
            .unwrap();
        let server = Server {
            child,
            client,
            port,
        };
        for _ in 0..300 {
            if server.get("/healthz").await.0 == 200 {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("galette serve did not start");
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let url = format!("http://{HOST}:{}{path}", self.port);
        match self.client.get(url).send().await {
            Ok(response) => {
                let status = response.status();
                (status, response.json().await.unwrap_or(Value::Null))
            }
            Err(_) => (StatusCode::SERVICE_UNAVAILABLE, Value::Null),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A query as heavy as the limits allow, different for each `k`, in a zone with many
/// offset changes.
fn heavy_query(k: usize) -> String {
    let mut items: Vec<String> = (0..4)
        .map(|i| format!("median(hour(time_hour) + {})", k * 16 + i))
        .collect();
    items.extend((4..16).map(|i| format!("max(hour(time_hour) + {})", k * 16 + i)));
    format!(
        "{RECORDS}?select={}&group_by=origin&timezone=Europe/London",
        encode(&items.join(", "))
    )
}

/// Distinct heavy queries the memory test sends.
const HEAVY_QUERIES: usize = 150;
/// What the memory test allows the process to grow by over those queries. Before zone
/// offsets moved to a table and statements stopped being cached, each such query kept
/// about 1.3 MiB for good (about 200 MiB in all); now the growth is a few MiB.
const RSS_GROWTH_BOUND_MIB: u64 = 96;

#[tokio::test]
async fn many_distinct_heavy_queries_leave_memory_bounded() {
    // The statements' size, not the rows, is what used to be kept: few rows suffice.
    let app = with_rows(HttpSettings::default(), 1_000).await;
    let server = Server::start(&app).await;
    for k in 0..3 {
        let (status, body) = server.get(&heavy_query(k)).await;
        assert_eq!(status, 200, "{body}");
    }
    let before = rss_mib(server.child.id());
    for k in 3..3 + HEAVY_QUERIES {
        let (status, body) = server.get(&heavy_query(k)).await;
        assert_eq!(status, 200, "{body}");
    }
    let after = rss_mib(server.child.id());
    eprintln!("RSS over {HEAVY_QUERIES} distinct heavy queries: {before} MiB -> {after} MiB");
    assert!(
        after.saturating_sub(before) < RSS_GROWTH_BOUND_MIB,
        "RSS grew from {before} MiB to {after} MiB"
    );
}

#[tokio::test]
async fn answers_in_a_zone_stay_the_same_as_computed_in_rust() {
    let app = with_flights(HttpSettings::default()).await;
    // 2013-07-01T12:00Z is 13:00 in London (BST), 2013-01-09T14:00Z is 14:00 (GMT).
    let url = format!(
        "{RECORDS}?select=time_hour,hour(time_hour) as h&where={}&timezone=Europe/London&order_by=time_hour&limit=2",
        encode("time_hour in [date'2013-01-09T14:00:00Z'..date'2013-07-31T23:00:00Z']")
    );
    let (status, body) = get_json(&app, &url).await;
    assert_eq!(status, 200, "{body}");
    for record in body["results"].as_array().unwrap() {
        let text = record["time_hour"].as_str().unwrap();
        let hour: i64 = text[11..13].parse().unwrap();
        assert_eq!(record["h"], hour, "{record}");
    }
    // The CSV lines, written by the database, give the same local times as the JSON records.
    let summer = format!(
        "select=time_hour&where={}&timezone=Europe/London&order_by=time_hour",
        encode(
            "time_hour in [date'2013-07-01'..date'2013-07-04'] or time_hour in [date'2013-10-26'..date'2013-10-29']"
        )
    );
    let (status, body) = get_json(&app, &format!("{RECORDS}?{summer}&limit=100")).await;
    assert_eq!(status, 200, "{body}");
    let json: Vec<String> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["time_hour"].as_str().unwrap().to_owned())
        .collect();
    assert!(json.iter().any(|t| t.ends_with("+01:00")), "{json:?}");
    assert!(json.iter().any(|t| t.ends_with("+00:00")), "{json:?}");
    let csv = app
        .get(
            HOST,
            &format!(
                "/api/explore/v2.1/catalog/datasets/flights/exports/csv?{summer}&with_bom=false"
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(lines, json);
}

#[tokio::test]
async fn a_hundred_medians_are_refused_before_any_sql_with_the_limit_named() {
    let app = with_flights(HttpSettings::default()).await;
    let items: Vec<String> = (0..100)
        .map(|k| format!("median(hour(time_hour)+{k})"))
        .collect();
    let url = format!(
        "{RECORDS}?select={}&timezone=Europe/London",
        encode(&items.join(","))
    );
    let (status, body) = get_json(&app, &url).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_code"], "InvalidRESTParameterError");
    assert!(
        body["message"].as_str().unwrap().contains("(max_"),
        "{body}"
    );
    let many: Vec<String> = (0..17).map(|k| format!("max(dep_delay+{k})")).collect();
    let url = format!("{RECORDS}?select={}", encode(&many.join(",")));
    let (status, body) = get_json(&app, &url).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("max_aggregates"));
    let five: Vec<String> = (0..5).map(|k| format!("median(dep_delay+{k})")).collect();
    let url = format!("{RECORDS}?select={}", encode(&five.join(",")));
    let (status, body) = get_json(&app, &url).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("max_percentile_expressions")
    );
    let long = format!("{RECORDS}?where={}", "a".repeat(9_000));
    let (status, body) = get_json(&app, &long).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("max_query_string_bytes")
    );
    let groups = ["carrier"; 9].join(",");
    let (status, body) = get_json(&app, &format!("{RECORDS}?group_by={groups}")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("max_group_keys"));
}

#[tokio::test]
async fn a_query_past_its_time_limit_is_stopped_with_a_503() {
    let settings = HttpSettings {
        query_timeouts: QueryTimeouts {
            query: Duration::from_millis(1),
            export: Duration::from_millis(1),
        },
        ..HttpSettings::default()
    };
    let app = with_flights(settings).await;
    let response = app.get(HOST, &heavy_query(0)).await;
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap()),
        Some("5")
    );
    let (status, body) = (response.status(), response.json::<Value>().await.unwrap());
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error_code"], "ServiceUnavailable");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("longer than its limit"),
        "{body}"
    );
    // The stopped statement left its connection usable.
    let (status, _) = get_json(&app, "/api/explore/v2.1/catalog/datasets/flights").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn aggregates_where_none_is_allowed_are_400s_not_500s() {
    let app = with_flights(HttpSettings::default()).await;
    let cases = [
        "order_by=count(*)",
        "where=count(*)>1",
        "group_by=count(*)",
        "select=count(count(*))",
        "select=count(*)&group_by=carrier&order_by=dep_delay",
        "select=count(*),dep_delay",
        "select=count(*)&order_by=random(1)",
    ];
    for base in [RECORDS, "/api/explore/v2.1/catalog/datasets"] {
        for case in cases {
            let (status, body) = get_json(&app, &format!("{base}?{case}")).await;
            assert_eq!(status, 400, "{base}?{case}: {body}");
            assert_eq!(body["error_code"], "ODSQLError", "{case}");
        }
    }
    // Still allowed: an aggregate sort of groups, and of an aggregate-only select.
    for ok in [
        "select=count(*) as n&group_by=carrier&order_by=n desc",
        "select=count(*)&group_by=carrier&order_by=count(*) desc",
        "select=count(*)&order_by=count(*)",
    ] {
        let (status, body) = get_json(&app, &format!("{RECORDS}?{ok}")).await;
        assert_eq!(status, 200, "{ok}: {body}");
    }
}

#[tokio::test]
async fn very_long_searches_are_400s_in_the_api_and_the_explorer() {
    let app = with_flights(HttpSettings::default()).await;
    let words = vec!["ua"; 1_000].join(" ");
    let long_word = "a".repeat(55_000);
    for base in [RECORDS, "/api/explore/v2.1/catalog/datasets"] {
        for clause in [
            format!("\"{words}\""),
            format!("search(\"{}\")", "ab ".repeat(20)),
            format!("carrier like \"{}\"", "a".repeat(300)),
            format!("\"{long_word}\""),
        ] {
            let url = format!("{base}?where={}", encode(&clause));
            let (status, body) = get_json(&app, &url).await;
            assert_eq!(status, 400, "{}: {body}", &clause[..20]);
            assert!(body["message"].as_str().unwrap().contains("max_"), "{body}");
        }
    }
    for q in [words.clone(), "abc ".repeat(60), long_word] {
        let response = app
            .get(HOST, &format!("/datasets/flights/?q={}", encode(&q)))
            .await;
        assert_eq!(response.status(), 400, "q of {} chars", q.len());
        let response = app.get(HOST, &format!("/datasets/?q={}", encode(&q))).await;
        assert!(
            response.status().is_success() || response.status() == 400,
            "catalogue q: {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn an_export_that_cannot_run_fails_before_its_first_byte() {
    let app = with_flights(HttpSettings::default()).await;
    for format in ["csv", "json", "jsonl"] {
        let response = app
            .get(
                HOST,
                &format!(
                    "/api/explore/v2.1/catalog/datasets/flights/exports/{format}?order_by=count(*)"
                ),
            )
            .await;
        assert_eq!(response.status(), 400, "{format}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error_code"], "ODSQLError");
    }
}

#[tokio::test]
async fn an_export_past_its_time_limit_never_ends_like_a_complete_one() {
    let settings = HttpSettings {
        query_timeouts: QueryTimeouts {
            query: Duration::from_secs(10),
            export: Duration::from_millis(1),
        },
        ..HttpSettings::default()
    };
    let app = with_flights(settings).await;
    let sent = app
        .request(
            reqwest::Method::GET,
            HOST,
            &format!(
                "/api/explore/v2.1/catalog/datasets/flights/exports/csv?select={}&timezone=Europe/London",
                encode("time_hour, hour(time_hour) + 1, hour(time_hour) + 2")
            ),
        )
        .send()
        .await;
    // Either refused before the first byte, or a body that does not end cleanly. When the
    // failure follows the first row at once, the connection can close before the buffered
    // status line is flushed: the client then sees no response at all, which is not a
    // complete one either.
    let response = match sent {
        Ok(response) => response,
        Err(error) => {
            assert!(error.is_request() && !error.is_timeout(), "{error:?}");
            return;
        }
    };
    if response.status() == 200 {
        assert!(
            response.text().await.is_err(),
            "a complete body after a failure"
        );
    } else {
        assert_eq!(response.status(), 503);
    }
}

#[tokio::test]
async fn duplicate_output_names_are_refused() {
    let app = with_flights(HttpSettings::default()).await;
    for case in [
        "select=carrier as x, carrier as x",
        "select=carrier, carrier",
        "select=count(*) as carrier&group_by=carrier",
    ] {
        let (status, body) = get_json(&app, &format!("{RECORDS}?{}", case)).await;
        assert_eq!(status, 400, "{case}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains("named"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn include_and_exclude_choose_fields_in_select() {
    let app = with_flights(HttpSettings::default()).await;
    // Sorted: JSON objects are read back without their order.
    let keys = |body: &Value| -> Vec<String> {
        let mut keys: Vec<String> = body["results"][0]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    let (status, body) = get_json(
        &app,
        &format!("{RECORDS}?select=include(dep*,carrier)&limit=1"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(keys(&body), ["carrier", "dep_delay"]);
    let (status, body) = get_json(
        &app,
        &format!("{RECORDS}?select=exclude(year,month,day,time_hour)&limit=1"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(keys(&body), ["carrier", "dep_delay", "origin"]);
    let (status, body) = get_json(
        &app,
        &format!("{RECORDS}?select=*,exclude(year,month,day)&limit=1"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(keys(&body), ["carrier", "dep_delay", "origin", "time_hour"]);
    let (status, body) = get_json(&app, &format!("{RECORDS}?select=exclude(*)")).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn a_nul_in_a_date_format_pattern_is_refused() {
    let app = with_flights(HttpSettings::default()).await;
    let url = format!(
        "{RECORDS}?select={}&limit=1",
        encode("date_format(time_hour, 'yyyy\u{0}MM') as d")
    );
    let (status, body) = get_json(&app, &url).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_code"], "ODSQLError");
}

#[tokio::test]
async fn an_impossible_refine_date_is_a_400_as_in_where() {
    let app = with_flights(HttpSettings::default()).await;
    let (status, body) = get_json(&app, &format!("{RECORDS}?refine=time_hour:2013/13/45")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_code"], "ODSQLError");
    let (status, body) = get_json(
        &app,
        &format!("{RECORDS}?where=time_hour%3Ddate'2013-13-45'"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) =
        get_json(&app, &format!("{RECORDS}?refine=time_hour:2013/01&limit=0")).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["total_count"].as_u64().unwrap() > 0);
}

/// Odd but well-formed queries, found by hand while hunting for 500s on both backends.
const HOSTILE_QUERIES: &[&str] = &[
    "select=sum(carrier)",
    "select=avg(time_hour)",
    "select=max(time_hour), min(origin)",
    "select=count(distinct carrier), count(distinct origin)",
    "select=dep_delay / 0",
    "select=dep_delay * 9223372036854775807",
    "select=-9223372036854775808",
    "select=percentile(dep_delay, 101)",
    "select=percentile(dep_delay, -1)",
    "select=median(carrier)",
    "select=median(dep_delay), carrier",
    "select=hour(carrier)",
    "select=date_format(time_hour, '')",
    "select=date_format(time_hour, '%Y %% yyyy')",
    "select=date_format(time_hour, 'yyyyyyyy')",
    "select=ifnull(dep_delay, 'x')",
    "select=ifnull(carrier, null)",
    "select=length(carrier) + year(time_hour)",
    "select=now() as n&group_by=carrier",
    "select=count(*)&group_by=range(dep_delay, 0.0000001)",
    "select=count(*)&group_by=range(dep_delay, 1e308)",
    "select=count(*)&group_by=range(dep_delay, *, 5, 1, *)",
    "select=count(*)&group_by=range(dep_delay, *)",
    "select=count(*)&group_by=range(carrier, 10)",
    "select=count(*)&group_by=year(time_hour), month(time_hour), day(time_hour)&order_by=count(*) desc",
    "select=count(*) as n&group_by=carrier&order_by=n desc, random(3)",
    "group_by=carrier&order_by=carrier",
    "group_by=carrier as c&select=c, count(*)",
    "group_by=carrier&select=origin",
    "where=carrier > 3",
    "where=dep_delay = 'x'",
    "where=time_hour > 3",
    "where=time_hour > date'2013'",
    "where=time_hour in [date'2013-02-30'..date'2014']",
    "where=dep_delay in ('a', 'b')",
    "where=dep_delay in [1..'x']",
    "where=carrier like '%_\\\\'",
    "where=carrier like ''",
    "where=search(dep_delay, 'x')",
    "where=startswith(carrier, '')",
    "where=not dep_delay",
    "where=dep_delay is true",
    "where=null = null",
    "where=\"\"",
    "where=\"%\"",
    "order_by=random(-1)",
    "order_by=random(99999999999999999)",
    "order_by=dep_delay + carrier",
    "order_by=time_hour desc&offset=9990&limit=10",
    "refine=dep_delay:abc",
    "refine=dep_delay:1e999",
    "refine=carrier:",
    "refine=origin:%00",
    "exclude=time_hour:2013",
    "select=*&group_by=carrier",
    "select=*, count(*)",
    "select=include(nothing*)",
    "select=exclude(carrier), carrier",
    "select=`carrier`, `weird name`",
    "timezone=Asia/Kathmandu&select=hour(time_hour), minute(time_hour)&limit=1",
    "timezone=America/St_Johns&group_by=date_format(time_hour, 'yyyy-MM-dd HH:mm')&limit=5",
    "select=sum(dep_delay * 9223372036854775807)",
    "select=count(*)&group_by=date_format(time_hour, 'MMMM EEEE')&lang=fr",
    "where=time_hour > now()",
    "select=hour(now()), date_format(now(), 'yyyy')&timezone=Europe/Paris",
    "select=percentile(dep_delay, 50.5) as p&group_by=origin&order_by=p",
    "select=median(dep_delay)&order_by=median(dep_delay)",
    "select=count(*)&group_by=carrier&order_by=median(dep_delay) desc",
    "select=count(*)&group_by=range(dep_delay, 10)&order_by=range(dep_delay, 10)",
    "select=max(hour(time_hour)), min(date_format(time_hour, 'HH'))&group_by=hour(time_hour)&timezone=Europe/London",
    "select=count(*)&where=hour(time_hour) = 3&group_by=origin&timezone=Australia/Lord_Howe",
    // Found by the HTTP fuzzer: constant keys, which the databases read as column positions.
    "select=count(*)&group_by=false as g0, carrier as g1",
    "select=count(*)&group_by=null as g",
    "select=carrier&group_by=true as t, carrier",
    "order_by=false",
    "order_by=null desc",
];

#[tokio::test]
async fn odd_queries_get_answers_or_400s_but_never_a_500() {
    let app = with_rows(HttpSettings::default(), 300).await;
    let mut failures = Vec::new();
    for query in HOSTILE_QUERIES {
        let encoded: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) => format!("{name}={}", encode(value)),
                None => pair.to_owned(),
            })
            .collect();
        for base in [
            RECORDS,
            "/api/explore/v2.1/catalog/datasets/flights/exports/csv",
        ] {
            let response = app
                .get(HOST, &format!("{base}?{}", encoded.join("&")))
                .await;
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            if status != 200 && status != 400 {
                failures.push(format!("{base}?{query}: {status} {body}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Sends `path` with a client that gives up after `patience`, then waits (at most 20 s) for
/// the server to count a statement stopped because its request was dropped.
async fn abandon(app: &TestApp, path: &str, before: u64, patience: Duration) -> bool {
    let sent = app
        .request(reqwest::Method::GET, HOST, path)
        .timeout(patience)
        .send()
        .await;
    if sent.is_ok() {
        return false; // answered in time: nothing to stop
    }
    for _ in 0..200 {
        if app.store.explore_abandoned() > before {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_statement_stops_when_its_client_goes_away() {
    let app = with_rows(HttpSettings::default(), 20_000).await;
    let mut stopped = Vec::new();
    for (k, export) in [(1_000, false), (2_000, true)] {
        let before = app.store.explore_abandoned();
        let mut found = false;
        for attempt in 0..5 {
            let records = heavy_query(k + attempt);
            let path = if export {
                records.replace("/records?", "/exports/json?")
            } else {
                records
            };
            // 50 ms, then longer: on a loaded machine the statement may not have started
            // when a hasty client leaves, and then there is nothing to stop.
            let patience = Duration::from_millis(50_u64 << attempt);
            if abandon(&app, &path, before, patience).await {
                found = true;
                break;
            }
        }
        stopped.push(found);
    }
    assert_eq!(stopped, [true, true], "records, export");
}
