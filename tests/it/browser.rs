//! Browser tests: `tests/browser/*.test.mjs` in Debian's headless Chromium (playwright-core,
//! axe-core), against a real server started here. A missing browser is a failure, not a skip.

use crate::helpers::{PASSWORD, TestApp};
use galette::demo_data::{demo_datasets, new_demo_api_key, seed_demo_datasets};
use galette_http::{HttpSettings, ScanSettings};
use std::path::Path;
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_on_the_demo_data_are_accessible_fit_their_window_and_work_without_javascript_in_chromium()
 {
    // The back office's scan (pages.test.mjs) stays on this machine and crawls a few pages.
    let app = TestApp::spawn_with(HttpSettings {
        scan: ScanSettings {
            pages: 3,
            depth: 1,
            block_external: true,
            ..ScanSettings::default()
        },
        ..HttpSettings::default()
    })
    .await;
    app.add_user("cdmx", "browser@example.org", true).await;
    // The platform's administrator writes the news (pages.test.mjs audits the editor); the
    // demo's posts fill the feed and the bell.
    app.add_user("platform", "browser@example.org", true).await;
    galette::demo_news::seed_demo_news(&app.store, app.clock.unix())
        .await
        .unwrap();
    // Statistics roll-ups, so that the dashboard draws its charts and lists.
    crate::stats_dashboard::seed_two_weeks(&app).await;
    // The demo's datasets, as `galette demo` publishes them: the explorer, the chart and the
    // official API client (apiclient.test.mjs, on 127.0.0.1: the platform site) read them.
    let seeded = seed_demo_datasets(&app.store, app.clock.unix())
        .await
        .unwrap();
    assert_eq!(seeded.imported.len(), demo_datasets().len(), "{seeded:?}");
    let platform = app.store.tenant_by_slug("platform").await.unwrap().unwrap();
    let api_key = new_demo_api_key(&app.store, platform.id, app.clock.unix())
        .await
        .unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "the browser tests need their npm packages: run `npm ci --prefix tests/browser` (scripts/setup installs it)"
    );
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "the browser tests need Chromium at {chromium}: `apt-get install chromium` (scripts/setup installs it)"
    );
    let port = app.addr.port().to_string();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .args(["--test", "--test-reporter=spec"])
            .current_dir(&dir)
            .env("GALETTE_TEST_PORT", port)
            .env("GALETTE_TEST_EMAIL", "browser@example.org")
            .env("GALETTE_TEST_PASSWORD", PASSWORD)
            .env("GALETTE_TEST_API_KEY", api_key)
            .env("CHROMIUM_PATH", chromium)
            .output()
    })
    .await
    .unwrap()
    .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "browser tests failed:\n{report}");
    for line in ["ℹ fail 0", "ℹ skipped 0", "ℹ cancelled 0"] {
        assert!(report.contains(line), "expected {line:?} in:\n{report}");
    }
    assert!(
        !report.contains("ℹ pass 0"),
        "no browser test ran:\n{report}"
    );
}
