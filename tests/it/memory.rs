//! The server's memory stays bounded after many concurrent sign-ins (issue 9, class 6):
//! the real binary, in its own process, so that its resident memory can be read.

use crate::helpers::{PASSWORD, TestApp, cookie_value, form_token};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::task::JoinSet;

const HOST: &str = "cdmx.localhost";
const EMAIL: &str = "ana@example.org";
const CLIENTS: usize = 8;
const SIGN_INS: usize = 64;
/// Each Argon2id check takes 19 MiB: glibc's malloc, with every check at once, kept them
/// all (well over 1 GiB after 100 sign-ins). A debug build starts near 50 MiB.
const MAX_RSS_MIB: u64 = 300;

/// The server process, stopped when the test ends, whatever happened.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    fn resident_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib / 1024
    }
}

/// Signs in once on a fresh cookie jar, as a browser does; the POST's status.
async fn sign_in(client: &reqwest::Client, port: u16) -> u16 {
    let url = format!("http://{HOST}:{port}/login/");
    let page = client.get(&url).send().await.unwrap();
    let secret = cookie_value(page.headers(), "csrftoken").unwrap();
    let token = form_token(&page.text().await.unwrap());
    client
        .post(&url)
        .header("Cookie", format!("csrftoken={secret}"))
        .form(&[
            ("email", EMAIL),
            ("password", PASSWORD),
            ("csrfmiddlewaretoken", &token),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_sign_ins_leave_the_server_under_a_bounded_resident_memory() {
    let app = TestApp::spawn().await;
    app.add_user("cdmx", EMAIL, false).await;
    let port = {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_galette"))
            .args(app.store_args())
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("GALETTE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve(HOST, addr)
        .build()
        .unwrap();
    let health = format!("http://{HOST}:{port}/healthz");
    for attempt in 0.. {
        if client.get(&health).send().await.is_ok() {
            break;
        }
        assert!(attempt < 200, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let mut clients = JoinSet::new();
    for _ in 0..CLIENTS {
        let client = client.clone();
        clients.spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..SIGN_INS / CLIENTS {
                statuses.push(sign_in(&client, port).await);
            }
            statuses
        });
    }
    while let Some(statuses) = clients.join_next().await {
        assert!(statuses.unwrap().iter().all(|s| *s == 302));
    }
    let resident = server.resident_mib();
    eprintln!("{resident} MiB resident after {SIGN_INS} sign-ins from {CLIENTS} clients");
    assert!(
        resident < MAX_RSS_MIB,
        "{resident} MiB resident after {SIGN_INS} sign-ins (at most {MAX_RSS_MIB})"
    );
}
