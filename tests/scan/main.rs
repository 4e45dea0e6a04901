//! `galette scan` from the command line, against real headless Chromium: exit statuses, the
//! report files, signatures, and a clean scan of galette's own demo sites.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a panicking test is a failing test"
)]

#[path = "../../crates/galette-scan/tests/support/site.rs"]
mod site;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

const GALETTE: &str = env!("CARGO_BIN_EXE_galette");

fn galette(args: &[&str]) -> Output {
    Command::new(GALETTE)
        .args(args)
        .env_remove("GALETTE_SCAN_KEY")
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `galette demo` server on a random port, stopped on drop.
struct Demo {
    child: Child,
    port: u16,
    _data: tempfile::TempDir,
    // Kept open: the server must never write to a closed pipe.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_demo() -> Demo {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(GALETTE)
        .args(["demo", "--addr", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut port = None;
    let mut line = String::new();
    while stdout.read_line(&mut line).unwrap() > 0 {
        if port.is_none()
            && let Some(rest) = line.split("http://cdmx.localhost:").nth(1)
        {
            port = rest.split('/').next().and_then(|p| p.parse().ok());
        }
        if line.contains("Press Ctrl-C") {
            break;
        }
        line.clear();
    }
    Demo {
        child,
        port: port.expect("the demo printed its URLs"),
        _data: data,
        _stdout: stdout,
    }
}

#[test]
fn the_demo_sites_scan_clean_in_every_consent_state() {
    let demo = start_demo();
    for host in ["cdmx.localhost", "localhost"] {
        let url = format!("http://{host}:{}/", demo.port);
        let out = galette(&[
            "scan",
            &url,
            "--block-external",
            "--pages",
            "4",
            "--format",
            "json",
        ]);
        let stdout = text(&out.stdout);
        assert_eq!(code(&out), 0, "{host}: {stdout}\n{}", text(&out.stderr));
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(report["summary"]["is_clean"], true);
        assert_eq!(report["run"]["is_galette_site"], true);
        let states: Vec<_> = report["states"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["state"].as_str().unwrap().to_owned())
            .collect();
        assert!(states.starts_with(&[
            "no_choice".into(),
            "reject_all".into(),
            "accept_all".into()
        ]));
        assert!(states.iter().any(|s| s.starts_with("only_")), "{states:?}");
        // The embed (declared, needing consent) was contacted only after "accept all",
        // and --block-external kept it on the machine.
        for state in report["states"].as_array().unwrap() {
            let requests = state["third_party_requests"].as_array().unwrap();
            if state["state"] == "no_choice" || state["state"] == "reject_all" {
                assert!(requests.is_empty(), "{host} {}", state["state"]);
            }
            assert!(requests.iter().all(|r| r["is_blocked"] == true));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_misbehaving_site_exits_1_naming_every_planted_fault_in_each_format() {
    let site = site::start(([127, 0, 0, 1], 0).into(), true).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("scan.key");
    let keygen = galette(&["scan", "keygen", "--out", key.to_str().unwrap()]);
    assert_eq!(code(&keygen), 0);
    let public = text(&keygen.stdout).trim().to_owned();
    let url = site.url();
    let policy = site.policy_url();
    let base = [
        "scan",
        &url,
        "--policy",
        &policy,
        "--accept",
        "#accept",
        "--reject",
        "#reject",
        "--block-external",
        "--pages",
        "3",
    ];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        tokio::task::block_in_place(|| galette(&args))
    };
    let out = run(&[]);
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.starts_with("galette scan http://site.localhost:"),
        "{report}"
    );
    assert!(!report.contains('\x1b'), "no colour when not on a terminal");
    for (kind, subject) in site.planted() {
        assert!(
            report
                .lines()
                .any(|l| l.contains(&kind) && l.contains(&subject)),
            "{kind} {subject} not named in:\n{report}"
        );
    }
    let json_path = dir.path().join("report.json");
    let out = run(&[
        "--format",
        "json",
        "--out",
        json_path.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1);
    let verified = galette(&[
        "scan",
        "verify",
        json_path.to_str().unwrap(),
        "--public-key",
        &public,
    ]);
    assert_eq!(code(&verified), 0, "{}", text(&verified.stdout));
    let json = std::fs::read_to_string(&json_path).unwrap();
    std::fs::write(
        &json_path,
        json.replacen("\"is_clean\": false", "\"is_clean\": true", 1),
    )
    .unwrap();
    let altered = galette(&["scan", "verify", json_path.to_str().unwrap()]);
    assert_eq!(code(&altered), 1);
    assert!(text(&altered.stdout).contains("altered"));
    let md = run(&["--format", "markdown"]);
    assert!(text(&md.stdout).contains("| `undeclared_cookie` |"));
    let junit = run(&["--format", "junit"]);
    assert!(text(&junit.stdout).contains("<failure"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scan_that_cannot_run_exits_2_with_a_sentence() {
    let site = site::start(([127, 0, 0, 1], 0).into(), false)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad_json = dir.path().join("bad.json");
    std::fs::write(&bad_json, "{oops").unwrap();
    let bad_schema = dir.path().join("schema.json");
    std::fs::write(&bad_schema, r#"{"sections":"none"}"#).unwrap();
    let url = site.url();
    let policy = site.policy_url();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["scan", "ftp://site.localhost/"], "http:// or https://"),
        (
            vec!["scan", "http://127.0.0.1:9/", "--policy", &policy],
            "could not be reached",
        ),
        (
            vec!["scan", &url, "--policy", bad_json.to_str().unwrap()],
            "not valid JSON",
        ),
        (
            vec!["scan", &url, "--policy", bad_schema.to_str().unwrap()],
            "documented format",
        ),
        (
            vec!["scan", &url, "--policy", &policy, "--reject", "button[["],
            "not a valid CSS selector",
        ),
        (
            vec!["scan", &url, "--chromium", "/nonexistent/chromium"],
            "apt-get install chromium",
        ),
        (vec!["scan", &url, "--format", "pdf"], "--format"),
    ];
    for (args, said) in cases {
        let out = tokio::task::block_in_place(|| galette(&args));
        let stderr = text(&out.stderr);
        assert_eq!(code(&out), 2, "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
}
