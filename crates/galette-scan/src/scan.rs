//! One scan from start to report: check the input, read the policy, crawl each consent
//! state in its own browser, judge, count.

use crate::browser::{BrowserVersion, Session, unix_now};
use crate::classify::{TOLERANCE_PERCENT, TOLERANCE_SECONDS, classify};
use crate::crawl::{CrawlPlan, GALETTE_ACCEPT, GALETTE_REJECT, check_selector, crawl_state};
use crate::error::ScanError;
use crate::fetch::{get, looks_like_galette, policy_link};
use crate::model::{
    ConsentState, OptionsRecord, PolicyRecord, REPORT_FORMAT, Report, RunRecord, StateRecord,
    Summary,
};
use crate::policy::Policy;
use galette_core::time::rfc3339_utc;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

/// What to scan and how.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// The start URL.
    pub url: String,
    /// Pages per state at most.
    pub pages: usize,
    /// Link depth at most.
    pub depth: usize,
    /// A policy file or URL, for sites that do not publish galette's.
    pub policy: Option<String>,
    /// CSS selector of a foreign banner's "accept all".
    pub accept: Option<String>,
    /// CSS selector of a foreign banner's "reject all".
    pub reject: Option<String>,
    /// The Chromium executable.
    pub chromium: PathBuf,
    /// Page load timeout.
    pub timeout: Duration,
    /// Fail requests outside loopback before they leave the machine.
    pub block_external: bool,
    /// The scanner's version, recorded in the report.
    pub galette_version: String,
    /// Also record a HAR of the whole run ([`Report::har`]).
    pub har: bool,
}

/// Where a long scan tells its progress.
pub trait Progress: Sync {
    /// A state starts (`index` of `total`).
    fn state(&self, code: &str, index: usize, total: usize);
    /// A page is being loaded.
    fn page(&self, url: &str);
}

/// Progress that goes nowhere.
pub struct Quiet;

impl Progress for Quiet {
    fn state(&self, _: &str, _: usize, _: usize) {}
    fn page(&self, _: &str) {}
}

/// Checks the start URL: absolute, http or https, with a host.
pub fn parse_start(text: &str) -> Result<url::Url, ScanError> {
    let url = url::Url::parse(text)
        .map_err(|e| ScanError::BadUrl(format!("{text:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ScanError::BadUrl(format!(
            "{text:?} is not an http:// or https:// URL: the scanner visits web sites only"
        )));
    }
    if url.host_str().is_none() {
        return Err(ScanError::BadUrl(format!("{text:?} has no host")));
    }
    Ok(url)
}

/// Reads the policy: `--policy` (file or URL), else the page's `<link rel="cookie-policy">`,
/// else `/cookie-policy.json`.
async fn load_policy(
    options: &ScanOptions,
    start: &url::Url,
    html: &str,
) -> Result<(Policy, PolicyRecord), ScanError> {
    let (source, text) = match &options.policy {
        Some(p) if p.starts_with("http://") || p.starts_with("https://") => {
            let url = parse_start(p)?;
            let fetched = get(&url, options.timeout).await?;
            if fetched.status != 200 {
                return Err(ScanError::Policy(format!(
                    "the policy at {url} answered HTTP {}",
                    fetched.status
                )));
            }
            (url.to_string(), fetched.text)
        }
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                ScanError::Policy(format!("cannot read the policy file {path}: {e}"))
            })?;
            (path.clone(), text)
        }
        None => {
            let href = policy_link(html).unwrap_or_else(|| "/cookie-policy.json".to_owned());
            let url = start.join(&href).map_err(|e| {
                ScanError::Policy(format!(
                    "the page links to a policy at {href:?}, not a URL: {e}"
                ))
            })?;
            let fetched = get(&url, options.timeout).await?;
            if fetched.status != 200 {
                return Err(ScanError::Policy(format!(
                    "the site publishes no cookie policy at {url} (HTTP {}): pass --policy FILE|URL",
                    fetched.status
                )));
            }
            (url.to_string(), fetched.text)
        }
    };
    let policy = Policy::parse(&text)?;
    let sha256: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let info = PolicyRecord {
        source,
        sha256,
        site: policy.site.clone(),
        revision: policy.revision,
        declared_cookies: policy.cookies.len(),
        declared_origins: policy
            .third_parties
            .iter()
            .flat_map(|t| t.origins.iter().cloned())
            .collect(),
    };
    Ok((policy, info))
}

