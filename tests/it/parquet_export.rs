//! `exports/parquet` (issue 14): the export of a filtered query, read back with a Parquet
//! reader, holds the same rows and values as the JSON export of the same query, every type
//! and null included; a bad query is a 400 before any byte of a file.

use crate::columnar::mixed_csv;
use crate::explore::import_text;
use crate::helpers::TestApp;
use parquet::file::reader::FileReader;
use parquet::file::serialized_reader::SerializedFileReader;
use parquet::record::Field;
use serde_json::Value;

const HOST: &str = "cdmx.localhost";
const EXPORTS: &str = "/api/explore/v2.1/catalog/datasets/mixed/exports";

/// `YYYY-MM-DD` of a day count from 1970-01-01, walking whole years then months (a
/// different way from the server's, so that one checks the other).
fn civil(mut days: i64) -> String {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut year = 1970;
    loop {
        let length = if leap(year) { 366 } else { 365 };
        if days < 0 {
            year -= 1;
            days += if leap(year) { 366 } else { 365 };
        } else if days >= length {
            days -= length;
            year += 1;
        } else {
            break;
        }
    }
    let months = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 1;
    for length in months {
        if days < length {
            break;
        }
        days -= length;
        month += 1;
    }
    format!("{year:04}-{month:02}-{:02}", days + 1)
}

/// A Parquet cell as the JSON export writes it.
fn json_of(field: &Field) -> Value {
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::Bool(*b),
        Field::Long(i) => Value::from(*i),
        Field::Double(x) => Value::from(*x),
        Field::Str(s) => Value::String(s.clone()),
        Field::Date(d) => Value::String(civil(i64::from(*d))),
        Field::TimestampMillis(ms) => {
            let seconds = ms / 1000;
            let (day, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
            Value::String(format!(
                "{}T{:02}:{:02}:{:02}+00:00",
                civil(day),
                rest / 3600,
                rest % 3600 / 60,
                rest % 60
            ))
        }
        Field::Group(row) => {
            let mut point = serde_json::Map::new();
            for (name, value) in row.get_column_iter() {
                point.insert(name.clone(), json_of(value));
            }
            Value::Object(point)
        }
        other => panic!("unexpected Parquet cell {other:?}"),
    }
}

#[tokio::test]
async fn a_parquet_export_holds_the_rows_and_values_of_the_json_export() {
    let app = TestApp::spawn().await;
    import_text(&app, "mixed", &mixed_csv());
    let query = "where=n%20%3E%20-5%20or%20name%20%3D%20%22UA%22&order_by=x%20desc";
    let response = app.get(HOST, &format!("{EXPORTS}/parquet?{query}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.apache.parquet"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("mixed.parquet")
    );
    let file = SerializedFileReader::new(response.bytes().await.unwrap()).unwrap();
    let expected: Vec<serde_json::Map<String, Value>> = app
        .get(HOST, &format!("{EXPORTS}/json?{query}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(expected.len() > 2_000, "{} rows", expected.len());
    assert_eq!(
        file.metadata().file_metadata().num_rows(),
        expected.len() as i64
    );
    let mut seen = 0;
    for (row, want) in file.get_row_iter(None).unwrap().zip(&expected) {
        let row = row.unwrap();
        let got: serde_json::Map<String, Value> = row
            .get_column_iter()
            .map(|(name, field)| (name.clone(), json_of(field)))
            .collect();
        assert_eq!(&got, want);
        seen += 1;
    }
    assert_eq!(seen, expected.len());
}

#[tokio::test]
async fn a_parquet_export_of_a_bad_query_is_a_400_not_a_broken_file() {
    let app = TestApp::spawn().await;
    import_text(&app, "mixed", &mixed_csv());
    let response = app
        .get(HOST, &format!("{EXPORTS}/parquet?where=nope%20%3E%201"))
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "ODSQLError");
    let response = app
        .get(HOST, &format!("{EXPORTS}/parquet?where=n%20%3E%20999"))
        .await;
    assert_eq!(response.status(), 200);
    let file = SerializedFileReader::new(response.bytes().await.unwrap()).unwrap();
    assert_eq!(file.metadata().file_metadata().num_rows(), 0);
}
