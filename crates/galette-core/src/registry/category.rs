//! Cookie categories and parties, the vocabulary of the policy and of consent.

use serde::Serialize;

/// What a cookie is for; decides whether it needs the visitor's consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Strictly needed for the service the visitor asked for; no consent.
    Necessary,
    /// Remembers choices beyond the strict minimum; consent.
    Functionality,
    /// Measures the audience; consent.
    Statistics,
    /// Advertising or tracking across sites; consent.
    Marketing,
}

impl Category {
    /// All categories in policy order.
    pub const ALL: [Category; 4] = [
        Self::Necessary,
        Self::Functionality,
        Self::Statistics,
        Self::Marketing,
    ];

    /// The stored and public code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Necessary => "necessary",
            Self::Functionality => "functionality",
            Self::Statistics => "statistics",
            Self::Marketing => "marketing",
        }
    }

    /// Reads a code (case-insensitive).
    pub fn parse(code: &str) -> Option<Category> {
        Self::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Whether a cookie of this category may only be set after consent.
    pub const fn needs_consent(self) -> bool {
        !matches!(self, Self::Necessary)
    }
}

/// Who sets the cookie: the site itself or another site embedded in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    /// Set by the site's own host.
    First,
    /// Set by (or for) another site.
    Third,
}

impl Party {
    /// The stored and public code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::First => "first",
            Self::Third => "third",
        }
    }

    /// Reads a code (case-insensitive).
    pub fn parse(code: &str) -> Option<Party> {
        [Self::First, Self::Third]
            .into_iter()
            .find(|p| p.code().eq_ignore_ascii_case(code.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_necessary_cookies_go_without_consent() {
        let free: Vec<_> = Category::ALL
            .into_iter()
            .filter(|c| !c.needs_consent())
            .collect();
        assert_eq!(free, vec![Category::Necessary]);
    }

    #[test]
    fn codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(c));
        }
        assert_eq!(Category::parse("MARKETING"), Some(Category::Marketing));
        assert_eq!(Category::parse("ads"), None);
        assert_eq!(Party::parse("third"), Some(Party::Third));
    }
}
