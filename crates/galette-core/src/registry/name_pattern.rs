//! Cookie names as a registry declares them: an exact name or a prefix wildcard (`_BEAMER*`).

use serde::Serialize;

/// A declared cookie name, possibly ending in `*` to cover a family of names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct NamePattern(String);

/// Why a declared name was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PatternError {
    /// Empty or longer than 128 characters.
    #[error("a cookie name must be 1 to 128 characters")]
    Length,
    /// A character RFC 6265 does not allow in a cookie name.
    #[error("{0:?} is not allowed in a cookie name")]
    Character(char),
    /// `*` somewhere else than at the end, or alone.
    #[error("'*' may only end a name, after at least one character")]
    Wildcard,
}

impl NamePattern {
    /// Checks a declared name: RFC 6265 token characters, optionally one trailing `*`.
    pub fn parse(value: &str) -> Result<NamePattern, PatternError> {
        let value = value.trim();
        if value.is_empty() || value.len() > 128 {
            return Err(PatternError::Length);
        }
        let stem = value.strip_suffix('*').unwrap_or(value);
        if stem.is_empty() || stem.contains('*') {
            return Err(PatternError::Wildcard);
        }
        if let Some(bad) = stem.chars().find(|c| !is_token_char(*c)) {
            return Err(PatternError::Character(bad));
        }
        Ok(NamePattern(value.to_owned()))
    }

    /// The declared text, wildcard included.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this declaration covers several names.
    pub fn is_wildcard(&self) -> bool {
        self.0.ends_with('*')
    }

    /// Whether a concrete cookie name is covered by this declaration.
    pub fn matches(&self, cookie_name: &str) -> bool {
        match self.0.strip_suffix('*') {
            Some(prefix) => cookie_name.starts_with(prefix),
            None => cookie_name == self.0,
        }
    }
}

impl std::fmt::Display for NamePattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&self.0)
    }
}

/// RFC 6265 `token`: visible ASCII except separators.
fn is_token_char(c: char) -> bool {
    c.is_ascii_graphic() && !"()<>@,;:\\\"/[]?={}".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_covers_every_name_with_its_prefix() {
        let beamer = NamePattern::parse("_BEAMER*").unwrap();
        assert!(beamer.is_wildcard());
        assert!(beamer.matches("_BEAMER_USER_ID_abc"));
        assert!(beamer.matches("_BEAMER"));
        assert!(!beamer.matches("_beamer_x"));
        assert!(!beamer.matches("sessionid"));
    }

    #[test]
    fn an_exact_name_covers_only_itself() {
        let session = NamePattern::parse("sessionid").unwrap();
        assert!(session.matches("sessionid"));
        assert!(!session.matches("sessionid2"));
    }

    #[test]
    fn odd_names_are_refused_with_a_reason() {
        assert_eq!(NamePattern::parse(""), Err(PatternError::Length));
        assert_eq!(NamePattern::parse("*"), Err(PatternError::Wildcard));
        assert_eq!(NamePattern::parse("a*b"), Err(PatternError::Wildcard));
        assert_eq!(NamePattern::parse("a b"), Err(PatternError::Character(' ')));
        assert_eq!(NamePattern::parse("a=b"), Err(PatternError::Character('=')));
    }
}
