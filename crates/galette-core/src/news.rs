//! The notification feed's rules: who publishes, what a valid post is, and where a visitor's
//! read state may live (PRODUCT §5; the platform policy's `_BEAMER*` row).
//!
//! Owns: the platform site (`platform_admins_site`), post validation, the `_BEAMER_*` cookie
//! names, when the registry and the visitor's choice let them be set, their `Set-Cookie`
//! text, and the window an anonymous visitor's bell counts.
//! Does not own: storing posts (`galette_store`), Markdown, pages, or the guard that has the
//! last word on every cookie (`consent::enforcement`, applied by `galette-http`).

use crate::consent::CategorySet;
use crate::consent::enforcement::{CookieVerdict, declaration_for, judge_cookie};
use crate::language::Language;
use crate::necessary_cookies::http_date;
use crate::registry::{CookieDeclaration, Lifetime};
use crate::tenant::TenantSlug;
use std::time::{Duration, SystemTime};

/// The slug of the platform's own site. galette has no account above the sites: the
/// platform's administrators are the administrators of this site, and only they publish.
pub const PLATFORM_SLUG: &str = "platform";

/// Whether administrators of the site `slug` are the platform's administrators, who publish
/// the notification feed every site shows.
pub fn platform_admins_site(slug: &TenantSlug) -> bool {
    slug.as_str() == PLATFORM_SLUG
}

/// What an anonymous visitor's bell counts, having no read state: posts of the last 30 days.
pub const ANONYMOUS_WINDOW_SECS: i64 = 30 * 24 * 3600;

/// The moment after which visible posts count as unread: the read state's, else 30 days
/// ago; never earlier than 30 days ago, so a bell never counts an old post.
pub fn unread_since(read_until: Option<i64>, now: i64) -> i64 {
    let window_start = now.saturating_sub(ANONYMOUS_WINDOW_SECS);
    read_until.map_or(window_start, |r| r.max(window_start))
}

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest Markdown body, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;

/// A post's text in one language, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostText {
    /// Its language.
    pub language: Language,
    /// Plain-text title.
    pub title: String,
    /// Markdown body.
    pub body: String,
}

/// A post that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPost {
    /// Unix seconds from which it is shown.
    pub published_at: i64,
    /// Unix seconds from which it is no longer shown.
    pub expires_at: Option<i64>,
    /// The languages that have a text, in `Language::ALL` order.
    pub texts: Vec<PostText>,
}

/// Why a post was refused; each has a sentence in the locales (`news-error-*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    /// No language has both a title and a body.
    #[error("a post needs a title and a text in at least one language")]
    NoText,
    /// A title without a body, or a body without a title.
    #[error("the post in {0:?} needs both a title and a text")]
    Incomplete(Language),
    /// A title longer than [`MAX_TITLE_CHARS`].
    #[error("the title in {0:?} is too long")]
    TitleLength(Language),
    /// A body longer than [`MAX_BODY_CHARS`].
    #[error("the text in {0:?} is too long")]
    BodyLength(Language),
    /// No publication date, or one that is not a date.
    #[error("the publication date is not a date")]
    PublishedAt,
    /// An expiry that is not a date.
    #[error("the expiry date is not a date")]
    ExpiresAt,
    /// An expiry at or before the publication.
    #[error("the post would expire before it is published")]
    ExpiresBeforePublished,
}

impl PostError {
    /// The Fluent key of the sentence that explains it.
    pub fn key(self) -> &'static str {
        match self {
            Self::NoText => "news-error-no-text",
            Self::Incomplete(_) => "news-error-incomplete",
            Self::TitleLength(_) => "news-error-title-length",
            Self::BodyLength(_) => "news-error-body-length",
            Self::PublishedAt => "news-error-published",
            Self::ExpiresAt => "news-error-expires",
            Self::ExpiresBeforePublished => "news-error-expires-before",
        }
    }

    /// The language the error is about, if any.
    pub fn language(self) -> Option<Language> {
        match self {
            Self::Incomplete(l) | Self::TitleLength(l) | Self::BodyLength(l) => Some(l),
            _ => None,
        }
    }
}

