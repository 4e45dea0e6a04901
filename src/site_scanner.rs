//! The back office's scanner: galette-scan's headless Chromium behind galette-http's
//! `SiteScanner`, with the server's scan settings and signing key.

use galette_http::ScanSettings;
use galette_http::scanning::{ScanFuture, ScanReport, SiteScanner};
use galette_scan::render::{Format, render};
use galette_scan::sign::{SigningKey, load_key, sign};
use galette_scan::{Quiet, ScanError, ScanOptions, scan};

/// Scans with Chromium as the settings say, signing each report when a key is set.
pub struct BrowserScanner {
    settings: ScanSettings,
    key: Option<SigningKey>,
}

impl BrowserScanner {
    /// Reads the signing key now, so that a bad key stops the server at start-up rather
    /// than every scan later.
    pub fn new(settings: ScanSettings) -> Result<BrowserScanner, ScanError> {
        let key = settings.key.as_deref().map(load_key).transpose()?;
        Ok(BrowserScanner { settings, key })
    }
}

impl SiteScanner for BrowserScanner {
    fn scan(&self, url: String) -> ScanFuture {
        let options = ScanOptions {
            url,
            pages: self.settings.pages,
            depth: self.settings.depth,
            policy: None,
            accept: None,
            reject: None,
            chromium: self.settings.chromium.clone(),
            timeout: self.settings.page_timeout,
            block_external: self.settings.block_external,
            galette_version: env!("CARGO_PKG_VERSION").to_owned(),
            har: false,
        };
        let key = self.key.clone();
        Box::pin(async move {
            let mut report = scan(&options, &Quiet).await.map_err(|e| e.to_string())?;
            if let Some(key) = &key {
                sign(&mut report, key).map_err(|e| e.to_string())?;
            }
            Ok(ScanReport {
                is_clean: report.summary.is_clean,
                findings: i64::try_from(report.summary.findings).unwrap_or(i64::MAX),
                json: render(&report, Format::Json, false),
            })
        })
    }
}
