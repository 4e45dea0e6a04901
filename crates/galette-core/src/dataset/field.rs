//! A dataset's fields: their Explore API types, their names, and the typed values they hold.
//!
//! Owns: the type codes of `docs/explore-api.md` §5, turning CSV headers into field
//! names (`[a-z0-9_]`, unique, never an ODSQL keyword), and `Value`.
//! Does not own: deciding a column's type from its cells (`infer`).

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The Explore API type of a field, serialised as its code (`"geo_point_2d"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldType {
    /// Any text.
    #[serde(rename = "text")]
    Text,
    /// A 64-bit signed integer.
    #[serde(rename = "int")]
    Int,
    /// A finite 64-bit float.
    #[serde(rename = "double")]
    Double,
    /// `true` or `false`.
    #[serde(rename = "boolean")]
    Boolean,
    /// A calendar day, `YYYY-MM-DD`.
    #[serde(rename = "date")]
    Date,
    /// An instant, stored as Unix seconds (UTC).
    #[serde(rename = "datetime")]
    Datetime,
    /// A WGS 84 point written `"lat,lon"` in one cell.
    #[serde(rename = "geo_point_2d")]
    GeoPoint2d,
}

impl FieldType {
    /// Every type, narrowest first: the order inference tries them in.
    pub const ALL: [FieldType; 7] = [
        FieldType::Int,
        FieldType::Double,
        FieldType::Boolean,
        FieldType::Date,
        FieldType::Datetime,
        FieldType::GeoPoint2d,
        FieldType::Text,
    ];

    /// The Explore API code of this type, e.g. `"int"`.
    pub fn code(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Int => "int",
            FieldType::Double => "double",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::Datetime => "datetime",
            FieldType::GeoPoint2d => "geo_point_2d",
        }
    }

    /// The type with this Explore API code; `None` for anything else.
    pub fn parse(code: &str) -> Option<Self> {
        FieldType::ALL.into_iter().find(|t| t.code() == code)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// One column of a dataset: its name in queries, its label for people, its type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The name used in ODSQL and in record JSON, `[a-z0-9_]+`.
    pub name: String,
    /// The header as the CSV wrote it.
    pub label: String,
    /// The Explore API type of every value in the column.
    pub field_type: FieldType,
    /// Whether facets list this field by default (text with few distinct values).
    pub is_facet: bool,
}

/// One typed cell of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An empty cell.
    Null,
    /// A `text` value, as written.
    Text(String),
    /// An `int` value.
    Int(i64),
    /// A `double` value, always finite.
    Double(f64),
    /// A `boolean` value.
    Boolean(bool),
    /// A `date` value, `YYYY-MM-DD`.
    Date(String),
    /// A `datetime` value in Unix seconds (UTC).
    Datetime(i64),
    /// A `geo_point_2d` value in degrees.
    GeoPoint {
        /// Latitude, within ±90.
        lat: f64,
        /// Longitude, within ±180.
        lon: f64,
    },
}

/// Words ODSQL reserves; a field named like one gets a trailing `_` so queries can name it.
const ODSQL_KEYWORDS: [&str; 15] = [
    "and", "or", "not", "in", "is", "null", "true", "false", "like", "as", "asc", "desc",
    "distinct", "date", "geom",
];

/// A CSV header as a field name: lower case, every character outside `[a-z0-9_]` → `_`.
///
/// Surrounding whitespace is dropped first; an empty header becomes `field`. Callers
/// de-duplicate (see `unique_field_names`).
pub fn normalise_field_name(header: &str) -> String {
    let name: String = header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "field".to_owned()
    } else {
        name
    }
}

/// The field names of a header row: normalised, kept clear of ODSQL keywords and bare
/// numbers (both get a trailing `_`), and made unique with `_2`, `_3`… suffixes.
pub fn unique_field_names(headers: &[String]) -> Vec<String> {
    let mut taken = HashSet::with_capacity(headers.len());
    headers
        .iter()
        .map(|header| {
            let mut base = normalise_field_name(header);
            if is_reserved(&base) {
                base.push('_');
            }
            let mut name = base.clone();
            let mut suffix = 2_u64;
            while taken.contains(&name) {
                name = format!("{base}_{suffix}");
                suffix += 1;
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// A name ODSQL would read as something else: a keyword or a number.
fn is_reserved(name: &str) -> bool {
    ODSQL_KEYWORDS.contains(&name) || name.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {

    use super::*;

    fn names(headers: &[&str]) -> Vec<String> {
        let owned: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        unique_field_names(&owned)
    }

    #[test]
    fn every_type_code_parses_back_to_its_type() {
        for field_type in FieldType::ALL {
            assert_eq!(FieldType::parse(field_type.code()), Some(field_type));
        }
        assert_eq!(FieldType::parse("geo_shape"), None);
        assert_eq!(FieldType::parse("Int"), None);
    }

    #[test]
    fn types_serialise_as_their_explore_api_codes() {
        let json = serde_json::to_string(&FieldType::GeoPoint2d).unwrap();
        assert_eq!(json, "\"geo_point_2d\"");
        let back: FieldType = serde_json::from_str("\"datetime\"").unwrap();
        assert_eq!(back, FieldType::Datetime);
    }

    #[test]
    fn a_field_survives_a_json_round_trip() {
        let field = Field {
            name: "dep_delay".to_owned(),
            label: "Dep Delay".to_owned(),
            field_type: FieldType::Int,
            is_facet: false,
        };
        let json = serde_json::to_string(&field).unwrap();
        assert_eq!(serde_json::from_str::<Field>(&json).unwrap(), field);
    }

    #[test]
    fn headers_are_lower_cased_and_odd_characters_become_underscores() {
        assert_eq!(normalise_field_name("Dep Delay"), "dep_delay");
        assert_eq!(
            normalise_field_name("  Zürich-Nord (km²) "),
            "z_rich_nord__km__"
        );
        assert_eq!(normalise_field_name("already_fine_42"), "already_fine_42");
    }

    #[test]
    fn an_empty_header_becomes_field() {
        assert_eq!(normalise_field_name(""), "field");
        assert_eq!(normalise_field_name("   "), "field");
        assert_eq!(names(&["", " "]), ["field", "field_2"]);
    }

    #[test]
    fn duplicate_names_get_numbered_suffixes() {
        assert_eq!(names(&["a", "A", "a "]), ["a", "a_2", "a_3"]);
        assert_eq!(names(&["a", "a", "a_2"]), ["a", "a_2", "a_2_2"]);
    }

    #[test]
    fn keywords_and_bare_numbers_get_a_trailing_underscore() {
        assert_eq!(
            names(&["Date", "NULL", "2013", "desc", "dates", "x1"]),
            ["date_", "null_", "2013_", "desc_", "dates", "x1"]
        );
    }
}
