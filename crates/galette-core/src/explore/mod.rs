//! The Explore API's query side, free of SQL and HTTP (`docs/explore-api.md`).
//!
//! Owns: reading ODSQL (`select`, `where`, `group_by`, `order_by`, `refine`) into a typed tree,
//! the functions it names (resolved to `functions::Function`), the request model of a records
//! query (`request::RecordsQuery`), and the time zones datetimes are read and written in.
//! Does not own: turning that tree into SQL (galette-store) or answering requests (galette-http).

pub mod functions;
pub mod limits;
pub mod names;
pub mod odsql;
pub mod request;
pub mod timezone;