/// Checks a post as the form sends it: texts per language (a language left blank is not
/// part of the post), the publication date and an optional expiry, both as `datetime-local`
/// values in UTC (`2026-12-07T16:30`) or RFC 3339.
pub fn validate_post(
    texts: &[PostText],
    published: &str,
    expires: &str,
) -> Result<ValidPost, PostError> {
    let mut kept = Vec::new();
    for language in Language::ALL {
        let Some(text) = texts.iter().find(|t| t.language == language) else {
            continue;
        };
        let title = text.title.trim();
        let body = text.body.trim();
        match (title.is_empty(), body.is_empty()) {
            (true, true) => continue,
            (false, false) => {}
            _ => return Err(PostError::Incomplete(language)),
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(PostError::TitleLength(language));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(PostError::BodyLength(language));
        }
        kept.push(PostText {
            language,
            title: title.to_owned(),
            body: body.to_owned(),
        });
    }
    if kept.is_empty() {
        return Err(PostError::NoText);
    }
    let published_at = parse_form_time(published).ok_or(PostError::PublishedAt)?;
    let expires_at = match expires.trim() {
        "" => None,
        text => Some(parse_form_time(text).ok_or(PostError::ExpiresAt)?),
    };
    if expires_at.is_some_and(|e| e <= published_at) {
        return Err(PostError::ExpiresBeforePublished);
    }
    Ok(ValidPost {
        published_at,
        expires_at,
        texts: kept,
    })
}

/// A `datetime-local` value read as UTC (`2026-12-07T16:30`, seconds optional), or any
/// RFC 3339 date or datetime.
pub fn parse_form_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let is_local = text.len() >= 16
        && text.get(10..11) == Some("T")
        && !text.ends_with('Z')
        && !text.get(16..).is_some_and(|rest| rest.contains(['+', '-']));
    let full = match (is_local, text.len()) {
        (true, 16) => format!("{text}:00Z"),
        (true, _) => format!("{text}Z"),
        (false, _) => text.to_owned(),
    };
    crate::time::parse_rfc3339_utc(&full)
}

/// A Unix time as a `datetime-local` value in UTC, the form's own format.
pub fn form_time(unix: i64) -> String {
    crate::time::rfc3339_utc(unix).chars().take(16).collect()
}

/// The cookie that holds the publication time of the newest post a visitor was shown.
pub fn last_post_shown_cookie(slug: &TenantSlug) -> String {
    format!("_BEAMER_LAST_POST_SHOWN_{}", slug.as_str())
}

/// The cookie that holds when the visitor first opened the feed (set once).
pub fn first_visit_cookie(slug: &TenantSlug) -> String {
    format!("_BEAMER_FIRST_VISIT_{}", slug.as_str())
}

/// The lifetimes the registry gives the two feed cookies, when it declares both and the
/// visitor's choice grants their category (or categories): only then may they be read or set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeedCookies {
    /// `_BEAMER_LAST_POST_SHOWN_<site>`'s lifetime.
    pub last_post_shown: Lifetime,
    /// `_BEAMER_FIRST_VISIT_<site>`'s lifetime.
    pub first_visit: Lifetime,
}

/// Whether the site's registry declares the feed cookies and `granted` lets them pass the
/// guard: the same verdict the guard will give, so a cookie is never offered to be dropped.
pub fn feed_cookies(
    registry: &[CookieDeclaration],
    granted: CategorySet,
    slug: &TenantSlug,
) -> Option<FeedCookies> {
    let lifetime = |name: &str| {
        (judge_cookie(name, registry, granted) == CookieVerdict::Allowed)
            .then(|| declaration_for(name, registry).map(|d| d.lifetime))
            .flatten()
    };
    Some(FeedCookies {
        last_post_shown: lifetime(&last_post_shown_cookie(slug))?,
        first_visit: lifetime(&first_visit_cookie(slug))?,
    })
}

