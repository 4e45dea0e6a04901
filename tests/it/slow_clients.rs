//! Slow and greedy clients (issue 9, class 5): a connection that sends nothing, trickles its
//! headers or stalls its body is closed, and one address cannot hold more connections than
//! its cap. The limits are short here so the tests stay fast; each wait is bounded so a
//! server that never closes fails the test instead of hanging it.

use crate::helpers::TestApp;
use galette_http::{ConnectionSettings, HttpSettings};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Far beyond every limit below: reaching it means the server kept the connection.
const NEVER: Duration = Duration::from_secs(30);

async fn spawn(limits: ConnectionSettings) -> TestApp {
    TestApp::spawn_with(HttpSettings {
        connections: limits,
        ..HttpSettings::default()
    })
    .await
}

fn short_limits() -> ConnectionSettings {
    ConnectionSettings {
        header_read_timeout: Duration::from_secs(2),
        body_read_timeout: Duration::from_secs(2),
        max_per_client: 4,
        ..ConnectionSettings::default()
    }
}

/// Reads until the server closes the connection; what it sent, or `None` if it never closed.
async fn until_closed(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(NEVER, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| received)
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let app = spawn(short_limits()).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    assert!(
        until_closed(&mut stream).await.is_some(),
        "the silent connection was kept open"
    );
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off_although_it_keeps_sending() {
    let app = spawn(short_limits()).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let host = app.host_header("cdmx.localhost");
    stream
        .write_all(format!("GET / HTTP/1.1\r\nHost: {host}\r\n").as_bytes())
        .await
        .unwrap();
    // One header every 500 ms: progress, but the head never ends. A deadline reset by each
    // byte would keep it open for the 60 headers (30 s); the 2 s one must not.
    let mut was_cut = false;
    for i in 0..60 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let header = format!("X-Trickle-{i}: {i}\r\n");
        if stream.write_all(header.as_bytes()).await.is_err() {
            was_cut = true;
            break;
        }
        // Anything readable before the head is complete (an error answer, or the close).
        let mut probe = [0u8; 1];
        if tokio::time::timeout(Duration::from_millis(1), stream.peek(&mut probe))
            .await
            .is_ok()
        {
            was_cut = true;
            break;
        }
    }
    assert!(was_cut, "the trickling client was served for 30 s");
}

#[tokio::test]
async fn a_request_whose_body_stalls_is_ended() {
    let app = spawn(short_limits()).await;
    let (secret, token) = app.csrf_pair("cdmx.localhost").await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let host = app.host_header("cdmx.localhost");
    let body_start = format!("csrfmiddlewaretoken={token}&action=");
    let head = format!(
        "POST /cookies/ HTTP/1.1\r\nHost: {host}\r\nCookie: csrftoken={secret}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body_start.len() + 100
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body_start.as_bytes()).await.unwrap();
    let answer = until_closed(&mut stream)
        .await
        .expect("the stalled request was kept open");
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

#[tokio::test]
async fn an_address_over_its_connection_cap_is_refused_and_the_others_are_served() {
    let app = spawn(ConnectionSettings {
        // Long enough that the held connections stay open through the test.
        header_read_timeout: Duration::from_secs(60),
        ..short_limits()
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(app.addr).await.unwrap());
    }
    // The server counts a connection once it accepted it: the first request on each proves it.
    for stream in &mut held {
        let reply = get_healthz(stream).await;
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    }
    let mut fifth = TcpStream::connect(app.addr).await.unwrap();
    let refused = until_closed(&mut fifth)
        .await
        .expect("the fifth connection was kept open");
    let refused = String::from_utf8_lossy(&refused);
    assert!(
        refused.is_empty() || refused.starts_with("HTTP/1.1 503"),
        "{refused}"
    );

    // The held connections still work, and closing one frees a slot.
    let first = held.first_mut().unwrap();
    assert!(get_healthz(first).await.starts_with("HTTP/1.1 200"));
    drop(held.pop());
    let mut served = false;
    for _ in 0..100 {
        let mut again = TcpStream::connect(app.addr).await.unwrap();
        if get_healthz(&mut again).await.starts_with("HTTP/1.1 200") {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(served, "a freed slot was never given back");
}

/// Sends `GET /healthz` on a kept-alive connection and returns the answer's head (or "" if
/// the connection was closed).
async fn get_healthz(stream: &mut TcpStream) -> String {
    let request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    if stream.write_all(request.as_bytes()).await.is_err() {
        return String::new();
    }
    let mut buf = vec![0u8; 4096];
    match tokio::time::timeout(NEVER, stream.read(&mut buf)).await {
        Ok(Ok(n)) => String::from_utf8_lossy(&buf[..n]).into_owned(),
        _ => String::new(),
    }
}
