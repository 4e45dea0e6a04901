//! The back office's dataset page: a CSV uploaded through the form becomes a dataset the
//! API serves, a refused file leaves the previous version, CSRF protects the multipart
//! form without reading the upload, and only the site's administrators get in.

use crate::explore::data_file;
use crate::helpers::{PASSWORD, TestApp, header, unescape};
use galette_http::{HttpSettings, UploadSettings};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

const HOST: &str = "cdmx.localhost";
const PAGE: &str = "/backoffice/datasets/";
const ADMIN: &str = "admin@cdmx.localhost";

/// The directories a test watches: uploads in progress, and whole-export files.
struct Dirs {
    uploads: TempDir,
    exports: TempDir,
}

/// A server whose uploads and export files go to directories the test can watch.
async fn spawn(max_bytes: u64) -> (TestApp, Dirs) {
    let dirs = Dirs {
        uploads: tempfile::tempdir().unwrap(),
        exports: tempfile::tempdir().unwrap(),
    };
    let app = TestApp::spawn_with(HttpSettings {
        uploads: UploadSettings {
            dir: Some(dirs.uploads.path().to_path_buf()),
            max_bytes,
        },
        export_dir: Some(dirs.exports.path().to_path_buf()),
        ..HttpSettings::default()
    })
    .await;
    (app, dirs)
}

/// The demo administrator of cdmx, signed in: the `sessionid` value.
async fn admin(app: &TestApp) -> String {
    app.add_user("cdmx", ADMIN, true).await;
    app.login(HOST, ADMIN, PASSWORD).await
}

/// The upload form's fields in the order the page sends them, the token first.
fn form(token: Option<&str>, dataset: &str, visibility: &str, file: &[u8]) -> Form {
    let mut form = Form::new();
    if let Some(token) = token {
        form = form.text("csrfmiddlewaretoken", token.to_owned());
    }
    form.text("dataset", dataset.to_owned())
        .text("title", "")
        .text("delimiter", "auto")
        .text("visibility", visibility.to_owned())
        .part("file", Part::bytes(file.to_vec()).file_name("upload.csv"))
}

/// Posts a multipart form with a fresh CSRF cookie and the session, in English.
async fn post(app: &TestApp, session: &str, form: impl FnOnce(&str) -> Form) -> Response {
    let (secret, token) = app.csrf_pair(HOST).await;
    app.request(Method::POST, HOST, PAGE)
        .header("Cookie", format!("csrftoken={secret}; sessionid={session}"))
        .header("Accept-Language", "en")
        .multipart(form(&token))
        .send()
        .await
        .unwrap()
}

/// Builds a form body from the page's masked token.
type BuildForm<'a> = Box<dyn Fn(&str) -> Form + 'a>;

async fn upload(app: &TestApp, session: &str, dataset: &str, file: &[u8]) -> Response {
    post(app, session, |token| {
        form(Some(token), dataset, "keep", file)
    })
    .await
}

async fn page(app: &TestApp, session: &str, path: &str) -> (StatusCode, String) {
    let response = app
        .request(Method::GET, HOST, path)
        .header("Cookie", format!("sessionid={session}"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, unescape(&response.text().await.unwrap()))
}

/// `total_count` of a dataset's records for an anonymous caller, or the status if refused.
async fn total_count(app: &TestApp, dataset: &str) -> Result<u64, StatusCode> {
    let path = format!("/api/explore/v2.1/catalog/datasets/{dataset}/records?limit=0");
    let response = app.get(HOST, &path).await;
    if response.status() != StatusCode::OK {
        return Err(response.status());
    }
    let body: Value = response.json().await.unwrap();
    Ok(body["total_count"].as_u64().unwrap())
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[tokio::test]
async fn an_uploaded_csv_becomes_a_dataset_the_api_serves_and_the_list_shows() {
    let (app, dirs) = spawn(UploadSettings::DEFAULT_MAX_BYTES).await;
    let session = admin(&app).await;
    let (status, html) = page(&app, &session, PAGE).await;
    assert_eq!(status, 200);
    assert!(html.contains("This portal has no dataset yet."));
    let form_body = html
        .split("enctype=\"multipart/form-data\"")
        .nth(1)
        .unwrap();
    assert!(
        form_body
            .trim_start_matches(|c| c != '<')
            .starts_with("<input type=\"hidden\" name=\"csrfmiddlewaretoken\""),
        "the token is the form's first field, so the CSRF check reads no further"
    );

    let airlines = std::fs::read(data_file("airlines.csv")).unwrap();
    let response = post(&app, &session, |token| {
        form(Some(token), "airlines", "public", &airlines).text("title", "Airlines of 2013")
    })
    .await;
    assert_eq!(response.status(), 303);
    let location = header(response.headers(), "location");
    assert_eq!(location, "/backoffice/datasets/?imported=airlines");
    assert!(
        is_empty(dirs.uploads.path()),
        "the uploaded file is removed"
    );

    assert_eq!(total_count(&app, "airlines").await, Ok(16));
    // The whole-export file is written after the answer, as after `galette import`.
    let has_export_file = || {
        std::fs::read_dir(dirs.exports.path()).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                !name.starts_with('.') && name.ends_with(".semicolon.csv")
            })
        })
    };
    for _ in 0..100 {
        if has_export_file() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(has_export_file(), "the export file is prepared");
    let (status, html) = page(&app, &session, &location).await;
    assert_eq!(status, 200);
    assert!(html.contains("Imported 16 rows into airlines."), "{html}");
    assert!(html.contains("<td>Airlines of 2013</td>"));
    assert!(html.contains("href=\"/datasets/airlines/\""));
    assert!(html.contains("href=\"/api/explore/v2.1/catalog/datasets/airlines/records\""));
    let (_, registry) = page(&app, &session, "/backoffice/").await;
    assert!(
        registry.contains("href=\"/backoffice/datasets/\""),
        "linked from the back office"
    );
}

