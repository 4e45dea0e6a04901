//! Third-party integrations: a script, iframe or image pixel a tenant embeds, declared with
//! its category and the origins it loads from (`docs/consent.md` C-60).
//!
//! Owns: the declaration, its checks, and the one accepted spelling of an origin, which goes
//! verbatim into the `Content-Security-Policy` header.
//! Does not own: building that header (`consent::csp`) or rendering the tag (the HTTP crate).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Category, NamePattern};
use crate::language::Language;

/// What kind of element an integration renders, which decides its CSP directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IntegrationKind {
    /// A `<script src>`.
    Script,
    /// An `<iframe src>`.
    Iframe,
    /// An `<img src>` (tracking pixel).
    Image,
}

impl IntegrationKind {
    const ALL: [IntegrationKind; 3] = [Self::Script, Self::Iframe, Self::Image];

    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Script => "script",
            Self::Iframe => "iframe",
            Self::Image => "image",
        }
    }

    /// Reads a code (case-insensitive).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The CSP directive that lets this kind of element load.
    pub const fn csp_directive(self) -> &'static str {
        match self {
            Self::Script => "script-src",
            Self::Iframe => "frame-src",
            Self::Image => "img-src",
        }
    }
}

/// A third-party element a tenant embeds once its category is granted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Integration {
    /// The name shown to visitors and used as its key (e.g. `YouTube`).
    pub name: String,
    /// Consent category; never necessary.
    pub category: Category,
    /// The element it renders.
    pub kind: IntegrationKind,
    /// The `src` of that element: an https URL on one of `origins`.
    pub src: String,
    /// Origins it loads from, each `https://host[:port]` as [`parse_origin`] spells it.
    pub origins: Vec<String>,
    /// Cookies it sets, shown in the policy.
    pub cookies: Vec<NamePattern>,
    /// What it is, per language.
    pub texts: BTreeMap<Language, String>,
}

/// Why an integration was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IntegrationError {
    /// Blank or longer than 80 characters.
    #[error("the name of an integration must be 1 to 80 characters")]
    Name,
    /// Declared as necessary.
    #[error(
        "a third-party integration is never necessary; choose functionality, statistics or marketing"
    )]
    Necessary,
    /// An origin that is not `https://host[:port]`.
    #[error("{origin:?} is not an origin such as https://www.example.org: {reason}")]
    Origin {
        /// The text given.
        origin: String,
        /// What is wrong with it.
        reason: OriginFault,
    },
    /// No origin declared.
    #[error("an integration needs at least one origin")]
    NoOrigin,
    /// The source is not an https URL.
    #[error("the source {0:?} is not an https address")]
    Source(String),
    /// The source is served from an origin not declared.
    #[error("the source is served from {0}, which is not one of the declared origins")]
    SourceOrigin(String),
    /// A description is blank or longer than 500 characters.
    #[error("the description in {language} must be 1 to 500 characters")]
    Text {
        /// Which language.
        language: &'static str,
    },
    /// No description at all.
    #[error("an integration needs its description in at least one language")]
    NoText,
}

/// What is wrong with an origin; `code` names it for translations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginFault {
    /// Not `https://`.
    Scheme,
    /// A path, query or fragment.
    Path,
    /// A user name (`user@host`).
    UserName,
    /// A `*`.
    Wildcard,
    /// Any other character that no host or port has.
    Characters,
    /// An empty or malformed host name.
    Host,
    /// A port outside 1 to 65535, or not written canonically.
    Port,
    /// Valid, but not in the one spelling kept (lower case, no `/`, no `:443`).
    NotCanonical,
}

impl OriginFault {
    /// A stable name of the fault (`registry-origin-<code>` in the translations).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Scheme => "scheme",
            Self::Path => "path",
            Self::UserName => "user",
            Self::Wildcard => "wildcard",
            Self::Characters => "characters",
            Self::Host => "host",
            Self::Port => "port",
            Self::NotCanonical => "canonical",
        }
    }
}

impl std::fmt::Display for OriginFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Scheme => "it must start with https://",
            Self::Path => "it must not have a path, query or fragment",
            Self::UserName => "it must not carry a user name",
            Self::Wildcard => "wildcards are not allowed",
            Self::Characters => "it may only contain letters, digits, dots, hyphens and a port",
            Self::Host => "the host name is not valid",
            Self::Port => "the port must be a number from 1 to 65535",
            Self::NotCanonical => "write it in lower case, without a trailing / or the port 443",
        })
    }
}

