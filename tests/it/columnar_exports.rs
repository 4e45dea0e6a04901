//! Exports from a columnar copy against the SQL path (issue 14): the same dataset is
//! imported into two servers, one with the columnar path off and one whose copy is loaded,
//! and every filtered, ordered, selected or paged export, in every format and with every
//! CSV option, must be the same bytes from both. The dataset's text holds what CSV quotes
//! and JSON escapes, its floats span magnitudes where the databases switch to exponents,
//! its datetimes are written in more than one zone, and every column has nulls.

use crate::explore::import_text;
use crate::helpers::TestApp;
use galette_http::HttpSettings;
use galette_http::columnar::ColumnarSettings;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HOST: &str = "cdmx.localhost";
const EXPORTS: &str = "/api/explore/v2.1/catalog/datasets/tricky/exports";

/// More than one chunk of the engine's 4,096 rows.
const ROWS: usize = 5_000;

const NAMES: [&str; 12] = [
    "UA",
    "a;b",
    "say \"hi\"",
    "two\nlines",
    "tab\there",
    "back\\slash",
    "pipe|bar",
    "comma,here",
    "Zoë",
    "",
    "cr\rhere",
    "ÅÄ",
];

/// Floats whose text differs between formats and databases: exponents, integral values,
/// fifteen and seventeen significant digits.
fn float(rng: &mut StdRng) -> String {
    match rng.random_range(0..8) {
        0 => format!("{:.2}", rng.random_range(-100.0..100.0_f64)),
        1 => format!("{}", rng.random_range(-1.0..1.0_f64)),
        2 => format!("{}e{}", rng.random_range(1..99), rng.random_range(-12..25)),
        3 => format!("{}", rng.random_range(-5_000..5_000)),
        4 => format!("{}", rng.random_range(0.0..1e18_f64)),
        5 => ["0.1", "1e15", "1e-5", "0.0001", "123456789012345.6", "-0.0"][rng.random_range(0..6)]
            .to_owned(),
        6 => format!("{:.6}", rng.random_range(-1e6..1e6_f64)),
        _ => format!("{}", f64::from(rng.random_range(0..1000)) / 7.0),
    }
}

