//! Extractors: what a handler can ask for in its signature.

pub mod form;
pub mod visitor;

pub use form::{FormBody, query_param};
pub use visitor::Visitor;
