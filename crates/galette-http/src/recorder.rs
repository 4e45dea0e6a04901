//! The audience statistics' recorder (consent.md C-70…C-73, docs/statistics.md).
//!
//! Owns: the bounded in-memory queue between requests and the store, its flusher, the count
//! of events dropped. The middleware that turns answers into events and the periodic jobs
//! are the `stats` module's; the rules are `galette_core::stats`; the SQL is `galette_store`'s.
//!
//! A request only ever does a `try_send` on a bounded channel: when the queue is full the
//! event is dropped and counted, the request never waits. Parsing the user agent, hashing,
//! the site's settings and the database write happen in the flusher.

use axum::http::HeaderValue;
use galette_core::stats::geoip::CountryTable;
use galette_core::stats::request::{Agent, MAX_USER_AGENT_BYTES, read_agent};
use galette_core::stats::settings::StatSettings;
use galette_core::stats::{Event, EventKind, EventValues, event_values};
use galette_store::{PendingEvent, Store, StoreError, WriteOutcome};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, Notify, mpsc};

/// How the recorder runs.
#[derive(Clone, Debug)]
pub struct StatisticsSettings {
    /// Record at all (`--no-statistics` turns it off).
    pub enabled: bool,
    /// Events the queue holds before new ones are dropped.
    pub queue_capacity: usize,
    /// Events written per transaction; a queue this full is flushed at once.
    pub batch: usize,
    /// How often the queue is flushed.
    pub flush_every: Duration,
    /// How often today's roll-ups are recomputed (and the salt, finished days and retention
    /// looked after).
    pub maintain_every: Duration,
    /// The operator's address-to-country table (`--geoip`); without one, no country is
    /// recorded.
    pub countries: Option<Arc<CountryTable>>,
}

impl Default for StatisticsSettings {
    fn default() -> Self {
        StatisticsSettings {
            enabled: true,
            queue_capacity: 16_384,
            batch: 4_096,
            flush_every: Duration::from_secs(1),
            maintain_every: Duration::from_secs(60),
            countries: None,
        }
    }
}

/// An answer the middleware saw, waiting in the queue. The address and the user agent stay
/// in memory until the flusher hashes them; the user agent is the request's own header
/// value (shared, not copied), read as text only once per group of identical hits.
#[derive(Debug)]
pub struct Hit {
    /// The site.
    pub tenant_id: i64,
    /// The event, its `visitor`, `device` and `browser` still empty.
    pub event: Event,
    /// The client address galette trusts.
    pub client: String,
    /// The `User-Agent` header as sent, if any.
    pub user_agent: Option<HeaderValue>,
    /// The request sent `Sec-GPC: 1` or `DNT: 1`.
    pub opted_out: bool,
    /// A signed-in administrator of the site made it.
    pub is_staff: bool,
}

