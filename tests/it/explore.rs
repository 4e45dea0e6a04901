//! The data side: CSV import through the real binary and the Explore API v2.1 answers of
//! explore-api.md §10 on `flights-10k.csv`, over HTTP with Host headers.

use crate::helpers::{TestApp, header};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Command, Output};

const HOST: &str = "cdmx.localhost";
const API: &str = "/api/explore/v2.1";

pub fn data_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// `galette import` against the test server's store.
pub fn import(app: &TestApp, tenant: &str, dataset: &str, file: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args(["import", "--tenant", tenant, "--dataset", dataset])
        .arg(file)
        .env("GALETTE_LOG", "warn")
        .output()
        .unwrap()
}

/// Imports `csv` (the file's text) as `dataset` of cdmx, and checks that it worked.
pub fn import_text(app: &TestApp, dataset: &str, csv: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{dataset}.csv"));
    std::fs::write(&file, csv).unwrap();
    let output = import(app, "cdmx", dataset, &file);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn with_flights() -> TestApp {
    let app = TestApp::spawn().await;
    let output = import(&app, "cdmx", "flights", &data_file("flights-10k.csv"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    app
}

async fn api(app: &TestApp, host: &str, path_and_query: &str) -> (StatusCode, Value) {
    let response = app.get(host, &format!("{API}{path_and_query}")).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_import_infers_the_types_and_the_dataset_object_describes_them() {
    let app = with_flights().await;
    let (status, dataset) = api(&app, HOST, "/catalog/datasets/flights").await;
    assert_eq!(status, 200);
    assert_eq!(dataset["metas"]["default"]["records_count"], 10000);
    let types: Vec<(String, String)> = dataset["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let type_of = |n: &str| {
        types
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, t)| t.as_str())
    };
    assert!(matches!(type_of("dep_delay"), Some("int" | "double")));
    assert_eq!(type_of("carrier"), Some("text"));
    assert_eq!(type_of("time_hour"), Some("datetime"));
    assert_eq!(
        types.first().map(|(n, _)| n.as_str()),
        Some("year"),
        "CSV column order"
    );
    let (_, catalog) = api(&app, HOST, "/catalog/datasets").await;
    assert_eq!(catalog["total_count"], 1);
    assert_eq!(catalog["results"][0]["dataset_id"], "flights");
}

#[tokio::test]
async fn the_reference_examples_answer_as_documented() {
    let app = with_flights().await;
    let (_, body) = api(&app, HOST, "/catalog/datasets/flights/records?where=carrier%3D%22UA%22&limit=2&select=carrier,flight,dep_delay").await;
    assert_eq!(
        body,
        json!({"total_count": 1739, "results": [{"carrier": "UA", "flight": 1545, "dep_delay": 2}, {"carrier": "UA", "flight": 1714, "dep_delay": 4}]})
    );
    let (_, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?select=count(*)+as+n&group_by=origin&order_by=n+desc",
    )
    .await;
    assert_eq!(
        body,
        json!({"total_count": 3, "results": [{"origin": "EWR", "n": 3652}, {"origin": "JFK", "n": 3443}, {"origin": "LGA", "n": 2905}]})
    );
    let (_, body) = api(&app, HOST, "/catalog/datasets/flights/records?order_by=dep_delay+desc&limit=1&select=carrier,flight,origin,dest,dep_delay,time_hour").await;
    assert_eq!(
        body["results"][0],
        json!({"carrier": "HA", "flight": 51, "origin": "JFK", "dest": "HNL", "dep_delay": 1301, "time_hour": "2013-01-09T14:00:00+00:00"})
    );
    let (_, body) = api(&app, HOST, "/catalog/datasets/flights/records?select=count(*)+as+n,avg(dep_delay)+as+a,max(dep_delay)+as+m").await;
    assert_eq!(body["total_count"], 1);
    assert_eq!(body["results"][0]["n"], 10000);
    assert!((body["results"][0]["a"].as_f64().unwrap() - 6.551_297_525_648_763).abs() < 1e-9);
    assert_eq!(body["results"][0]["m"], 1301);
    let (_, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?refine=carrier:UA&refine=origin:EWR&limit=0",
    )
    .await;
    assert_eq!(body, json!({"total_count": 1370, "results": []}));
    let (_, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?where=%22UA%22",
    )
    .await;
    assert_eq!(body["total_count"], 1739, "word match, not substring");
    let (_, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?where=dep_delay+is+null",
    )
    .await;
    assert_eq!(body["total_count"], 58);
}

#[tokio::test]
async fn out_of_range_parameters_and_bad_odsql_get_the_reference_errors() {
    let app = with_flights().await;
    let (status, body) = api(&app, HOST, "/catalog/datasets/flights/records?limit=101").await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"error_code": "InvalidRESTParameterError", "message": "Invalid value for limit API parameter: 101 was found but -1 <= limit <= 100 is expected."})
    );
    let (status, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?offset=9995&limit=10",
    )
    .await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("InvalidRESTParameterError"))
    );
    let (status, _) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?offset=9990&limit=10",
    )
    .await;
    assert_eq!(status, 200);
    for bad in [
        "carrier+%3D+%3D+%22UA%22",
        "no_such_field%3D1",
        "carrier%3E1",
        "within_distance(x%2C+y%2C+1)",
    ] {
        let (status, body) = api(
            &app,
            HOST,
            &format!("/catalog/datasets/flights/records?where={bad}"),
        )
        .await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(body["error_code"], "ODSQLError", "{bad}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .starts_with("ODSQL query is malformed: "),
            "{body}"
        );
    }
    let (status, body) = api(&app, HOST, "/catalog/datasets/nope").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"error_code": "NotFound", "message": "Unknown dataset: nope"})
    );
    let (status, _) = api(&app, HOST, "/catalog/datasets/flights/exports/xlsx").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_dataset_is_invisible_from_another_tenants_host() {
    let app = with_flights().await;
    let (status, _) = api(&app, "civis.localhost", "/catalog/datasets/flights/records").await;
    assert_eq!(status, 404);
    let (_, catalog) = api(&app, "civis.localhost", "/catalog/datasets").await;
    assert_eq!(catalog["total_count"], 0);
}

