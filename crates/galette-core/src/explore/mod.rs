//! The Explore API's query side, free of SQL and HTTP (`docs/explore-api.md`).
//!
//! Owns: reading ODSQL (`select`, `where`, `group_by`, `order_by`, `refine`) into a typed tree,
//! and the time zones datetimes are read and written in.
//! Does not own: turning that tree into SQL (galette-store) or answering requests (galette-http).

pub mod limits;
pub mod names;
pub mod odsql;
pub mod timezone;
