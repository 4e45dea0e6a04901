//! The connection loop: accepts TCP connections and serves each with hyper's HTTP/1.1.
//!
//! Owns: the limits that keep slow or greedy clients from holding the server (issue 9,
//! class 5): the header-read timeout (hyper's own timer, which also bounds how long a kept-alive
//! connection waits for its next request), the body-read timeout (a pause between two body
//! pieces), the send timeout (a client that stops reading its response), the cap on
//! connections per client address, and the graceful shutdown (stop accepting, let requests
//! in flight finish within a grace period).
//! Does not own: what a request gets (the router), or the settings' values (`config`).

use axum::Router;
use axum::extract::ConnectInfo;
use galette_http::ConnectionSettings;
use galette_http::sync::lock;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;
use tower::ServiceBuilder;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// What a client over its connection cap reads before the connection is closed.
const TOO_MANY_CONNECTIONS: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: text/plain; charset=utf-8\r\nretry-after: 5\r\nconnection: close\r\n\
content-length: 58\r\n\r\nToo many open connections from your address; retry later.\n";

/// How long to wait before accepting again after the system refused a connection
/// (out of file descriptors, say), so the loop does not spin.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// Serves `router` on `listener` until `shutdown` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionSettings,
    trusted_proxies: Vec<IpAddr>,
    shutdown: impl Future<Output = ()>,
) {
    let slots = ClientSlots::new(limits.max_per_client, trusted_proxies);
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "a connection could not be accepted: {error}");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = slots.admit(peer.ip()) else {
            refuse(&stream);
            continue;
        };
        let service = ServiceBuilder::new()
            .layer(axum::Extension(ConnectInfo(peer)))
            .layer(RequestBodyTimeoutLayer::new(limits.body_read_timeout))
            .service(router.clone());
        let stream = SendTimeout::new(stream, limits.send_timeout);
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                // Timeouts and clients that hang up land here; nothing for an operator.
                tracing::debug!(%error, "a connection ended with an error: {error}");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("every connection is closed"),
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(
                grace_secs = limits.shutdown_grace.as_secs(),
                "requests still in flight after the shutdown grace period are cut short"
            );
        }
    }
}

/// Tells a client over its cap why, if its socket takes the bytes at once, then closes.
fn refuse(stream: &TcpStream) {
    tracing::warn!("a connection was refused: its address holds too many already");
    // Best effort: a client that does not read gets only the close.
    let _ = stream.try_write(TOO_MANY_CONNECTIONS);
}

/// A connection whose writes fail once the client has read nothing for `limit`: without
/// it, a client that requests a large export and never reads keeps the connection (and
/// the export's query) alive for good.
struct SendTimeout {
    stream: TcpStream,
    limit: Duration,
    /// Running while a write waits on the client; reset by any progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl SendTimeout {
    fn new(stream: TcpStream, limit: Duration) -> Self {
        SendTimeout {
            stream,
            limit,
            stalled: None,
        }
    }

    /// After a write or flush that could not proceed: pending, or an error once the
    /// client has stalled for `limit`.
    fn stall<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let limit = self.limit;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading its response",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn progress<T>(
        &mut self,
        polled: Poll<io::Result<T>>,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<T>> {
        match polled {
            Poll::Pending => self.stall(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }
}

impl AsyncRead for SendTimeout {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for SendTimeout {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.progress(polled, cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.progress(polled, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_flush(cx);
        this.progress(polled, cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_shutdown(cx);
        this.progress(polled, cx)
    }
}

/// Open connections by client address.
#[derive(Clone)]
struct ClientSlots {
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    max_per_client: usize,
    exempt: Arc<Vec<IpAddr>>,
}

/// One admitted connection; dropping it frees the slot.
struct ClientSlot {
    slots: ClientSlots,
    ip: IpAddr,
}

impl ClientSlots {
    fn new(max_per_client: usize, exempt: Vec<IpAddr>) -> Self {
        ClientSlots {
            open: Arc::default(),
            max_per_client,
            exempt: Arc::new(exempt),
        }
    }

    /// A slot for a new connection from `ip`, unless it holds `max_per_client` already.
    fn admit(&self, ip: IpAddr) -> Option<ClientSlot> {
        let mut open = lock(&self.open);
        let count = open.entry(ip).or_insert(0);
        // A trusted proxy carries many clients' connections: it is never capped.
        if *count >= self.max_per_client && !self.exempt.contains(&ip) {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            slots: self.clone(),
            ip,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = lock(&self.slots.open);
        if let Some(count) = open.get_mut(&self.ip) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_cap_and_a_slot_back_when_a_connection_closes() {
        let slots = ClientSlots::new(2, vec![]);
        let ip: IpAddr = [192, 0, 2, 1].into();
        let other: IpAddr = [192, 0, 2, 2].into();
        let first = slots.admit(ip);
        let second = slots.admit(ip);
        assert!(first.is_some() && second.is_some());
        assert!(slots.admit(ip).is_none(), "the third is refused");
        assert!(
            slots.admit(other).is_some(),
            "other addresses are not affected"
        );
        drop(first);
        assert!(slots.admit(ip).is_some());
    }

    #[tokio::test]
    async fn a_client_that_reads_nothing_makes_writes_fail_after_the_send_timeout() {
        use tokio::io::AsyncWriteExt;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (accepted, _) = listener.accept().await.unwrap();
        let mut stream = SendTimeout::new(accepted, Duration::from_millis(200));
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0usize;
        // Bounded: the socket buffers hold a few MiB at most; 1 GiB means no timeout.
        let error = loop {
            match stream.write_all(&chunk).await {
                Ok(()) => sent += chunk.len(),
                Err(error) => break error,
            }
            assert!(sent < 1 << 30, "writes never stalled");
        };
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        drop(client);
    }

    #[test]
    fn a_trusted_proxy_is_not_capped() {
        let proxy: IpAddr = [10, 0, 0, 1].into();
        let slots = ClientSlots::new(1, vec![proxy]);
        let held: Vec<_> = (0..5).filter_map(|_| slots.admit(proxy)).collect();
        assert_eq!(held.len(), 5);
    }
}
