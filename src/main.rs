//! `galette`: parse the command line, set up logging, run the command.

use std::process::ExitCode;

/// mimalloc rather than the system allocator. Each sign-in's Argon2id check takes 19 MiB,
/// and glibc's malloc kept those blocks: 300 sign-ins from 8 clients left the server at
/// 674 MiB (1.6 GiB without the hashing semaphore), against 90 MiB with mimalloc
/// (bench/signins.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = galette::cli::Cli::parse_with_config_file();
    let filter = tracing_subscriber::EnvFilter::try_from_env("GALETTE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,chromiumoxide=off"));
    // Colours only for a person at a terminal: a file or a collector gets plain text (and
    // formatting the escape codes took a sixth of each request's logging).
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    // One JSON object per line (with the request span's fields: request id, route, tenant,
    // status, latency) for a log collector; text for a person at a terminal.
    match std::env::var("GALETTE_LOG_FORMAT").as_deref() {
        Ok("json") => logs
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
        Ok("text") | Err(_) => logs.init(),
        Ok(other) => {
            logs.init();
            tracing::warn!("GALETTE_LOG_FORMAT={other:?} is not json or text: logging as text");
        }
    }
    match cli.run().await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
