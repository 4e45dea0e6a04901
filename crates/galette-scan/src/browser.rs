//! One headless Chromium per consent state, with a fresh profile, and what it records.
//!
//! Owns: launching the browser, the CDP listeners (requests, `Set-Cookie` headers,
//! `document.cookie` writes through a page hook and a binding, request interception for
//! `--block-external`), and reading the cookie jar at the end.

use crate::cookies::{ParsedWrite, parse_write, script_url, stack_frames};
use crate::error::ScanError;
use crate::har::{HarRecorder, SharedHar};
use crate::model::{CookieWrite, StoredCookie, ThirdPartyRequest};
use crate::site::{is_loopback_host, party_of};
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::fetch::{
    self, ContinueRequestParams, EventRequestPaused, FailRequestParams, RequestPattern,
    RequestStage,
};
use chromiumoxide::cdp::browser_protocol::network::{
    self, ErrorReason, EventRequestWillBeSent, EventResponseReceivedExtraInfo,
    EventWebSocketCreated, Initiator,
};
use chromiumoxide::cdp::browser_protocol::page::AddScriptToEvaluateOnNewDocumentParams;
use chromiumoxide::cdp::js_protocol::runtime::{AddBindingParams, EventBindingCalled};
use chromiumoxide::page::Page;
use futures_util::StreamExt;
use galette_core::registry::Party;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

const HOOK: &str = include_str!("hook.js");
const BINDING: &str = "__galetteScanCookie";

/// Seconds since the Unix epoch, from the wall clock. The scanner cannot take time as a
/// parameter like the server does: Chromium stamps cookie expiries with the wall clock, and a
/// lifetime is an expiry minus the same clock's now.
#[expect(
    clippy::disallowed_methods,
    reason = "Chromium stamps expiries with the wall clock; a test clock would make lifetimes wrong"
)]
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// What the listeners gather during one state.
#[derive(Default)]
struct Raw {
    page: String,
    consented: bool,
    request_urls: HashMap<String, String>,
    set_cookies: Vec<CookieWrite>,
    pending_headers: Vec<(String, String, String, bool)>,
    script_cookies: Vec<CookieWrite>,
    third_party: Vec<ThirdPartyRequest>,
    blocked: HashSet<String>,
}

/// Chromium's own description of itself.
#[derive(Clone, Debug, Default)]
pub struct BrowserVersion {
    /// `Chrome/156.0…`.
    pub product: String,
    /// The user agent.
    pub user_agent: String,
    /// The DevTools protocol version.
    pub protocol: String,
}

/// A running browser with one recorded page.
pub struct Session {
    browser: Browser,
    handler: JoinHandle<()>,
    tasks: Vec<JoinHandle<()>>,
    raw: Arc<Mutex<Raw>>,
    /// The page the crawl drives.
    pub page: Page,
    scanned_host: String,
    har: Option<SharedHar>,
    _profile: tempfile::TempDir,
}

fn browser_error(e: impl std::fmt::Display) -> ScanError {
    ScanError::Browser(e.to_string())
}

/// Whether this process runs as root (Chromium's sandbox refuses root).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(1))
            == Some("0")
    })
}

