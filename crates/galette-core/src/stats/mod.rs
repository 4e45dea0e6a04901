//! Cookieless audience statistics (consent.md C-70…C-73): the rules, without I/O.
//!
//! Owns: what a request becomes (`request`: page view, API call or download, its normalised
//! path, dataset and format, the referrer's host, device class and browser family, bots),
//! the visitor hash and the daily salt (`visitor`), identical events of the same second
//! stored as one row with a count (`merge`), how a day's events become visits and
//! roll-ups (`rollup`), and the per-site settings with the policy page's account of them
//! (`settings`). Does not own: the queue, the store or the clock (galette-http and
//! galette-store do, and pass time in).

pub mod geoip;
pub mod merge;
pub mod request;
pub mod rollup;
pub mod settings;
pub mod visitor;

pub use merge::{EventValues, event_values, merge_events};

/// Seconds in a UTC day.
pub const DAY_SECS: i64 = 86_400;
/// Seconds in an hour.
pub const HOUR_SECS: i64 = 3_600;
/// A visit ends after this long without a page view (C-72).
pub const VISIT_GAP_SECS: i64 = 30 * 60;

/// The day number (days since 1970-01-01, UTC) of a Unix time: the key of `stat_salts` and
/// of `stat_breakdowns.day`.
pub fn day_of(unix: i64) -> i64 {
    unix.div_euclid(DAY_SECS)
}

/// The Unix time at which day number `day` starts.
pub fn day_start(day: i64) -> i64 {
    day.saturating_mul(DAY_SECS)
}

/// What an event counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// A GET answered 200 with an HTML page.
    PageView,
    /// A call of the Explore API (records, datasets, facets, the catalogue).
    Api,
    /// A dataset export.
    Download,
}

impl EventKind {
    /// The `stat_events.kind` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::PageView => "pageview",
            EventKind::Api => "api",
            EventKind::Download => "download",
        }
    }

    /// The kind a stored spelling names.
    pub fn parse(text: &str) -> Option<EventKind> {
        match text {
            "pageview" => Some(EventKind::PageView),
            "api" => Some(EventKind::Api),
            "download" => Some(EventKind::Download),
            _ => None,
        }
    }
}

/// One raw event as stored in `stat_events`: no address, no user agent. A row may stand
/// for several identical events of the same second (`hits`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Unix seconds.
    pub at: i64,
    /// The day's visitor hash (16 bytes, hex); `None` once the day is finished.
    pub visitor: Option<String>,
    /// Page view, API call or download.
    pub kind: EventKind,
    /// The path, without its query string.
    pub path: String,
    /// The referring site's host, when it is another site.
    pub referrer: Option<String>,
    /// The language the page was served in.
    pub language: String,
    /// Device class (`desktop`, `mobile`, `tablet`, `other`).
    pub device: String,
    /// Browser family (`Firefox`, `Chrome`… or `Other`).
    pub browser: String,
    /// Country code, only with a GeoIP database (none by default).
    pub country: Option<String>,
    /// The dataset the path is about.
    pub dataset: Option<String>,
    /// The export format of a download.
    pub format: Option<String>,
    /// How many identical events of this second the row stands for (1 for a single event).
    pub hits: u64,
}

/// Events for the tests of the roll-up and of merging: one day, one browser.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Event, EventKind, day_start};

    /// The day the events fall on.
    pub const DAY: i64 = 20_000;

    /// An event `at_secs` into `DAY`; a path under `/datasets/` names its dataset.
    pub fn event(at_secs: i64, visitor: Option<&str>, kind: EventKind, path: &str) -> Event {
        Event {
            at: day_start(DAY) + at_secs,
            visitor: visitor.map(str::to_owned),
            kind,
            path: path.to_owned(),
            referrer: None,
            language: "en".to_owned(),
            device: "desktop".to_owned(),
            browser: "Firefox".to_owned(),
            country: None,
            dataset: path
                .strip_prefix("/datasets/")
                .map(|d| d.trim_end_matches('/').to_owned()),
            format: None,
            hits: 1,
        }
    }

    /// A page view by `visitor`.
    pub fn view(at_secs: i64, visitor: &str, path: &str) -> Event {
        event(at_secs, Some(visitor), EventKind::PageView, path)
    }
}
