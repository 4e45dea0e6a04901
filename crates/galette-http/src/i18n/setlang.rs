//! `/i18n/setlang/`: Django's `set_language` view, restricted to the tenant's languages
//! (django-cookies L-1, L-2).

use crate::auth::redirect_to;
use crate::error::PageError;
use crate::extract::{FormBody, Visitor, query_param};
use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use galette_core::language::Language;
use galette_core::redirect::is_safe_redirect;
use serde::Deserialize;

/// The posted language choice.
#[derive(Deserialize)]
pub struct LanguageForm {
    language: Option<String>,
    next: Option<String>,
}

/// `POST /i18n/setlang/`: sets `django_language` if the language is enabled, then redirects.
pub async fn set_language(
    visitor: Visitor,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    FormBody(form): FormBody<LanguageForm>,
) -> Result<Response, PageError> {
    let chosen = form
        .language
        .as_deref()
        .and_then(Language::parse)
        .filter(|l| visitor.tenant.languages.contains(l));
    if let Some(language) = chosen {
        visitor.set_language_cookie(language);
    }
    let next = form.next.or_else(|| query_param(query.as_deref(), "next"));
    Ok(answer(&visitor, &headers, next))
}

/// `GET /i18n/setlang/?next=…`: redirects only, as Django keeps for old links (L-2.4).
pub async fn follow_link(
    visitor: Visitor,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    answer(&visitor, &headers, query_param(query.as_deref(), "next"))
}

fn answer(visitor: &Visitor, headers: &HeaderMap, next: Option<String>) -> Response {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    let safe = |target: &str| is_safe_redirect(target, &visitor.host, visitor.is_https);
    match redirect_target(next, accept, referer, safe) {
        Some(target) => redirect_to(target),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// L-2: where setlang sends the visitor, or `None` for a `204`.
fn redirect_target(
    next: Option<String>,
    accept: Option<&str>,
    referer: Option<&str>,
    is_safe: impl Fn(&str) -> bool,
) -> Option<String> {
    let mut next = next.unwrap_or_default();
    if (!next.is_empty() || accepts_html(accept)) && !is_safe(&next) {
        next = referer
            .filter(|r| is_safe(r))
            .map_or_else(|| "/".to_owned(), |r| r.trim().to_owned());
    }
    (!next.is_empty()).then_some(next.trim().to_owned())
}

/// Whether an `Accept` header admits `text/html` (a missing header means `*/*`).
fn accepts_html(accept: Option<&str>) -> bool {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return true;
    };
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            let p = p.trim().to_ascii_lowercase();
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        !refused && matches!(media.as_str(), "text/html" | "text/*" | "*/*")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(t: &str) -> bool {
        t.starts_with('/') && !t.starts_with("//")
    }

    #[test]
    fn a_safe_next_is_followed() {
        assert_eq!(
            redirect_target(Some("/datasets/".into()), None, None, safe).as_deref(),
            Some("/datasets/")
        );
    }

    #[test]
    fn an_unsafe_next_falls_back_to_a_safe_referer_then_to_root() {
        let evil = Some("http://evil.example/".to_owned());
        assert_eq!(
            redirect_target(evil.clone(), None, None, safe).as_deref(),
            Some("/")
        );
        assert_eq!(
            redirect_target(evil, None, Some("/about/"), safe).as_deref(),
            Some("/about/")
        );
    }

    #[test]
    fn no_next_and_a_json_client_gets_no_content() {
        assert_eq!(
            redirect_target(None, Some("application/json"), None, safe),
            None
        );
        assert_eq!(
            redirect_target(None, None, None, safe).as_deref(),
            Some("/")
        );
        assert_eq!(
            redirect_target(None, Some("text/html,*/*;q=0.8"), None, safe).as_deref(),
            Some("/")
        );
    }

    #[test]
    fn accept_headers_are_read_like_django() {
        assert!(accepts_html(None));
        assert!(accepts_html(Some("*/*")));
        assert!(accepts_html(Some("text/*")));
        assert!(!accepts_html(Some("application/json")));
        assert!(!accepts_html(Some("text/html;q=0")));
    }
}