impl Session {
    /// Starts Chromium on a fresh profile and prepares the recorded page.
    pub async fn open(
        chromium: &Path,
        timeout: Duration,
        block_external: bool,
        scanned_host: &str,
        har_state: Option<&str>,
    ) -> Result<Session, ScanError> {
        if !chromium.is_file() {
            return Err(ScanError::NoBrowser(chromium.display().to_string()));
        }
        let profile = tempfile::Builder::new()
            .prefix("galette-scan-")
            .tempdir()
            .map_err(|e| ScanError::Io(format!("cannot create a browser profile: {e}")))?;
        let mut config = BrowserConfig::builder()
            .chrome_executable(chromium)
            .user_data_dir(profile.path())
            .request_timeout(timeout)
            .launch_timeout(Duration::from_secs(30))
            // One renderer for every frame, so third-party frames report on this page's session.
            .arg("--disable-site-isolation-trials")
            .arg("--disable-features=IsolateOrigins,site-per-process,TranslateUI,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable")
            .arg("--no-default-browser-check")
            .arg("--disable-gpu");
        if is_root() {
            config = config.no_sandbox();
        }
        if block_external {
            // Belt and braces under request interception (which WebSockets and prefetches
            // bypass): no name outside localhost resolves at all.
            config = config.arg(
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost",
            );
        }
        let config = config.build().map_err(browser_error)?;
        let (browser, mut handler) = Browser::launch(config)
            .await
            .map_err(|e| ScanError::Browser(format!("Chromium did not start: {e}")))?;
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let page = browser
            .new_page("about:blank")
            .await
            .map_err(browser_error)?;
        let raw = Arc::new(Mutex::new(Raw::default()));
        let mut session = Session {
            browser,
            handler,
            tasks: Vec::new(),
            raw,
            page,
            scanned_host: scanned_host.to_owned(),
            har: har_state.map(HarRecorder::new),
            _profile: profile,
        };
        if let Some(har) = &session.har {
            let tasks = crate::har::listen(&session.page, har)
                .await
                .map_err(ScanError::Browser)?;
            session.tasks.extend(tasks);
        }
        session.listen(block_external).await?;
        Ok(session)
    }

    async fn listen(&mut self, block_external: bool) -> Result<(), ScanError> {
        let page = self.page.clone();
        let host = self.scanned_host.clone();
        let mut requests = page
            .event_listener::<EventRequestWillBeSent>()
            .await
            .map_err(browser_error)?;
        let raw = self.raw.clone();
        let h = host.clone();
        self.tasks.push(tokio::spawn(async move {
            while let Some(event) = requests.next().await {
                let mut raw = raw.lock().await;
                raw.request_urls
                    .insert(event.request_id.inner().clone(), event.request.url.clone());
                let kind = event
                    .r#type
                    .as_ref()
                    .map_or("Other".to_owned(), |t| t.as_ref().to_owned());
                let seen = (event.request.url.as_str(), kind, Some(&event.initiator));
                if let Some(request) = third_party_request(seen, &h, &raw) {
                    raw.third_party.push(request);
                }
            }
        }));
        // WebSockets bypass request interception; they are recorded here.
        let mut sockets = page
            .event_listener::<EventWebSocketCreated>()
            .await
            .map_err(browser_error)?;
        let raw = self.raw.clone();
        let h = host.clone();
        self.tasks.push(tokio::spawn(async move {
            while let Some(event) = sockets.next().await {
                let mut raw = raw.lock().await;
                let seen = (
                    event.url.as_str(),
                    "WebSocket".to_owned(),
                    event.initiator.as_ref(),
                );
                if let Some(request) = third_party_request(seen, &h, &raw) {
                    raw.third_party.push(request);
                }
            }
        }));
        let mut extra = page
            .event_listener::<EventResponseReceivedExtraInfo>()
            .await
            .map_err(browser_error)?;
        let raw = self.raw.clone();
        self.tasks.push(tokio::spawn(async move {
            while let Some(event) = extra.next().await {
                let Some(obj) = event.headers.inner().as_object() else {
                    continue;
                };
                let mut raw = raw.lock().await;
                let (page, before) = (raw.page.clone(), !raw.consented);
                for (name, value) in obj {
                    if name.eq_ignore_ascii_case("set-cookie")
                        && let Some(text) = value.as_str()
                    {
                        for line in text.lines() {
                            raw.pending_headers.push((
                                event.request_id.inner().clone(),
                                line.to_owned(),
                                page.clone(),
                                before,
                            ));
                        }
                    }
                }
            }
        }));
        let mut bindings = page
            .event_listener::<EventBindingCalled>()
            .await
            .map_err(browser_error)?;
        let raw = self.raw.clone();
        let h = host.clone();
        self.tasks.push(tokio::spawn(async move {
            while let Some(event) = bindings.next().await {
                if event.name != BINDING {
                    continue;
                }
                let mut raw = raw.lock().await;
                if let Some(write) = script_write(&event.payload, &h, !raw.consented) {
                    raw.script_cookies.push(write);
                }
            }
        }));
        if block_external {
            let mut paused = page
                .event_listener::<EventRequestPaused>()
                .await
                .map_err(browser_error)?;
            let raw = self.raw.clone();
            let p = page.clone();
            self.tasks.push(tokio::spawn(async move {
                while let Some(event) = paused.next().await {
                    let url = event.request.url.clone();
                    let local = url::Url::parse(&url)
                        .ok()
                        .and_then(|u| u.host_str().map(is_loopback_host))
                        .unwrap_or(true);
                    let id = event.request_id.clone();
                    if local {
                        let _ = p.execute(ContinueRequestParams::new(id)).await;
                    } else {
                        raw.lock().await.blocked.insert(url);
                        let _ = p
                            .execute(FailRequestParams::new(id, ErrorReason::BlockedByClient))
                            .await;
                    }
                }
            }));
        }
        page.execute(network::EnableParams::default())
            .await
            .map_err(browser_error)?;
        page.execute(AddBindingParams::new(BINDING))
            .await
            .map_err(browser_error)?;
        page.execute(AddScriptToEvaluateOnNewDocumentParams::new(HOOK))
            .await
            .map_err(browser_error)?;
        if block_external {
            let pattern = RequestPattern::builder()
                .url_pattern("*")
                .request_stage(RequestStage::Request)
                .build();
            page.execute(fetch::EnableParams::builder().pattern(pattern).build())
                .await
                .map_err(browser_error)?;
        }
        Ok(())
    }

