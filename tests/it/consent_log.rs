//! Policy revisions and re-consent, the back-office registry editor, and the consent log's
//! proof: export and verify through the real binary (consent.md C-25…C-31).

use crate::helpers::{PASSWORD, TestApp, header, unescape};
use reqwest::{Method, Response};
use std::io::Write;
use std::process::{Command, Output, Stdio};

const HOST: &str = "localhost";

fn galette(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args(args)
        .env("GALETTE_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// An administrator's session on the platform site.
async fn admin(app: &TestApp) -> String {
    app.add_user("platform", "boss@example.org", true).await;
    app.login(HOST, "boss@example.org", PASSWORD).await
}

async fn post_admin(app: &TestApp, session: &str, path: &str, fields: &[(&str, &str)]) -> Response {
    app.post_form(HOST, path, fields, &format!("sessionid={session}"))
        .await
}

fn new_cookie<'a>(revision: &'a str, name: &'a str, category: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("revision", revision),
        ("name", name),
        ("category", category),
        ("party", "first"),
        ("lifetime_count", "30"),
        ("lifetime_unit", "days"),
        ("function_en", "Remembers the last dataset you opened"),
        ("purpose_en", "Takes you back to it"),
    ]
}

#[tokio::test]
async fn adding_an_optional_cookie_makes_a_revision_and_asks_visitors_again() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    let choice = app.choice_cookie(HOST, "accept_all", &[]).await;
    let response = post_admin(
        &app,
        &session,
        "/backoffice/cookies/",
        &new_cookie("1", "last_dataset", "functionality"),
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        header(response.headers(), "location"),
        "/backoffice/?saved=2&reconsent=1"
    );
    let html = app
        .request(Method::GET, HOST, "/")
        .header("Cookie", format!("cookies_preferences={choice}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("data-consent-banner"),
        "C-30: the old choice no longer counts"
    );
    assert!(
        html.contains("consent-changed"),
        "the banner says the policy changed"
    );
    let policy: serde_json::Value = app
        .get(HOST, "/cookie-policy.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(policy["revision"], 2);
    let names: Vec<&str> = policy["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["rows"].as_array().unwrap())
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"last_dataset"));
}

#[tokio::test]
async fn rewording_a_cookie_keeps_existing_choices_valid() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    let choice = app.choice_cookie(HOST, "reject_all", &[]).await;
    let mut fields = new_cookie("1", "sessionid", "necessary");
    fields.retain(|(k, _)| !k.starts_with("lifetime"));
    fields.extend([
        ("original", "sessionid"),
        ("lifetime_count", "2"),
        ("lifetime_unit", "weeks"),
    ]);
    let response = post_admin(&app, &session, "/backoffice/cookies/", &fields).await;
    assert_eq!(
        header(response.headers(), "location"),
        "/backoffice/?saved=2"
    );
    let html = app
        .request(Method::GET, HOST, "/")
        .header("Cookie", format!("cookies_preferences={choice}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("data-consent-banner"));
    let revisions = app
        .request(Method::GET, HOST, "/backoffice/revisions/")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(revisions.contains("Revision 2") && revisions.contains("sessionid"));
}

#[tokio::test]
async fn the_editor_refuses_bad_input_with_a_sentence_and_stale_forms_with_a_conflict() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    for (fields, expected) in [
        (new_cookie("1", "bad name", "functionality"), "cookie name"),
        (new_cookie("1", "*", "functionality"), "cookie name"),
        (
            new_cookie("1", "sessionid", "functionality"),
            "already exists",
        ),
        (new_cookie("9", "fresh", "functionality"), "newer revision"),
        (new_cookie("1", "fresh", "sometimes"), "category"),
    ] {
        let response = post_admin(&app, &session, "/backoffice/cookies/", &fields).await;
        assert_eq!(response.status(), 422, "{fields:?}");
        let html = unescape(&response.text().await.unwrap());
        assert!(html.contains(expected), "{expected} not in the page");
    }
    let bad_origin = [
        ("revision", "1"),
        ("name", "Tracker"),
        ("category", "marketing"),
        ("kind", "script"),
        ("src", "http://insecure.example/t.js"),
        ("origins", "http://insecure.example"),
        ("description_en", "x"),
    ];
    let response = post_admin(&app, &session, "/backoffice/integrations/", &bad_origin).await;
    assert_eq!(response.status(), 422);
    let policy: serde_json::Value = app
        .get(HOST, "/cookie-policy.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(policy["revision"], 1, "nothing was stored");
}

#[tokio::test]
async fn the_editors_refusals_are_in_the_administrators_language() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    let bad_origin = [
        ("revision", "1"),
        ("name", "Tracker"),
        ("category", "marketing"),
        ("kind", "script"),
        ("src", "https://t.example/t.js"),
        ("origins", "http://t.example"),
        ("description_en", "x"),
    ];
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case; 4] = [
        (
            "fr",
            &new_cookie("1", "sessionid", "functionality"),
            "/backoffice/cookies/",
            "Une déclaration nommée « sessionid » existe déjà",
        ),
        (
            "es",
            &new_cookie("1", "fresh", "sometimes"),
            "/backoffice/cookies/",
            "Elija una categoría.",
        ),
        (
            "pt",
            &new_cookie("9", "fresh", "functionality"),
            "/backoffice/cookies/",
            "Existe uma revisão mais recente deste registo",
        ),
        (
            "fr",
            &bad_origin,
            "/backoffice/integrations/",
            "« http://t.example » n’est pas une origine comme https://www.example.org : elle doit commencer par https://.",
        ),
    ];
    for (lang, fields, path, expected) in cases {
        let cookies = format!("sessionid={session}; django_language={lang}");
        let response = app.post_form(HOST, path, fields, &cookies).await;
        assert_eq!(response.status(), 422, "{expected}");
        let html = unescape(&response.text().await.unwrap());
        assert!(html.contains(expected), "{expected} not in the page");
    }
}

