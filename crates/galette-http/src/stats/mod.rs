//! Recording the cookieless audience statistics (consent.md C-70…C-73, docs/statistics.md):
//! the middleware that turns answers into events (`record`) and the periodic maintenance
//! (`maintain`: roll-ups, the salt's rollover, retention). The queue is `crate::recorder`.

mod jobs;
pub mod record;

pub use crate::recorder::{Hit, Recorder, StatisticsSettings};
pub use jobs::{Maintenance, maintain};
