//! The optional HAR 1.2 file of a whole run (`--har FILE`): every request of every state,
//! with its response, grouped by the page that was open. Cookie values are redacted (the
//! `Cookie` and `Set-Cookie` headers keep only the names), like everywhere in the scanner.

use chromiumoxide::cdp::browser_protocol::network::{
    EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent, EventResponseReceived,
    Headers,
};
use chromiumoxide::page::Page;
use futures_util::StreamExt;
use galette_core::time::rfc3339_utc;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

#[derive(Default)]
struct Entry {
    page: String,
    started: f64,
    start_tick: f64,
    response_tick: Option<f64>,
    end_tick: Option<f64>,
    request: Value,
    resource_type: String,
    response: Option<Value>,
    size: f64,
    error: Option<String>,
}

/// What one state's HAR listeners gathered.
#[derive(Default)]
pub struct HarRecorder {
    state: String,
    page: String,
    pages: Vec<Value>,
    order: Vec<String>,
    entries: HashMap<String, Entry>,
}

/// Shared between the listeners and the crawl.
pub type SharedHar = Arc<Mutex<HarRecorder>>;

fn redact(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case("cookie") {
        value
            .split(';')
            .filter_map(|p| p.split('=').next())
            .map(|n| format!("{}=…", n.trim()))
            .collect::<Vec<_>>()
            .join("; ")
    } else if name.eq_ignore_ascii_case("set-cookie") {
        value
            .lines()
            .filter_map(|l| l.split('=').next())
            .map(|n| format!("{}=…", n.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        value.to_owned()
    }
}

fn headers(h: &Headers) -> Value {
    let list: Vec<Value> = h
        .inner()
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(name, v)| {
                    json!({"name": name, "value": redact(name, v.as_str().unwrap_or_default())})
                })
                .collect()
        })
        .unwrap_or_default();
    Value::Array(list)
}

fn iso(seconds: f64) -> String {
    // Whole seconds then milliseconds: HAR wants ISO 8601 with a fraction.
    let whole = seconds.floor() as i64;
    let millis = ((seconds - seconds.floor()) * 1000.0) as i64;
    let base = rfc3339_utc(whole);
    format!("{}.{millis:03}Z", base.trim_end_matches('Z'))
}

impl HarRecorder {
    /// A recorder for one consent state.
    pub fn new(state: &str) -> SharedHar {
        Arc::new(Mutex::new(HarRecorder {
            state: state.to_owned(),
            ..HarRecorder::default()
        }))
    }

    /// A page starts loading at Unix time `now`.
    pub fn page(&mut self, url: &str, now: i64) {
        self.page = format!("{}#{}", self.state, self.pages.len() + 1);
        let started = iso(now as f64);
        self.pages.push(json!({
            "startedDateTime": started,
            "id": self.page,
            "title": format!("{} ({})", url, self.state),
            "pageTimings": {},
        }));
    }

    /// The HAR pages and entries of this state.
    pub fn finish(&self) -> (Vec<Value>, Vec<Value>) {
        let entries = self
            .order
            .iter()
            .filter_map(|id| self.entries.get(id))
            .map(|e| {
                let wait = e
                    .response_tick
                    .map_or(0.0, |t| ((t - e.start_tick) * 1000.0).max(0.0));
                let receive = match (e.response_tick, e.end_tick) {
                    (Some(r), Some(end)) => ((end - r) * 1000.0).max(0.0),
                    _ => 0.0,
                };
                let response = e.response.clone().unwrap_or_else(|| {
                    json!({"status": 0, "statusText": "", "httpVersion": "", "cookies": [],
                           "headers": [], "content": {"size": 0, "mimeType": ""},
                           "redirectURL": "", "headersSize": -1, "bodySize": -1})
                });
                let mut response = response;
                if let Some(size) = response.pointer_mut("/content/size") {
                    *size = json!(e.size);
                }
                json!({
                    "pageref": e.page,
                    "startedDateTime": iso(e.started),
                    "time": wait + receive,
                    "request": e.request,
                    "response": response,
                    "cache": {},
                    "timings": {"send": 0, "wait": wait, "receive": receive},
                    "_resourceType": e.resource_type,
                    "_error": e.error,
                })
            })
            .collect();
        (self.pages.clone(), entries)
    }
}