/// Reads an origin as the CSP will carry it: `https://host[:port]`, host in lower case, the
/// default port 443 and one trailing `/` dropped; no path, query, user, wildcard, quote,
/// semicolon or space, since any of those could change the header's meaning.
pub fn parse_origin(text: &str) -> Result<String, IntegrationError> {
    let refuse = |reason| IntegrationError::Origin {
        origin: text.to_owned(),
        reason,
    };
    let trimmed = text.trim();
    let scheme_len = "https://".len();
    let rest = match trimmed.get(..scheme_len) {
        Some(scheme) if scheme.eq_ignore_ascii_case("https://") => {
            trimmed.get(scheme_len..).unwrap_or_default()
        }
        _ => return Err(refuse(OriginFault::Scheme)),
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if let Some(bad) = rest
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')))
    {
        return Err(refuse(match bad {
            '/' | '?' | '#' => OriginFault::Path,
            '@' => OriginFault::UserName,
            '*' => OriginFault::Wildcard,
            _ => OriginFault::Characters,
        }));
    }
    let (host, port) = match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host = host.to_ascii_lowercase();
    let is_host_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if !is_host_ok {
        return Err(refuse(OriginFault::Host));
    }
    match port {
        None => Ok(format!("https://{host}")),
        Some(port) => {
            let is_canonical = !port.is_empty()
                && port.len() <= 5
                && !port.starts_with('0')
                && port.bytes().all(|b| b.is_ascii_digit());
            match port.parse::<u16>() {
                Ok(443) if is_canonical => Ok(format!("https://{host}")),
                Ok(n) if is_canonical && n > 0 => Ok(format!("https://{host}:{n}")),
                _ => Err(refuse(OriginFault::Port)),
            }
        }
    }
}

impl Integration {
    /// Checks everything the back office accepts; origins must already be in the spelling
    /// [`parse_origin`] gives, since they are copied into the CSP as they are.
    pub fn validate(&self) -> Result<(), IntegrationError> {
        let name_len = self.name.trim().chars().count();
        if name_len == 0 || name_len > 80 || self.name.chars().any(char::is_control) {
            return Err(IntegrationError::Name);
        }
        if self.category == Category::Necessary {
            return Err(IntegrationError::Necessary);
        }
        if self.origins.is_empty() {
            return Err(IntegrationError::NoOrigin);
        }
        for origin in &self.origins {
            if parse_origin(origin)? != *origin {
                return Err(IntegrationError::Origin {
                    origin: origin.clone(),
                    reason: OriginFault::NotCanonical,
                });
            }
        }
        let src_origin = source_origin(&self.src)?;
        if !self.origins.contains(&src_origin) {
            return Err(IntegrationError::SourceOrigin(src_origin));
        }
        if self.texts.is_empty() {
            return Err(IntegrationError::NoText);
        }
        for (language, text) in &self.texts {
            let len = text.trim().chars().count();
            if len == 0 || len > 500 {
                return Err(IntegrationError::Text {
                    language: language.code(),
                });
            }
        }
        Ok(())
    }
}

/// The origin an https source URL loads from, in [`parse_origin`]'s spelling.
fn source_origin(src: &str) -> Result<String, IntegrationError> {
    let refuse = || IntegrationError::Source(src.to_owned());
    let url = url::Url::parse(src.trim()).map_err(|_| refuse())?;
    if url.scheme() != "https" || !url.username().is_empty() || url.password().is_some() {
        return Err(refuse());
    }
    let host = url.host_str().ok_or_else(refuse)?;
    let origin = match url.port() {
        Some(port) => format!("https://{host}:{port}"),
        None => format!("https://{host}"),
    };
    parse_origin(&origin).map_err(|_| refuse())
}

#[cfg(test)]
mod tests {

    use super::*;

    fn youtube() -> Integration {
        Integration {
            name: "YouTube".to_owned(),
            category: Category::Marketing,
            kind: IntegrationKind::Iframe,
            src: "https://www.youtube-nocookie.com/embed/abc?rel=0".to_owned(),
            origins: vec!["https://www.youtube-nocookie.com".to_owned()],
            cookies: vec![NamePattern::parse("VISITOR_INFO1_LIVE").unwrap()],
            texts: BTreeMap::from([(Language::En, "Embedded videos.".to_owned())]),
        }
    }

    #[test]
    fn a_complete_integration_is_valid() {
        assert_eq!(youtube().validate(), Ok(()));
    }

    #[test]
    fn origins_are_read_into_one_spelling() {
        for (given, origin) in [
            ("https://www.example.org", "https://www.example.org"),
            (" HTTPS://WWW.Example.org/ ", "https://www.example.org"),
            (
                "https://cdn.example.org:8443",
                "https://cdn.example.org:8443",
            ),
            ("https://cdn.example.org:443", "https://cdn.example.org"),
            ("https://localhost", "https://localhost"),
        ] {
            assert_eq!(parse_origin(given).as_deref(), Ok(origin), "{given}");
        }
    }

    #[test]
    fn anything_that_could_bend_the_csp_is_refused() {
        for bad in [
            "http://www.example.org",
            "www.example.org",
            "https://",
            "https://*.example.org",
            "https://example.org/path",
            "https://example.org?x",
            "https://user@example.org",
            "https://example.org; script-src *",
            "https://example.org 'unsafe-inline'",
            "https://exa'mple.org",
            "https://example..org",
            "https://-example.org",
            "https://example.org:0",
            "https://example.org:65536",
            "https://example.org:08443",
            "https://example.org:",
            "https://exämple.org",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_explain_what_is_wrong() {
        let error = parse_origin("https://*.example.org").unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"https://*.example.org\" is not an origin such as https://www.example.org: wildcards are not allowed"
        );
    }

    #[test]
    fn a_third_party_is_never_necessary() {
        let mut integration = youtube();
        integration.category = Category::Necessary;
        assert_eq!(integration.validate(), Err(IntegrationError::Necessary));
    }

    #[test]
    fn the_source_must_be_https_on_a_declared_origin() {
        let mut integration = youtube();
        integration.src = "http://www.youtube-nocookie.com/embed/abc".to_owned();
        assert!(matches!(
            integration.validate(),
            Err(IntegrationError::Source(_))
        ));
        integration.src = "https://www.youtube.com/embed/abc".to_owned();
        assert_eq!(
            integration.validate(),
            Err(IntegrationError::SourceOrigin(
                "https://www.youtube.com".to_owned()
            ))
        );
        integration.src = "https://WWW.YOUTUBE-NOCOOKIE.COM:443/embed/abc".to_owned();
        assert_eq!(integration.validate(), Ok(()));
    }

    #[test]
    fn names_origins_and_texts_are_bounded() {
        let mut integration = youtube();
        integration.name = " ".to_owned();
        assert_eq!(integration.validate(), Err(IntegrationError::Name));
        integration.name = "x".repeat(81);
        assert_eq!(integration.validate(), Err(IntegrationError::Name));

        let mut integration = youtube();
        integration.origins.clear();
        assert_eq!(integration.validate(), Err(IntegrationError::NoOrigin));
        integration.origins = vec!["https://WWW.youtube-nocookie.com".to_owned()];
        assert!(matches!(
            integration.validate(),
            Err(IntegrationError::Origin { .. })
        ));

        let mut integration = youtube();
        integration.texts.clear();
        assert_eq!(integration.validate(), Err(IntegrationError::NoText));
        integration.texts.insert(Language::Fr, "é".repeat(501));
        assert_eq!(
            integration.validate(),
            Err(IntegrationError::Text { language: "fr" })
        );
    }

    #[test]
    fn kinds_name_their_csp_directive() {
        assert_eq!(
            IntegrationKind::parse("IFRAME"),
            Some(IntegrationKind::Iframe)
        );
        assert_eq!(IntegrationKind::parse("video"), None);
        for kind in IntegrationKind::ALL {
            assert_eq!(IntegrationKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(IntegrationKind::Script.csp_directive(), "script-src");
        assert_eq!(IntegrationKind::Iframe.csp_directive(), "frame-src");
        assert_eq!(IntegrationKind::Image.csp_directive(), "img-src");
    }
}