impl Hit {
    /// The user agent as text, cut to `MAX_USER_AGENT_BYTES` (a header that is not text
    /// counts as none).
    fn agent_text(&self) -> &str {
        let text = self
            .user_agent
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let mut end = text.len().min(MAX_USER_AGENT_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.get(..end).unwrap_or_default()
    }
}

/// The queue, its flusher and its counters; one per process, in `App`.
pub struct Recorder {
    settings: StatisticsSettings,
    sender: mpsc::Sender<Hit>,
    queue: Arc<Mutex<mpsc::Receiver<Hit>>>,
    dropped: Arc<AtomicU64>,
    written: Arc<AtomicU64>,
    wake: Arc<Notify>,
}

impl Recorder {
    /// A recorder with an empty queue; nothing is written until `run_flusher` runs.
    pub fn new(settings: StatisticsSettings) -> Recorder {
        let (sender, receiver) = mpsc::channel(settings.queue_capacity.max(1));
        Recorder {
            settings,
            sender,
            queue: Arc::new(Mutex::new(receiver)),
            dropped: Arc::new(AtomicU64::new(0)),
            written: Arc::new(AtomicU64::new(0)),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Whether recording is on.
    pub fn enabled(&self) -> bool {
        self.settings.enabled
    }

    /// The recorder's settings.
    pub fn settings(&self) -> &StatisticsSettings {
        &self.settings
    }

    /// Events lost since start-up: the queue was full, the store failed, or the event's day
    /// was already finished. The dashboard shows it.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Events written since start-up.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// Events waiting in the queue.
    pub fn queued(&self) -> usize {
        self.settings
            .queue_capacity
            .max(1)
            .saturating_sub(self.sender.capacity())
    }

    /// Queues a hit without ever waiting: a full queue drops it and counts the drop.
    pub fn offer(&self, hit: Hit) {
        match self.sender.try_send(hit) {
            Ok(()) => {
                if self.queued() >= self.settings.batch {
                    self.wake.notify_one();
                }
            }
            Err(_) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Writes everything queued now, in batches; returns what was written and dropped.
    /// The flusher calls it; tests and shutdown call it to be sure. It stops after a batch
    /// that was not full (the queue was empty then): events arriving meanwhile wait for the
    /// next round, in a batch big enough for identical events to merge, instead of a
    /// transaction each.
    pub async fn flush(&self, store: &Store, today: i64) -> WriteOutcome {
        let mut total = WriteOutcome::default();
        let mut queue = self.queue.lock().await;
        loop {
            let mut hits = Vec::new();
            while hits.len() < self.settings.batch.max(1) {
                match queue.try_recv() {
                    Ok(hit) => hits.push(hit),
                    Err(_) => break,
                }
            }
            if hits.is_empty() {
                return total;
            }
            let count = hits.len() as u64;
            let full = hits.len() >= self.settings.batch.max(1);
            match write_batch(store, today, hits, self.settings.countries.as_deref()).await {
                Ok(outcome) => {
                    total.written += outcome.written;
                    total.dropped += outcome.dropped;
                    self.written.fetch_add(outcome.written, Ordering::Relaxed);
                    self.dropped.fetch_add(outcome.dropped, Ordering::Relaxed);
                }
                Err(error) => {
                    tracing::warn!(%error, events = count, "statistics: a batch of {count} events could not be written: {error}");
                    total.dropped += count;
                    self.dropped.fetch_add(count, Ordering::Relaxed);
                }
            }
            if !full {
                return total;
            }
        }
    }

    /// The flusher: every `flush_every`, or as soon as a batch is waiting, writes the queue;
    /// once `stop` is notified, writes what is left and returns.
    /// `today` gives the current day number (from the application's `Clock`).
    pub async fn run_flusher(&self, store: Store, today: impl Fn() -> i64, stop: Arc<Notify>) {
        let mut ticker = tokio::time::interval(self.settings.flush_every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let stopping = tokio::select! {
                _ = ticker.tick() => false,
                () = self.wake.notified() => false,
                () = stop.notified() => true,
            };
            self.flush(&store, today()).await;
            if stopping {
                return;
            }
        }
    }
}

/// What makes two hits one: the site, what the visitor hash is made from, the request's
/// opt-out and staff flags, and every value stored.
type HitKey<'h> = (i64, &'h str, &'h str, bool, bool, EventValues<'h>);

/// Merges identical hits into one carrying the sum of their `hits`, first one's place kept.
/// A busy visitor's burst costs one settings check, one user-agent reading and one visitor
/// hash per second instead of one per request.
fn merge_hits(hits: Vec<Hit>) -> Vec<Hit> {
    let mut first_of = Vec::with_capacity(hits.len());
    let mut totals = vec![0u64; hits.len()];
    {
        let mut seen: HashMap<HitKey<'_>, usize> = HashMap::with_capacity(hits.len());
        for (i, hit) in hits.iter().enumerate() {
            let key = (
                hit.tenant_id,
                hit.client.as_str(),
                hit.agent_text(),
                hit.opted_out,
                hit.is_staff,
                event_values(&hit.event),
            );
            let first = *seen.entry(key).or_insert(i);
            if let Some(total) = totals.get_mut(first) {
                *total = total.saturating_add(hit.event.hits);
            }
            first_of.push(first);
        }
    }
    hits.into_iter()
        .zip(first_of)
        .zip(totals)
        .enumerate()
        .filter(|(i, ((_, first), _))| i == first)
        .map(|(_, ((mut hit, _), total))| {
            hit.event.hits = total;
            hit
        })
        .collect()
}

/// Applies each site's settings and the bot rule, then writes what is left.
async fn write_batch(
    store: &Store,
    today: i64,
    hits: Vec<Hit>,
    countries: Option<&CountryTable>,
) -> Result<WriteOutcome, StoreError> {
    let hits = merge_hits(hits);
    let mut settings: BTreeMap<i64, StatSettings> = BTreeMap::new();
    // A batch holds few distinct browsers: each user agent is parsed once per batch.
    let mut agents: HashMap<String, Agent> = HashMap::new();
    let mut events = Vec::with_capacity(hits.len());
    for hit in hits {
        let site = match settings.get(&hit.tenant_id) {
            Some(site) => *site,
            None => {
                let site = store.stat_settings(hit.tenant_id).await?;
                settings.insert(hit.tenant_id, site);
                site
            }
        };
        if (site.honour_gpc && hit.opted_out) || (!site.count_staff && hit.is_staff) {
            continue;
        }
        let user_agent = hit.agent_text().to_owned();
        let agent = match agents.get(&user_agent) {
            Some(agent) => agent.clone(),
            None => {
                let agent = read_agent(Some(&user_agent));
                agents.insert(user_agent.clone(), agent.clone());
                agent
            }
        };
        // Programs calling the API are its audience; only pages are kept from people.
        if agent.is_bot && hit.event.kind == EventKind::PageView {
            continue;
        }
        let mut event = hit.event;
        event.device = agent.device.to_owned();
        event.browser = agent.browser;
        event.country = countries.and_then(|table| table.country(&hit.client));
        events.push(PendingEvent {
            tenant_id: hit.tenant_id,
            event,
            client: hit.client,
            user_agent,
        });
    }
    store.write_stat_events(today, &events).await
}
