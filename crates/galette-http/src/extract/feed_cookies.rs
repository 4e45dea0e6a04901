//! The notification feed's cookies as the request sends them (`_BEAMER_LAST_POST_SHOWN_<site>`,
//! `_BEAMER_FIRST_VISIT_<site>`), read once with the other cookies. Whether they count
//! depends on the registry and the visitor's choice, checked where they are used
//! (`layout::bell`, `news`).

use axum::http::{HeaderMap, header};
use galette_core::cookie_header::cookie_pairs;
use galette_core::news::{first_visit_cookie, last_post_shown_cookie, read_feed_value};
use galette_core::tenant::TenantSlug;

/// The feed cookies the request carried.
#[derive(Clone, Copy, Debug, Default)]
pub struct SentFeedCookies {
    /// `_BEAMER_LAST_POST_SHOWN_<site>`, when it holds a time.
    pub last_post_shown: Option<i64>,
    /// Whether `_BEAMER_FIRST_VISIT_<site>` was sent.
    pub first_visit: bool,
}

impl SentFeedCookies {
    /// Reads this site's feed cookies from the request's (already size-checked) headers.
    pub fn read(headers: &HeaderMap, slug: &TenantSlug) -> SentFeedCookies {
        let last_name = last_post_shown_cookie(slug);
        let first_name = first_visit_cookie(slug);
        let mut sent = SentFeedCookies::default();
        for text in headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            for (name, value) in cookie_pairs(text) {
                if name == last_name && sent.last_post_shown.is_none() {
                    sent.last_post_shown = read_feed_value(value);
                } else if name == first_name {
                    sent.first_visit = true;
                }
            }
        }
        sent
    }
}