#[tokio::test]
async fn trailing_slashes_are_optional_and_records_have_stable_ids() {
    let app = with_flights().await;
    let (status, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records/?limit=1&select=flight",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["results"][0]["flight"], 1545);
    let (status, record) = api(&app, HOST, "/catalog/datasets/flights/records/1/").await;
    assert_eq!(status, 200);
    assert_eq!(record["flight"], 1545);
    let (status, _) = api(&app, HOST, "/catalog/datasets/flights/records/99999").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn exports_stream_every_matching_row_in_each_format() {
    let app = with_flights().await;
    let csv = app
        .get(HOST, &format!("{API}/catalog/datasets/flights/exports/csv"))
        .await;
    assert_eq!(
        header(csv.headers(), "content-type"),
        "text/csv; charset=utf-8"
    );
    assert!(header(csv.headers(), "content-disposition").contains("flights.csv"));
    let text = csv.text().await.unwrap();
    assert!(
        text.starts_with("\u{feff}year;month;day;dep_time;"),
        "BOM and ; by default"
    );
    assert_eq!(text.lines().count(), 10_001);
    let ua = app.get(HOST, &format!("{API}/catalog/datasets/flights/exports/csv?delimiter=,&with_bom=false&where=carrier%3D%22UA%22")).await.text().await.unwrap();
    assert!(ua.starts_with("year,month,day,"));
    assert_eq!(ua.lines().count(), 1740);
    let json: Value = app
        .get(
            HOST,
            &format!("{API}/catalog/datasets/flights/exports/json?select=flight&limit=5"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 5);
    let jsonl = app
        .get(
            HOST,
            &format!("{API}/catalog/datasets/flights/exports/jsonl?refine=origin:LGA"),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(jsonl.lines().count(), 2905);
    assert!(serde_json::from_str::<Value>(jsonl.lines().next().unwrap()).is_ok());
    let geo: Value = app
        .get(
            HOST,
            &format!("{API}/catalog/datasets/flights/exports/geojson?limit=2"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn facets_count_values_under_the_request_filters() {
    let app = with_flights().await;
    let (_, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/facets?facet=origin&where=carrier%3D%22AA%22",
    )
    .await;
    assert_eq!(body["facets"][0]["name"], "origin");
    assert_eq!(
        body["facets"][0]["facets"],
        json!([
            {"name": "LGA", "value": "LGA", "count": 478, "state": "displayed"},
            {"name": "JFK", "value": "JFK", "count": 451, "state": "displayed"},
            {"name": "EWR", "value": "EWR", "count": 109, "state": "displayed"}
        ])
    );
    assert_eq!(body["links"], json!([]));
    assert_eq!(body["_links"], json!([]));
}

#[tokio::test]
async fn browser_clients_get_cors_and_no_cookie() {
    let app = with_flights().await;
    let preflight = app
        .request(
            Method::OPTIONS,
            HOST,
            &format!("{API}/catalog/datasets/flights/records/"),
        )
        .header("Origin", "https://elsewhere.example")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        header(preflight.headers(), "access-control-allow-origin"),
        "*"
    );
    assert!(header(preflight.headers(), "access-control-allow-headers").contains("Authorization"));
    let response = app
        .request(
            Method::GET,
            HOST,
            &format!("{API}/catalog/datasets/flights/records"),
        )
        .header("Origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        "*"
    );
    assert!(
        response.headers().get("set-cookie").is_none(),
        "the API never sets cookies"
    );
}

#[tokio::test]
async fn a_reimport_replaces_the_data_and_a_failed_one_keeps_the_previous_version() {
    let app = with_flights().await;
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, "year,carrier\n2013,UA\n2014,AA,extra\n").unwrap();
    let output = import(&app, "cdmx", "flights", &broken);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    let (_, body) = api(&app, HOST, "/catalog/datasets/flights/records?limit=0").await;
    assert_eq!(body["total_count"], 10000, "the previous version is intact");
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "carrier;name\nUA;United\nAA;American\n").unwrap();
    assert!(import(&app, "cdmx", "flights", &small).status.success());
    let (_, body) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?order_by=carrier",
    )
    .await;
    assert_eq!(
        body,
        json!({"total_count": 2, "results": [{"carrier": "AA", "name": "American"}, {"carrier": "UA", "name": "United"}]})
    );
}

async fn explorer_page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app
        .request(Method::GET, HOST, path)
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let status = response.status();
    (
        status,
        crate::helpers::unescape(&response.text().await.unwrap()),
    )
}

#[tokio::test]
async fn the_explorer_lists_the_catalogue_and_pages_filters_and_sorts_a_dataset() {
    let app = with_flights().await;
    let (status, catalog) = explorer_page(&app, "/datasets/").await;
    assert_eq!(status, 200);
    assert!(catalog.contains(r#"<a href="/datasets/flights/">flights</a>"#));
    let (status, page) = explorer_page(&app, "/datasets/flights/").await;
    assert_eq!(status, 200);
    assert!(page.contains("Rows 1–25 of 10000"), "the first page");
    assert!(
        page.contains(r#"<a href="?refine=origin%3AEWR">EWR</a> <span class="hint">3652</span>"#),
        "facet links with counts"
    );
    let (_, refined) = explorer_page(&app, "/datasets/flights/?refine=origin%3AJFK").await;
    assert!(refined.contains("Rows 1–25 of 3443"));
    assert!(
        refined.contains("/exports/csv?refine=origin%3AJFK"),
        "exports keep the filters"
    );
    let (_, searched) = explorer_page(&app, "/datasets/flights/?q=UA").await;
    assert!(searched.contains("of 1739"));
    let (_, sorted) = explorer_page(&app, "/datasets/flights/?sort=-dep_delay").await;
    assert!(sorted.contains(r#"aria-sort="descending""#));
    assert!(
        sorted.contains("<td>1301</td>"),
        "the longest delay comes first"
    );
    let (_, second) = explorer_page(&app, "/datasets/flights/?page=2").await;
    assert!(second.contains("Rows 26–50 of 10000"));
    let (status, _) = explorer_page(&app, "/datasets/nope/").await;
    assert_eq!(status, 404);
    let (status, odd) = explorer_page(
        &app,
        "/datasets/flights/?sort=no_such&refine=nope:1&page=zero",
    )
    .await;
    assert_eq!(
        status, 200,
        "unknown sort, refine and page values are ignored"
    );
    assert!(odd.contains("Rows 1–25 of 10000"));
}

fn galette(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args(args)
        .env("GALETTE_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_restricted_dataset_needs_an_api_key_or_a_signed_in_user() {
    let app = with_flights().await;
    let output = Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args([
            "import",
            "--tenant",
            "cdmx",
            "--dataset",
            "private",
            "--visibility",
            "restricted",
        ])
        .arg(data_file("airlines.csv"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = "/catalog/datasets/private/records?limit=1";
    let (status, body) = api(&app, HOST, path).await;
    assert_eq!(status, 401);
    assert_eq!(body["error_code"], "Unauthorized");
    let (_, catalog) = api(&app, HOST, "/catalog/datasets").await;
    assert_eq!(
        catalog["total_count"], 1,
        "anonymous callers do not even see it listed"
    );

    let created = galette(
        &app,
        &["apikey", "create", "--tenant", "cdmx", "--name", "newsroom"],
    );
    assert!(created.status.success());
    let key = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    assert!(key.starts_with("gk_"));
    let by_header = app
        .request(Method::GET, HOST, &format!("{API}{path}"))
        .header("Authorization", format!("ApiKey {key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_header.status(), 200);
    let (status, body) = api(&app, HOST, &format!("{path}&apikey={key}")).await;
    assert_eq!(status, 200);
    assert_eq!(body["total_count"], 16);
    let (status, _) = api(&app, "civis.localhost", &format!("{path}&apikey={key}")).await;
    assert_eq!(status, 401, "a key belongs to its site");

    let (status, _) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?apikey=gk_wrong",
    )
    .await;
    assert_eq!(status, 401, "an unknown key is refused even on public data");
    let listed =
        String::from_utf8(galette(&app, &["apikey", "list", "--tenant", "cdmx"]).stdout).unwrap();
    assert!(
        listed.contains("newsroom") && !listed.contains(&key),
        "keys are never shown again"
    );
    let id = listed.split_whitespace().next().unwrap().to_owned();
    assert!(
        galette(&app, &["apikey", "revoke", "--tenant", "cdmx", "--id", &id])
            .status
            .success()
    );
    let (status, _) = api(&app, HOST, &format!("{path}&apikey={key}")).await;
    assert_eq!(status, 401, "a revoked key no longer works");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::spawn().await;
    let (status, doc) = api(&app, HOST, "/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.0.3");
    for path in [
        "/catalog/datasets",
        "/catalog/datasets/{dataset_id}/records",
        "/catalog/datasets/{dataset_id}/exports/{format}",
        "/catalog/datasets/{dataset_id}/facets",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
}

#[tokio::test]
async fn csv_cells_are_quoted_and_typed_like_rfc_4180_says() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cells.csv");
    std::fs::write(
        &file,
        "name,flag,when,where,n\n\"a;b\",true,2013-01-01T10:00:00Z,\"48.85, 2.35\",1.5\n\"say \"\"hi\"\"\",false,,,\nplain,,2013-01-02T00:00:00+01:00,\"40.0, -3.5\",2\n",
    )
    .unwrap();
    let output = import(&app, "cdmx", "cells", &file);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = app
        .get(
            HOST,
            &format!("{API}/catalog/datasets/cells/exports/csv?with_bom=false"),
        )
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "name;flag;when;where;n");
    assert_eq!(
        lines[1],
        "\"a;b\";true;2013-01-01T10:00:00+00:00;48.85, 2.35;1.5"
    );
    assert_eq!(lines[2], "\"say \"\"hi\"\"\";false;;;");
    assert_eq!(lines[3], "plain;;2013-01-01T23:00:00+00:00;40.0, -3.5;2.0");
    let quoted = app.get(HOST, &format!("{API}/catalog/datasets/cells/exports/csv?with_bom=false&quote_all=true&delimiter=,&select=name,where")).await.text().await.unwrap();
    assert_eq!(
        quoted.split("\r\n").nth(3),
        Some("\"plain\",\"40.0, -3.5\"")
    );
}

#[tokio::test]
async fn a_cached_answer_never_outlives_the_data_it_came_from() {
    let app = with_flights().await;
    let path = "/catalog/datasets/flights/records?select=count(*)+as+n";
    let (_, first) = api(&app, HOST, path).await;
    let (_, again) = api(&app, HOST, path).await;
    assert_eq!(first, again);
    assert_eq!(first["results"][0]["n"], 10000);
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "carrier\nUA\nAA\nB6\n").unwrap();
    assert!(import(&app, "cdmx", "flights", &small).status.success());
    let (_, after) = api(&app, HOST, path).await;
    assert_eq!(
        after["results"][0]["n"], 3,
        "a new import is a new table, so a new cache key"
    );
}

#[tokio::test]
async fn a_group_key_with_a_literal_can_be_selected_under_another_name() {
    let app = with_flights().await;
    let (status, body) = api(&app, HOST, "/catalog/datasets/flights/records?select=day%2B1+as+next_day,count(*)+as+n&group_by=day%2B1&order_by=next_day&limit=2").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["next_day"], 2);
    let (status, _) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?select=day%2B2+as+x,count(*)+as+n&group_by=day%2B1",
    )
    .await;
    assert_eq!(status, 400, "a different expression is still refused");
}

async fn text_of(app: &TestApp, path_and_query: &str) -> String {
    app.get(HOST, &format!("{API}{path_and_query}"))
        .await
        .text()
        .await
        .unwrap()
}

fn export_files(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(app.data_dir().join("exports"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test]
async fn a_whole_csv_export_is_kept_as_a_file_that_gives_the_same_bytes_until_the_next_import() {
    let app = TestApp::spawn().await;
    import_text(
        &app,
        "towns",
        "Town Name,people\nLyon,522250\n\"Aix; en Provence\",\n",
    );
    let written = export_files(&app);
    assert_eq!(
        written.len(),
        1,
        "the import writes the default export: {written:?}"
    );
    assert!(written[0].ends_with(".semicolon.csv"));

    let whole = "\u{feff}town_name;people\r\nLyon;522250\r\n\"Aix; en Provence\";\r\n";
    let path = "/catalog/datasets/towns/exports/csv";
    assert_eq!(text_of(&app, path).await, whole, "served from the file");
    // The per-request parts stay per request.
    assert_eq!(
        text_of(&app, &format!("{path}?with_bom=false&use_labels=true")).await,
        whole.replace("\u{feff}town_name", "Town Name")
    );
    // Without the file, the database builds the same bytes and the file comes back.
    std::fs::remove_file(app.data_dir().join("exports").join(&written[0])).unwrap();
    assert_eq!(text_of(&app, path).await, whole, "built by the database");
    assert_eq!(export_files(&app), written);
    // Another delimiter is another file, written by its first download.
    let comma = "\u{feff}town_name,people\r\nLyon,522250\r\nAix; en Provence,\r\n";
    assert_eq!(text_of(&app, &format!("{path}?delimiter=,")).await, comma);
    assert_eq!(text_of(&app, &format!("{path}?delimiter=,")).await, comma);
    assert_eq!(export_files(&app).len(), 2);
    // Filtered exports never come from a file.
    assert_eq!(
        text_of(&app, &format!("{path}?where=people>0&with_bom=false")).await,
        "town_name;people\r\nLyon;522250\r\n"
    );

    // A new import is a new version: the old files go and the export shows the new rows.
    import_text(&app, "towns", "Town Name,people\nNantes,320732\n");
    assert_eq!(
        text_of(&app, &format!("{path}?with_bom=false")).await,
        "town_name;people\r\nNantes;320732\r\n"
    );
    let after = export_files(&app);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after, written);
}

#[tokio::test]
async fn unfiltered_group_counts_come_from_the_import_tally_and_agree_with_a_scan() {
    let app = TestApp::spawn().await;
    import_text(&app, "kinds", "kind,n\na,1\nb,2\na,3\n,4\nc,5\na,6\n");
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let dataset = app
        .store
        .dataset(tenant.id, "kinds")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        dataset.counted_fields,
        vec![0],
        "the facet `kind` is tallied at import"
    );

    let records = "/catalog/datasets/kinds/records";
    for query in [
        "group_by=kind&select=count(*)+as+n&order_by=n+desc,kind",
        "group_by=kind&select=kind,count(*)&order_by=kind+desc",
        "group_by=kind+as+k&select=count(*)+as+total&order_by=k&limit=2&offset=1",
        "group_by=kind",
    ] {
        let (status, tally) = api(&app, HOST, &format!("{records}?{query}")).await;
        assert_eq!(status, 200, "{query}: {tally}");
        // A condition true of every row forces the scan of the rows.
        let (_, scan) = api(&app, HOST, &format!("{records}?{query}&where=n>0")).await;
        assert_eq!(tally, scan, "{query}");
    }
    let (_, counted) = api(
        &app,
        HOST,
        &format!("{records}?group_by=kind&select=count(*)+as+n&order_by=n+desc,kind"),
    )
    .await;
    assert_eq!(
        counted,
        json!({"total_count": 4, "results": [
            {"kind": "a", "n": 3}, {"kind": "b", "n": 1}, {"kind": "c", "n": 1}, {"kind": null, "n": 1}
        ]}),
        "nulls last (explore-api §6)"
    );
    let (_, facets) = api(&app, HOST, "/catalog/datasets/kinds/facets").await;
    let (_, scanned) = api(&app, HOST, "/catalog/datasets/kinds/facets?where=n>0").await;
    assert_eq!(facets, scanned);
    assert_eq!(facets["facets"][0]["facets"][0]["count"], 3);
    // Anything else than the key and count(*) reads the rows.
    let (_, sums) = api(
        &app,
        HOST,
        &format!("{records}?group_by=kind&select=sum(n)+as+s&order_by=kind"),
    )
    .await;
    assert_eq!(sums["results"][0], json!({"kind": "a", "s": 10}));
}

#[tokio::test]
async fn the_timezone_parameter_reads_and_writes_datetimes_in_that_zone() {
    let app = with_flights().await;
    let records = "/catalog/datasets/flights/records";
    let ny = "timezone=America/New_York";
    // time_hour is UTC; the CSV's `hour`, `day`… are New York wall-clock times.
    let (status, by_hour) = api(
        &app,
        HOST,
        &format!("{records}?select=count(*)+as+n&group_by=hour(time_hour)+as+h&{ny}&limit=100"),
    )
    .await;
    assert_eq!(status, 200, "{by_hour}");
    let (_, by_local_hour) = api(
        &app,
        HOST,
        &format!("{records}?select=count(*)+as+n&group_by=hour+as+h&limit=100"),
    )
    .await;
    assert_eq!(by_hour, by_local_hour, "explore-api §10");
    let (_, mismatches) = api(
        &app,
        HOST,
        &format!("{records}?where=hour(time_hour)!=hour+or+day(time_hour)!=day&limit=0&{ny}"),
    )
    .await;
    assert_eq!(mismatches["total_count"], 0);
    let (_, in_utc) = api(
        &app,
        HOST,
        &format!("{records}?where=hour(time_hour)!=hour&limit=0"),
    )
    .await;
    assert!(in_utc["total_count"].as_u64().unwrap() > 9000);

    // Datetimes are written with the zone's offset, winter and summer.
    let (_, top) = api(
        &app,
        HOST,
        &format!("{records}?order_by=dep_delay+desc&limit=1&select=time_hour&{ny}"),
    )
    .await;
    assert_eq!(top["results"][0]["time_hour"], "2013-01-09T09:00:00-05:00");
    // Either side of the 2013 spring change in New York, and a summer day.
    import_text(
        &app,
        "moments",
        "at\n2013-03-10T06:59:59Z\n2013-03-10T07:00:00Z\n2013-07-01T12:00:00Z\n",
    );
    let (_, hours) = api(
        &app,
        HOST,
        &format!("/catalog/datasets/moments/records?select=hour(at)+as+h,at&{ny}"),
    )
    .await;
    assert_eq!(
        hours["results"],
        json!([
            {"h": 1, "at": "2013-03-10T01:59:59-05:00"},
            {"h": 3, "at": "2013-03-10T03:00:00-04:00"},
            {"h": 8, "at": "2013-07-01T08:00:00-04:00"}
        ])
    );
    let lines = text_of(
        &app,
        &format!("/catalog/datasets/moments/exports/csv?with_bom=false&{ny}"),
    )
    .await;
    assert_eq!(
        lines,
        "at\r\n2013-03-10T01:59:59-05:00\r\n2013-03-10T03:00:00-04:00\r\n2013-07-01T08:00:00-04:00\r\n"
    );

    // A date literal without offset is midnight in the zone; refinements read local days.
    let (_, fifth) = api(
        &app,
        HOST,
        &format!("{records}?where=month=1+and+day=5&limit=0"),
    )
    .await;
    let (_, literal) = api(&app, HOST, &format!("{records}?where=time_hour>=date'2013-01-05'+and+time_hour<date'2013-01-06'&limit=0&{ny}")).await;
    assert_eq!(literal["total_count"], fifth["total_count"]);
    let (_, refined) = api(
        &app,
        HOST,
        &format!("{records}?refine=time_hour:2013/01/05&limit=0&{ny}"),
    )
    .await;
    assert_eq!(refined["total_count"], fifth["total_count"]);
    let (_, explicit) = api(
        &app,
        HOST,
        &format!("{records}?where=time_hour=date'2013-01-09T14:00:00Z'&limit=0&{ny}"),
    )
    .await;
    let (_, explicit_utc) = api(
        &app,
        HOST,
        &format!("{records}?where=time_hour=date'2013-01-09T14:00:00Z'&limit=0"),
    )
    .await;
    assert_eq!(
        explicit["total_count"], explicit_utc["total_count"],
        "an offset written in the literal wins"
    );

    // Exports and single records too; the cached whole export is UTC only.
    let csv = text_of(
        &app,
        &format!(
            "/catalog/datasets/flights/exports/csv?select=time_hour&limit=1&with_bom=false&{ny}"
        ),
    )
    .await;
    assert_eq!(csv, "time_hour\r\n2013-01-01T05:00:00-05:00\r\n");
    let whole = text_of(
        &app,
        &format!("/catalog/datasets/flights/exports/csv?with_bom=false&{ny}"),
    )
    .await;
    assert!(
        whole
            .lines()
            .nth(1)
            .unwrap()
            .ends_with(";2013-01-01T05:00:00-05:00")
    );
    let (_, one) = api(&app, HOST, &format!("{records}/1?select=time_hour&{ny}")).await;
    assert_eq!(one["time_hour"], "2013-01-01T05:00:00-05:00");

    let (status, error) = api(&app, HOST, &format!("{records}?timezone=Mars/Olympus")).await;
    assert_eq!(status, 400);
    assert_eq!(error["error_code"], "InvalidRESTParameterError");
    assert!(error["message"].as_str().unwrap().contains("Mars/Olympus"));
}

/// `dep_delay` and `origin` of every row of flights-10k.csv, read independently of galette.
fn delays_by_origin() -> Vec<(String, Option<f64>)> {
    let text = std::fs::read_to_string(data_file("flights-10k.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (delay, origin) = (column("dep_delay"), column("origin"));
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[origin].to_owned(), cells[delay].parse().ok())
        })
        .collect()
}

/// Linear interpolation between the closest ranks (PostgreSQL's percentile_cont).
fn percentile_of(mut values: Vec<f64>, p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let position = p * (values.len() - 1) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    values[low] + (position - position.floor()) * (values[high] - values[low])
}

#[tokio::test]
async fn median_and_percentiles_interpolate_between_ranks_in_each_group() {
    let app = with_flights().await;
    let rows = delays_by_origin();
    let all: Vec<f64> = rows.iter().filter_map(|(_, d)| *d).collect();
    let records = "/catalog/datasets/flights/records";
    let (status, body) = api(&app, HOST, &format!("{records}?select=median(dep_delay)+as+m,percentile(dep_delay,90)+as+p90,percentile(dep_delay,0)+as+low,percentile(dep_delay,100)+as+high,percentile(dep_delay,33.3)+as+p")).await;
    assert_eq!(status, 200, "{body}");
    let result = &body["results"][0];
    for (key, p) in [
        ("m", 0.5),
        ("p90", 0.9),
        ("low", 0.0),
        ("high", 1.0),
        ("p", 0.333),
    ] {
        let expected = percentile_of(all.clone(), p);
        let got = result[key].as_f64().unwrap();
        assert!((got - expected).abs() < 1e-9, "{key}: {got} ≠ {expected}");
    }
    let (_, grouped) = api(
        &app,
        HOST,
        &format!(
            "{records}?group_by=origin&select=median(dep_delay)+as+m,count(*)+as+n&order_by=origin"
        ),
    )
    .await;
    let groups = grouped["results"].as_array().unwrap();
    assert_eq!(groups.len(), 3);
    for group in groups {
        let origin = group["origin"].as_str().unwrap();
        let values: Vec<f64> = rows
            .iter()
            .filter(|(o, _)| o == origin)
            .filter_map(|(_, d)| *d)
            .collect();
        assert_eq!(
            group["m"].as_f64().unwrap(),
            percentile_of(values, 0.5),
            "{origin}"
        );
    }
    let (_, filtered) = api(
        &app,
        HOST,
        &format!(
            "{records}?where=origin%3D%22JFK%22&select=median(dep_delay)+as+m&group_by=origin"
        ),
    )
    .await;
    assert_eq!(filtered["results"][0]["m"], groups[1]["m"]);
    for bad in [
        "select=percentile(dep_delay,101)",
        "select=percentile(dep_delay)",
        "select=median(carrier)",
    ] {
        let (status, error) = api(&app, HOST, &format!("{records}?{bad}")).await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(error["error_code"], "ODSQLError");
    }
}

#[tokio::test]
async fn a_percentile_between_unequal_neighbours_interpolates_on_every_backend() {
    // PostgreSQL's cast of a float to an integer rounds: a rank taken so would be the upper
    // neighbour past half-way, and the median of 1, 2, 3, 10 would read -0.5.
    let app = TestApp::spawn().await;
    import_text(&app, "spread", "v,g\n1,a\n2,a\n3,a\n10,a\n5,b\n,b\n");
    let records = "/catalog/datasets/spread/records";
    let (status, body) = api(
        &app,
        HOST,
        &format!("{records}?select=median(v)+as+m,percentile(v,90)+as+p90,percentile(v,25)+as+p25&group_by=g&order_by=g"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let expected = [
        (
            "a",
            [2.5, percentile_of(vec![1.0, 2.0, 3.0, 10.0], 0.9), 1.75],
        ),
        ("b", [5.0, 5.0, 5.0]),
    ];
    for (group, (key, values)) in body["results"].as_array().unwrap().iter().zip(expected) {
        assert_eq!(group["g"], key);
        for (name, value) in ["m", "p90", "p25"].into_iter().zip(values) {
            let got = group[name].as_f64().unwrap();
            assert!((got - value).abs() < 1e-9, "{key} {name}: {got} ≠ {value}");
        }
    }
}

#[tokio::test]
async fn range_groups_by_equal_widths_or_by_fixed_bounds() {
    let app = with_flights().await;
    let rows = delays_by_origin();
    let records = "/catalog/datasets/flights/records";
    let (status, body) = api(
        &app,
        HOST,
        &format!("{records}?group_by=range(dep_delay,60)+as+b&select=count(*)+as+n&limit=100"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut expected: std::collections::BTreeMap<i64, u64> = Default::default();
    for d in rows.iter().filter_map(|(_, d)| *d) {
        *expected.entry((d / 60.0).floor() as i64 * 60).or_default() += 1;
    }
    let mut wanted: Vec<Value> = expected
        .iter()
        .map(|(low, n)| json!({"b": format!("[{low}, {}[", low + 60), "n": n}))
        .collect();
    wanted.push(json!({"b": null, "n": 58}));
    assert_eq!(
        body["results"],
        Value::Array(wanted),
        "in numeric order, nulls last"
    );

    let (_, fixed) = api(
        &app,
        HOST,
        &format!("{records}?group_by=range(dep_delay,*,0,60,*)&select=count(*)+as+n"),
    )
    .await;
    let count = |test: &dyn Fn(f64) -> bool| {
        rows.iter()
            .filter_map(|(_, d)| *d)
            .filter(|d| test(*d))
            .count()
    };
    assert_eq!(
        fixed["results"],
        json!([
            {"range(dep_delay,*,0,60,*)": "[*, 0[", "n": count(&|d| d < 0.0)},
            {"range(dep_delay,*,0,60,*)": "[0, 60[", "n": count(&|d| (0.0..60.0).contains(&d))},
            {"range(dep_delay,*,0,60,*)": "[60, *[", "n": count(&|d| d >= 60.0)},
            {"range(dep_delay,*,0,60,*)": null, "n": 58}
        ])
    );
    let (_, halves) = api(&app, HOST, &format!("{records}?group_by=range(dep_delay,2.5)+as+b&select=count(*)+as+n&where=dep_delay>=0+and+dep_delay<5")).await;
    assert_eq!(halves["results"][0]["b"], "[0.0, 2.5[");
    assert_eq!(halves["results"][1]["b"], "[2.5, 5.0[");
    for bad in [
        "group_by=range(carrier,10)",
        "group_by=range(dep_delay,0)",
        "group_by=range(dep_delay,60,0)",
        "select=range(dep_delay,10)",
    ] {
        let (status, error) = api(&app, HOST, &format!("{records}?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {error}");
    }
}

#[tokio::test]
async fn date_format_writes_dates_in_the_request_zone() {
    let app = with_flights().await;
    let records = "/catalog/datasets/flights/records";
    let ny = "timezone=America/New_York";
    let (status, days) = api(&app, HOST, &format!("{records}?group_by=date_format(time_hour,'yyyy-MM-dd')+as+d&select=count(*)+as+n&limit=100&{ny}")).await;
    assert_eq!(status, 200, "{days}");
    let (_, by_day) = api(
        &app,
        HOST,
        &format!("{records}?group_by=day&select=count(*)+as+n&limit=100"),
    )
    .await;
    let formatted: Vec<(String, Value)> = days["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["d"].as_str().unwrap().to_owned(), r["n"].clone()))
        .collect();
    let local: Vec<(String, Value)> = by_day["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!("2013-01-{:02}", r["day"].as_i64().unwrap()),
                r["n"].clone(),
            )
        })
        .collect();
    assert_eq!(formatted, local);
    let (_, hour) = api(
        &app,
        HOST,
        &format!(
            "{records}?select=date_format(time_hour,'HH:mm+(%25)+dd/MM/yyyy')+as+t&limit=1&{ny}"
        ),
    )
    .await;
    assert_eq!(hour["results"][0]["t"], "05:00 (%) 01/01/2013");
    // Month and weekday names follow `lang` (English by default).
    for (lang, expected) in [
        ("", "Tuesday 01 January 2013"),
        ("&lang=fr", "mardi 01 janvier 2013"),
        ("&lang=de", "Dienstag 01 Januar 2013"),
    ] {
        let (status, named) = api(&app, HOST, &format!("{records}?select=date_format(time_hour,'EEEE+dd+MMMM+yyyy')+as+t&limit=1&{ny}{lang}")).await;
        assert_eq!(status, 200, "{named}");
        assert_eq!(named["results"][0]["t"], expected);
    }
    let (_, saturday) = api(
        &app,
        HOST,
        &format!(
            "{records}?select=date_format(time_hour,'EEEE')+as+t&where=day=5&limit=1&lang=es&{ny}"
        ),
    )
    .await;
    assert_eq!(saturday["results"][0]["t"], "sábado", "5 January 2013");
    let (status, error) = api(
        &app,
        HOST,
        &format!("{records}?select=date_format(time_hour,'QQQ')"),
    )
    .await;
    assert_eq!(status, 400);
    assert!(error["message"].as_str().unwrap().contains("QQQ"));
}

#[tokio::test]
async fn the_catalogue_answers_odsql_over_dataset_properties() {
    let app = with_flights().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("towns.csv");
    std::fs::write(&file, "town,people\nLyon,522250\nNantes,320732\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args([
            "import",
            "--tenant",
            "cdmx",
            "--dataset",
            "towns",
            "--title",
            "Towns of France, 2024",
        ])
        .args(["--visibility", "restricted"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(import(&app, "cdmx", "small-towns", &file).status.success());

    let catalog = "/catalog/datasets";
    let ids = |body: &Value| -> Vec<String> {
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["dataset_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, big) = api(&app, HOST, &format!("{catalog}?where=records_count>100")).await;
    assert_eq!(status, 200, "{big}");
    assert_eq!(ids(&big), ["flights"]);
    assert_eq!(
        big["results"][0]["fields"][0]["name"], "year",
        "full dataset objects"
    );
    let (_, ordered) = api(
        &app,
        HOST,
        &format!("{catalog}?order_by=records_count+desc,dataset_id"),
    )
    .await;
    assert_eq!(
        ids(&ordered),
        ["flights", "small-towns"],
        "restricted ones stay hidden"
    );
    assert_eq!(ordered["total_count"], 2);
    let (_, searched) = api(&app, HOST, &format!("{catalog}?where=%22towns%22")).await;
    assert_eq!(ids(&searched), ["small-towns"]);
    let (_, grouped) = api(
        &app,
        HOST,
        &format!("{catalog}?group_by=visibility&select=count(*)+as+n"),
    )
    .await;
    assert_eq!(
        grouped["results"],
        json!([{"visibility": "domain", "n": 2}])
    );
    let (status, error) = api(&app, HOST, &format!("{catalog}?where=nope=1")).await;
    assert_eq!(status, 400);
    assert_eq!(error["error_code"], "ODSQLError");

    // With a key, restricted datasets join in, searchable by the words of their title.
    let created = galette(
        &app,
        &[
            "apikey",
            "create",
            "--tenant",
            "cdmx",
            "--name",
            "catalogue",
        ],
    );
    let key = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    let with_key = |path: String| {
        app.request(Method::GET, HOST, &format!("{API}{path}"))
            .header("Authorization", format!("Apikey {key}"))
            .send()
    };
    let france: Value = with_key(format!("{catalog}?where=search(title,%22france%22)"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&france), ["towns"]);
    let facets: Value = with_key("/catalog/facets?facet=visibility".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        facets["facets"][0]["facets"],
        json!([
            {"name": "domain", "value": "domain", "count": 2, "state": "displayed"},
            {"name": "restricted", "value": "restricted", "count": 1, "state": "displayed"}
        ])
    );
    let csv = text_of(
        &app,
        "/catalog/exports/csv?where=records_count<100&with_bom=false",
    )
    .await;
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("small-towns"));
}

#[tokio::test]
async fn include_links_adds_absolute_links_to_pages_records_and_datasets() {
    let app = with_flights().await;
    let base = format!("http://{}/api/explore/v2.1", app.host_header(HOST));
    let (status, page) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?select=flight&limit=2&offset=4&include_links=true",
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let record = &page["results"][0];
    assert_eq!(record["flight"], 461);
    assert_eq!(
        record["_links"],
        json!([{"rel": "self", "href": format!("{base}/catalog/datasets/flights/records/5")}])
    );
    let href = |rel: &str| {
        page["_links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == rel)
            .map(|l| l["href"].as_str().unwrap().to_owned())
    };
    let list =
        format!("{base}/catalog/datasets/flights/records?select=flight&limit=2&include_links=true");
    assert_eq!(href("next"), Some(format!("{list}&offset=6")));
    assert_eq!(href("last"), Some(format!("{list}&offset=9998")));
    // The link works.
    let linked: Value = app
        .client
        .get(href("next").unwrap().replace(
            &app.host_header(HOST),
            &format!("127.0.0.1:{}", app.addr.port()),
        ))
        .header("Host", app.host_header(HOST))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(linked["results"].as_array().unwrap().len(), 2);
    let (_, plain) = api(&app, HOST, "/catalog/datasets/flights/records?limit=1").await;
    assert!(plain.get("_links").is_none() && plain["results"][0].get("_links").is_none());
    let (_, dataset) = api(&app, HOST, "/catalog/datasets/flights?include_links=true").await;
    assert_eq!(
        dataset["_links"][0]["href"],
        format!("{base}/catalog/datasets/flights")
    );
    let (_, catalog) = api(&app, HOST, "/catalog/datasets?include_links=true").await;
    assert_eq!(
        catalog["results"][0]["_links"][0]["href"],
        format!("{base}/catalog/datasets/flights")
    );
}

#[tokio::test]
async fn the_explorer_draws_a_histogram_of_a_numeric_column_under_its_filters() {
    let app = with_flights().await;
    let bars = |page: &str| -> Vec<(String, u64)> {
        let after = page.split("<details>").nth(1).unwrap_or_default();
        let table = after.split("</details>").next().unwrap_or_default();
        table
            .split("<tr><td>")
            .skip(1)
            .map(|row| {
                let cells: Vec<&str> = row.split("</td><td>").collect();
                let count = cells[1].split("</td>").next().unwrap().parse().unwrap();
                (cells[0].to_owned(), count)
            })
            .collect()
    };
    let (status, page) = explorer_page(&app, "/datasets/flights/?chart=dep_delay").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"role="img" aria-labelledby="chart-caption""#));
    let all = bars(&page);
    assert!(all.len() >= 5, "{all:?}");
    assert_eq!(page.matches("<rect ").count(), all.len());
    assert_eq!(all.iter().map(|(_, n)| n).sum::<u64>(), 10_000 - 58);
    assert!(page.contains("58 rows have no value"));
    // The bars are the API's range() groups over the same bounds (empty ones drawn as 0).
    let bounds: Vec<&str> = all
        .iter()
        .map(|(range, _)| range.trim_start_matches('[').split(", ").next().unwrap())
        .chain(
            all.last()
                .map(|(range, _)| range.trim_end_matches('[').split(", ").nth(1).unwrap()),
        )
        .collect();
    let (_, groups) = api(&app, HOST, &format!("/catalog/datasets/flights/records?group_by=range(dep_delay,{})+as+r&select=count(*)+as+n&where=dep_delay+is+not+null&limit=100", bounds.join(","))).await;
    let from_api: Vec<(String, u64)> = groups["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["r"].as_str().unwrap().to_owned(),
                g["n"].as_u64().unwrap(),
            )
        })
        .collect();
    let drawn: Vec<(String, u64)> = all.iter().filter(|(_, n)| *n > 0).cloned().collect();
    assert_eq!(drawn, from_api);

    let (_, jfk) = explorer_page(
        &app,
        "/datasets/flights/?refine=origin%3AJFK&chart=dep_delay",
    )
    .await;
    let (_, valued) = api(
        &app,
        HOST,
        "/catalog/datasets/flights/records?refine=origin:JFK&where=dep_delay+is+not+null&limit=0",
    )
    .await;
    assert_eq!(
        bars(&jfk).iter().map(|(_, n)| n).sum::<u64>(),
        valued["total_count"].as_u64().unwrap()
    );
    assert!(jfk.contains(r#"<input type="hidden" name="refine" value="origin:JFK">"#));
    let (status, text) = explorer_page(&app, "/datasets/flights/?chart=carrier").await;
    assert_eq!(status, 200);
    assert!(
        !text.contains("aria-labelledby=\"chart-caption\""),
        "only numbers are charted"
    );
}

#[tokio::test]
async fn the_histogram_spreads_the_delays_over_many_bars_and_counts_outliers_apart() {
    let app = with_flights().await;
    let (status, page) = explorer_page(&app, "/datasets/flights/?chart=dep_delay").await;
    assert_eq!(status, 200);
    let details = page.split("<details>").nth(1).unwrap();
    let table = details.split("</details>").next().unwrap();
    let counts: Vec<(String, u64)> = table
        .split("<tr><td>")
        .skip(1)
        .map(|row| {
            let (range, rest) = row.split_once("</td><td>").unwrap();
            (
                range.to_owned(),
                rest.split("</td>").next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    // Equal widths over min…max (width 100) put 98 % of the rows in the first two bars.
    let two_tallest = {
        let mut n: Vec<u64> = counts.iter().map(|(_, n)| *n).collect();
        n.sort_unstable();
        n.iter().rev().take(2).sum::<u64>()
    };
    assert!(counts.len() >= 12, "{counts:?}");
    assert!(
        two_tallest * 10 < total * 9,
        "the two tallest bars hold under 90 %: {counts:?}"
    );
    let (first, last) = (&counts[0].0, &counts[counts.len() - 1].0);
    assert!(
        first.starts_with("[*, "),
        "rows below the 1st percentile: {first}"
    );
    assert!(
        last.ends_with(", *["),
        "rows above the 99th percentile (up to 1301): {last}"
    );
    let bound = |label: &str| {
        label
            .trim_matches(['[', ']'])
            .replace(", *", "")
            .replace("*, ", "")
    };
    assert!(
        page.contains(&format!(">< {}</text>", bound(first))),
        "the outer bars are named: {}",
        bound(first)
    );
    assert!(page.contains(&format!(">≥ {}</text>", bound(last))));
    // Both axes are labelled: the field, the rows, and the counts on the bars.
    assert!(page.contains(r#"<text class="chart-title""#));
    assert!(page.matches("<g class=\"chart-counts\"><text").count() == 1);
}

#[tokio::test]
async fn now_is_the_request_time_in_the_request_zone() {
    let app = with_flights().await;
    let records = "/catalog/datasets/flights/records";
    let (status, past) = api(
        &app,
        HOST,
        &format!("{records}?where=time_hour<now()&limit=0"),
    )
    .await;
    assert_eq!(status, 200, "{past}");
    assert_eq!(past["total_count"], 10_000);
    let (_, stamped) = api(
        &app,
        HOST,
        &format!("{records}?select=now()+as+t&limit=1&timezone=Europe/Paris"),
    )
    .await;
    let t = stamped["results"][0]["t"].as_str().unwrap();
    let year: i32 = t[..4].parse().unwrap();
    assert!(
        year >= 2025 && (t.ends_with("+01:00") || t.ends_with("+02:00")),
        "{t}"
    );
    let (status, _) = api(&app, HOST, &format!("{records}?select=now(1)")).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_demo_datasets_speak_their_sites_language_and_the_restricted_one_needs_the_key() {
    use galette::demo_data::{new_demo_api_key, seed_demo_datasets};
    let app = TestApp::spawn().await;
    seed_demo_datasets(&app.store, app.clock.unix())
        .await
        .unwrap();
    for (host, id, title) in [
        ("localhost", "flights", "New York flights, January 2013"),
        (
            "cdmx.localhost",
            "flights",
            "Vuelos desde Nueva York, enero de 2013",
        ),
        (
            "civis.localhost",
            "jours-feries",
            "Jours fériés en France, 2020–2030",
        ),
        ("jmorel.localhost", "versions-debian", "Versions de Debian"),
        (
            "maia.localhost",
            "feriados",
            "Feriados nacionais em Portugal, 2020–2030",
        ),
    ] {
        let (status, dataset) = api(&app, host, &format!("/catalog/datasets/{id}")).await;
        assert_eq!(status, 200, "{host} {id}");
        assert_eq!(dataset["metas"]["default"]["title"], title);
        let description = dataset["metas"]["default"]["description"].as_str().unwrap();
        assert!(description.len() > 100, "{host} {id}: {description}");
        let home = app.get(host, "/").await.text().await.unwrap();
        assert!(
            crate::helpers::unescape(&home).contains(title),
            "the home page of {host} lists {title}"
        );
    }
    // A second run imports nothing.
    let again = seed_demo_datasets(&app.store, app.clock.unix())
        .await
        .unwrap();
    assert!(again.imported.is_empty(), "{again:?}");
    // The platform's airports are restricted: the demo's key reads them, nobody else does.
    let (status, _) = api(&app, "localhost", "/catalog/datasets/airports/records").await;
    assert_eq!(status, 401);
    let platform = app.store.tenant_by_slug("platform").await.unwrap().unwrap();
    let old = new_demo_api_key(&app.store, platform.id, app.clock.unix())
        .await
        .unwrap();
    let key = new_demo_api_key(&app.store, platform.id, app.clock.unix())
        .await
        .unwrap();
    let path = |key: &str| format!("/catalog/datasets/airports/records?limit=0&apikey={key}");
    let (status, airports) = api(&app, "localhost", &path(&key)).await;
    assert_eq!(
        (status, airports["total_count"].as_u64()),
        (StatusCode::OK, Some(1458))
    );
    let (status, _) = api(&app, "localhost", &path(&old)).await;
    assert_eq!(status, 401, "the previous start's key is revoked");
    // The Debian versions keep their text: "3.0", not 3.
    let (_, woody) = api(
        &app,
        "jmorel.localhost",
        "/catalog/datasets/versions-debian/records?where=codename=%22Woody%22&select=version",
    )
    .await;
    assert_eq!(woody["results"][0]["version"], "3.0");
}
