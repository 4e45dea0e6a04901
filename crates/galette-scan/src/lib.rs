//! galette scan: prove, in a real headless Chromium, which cookies and third parties a site
//! really uses in each consent state, and compare them with the site's published policy.
//!
//! Owns: the crawl (`crawl`, `browser`), the policy format (`policy`), the findings
//! (`classify`), the report and its signature (`model`, `sign`) and its renderings
//! (`render`). Sees sites only from outside: it depends on galette-core, never on the store
//! or the HTTP crate.

pub mod browser;
pub mod classify;
pub mod cookies;
pub mod crawl;
pub mod error;
pub mod fetch;
pub mod har;
pub mod model;
pub mod policy;
pub mod render;
pub mod scan;
pub mod sign;
pub mod site;

pub use error::ScanError;
pub use model::{ConsentState, Finding, FindingKind, Report};
pub use scan::{Progress, Quiet, ScanOptions, scan};
