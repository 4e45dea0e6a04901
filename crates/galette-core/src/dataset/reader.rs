//! Pass 2 of an import: stream a CSV file as typed rows for a schema found by pass 1.
//!
//! Owns: turning each cell into a `Value` of its field's type. A value that does not fit
//! (only possible with an override, or if the file changed between passes) stops the
//! import with `BadValue`. The CSV dialect and line numbers are `dialect`'s.

use std::io::Read;
use std::iter::FusedIterator;

use super::cell::parse_value;
use super::dialect::CsvRecords;
use super::error::ImportError;
use super::field::{FieldType, Value};
use super::infer::Schema;
use super::sniff::Encoding;

/// Typed rows of a CSV file, one `Vec<Value>` per data row, with as many values as fields.
///
/// After the first error the iterator ends.
pub struct RowReader<R> {
    records: CsvRecords<R>,
    columns: Vec<(String, FieldType)>,
    encoding: Encoding,
    is_done: bool,
}

/// Pass 2: a streaming iterator of typed rows for a schema.
///
/// Reads the header at once, so a file that has none, or whose header does not have one
/// column per field, fails here rather than on the first row.
pub fn read_rows<R: Read>(reader: R, schema: &Schema) -> Result<RowReader<R>, ImportError> {
    let mut records = CsvRecords::new(reader, schema.delimiter);
    if !records.advance()? {
        return Err(ImportError::Empty);
    }
    records.check_width(schema.fields.len())?;
    Ok(RowReader {
        records,
        columns: schema
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.field_type))
            .collect(),
        encoding: schema.encoding,
        is_done: false,
    })
}

impl<R: Read> RowReader<R> {
    fn typed_row(&self) -> Result<Vec<Value>, ImportError> {
        let line = self.records.line();
        self.records.check_width(self.columns.len())?;
        self.records
            .record()
            .iter()
            .zip(&self.columns)
            .map(|(cell, (name, field_type))| {
                self.typed_value(cell, *field_type).ok_or_else(|| {
                    ImportError::bad_value(line, name, &self.encoding.decode(cell), *field_type)
                })
            })
            .collect()
    }

    /// A cell as a value of `field_type`, `None` when it does not fit.
    fn typed_value(&self, cell: &[u8], field_type: FieldType) -> Option<Value> {
        if field_type == FieldType::Text {
            if cell.trim_ascii().is_empty() {
                return Some(Value::Null);
            }
            return Some(Value::Text(self.encoding.decode(cell)));
        }
        // Typed values are ASCII, so any encoding reads them the same.
        parse_value(std::str::from_utf8(cell).ok()?, field_type)
    }
}

impl<R: Read> Iterator for RowReader<R> {
    type Item = Result<Vec<Value>, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.is_done {
            return None;
        }
        let row = match self.records.advance() {
            Ok(false) => {
                self.is_done = true;
                return None;
            }
            Ok(true) => self.typed_row(),
            Err(error) => Err(error),
        };
        self.is_done = row.is_err();
        Some(row)
    }
}