#[tokio::test]
async fn an_integration_added_in_the_back_office_loads_only_after_consent() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    let fields = [
        ("revision", "1"),
        ("name", "Stats pixel"),
        ("category", "statistics"),
        ("kind", "image"),
        ("src", "https://pixel.example.org/p.gif"),
        ("origins", "https://pixel.example.org"),
        ("description_en", "Counts readers"),
    ];
    let response = post_admin(&app, &session, "/backoffice/integrations/", &fields).await;
    assert_eq!(
        header(response.headers(), "location"),
        "/backoffice/?saved=2&reconsent=1"
    );
    let before = app.get(HOST, "/").await;
    assert!(!header(before.headers(), "content-security-policy").contains("pixel.example.org"));
    assert!(!unescape(&before.text().await.unwrap()).contains("pixel.example.org"));
    let consent = app.choice_cookie(HOST, "save", &["statistics"]).await;
    let after = app
        .request(Method::GET, HOST, "/")
        .header("Cookie", format!("cookies_preferences={consent}"))
        .send()
        .await
        .unwrap();
    assert!(
        header(after.headers(), "content-security-policy")
            .contains("img-src 'self' data: https://pixel.example.org")
    );
    assert!(
        unescape(&after.text().await.unwrap())
            .contains(r#"<img src="https://pixel.example.org/p.gif""#)
    );
    let removed = post_admin(
        &app,
        &session,
        "/backoffice/integrations/delete",
        &[("revision", "2"), ("name", "Stats pixel")],
    )
    .await;
    assert_eq!(
        header(removed.headers(), "location"),
        "/backoffice/?saved=3"
    );
}

#[tokio::test]
async fn log_records_hold_the_proof_and_nothing_identifying() {
    let app = TestApp::spawn().await;
    app.choose(HOST, "save", &["functionality"], "").await;
    let tenant = app.store.tenant_by_slug("platform").await.unwrap().unwrap();
    let lines = app.store.consent_lines(tenant.id, None).await.unwrap();
    assert_eq!(lines.len(), 1);
    let record: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    let keys: Vec<&String> = record.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "action",
            "consent_id",
            "gpc",
            "granted",
            "hash",
            "language",
            "policy_sha256",
            "prev",
            "refused",
            "revision",
            "seq",
            "source",
            "tenant",
            "ts",
            "user"
        ],
        "C-25"
    );
    assert_eq!(record["granted"], serde_json::json!(["functionality"]));
    assert_eq!(
        record["refused"],
        serde_json::json!(["statistics", "marketing"])
    );
    assert_eq!(record["prev"], "0".repeat(64));
    assert_eq!(record["source"], "centre");
    for forbidden in ["127.0.0.1", "reqwest", "csrftoken", "sessionid"] {
        assert!(!lines[0].contains(forbidden), "C-27: {forbidden}");
    }
}

