//! Pass 1 of an import: read every row once to name and type each column.
//!
//! Owns: the narrowest-type rule of `docs/explore-api.md` §5 (int → double → boolean →
//! date → datetime → geo_point_2d → text), which text fields become facets, type overrides,
//! and the final choice of encoding. Memory stays flat in the file size: one row at a time,
//! a few flags per column and a bounded set of value hashes for facet counting.
//! Does not own: producing typed values (`reader`).

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Read};

use csv::ByteRecord;

use super::cell::fits;
use super::dialect::CsvRecords;
use super::error::{ImportError, MAX_COLUMN_NAME_CHARS, MAX_COLUMNS};
use super::field::{Field, FieldType, unique_field_names};
use super::sniff::{Encoding, decode_to_utf8, is_binary, read_sample, sniff_delimiter};

/// The types a column may still have, narrowest first; text is what remains when none fits.
const CANDIDATES: [FieldType; 6] = [
    FieldType::Int,
    FieldType::Double,
    FieldType::Boolean,
    FieldType::Date,
    FieldType::Datetime,
    FieldType::GeoPoint2d,
];

/// Every candidate still possible: one bit per entry of `CANDIDATES`.
const ALL_CANDIDATES: u8 = (1 << CANDIDATES.len()) - 1;

/// How an import reads its file; `Default` sniffs everything.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadOptions {
    /// The delimiter byte, or `None` to sniff it among `,` `;` tab `|`.
    pub delimiter: Option<u8>,
    /// The encoding, or `None` to detect it.
    pub encoding: Option<Encoding>,
    /// Types forced on fields (by field name), whatever inference would say.
    pub overrides: Vec<(String, FieldType)>,
    /// The most distinct values a text field may have and still be a facet.
    pub max_facet_values: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            delimiter: None,
            encoding: None,
            overrides: Vec::new(),
            max_facet_values: 1000,
        }
    }
}

/// What pass 1 learned: the fields, how to read the file again, and its row count.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    /// One field per column, in file order.
    pub fields: Vec<Field>,
    /// The delimiter byte used.
    pub delimiter: u8,
    /// The encoding used.
    pub encoding: Encoding,
    /// Data rows, not counting the header.
    pub rows: u64,
}

/// Pass 1: read every row (streaming, memory flat in the file size) to infer each column's type.
///
/// Feed it rows with `observe_row`, then ask for `column_types`; `infer_schema` does both.
#[derive(Clone, Debug)]
pub struct Inference {
    columns: Vec<ColumnStats>,
    rows: u64,
    max_facet_values: usize,
    is_valid_utf8: bool,
}

/// The longest value (in bytes) a facet column may have.
pub const MAX_FACET_VALUE_BYTES: usize = 256;

/// What is known about one column so far.
#[derive(Clone, Debug)]
struct ColumnStats {
    /// Bits of `CANDIDATES` that every value seen so far fits.
    candidates: u8,
    has_value: bool,
    /// Whether some `"lat,lon"` value had a decimal point (see `column_type`).
    has_geo_fraction: bool,
    /// Hashes of the distinct values, dropped once there are more than the facet limit.
    distinct: Option<HashSet<u64>>,
}

impl Inference {
    /// Starts inference for a file of `column_count` columns.
    pub fn new(column_count: usize, max_facet_values: usize) -> Self {
        let column = ColumnStats {
            candidates: ALL_CANDIDATES,
            has_value: false,
            has_geo_fraction: false,
            distinct: Some(HashSet::new()),
        };
        Inference {
            columns: vec![column; column_count],
            rows: 0,
            max_facet_values,
            is_valid_utf8: true,
        }
    }

    /// Takes one data row's raw cells into account; cells beyond the column count are ignored.
    pub fn observe_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a [u8]>) {
        self.rows += 1;
        for (column, cell) in self.columns.iter_mut().zip(cells) {
            if self.is_valid_utf8 && !cell.is_ascii() && std::str::from_utf8(cell).is_err() {
                self.is_valid_utf8 = false;
            }
            column.observe(cell, self.max_facet_values);
        }
    }

    /// The data rows observed so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Whether every cell observed so far was valid UTF-8.
    pub fn is_valid_utf8(&self) -> bool {
        self.is_valid_utf8
    }

    /// The narrowest type every non-null value of each column fits; text for all-null columns.
    pub fn column_types(&self) -> Vec<FieldType> {
        self.columns.iter().map(ColumnStats::column_type).collect()
    }

    /// Whether a column has between one and `max_facet_values` distinct non-null values.
    pub fn has_few_distinct_values(&self, column: usize) -> bool {
        self.columns
            .get(column)
            .and_then(|c| c.distinct.as_ref())
            .is_some_and(|distinct| !distinct.is_empty())
    }
}

