//! The cookies a request carries, read once per request for the necessary-cookie middleware.
//!
//! Owns: the `Cookie` header's size limit (431) and its text check (400).
//! Does not own: the pair syntax (`galette_core::cookie_header`).

use crate::error::PageError;
use axum::http::{HeaderMap, header};
use galette_core::cookie_header::cookie_pairs;
use galette_core::necessary_cookies::NecessaryCookie;

/// Largest `Cookie` header accepted; browsers cap a site's cookies near this size.
const MAX_COOKIE_HEADER: usize = 8 * 1024;

/// The cookies the request carries, by name (first occurrence wins, as in browsers' order).
pub(super) struct RequestCookies(Vec<(String, String)>);

impl RequestCookies {
    /// The value of a necessary cookie, if sent.
    pub(super) fn get(&self, cookie: NecessaryCookie) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == cookie.name())
            .map(|(_, v)| v.as_str())
    }
}

/// Reads every `Cookie` header: 431 past [`MAX_COOKIE_HEADER`], 400 if it is not text.
pub(super) fn read_cookies(headers: &HeaderMap) -> Result<RequestCookies, PageError> {
    let mut pairs = Vec::new();
    let mut total = 0;
    for value in headers.get_all(header::COOKIE) {
        total += value.len();
        if total > MAX_COOKIE_HEADER {
            return Err(PageError::HeadersTooLarge);
        }
        let text = value
            .to_str()
            .map_err(|_| PageError::BadRequest("error-detail-cookie-encoding"))?;
        pairs.extend(cookie_pairs(text).map(|(n, v)| (n.to_owned(), v.to_owned())));
    }
    Ok(RequestCookies(pairs))
}
