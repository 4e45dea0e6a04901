//! Extractors: what a handler can ask for in its signature.

pub mod feed_cookies;
pub mod form;
pub mod multipart;
pub mod visitor;

pub use form::{FormBody, query_param};
pub use multipart::MultipartBody;
pub use visitor::Visitor;
