//! The header's bell: how many posts of the notification feed this visitor has not read.
//!
//! Read state, the first that applies: the `_BEAMER_*` cookies where the registry declares
//! them and the visitor's choice grants their category; a signed-in user's account; else
//! none, and the bell counts the posts of the last 30 days (`galette_core::news`).

use crate::extract::Visitor;
use crate::state::App;
use galette_core::news::{feed_cookies, unread_since};
use galette_store::User;

/// The read state the feed cookies give, when this site declares them and the visitor's
/// choice lets them pass.
pub fn cookie_read_state(visitor: &Visitor) -> Option<i64> {
    feed_cookies(
        &visitor.registry.cookies,
        visitor.granted(),
        &visitor.tenant.slug,
    )?;
    visitor.feed.last_post_shown
}

/// The bell's count for this visitor: from memory for a visitor who is not signed in, one
/// indexed query for a user (whose read state is stored). A failure hides the bell rather
/// than failing the page around it.
pub async fn unread_count(app: &App, visitor: &Visitor, user: Option<&User>) -> Option<i64> {
    let now = app.clock.unix();
    let since = unread_since(cookie_read_state(visitor), now);
    let counted = match user {
        Some(user) => app.store.unread_news_count(now, since, Some(user.id)).await,
        None => app.news_times.unread(&app.store, now, since).await,
    };
    match counted {
        Ok(count) => Some(count),
        Err(error) => {
            tracing::warn!(%error, "the news bell could not be counted: {error}");
            None
        }
    }
}
