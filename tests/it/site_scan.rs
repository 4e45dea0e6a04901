//! The back office's scan page (`/backoffice/scan/`): an administrator starts a scan of the
//! site, which runs in a real headless Chromium in the background, one at a time per site;
//! its signed report is kept with the policy revision it checked, and a registry change
//! that makes the site's behaviour untrue shows up as a finding.

use crate::helpers::{PASSWORD, TestApp, header, unescape};
use galette_core::registry::Lifetime;
use galette_http::{HttpSettings, ScanSettings};
use galette_store::{RegistryEdit, ScanStatus, SiteScan};
use reqwest::Method;
use std::time::{Duration, Instant};

const HOST: &str = "cdmx.localhost";
const ADMIN: &str = "scanner-admin@example.org";

/// Long enough for a debug build to crawl a few pages in every consent state.
const SCAN_WAIT: Duration = Duration::from_secs(240);

async fn spawn(key: Option<std::path::PathBuf>) -> TestApp {
    let settings = HttpSettings {
        scan: ScanSettings {
            pages: 2,
            depth: 1,
            block_external: true,
            key,
            ..ScanSettings::default()
        },
        ..HttpSettings::default()
    };
    TestApp::spawn_with(settings).await
}

async fn signed_in(app: &TestApp) -> String {
    app.add_user("cdmx", ADMIN, true).await;
    let session = app.login(HOST, ADMIN, PASSWORD).await;
    format!("sessionid={session}; django_language=en")
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let response = app
        .request(Method::GET, HOST, path)
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn start(app: &TestApp, cookie: &str) -> String {
    let response = app.post_form(HOST, "/backoffice/scan/", &[], cookie).await;
    assert_eq!(response.status(), 303);
    header(response.headers(), "location")
}

/// Waits for the site's newest scan to leave the running state.
async fn finished(app: &TestApp) -> SiteScan {
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let deadline = Instant::now() + SCAN_WAIT;
    loop {
        let scans = app.store.site_scans(tenant.id).await.unwrap();
        let newest = scans.first().expect("a scan was recorded");
        if newest.status != ScanStatus::Running {
            return app.store.site_scan(tenant.id, newest.id).await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the scan did not finish in {SCAN_WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Declares `csrftoken` for `seconds` (the site really keeps it a year): a registry edit,
/// which makes a new policy revision.
async fn declare_csrftoken_lifetime(app: &TestApp, seconds: u64) {
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let mut declaration = app
        .store
        .registry_for(tenant.id)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name.as_str() == "csrftoken")
        .unwrap();
    declaration.lifetime = Lifetime::Seconds(seconds);
    app.store
        .edit_registry(
            tenant.id,
            tenant.policy_revision,
            RegistryEdit::PutCookie {
                replacing: Some("csrftoken".to_owned()),
                declaration,
            },
            app.clock.unix(),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn an_administrator_scans_the_site_in_the_background_and_gets_a_signed_clean_report() {
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("scan.key");
    let (secret, public) = galette_scan::sign::generate_key();
    std::fs::write(&key_file, secret).unwrap();
    let app = spawn(Some(key_file)).await;

    // Anonymous visitors and readers never reach it.
    let anonymous = app.get(HOST, "/backoffice/scan/").await;
    assert_eq!(anonymous.status(), 302);
    let refused = app.post_form(HOST, "/backoffice/scan/", &[], "").await;
    assert_eq!(refused.status(), 302);

    let cookie = signed_in(&app).await;
    let (status, html) = page(&app, &cookie, "/backoffice/scan/").await;
    assert_eq!(status, 200);
    assert!(html.contains("This site has not been scanned yet."));

    let started = Instant::now();
    assert_eq!(
        start(&app, &cookie).await,
        "/backoffice/scan/?notice=started"
    );
    // The request returned at once; the scan runs on, and a second one waits its turn.
    assert_eq!(
        start(&app, &cookie).await,
        "/backoffice/scan/?notice=running"
    );
    let (_, html) = page(&app, &cookie, "/backoffice/scan/?notice=running").await;
    assert!(html.contains("already running"), "{html}");

    let scan = finished(&app).await;
    eprintln!("back-office scan took {:?}", started.elapsed());
    assert_eq!(scan.status, ScanStatus::Done, "{:?}", scan.error);
    assert_eq!(scan.is_clean, Some(true), "{:?}", scan.report);
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    assert_eq!(
        u64::try_from(scan.policy_revision).unwrap(),
        tenant.policy_revision
    );
    assert_eq!(scan.url, format!("http://{}/", app.host_header(HOST)));
    assert_eq!(
        app.store.site_scans(tenant.id).await.unwrap().len(),
        1,
        "the refused second start left no row"
    );

    let (_, html) = page(&app, &cookie, "/backoffice/scan/").await;
    assert!(html.contains("Clean: the site does what its policy says"));
    assert!(
        unescape(&html).contains(&public),
        "the page names the signing key"
    );

    // The report downloads as the scanner wrote it, and its signature holds.
    let report = app
        .request(
            Method::GET,
            HOST,
            &format!("/backoffice/scan/{}/report.json", scan.id),
        )
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 200);
    assert_eq!(header(report.headers(), "content-type"), "application/json");
    let text = report.text().await.unwrap();
    assert_eq!(
        galette_scan::sign::verify(&text, Some(&public)).unwrap(),
        public
    );
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let states: Vec<&str> = json["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert!(states.contains(&"no_choice") && states.contains(&"reject_all"));
    // An altered report no longer verifies.
    json["summary"]["is_clean"] = serde_json::Value::Bool(false);
    let altered = serde_json::to_string(&json).unwrap();
    assert!(galette_scan::sign::verify(&altered, Some(&public)).is_err());

    // Another site's administrator cannot read this site's reports.
    let elsewhere = app
        .request(
            Method::GET,
            "civis.localhost",
            &format!("/backoffice/scan/{}/report.json", scan.id),
        )
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 302);
    let (status, _) = page(&app, &cookie, "/backoffice/scan/999999/report.json").await;
    assert_eq!(status, 404);
    let (status, _) = page(&app, &cookie, "/backoffice/scan/x/report.json").await;
    assert_eq!(status, 400);
    let (status, _) = page(&app, &cookie, "/backoffice/scan/?id=99999999999999999999").await;
    assert_eq!(status, 400);
    let (status, _) = page(&app, &cookie, "/backoffice/scan/?id=-1").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_policy_that_understates_a_cookie_shows_a_finding_and_the_old_scan_is_marked_outdated() {
    let app = spawn(None).await;
    let cookie = signed_in(&app).await;
    declare_csrftoken_lifetime(&app, 3600).await;

    start(&app, &cookie).await;
    let scan = finished(&app).await;
    assert_eq!(scan.status, ScanStatus::Done, "{:?}", scan.error);
    assert_eq!(scan.is_clean, Some(false));
    let (_, html) = page(&app, &cookie, "/backoffice/scan/").await;
    assert!(html.contains("Lives longer than declared"), "{html}");
    assert!(html.contains("<code>csrftoken</code>"));
    assert!(html.contains("not signed"));

    // A registry edit after the scan: the page says the proof is about an older policy.
    declare_csrftoken_lifetime(&app, 365 * 24 * 3600).await;
    let (_, html) = page(&app, &cookie, "/backoffice/scan/").await;
    assert!(
        html.contains("the policy has changed since"),
        "the kept scan is shown against the revision it checked"
    );
}

#[tokio::test]
async fn a_scan_left_running_by_a_dead_process_does_not_block_the_next_one() {
    let app = spawn(None).await;
    let cookie = signed_in(&app).await;
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    // A row as a killed server leaves it: running, started long ago.
    let long_ago = app.clock.unix() - 3600;
    let id = app
        .store
        .start_site_scan(&galette_store::NewScan {
            tenant_id: tenant.id,
            requested_by: ADMIN,
            url: "http://cdmx.localhost/",
            now: long_ago,
            policy_revision: 1,
            abandoned_before: long_ago,
        })
        .await
        .unwrap()
        .unwrap();
    let (_, html) = page(&app, &cookie, "/backoffice/scan/").await;
    assert!(html.contains("Running"));

    // A new scan is not refused: the abandoned one is marked failed and named so.
    assert_eq!(
        start(&app, &cookie).await,
        "/backoffice/scan/?notice=started"
    );
    let old = app.store.site_scan(tenant.id, id).await.unwrap();
    assert_eq!(old.status, ScanStatus::Failed);
    assert_eq!(old.error.as_deref(), Some(galette_store::ABANDONED));
    let (_, html) = page(&app, &cookie, &format!("/backoffice/scan/?id={id}")).await;
    assert!(html.contains("the server stopped before the scan finished"));
    finished(&app).await;
}

#[tokio::test]
async fn a_missing_browser_is_a_failed_scan_with_a_reason_not_a_500() {
    let settings = HttpSettings {
        scan: ScanSettings {
            chromium: "/nonexistent/chromium".into(),
            ..ScanSettings::default()
        },
        ..HttpSettings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    let cookie = signed_in(&app).await;
    start(&app, &cookie).await;
    let scan = finished(&app).await;
    assert_eq!(scan.status, ScanStatus::Failed);
    let (status, html) = page(&app, &cookie, "/backoffice/scan/").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Could not run"));
    assert!(
        html.contains("chromium"),
        "the reason names the browser: {html}"
    );
}
