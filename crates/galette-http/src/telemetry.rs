//! Prometheus metrics, named in one place. The calls cost nothing until the binary installs
//! a recorder (`galette serve --metrics-addr`); the text is served on that separate address,
//! never on the sites' own.

use axum::extract::MatchedPath;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Requests answered, by route template and status.
pub const REQUESTS: &str = "galette_http_requests_total";
/// Time to the response's head, by route template, in seconds.
pub const LATENCY: &str = "galette_http_request_duration_seconds";
/// `Set-Cookie` headers the consent guard removed (or, in report-only mode, let through).
pub const GUARD_REMOVALS: &str = "galette_guard_cookie_removals_total";
/// Consent choices appended to the log.
pub const CONSENT_RECORDS: &str = "galette_consent_records_total";
/// Rows imported into datasets by the back office's uploads.
pub const IMPORT_ROWS: &str = "galette_import_rows_total";
/// Lookups in the in-process caches, by cache and outcome (`hit`, `miss`).
pub const CACHE_LOOKUPS: &str = "galette_cache_lookups_total";
/// API calls served without being counted against their quota, the store having failed
/// or been too slow to count them (docs/quotas.md).
pub const QUOTA_UNCOUNTED: &str = "galette_api_quota_uncounted_total";

/// Whether a recorder is installed: set by [`describe`].
static RECORDING: AtomicBool = AtomicBool::new(false);

/// Describes every metric (the `# HELP` lines); called once when a recorder is installed.
pub fn describe() {
    RECORDING.store(true, Ordering::Relaxed);
    metrics::describe_counter!(REQUESTS, "Requests answered, by route template and status");
    metrics::describe_histogram!(
        LATENCY,
        metrics::Unit::Seconds,
        "Time from the request to the response's head, by route template"
    );
    metrics::describe_counter!(
        GUARD_REMOVALS,
        "Set-Cookie headers the consent guard removed, by mode (enforce, report_only) and reason"
    );
    metrics::describe_counter!(CONSENT_RECORDS, "Consent choices appended to the log");
    metrics::describe_counter!(IMPORT_ROWS, "Rows imported from back-office uploads");
    metrics::describe_counter!(
        QUOTA_UNCOUNTED,
        "API calls served without being counted against their quota (the store failed to count them)"
    );
    metrics::describe_counter!(
        CACHE_LOOKUPS,
        "Lookups in the in-process caches (tenants, registries, answers, news, datasets, stat_settings, pages), by outcome"
    );
}

/// Counts a cache lookup.
pub fn cache_lookup(cache: &'static str, hit: bool) {
    if !RECORDING.load(Ordering::Relaxed) {
        return;
    }
    metrics::counter!(CACHE_LOOKUPS, "cache" => cache, "outcome" => if hit { "hit" } else { "miss" })
        .increment(1);
}

/// Counts a request by route template (never the raw path, so that the label set stays
/// bounded) and status, and records its latency; called by the request's envelope
/// (`guard::envelope`).
pub fn record_request(route: Option<&MatchedPath>, status: u16, latency: Duration) {
    // Without a recorder (no `--metrics-addr`) the labels are not even built.
    if !RECORDING.load(Ordering::Relaxed) {
        return;
    }
    let route = route.map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    metrics::counter!(REQUESTS, "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!(LATENCY, "route" => route).record(latency.as_secs_f64());
}
