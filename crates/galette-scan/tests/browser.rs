//! The scanner against real headless Chromium and a local test site (loopback only). These
//! run in `cargo test --workspace` and in CI, which always has Chromium installed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a panicking test is a failing test"
)]

#[path = "support/site.rs"]
mod site;

use galette_scan::model::{FindingKind, Report};
use galette_scan::render::{Format, render};
use galette_scan::sign::{generate_key, read_key, sign, verify};
use galette_scan::{Quiet, ScanError, ScanOptions, scan};
use std::time::Duration;

fn options(url: &str, policy: Option<String>) -> ScanOptions {
    ScanOptions {
        url: url.to_owned(),
        pages: 5,
        depth: 2,
        policy,
        accept: Some("#accept".to_owned()),
        reject: Some("#reject".to_owned()),
        chromium: "/usr/bin/chromium".into(),
        timeout: Duration::from_secs(20),
        block_external: true,
        galette_version: "test".to_owned(),
        har: false,
    }
}

async fn scan_site(misbehave: bool) -> (site::TestSite, Report) {
    let site = site::start(([127, 0, 0, 1], 0).into(), misbehave)
        .await
        .unwrap();
    let report = scan(&options(&site.url(), Some(site.policy_url())), &Quiet)
        .await
        .unwrap();
    (site, report)
}

/// Whether `value` has exactly the fields `schema` documents, all the way down (enough to keep
/// docs/scan-report.schema.json and the report in step; types are checked by the serialiser).
fn fits(value: &serde_json::Value, schema: &serde_json::Value, root: &serde_json::Value) -> bool {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/$defs/");
        return fits(value, &root["$defs"][name], root);
    }
    if let Some(choices) = schema["oneOf"].as_array() {
        return choices.iter().any(|c| fits(value, c, root));
    }
    if schema["type"] == "null" {
        return value.is_null();
    }
    match (
        value,
        schema["properties"].as_object(),
        schema["items"].is_object(),
    ) {
        (serde_json::Value::Object(fields), Some(documented), _) => {
            let mut keys: Vec<_> = fields.keys().collect();
            let mut want: Vec<_> = documented.keys().collect();
            keys.sort();
            want.sort();
            keys == want && fields.iter().all(|(k, v)| fits(v, &documented[k], root))
        }
        (serde_json::Value::Array(items), _, true) => {
            items.iter().all(|i| fits(i, &schema["items"], root))
        }
        _ => true,
    }
}

fn has(report: &Report, kind: FindingKind, subject: &str) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.kind == kind && f.subject == subject)
}

#[tokio::test]
async fn a_misbehaving_site_is_caught_with_every_planted_fault_named() {
    let (site, report) = scan_site(true).await;
    assert!(!report.summary.is_clean);
    for (kind, subject) in site.planted() {
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.kind.code() == kind && f.subject == subject),
            "{kind} {subject} missing from {:#?}",
            report.findings
        );
    }
    let no_choice = &report.states[0];
    // The header cookie names the request that set it; the script cookie names its script.
    let hdr = no_choice
        .set_cookies
        .iter()
        .find(|c| c.name == "hdr_track")
        .unwrap();
    assert_eq!(hdr.source.as_deref(), Some(site.url().as_str()));
    let js = no_choice
        .script_cookies
        .iter()
        .find(|c| c.name == "js_track")
        .unwrap();
    assert_eq!(
        js.source.as_deref(),
        Some(format!("http://site.localhost:{}/static/app.js", site.port).as_str())
    );
    // The external request was recorded, then failed before it left the machine.
    let external = no_choice
        .third_party_requests
        .iter()
        .find(|r| r.origin == "https://tracker.example")
        .unwrap();
    assert!(external.is_blocked);
    assert_eq!(external.resource_type, "Image");
    assert!(has(
        &report,
        FindingKind::UndeclaredThirdParty,
        "https://tracker.example"
    ));
    // Storage keys of both kinds; no cookie values anywhere in the report.
    assert!(
        no_choice
            .storage
            .iter()
            .any(|k| k.kind == "local" && k.key == "ls_key")
    );
    assert!(
        no_choice
            .storage
            .iter()
            .any(|k| k.kind == "session" && k.key == "ss_key")
    );
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        !json.contains("s3cr3t"),
        "{}",
        &json[json.find("s3cr3t").unwrap_or(0).saturating_sub(300)..][..600.min(json.len())]
    );
    // The crawl never followed logout or action links.
    for state in &report.states {
        assert!(
            state
                .pages
                .iter()
                .all(|p| !p.url.contains("logout") && !p.url.contains("action"))
        );
        assert!(state.cookies.iter().all(|c| c.name != "logged_out"));
    }
}

