//! `galette bench-hello` (hidden, for `bench/pages.sh`): the floor the page benchmark
//! compares against — a bare axum "hello" on the same runtime, allocator and build profile
//! as galette, with no middleware, no store and no template.

use axum::Router;
use axum::routing::get;
use std::net::SocketAddr;

/// Flags of `bench-hello`.
#[derive(clap::Args, Debug)]
pub struct HelloCommand {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8001")]
    addr: SocketAddr,
}

/// Serves `Hello, world!` on `GET /` until the process is stopped.
pub async fn run(command: HelloCommand) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(command.addr).await?;
    let router = Router::new().route("/", get(|| async { "Hello, world!" }));
    axum::serve(listener, router).await?;
    Ok(())
}
