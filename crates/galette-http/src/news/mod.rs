//! The notification feed ("what's new", PRODUCT §5): `/news/` on every site, the bell in
//! every page's header, and the platform administrators' editor (`admin`).
//!
//! Read state, in the order it is looked for:
//! - on a site whose registry declares the `_BEAMER*` cookies, once the visitor's choice
//!   grants their category: `_BEAMER_LAST_POST_SHOWN_<site>` (publication time of the newest
//!   post shown) and `_BEAMER_FIRST_VISIT_<site>` (set once), with the declared lifetime;
//! - a signed-in user's account (`news_reads`), on every site, consent or not: it is no
//!   cookie, and the account is theirs;
//! - nowhere: the bell counts the posts of the last 30 days.
//!
//! The bell never counts a post older than 30 days, whatever the read state says.
//! Owns: the page, writing the read state. The bell's count is `layout::bell`.
//! Does not own: which cookies may pass (`galette_core::news::feed_cookies`, then the
//! guard), Markdown safety (`markdown`).

mod admin;
pub mod markdown;

use crate::error::PageError;
use crate::extract::Visitor;
use crate::layout::Layout;
use crate::layout::bell::cookie_read_state;
use crate::state::{App, AppState};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use galette_core::language::Language;
use galette_core::news::{
    feed_cookies, feed_set_cookie, first_visit_cookie, last_post_shown_cookie, unread_since,
};
use galette_core::time::rfc3339_utc;
use galette_store::NewsPost;
use serde::Serialize;

/// The most posts `/news/` shows: the newest (each is rendered from Markdown at every visit,
/// so an anonymous request's cost stays bounded).
const FEED_PAGE_POSTS: i64 = 50;

/// Routes of the feed and of its editor.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/news/", get(show_news))
        .route("/news", get(|| async { Redirect::permanent("/news/") }))
        .route(
            "/backoffice/news/",
            get(admin::list_posts).post(admin::save_post),
        )
        .route("/backoffice/news/edit", get(admin::edit_post))
        .route("/backoffice/news/delete", post(admin::delete_post))
}

/// One post as the feed shows it, in the visitor's language or another it has.
#[derive(Serialize)]
struct PostView {
    id: i64,
    lang: &'static str,
    title: String,
    body_html: String,
    published: String,
    published_date: String,
    is_unread: bool,
}

#[derive(Serialize)]
struct NewsPage {
    #[serde(flatten)]
    layout: Layout,
    posts: Vec<PostView>,
    /// Where this visitor's read state lives: `cookie`, `account` or `none`.
    read_state: &'static str,
}

/// The text of a post in `wanted`, else the site's default language, else English, else
/// the first it has.
pub(crate) fn text_for(
    post: &NewsPost,
    wanted: Language,
    default: Language,
) -> Option<(Language, &galette_store::NewsText)> {
    [wanted, default, Language::En]
        .into_iter()
        .chain(Language::ALL)
        .find_map(|l| {
            post.texts
                .iter()
                .find(|t| t.language == l.code())
                .map(|t| (l, t))
        })
}

/// `GET /news/`: the published, unexpired posts, newest first; marks them as read where the
/// visitor has a read state.
async fn show_news(State(app): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let now = app.clock.unix();
    let posts = app.store.visible_news_posts(now, FEED_PAGE_POSTS).await?;
    let user = visitor.user(&app).await?;
    let account = match &user {
        Some(u) => app.store.news_seen_until(u.id).await?,
        None => None,
    };
    let seen_before = cookie_read_state(&visitor).max(account);
    let since = unread_since(seen_before, now);
    let newest = posts.iter().map(|p| p.published_at).max();
    if let (Some(user), Some(newest)) = (&user, newest)
        && account.is_none_or(|seen| seen < newest)
    {
        app.store.mark_news_seen(user.id, newest, now).await?;
    }
    let views = posts
        .iter()
        .filter_map(|post| {
            let (lang, text) = text_for(post, visitor.lang, visitor.tenant.default_language)?;
            let published = rfc3339_utc(post.published_at);
            Some(PostView {
                id: post.id,
                lang: lang.code(),
                title: text.title.clone(),
                body_html: markdown::render_markdown(&text.body),
                published_date: published.chars().take(10).collect(),
                published,
                is_unread: post.published_at > since,
            })
        })
        .collect();
    let mut layout = Layout::new(&app, &visitor, "/news/").await?;
    let has_cookies = feed_cookies(
        &visitor.registry.cookies,
        visitor.granted(),
        &visitor.tenant.slug,
    )
    .is_some();
    let read_state = match (has_cookies, &user) {
        (true, _) => "cookie",
        (false, Some(_)) => "account",
        (false, None) => "none",
    };
    if read_state != "none" {
        // This page is what marks the posts read: its own bell already says so.
        layout.news_read();
    }
    let page = NewsPage {
        layout,
        posts: views,
        read_state,
    };
    let mut response = (
        StatusCode::OK,
        Html(app.pages.render("site/news.html", &page)?),
    )
        .into_response();
    set_feed_cookies(&app, &visitor, newest, response.headers_mut());
    Ok(response)
}

/// Writes the feed cookies, only where the registry declares them and the choice grants
/// their category (the guard would drop them otherwise; none is offered in vain).
fn set_feed_cookies(app: &App, visitor: &Visitor, newest: Option<i64>, headers: &mut HeaderMap) {
    let Some(rules) = feed_cookies(
        &visitor.registry.cookies,
        visitor.granted(),
        &visitor.tenant.slug,
    ) else {
        return;
    };
    let now = app.clock.now();
    let slug = &visitor.tenant.slug;
    let mut offered = Vec::new();
    if let Some(newest) = newest {
        offered.push(feed_set_cookie(
            &last_post_shown_cookie(slug),
            newest.max(visitor.feed.last_post_shown.unwrap_or(0)),
            rules.last_post_shown,
            now,
            visitor.is_https,
        ));
    }
    if !visitor.feed.first_visit {
        offered.push(feed_set_cookie(
            &first_visit_cookie(slug),
            app.clock.unix(),
            rules.first_visit,
            now,
            visitor.is_https,
        ));
    }
    for text in offered {
        if let Ok(value) = HeaderValue::from_str(&text) {
            headers.append(header::SET_COOKIE, value);
        }
    }
}