/// Starts the listeners that fill `har` from `page`'s network events.
pub async fn listen(page: &Page, har: &SharedHar) -> Result<Vec<JoinHandle<()>>, String> {
    let mut tasks = Vec::new();
    let mut sent = page
        .event_listener::<EventRequestWillBeSent>()
        .await
        .map_err(|e| e.to_string())?;
    let h = har.clone();
    tasks.push(tokio::spawn(async move {
        while let Some(e) = sent.next().await {
            let mut h = h.lock().await;
            let id = e.request_id.inner().clone();
            let entry = Entry {
                page: h.page.clone(),
                started: *e.wall_time.inner(),
                start_tick: *e.timestamp.inner(),
                request: json!({
                    "method": e.request.method, "url": e.request.url, "httpVersion": "",
                    "cookies": [], "headers": headers(&e.request.headers), "queryString": [],
                    "headersSize": -1, "bodySize": -1,
                }),
                resource_type: e
                    .r#type
                    .as_ref()
                    .map_or("Other".to_owned(), |t| t.as_ref().to_owned()),
                ..Entry::default()
            };
            // A redirect reuses the id: keep each hop as its own entry.
            if h.entries.contains_key(&id) {
                let hop = format!("{id}#{}", h.order.len());
                if let Some(old) = h.entries.remove(&id) {
                    h.entries.insert(hop.clone(), old);
                    if let Some(slot) = h.order.iter_mut().find(|o| **o == id) {
                        *slot = hop;
                    }
                }
            }
            h.order.push(id.clone());
            h.entries.insert(id, entry);
        }
    }));
    let mut received = page
        .event_listener::<EventResponseReceived>()
        .await
        .map_err(|e| e.to_string())?;
    let h = har.clone();
    tasks.push(tokio::spawn(async move {
        while let Some(e) = received.next().await {
            let mut h = h.lock().await;
            if let Some(entry) = h.entries.get_mut(e.request_id.inner()) {
                let r = &e.response;
                entry.response_tick = Some(*e.timestamp.inner());
                entry.response = Some(json!({
                    "status": r.status, "statusText": r.status_text,
                    "httpVersion": r.protocol.clone().unwrap_or_default(), "cookies": [],
                    "headers": headers(&r.headers),
                    "content": {"size": 0, "mimeType": r.mime_type},
                    "redirectURL": "", "headersSize": -1, "bodySize": -1,
                    "_remoteIPAddress": r.remote_ip_address,
                }));
            }
        }
    }));
    let mut finished = page
        .event_listener::<EventLoadingFinished>()
        .await
        .map_err(|e| e.to_string())?;
    let h = har.clone();
    tasks.push(tokio::spawn(async move {
        while let Some(e) = finished.next().await {
            let mut h = h.lock().await;
            if let Some(entry) = h.entries.get_mut(e.request_id.inner()) {
                entry.end_tick = Some(*e.timestamp.inner());
                entry.size = e.encoded_data_length;
            }
        }
    }));
    let mut failed = page
        .event_listener::<EventLoadingFailed>()
        .await
        .map_err(|e| e.to_string())?;
    let h = har.clone();
    tasks.push(tokio::spawn(async move {
        while let Some(e) = failed.next().await {
            let mut h = h.lock().await;
            if let Some(entry) = h.entries.get_mut(e.request_id.inner()) {
                entry.end_tick = Some(*e.timestamp.inner());
                entry.error = Some(e.error_text.clone());
            }
        }
    }));
    Ok(tasks)
}

/// The HAR document of a run.
pub fn document(browser: &str, pages: Vec<Value>, entries: Vec<Value>) -> Value {
    json!({"log": {
        "version": "1.2",
        "creator": {"name": "galette scan", "version": env!("CARGO_PKG_VERSION")},
        "browser": {"name": "Chromium", "version": browser},
        "pages": pages,
        "entries": entries,
    }})
}
