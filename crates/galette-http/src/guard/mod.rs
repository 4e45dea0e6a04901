//! Middleware that every tenant route passes through, and the steps of the necessary-cookie
//! middleware, one module each. The order in which the layers run is written in `lib.rs`.

mod client;
pub mod cookie_guard;
mod csrf;
pub mod envelope;
pub mod error_pages;
pub mod multipart_token;
pub mod necessary_cookies;
mod request_cookies;
pub mod request_id;
pub mod request_span;
pub mod resolve_tenant;
pub mod security_headers;
mod session;
pub mod vary;
