//! Many clients writing at once (issue 9, class 0): every consent choice and every sign-in
//! is recorded, with no error answer, on the embedded database as on PostgreSQL.

use crate::helpers::{PASSWORD, TestApp, form_token};
use reqwest::Method;
use std::process::{Command, Stdio};
use tokio::task::JoinSet;

const HOST: &str = "localhost";
/// Concurrent browsers.
const CLIENTS: usize = 8;
/// Choices in all.
const CHOICES: usize = 1_000;

/// What each choice posts, in turn: the three kinds of choice the preference centre makes.
const ACTIONS: [(&str, &[&str]); 3] = [
    ("accept_all", &[]),
    ("reject_all", &[]),
    ("save", &["statistics"]),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_consent_choices_from_eight_concurrent_browsers_are_all_logged() {
    let app = TestApp::spawn().await;
    let started = std::time::Instant::now();
    let mut browsers = JoinSet::new();
    for client in 0..CLIENTS {
        // A browser reads a form once, then posts with its csrftoken cookie and the token.
        let (secret, token) = app.csrf_pair(HOST).await;
        let http = app.client.clone();
        let url = app.url(HOST, "/cookies/");
        browsers.spawn(async move {
            let mut failures = Vec::new();
            for n in (client..CHOICES).step_by(CLIENTS) {
                let (action, categories) = ACTIONS[n % ACTIONS.len()];
                let mut form = vec![
                    ("action", action),
                    ("next", "/"),
                    ("csrfmiddlewaretoken", token.as_str()),
                ];
                form.extend(categories.iter().map(|c| ("categories", *c)));
                let response = http
                    .request(Method::POST, &url)
                    .header("Cookie", format!("csrftoken={secret}"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                if !(status.is_success() || status.is_redirection()) {
                    failures.push(format!("{status}: {}", response.text().await.unwrap()));
                }
            }
            failures
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = browsers.join_next().await {
        failures.extend(done.unwrap());
    }
    // Measured, not asserted: how fast the store takes choices.
    eprintln!(
        "{CHOICES} choices from {CLIENTS} clients in {:.1} s, {} failed",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {CHOICES} choices failed, first: {:?}",
        failures.len(),
        failures.first()
    );
    let verified = Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args(["consent", "verify", "--tenant", "platform"])
        .env("GALETTE_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(verified.status.success(), "{verified:?}");
    let printed = String::from_utf8(verified.stdout).unwrap();
    assert!(
        printed.starts_with(&format!("ok {CHOICES} records\n")),
        "{printed}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sign_ins_and_failed_attempts_all_get_an_answer_and_a_session() {
    const SIGN_INS: usize = 4;
    let app = TestApp::spawn().await;
    for client in 0..CLIENTS {
        app.add_user("cdmx", &format!("user{client}@example.org"), false)
            .await;
    }
    let mut browsers = JoinSet::new();
    for client in 0..CLIENTS {
        let app_url = |host: &str, path: &str| app.url(host, path);
        let (login, failed_login, account) = (
            app_url("cdmx.localhost", "/login/"),
            app_url("civis.localhost", "/login/"),
            app_url("cdmx.localhost", "/account/"),
        );
        let browsers_of = (0..=SIGN_INS).map(|_| app.browser()).collect::<Vec<_>>();
        browsers.spawn(async move {
            let email = format!("user{client}@example.org");
            let mut failures = Vec::new();
            for (attempt, browser) in browsers_of.into_iter().enumerate() {
                // The first attempt is a wrong password on another site: a throttling write.
                let (url, password) = if attempt == 0 {
                    (&failed_login, "not the password")
                } else {
                    (&login, PASSWORD)
                };
                let page = browser.get(url).send().await.unwrap();
                if page.status() != 200 {
                    failures.push(format!("GET {url}: {}", page.status()));
                    continue;
                }
                let token = form_token(&page.text().await.unwrap());
                let signed_in = browser
                    .post(url)
                    .form(&[
                        ("email", email.as_str()),
                        ("password", password),
                        ("csrfmiddlewaretoken", &token),
                    ])
                    .send()
                    .await
                    .unwrap();
                let expected = if attempt == 0 { 200 } else { 302 };
                if signed_in.status() != expected {
                    let status = signed_in.status();
                    failures.push(format!("POST {url}: {status}"));
                    continue;
                }
                if attempt > 0 {
                    let status = browser.get(&account).send().await.unwrap().status();
                    if status != 200 {
                        failures.push(format!("GET {account} after signing in: {status}"));
                    }
                }
            }
            failures
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = browsers.join_next().await {
        failures.extend(done.unwrap());
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let cdmx = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    assert_eq!(
        app.store.count_sessions(cdmx.id).await.unwrap(),
        i64::try_from(CLIENTS * SIGN_INS).unwrap()
    );
}
