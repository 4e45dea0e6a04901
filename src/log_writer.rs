//! Where log lines go: standard error, through a buffer flushed every
//! [`FLUSH_INTERVAL`], when it holds [`FLUSH_BYTES`], at once for a warning or an error,
//! and when the process ends or panics.
//!
//! One `write` to standard error per request was the largest single cost of a cached page:
//! with the access log on, `GET /` served a third fewer requests than with it off, because
//! every line was its own system call (and, with standard error on a file, its own trip
//! through the file system). Gathering the lines turns thousands of calls a second into a
//! few. What a crash can lose is at most the last tenth of a second of `info` lines: a
//! warning or an error is written before the call that logs it returns.

use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;

/// The longest an `info` line waits in the buffer.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(100);
/// Buffered bytes past which a line's writer flushes on its own.
pub const FLUSH_BYTES: usize = 64 * 1024;

/// The buffer every log line goes through; one per process.
fn buffer() -> &'static Mutex<Vec<u8>> {
    static BUFFER: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    BUFFER.get_or_init(|| Mutex::new(Vec::with_capacity(FLUSH_BYTES * 2)))
}

/// The buffer, even if a thread panicked while holding it (the bytes are still lines).
fn lock() -> MutexGuard<'static, Vec<u8>> {
    buffer()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Writes out what is buffered. Called by the flushing thread, by warnings and errors,
/// before the process exits and from the panic hook.
pub fn flush() {
    let mut buffered = lock();
    write_out(&mut buffered);
}

fn write_out(buffered: &mut Vec<u8>) {
    if buffered.is_empty() {
        return;
    }
    // Nowhere to report a failure to write the log: the bytes are dropped, as
    // `eprintln!` would panic and `tracing`'s own writer ignores them.
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(buffered);
    let _ = stderr.flush();
    buffered.clear();
}

/// The [`MakeWriter`] to give `tracing_subscriber`: starts the flushing thread and chains
/// a flush before the panic message on first use.
#[derive(Clone, Copy, Debug)]
pub struct BufferedStderr;

impl BufferedStderr {
    /// Starts the thread that flushes the buffer every [`FLUSH_INTERVAL`] and makes a
    /// panic write out the buffered lines before its own message.
    pub fn start() -> io::Result<BufferedStderr> {
        std::thread::Builder::new()
            .name("log-flush".into())
            .spawn(|| {
                loop {
                    std::thread::sleep(FLUSH_INTERVAL);
                    flush();
                }
            })?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            flush();
            previous(info);
        }));
        Ok(BufferedStderr)
    }
}

/// One event's writer: appends to the shared buffer; `urgent` ones flush when dropped.
pub struct LineWriter {
    urgent: bool,
}

impl Write for LineWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut buffered = lock();
        buffered.extend_from_slice(bytes);
        if buffered.len() >= FLUSH_BYTES {
            write_out(&mut buffered);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        flush();
        Ok(())
    }
}

impl Drop for LineWriter {
    fn drop(&mut self) {
        if self.urgent {
            flush();
        }
    }
}

impl<'a> MakeWriter<'a> for BufferedStderr {
    type Writer = LineWriter;

    fn make_writer(&'a self) -> LineWriter {
        LineWriter { urgent: true }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> LineWriter {
        LineWriter {
            urgent: is_urgent(*meta.level()),
        }
    }
}

/// Whether a line of this level is written before the call that logs it returns.
fn is_urgent(level: Level) -> bool {
    // In `tracing`, the less verbose a level, the smaller it compares.
    level <= Level::WARN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_urgent_and_information_waits() {
        assert!(is_urgent(Level::ERROR));
        assert!(is_urgent(Level::WARN));
        assert!(!is_urgent(Level::INFO));
        assert!(!is_urgent(Level::DEBUG));
    }

    #[test]
    fn a_full_buffer_is_written_out_by_the_line_that_fills_it() {
        let mut writer = LineWriter { urgent: false };
        let line = vec![b'.'; FLUSH_BYTES / 4];
        for _ in 0..8 {
            writer.write_all(&line).ok();
            assert!(lock().len() < FLUSH_BYTES);
        }
    }
}
