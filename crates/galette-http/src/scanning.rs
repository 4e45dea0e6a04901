//! Scans of a site started from the back office. The scanner itself (headless Chromium, in
//! the galette-scan crate) is injected by the binary behind [`SiteScanner`], so this crate
//! needs no browser; here are the bounds around it: one scan at a time per site (the store's
//! unique index, which holds across replicas), one browser at a time per process, and a
//! deadline after which the scan is stopped and its browser killed.

use crate::clock::Clock;
use crate::sync::lock;
use galette_store::{NewScan, Store, StoreError};
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// A finished scan: its JSON report (the scanner's documented schema, signed when the
/// server has a key) and the two figures the list of scans shows.
#[derive(Clone, Debug)]
pub struct ScanReport {
    /// No finding.
    pub is_clean: bool,
    /// How many findings.
    pub findings: i64,
    /// The report, JSON.
    pub json: String,
}

/// The future a scan runs as.
pub type ScanFuture = Pin<Box<dyn Future<Output = Result<ScanReport, String>> + Send>>;

/// Runs one scan of `url` in a real browser; `Err` says, in a sentence, why it could not run.
pub trait SiteScanner: Send + Sync {
    /// Starts a scan of the site at `url`.
    fn scan(&self, url: String) -> ScanFuture;
}

/// How long a scan may take from the click, waiting for the browser included.
pub const SCAN_DEADLINE: Duration = Duration::from_secs(15 * 60);

/// A scan marked running for longer than this was left by a process that died.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(20 * 60);

/// Why a scan did not start.
#[derive(Debug)]
pub enum StartError {
    /// This server has no scanner.
    NotConfigured,
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for StartError {
    fn from(error: StoreError) -> Self {
        StartError::Store(error)
    }
}

/// The scanner, if any, and the bounds around it.
pub struct ScanRunner {
    scanner: Option<Arc<dyn SiteScanner>>,
    browsers: Arc<Semaphore>,
    running: Arc<Mutex<BTreeSet<i64>>>,
    deadline: Duration,
}

impl Default for ScanRunner {
    fn default() -> Self {
        ScanRunner::new(None, SCAN_DEADLINE)
    }
}

impl ScanRunner {
    /// Scans with `scanner` (none: the back office says scanning is not set up), each
    /// stopped after `deadline`.
    pub fn new(scanner: Option<Arc<dyn SiteScanner>>, deadline: Duration) -> ScanRunner {
        ScanRunner {
            scanner,
            browsers: Arc::new(Semaphore::new(1)),
            running: Arc::default(),
            deadline,
        }
    }

    /// Whether this server can scan.
    pub fn is_configured(&self) -> bool {
        self.scanner.is_some()
    }

    /// Records a running scan of the site and runs it in the background. `Ok(None)`: one
    /// is already running for this site (here or on another replica).
    pub async fn start(
        &self,
        store: &Store,
        clock: &Clock,
        scan: NewScan<'_>,
    ) -> Result<Option<i64>, StartError> {
        let scanner = self.scanner.clone().ok_or(StartError::NotConfigured)?;
        let Some(id) = store.start_site_scan(&scan).await? else {
            return Ok(None);
        };
        lock(&self.running).insert(id);
        let job = Job {
            id,
            url: scan.url.to_owned(),
            store: store.clone(),
            clock: clock.clone(),
            browsers: self.browsers.clone(),
            running: self.running.clone(),
            deadline: self.deadline,
        };
        tokio::spawn(job.run(scanner));
        Ok(Some(id))
    }

    /// Marks the scans this process still runs as failed: called at shutdown, so that a
    /// stopped server leaves no scan "running".
    pub async fn abandon_running(&self, store: &Store, clock: &Clock) {
        let ids: Vec<i64> = std::mem::take(&mut *lock(&self.running))
            .into_iter()
            .collect();
        for id in ids {
            if let Err(error) = store
                .fail_site_scan(id, clock.unix(), galette_store::ABANDONED)
                .await
            {
                tracing::warn!(%error, scan = id, "could not mark scan {id} as stopped: {error}");
            }
        }
    }
}

struct Job {
    id: i64,
    url: String,
    store: Store,
    clock: Clock,
    browsers: Arc<Semaphore>,
    running: Arc<Mutex<BTreeSet<i64>>>,
    deadline: Duration,
}

impl Job {
    async fn run(self, scanner: Arc<dyn SiteScanner>) {
        let id = self.id;
        let outcome = tokio::time::timeout(self.deadline, async {
            // The permit is held until the scan ends: one browser per process at a time.
            let _permit = self
                .browsers
                .acquire()
                .await
                .map_err(|_| "the server is shutting down".to_owned())?;
            scanner.scan(self.url.clone()).await
        })
        .await;
        let now = self.clock.unix();
        let saved = match outcome {
            Ok(Ok(report)) => {
                tracing::info!(
                    scan = id,
                    findings = report.findings,
                    "scan {id} of {} finished",
                    self.url
                );
                self.store
                    .finish_site_scan(id, now, report.is_clean, report.findings, &report.json)
                    .await
            }
            Ok(Err(reason)) => {
                tracing::warn!(
                    scan = id,
                    "scan {id} of {} could not run: {reason}",
                    self.url
                );
                self.store.fail_site_scan(id, now, &reason).await
            }
            Err(_) => {
                let reason = format!(
                    "the scan took longer than its limit of {} minutes and was stopped",
                    self.deadline.as_secs() / 60
                );
                tracing::warn!(scan = id, "scan {id} of {}: {reason}", self.url);
                self.store.fail_site_scan(id, now, &reason).await
            }
        };
        if let Err(error) = saved {
            tracing::warn!(%error, scan = id, "could not store the outcome of scan {id}: {error}");
        }
        lock(&self.running).remove(&id);
    }
}
