//! Faults under a running galette: the database restarting under it (pages, the API,
//! consent choices, an import under way), and the disk filling up in the middle of an
//! import. docs/operations.md describes the behaviour these tests hold.
//!
//! The outage test starts a PostgreSQL server of its own (`initdb` in a temporary directory,
//! its own free port) and stops and starts it: never the machine's server, which other tests
//! use. It needs PostgreSQL's server programs (scripts/setup installs them) and fails, rather
//! than skips, without them. It runs in both passes of the suite, since it brings its own
//! database either way.
//!
//! The full disk: on SQLite a real one, as far as the process can tell — `galette import`
//! runs under a file size limit (`ulimit -f`, with SIGXFSZ ignored so writes past it fail
//! with EFBIG, as on a full disk, instead of killing the process). On PostgreSQL the limit
//! would have to bind the server, and a server that cannot grow its write-ahead log panics
//! rather than fails one statement; the test raises the server's own `disk_full` error
//! (53100) from a trigger at the import's first batch commit instead, which is what a
//! full tablespace answers. A read-only data directory is not exercised: the tests run as
//! root, whom file modes do not stop, and a read-only mount needs privileges CI does not
//! have; a read-only PostgreSQL (`default_transaction_read_only`, a standby) is refused by
//! the CLI's start-up migration check before any import begins. Both map to the same
//! message and status as a full disk (galette-store's `StoreError::ReadOnly`).

use crate::helpers::{PASSWORD, TestApp, header, set_cookie};
use galette_http::HttpSettings;
use galette_store::{CsvImport, Store};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HOST: &str = "cdmx.localhost";
const CATALOG: &str = "/api/explore/v2.1/catalog/datasets";

/// A PostgreSQL server of the test's own, stopped (immediately) when dropped.
struct OwnPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    /// Whether the server programs run as the `postgres` user (the test runs as root,
    /// which `initdb` and `postgres` refuse).
    as_postgres: bool,
}