#[tokio::test]
async fn a_site_that_keeps_its_policy_is_clean_in_every_state_and_consent_is_honoured() {
    let (site, report) = scan_site(false).await;
    assert!(report.summary.is_clean, "{:#?}", report.findings);
    let codes: Vec<_> = report.states.iter().map(|s| s.state.as_str()).collect();
    assert_eq!(codes, ["no_choice", "reject_all", "accept_all"]);
    let by = |code: &str| report.states.iter().find(|s| s.state == code).unwrap();
    assert!(by("reject_all").is_consent_applied && by("accept_all").is_consent_applied);
    // "Reject" hides its banner, "accept" removes it: both count as done at once.
    for code in ["reject_all", "accept_all"] {
        assert!(!by(code).consent_note.contains("did not settle"), "{code}");
    }
    assert_eq!(
        by("accept_all").pages.len(),
        2,
        "home and about, not logout"
    );
    // The statistics cookie and the widget appear only after "accept all".
    for code in ["no_choice", "reject_all"] {
        assert!(by(code).cookies.iter().all(|c| c.name != "_stats_id"));
        assert!(by(code).third_party_requests.is_empty());
    }
    let accepted = by("accept_all");
    assert!(accepted.cookies.iter().any(|c| c.name == "_stats_id"));
    let widget = accepted
        .third_party_requests
        .iter()
        .find(|r| r.origin == format!("http://widgets.localhost:{}", site.port))
        .unwrap();
    assert!(!widget.is_before_consent && !widget.is_blocked);
    assert_eq!(widget.initiator_type, "script");
}

#[tokio::test]
async fn every_report_format_renders_and_a_signed_report_shows_any_alteration() {
    let site = site::start(([127, 0, 0, 1], 0).into(), true).await.unwrap();
    let mut o = options(&site.url(), Some(site.policy_url()));
    o.har = true;
    let mut report = scan(&o, &Quiet).await.unwrap();
    // The HAR holds every request of every state, the blocked ones with their error, and
    // is not part of the report.
    let har = report.har.take().unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["request"]["url"] == site.url()
        && e["response"]["status"] == 200
        && e["pageref"] == "no_choice#1"));
    assert!(
        entries
            .iter()
            .any(|e| e["request"]["url"] == "https://tracker.example/p.gif"
                && e["_error"].as_str().unwrap_or_default().contains("BLOCKED"))
    );
    assert!(har["log"]["pages"].as_array().unwrap().len() >= report.states.len());
    assert!(!har.to_string().contains("s3cr3t"));
    let (secret, public) = generate_key();
    sign(&mut report, &read_key(&secret).unwrap()).unwrap();
    let json = render(&report, Format::Json, false);
    assert_eq!(verify(&json, Some(&public)).unwrap(), public);
    let altered = json.replacen("hdr_track", "hdr_trick", 1);
    assert!(verify(&altered, None).is_err());
    let (_, other) = generate_key();
    assert!(verify(&json, Some(&other)).is_err());
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../docs/scan-report.schema.json")).unwrap();
    assert!(
        fits(&value, &schema, &schema),
        "the report and its schema differ"
    );
    let mut extra = value.clone();
    extra["summary"]["surprise"] = serde_json::json!(1);
    assert!(!fits(&extra, &schema, &schema));
    for field in [
        "format",
        "run",
        "policy",
        "summary",
        "findings",
        "states",
        "signature",
    ] {
        assert!(value.get(field).is_some(), "{field}");
    }
    assert!(
        value["run"]["browser_product"]
            .as_str()
            .unwrap()
            .contains("Chrome")
    );
    assert_eq!(value["run"]["options"]["block_external"], true);

    let text = render(&report, Format::Text, false);
    assert!(text.starts_with("galette scan http://site.localhost:"));
    assert!(text.contains("undeclared_cookie") && !text.contains('\x1b'));
    assert!(render(&report, Format::Text, true).contains('\x1b'));
    let md = render(&report, Format::Markdown, false);
    assert!(md.contains("## Cookie scan of") && md.contains("| `undeclared_third_party` |"));
    let junit = render(&report, Format::Junit, false);
    assert!(junit.starts_with("<?xml") && junit.contains("<failure"));
    assert!(junit.contains("<testsuite name=\"no_choice\""));
}

#[tokio::test]
async fn bad_input_stops_the_scan_with_a_clear_reason() {
    let site = site::start(([127, 0, 0, 1], 0).into(), false)
        .await
        .unwrap();
    let run = |o: ScanOptions| async move { scan(&o, &Quiet).await.err().unwrap() };
    let e = run(options("ftp://site.localhost/", None)).await;
    assert!(
        matches!(e, ScanError::BadUrl(_)) && e.to_string().contains("http"),
        "{e}"
    );
    let e = run(options("http://127.0.0.1:9/", Some(site.policy_url()))).await;
    assert!(matches!(e, ScanError::Unreachable(_)), "{e}");
    let mut o = options(&site.url(), Some(site.policy_url()));
    o.chromium = "/nonexistent/chromium".into();
    let e = run(o).await;
    assert!(e.to_string().contains("apt-get install chromium"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{not json").unwrap();
    let e = run(options(&site.url(), Some(bad.display().to_string()))).await;
    assert!(e.to_string().contains("not valid JSON"), "{e}");
    std::fs::write(&bad, r#"{"sections":[{"category":"ads","rows":[]}]}"#).unwrap();
    let e = run(options(&site.url(), Some(bad.display().to_string()))).await;
    assert!(e.to_string().contains("sections[0].category"), "{e}");
    let mut o = options(&site.url(), Some(site.policy_url()));
    o.accept = Some("button[".to_owned());
    let e = run(o).await;
    assert!(matches!(e, ScanError::Selector { .. }), "{e}");
    let e = run(options(&site.url(), None)).await;
    assert!(e.to_string().contains("--policy"), "{e}");
}
