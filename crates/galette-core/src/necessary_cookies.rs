//! The four necessary cookies and their exact `Set-Cookie` wire format.
//!
//! Owns: each cookie's name, lifetime and flags, and the header text that sets or
//! deletes it, byte for byte as Django writes it (`docs/cookies.md`
//! G-1 to G-7, S-4, X-6, L-3, P-1).
//! Does not own: when a cookie is sent (sessions, CSRF, setlang, consent) or the
//! values themselves.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Longest cookie value galette will send (browsers keep about 4 KiB per cookie).
const MAX_VALUE_LEN: usize = 4096;
/// First second of the year 10000, which IMF-fixdate cannot write.
const FIRST_UNWRITABLE_SECOND: u64 = 253_402_300_800;

/// A cookie galette may set without consent; every `Set-Cookie` comes from here.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum NecessaryCookie {
    /// `sessionid`: the server-side session id (S-4).
    SessionId,
    /// `csrftoken`: the unmasked CSRF secret.
    CsrfToken,
    /// `django_language`: the visitor's chosen language (L-3).
    Language,
    /// `cookies_preferences`: the visitor's consent choice (P-1).
    ConsentPreferences,
}

impl NecessaryCookie {
    /// All four cookies, in the order the cookie policy lists them.
    pub const ALL: [NecessaryCookie; 4] = [
        NecessaryCookie::SessionId,
        NecessaryCookie::CsrfToken,
        NecessaryCookie::Language,
        NecessaryCookie::ConsentPreferences,
    ];

    /// The cookie's name on the wire.
    pub const fn name(self) -> &'static str {
        match self {
            NecessaryCookie::SessionId => "sessionid",
            NecessaryCookie::CsrfToken => "csrftoken",
            NecessaryCookie::Language => "django_language",
            NecessaryCookie::ConsentPreferences => "cookies_preferences",
        }
    }

    /// The cookie's `Max-Age`: 2 weeks, 52 weeks, 365 days and 182 days.
    pub const fn max_age_secs(self) -> u64 {
        match self {
            NecessaryCookie::SessionId => 1_209_600,
            NecessaryCookie::CsrfToken => 31_449_600,
            NecessaryCookie::Language => 31_536_000,
            NecessaryCookie::ConsentPreferences => 15_724_800,
        }
    }

    /// Whether scripts are kept away from it; only the session id is `HttpOnly`.
    pub const fn is_http_only(self) -> bool {
        matches!(self, NecessaryCookie::SessionId)
    }

    /// The cookie with this exact name, if it is one of the four.
    pub fn from_name(name: &str) -> Option<Self> {
        NecessaryCookie::ALL
            .into_iter()
            .find(|cookie| cookie.name() == name)
    }
}

/// The `Set-Cookie` value that sets `cookie` to `value` at time `now` (G-1 to G-5).
///
/// Attributes come in Django's order: `expires`, `HttpOnly`, `Max-Age`, `Path`,
/// `SameSite`, `Secure`. `value` should pass [`is_valid_cookie_value`]; any other
/// character is dropped so that a value can never inject an attribute.
pub fn set_cookie_header(
    cookie: NecessaryCookie,
    value: &str,
    now: SystemTime,
    is_secure: bool,
) -> String {
    use std::fmt::Write as _;
    let max_age = cookie.max_age_secs();
    let expires = now.checked_add(Duration::from_secs(max_age)).unwrap_or(now);
    let mut header = String::with_capacity(value.len() + 128);
    header.push_str(cookie.name());
    header.push('=');
    header.extend(value.chars().filter(|&c| is_token_char(c)));
    header.push_str("; expires=");
    header.push_str(&http_date(expires));
    if cookie.is_http_only() {
        header.push_str("; HttpOnly");
    }
    // Writing to a String cannot fail.
    let _ = write!(header, "; Max-Age={max_age}; Path=/; SameSite=Lax");
    if is_secure {
        header.push_str("; Secure");
    }
    header
}

/// The `Set-Cookie` value that makes the browser drop `cookie` (G-6).
pub fn delete_cookie_header(cookie: NecessaryCookie, is_secure: bool) -> String {
    let secure = if is_secure { "; Secure" } else { "" };
    format!(
        "{}=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax{secure}",
        cookie.name()
    )
}

