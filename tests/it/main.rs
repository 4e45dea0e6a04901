//! The black-box suite: each test starts the real server on a random port and speaks HTTP
//! to it with `Host` headers, as a browser or a client would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod browser;
mod cli;
mod consent;
mod consent_log;
mod csrf;
mod explore;
mod helpers;
mod hostile;
mod language;
mod policy;
mod query_limits;
mod sessions;
mod tenants;
mod upload;
