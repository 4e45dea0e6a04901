//! Middleware that every tenant route passes through.

pub mod cookie_guard;
pub mod error_pages;
pub mod multipart_token;
pub mod necessary_cookies;
pub mod request_id;
pub mod resolve_tenant;
pub mod security_headers;