#[tokio::test]
async fn the_exported_log_verifies_and_any_tampering_names_the_first_bad_record() {
    let app = TestApp::spawn().await;
    for action in ["accept_all", "reject_all", "accept_all", "reject_all"] {
        app.choose(HOST, action, &[], "").await;
    }
    let stored = galette(&app, &["consent", "verify", "--tenant", "platform"]);
    assert!(stored.status.success(), "{stored:?}");
    let printed = String::from_utf8(stored.stdout).unwrap();
    assert!(printed.starts_with("ok 4 records\nhead "), "{printed}");

    let export = galette(&app, &["consent", "export", "--tenant", "platform"]);
    assert!(export.status.success());
    let text = String::from_utf8(export.stdout).unwrap();
    assert_eq!(text.lines().count(), 4);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(body.as_bytes())
            .unwrap();
        path.display().to_string()
    };
    let intact = write("intact.jsonl", &text);
    assert!(
        galette(
            &app,
            &["consent", "verify", "--tenant", "platform", &intact]
        )
        .status
        .success()
    );

    let lines: Vec<&str> = text.lines().collect();
    let edited = text.replacen(r#""granted":[]"#, r#""granted":["marketing"]"#, 1);
    let without_second = [lines[0], lines[2], lines[3]].join("\n");
    let swapped = [lines[0], lines[2], lines[1], lines[3]].join("\n");
    for (name, body, seq) in [
        ("edited", edited, "2"),
        ("deleted", without_second, "3"),
        ("swapped", swapped, "3"),
    ] {
        let path = write(&format!("{name}.jsonl"), &body);
        let output = galette(&app, &["consent", "verify", "--tenant", "platform", &path]);
        assert!(!output.status.success(), "{name} passed");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("record {seq}")),
            "{name}: {stderr}"
        );
    }
    let other = galette(&app, &["consent", "verify", "--tenant", "cdmx", &intact]);
    assert!(
        !other.status.success(),
        "another site's log is not this one's"
    );
}

#[tokio::test]
async fn the_log_is_append_only_in_the_database() {
    let app = TestApp::spawn().await;
    app.choose(HOST, "accept_all", &[], "").await;
    let tenant = app.store.tenant_by_slug("platform").await.unwrap().unwrap();
    let before = app.store.consent_lines(tenant.id, None).await.unwrap();
    // Exports with --since still verify: their first record anchors the check.
    let since = galette(
        &app,
        &[
            "consent",
            "export",
            "--tenant",
            "platform",
            "--since",
            "2000-01-01",
        ],
    );
    assert_eq!(String::from_utf8(since.stdout).unwrap().lines().count(), 1);
    let bad_since = galette(
        &app,
        &[
            "consent",
            "export",
            "--tenant",
            "platform",
            "--since",
            "yesterday",
        ],
    );
    assert!(!bad_since.status.success());
    assert_eq!(
        app.store.consent_lines(tenant.id, None).await.unwrap(),
        before
    );
}

#[tokio::test]
async fn the_back_office_shows_consent_rates() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    app.choose(HOST, "accept_all", &[], "").await;
    app.choose(HOST, "reject_all", &[], "").await;
    let html = app
        .request(Method::GET, HOST, "/backoffice/consent/")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"<meter min="0" max="100" value="50">"#),
        "half of the two choices granted each"
    );
}