fn quoted(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// The dataset: text, int, double, boolean, date, datetime and point columns, a tenth of
/// each column empty (null).
fn tricky_csv() -> String {
    let mut rng = StdRng::seed_from_u64(1414);
    let mut out = String::from("name,n,x,ok,d,t,p\n");
    for _ in 0..ROWS {
        let cells = [
            quoted(NAMES[rng.random_range(0..NAMES.len())]),
            if rng.random_range(0..50) == 0 {
                "-9007199254740993".to_owned()
            } else {
                rng.random_range(-20..=20).to_string()
            },
            float(&mut rng),
            ["true", "false"][rng.random_range(0..2)].to_owned(),
            format!(
                "20{:02}-{:02}-{:02}",
                rng.random_range(19..=21),
                rng.random_range(1..=12),
                rng.random_range(1..=28)
            ),
            format!(
                "2020-{:02}-{:02}T{:02}:{:02}:{:02}{}",
                rng.random_range(1..=12),
                rng.random_range(1..=28),
                rng.random_range(0..24),
                rng.random_range(0..60),
                rng.random_range(0..60),
                ["+00:00", "-05:00", "+05:30", "Z"][rng.random_range(0..4)]
            ),
            quoted(&format!(
                "{},{}",
                rng.random_range(-90.0..90.0_f64),
                rng.random_range(-180.0..180.0_f64)
            )),
        ];
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| {
                if rng.random_range(0..10) == 0 {
                    String::new()
                } else {
                    c
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Queries the engine answers: filters, orders (several keys, nulls, ties), select lists
/// with aliases, limits and offsets, refinements and exclusions, another zone, text search.
const QUERIES: [&[(&str, &str)]; 13] = [
    &[("where", "n > 3"), ("order_by", "x desc")],
    &[
        ("where", "name = \"a;b\" or name is null"),
        ("select", "name, t, p, x"),
    ],
    &[
        ("refine", "ok:1"),
        ("order_by", "name, n desc"),
        ("limit", "700"),
        ("offset", "13"),
    ],
    &[
        ("where", "x in [-50..50]"),
        ("select", "n as m, name as label, d"),
        ("order_by", "m"),
    ],
    &[
        ("exclude", "name:UA"),
        ("where", "t is not null"),
        ("order_by", "t desc"),
        ("timezone", "America/Mexico_City"),
    ],
    &[
        ("where", "d >= date'2020-06-01'"),
        ("order_by", "d"),
        ("offset", "1500"),
    ],
    &[
        ("where", "not (n = 3)"),
        ("select", "p, ok"),
        ("limit", "0"),
    ],
    &[(
        "where",
        "name in (\"say \\\"hi\\\"\", \"Zoë\", \"two\nlines\")",
    )],
    &[("order_by", "x"), ("limit", "4000"), ("select", "x, p")],
    &[("where", "p is null or ok"), ("order_by", "ok desc, d, x")],
    &[("refine", "d:2020"), ("where", "x > 1000000")],
    &[("where", "search(name, \"say\")"), ("order_by", "n")],
    &[("where", "name like \"two\" or startswith(name, \"Z\")")],
];

/// Each format, and CSV with each option.
const FORMATS: [(&str, &[(&str, &str)]); 9] = [
    ("csv", &[]),
    ("csv", &[("delimiter", ",")]),
    ("csv", &[("delimiter", "|"), ("quote_all", "true")]),
    ("csv", &[("delimiter", "\t"), ("with_bom", "false")]),
    ("csv", &[("list_separator", "|"), ("use_labels", "true")]),
    ("json", &[]),
    ("jsonl", &[]),
    ("geojson", &[]),
    ("parquet", &[]),
];

async fn server(columnar: bool) -> TestApp {
    let settings = HttpSettings {
        columnar: ColumnarSettings {
            min_rows: 0,
            memory_bytes: if columnar { 256 << 20 } else { 0 },
        },
        without_answer_cache: true,
        ..HttpSettings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    import_text(&app, "tricky", &tricky_csv());
    app
}

async fn export(app: &TestApp, format: &str, params: &[(&str, &str)]) -> (u16, Vec<u8>) {
    let query = serde_urlencoded::to_string(params).unwrap();
    let response = app.get(HOST, &format!("{EXPORTS}/{format}?{query}")).await;
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn exports_from_the_columnar_copy_are_the_bytes_of_the_sql_path() {
    let sql = server(false).await;
    let engine = server(true).await;
    let tenant = engine.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    let dataset = engine
        .store
        .dataset(tenant.id, "tricky")
        .await
        .unwrap()
        .unwrap();
    let types: Vec<&str> = dataset.fields.iter().map(|f| f.field_type.code()).collect();
    assert_eq!(
        types,
        [
            "text",
            "int",
            "double",
            "boolean",
            "date",
            "datetime",
            "geo_point_2d"
        ]
    );
    // A first export starts the copy's load; wait for it.
    export(&engine, "csv", &[("where", "n > 0")]).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !engine.state.tables.is_loaded(&dataset) {
        assert!(
            std::time::Instant::now() < deadline,
            "the copy never loaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let answered = engine.state.tables.exports_answered();
    let mut compared = 0;
    for query in QUERIES {
        for (format, options) in FORMATS {
            let params: Vec<(&str, &str)> = query.iter().chain(options.iter()).copied().collect();
            let (status, expected) = export(&sql, format, &params).await;
            assert_eq!(status, 200, "{format} {params:?}");
            let (status, got) = export(&engine, format, &params).await;
            assert_eq!(status, 200, "{format} {params:?}");
            if got != expected {
                let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                let at = got
                    .iter()
                    .zip(&expected)
                    .position(|(a, b)| a != b)
                    .unwrap_or(got.len().min(expected.len()));
                let around = |b: &[u8]| {
                    text(
                        b.get(at.saturating_sub(120)..(at + 120).min(b.len()))
                            .unwrap_or_default(),
                    )
                };
                panic!(
                    "{format} {params:?}: the engine's export ({} bytes) differs from SQL's ({} bytes) at byte {at}:\nengine: {:?}\nSQL:    {:?}",
                    got.len(),
                    expected.len(),
                    around(&got),
                    around(&expected)
                );
            }
            assert!(
                expected.len() > 1000 || params.contains(&("limit", "0")),
                "{format} {params:?}: only {} bytes",
                expected.len()
            );
            compared += 1;
        }
    }
    // Every one of them went through the engine, or this test proves nothing.
    assert_eq!(
        engine.state.tables.exports_answered() - answered,
        compared,
        "some exports took the SQL path"
    );
    // A query the engine leaves to SQL is still answered, by SQL.
    let arithmetic = [("where", "n * 2 > 10")];
    assert_eq!(
        export(&engine, "csv", &arithmetic).await,
        export(&sql, "csv", &arithmetic).await
    );
    assert_eq!(engine.state.tables.exports_answered() - answered, compared);
}

/// Floats written by `write_double` are the database's text of them (what the SQL path's
/// CSV lines hold): random bit patterns of every magnitude, and values with few decimals.
#[tokio::test]
async fn floats_are_written_as_the_database_writes_them() {
    use sqlx::{Connection, Row};
    let app = TestApp::spawn().await;
    let backend = app.store.backend();
    // `compile::dialect::double_text` of each bound float, in order.
    let batch_sql = |n: usize| {
        let rows: Vec<String> = (1..=n)
            .map(|i| match backend {
                galette_store::Backend::Sqlite => format!("({i}, ${i})"),
                galette_store::Backend::Postgres => format!("({i}, ${i}::float8)"),
            })
            .collect();
        let text = match backend {
            galette_store::Backend::Sqlite => "CAST(v AS TEXT)",
            galette_store::Backend::Postgres => {
                "CASE WHEN v = floor(v) AND abs(v) < 1e15 THEN CAST(CAST(v AS BIGINT) AS TEXT) || '.0' \
                 ELSE CAST(v AS TEXT) END"
            }
        };
        format!(
            "SELECT {text} FROM (SELECT column1 AS i, column2 AS v FROM (VALUES {}) AS x) AS y ORDER BY i",
            rows.join(", ")
        )
    };
    let mut rng = StdRng::seed_from_u64(15);
    let mut values = vec![
        0.1,
        1e15,
        1e-5,
        0.0001,
        123_456_789_012_345.6,
        1e300,
        5e-324,
    ];
    for _ in 0..10_000 {
        values.push(f64::from_bits(rng.random::<u64>()));
        values.push(f64::from(rng.random_range(-100_000..100_000)) / 100.0);
        values.push(rng.random_range(-1e20..1e20_f64));
        values.push(
            rng.random_range(-1e16..1e16_f64).round()
                + [0.0, 0.25, 0.5, 0.125][rng.random_range(0..4)],
        );
        let digits = rng.random_range(1..18);
        let mantissa = rng.random_range(1..10_i64.pow(digits));
        values.push(
            format!("{mantissa}e{}", rng.random_range(-30..30))
                .parse()
                .unwrap(),
        );
    }
    values.retain(|x| x.is_finite());
    let mut connection = app.raw_connection().await;
    let mut wrong = Vec::new();
    for batch in values.chunks(500) {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(batch_sql(batch.len())));
        for x in batch {
            query = query.bind(*x);
        }
        let rows = query.fetch_all(&mut connection).await.unwrap();
        assert_eq!(rows.len(), batch.len());
        for (x, row) in batch.iter().zip(rows) {
            let text: String = row.get(0);
            let mut ours = String::new();
            galette_store::explore::write_double(*x, backend, &mut ours);
            if ours != text {
                wrong.push((*x, ours, text));
            }
        }
    }
    connection.close().await.unwrap();
    assert!(
        wrong.is_empty(),
        "{} differ: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(20)]
    );
}