/// `t` as an IMF-fixdate (`Sat, 23 Nov 2024 18:20:00 GMT`), for `expires` and `Date` (G-3).
///
/// Times before 1970 or after 9999 are clamped to those bounds.
pub fn http_date(t: SystemTime) -> String {
    let since_epoch = t.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let seconds = since_epoch.as_secs().min(FIRST_UNWRITABLE_SECOND - 1);
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Whether `v` can be sent unquoted: 1 to 4096 of `A-Z a-z 0-9 . _ -` (G-7).
pub fn is_valid_cookie_value(v: &str) -> bool {
    !v.is_empty() && v.len() <= MAX_VALUE_LEN && v.chars().all(is_token_char)
}

/// G-7's token characters: ASCII letters, digits, `.`, `_` and `-`.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

#[cfg(test)]
mod tests {

    use super::*;

    /// 2024-11-23 18:20:00 UTC, a Saturday.
    fn fixed_now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_732_386_000)
    }

    /// Hand-written matcher for the G-3 regex
    /// `^(Mon|…|Sun), \d{2} (Jan|…|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$`.
    fn matches_g3_date(text: &str) -> bool {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let parts: Vec<&str> = text.split(' ').collect();
        let [day, date, month, year, time, zone] = parts.as_slice() else {
            return false;
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let clock: Vec<&str> = time.split(':').collect();
        day.strip_suffix(',').is_some_and(|d| DAYS.contains(&d))
            && digits(date, 2)
            && MONTHS.contains(month)
            && digits(year, 4)
            && clock.len() == 3
            && clock.iter().all(|part| digits(part, 2))
            && *zone == "GMT"
    }

    #[test]
    fn names_lifetimes_and_flags_match_the_reference() {
        let table: Vec<(&str, u64, bool)> = NecessaryCookie::ALL
            .iter()
            .map(|c| (c.name(), c.max_age_secs(), c.is_http_only()))
            .collect();
        assert_eq!(
            table,
            vec![
                ("sessionid", 1_209_600, true),
                ("csrftoken", 31_449_600, false),
                ("django_language", 31_536_000, false),
                ("cookies_preferences", 15_724_800, false),
            ]
        );
        for cookie in NecessaryCookie::ALL {
            assert_eq!(NecessaryCookie::from_name(cookie.name()), Some(cookie));
        }
        assert_eq!(NecessaryCookie::from_name("SessionId"), None);
    }

    #[test]
    fn http_date_vectors_match_the_reference() {
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(fixed_now()), "Sat, 23 Nov 2024 18:20:00 GMT");
    }

    #[test]
    fn http_date_clamps_instead_of_panicking() {
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(http_date(before), "Thu, 01 Jan 1970 00:00:00 GMT");
        let far = UNIX_EPOCH + Duration::from_secs(FIRST_UNWRITABLE_SECOND + 100);
        assert_eq!(http_date(far), "Fri, 31 Dec 9999 23:59:59 GMT");
    }

    #[test]
    fn http_dates_match_the_g3_pattern() {
        for seconds in [0, 1_732_386_000, 951_782_400, 4_102_444_800, 86_399] {
            let date = http_date(UNIX_EPOCH + Duration::from_secs(seconds));
            assert!(matches_g3_date(&date), "{date}");
        }
        assert!(!matches_g3_date("Sat, 3 Nov 2024 18:20:00 GMT"));
        assert!(!matches_g3_date("Sat, 23 Nov 2024 18:20:00 UTC"));
    }

    #[test]
    fn sessionid_header_over_https_is_exact() {
        assert_eq!(
            set_cookie_header(NecessaryCookie::SessionId, "k3abc9q", fixed_now(), true),
            "sessionid=k3abc9q; expires=Sat, 07 Dec 2024 18:20:00 GMT; HttpOnly; \
             Max-Age=1209600; Path=/; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn sessionid_header_matches_the_g2_example() {
        let now = UNIX_EPOCH + Duration::from_secs(1_795_457_921);
        assert_eq!(
            set_cookie_header(NecessaryCookie::SessionId, "k3abc9q", now, true),
            "sessionid=k3abc9q; expires=Mon, 07 Dec 2026 18:18:41 GMT; HttpOnly; \
             Max-Age=1209600; Path=/; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn sessionid_header_over_http_has_no_secure_flag() {
        assert_eq!(
            set_cookie_header(NecessaryCookie::SessionId, "k3abc9q", fixed_now(), false),
            "sessionid=k3abc9q; expires=Sat, 07 Dec 2024 18:20:00 GMT; HttpOnly; \
             Max-Age=1209600; Path=/; SameSite=Lax"
        );
    }

    #[test]
    fn csrftoken_header_is_exact_and_not_http_only() {
        assert_eq!(
            set_cookie_header(NecessaryCookie::CsrfToken, "abcDEF123", fixed_now(), false),
            "csrftoken=abcDEF123; expires=Sat, 22 Nov 2025 18:20:00 GMT; \
             Max-Age=31449600; Path=/; SameSite=Lax"
        );
    }

    #[test]
    fn django_language_header_is_exact() {
        assert_eq!(
            set_cookie_header(NecessaryCookie::Language, "pt", fixed_now(), true),
            "django_language=pt; expires=Sun, 23 Nov 2025 18:20:00 GMT; \
             Max-Age=31536000; Path=/; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn cookies_preferences_header_is_exact() {
        assert_eq!(
            set_cookie_header(
                NecessaryCookie::ConsentPreferences,
                "v1.3.a-b_c.9",
                fixed_now(),
                false
            ),
            "cookies_preferences=v1.3.a-b_c.9; expires=Sat, 24 May 2025 18:20:00 GMT; \
             Max-Age=15724800; Path=/; SameSite=Lax"
        );
    }

    #[test]
    fn a_value_cannot_inject_attributes() {
        let header = set_cookie_header(
            NecessaryCookie::Language,
            "fr; Domain=evil\r\n",
            fixed_now(),
            false,
        );
        assert!(header.starts_with("django_language=frDomainevil; expires="));
    }

    #[test]
    fn deletion_uses_djangos_shape() {
        assert_eq!(
            delete_cookie_header(NecessaryCookie::SessionId, false),
            "sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"
        );
        assert_eq!(
            delete_cookie_header(NecessaryCookie::CsrfToken, true),
            "csrftoken=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn cookie_values_are_plain_tokens() {
        assert!(is_valid_cookie_value("abc-DEF_123.x"));
        assert!(is_valid_cookie_value(&"a".repeat(4096)));
        assert!(!is_valid_cookie_value(&"a".repeat(4097)));
        for bad in ["", "\"\"", "a b", "a;b", "a,b", "é", "a=b", "a\tb"] {
            assert!(!is_valid_cookie_value(bad), "{bad:?}");
        }
    }
}