impl ColumnStats {
    fn observe(&mut self, cell: &[u8], max_facet_values: usize) {
        let trimmed = cell.trim_ascii();
        if trimmed.is_empty() {
            return;
        }
        self.has_value = true;
        // A long value makes a useless facet, and every explorer page would carry it in
        // its refine links.
        if trimmed.len() > MAX_FACET_VALUE_BYTES {
            self.distinct = None;
        }
        if let Some(distinct) = &mut self.distinct {
            let mut hasher = DefaultHasher::new();
            cell.hash(&mut hasher);
            distinct.insert(hasher.finish());
            if distinct.len() > max_facet_values {
                self.distinct = None;
            }
        }
        if self.candidates == 0 {
            return;
        }
        // Typed values are ASCII, so a cell that is not UTF-8 can only be text.
        let Ok(text) = std::str::from_utf8(trimmed) else {
            self.candidates = 0;
            return;
        };
        for (bit, field_type) in CANDIDATES.into_iter().enumerate() {
            let mask = 1 << bit;
            if self.candidates & mask != 0 && !fits(text, field_type) {
                self.candidates &= !mask;
            }
        }
        if self.candidates & geo_bit() != 0 && text.contains('.') {
            self.has_geo_fraction = true;
        }
    }

    fn column_type(&self) -> FieldType {
        if !self.has_value {
            return FieldType::Text;
        }
        CANDIDATES
            .into_iter()
            .enumerate()
            .filter(|&(bit, _)| self.candidates & (1 << bit) != 0)
            .map(|(_, field_type)| field_type)
            // Whole-number pairs such as `1,5` are far more often decimal commas than points
            // on the globe, so a point column needs at least one decimal point.
            .find(|&field_type| field_type != FieldType::GeoPoint2d || self.has_geo_fraction)
            .unwrap_or(FieldType::Text)
    }
}

/// The bit of `candidates` that stands for geo_point_2d.
fn geo_bit() -> u8 {
    let index = CANDIDATES
        .iter()
        .position(|&t| t == FieldType::GeoPoint2d)
        .unwrap_or(CANDIDATES.len());
    1 << index
}

/// Pass 1 over a whole CSV file: the schema (names, types, facets), delimiter, encoding and
/// row count. Fails on a file that is not text, a missing header, a ragged row, or an
/// override naming no field.
pub fn infer_schema(mut reader: impl Read, options: &ReadOptions) -> Result<Schema, ImportError> {
    let sample = read_sample(&mut reader)?;
    if is_binary(&sample) {
        return Err(ImportError::NotText);
    }
    let sampled_encoding = options.encoding.unwrap_or_else(|| decode_to_utf8(&sample));
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| sniff_delimiter(&sample));
    let mut records = CsvRecords::new(io::Cursor::new(sample).chain(reader), delimiter);

    if !records.advance()? {
        return Err(ImportError::Empty);
    }
    let header = records.record().clone();
    if header.len() > MAX_COLUMNS {
        return Err(ImportError::TooManyColumns(header.len()));
    }
    check_column_names(&header)?;
    let mut inference = Inference::new(header.len(), options.max_facet_values);
    while records.advance()? {
        records.check_width(header.len())?;
        inference.observe_row(records.record());
    }

    // The sample only shows the start of the file: UTF-8 that breaks further on is
    // Windows-1252 after all, unless the caller said otherwise or a BOM promised UTF-8.
    let is_header_utf8 = header.iter().all(|cell| std::str::from_utf8(cell).is_ok());
    let encoding = match (options.encoding, sampled_encoding) {
        (None, Encoding::Utf8) if !inference.is_valid_utf8() || !is_header_utf8 => Encoding::Latin1,
        _ => sampled_encoding,
    };
    let fields = build_fields(&header, encoding, &inference, options)?;
    Ok(Schema {
        fields,
        delimiter,
        encoding,
        rows: inference.rows(),
    })
}

/// `ColumnNameTooLong` for the first header cell over `MAX_COLUMN_NAME_CHARS` characters
/// (counted before the encoding is settled: each byte that is not UTF-8 counts as one).
fn check_column_names(header: &ByteRecord) -> Result<(), ImportError> {
    for (index, cell) in header.iter().enumerate() {
        if cell.len() <= MAX_COLUMN_NAME_CHARS {
            continue;
        }
        let chars = String::from_utf8_lossy(cell).trim().chars().count();
        if chars > MAX_COLUMN_NAME_CHARS {
            return Err(ImportError::ColumnNameTooLong {
                column: index + 1,
                chars,
            });
        }
    }
    Ok(())
}

