//! The black-box suite: each test starts the real server on a random port and speaks HTTP
//! to it with `Host` headers, as a browser or a client would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a panicking test is a failing test"
)]

mod browser;
mod cli;
mod columnar;
mod columnar_exports;
mod concurrency;
mod consent;
mod consent_log;
mod csrf;
mod explore;
mod faults;
mod fuzz_http;
mod hardening;
mod helpers;
mod hostile;
mod language;
mod leftovers;
mod memory;
mod news;
mod operations;
mod page_cache;
mod parquet_export;
mod policy;
mod query_limits;
mod quotas;
mod sessions;
mod site_scan;
mod slow_clients;
mod statistics;
mod stats_dashboard;
mod structure;
mod tenants;
mod upload;
