//! The optional categories a visitor may grant, as one small set.
//!
//! Owns: [`CategorySet`], its fixed order (functionality, statistics, marketing) and its
//! `granted` token in the `cookies_preferences` value (`docs/consent.md` C-20).
//! Does not own: the categories themselves (`registry::Category`) or the rest of the value
//! (`consent::choice`).

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::registry::Category;

/// The optional categories in their fixed order; `necessary` is never among them.
pub const OPTIONAL: [Category; 3] = [
    Category::Functionality,
    Category::Statistics,
    Category::Marketing,
];

/// The token of a choice that grants nothing.
const NONE_TOKEN: &str = "none";

/// A set of optional categories, e.g. what a visitor granted; `necessary` is implied, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct CategorySet {
    /// One bit per entry of [`OPTIONAL`], in the same order.
    bits: u8,
}

impl CategorySet {
    /// The set that grants nothing optional.
    pub const fn empty() -> Self {
        Self { bits: 0 }
    }

    /// The set that grants every optional category.
    pub const fn all_optional() -> Self {
        Self { bits: 0b111 }
    }

    /// Whether a category is granted; `necessary` always is.
    pub fn contains(self, category: Category) -> bool {
        match bit(category) {
            Some(b) => self.bits & b != 0,
            None => true,
        }
    }

    /// This set with `category` granted too (no change for `necessary`).
    #[must_use]
    pub fn with(self, category: Category) -> Self {
        Self {
            bits: self.bits | bit(category).unwrap_or(0),
        }
    }

    /// This set with `category` no longer granted (no change for `necessary`).
    #[must_use]
    pub fn without(self, category: Category) -> Self {
        Self {
            bits: self.bits & !bit(category).unwrap_or(0),
        }
    }

    /// Whether no optional category is granted.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The granted categories in the fixed order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        OPTIONAL.into_iter().filter(move |c| self.contains(*c))
    }

    /// The optional categories this set does not grant.
    #[must_use]
    pub fn refused(self) -> CategorySet {
        Self {
            bits: !self.bits & Self::all_optional().bits,
        }
    }

    /// The codes of the granted categories in the fixed order, e.g. `["statistics"]`.
    pub fn codes(self) -> Vec<&'static str> {
        self.iter().map(Category::code).collect()
    }

    /// The `granted` part of `cookies_preferences`: codes joined by `-`, or `none` (C-20).
    pub fn to_token(self) -> String {
        if self.is_empty() {
            NONE_TOKEN.to_owned()
        } else {
            self.codes().join("-")
        }
    }

    /// Reads a `granted` token strictly: lower-case codes in the fixed order, each once,
    /// never `necessary`, and `none` for the empty set. Anything else is `None`.
    pub fn from_token(token: &str) -> Option<Self> {
        if token == NONE_TOKEN {
            return Some(Self::empty());
        }
        let mut set = Self::empty();
        // Index in OPTIONAL of the last code read; each code must come strictly after it.
        let mut last: Option<usize> = None;
        for code in token.split('-') {
            let index = OPTIONAL.iter().position(|c| c.code() == code)?;
            if last.is_some_and(|l| index <= l) {
                return None;
            }
            last = Some(index);
            set = set.with(*OPTIONAL.get(index)?);
        }
        Some(set)
    }
}

impl FromIterator<Category> for CategorySet {
    /// Collects categories into a set, dropping `necessary`.
    fn from_iter<I: IntoIterator<Item = Category>>(categories: I) -> Self {
        categories
            .into_iter()
            .fold(Self::empty(), |set, c| set.with(c))
    }
}

impl Serialize for CategorySet {
    /// An array of codes in the fixed order, e.g. `["functionality","statistics"]`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.iter().count()))?;
        for category in self.iter() {
            seq.serialize_element(category.code())?;
        }
        seq.end()
    }
}

/// The bit of an optional category; `None` for `necessary`.
fn bit(category: Category) -> Option<u8> {
    OPTIONAL
        .iter()
        .position(|c| *c == category)
        .map(|index| 1 << index)
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn necessary_is_always_contained_and_never_stored() {
        let set = CategorySet::empty().with(Category::Necessary);
        assert_eq!(set, CategorySet::empty());
        assert!(set.contains(Category::Necessary));
        assert!(
            CategorySet::all_optional()
                .without(Category::Necessary)
                .contains(Category::Necessary)
        );
        assert_eq!(CategorySet::empty().iter().count(), 0);
    }

    #[test]
    fn iteration_follows_the_fixed_order_whatever_the_insertion_order() {
        let set = CategorySet::empty()
            .with(Category::Marketing)
            .with(Category::Functionality);
        assert_eq!(set.codes(), vec!["functionality", "marketing"]);
        assert_eq!(
            CategorySet::all_optional().iter().collect::<Vec<_>>(),
            OPTIONAL.to_vec()
        );
    }

    #[test]
    fn refused_is_the_complement_among_optional_categories() {
        let set = CategorySet::empty().with(Category::Statistics);
        assert_eq!(set.refused().codes(), vec!["functionality", "marketing"]);
        assert_eq!(CategorySet::all_optional().refused(), CategorySet::empty());
        assert_eq!(CategorySet::empty().refused(), CategorySet::all_optional());
    }

    #[test]
    fn tokens_match_the_cookie_format() {
        assert_eq!(CategorySet::empty().to_token(), "none");
        assert_eq!(
            CategorySet::empty().with(Category::Statistics).to_token(),
            "statistics"
        );
        assert_eq!(
            CategorySet::all_optional()
                .without(Category::Marketing)
                .to_token(),
            "functionality-statistics"
        );
    }

    #[test]
    fn every_set_round_trips_through_its_token() {
        for bits in 0..8u8 {
            let set: CategorySet = OPTIONAL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, c)| c)
                .collect();
            assert_eq!(CategorySet::from_token(&set.to_token()), Some(set));
        }
    }

    #[test]
    fn tokens_out_of_order_repeated_or_odd_are_refused() {
        for bad in [
            "",
            "-",
            "statistics-functionality",
            "statistics-statistics",
            "necessary",
            "necessary-statistics",
            "Statistics",
            "none-statistics",
            "statistics-",
            "-statistics",
            "ads",
            " statistics",
        ] {
            assert_eq!(CategorySet::from_token(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_set_serialises_as_an_array_of_codes() {
        let set = CategorySet::empty()
            .with(Category::Marketing)
            .with(Category::Functionality);
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"["functionality","marketing"]"#
        );
        assert_eq!(serde_json::to_string(&CategorySet::empty()).unwrap(), "[]");
    }
}
