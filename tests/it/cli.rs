//! The `galette` binary: demo (idempotent, with its datasets and a printed API key), tenant
//! add/list, user add.

use crate::helpers::{PASSWORD, TestApp};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

fn galette(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_galette"));
    command
        .arg("--data")
        .arg(data)
        .env_remove("GALETTE_DATABASE_URL")
        .env("GALETTE_LOG", "warn");
    command
}

/// Runs `galette demo` on a free port until it has printed its table, then stops it.
fn run_demo(data: &Path) -> String {
    let mut child = galette(data)
        .args(["demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut printed = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if line.contains("Press Ctrl-C") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    printed
}

#[test]
fn the_demo_seeds_five_sites_once_and_keeps_them_on_the_next_run() {
    let data = tempfile::tempdir().unwrap();
    let first = run_demo(data.path());
    for url in [
        "http://cdmx.localhost:",
        "http://civis.localhost:",
        "http://jmorel.localhost:",
        "http://maia.localhost:",
        "http://localhost:",
    ] {
        assert!(first.contains(url), "{url} missing from:\n{first}");
    }
    assert_eq!(first.matches("(created)").count(), 5);
    assert!(first.contains("admin@cdmx.localhost"));
    assert!(
        first.contains("published 9 datasets (23234 rows)"),
        "{first}"
    );
    let key_url = |printed: &str| {
        printed
            .lines()
            .find(|l| l.contains("/catalog/datasets/airports/records?apikey="))
            .map(str::trim)
            .map(str::to_owned)
    };
    let first_key = key_url(&first).expect("the restricted dataset's key is printed");

    let added = galette(data.path())
        .args([
            "user",
            "add",
            "--tenant",
            "maia",
            "--email",
            "kept@example.org",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"kept password\n")?;
            child.wait()
        })
        .unwrap();
    assert!(added.success());

    let second = run_demo(data.path());
    assert_eq!(second.matches("(created)").count(), 0, "{second}");
    assert!(
        !second.contains("published"),
        "nothing is imported again: {second}"
    );
    let second_key = key_url(&second).expect("a key at every start");
    assert_ne!(first_key, second_key, "a new key at each start");
    let list = galette(data.path())
        .args(["tenant", "list"])
        .output()
        .unwrap();
    let listed = String::from_utf8(list.stdout).unwrap();
    assert_eq!(listed.lines().count(), 6, "{listed}");
    // The user added between the two runs is still there.
    let again = galette(data.path())
        .args([
            "user",
            "add",
            "--tenant",
            "maia",
            "--email",
            "kept@example.org",
            "--password-stdin",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[tokio::test]
async fn a_user_added_by_the_cli_can_sign_in_at_once_on_a_running_server() {
    let app = TestApp::spawn().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .env("GALETTE_LOG", "warn")
        .args([
            "user",
            "add",
            "--tenant",
            "civis",
            "--email",
            "Cli@Example.org",
            "--password-stdin",
            "--admin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\nignored second line\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    app.login("civis.localhost", "cli@example.org", PASSWORD)
        .await;
}

#[test]
fn cli_mistakes_get_a_message_and_a_failing_exit() {
    let data = tempfile::tempdir().unwrap();
    let bad_table = data.path().join("countries.csv");
    std::fs::write(
        &bad_table,
        "192.0.2.0,192.0.2.255,MX\n192.0.2.9,nowhere,ES\n",
    )
    .unwrap();
    let bad_table = bad_table.display().to_string();
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "user",
                "add",
                "--tenant",
                "nope",
                "--email",
                "a@b.c",
                "--password-stdin",
            ],
            "no site has the slug",
        ),
        (
            &["user", "add", "--tenant", "nope", "--email", "a@b.c"],
            "--password-stdin",
        ),
        (
            &[
                "tenant",
                "add",
                "--slug",
                "Bad Slug",
                "--name",
                "X",
                "--host",
                "x.localhost",
            ],
            "slug",
        ),
        (
            &[
                "tenant",
                "add",
                "--slug",
                "x",
                "--name",
                "X",
                "--host",
                "x.localhost",
                "--language",
                "de",
            ],
            "unknown language",
        ),
        (&["--database-url", "mysql://x", "migrate"], "postgres://"),
        (
            &["serve", "--geoip", "/nonexistent/countries.csv"],
            "cannot read the GeoIP table",
        ),
        (&["serve", "--geoip", bad_table.as_str()], "line 2"),
    ];
    for (args, message) in cases {
        let output = galette(data.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn tenant_add_creates_a_site_with_the_necessary_cookies_and_list_shows_it() {
    let data = tempfile::tempdir().unwrap();
    let added = galette(data.path())
        .args([
            "tenant",
            "add",
            "--slug",
            "lyon",
            "--name",
            "Lyon Data",
            "--host",
            "Lyon.localhost",
            "--language",
            "fr",
        ])
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let duplicate = galette(data.path())
        .args([
            "tenant",
            "add",
            "--slug",
            "other",
            "--name",
            "Other",
            "--host",
            "lyon.localhost",
        ])
        .output()
        .unwrap();
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("lyon.localhost"));
    let list = galette(data.path())
        .args(["tenant", "list"])
        .output()
        .unwrap();
    let listed = String::from_utf8(list.stdout).unwrap();
    assert!(
        listed.contains("lyon") && listed.contains("lyon.localhost") && !listed.contains("other")
    );
    let migrated = galette(data.path()).arg("migrate").output().unwrap();
    assert!(migrated.status.success());
}

/// A bare `galette` process in `dir`, with no GALETTE_* variable inherited.
fn bare_galette(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_galette"));
    command.current_dir(dir);
    for (name, _) in std::env::vars() {
        if name.starts_with("GALETTE_") {
            command.env_remove(name);
        }
    }
    command
}

#[test]
fn galette_toml_sets_what_neither_the_environment_nor_a_flag_sets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("galette.toml"),
        "data = \"from-file\"\n[serve]\naddr = \"127.0.0.1:1\"\ntrusted-proxy = [\"10.0.0.2\", \"10.0.0.3\"]\n",
    )
    .unwrap();
    // ./galette.toml is read by default; its [serve] table does not concern `tenant list`.
    let listed = bare_galette(root)
        .args(["tenant", "list"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    assert!(
        root.join("from-file")
            .join(galette_store::EMBEDDED_FILE)
            .exists()
    );
    // The environment overrides the file, and a flag overrides the environment.
    bare_galette(root)
        .args(["tenant", "list"])
        .env("GALETTE_DATA", "from-env")
        .output()
        .unwrap();
    assert!(
        root.join("from-env")
            .join(galette_store::EMBEDDED_FILE)
            .exists()
    );
    bare_galette(root)
        .args(["--data", "from-flag", "tenant", "list"])
        .env("GALETTE_DATA", "from-env-again")
        .output()
        .unwrap();
    assert!(
        root.join("from-flag")
            .join(galette_store::EMBEDDED_FILE)
            .exists()
    );
    assert!(!root.join("from-env-again").exists());

    // A file named with --config, wrong in three ways: each is one sentence and exit 2.
    for (text, says) in [
        ("dta = \"x\"\n", "unknown setting \"dta\""),
        ("[serve]\nadr = \"x\"\n", "unknown setting \"adr\""),
        ("[server]\n", "unknown table [server]"),
        ("data = ", "is not valid TOML"),
    ] {
        std::fs::write(root.join("bad.toml"), text).unwrap();
        let refused = bare_galette(root)
            .args(["--config", "bad.toml", "serve"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{text}: {stderr}");
        assert!(stderr.contains(says), "{text}: {stderr}");
    }
    // A value clap refuses is refused as the flag would be.
    std::fs::write(
        root.join("bad.toml"),
        "[serve]\naddr = \"not an address\"\n",
    )
    .unwrap();
    let refused = bare_galette(root)
        .args(["--config", "bad.toml", "serve"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--addr"));
    // A missing --config file is an error, a missing default one is not.
    let missing = bare_galette(root)
        .args(["--config", "nowhere.toml", "tenant", "list"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
