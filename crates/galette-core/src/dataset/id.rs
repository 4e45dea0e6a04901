//! The dataset id: the `{dataset_id}` segment of Explore API paths.
//!
//! Owns: which ids are valid (1–100 of `a-z0-9_-`, starting with a letter or digit).
//! Does not own: whether a tenant has a dataset of that id (the store).

use std::fmt;

/// Longest dataset id, in characters.
const MAX_ID_LEN: usize = 100;

/// Why a dataset id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatasetError {
    /// Not 1–100 of `a-z0-9_-` starting with a letter or digit; holds the refused text.
    #[error(
        "{0:?} is not a valid dataset id: use 1 to 100 of a-z, 0-9, _ and -, starting with a letter or digit"
    )]
    BadId(String),
}

/// A validated dataset id, e.g. `flights`, safe in URLs and file names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DatasetId(String);

impl DatasetId {
    /// Checks a proposed id; upper case is refused rather than folded, so ids stay exact.
    pub fn parse(text: &str) -> Result<Self, DatasetError> {
        let bytes = text.as_bytes();
        let starts_well = bytes
            .first()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let is_valid = starts_well
            && bytes.len() <= MAX_ID_LEN
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'));
        if is_valid {
            Ok(DatasetId(text.to_owned()))
        } else {
            Err(DatasetError::BadId(text.to_owned()))
        }
    }

    /// The id as text, for paths, queries and logs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DatasetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn plain_lower_case_ids_are_accepted() {
        for good in [
            "flights",
            "2013-flights",
            "a",
            "air_ports-v2",
            &"x".repeat(100),
        ] {
            assert_eq!(DatasetId::parse(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn ids_with_other_characters_or_lengths_are_refused() {
        for bad in [
            "",
            "Flights",
            "_flights",
            "-flights",
            "flights.csv",
            "vols é",
            "a/b",
            &"x".repeat(101),
        ] {
            assert_eq!(
                DatasetId::parse(bad),
                Err(DatasetError::BadId(bad.to_owned()))
            );
        }
    }

    #[test]
    fn display_pads_like_a_string() {
        let id = DatasetId::parse("flights").unwrap();
        assert_eq!(format!("[{id:>9}]"), "[  flights]");
    }
}