#[tokio::test]
async fn a_reupload_replaces_the_rows_and_keeps_title_and_visibility_unless_given() {
    let (app, _dirs) = spawn(UploadSettings::DEFAULT_MAX_BYTES).await;
    let session = admin(&app).await;
    let airlines = std::fs::read(data_file("airlines.csv")).unwrap();
    let response = post(&app, &session, |token| {
        form(Some(token), "airlines", "restricted", &airlines).text("title", "Carriers")
    })
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        total_count(&app, "airlines").await,
        Err(StatusCode::UNAUTHORIZED),
        "restricted from the first moment"
    );

    let response = upload(
        &app,
        &session,
        "airlines",
        b"carrier;name\nUA;United\nAA;American\n",
    )
    .await;
    assert_eq!(response.status(), 303);
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let dataset = app
        .store
        .dataset(tenant.id, "airlines")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dataset.records_count, 2);
    assert_eq!(
        dataset.title, "Carriers",
        "an empty title keeps the current one"
    );
    assert!(dataset.is_restricted, "\"unchanged\" keeps the visibility");

    let response = post(&app, &session, |token| {
        form(Some(token), "airlines", "public", b"carrier\nUA\n")
    })
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(total_count(&app, "airlines").await, Ok(1));
}

#[tokio::test]
async fn a_refused_file_is_explained_on_the_form_and_the_previous_version_stays() {
    let (app, dirs) = spawn(UploadSettings::DEFAULT_MAX_BYTES).await;
    let session = admin(&app).await;
    let airlines = std::fs::read(data_file("airlines.csv")).unwrap();
    assert_eq!(
        upload(&app, &session, "airlines", &airlines).await.status(),
        303
    );

    let ragged = b"carrier,name\nUA,United\nAA,American,Airlines\n";
    let utf16: Vec<u8> = "carrier,name\nUA,United\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "airlines",
            ragged,
            "Line 3, column 3: the row has 3 values where the header names 2 columns.",
        ),
        ("airlines", b"", "The file is empty"),
        (
            "airlines",
            &utf16,
            "The file is not CSV text in UTF-8 or Windows-1252",
        ),
        (
            "Air Lines",
            &airlines,
            "The dataset id must be 1 to 100 lower-case letters",
        ),
    ];
    for (dataset, file, reason) in cases {
        let response = upload(&app, &session, dataset, file).await;
        assert_eq!(response.status(), 400, "{reason}");
        let html = unescape(&response.text().await.unwrap());
        assert!(html.contains(reason), "{reason} not in {html}");
        assert!(html.contains("The dataset's current version, if there is one, is unchanged."));
        assert!(
            html.contains(&format!("name=\"dataset\" value=\"{dataset}\"")),
            "the form keeps what was typed"
        );
        assert_eq!(total_count(&app, "airlines").await, Ok(16), "{reason}");
        assert!(
            is_empty(dirs.uploads.path()),
            "{reason}: the file is removed"
        );
    }

    let without_file = post(&app, &session, |token| {
        Form::new()
            .text("csrfmiddlewaretoken", token.to_owned())
            .text("dataset", "airlines")
            .part("file", Part::bytes(Vec::new()).file_name(""))
    })
    .await;
    assert_eq!(without_file.status(), 400);
    assert!(
        without_file
            .text()
            .await
            .unwrap()
            .contains("Choose a CSV file to upload.")
    );
}