impl OwnPostgres {
    /// A new cluster in a temporary directory, started on a free port.
    fn start() -> OwnPostgres {
        let bin = server_programs();
        let as_postgres = is_root();
        // Under /tmp when the server runs as `postgres`: it must reach the directory, and a
        // TMPDIR of root's own may not let it through.
        let dir = if as_postgres {
            tempfile::tempdir_in("/tmp").unwrap()
        } else {
            tempfile::tempdir().unwrap()
        };
        if as_postgres {
            run_ok(Command::new("chown").arg("postgres:").arg(dir.path()));
        }
        let port = free_port();
        let pg = OwnPostgres {
            dir,
            bin,
            port,
            as_postgres,
        };
        let data = pg.data();
        pg.run_ok(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        pg.pg_ctl_start();
        pg
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// `postgres://postgres@127.0.0.1:<port>`, without a database.
    fn server_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits until it accepts connections (at most 30 s).
    fn pg_ctl_start(&self) {
        let options = format!(
            "-c port={} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} \
             -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("server.log").display().to_string();
        let data = self.data();
        self.run_ok(
            "pg_ctl",
            &[
                "-D", &data, "-l", &log, "-o", &options, "-w", "-t", "30", "start",
            ],
        );
    }

    /// Stops the server: `fast` cuts every session (they get `admin_shutdown`, 57P01), as a
    /// restart by an operator or a service manager does.
    fn stop(&self, mode: &str) -> std::process::ExitStatus {
        let data = self.data();
        self.command(
            "pg_ctl",
            &["-D", &data, "-m", mode, "-w", "-t", "30", "stop"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
    }

    /// A server program, run as `postgres` when the test is root, bounded to 60 s.
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program);
        let mut command = Command::new("timeout");
        command.arg("60");
        if self.as_postgres {
            command.args(["runuser", "-u", "postgres", "--"]);
        }
        command
            .arg(path)
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        command
    }

    fn run_ok(&self, program: &str, args: &[&str]) {
        // Output to a file, not a pipe: the server `pg_ctl start` leaves behind would
        // otherwise hold the pipe open and this wait would never end.
        let out = self.dir.path().join(format!("{program}.out"));
        let file = std::fs::File::create(&out).unwrap();
        let status = self
            .command(program, args)
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .status()
            .unwrap();
        if !status.success() {
            let log =
                std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default();
            panic!(
                "{program} {args:?} failed ({status}):\n{}\n{log}",
                std::fs::read_to_string(&out).unwrap_or_default()
            );
        }
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = self.stop("immediate");
    }
}

/// The newest `/usr/lib/postgresql/<version>/bin` that has `initdb`, or
/// `GALETTE_TEST_PG_BIN` when set.
fn server_programs() -> PathBuf {
    if let Ok(dir) = std::env::var("GALETTE_TEST_PG_BIN")
        && !dir.is_empty()
    {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "the database outage test needs PostgreSQL's server programs (initdb, pg_ctl, \
             postgres) under /usr/lib/postgresql/<version>/bin, or GALETTE_TEST_PG_BIN naming \
             their directory: run scripts/setup, or apt-get install postgresql"
        ),
    }
}

fn is_root() -> bool {
    let id = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&id.stdout).trim() == "0"
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn run_ok(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A request's status, `Retry-After` and how long it took; at most 20 s.
async fn probe(app: &TestApp, method: Method, path: &str) -> (StatusCode, String, Duration) {
    let started = Instant::now();
    let response = app
        .request(method, HOST, path)
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .unwrap();
    let retry = header(response.headers(), "retry-after");
    (response.status(), retry, started.elapsed())
}

/// A consent choice posted with a CSRF pair obtained beforehand: its status, `Retry-After`
/// and how long it took. A choice the log did not take must not set the preference cookie:
/// the site would then act on a choice it cannot prove.
async fn choose(app: &TestApp, secret: &str, token: &str) -> (StatusCode, String, Duration) {
    let started = Instant::now();
    let response = app
        .request(Method::POST, HOST, "/cookies/")
        .header("Cookie", format!("csrftoken={secret}"))
        .form(&[
            ("csrfmiddlewaretoken", token),
            ("action", "accept_all"),
            ("next", "/"),
        ])
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .unwrap();
    let retry = header(response.headers(), "retry-after");
    let preference = set_cookie(response.headers(), "cookies_preferences");
    assert_eq!(
        preference.is_some(),
        response.status() == 303,
        "the preference cookie is set exactly when the choice is recorded: {preference:?}"
    );
    (response.status(), retry, started.elapsed())
}

/// `total_count` of a dataset's records, or the status if not 200.
async fn total_count(app: &TestApp, dataset: &str) -> Result<u64, StatusCode> {
    let response = app
        .get(HOST, &format!("{CATALOG}/{dataset}/records?limit=0"))
        .await;
    if response.status() != StatusCode::OK {
        return Err(response.status());
    }
    let body: Value = response.json().await.unwrap();
    Ok(body["total_count"].as_u64().unwrap())
}

/// A CSV file of `rows` rows (id, name, amount, city).
fn csv_file(dir: &Path, name: &str, rows: usize) -> PathBuf {
    use std::fmt::Write;
    let mut text = String::from("id,name,amount,city\n");
    for i in 0..rows {
        let city = ["Lyon", "Porto", "Sevilla", "Puebla"][i % 4];
        writeln!(
            text,
            "{i},row number {i} of the file {name},{}.5,{city}",
            i * 3
        )
        .unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Imports `file` into cdmx's dataset `dataset` through the store, as another replica or
/// `galette import` would.
async fn import_with(store: &Store, file: &Path, dataset: &str) {
    let tenant = store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    store
        .import_csv(
            CsvImport {
                tenant_id: tenant.id,
                dataset: galette_core::dataset::DatasetId::parse(dataset).unwrap(),
                path: file.to_path_buf(),
                options: Default::default(),
                title: None,
                is_restricted: None,
                now: 1_800_000_000,
            },
            |_| {},
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_database_restart_fails_readyz_then_recovers_without_restarting_galette() {
    let pg = OwnPostgres::start();
    let target = TestApp::fresh_database(&pg.server_url()).await;
    let app = TestApp::spawn_on(
        tempfile::tempdir().unwrap(),
        target.clone(),
        HttpSettings::default(),
    )
    .await;
    let files = tempfile::tempdir().unwrap();
    import_with(
        &app.store,
        &csv_file(files.path(), "before.csv", 40),
        "rates",
    )
    .await;
    let (secret, token) = app.csrf_pair(HOST).await;
    let pages = [
        (Method::GET, "/readyz".to_owned()),
        (Method::GET, "/".to_owned()),
        (Method::GET, CATALOG.to_owned()),
        (Method::GET, format!("{CATALOG}/rates/records?limit=5")),
    ];
    for (method, path) in &pages {
        let (status, _, _) = probe(&app, method.clone(), path).await;
        assert_eq!(status, 200, "{path} before the outage");
    }
    assert_eq!(choose(&app, &secret, &token).await.0, 303);

    assert!(pg.stop("fast").success(), "the server stops");
    // Twice over, so that the second round meets a pool with no connection left to test;
    // each round's requests all at once, as visitors would send them.
    for round in 0..2 {
        let uncached = format!("{CATALOG}/rates/records?limit=5&where=amount>{round}");
        let (ready, alive, home, catalog, records, query, choice) = tokio::join!(
            probe(&app, Method::GET, "/readyz"),
            probe(&app, Method::GET, "/healthz"),
            probe(&app, Method::GET, "/"),
            probe(&app, Method::GET, CATALOG),
            probe(&app, Method::GET, &pages[3].1),
            app.get(HOST, &uncached),
            choose(&app, &secret, &token),
        );
        assert_eq!(
            (ready.0.as_u16(), ready.1.as_str()),
            (503, "5"),
            "/readyz, round {round}"
        );
        assert_eq!(alive.0, 200, "the process itself is alive");
        // A page the caches can still answer is a 200; anything else is a 503 that says
        // when to try again, never a 500.
        for (path, (status, retry, _)) in
            [("/", &home), ("catalog", &catalog), ("records", &records)]
        {
            assert!(
                status == &200 || (status == &503 && retry == "5"),
                "{path} during the outage: {status}, Retry-After {retry:?}"
            );
        }
        assert_eq!(
            (choice.0.as_u16(), choice.1.as_str()),
            (503, "5"),
            "a consent choice cannot be recorded, and says so"
        );
        // And it comes within seconds, not after a client's patience ran out.
        for (what, took) in [
            ("readyz", ready.2),
            ("/", home.2),
            ("catalog", catalog.2),
            ("choice", choice.2),
        ] {
            assert!(took < Duration::from_secs(8), "{what} took {took:?}");
        }
        assert_eq!(
            query.status(),
            503,
            "an uncached API query needs the database"
        );
        assert_eq!(header(query.headers(), "retry-after"), "5");
        let body: Value = query.json().await.unwrap();
        assert_eq!(body["error_code"], "ServiceUnavailable");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("try again in 5 seconds"), "{body}");
    }

    pg.pg_ctl_start();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, _, _) = probe(&app, Method::GET, "/readyz").await;
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "/readyz still {status} 30 s after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for (method, path) in &pages {
        let (status, _, _) = probe(&app, method.clone(), path).await;
        assert_eq!(status, 200, "{path} after the outage");
    }
    assert_eq!(
        choose(&app, &secret, &token).await.0,
        303,
        "choices are recorded again"
    );
    // The choices refused during the outage left no trace in the log: its chain holds.
    let verify = galette(&app)
        .args(["consent", "verify", "--tenant", "cdmx"])
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    assert!(
        String::from_utf8_lossy(&verify.stdout).contains("ok 2 records"),
        "one choice before the outage, one after: {}",
        String::from_utf8_lossy(&verify.stdout)
    );

    // The background work carried on: the statistics flusher writes again…
    let written = app.state.stats.written();
    app.get(HOST, "/").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while app.state.stats.written() == written {
        assert!(
            Instant::now() < deadline,
            "the flusher wrote nothing after the outage"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // …and a change made elsewhere (another replica) still reaches the caches, through
    // the version the server reads once a second.
    let elsewhere = Store::connect(&target).await.unwrap();
    import_with(&elsewhere, &csv_file(files.path(), "after.csv", 7), "rates").await;
    elsewhere.close().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while total_count(&app, "rates").await != Ok(7) {
        assert!(Instant::now() < deadline, "the new version never showed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.store.close().await;
}

#[tokio::test]
async fn an_import_cut_by_a_database_restart_fails_clearly_and_keeps_the_previous_version() {
    let pg = OwnPostgres::start();
    let target = TestApp::fresh_database(&pg.server_url()).await;
    let app = TestApp::spawn_on(
        tempfile::tempdir().unwrap(),
        target,
        HttpSettings::default(),
    )
    .await;
    let files = tempfile::tempdir().unwrap();
    import_with(
        &app.store,
        &csv_file(files.path(), "small.csv", 100),
        "ledger",
    )
    .await;
    let big = csv_file(files.path(), "big.csv", 60_000);
    let child = Command::new("timeout")
        .arg("120")
        .arg(env!("CARGO_BIN_EXE_galette"))
        .args(app.store_args())
        .args(["import", "--tenant", "cdmx", "--dataset", "ledger"])
        .arg(&big)
        .env_remove("GALETTE_DATABASE_URL")
        .env("GALETTE_LOG", "off")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Cut the database once the import is writing its new version.
    let deadline = Instant::now() + Duration::from_secs(60);
    while app
        .raw_texts("SELECT table_name FROM imports_in_progress")
        .await
        .is_empty()
    {
        assert!(Instant::now() < deadline, "the import never began");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(pg.stop("fast").success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert_ne!(output.status.code(), Some(124), "the import hung: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert!(
        errors[0].contains("the dataset ledger is left as it was")
            && errors[0].contains("the database is unavailable"),
        "{}",
        errors[0]
    );

    pg.pg_ctl_start();
    let deadline = Instant::now() + Duration::from_secs(30);
    while probe(&app, Method::GET, "/readyz").await.0 != 200 {
        assert!(Instant::now() < deadline, "/readyz never came back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(total_count(&app, "ledger").await, Ok(100));
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let current = app
        .store
        .dataset(tenant.id, "ledger")
        .await
        .unwrap()
        .unwrap();
    app.store.drop_orphan_tables(-5).await.unwrap();
    let tables = dataset_tables(&app).await;
    assert!(
        tables.iter().all(|t| t.starts_with(&current.table_name)),
        "only the current version's tables are left: {tables:?}"
    );
    app.store.close().await;
}

/// The CLI binary on the test's store, with its output captured.
fn galette(app: &TestApp) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_galette"));
    command
        .args(app.store_args())
        .env_remove("GALETTE_DATABASE_URL")
        .env("GALETTE_LOG", "warn")
        .stdin(Stdio::null());
    command
}

/// Every dataset table of the store (versions and their value-count tables).
async fn dataset_tables(app: &TestApp) -> Vec<String> {
    let sql = if app.is_postgres() {
        "SELECT CAST(tablename AS TEXT) FROM pg_tables \
         WHERE schemaname = current_schema() AND tablename LIKE 'ds\\_%'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds\\_%' ESCAPE '\\'"
    };
    app.raw_texts(sql).await
}

#[tokio::test]
async fn a_disk_that_fills_during_an_import_fails_it_clearly_and_keeps_the_previous_version() {
    let app = TestApp::spawn().await;
    let files = tempfile::tempdir().unwrap();
    let small = csv_file(files.path(), "small.csv", 100);
    let big = csv_file(files.path(), "big.csv", 30_000);
    let import = |file: &Path| {
        let mut command = galette(&app);
        command
            .args(["import", "--tenant", "cdmx", "--dataset", "ledger"])
            .arg(file);
        command
    };
    let done = import(&small).output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(total_count(&app, "ledger").await, Ok(100));
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let before = app
        .store
        .dataset(tenant.id, "ledger")
        .await
        .unwrap()
        .unwrap();

    let mut full = if app.is_postgres() {
        // The server's own "disk full" at the import's first batch commit (20,000 rows in).
        app.raw_sql(
            "CREATE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               RAISE EXCEPTION 'could not extend file \"base/1/2\": No space left on device' \
               USING ERRCODE = 'disk_full', HINT = 'Check free disk space.'; END $$; \
             CREATE TRIGGER test_disk_full BEFORE UPDATE ON imports_in_progress \
               FOR EACH ROW EXECUTE FUNCTION test_disk_full();",
        )
        .await;
        import(&big)
    } else {
        // No file may grow more than 256 KiB past the largest one now (the log emptied
        // first), far less than the big file's rows need.
        app.raw_sql("PRAGMA wal_checkpoint(TRUNCATE)").await;
        let largest = std::fs::read_dir(app.data_dir())
            .unwrap()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len())
            .max()
            .unwrap();
        let limit_kib = largest / 1024 + 256;
        let mut limited = Command::new("bash");
        limited
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f \"$1\"; shift; exec \"$@\"")
            .arg("bash")
            .arg(limit_kib.to_string())
            .arg(env!("CARGO_BIN_EXE_galette"))
            .args(app.store_args())
            .args(["import", "--tenant", "cdmx", "--dataset", "ledger"])
            .arg(&big)
            .env_remove("GALETTE_DATABASE_URL")
            .env("GALETTE_LOG", "warn")
            .stdin(Stdio::null());
        limited
    };
    let started = Instant::now();
    let failed = full.output().unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr).into_owned();
    assert!(
        !failed.status.success(),
        "the import cannot succeed: {stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(120));
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    let error = errors[0];
    assert!(
        error.contains("the dataset ledger is left as it was")
            && error.contains("could not write to its files: the disk is full"),
        "{error}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // The previous version is still the one served, and nothing is left behind once the
    // clean-up has run (as it would an hour later: the import's marker is taken for dead).
    if app.is_postgres() {
        app.raw_sql(
            "DROP TRIGGER test_disk_full ON imports_in_progress; DROP FUNCTION test_disk_full();",
        )
        .await;
    }
    assert_eq!(total_count(&app, "ledger").await, Ok(100));
    let after = app
        .store
        .dataset(tenant.id, "ledger")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (after.modified, &after.table_name),
        (before.modified, &before.table_name)
    );
    app.store.drop_orphan_tables(-5).await.unwrap();
    let tables = dataset_tables(&app).await;
    assert!(
        tables.iter().all(|t| t.starts_with(&before.table_name)),
        "only the current version's tables are left: {tables:?}"
    );
    let markers = app
        .raw_texts("SELECT table_name FROM imports_in_progress")
        .await;
    assert!(markers.is_empty(), "{markers:?}");
    // With room again, the same import goes through.
    let done = import(&big).output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(total_count(&app, "ledger").await, Ok(30_000));
}

/// The back office's upload on a database whose disk fills: the form says so (507) and
/// that the current version is unchanged. PostgreSQL only: on SQLite the server itself
/// would have to run under the file size limit, and the test process is the server.
#[tokio::test]
async fn an_upload_that_fills_the_disk_is_explained_on_the_form() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        return;
    }
    let files = tempfile::tempdir().unwrap();
    let admin = "admin@cdmx.localhost";
    app.add_user("cdmx", admin, true).await;
    let session = app.login(HOST, admin, PASSWORD).await;
    let upload = |file: Vec<u8>| {
        let app = &app;
        let session = session.clone();
        async move {
            let (secret, token) = app.csrf_pair(HOST).await;
            let form = reqwest::multipart::Form::new()
                .text("csrfmiddlewaretoken", token)
                .text("dataset", "ledger")
                .text("title", "")
                .text("delimiter", "auto")
                .text("visibility", "keep")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(file).file_name("ledger.csv"),
                );
            app.request(Method::POST, HOST, "/backoffice/datasets/")
                .header("Cookie", format!("csrftoken={secret}; sessionid={session}"))
                .header("Accept-Language", "en")
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    let small = std::fs::read(csv_file(files.path(), "small.csv", 100)).unwrap();
    assert_eq!(upload(small).await.status(), 303);
    app.raw_sql(
        "CREATE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           RAISE EXCEPTION 'could not extend file: No space left on device' \
           USING ERRCODE = 'disk_full'; END $$; \
         CREATE TRIGGER test_disk_full BEFORE UPDATE ON imports_in_progress \
           FOR EACH ROW EXECUTE FUNCTION test_disk_full();",
    )
    .await;
    let big = std::fs::read(csv_file(files.path(), "big.csv", 30_000)).unwrap();
    let refused = upload(big).await;
    assert_eq!(refused.status(), 507);
    let html = crate::helpers::unescape(&refused.text().await.unwrap());
    assert!(
        html.contains("its disk is full or it is read-only"),
        "{html}"
    );
    assert!(html.contains("The dataset's current version, if there is one, is unchanged."));
    assert_eq!(total_count(&app, "ledger").await, Ok(100));
    let markers = app
        .raw_texts("SELECT table_name FROM imports_in_progress")
        .await;
    assert!(
        markers.is_empty(),
        "the aborted import took its marker away: {markers:?}"
    );
}
