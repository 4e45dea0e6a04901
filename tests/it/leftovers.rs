//! What a process killed mid-import or mid-upload leaves behind is removed when the server
//! starts (and every ten minutes), while imports and uploads still alive, here or in
//! another process, and the published datasets stay untouched (issue 9, class 7).

use crate::helpers::TestApp;
use galette_core::dataset::{Field, FieldType, Value};
use galette_http::{HttpSettings, UploadSettings};
use std::fs::File;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

const HOST: &str = "cdmx.localhost";

fn city_field() -> Vec<Field> {
    vec![Field {
        name: "city".into(),
        label: "City".into(),
        field_type: FieldType::Text,
        is_facet: true,
    }]
}

/// The dataset tables in the database, sorted.
async fn dataset_tables(app: &TestApp) -> Vec<String> {
    let sql = if app.is_postgres() {
        r"SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'ds\_%' ESCAPE '\' ORDER BY 1"
    } else {
        r"SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds\_%' ESCAPE '\' ORDER BY 1"
    };
    app.raw_texts(sql).await
}

/// A file last written long ago, as a crash long past would leave it.
fn old_file(path: &Path) -> File {
    let file = File::create(path).unwrap();
    file.set_modified(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .unwrap();
    file
}

#[tokio::test]
async fn a_restart_removes_what_crashed_imports_and_uploads_left_and_nothing_alive() {
    let uploads = tempfile::tempdir().unwrap();
    let settings = || HttpSettings {
        uploads: UploadSettings {
            dir: Some(uploads.path().to_path_buf()),
            ..UploadSettings::default()
        },
        ..HttpSettings::default()
    };
    let app = TestApp::spawn_with(settings()).await;
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let rows = |n: usize| (0..n).map(|i| vec![Value::Text(format!("city {i}"))]);

    // A published dataset, then a re-import of it killed midway (its marker an hour old).
    let mut import = app
        .store
        .begin_import(tenant.id, "kept", &city_field())
        .await
        .unwrap();
    for row in rows(2) {
        import.push(row).await.unwrap();
    }
    let kept = import.finish("Kept", app.clock.unix()).await.unwrap();
    let mut crashed = app
        .store
        .begin_import(tenant.id, "kept", &city_field())
        .await
        .unwrap();
    for row in rows(60) {
        crashed.push(row).await.unwrap();
    }
    drop(crashed);
    app.raw_sql("UPDATE imports_in_progress SET touched_at = 0")
        .await;
    // A table from before import markers existed, with a value-count table.
    app.raw_sql(
        "CREATE TABLE ds_da_legacy0000_abcdefgh (rid BIGINT); \
         CREATE TABLE ds_da_legacy0000_abcdefgh_n0 (c0 TEXT, n BIGINT)",
    )
    .await;
    // An import still running (as `galette import` beside the server would be).
    let mut running = app
        .store
        .begin_import(tenant.id, "arriving", &city_field())
        .await
        .unwrap();
    running
        .push(vec![Value::Text("Puebla".into())])
        .await
        .unwrap();
    let before = dataset_tables(&app).await;
    assert_eq!(before.len(), 6, "{before:?}");

    let stale = uploads.path().join("upload-k1ll3d.csv");
    drop(old_file(&stale));
    let in_use = uploads.path().join("upload-l1ve00.csv");
    let held = old_file(&in_use);
    held.lock().unwrap();
    let just_made = uploads.path().join("upload-n3w000.csv");
    File::create(&just_made).unwrap();
    let not_ours = uploads.path().join("notes.txt");
    drop(old_file(&not_ours));

    app.start_again(settings()).await;
    let mut waited = 0;
    while stale.exists() || dataset_tables(&app).await.len() > 3 {
        assert!(
            waited < 200,
            "no clean-up: {:?}",
            dataset_tables(&app).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }

    let after = dataset_tables(&app).await;
    let kept_tables = [kept.table_name.clone(), format!("{}_n0", kept.table_name)];
    assert!(kept_tables.iter().all(|t| after.contains(t)), "{after:?}");
    assert_eq!(
        after.len(),
        3,
        "the running import's table stays: {after:?}"
    );
    assert_eq!(
        app.raw_texts("SELECT table_name FROM imports_in_progress")
            .await
            .len(),
        1,
        "only the running import keeps its marker"
    );
    let response = app
        .get(
            HOST,
            "/api/explore/v2.1/catalog/datasets/kept/records?limit=0",
        )
        .await;
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["total_count"], 2);
    assert!(!stale.exists());
    assert!(in_use.exists(), "a locked upload is in use");
    assert!(just_made.exists(), "a new upload may not be locked yet");
    assert!(not_ours.exists());

    // The running import still publishes.
    let arrived = running.finish("Arriving", app.clock.unix()).await.unwrap();
    assert_eq!(arrived.records_count, 1);
}

#[tokio::test]
async fn an_import_that_finishes_leaves_a_concurrent_import_of_the_same_dataset_alone() {
    let app = TestApp::spawn().await;
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let city = |name: &str| vec![Value::Text(name.into())];
    let mut first = app
        .store
        .begin_import(tenant.id, "twice", &city_field())
        .await
        .unwrap();
    first.push(city("Puebla")).await.unwrap();
    first.finish("Twice", app.clock.unix()).await.unwrap();

    // Two re-imports of it at once (two operators, or a CLI beside an upload).
    let mut a = app
        .store
        .begin_import(tenant.id, "twice", &city_field())
        .await
        .unwrap();
    let mut b = app
        .store
        .begin_import(tenant.id, "twice", &city_field())
        .await
        .unwrap();
    a.push(city("Toluca")).await.unwrap();
    b.push(city("Oaxaca")).await.unwrap();
    let published = a.finish("Twice", app.clock.unix()).await.unwrap();
    assert_eq!(published.records_count, 1);
    // The one still running keeps its table and finishes as if alone: last one wins.
    b.push(city("Mérida")).await.unwrap();
    let last = b.finish("Twice", app.clock.unix()).await.unwrap();
    assert_eq!(last.records_count, 2);
    let (status, body) = {
        let response = app
            .get(
                HOST,
                "/api/explore/v2.1/catalog/datasets/twice/records?order_by=city",
            )
            .await;
        (response.status(), response.text().await.unwrap())
    };
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Oaxaca") && body.contains("Mérida") && !body.contains("Toluca"));
    // And what the first of the two published is gone once the second replaced it.
    let tables = dataset_tables(&app).await;
    assert!(
        tables
            .iter()
            .all(|t| !t.starts_with(&published.table_name)
                || published.table_name == last.table_name),
        "{tables:?}"
    );
    assert!(tables.iter().any(|t| t == &last.table_name), "{tables:?}");
}
