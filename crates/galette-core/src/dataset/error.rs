//! Why a CSV import failed, in sentences that name the line and the column.
//!
//! Owns: `ImportError` and the mapping of the `csv` crate's errors onto it.
//! Lines are 1-based and the header is line 1, as in a text editor.

use super::field::FieldType;

/// The most columns an imported file may have.
pub const MAX_COLUMNS: usize = 1000;

/// The longest column name (header cell) accepted, in characters: every catalogue answer
/// repeats each name, so a huge one would weigh on every anonymous request.
pub const MAX_COLUMN_NAME_CHARS: usize = 256;

/// The largest cell accepted, in bytes (1 MiB): a page or an answer quotes whole cells.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// How much of a bad value an error message quotes, in characters.
const QUOTED_VALUE_CHARS: usize = 80;

/// Why reading a CSV file for import failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The reader itself failed; the text is the I/O error.
    #[error("could not read the file: {0}")]
    Io(String),
    /// There is not even a header row.
    #[error("the file is empty: it needs a header row naming the columns")]
    Empty,
    /// The file is not text in UTF-8 or Windows-1252: it holds NUL bytes, as UTF-16 text
    /// and binary files (spreadsheets, archives) do.
    #[error(
        "the file is not CSV text in UTF-8 or Windows-1252 (it looks like UTF-16 text or a \
         binary file such as a spreadsheet); save it as CSV UTF-8"
    )]
    NotText,
    /// A row cannot be parsed.
    #[error("line {line}: {reason}")]
    Malformed {
        /// 1-based line where the row starts.
        line: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A row has more or fewer fields than the header (often a broken quote); `column` is
    /// the first extra or missing one, 1-based.
    #[error(
        "line {line}, column {column}: expected {expected} fields like the header but found \
         {found} (a missing or extra delimiter, or an unclosed quote)"
    )]
    FieldCount {
        /// 1-based line where the row starts.
        line: u64,
        /// 1-based position of the first extra or missing field.
        column: usize,
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A value does not fit the type its column was given (only with an override).
    #[error("line {line}, column {column}: {value:?} is not a valid {expected} value")]
    BadValue {
        /// 1-based line where the row starts.
        line: u64,
        /// The field name of the column.
        column: String,
        /// The value as written, shortened when long.
        value: String,
        /// The type the column was given.
        expected: FieldType,
    },
    /// The header has more columns than `MAX_COLUMNS`.
    #[error("the file has {0} columns; at most {MAX_COLUMNS} are allowed")]
    TooManyColumns(usize),
    /// A header cell is longer than `MAX_COLUMN_NAME_CHARS`; `column` is 1-based.
    #[error(
        "line 1, column {column}: the column name has {chars} characters; at most \
         {MAX_COLUMN_NAME_CHARS} are allowed"
    )]
    ColumnNameTooLong {
        /// 1-based position of the column.
        column: usize,
        /// Length of the name, in characters.
        chars: usize,
    },
    /// A data cell is larger than `MAX_CELL_BYTES`; `column` is 1-based.
    #[error(
        "line {line}, column {column}: the value has {bytes} bytes; at most {MAX_CELL_BYTES} \
         (1 MiB) are allowed in one cell"
    )]
    CellTooLarge {
        /// 1-based line where the row starts.
        line: u64,
        /// 1-based position of the column.
        column: usize,
        /// Size of the cell, in bytes.
        bytes: usize,
    },
    /// A type override names a field the file does not have.
    #[error("the type override names {0:?}, which is not a column of the file")]
    UnknownField(String),
}

impl ImportError {
    /// A `BadValue` quoting at most `QUOTED_VALUE_CHARS` characters of the value.
    pub(crate) fn bad_value(line: u64, column: &str, value: &str, expected: FieldType) -> Self {
        let mut quoted: String = value.chars().take(QUOTED_VALUE_CHARS).collect();
        if quoted.len() < value.len() {
            quoted.push('…');
        }
        Self::BadValue {
            line,
            column: column.to_owned(),
            value: quoted,
            expected,
        }
    }

    /// A row whose field count differs from the header's.
    pub(crate) fn wrong_field_count(line: u64, expected: usize, found: usize) -> Self {
        Self::FieldCount {
            line,
            column: expected.min(found) + 1,
            expected,
            found,
        }
    }
}

impl From<std::io::Error> for ImportError {
    fn from(error: std::io::Error) -> Self {
        Self::Io(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_message_names_line_column_and_type() {
        let error = ImportError::bad_value(7, "dep_delay", "late", FieldType::Int);
        assert_eq!(
            error.to_string(),
            "line 7, column dep_delay: \"late\" is not a valid int value"
        );
    }

    #[test]
    fn a_field_count_message_names_the_first_extra_or_missing_column() {
        assert_eq!(
            ImportError::wrong_field_count(4, 2, 3).to_string(),
            "line 4, column 3: expected 2 fields like the header but found 3 \
             (a missing or extra delimiter, or an unclosed quote)"
        );
        let ImportError::FieldCount { column, .. } = ImportError::wrong_field_count(5, 3, 1) else {
            panic!("wrong_field_count builds FieldCount");
        };
        assert_eq!(column, 2, "the first missing column");
    }

    #[test]
    fn a_long_bad_value_is_shortened_in_the_message() {
        let long = "x".repeat(500);
        let ImportError::BadValue { value, .. } =
            ImportError::bad_value(2, "a", &long, FieldType::Date)
        else {
            panic!("bad_value builds BadValue");
        };
        assert_eq!(value.chars().count(), QUOTED_VALUE_CHARS + 1);
    }
}