    /// Chromium's version, from `Browser.getVersion`.
    pub async fn version(&self) -> BrowserVersion {
        match self.browser.version().await {
            Ok(v) => BrowserVersion {
                product: v.product,
                user_agent: v.user_agent,
                protocol: v.protocol_version,
            },
            Err(_) => BrowserVersion::default(),
        }
    }

    /// Sets the page writes are attributed to.
    pub async fn set_page(&self, url: &str) {
        self.raw.lock().await.page = url.to_owned();
        if let Some(har) = &self.har {
            har.lock().await.page(url, unix_now());
        }
    }

    /// Marks the visitor's choice as made (or not): later writes and requests count as after
    /// it. Set just before the consent control is clicked, since the choice is made then.
    pub async fn set_consented(&self, consented: bool) {
        self.raw.lock().await.consented = consented;
    }

    /// Everything recorded, with the jar read now; closes the browser.
    pub async fn finish(mut self) -> Result<Recorded, ScanError> {
        let now = unix_now();
        let jar = self.browser.get_cookies().await.map_err(browser_error)?;
        let cookies = jar
            .into_iter()
            .map(|c| {
                // Whole seconds: the report holds no floating-point numbers.
                let expires = (!c.session && c.expires > 0.0).then_some(c.expires as i64);
                StoredCookie {
                    party: party_of(&c.domain, &self.scanned_host),
                    name: c.name,
                    domain: c.domain,
                    path: c.path,
                    lifetime_seconds: expires.map(|e| e - now),
                    expires,
                    secure: c.secure,
                    http_only: c.http_only,
                    same_site: c.same_site.map(|s| s.as_ref().to_ascii_lowercase()),
                }
            })
            .collect();
        let _ = self.browser.close().await;
        let _ = self.browser.wait().await;
        for task in &self.tasks {
            task.abort();
        }
        self.handler.abort();
        let mut raw = std::mem::take(&mut *self.raw.lock().await);
        for (id, line, page, before) in std::mem::take(&mut raw.pending_headers) {
            let request_url = raw.request_urls.get(&id).cloned();
            let request_host = request_url
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_else(|| self.scanned_host.clone());
            if let Some(w) = parse_write(&line, now) {
                let written_by = WrittenBy {
                    host: &request_host,
                    page,
                    source: request_url,
                    stack: Vec::new(),
                    is_before_consent: before,
                };
                raw.set_cookies
                    .push(recorded_write(w, written_by, &self.scanned_host));
            }
        }
        for request in &mut raw.third_party {
            request.is_blocked = raw.blocked.contains(&request.url);
        }
        let har = match &self.har {
            Some(h) => Some(h.lock().await.finish()),
            None => None,
        };
        Ok(Recorded {
            har,
            cookies,
            set_cookies: raw.set_cookies,
            script_cookies: raw.script_cookies,
            third_party: raw.third_party,
        })
    }
}

