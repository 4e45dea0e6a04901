//! `galette scan URL`, `galette scan verify REPORT`, `galette scan keygen --out FILE`: the
//! cookie scanner's command line. Exit status: 0 clean (or verified), 1 findings (or an
//! altered report), 2 the scan could not run.

use galette_scan::render::{Format, render};
use galette_scan::sign::{generate_key, load_key, sign, verify};
use galette_scan::{Progress, ScanError, ScanOptions, scan};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The scanner's arguments.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ScanCommand {
    #[command(subcommand)]
    action: Option<ScanAction>,
    /// The site to scan (http:// or https://).
    #[arg(required = true)]
    url: Option<String>,
    /// Pages per consent state at most.
    #[arg(long, default_value_t = 10)]
    pages: usize,
    /// Link depth from URL at most.
    #[arg(long, default_value_t = 2)]
    depth: usize,
    /// The policy (galette's cookie-policy.json format) as a FILE or URL; galette sites are
    /// found without it.
    #[arg(long)]
    policy: Option<String>,
    /// CSS selector of a foreign banner's "accept all" control.
    #[arg(long)]
    accept: Option<String>,
    /// CSS selector of a foreign banner's "reject all" control.
    #[arg(long)]
    reject: Option<String>,
    /// text, json, markdown or junit.
    #[arg(long, default_value = "text")]
    format: String,
    /// Write the report here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The Chromium executable.
    #[arg(long, env = "GALETTE_CHROMIUM", default_value = "/usr/bin/chromium")]
    chromium: PathBuf,
    /// Page load timeout, seconds.
    #[arg(long, default_value_t = 20)]
    timeout: u64,
    /// Record requests to hosts outside loopback, but fail them before they leave the machine.
    #[arg(long)]
    block_external: bool,
    /// Also write a HAR 1.2 file of every request of the run (cookie values redacted).
    #[arg(long)]
    har: Option<PathBuf>,
    /// Sign the report with this Ed25519 key file (`galette scan keygen`).
    #[arg(long, env = "GALETTE_SCAN_KEY")]
    key: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
enum ScanAction {
    /// Check a signed JSON report: exit 0 when unaltered, 1 when altered or unsigned.
    Verify {
        /// The JSON report.
        report: PathBuf,
        /// The public key (base64) the report must be signed with.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Make a signing key: the secret goes to FILE (mode 0600), the public key to stdout.
    Keygen {
        /// Where to write the secret key.
        #[arg(long)]
        out: PathBuf,
    },
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn state(&self, code: &str, index: usize, total: usize) {
        self.0.set_prefix(format!("[{}/{total}] {code}", index + 1));
    }
    fn page(&self, url: &str) {
        self.0.set_message(url.to_owned());
        self.0.tick();
    }
}

/// Runs the command and says which exit status it earned.
pub async fn run(command: ScanCommand) -> ExitCode {
    let result = match command.action {
        Some(ScanAction::Verify { report, public_key }) => {
            run_verify(&report, public_key.as_deref())
        }
        Some(ScanAction::Keygen { out }) => run_keygen(&out),
        None => run_scan(command).await,
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("galette scan: {error}");
            ExitCode::from(2)
        }
    }
}

fn run_verify(path: &PathBuf, public_key: Option<&str>) -> Result<ExitCode, ScanError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ScanError::Io(format!("cannot read {}: {e}", path.display())))?;
    match verify(&text, public_key) {
        Ok(key) => {
            println!("{}: signature valid (Ed25519 key {key})", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            println!("{}: {error}", path.display());
            Ok(ExitCode::from(1))
        }
    }
}

fn run_keygen(out: &PathBuf) -> Result<ExitCode, ScanError> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let (secret, public) = generate_key();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options
        .open(out)
        .map_err(|e| ScanError::Io(format!("cannot create {}: {e}", out.display())))?;
    file.write_all(secret.as_bytes())
        .map_err(|e| ScanError::Io(format!("cannot write {}: {e}", out.display())))?;
    println!("{public}");
    Ok(ExitCode::SUCCESS)
}

async fn run_scan(command: ScanCommand) -> Result<ExitCode, ScanError> {
    let format = Format::parse(&command.format).ok_or_else(|| {
        ScanError::BadUrl(format!(
            "--format {:?} is not one of text, json, markdown, junit",
            command.format
        ))
    })?;
    let key = command.key.as_deref().map(load_key).transpose()?;
    let options = ScanOptions {
        url: command.url.clone().unwrap_or_default(),
        pages: command.pages,
        depth: command.depth,
        policy: command.policy.clone(),
        accept: command.accept.clone(),
        reject: command.reject.clone(),
        chromium: command.chromium.clone(),
        timeout: Duration::from_secs(command.timeout.max(1)),
        block_external: command.block_external,
        galette_version: env!("CARGO_PKG_VERSION").to_owned(),
        har: command.har.is_some(),
    };
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let progress = Bar(bar);
    let report = scan(&options, &progress).await;
    progress.0.finish_and_clear();
    let mut report = report?;
    if let Some(key) = &key {
        sign(&mut report, key)?;
    }
    if let (Some(path), Some(har)) = (&command.har, &report.har) {
        let text = serde_json::to_string_pretty(har)
            .map_err(|e| ScanError::Io(format!("cannot serialise the HAR: {e}")))?;
        std::fs::write(path, text)
            .map_err(|e| ScanError::Io(format!("cannot write {}: {e}", path.display())))?;
    }
    let to_terminal = command.out.is_none() && std::io::stdout().is_terminal();
    let text = render(&report, format, to_terminal);
    match &command.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| ScanError::Io(format!("cannot write {}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    Ok(if report.summary.is_clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