/// Names, labels, types and facet flags from the header and what inference saw.
fn build_fields(
    header: &ByteRecord,
    encoding: Encoding,
    inference: &Inference,
    options: &ReadOptions,
) -> Result<Vec<Field>, ImportError> {
    let labels: Vec<String> = header
        .iter()
        .map(|cell| encoding.decode(cell).trim().to_owned())
        .collect();
    let names = unique_field_names(&labels);
    let mut types = inference.column_types();
    for (name, forced) in &options.overrides {
        let index = names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| ImportError::UnknownField(name.clone()))?;
        if let Some(field_type) = types.get_mut(index) {
            *field_type = *forced;
        }
    }
    let fields = names
        .into_iter()
        .zip(labels)
        .zip(types)
        .enumerate()
        .map(|(index, ((name, label), field_type))| Field {
            label: if label.is_empty() {
                name.clone()
            } else {
                label
            },
            name,
            field_type,
            is_facet: field_type == FieldType::Text && inference.has_few_distinct_values(index),
        })
        .collect();
    Ok(fields)
}

#[cfg(test)]
mod tests {

    use super::*;

    fn infer(csv: &str) -> Schema {
        infer_schema(csv.as_bytes(), &ReadOptions::default()).unwrap()
    }

    fn types(schema: &Schema) -> Vec<(&str, FieldType)> {
        schema
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.field_type))
            .collect()
    }

    #[test]
    fn each_column_gets_the_narrowest_type_all_its_values_fit() {
        let schema = infer(
            "i,d,b,day,at,point,t\n\
             1,1,true,2013-01-01,2013-01-01T10:00:00Z,\"48.85,2.35\",x\n\
             -2,2.5,FALSE,2013-12-31,2013-01-01 11:00:00+01:00,\"-33.9, 151.2\",1\n",
        );
        assert_eq!(
            types(&schema),
            [
                ("i", FieldType::Int),
                ("d", FieldType::Double),
                ("b", FieldType::Boolean),
                ("day", FieldType::Date),
                ("at", FieldType::Datetime),
                ("point", FieldType::GeoPoint2d),
                ("t", FieldType::Text),
            ]
        );
        assert_eq!(schema.rows, 2);
    }

    #[test]
    fn empty_cells_do_not_change_a_type_and_an_all_null_column_is_text() {
        let schema = infer("n,blank\n1,\n,\n3,  \n");
        assert_eq!(
            types(&schema),
            [("n", FieldType::Int), ("blank", FieldType::Text)]
        );
        assert!(!schema.fields.iter().any(|f| f.is_facet));
    }

    #[test]
    fn a_column_mixing_dates_and_datetimes_is_datetime() {
        let schema = infer("at\n2013-01-01\n2013-01-01T10:00:00Z\n");
        assert_eq!(types(&schema), [("at", FieldType::Datetime)]);
    }

    #[test]
    fn whole_number_pairs_are_decimal_commas_not_points() {
        let schema = infer("price;place\n1,5;\"1,5\"\n2,25;\"45.5,7\"\n");
        assert_eq!(
            types(&schema),
            [("price", FieldType::Text), ("place", FieldType::GeoPoint2d)]
        );
    }

    #[test]
    fn text_with_few_distinct_values_is_a_facet_and_with_many_is_not() {
        let options = ReadOptions {
            max_facet_values: 2,
            ..ReadOptions::default()
        };
        let csv = "few,many,n\nA,x,1\nB,y,2\nA,z,3\n";
        let schema = infer_schema(csv.as_bytes(), &options).unwrap();
        let facets: Vec<bool> = schema.fields.iter().map(|f| f.is_facet).collect();
        assert_eq!(facets, [true, false, false]);
    }

    #[test]
    fn a_text_column_with_a_long_value_is_not_a_facet() {
        let csv = format!("a,b\nx,{}\ny,z\n", "v".repeat(MAX_FACET_VALUE_BYTES + 1));
        let schema = infer_schema(csv.as_bytes(), &ReadOptions::default()).unwrap();
        let facets: Vec<bool> = schema.fields.iter().map(|f| f.is_facet).collect();
        assert_eq!(facets, [true, false]);
    }

    #[test]
    fn an_override_forces_a_type_and_may_make_a_facet() {
        let options = ReadOptions {
            overrides: vec![("code".to_owned(), FieldType::Text)],
            ..ReadOptions::default()
        };
        let schema = infer_schema("code,n\n1,2\n".as_bytes(), &options).unwrap();
        assert_eq!(
            types(&schema),
            [("code", FieldType::Text), ("n", FieldType::Int)]
        );
        assert!(schema.fields.first().unwrap().is_facet);
    }

    #[test]
    fn an_override_naming_no_field_is_refused() {
        let options = ReadOptions {
            overrides: vec![("nope".to_owned(), FieldType::Int)],
            ..ReadOptions::default()
        };
        let error = infer_schema("a\n1\n".as_bytes(), &options).unwrap_err();
        assert_eq!(error, ImportError::UnknownField("nope".to_owned()));
    }

    #[test]
    fn labels_keep_the_header_and_names_are_normalised() {
        let schema = infer("Dep Delay,a,a, \n1,2,3,4\n");
        let pairs: Vec<(&str, &str)> = schema
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("dep_delay", "Dep Delay"),
                ("a", "a"),
                ("a_2", "a"),
                ("field", "field")
            ]
        );
    }

    #[test]
    fn a_file_without_a_header_is_empty() {
        for empty in ["", "\n\n", "\u{FEFF}"] {
            let error = infer_schema(empty.as_bytes(), &ReadOptions::default()).unwrap_err();
            assert_eq!(error, ImportError::Empty, "{empty:?}");
        }
    }

    #[test]
    fn a_utf16_file_is_refused_rather_than_read_as_windows_1252() {
        let utf16: Vec<u8> = "a;b\r\n1;2\r\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let error = infer_schema(utf16.as_slice(), &ReadOptions::default()).unwrap_err();
        assert_eq!(error, ImportError::NotText);
    }

    #[test]
    fn a_header_only_file_has_no_rows_and_text_fields() {
        let schema = infer("a,b\n");
        assert_eq!(schema.rows, 0);
        assert_eq!(
            types(&schema),
            [("a", FieldType::Text), ("b", FieldType::Text)]
        );
    }

    #[test]
    fn a_column_name_over_256_characters_is_refused_with_its_column() {
        let fits = format!("a,{},c\n1,2,3\n", "é".repeat(256));
        assert!(infer_schema(fits.as_bytes(), &ReadOptions::default()).is_ok());
        let long = format!("a,{},c\n1,2,3\n", "é".repeat(257));
        let error = infer_schema(long.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert_eq!(
            error,
            ImportError::ColumnNameTooLong {
                column: 2,
                chars: 257
            }
        );
        assert!(error.to_string().starts_with("line 1, column 2:"));
    }

    #[test]
    fn a_cell_over_one_mebibyte_is_refused_with_its_line_and_column() {
        use crate::dataset::error::MAX_CELL_BYTES;
        let fits = format!("a,b\n1,{}\n", "x".repeat(MAX_CELL_BYTES));
        assert!(infer_schema(fits.as_bytes(), &ReadOptions::default()).is_ok());
        let big = format!("a,b\n1,2\n3,{}\n", "x".repeat(MAX_CELL_BYTES + 1));
        let error = infer_schema(big.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert_eq!(
            error,
            ImportError::CellTooLarge {
                line: 3,
                column: 2,
                bytes: MAX_CELL_BYTES + 1
            }
        );
    }

    #[test]
    fn more_than_a_thousand_columns_are_refused() {
        let header = vec!["c"; 1001].join(",");
        let error = infer_schema(header.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert_eq!(error, ImportError::TooManyColumns(1001));
    }

    #[test]
    fn a_ragged_row_is_malformed_at_its_line() {
        let error =
            infer_schema("a,b\n1,2\n3\n4,5\n".as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(
            matches!(
                error,
                ImportError::FieldCount {
                    line: 3,
                    column: 2,
                    ..
                }
            ),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("line 3, column 2: expected 2 fields")
        );
    }

    #[test]
    fn invalid_utf8_after_the_sample_switches_to_windows_1252() {
        let mut csv = b"city,n\n".to_vec();
        for _ in 0..10_000 {
            csv.extend_from_slice(b"Bern,1\n");
        }
        csv.extend_from_slice(b"Z\xFCrich,2\n");
        let schema = infer_schema(csv.as_slice(), &ReadOptions::default()).unwrap();
        assert_eq!(schema.encoding, Encoding::Latin1);
        assert_eq!(schema.rows, 10_001);
    }

    #[test]
    fn a_forced_delimiter_and_encoding_are_kept() {
        let options = ReadOptions {
            delimiter: Some(b'|'),
            encoding: Some(Encoding::Utf8),
            ..ReadOptions::default()
        };
        let schema = infer_schema("a,b|c\n1,5|\u{e9}\n".as_bytes(), &options).unwrap();
        assert_eq!(schema.delimiter, b'|');
        assert_eq!(schema.encoding, Encoding::Utf8);
        assert_eq!(
            types(&schema),
            [("a_b", FieldType::Text), ("c", FieldType::Text)]
        );
    }
}