/// Runs the scan; `Err` means it could not run (exit 2).
pub async fn scan(options: &ScanOptions, progress: &dyn Progress) -> Result<Report, ScanError> {
    let started_at = rfc3339_utc(unix_now());
    let start = parse_start(&options.url)?;
    if !options.chromium.is_file() {
        return Err(ScanError::NoBrowser(options.chromium.display().to_string()));
    }
    let landing = get(&start, options.timeout).await?;
    let is_galette_site = looks_like_galette(&landing.text);
    let (policy, policy_record) = load_policy(options, &start, &landing.text).await?;
    let accept = options
        .accept
        .clone()
        .or_else(|| is_galette_site.then(|| GALETTE_ACCEPT.to_owned()));
    let reject = options
        .reject
        .clone()
        .or_else(|| is_galette_site.then(|| GALETTE_REJECT.to_owned()));
    let mut states = vec![ConsentState::NoChoice];
    if reject.is_some() {
        states.push(ConsentState::RejectAll);
    }
    if accept.is_some() {
        states.push(ConsentState::AcceptAll);
    }
    if is_galette_site {
        states.extend(
            policy
                .optional_categories()
                .into_iter()
                .map(ConsentState::Only),
        );
    }
    let host = start.host_str().unwrap_or_default().to_owned();
    let plan = CrawlPlan {
        start: &start,
        pages: options.pages.max(1),
        depth: options.depth,
        accept: accept.as_deref(),
        reject: reject.as_deref(),
        timeout: options.timeout,
    };
    let https = start.scheme() == "https";
    let mut version = BrowserVersion::default();
    let mut records = Vec::new();
    let mut findings = Vec::new();
    let (mut har_pages, mut har_entries) = (Vec::new(), Vec::new());
    for (index, state) in states.iter().enumerate() {
        progress.state(&state.code(), index, states.len());
        let code = state.code();
        let session = Session::open(
            &options.chromium,
            options.timeout,
            options.block_external,
            &host,
            options.har.then_some(code.as_str()),
        )
        .await?;
        if index == 0 {
            version = session.version().await;
            for selector in [&options.accept, &options.reject].into_iter().flatten() {
                if let Err(error) = check_selector(&session, selector).await {
                    // Close the browser before giving up, rather than leave it to drop.
                    let _ = session.finish().await;
                    return Err(error);
                }
            }
        }
        let crawled = crawl_state(&session, &plan, *state, &|url| progress.page(url)).await;
        let mut recorded = session.finish().await?;
        let crawled = crawled?;
        if let Some((pages, entries)) = recorded.har.take() {
            har_pages.extend(pages);
            har_entries.extend(entries);
        }
        let record = StateRecord {
            state: state.code(),
            allowed_categories: state.allowed(),
            is_consent_applied: crawled.is_consent_applied,
            consent_note: crawled.consent_note,
            pages: crawled.pages,
            cookies: recorded.cookies,
            set_cookies: recorded.set_cookies,
            script_cookies: recorded.script_cookies,
            storage: crawled.storage.into_iter().collect(),
            third_party_requests: recorded.third_party,
        };
        findings.extend(classify(&policy, *state, &record, https));
        records.push(record);
    }
    if records
        .iter()
        .all(|r| r.pages.iter().all(|p| p.error.is_some()))
    {
        let reason = records
            .first()
            .and_then(|r| r.pages.first())
            .and_then(|p| p.error.clone())
            .unwrap_or_default();
        return Err(ScanError::Unreachable(format!(
            "the browser could not load {start}: {reason}"
        )));
    }
    let summary = summarise(&records, findings.len());
    let har = options
        .har
        .then(|| crate::har::document(&version.product, har_pages, har_entries));
    Ok(Report {
        har,
        format: REPORT_FORMAT.to_owned(),
        run: RunRecord {
            galette_version: options.galette_version.clone(),
            browser_product: version.product,
            browser_user_agent: version.user_agent,
            protocol_version: version.protocol,
            started_at,
            finished_at: rfc3339_utc(unix_now()),
            url: start.to_string(),
            is_galette_site,
            options: OptionsRecord {
                pages: options.pages,
                depth: options.depth,
                policy: options.policy.clone(),
                accept_selector: accept,
                reject_selector: reject,
                chromium: options.chromium.display().to_string(),
                timeout_seconds: options.timeout.as_secs(),
                block_external: options.block_external,
                har: options.har,
                lifetime_tolerance_percent: TOLERANCE_PERCENT,
                lifetime_tolerance_seconds: TOLERANCE_SECONDS,
            },
        },
        policy: policy_record,
        summary,
        findings,
        states: records,
        signature: None,
    })
}

fn summarise(records: &[StateRecord], findings: usize) -> Summary {
    let mut names = BTreeSet::new();
    let mut origins = BTreeSet::new();
    for r in records {
        names.extend(r.cookies.iter().map(|c| c.name.clone()));
        names.extend(
            r.set_cookies
                .iter()
                .filter(|c| !c.is_deletion)
                .map(|c| c.name.clone()),
        );
        names.extend(
            r.script_cookies
                .iter()
                .filter(|c| !c.is_deletion)
                .map(|c| c.name.clone()),
        );
        origins.extend(r.third_party_requests.iter().map(|t| t.origin.clone()));
    }
    Summary {
        is_clean: findings == 0,
        findings,
        states: records.len(),
        pages: records.iter().map(|r| r.pages.len()).sum(),
        cookies: names.len(),
        third_party_origins: origins.len(),
    }
}
