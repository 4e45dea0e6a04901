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
    // Lines are gathered and written a few times a second (warnings and errors at once):
    // a write per request was the largest cost of a cached page (src/log_writer.rs).
    let writer = match galette::log_writer::BufferedStderr::start() {
        Ok(writer) => writer,
        Err(error) => {
            eprintln!("error: the log's flushing thread could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(writer);
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
    let code = match cli.run().await {
        Ok(code) => code,
        Err(error) => {
            galette::log_writer::flush();
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    };
    galette::log_writer::flush();
    code
}