/// A feed cookie's value: Unix seconds, digits only.
pub fn read_feed_value(value: &str) -> Option<i64> {
    if value.is_empty() || value.len() > 12 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// The `Set-Cookie` text of a feed cookie holding `value`, with the attributes the registry
/// declares: `Max-Age` (and `expires`) from its lifetime, none for a session cookie,
/// `Path=/`, `SameSite=Lax`, and `Secure` over HTTPS.
pub fn feed_set_cookie(
    name: &str,
    value: i64,
    lifetime: Lifetime,
    now: SystemTime,
    is_secure: bool,
) -> String {
    let mut header = format!("{name}={}", value.max(0));
    if let Some(secs) = lifetime.as_seconds() {
        let expires = now.checked_add(Duration::from_secs(secs)).unwrap_or(now);
        header.push_str(&format!("; expires={}; Max-Age={secs}", http_date(expires)));
    }
    header.push_str("; Path=/; SameSite=Lax");
    if is_secure {
        header.push_str("; Secure");
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_sites;
    use crate::registry::Category;

    fn slug(s: &str) -> TenantSlug {
        TenantSlug::parse(s).unwrap()
    }

    fn registry_of(site: &str) -> Vec<CookieDeclaration> {
        demo_sites()
            .into_iter()
            .find(|s| s.tenant.slug.as_str() == site)
            .unwrap()
            .registry
    }

    #[test]
    fn only_the_platform_site_publishes() {
        assert!(platform_admins_site(&slug("platform")));
        for other in ["cdmx", "civis", "platform-2", "platforms"] {
            assert!(!platform_admins_site(&slug(other)), "{other}");
        }
    }

    #[test]
    fn feed_cookies_pass_only_with_the_declared_category_granted() {
        let platform = registry_of("platform");
        let site = slug("platform");
        assert_eq!(feed_cookies(&platform, CategorySet::empty(), &site), None);
        assert_eq!(
            feed_cookies(
                &platform,
                CategorySet::empty().with(Category::Marketing),
                &site
            ),
            None
        );
        let granted = CategorySet::empty().with(Category::Functionality);
        let year = Lifetime::Seconds(365 * 24 * 3600);
        assert_eq!(
            feed_cookies(&platform, granted, &site),
            Some(FeedCookies {
                last_post_shown: year,
                first_visit: year
            })
        );
        // A portal declares no `_BEAMER*` row: never, whatever is granted.
        let cdmx = registry_of("cdmx");
        assert_eq!(
            feed_cookies(&cdmx, CategorySet::all_optional(), &slug("cdmx")),
            None
        );
    }

    #[test]
    fn feed_cookie_text_carries_the_declared_attributes() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_732_386_000);
        let name = last_post_shown_cookie(&slug("platform"));
        assert_eq!(name, "_BEAMER_LAST_POST_SHOWN_platform");
        assert_eq!(
            feed_set_cookie(&name, 42, Lifetime::Seconds(31_536_000), now, true),
            "_BEAMER_LAST_POST_SHOWN_platform=42; expires=Sun, 23 Nov 2025 18:20:00 GMT; \
             Max-Age=31536000; Path=/; SameSite=Lax; Secure"
        );
        assert_eq!(
            feed_set_cookie("_BEAMER_FIRST_VISIT_x", 7, Lifetime::Session, now, false),
            "_BEAMER_FIRST_VISIT_x=7; Path=/; SameSite=Lax"
        );
    }

    #[test]
    fn feed_cookie_values_are_plain_times() {
        assert_eq!(read_feed_value("1732386000"), Some(1_732_386_000));
        for bad in ["", "-1", "1e9", "12 ", "9999999999999", "x"] {
            assert_eq!(read_feed_value(bad), None, "{bad:?}");
        }
    }

    fn text(language: Language, title: &str, body: &str) -> PostText {
        PostText {
            language,
            title: title.to_owned(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn a_post_needs_one_complete_language_and_sensible_dates() {
        let en = text(Language::En, "New", "Body");
        let ok = validate_post(
            &[en.clone(), text(Language::Fr, " ", "")],
            "2026-12-07T16:30",
            "",
        )
        .unwrap();
        assert_eq!(ok.texts, std::slice::from_ref(&en));
        assert_eq!(
            ok.published_at,
            parse_form_time("2026-12-07T16:30:00Z").unwrap()
        );
        assert_eq!(ok.expires_at, None);
        assert_eq!(
            validate_post(&[text(Language::Es, "", "")], "2026-12-07T16:30", ""),
            Err(PostError::NoText)
        );
        assert_eq!(
            validate_post(&[text(Language::Pt, "Título", "")], "2026-12-07", ""),
            Err(PostError::Incomplete(Language::Pt))
        );
        assert_eq!(
            validate_post(std::slice::from_ref(&en), "tomorrow", ""),
            Err(PostError::PublishedAt)
        );
        assert_eq!(
            validate_post(std::slice::from_ref(&en), "2026-12-07T16:30", "soon"),
            Err(PostError::ExpiresAt)
        );
        assert_eq!(
            validate_post(
                std::slice::from_ref(&en),
                "2026-12-07T16:30",
                "2026-12-07T16:30"
            ),
            Err(PostError::ExpiresBeforePublished)
        );
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(
            validate_post(&[text(Language::En, &long, "b")], "2026-12-07", ""),
            Err(PostError::TitleLength(Language::En))
        );
    }

    #[test]
    fn form_times_round_trip_in_utc() {
        let t = parse_form_time("2026-12-07T16:30").unwrap();
        assert_eq!(form_time(t), "2026-12-07T16:30");
        assert_eq!(parse_form_time("2026-12-07T16:30:15"), Some(t + 15));
        assert_eq!(parse_form_time("2026-12-07T17:30:00+01:00"), Some(t));
        assert_eq!(unread_since(None, 100 * 24 * 3600), 70 * 24 * 3600);
        assert_eq!(unread_since(Some(5), 100), 5);
        let now = 100 * 24 * 3600;
        assert_eq!(
            unread_since(Some(1), now),
            70 * 24 * 3600,
            "capped at 30 days"
        );
    }
}
