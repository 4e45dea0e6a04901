//! galette scan: prove, in a real headless Chromium, which cookies and third parties a site
//! really uses in each consent state, and compare them with the site's published policy.
//!
//! Owns: the crawl (`crawl`, `browser`), the policy format (`policy`), the findings
//! (`classify`), the report and its signature (`model`, `sign`) and its renderings
//! (`render`). Sees sites only from outside: it depends on galette-core, never on the store
//! or the HTTP crate.

/// Chromium per consent state and what it records.
pub mod browser;
/// Findings: observations judged against the policy.
pub mod classify;
/// Parsing cookie writes (values dropped) and script stacks.
pub mod cookies;
/// Consent actions and the breadth-first crawl.
pub mod crawl;
/// Why a scan could not run (exit 2).
pub mod error;
/// The scanner's own HTTP requests and policy discovery.
pub mod fetch;
/// The optional HAR file of a run.
pub mod har;
/// The report's data types.
pub mod model;
/// The cookie policy format, read and checked.
pub mod policy;
/// Text, JSON, Markdown and JUnit renderings.
pub mod render;
/// One scan from start to report.
pub mod scan;
/// Ed25519 signatures over canonical JSON.
pub mod sign;
/// Sites, parties, loopback hosts and crawlable links.
pub mod site;

pub use error::ScanError;
pub use model::{ConsentState, Finding, FindingKind, Report};
pub use scan::{Progress, Quiet, ScanOptions, scan};
