//! `Vary` and `Content-Language` on the answers whose content depends on the visitor.
//!
//! Owns: adding a name to `Vary` once (docs/cookies.md S-5) and the language headers that
//! Django's LocaleMiddleware writes (L-7).

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use galette_core::language::Language;

/// `Content-Language` and `Vary` on every response that went through language resolution,
/// redirects included; `Vary: Cookie` too when the cookie can change the language.
pub fn add_language_headers(response: &mut Response, lang: Language, cookie_matters: bool) {
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_LANGUAGE)
        .or_insert(HeaderValue::from_static(lang.code()));
    append_vary(headers, "Accept-Language");
    if cookie_matters {
        append_vary(headers, "Cookie");
    }
}

/// Adds `name` to `Vary` once, keeping the names already there in order.
pub(crate) fn append_vary(headers: &mut HeaderMap, name: &'static str) {
    // The first name needs no text built: it is the whole header.
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static(name));
        return;
    }
    let mut names = String::new();
    for value in headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for present in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if present.eq_ignore_ascii_case(name) || present == "*" {
                return;
            }
            names.push_str(present);
            names.push_str(", ");
        }
    }
    names.push_str(name);
    if let Ok(value) = HeaderValue::from_str(&names) {
        headers.insert(header::VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary(headers: &HeaderMap) -> Vec<&str> {
        headers
            .get_all(header::VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    #[test]
    fn names_are_added_once_in_order_and_a_star_covers_everything() {
        let mut headers = HeaderMap::new();
        append_vary(&mut headers, "Accept-Language");
        append_vary(&mut headers, "Cookie");
        append_vary(&mut headers, "cookie");
        append_vary(&mut headers, "Sec-GPC");
        assert_eq!(vary(&headers), ["Accept-Language, Cookie, Sec-GPC"]);
        let mut headers = HeaderMap::new();
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
        headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        append_vary(&mut headers, "Cookie");
        assert_eq!(vary(&headers), ["Origin, Accept-Encoding, Cookie"]);
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("*"));
        append_vary(&mut headers, "Cookie");
        assert_eq!(vary(&headers), ["*"]);
    }
}