impl<R: Read> FusedIterator for RowReader<R> {}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::dataset::infer::{ReadOptions, infer_schema};

    /// Both passes over the same bytes.
    fn import(
        bytes: &[u8],
        options: &ReadOptions,
    ) -> Result<(Schema, Vec<Vec<Value>>), ImportError> {
        let schema = infer_schema(bytes, options)?;
        let rows = read_rows(bytes, &schema)?.collect::<Result<Vec<_>, _>>()?;
        Ok((schema, rows))
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    #[test]
    fn rows_come_back_typed_with_nulls_for_empty_cells() {
        let csv = b"n,x,flag,at\n1,2.5,true,2013-01-01T10:00:00Z\n,,,\n";
        let (_, rows) = import(csv, &ReadOptions::default()).unwrap();
        assert_eq!(
            rows,
            [
                vec![
                    Value::Int(1),
                    Value::Double(2.5),
                    Value::Boolean(true),
                    Value::Datetime(1_357_034_400)
                ],
                vec![Value::Null, Value::Null, Value::Null, Value::Null],
            ]
        );
    }

    #[test]
    fn datetimes_with_offsets_become_utc_seconds() {
        let csv =
            b"at\n2013-01-01T11:00:00+01:00\n2013-01-01 05:00:00-05:00\n2013-01-01T10:00:00.250Z\n";
        let (schema, rows) = import(csv, &ReadOptions::default()).unwrap();
        assert_eq!(
            schema.fields.first().unwrap().field_type,
            FieldType::Datetime
        );
        assert!(
            rows.iter()
                .all(|row| row == &[Value::Datetime(1_357_034_400)])
        );
    }

    #[test]
    fn a_semicolon_file_is_sniffed_and_read() {
        let csv = "ville;population;centre\nLyon;522250;\"45.76, 4.84\"\n".as_bytes();
        let (schema, rows) = import(csv, &ReadOptions::default()).unwrap();
        assert_eq!(schema.delimiter, b';');
        assert_eq!(
            rows,
            [vec![
                text("Lyon"),
                Value::Int(522_250),
                Value::GeoPoint {
                    lat: 45.76,
                    lon: 4.84
                }
            ]]
        );
    }

    #[test]
    fn a_tab_file_is_sniffed_and_read() {
        let (schema, rows) = import(b"a\tb\r\nx y\t2\r\n", &ReadOptions::default()).unwrap();
        assert_eq!(schema.delimiter, b'\t');
        assert_eq!(rows, [vec![text("x y"), Value::Int(2)]]);
    }

    #[test]
    fn a_bom_is_stripped_from_the_first_header() {
        let csv = "\u{FEFF}Name,n\nAda,1\n".as_bytes();
        let (schema, rows) = import(csv, &ReadOptions::default()).unwrap();
        assert_eq!(schema.encoding, Encoding::Utf8Bom);
        let first = schema.fields.first().unwrap();
        assert_eq!(
            (first.name.as_str(), first.label.as_str()),
            ("name", "Name")
        );
        assert_eq!(rows, [vec![text("Ada"), Value::Int(1)]]);
    }

    #[test]
    fn a_latin1_file_is_decoded() {
        let csv = b"Stadt;Einwohner\nZ\xFCrich;421878\nGen\xE8ve;203856\n";
        let (schema, rows) = import(csv, &ReadOptions::default()).unwrap();
        assert_eq!(schema.encoding, Encoding::Latin1);
        assert_eq!(rows.first().unwrap().first().unwrap(), &text("Zürich"));
        assert_eq!(rows.get(1).unwrap().first().unwrap(), &text("Genève"));
    }

    #[test]
    fn quoted_cells_keep_delimiters_quotes_and_line_breaks() {
        let csv = b"a,b\n\"x, \"\"y\"\"\nz\",1\n";
        let (_, rows) = import(csv, &ReadOptions::default()).unwrap();
        assert_eq!(rows, [vec![text("x, \"y\"\nz"), Value::Int(1)]]);
    }

    #[test]
    fn a_ragged_row_stops_pass_2_with_its_line_number() {
        let schema = infer_schema(&b"a,b\n1,2\n"[..], &ReadOptions::default()).unwrap();
        let mut rows = read_rows(&b"a,b\n1,2\n\n3,4,5\n6,7\n"[..], &schema).unwrap();
        assert_eq!(rows.next(), Some(Ok(vec![Value::Int(1), Value::Int(2)])));
        let error = rows.next().unwrap().unwrap_err();
        assert!(
            matches!(
                error,
                ImportError::FieldCount {
                    line: 4,
                    column: 3,
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(rows.next(), None);
    }

    #[test]
    fn an_unclosed_quote_is_malformed() {
        let error = import(b"a,b\n1,2\n\"3,4\n5,6\n", &ReadOptions::default()).unwrap_err();
        assert!(
            matches!(error, ImportError::FieldCount { line: 3, .. }),
            "{error}"
        );
    }

    #[test]
    fn an_override_that_does_not_fit_names_line_and_column() {
        let options = ReadOptions {
            overrides: vec![("dep_delay".to_owned(), FieldType::Int)],
            ..ReadOptions::default()
        };
        let csv = b"carrier,Dep Delay\nUA,2\nAA,late\n";
        let error = import(csv, &options).unwrap_err();
        assert_eq!(
            error,
            ImportError::BadValue {
                line: 3,
                column: "dep_delay".to_owned(),
                value: "late".to_owned(),
                expected: FieldType::Int,
            }
        );
        assert_eq!(
            error.to_string(),
            "line 3, column dep_delay: \"late\" is not a valid int value"
        );
    }

    #[test]
    fn a_header_that_does_not_match_the_schema_is_malformed_at_line_1() {
        let schema = infer_schema(&b"a,b\n1,2\n"[..], &ReadOptions::default()).unwrap();
        let error = read_rows(&b"a\n1\n"[..], &schema).err().unwrap();
        assert!(
            matches!(error, ImportError::FieldCount { line: 1, .. }),
            "{error}"
        );
        let error = read_rows(&b""[..], &schema).err().unwrap();
        assert_eq!(error, ImportError::Empty);
    }

    fn data_file(name: &str) -> std::fs::File {
        let path = format!(
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/{}"),
            name
        );
        std::fs::File::open(&path).unwrap()
    }

    #[test]
    fn the_flights_sample_infers_the_documented_types() {
        let schema = infer_schema(data_file("flights-10k.csv"), &ReadOptions::default()).unwrap();
        assert_eq!(schema.rows, 10_000);
        assert_eq!((schema.delimiter, schema.encoding), (b',', Encoding::Utf8));
        let field = |name: &str| schema.fields.iter().find(|f| f.name == name).unwrap();
        for int in [
            "year",
            "month",
            "day",
            "dep_time",
            "sched_dep_time",
            "dep_delay",
            "arr_time",
            "sched_arr_time",
            "arr_delay",
            "flight",
            "air_time",
            "distance",
            "hour",
            "minute",
        ] {
            assert_eq!(field(int).field_type, FieldType::Int, "{int}");
        }
        for (name, is_facet) in [
            ("carrier", true),
            ("origin", true),
            ("dest", true),
            ("tailnum", false),
        ] {
            assert_eq!(field(name).field_type, FieldType::Text, "{name}");
            assert_eq!(field(name).is_facet, is_facet, "{name}");
        }
        assert_eq!(field("time_hour").field_type, FieldType::Datetime);
        assert_eq!(schema.fields.len(), 19);
    }

    #[test]
    fn the_flights_rows_keep_their_nulls_and_utc_times() {
        let schema = infer_schema(data_file("flights-10k.csv"), &ReadOptions::default()).unwrap();
        let dep_delay = schema
            .fields
            .iter()
            .position(|f| f.name == "dep_delay")
            .unwrap();
        let mut rows = 0;
        let mut nulls = 0;
        let mut first_time = None;
        for row in read_rows(data_file("flights-10k.csv"), &schema).unwrap() {
            let row = row.unwrap();
            assert_eq!(row.len(), schema.fields.len());
            rows += 1;
            nulls += usize::from(row.get(dep_delay) == Some(&Value::Null));
            first_time = first_time.or_else(|| row.last().cloned());
        }
        assert_eq!((rows, nulls), (10_000, 58));
        assert_eq!(first_time, Some(Value::Datetime(1_357_034_400)));
    }

    #[test]
    fn the_airports_file_infers_coordinates_as_doubles() {
        let schema = infer_schema(data_file("airports.csv"), &ReadOptions::default()).unwrap();
        let types: Vec<(&str, FieldType, bool)> = schema
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.field_type, f.is_facet))
            .collect();
        assert_eq!(
            types,
            [
                ("faa", FieldType::Text, false),
                ("name", FieldType::Text, false),
                ("lat", FieldType::Double, false),
                ("lon", FieldType::Double, false),
                ("alt", FieldType::Int, false),
                ("tz", FieldType::Int, false),
                ("dst", FieldType::Text, true),
                ("tzone", FieldType::Text, true),
            ]
        );
        assert_eq!(schema.rows, 1458);
        let nulls = read_rows(data_file("airports.csv"), &schema)
            .unwrap()
            .filter(|row| row.as_ref().unwrap().last() == Some(&Value::Null))
            .count();
        assert_eq!(nulls, 3);
    }

    /// Whenever pass 1 accepts some bytes, pass 2 reads exactly its rows, each full width.
    fn both_passes_agree(bytes: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
        let Ok(schema) = infer_schema(bytes, &ReadOptions::default()) else {
            return Ok(());
        };
        let mut count = 0_u64;
        for row in read_rows(bytes, &schema).unwrap() {
            proptest::prop_assert_eq!(row.unwrap().len(), schema.fields.len());
            count += 1;
        }
        proptest::prop_assert_eq!(count, schema.rows);
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn both_passes_survive_and_agree_on_arbitrary_bytes(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)
        ) {
            both_passes_agree(&bytes)?;
        }

        #[test]
        fn both_passes_survive_and_agree_on_csv_like_text(
            text in "[a-z0-9,;\\t|\"\n\r. :+-]{0,300}"
        ) {
            both_passes_agree(text.as_bytes())?;
        }

        #[test]
        fn both_passes_survive_and_agree_on_csv_like_bytes(
            bytes in proptest::collection::vec(
                proptest::sample::select(b"a1,;\t\"\n\r .-:T\xEF\xBB\xBF\xFC\xC3".to_vec()),
                0..300,
            )
        ) {
            both_passes_agree(&bytes)?;
        }
    }
}