#[tokio::test]
async fn every_back_office_page_renders_for_an_administrator() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    for path in [
        "/backoffice/",
        "/backoffice/?saved=2&reconsent=1",
        "/backoffice/cookies/edit",
        "/backoffice/cookies/edit?name=_BEAMER*",
        "/backoffice/cookies/edit?name=sessionid",
        "/backoffice/integrations/edit",
        "/backoffice/integrations/edit?name=Vimeo",
        "/backoffice/revisions/",
        "/backoffice/consent/",
        "/backoffice/datasets/",
    ] {
        let response = app
            .request(Method::GET, HOST, path)
            .header("Cookie", format!("sessionid={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let html = unescape(&response.text().await.unwrap());
        if path.contains("name=_BEAMER") {
            assert!(
                html.contains(r#"name="name" value="_BEAMER*""#),
                "the form is filled"
            );
        }
    }
    let missing = app
        .request(Method::GET, HOST, "/backoffice/cookies/edit?name=nope")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn administrators_create_and_revoke_api_keys_in_the_back_office() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    let created = post_admin(
        &app,
        &session,
        "/backoffice/apikeys/",
        &[("name", "newsroom")],
    )
    .await;
    assert_eq!(created.status(), 200);
    assert_eq!(header(created.headers(), "cache-control"), "no-store");
    let html = created.text().await.unwrap();
    let key = html
        .split("<code class=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert!(key.starts_with("gk_"), "the key is shown once");
    let listing = app
        .request(Method::GET, HOST, "/backoffice/apikeys/")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        listing.contains("newsroom") && !listing.contains(&key),
        "and never again"
    );
    let empty = post_admin(&app, &session, "/backoffice/apikeys/", &[("name", "")]).await;
    assert_eq!(empty.status(), 422);
    let tenant = app.store.tenant_by_slug("platform").await.unwrap().unwrap();
    let id = app.store.api_keys(tenant.id).await.unwrap()[0]
        .id
        .to_string();
    let revoked = post_admin(&app, &session, "/backoffice/apikeys/revoke", &[("id", &id)]).await;
    assert_eq!(revoked.status(), 303);
    assert!(
        app.store.api_keys(tenant.id).await.unwrap()[0]
            .revoked_at
            .is_some()
    );
}

/// The rates part of the back office's consent page (the rest carries a fresh CSRF token).
async fn rates_shown(app: &TestApp, session: &str) -> String {
    let html = app
        .request(Method::GET, HOST, "/backoffice/consent/")
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = html.find(r#"<dl class="rates">"#).unwrap();
    let end = html.find("</table>").unwrap();
    html[start..end].to_owned()
}

#[tokio::test]
async fn a_column_edited_beside_a_record_fails_verify_naming_it_and_leaves_the_rates_alone() {
    let app = TestApp::spawn().await;
    let session = admin(&app).await;
    for action in ["accept_all", "reject_all", "reject_all"] {
        app.choose(HOST, action, &[], "").await;
    }
    let rates = rates_shown(&app, &session).await;
    assert!(rates.contains(r#"value="33""#), "{rates}");
    app.raw_sql(if app.is_postgres() {
        "ALTER TABLE consent_log DISABLE TRIGGER consent_log_no_change"
    } else {
        "DROP TRIGGER consent_log_no_update"
    })
    .await;
    let record_2 = "tenant_id = (SELECT id FROM tenants WHERE slug = 'platform') AND seq = 2";
    for (column, edit, undo) in [
        (
            "granted",
            "granted = 'functionality-statistics-marketing'",
            "granted = 'none'",
        ),
        ("ts", "ts = ts + 86400", "ts = ts - 86400"),
        ("action", "action = 'accept_all'", "action = 'reject_all'"),
        ("hash", "hash = upper(hash)", "hash = lower(hash)"),
    ] {
        app.raw_sql(&format!("UPDATE consent_log SET {edit} WHERE {record_2}"))
            .await;
        let verified = galette(&app, &["consent", "verify", "--tenant", "platform"]);
        assert!(!verified.status.success(), "an edited {column} passed");
        let stderr = String::from_utf8_lossy(&verified.stderr);
        assert!(
            stderr.contains("record 2 is broken") && stderr.contains(column),
            "{column}: {stderr}"
        );
        assert_eq!(rates_shown(&app, &session).await, rates, "{column}");
        app.raw_sql(&format!("UPDATE consent_log SET {undo} WHERE {record_2}"))
            .await;
    }
    let verified = galette(&app, &["consent", "verify", "--tenant", "platform"]);
    assert!(verified.status.success(), "{verified:?}");
}