#[tokio::test]
async fn a_huge_column_name_or_cell_is_refused_on_the_form_with_its_line_and_column() {
    let (app, dirs) = spawn(UploadSettings::DEFAULT_MAX_BYTES).await;
    let session = admin(&app).await;
    let long_name = format!("carrier,{}\nUA,United\n", "n".repeat(257));
    let big_cell = format!(
        "carrier,name\nUA,United\nAA,{}\n",
        "x".repeat(1024 * 1024 + 1)
    );
    let cases = [
        (
            long_name,
            "Line 1, column 2: the column name has 257 characters; at most 256 are allowed.",
        ),
        (
            big_cell,
            "Line 3, column 2: the value is 1048577 bytes long; at most 1 MiB",
        ),
    ];
    for (file, reason) in cases {
        let response = upload(&app, &session, "airlines", file.as_bytes()).await;
        assert_eq!(response.status(), 400, "{reason}");
        let html = unescape(&response.text().await.unwrap());
        assert!(html.contains(reason), "{reason} not in the page");
        assert!(is_empty(dirs.uploads.path()));
        assert_eq!(
            total_count(&app, "airlines").await,
            Err(StatusCode::NOT_FOUND)
        );
    }
}

#[tokio::test]
async fn a_file_over_the_size_limit_gets_a_413_on_the_form() {
    let (app, dirs) = spawn(1024 * 1024).await;
    let session = admin(&app).await;
    let mut big = b"n,label\n".to_vec();
    while big.len() <= 1024 * 1024 + 1000 {
        big.extend_from_slice(b"12345,a label long enough to fill the file quickly\n");
    }
    let response = upload(&app, &session, "big", &big).await;
    assert_eq!(response.status(), 413);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("The file is larger than 1 MiB, the most this site accepts."));
    assert!(is_empty(dirs.uploads.path()));
    assert_eq!(total_count(&app, "big").await, Err(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn a_multipart_post_without_the_right_token_first_is_refused_and_imports_nothing() {
    let (app, _dirs) = spawn(UploadSettings::DEFAULT_MAX_BYTES).await;
    let session = admin(&app).await;
    let airlines = std::fs::read(data_file("airlines.csv")).unwrap();
    let wrong = "A".repeat(64);
    let cases: [(&str, BuildForm); 3] = [
        (
            "CSRF token missing.",
            Box::new(|_| form(None, "airlines", "keep", &airlines)),
        ),
        (
            "CSRF token from POST incorrect.",
            Box::new(|_| form(Some(&wrong), "airlines", "keep", &airlines)),
        ),
        (
            "CSRF token missing.",
            Box::new(|token| {
                form(None, "airlines", "keep", &airlines)
                    .text("csrfmiddlewaretoken", token.to_owned())
            }),
        ),
    ];
    for (reason, build) in cases {
        let response = post(&app, &session, build).await;
        assert_eq!(response.status(), 403, "{reason}");
        let html = unescape(&response.text().await.unwrap());
        assert!(html.contains(reason), "{reason} not in {html}");
        assert_eq!(
            total_count(&app, "airlines").await,
            Err(StatusCode::NOT_FOUND)
        );
    }

    // Scripts may send the token in the header instead, as with any other form.
    let (secret, token) = app.csrf_pair(HOST).await;
    let response = app
        .request(Method::POST, HOST, PAGE)
        .header("Cookie", format!("csrftoken={secret}; sessionid={session}"))
        .header("X-CSRFToken", token)
        .multipart(form(None, "airlines", "keep", &airlines))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(total_count(&app, "airlines").await, Ok(16));
}

#[tokio::test]
async fn only_the_sites_administrators_reach_the_page_or_upload() {
    let (app, _dirs) = spawn(UploadSettings::DEFAULT_MAX_BYTES).await;
    let anonymous = app.get(HOST, PAGE).await;
    assert_eq!(anonymous.status(), 302);
    assert_eq!(
        header(anonymous.headers(), "location"),
        "/login/?next=/backoffice/datasets/"
    );

    app.add_user("cdmx", "reader@example.org", false).await;
    let reader = app.login(HOST, "reader@example.org", PASSWORD).await;
    let (status, _) = page(&app, &reader, PAGE).await;
    assert_eq!(status, 403);
    let response = upload(&app, &reader, "airlines", b"a,b\n1,2\n").await;
    assert_eq!(response.status(), 403, "refused like the other admin pages");
    assert_eq!(
        total_count(&app, "airlines").await,
        Err(StatusCode::NOT_FOUND)
    );

    let session = admin(&app).await;
    assert_eq!(
        upload(&app, &session, "secret-plans", b"a,b\n1,2\n")
            .await
            .status(),
        303
    );
    app.add_user("civis", "admin@civis.localhost", true).await;
    let other = app
        .login("civis.localhost", "admin@civis.localhost", PASSWORD)
        .await;
    let (status, _) = page(&app, &other, PAGE).await;
    assert_eq!(
        status, 302,
        "a session of another site counts for nothing here"
    );
    let response = app
        .request(Method::GET, "civis.localhost", PAGE)
        .header("Cookie", format!("sessionid={other}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(!response.text().await.unwrap().contains("secret-plans"));
}