/// What a session recorded.
pub struct Recorded {
    /// The jar at the end.
    pub cookies: Vec<StoredCookie>,
    /// `Set-Cookie` headers.
    pub set_cookies: Vec<CookieWrite>,
    /// `document.cookie` writes.
    pub script_cookies: Vec<CookieWrite>,
    /// Third-party requests.
    pub third_party: Vec<ThirdPartyRequest>,
    /// HAR pages and entries, when asked for.
    pub har: Option<(Vec<serde_json::Value>, Vec<serde_json::Value>)>,
}

fn third_party_request(
    (address, resource_type, initiator): (&str, String, Option<&Initiator>),
    scanned_host: &str,
    raw: &Raw,
) -> Option<ThirdPartyRequest> {
    let url = url::Url::parse(address).ok()?;
    let host = url.host_str()?;
    if !matches!(url.scheme(), "http" | "https" | "ws" | "wss")
        || party_of(host, scanned_host) == Party::First
    {
        return None;
    }
    let stack: Vec<String> = initiator
        .and_then(|i| i.stack.as_ref())
        .into_iter()
        .flat_map(|s| s.call_frames.iter())
        .map(|f| format!("{}:{}:{}", f.url, f.line_number + 1, f.column_number + 1))
        .collect();
    let initiator_url = initiator.and_then(|i| i.url.clone()).or_else(|| {
        initiator
            .and_then(|i| i.stack.as_ref())
            .and_then(|s| s.call_frames.iter().find(|f| !f.url.is_empty()))
            .map(|f| f.url.clone())
            // A frame or a navigation: the document that held it.
            .or_else(|| Some(raw.page.clone()).filter(|p| !p.is_empty()))
    });
    Some(ThirdPartyRequest {
        origin: url.origin().ascii_serialization(),
        url: address.to_owned(),
        resource_type,
        page: raw.page.clone(),
        initiator_type: initiator.map_or("other".to_owned(), |i| i.r#type.as_ref().to_owned()),
        initiator_url,
        initiator_stack: stack,
        is_blocked: false,
        is_before_consent: !raw.consented,
    })
}

#[derive(serde::Deserialize)]
struct HookPayload {
    raw: String,
    stack: String,
    page: String,
}

fn script_write(payload: &str, scanned_host: &str, before: bool) -> Option<CookieWrite> {
    let hook: HookPayload = serde_json::from_str(payload).ok()?;
    let w = parse_write(&hook.raw, unix_now())?;
    let frames = stack_frames(&hook.stack);
    let page_host = url::Url::parse(&hook.page)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| scanned_host.to_owned());
    let written_by = WrittenBy {
        host: &page_host,
        source: script_url(&frames).or(Some(hook.page.clone())),
        page: hook.page,
        stack: frames,
        is_before_consent: before,
    };
    Some(recorded_write(w, written_by, scanned_host))
}

/// Where a cookie write came from: the response or script, and the page open then.
struct WrittenBy<'a> {
    /// The host that wrote it (the response's or the page's), when the write names no domain.
    host: &'a str,
    page: String,
    source: Option<String>,
    stack: Vec<String>,
    is_before_consent: bool,
}

/// A parsed write as the report records it, first or third party to `scanned_host`.
fn recorded_write(w: ParsedWrite, by: WrittenBy<'_>, scanned_host: &str) -> CookieWrite {
    CookieWrite {
        party: party_of(w.domain.as_deref().unwrap_or(by.host), scanned_host),
        name: w.name,
        domain: w.domain,
        lifetime_seconds: w.lifetime_seconds,
        secure: w.secure,
        http_only: w.http_only,
        same_site: w.same_site,
        is_deletion: w.is_deletion,
        page: by.page,
        source: by.source,
        stack: by.stack,
        is_before_consent: by.is_before_consent,
    }
}
