//! The columnar engine against the SQL path (issue 14): a dataset of every field type, with
//! nulls, ties, negative numbers and non-ASCII text, spanning more than one of the engine's
//! chunks, is imported; a corpus of ODSQL requests generated from the grammar (proptest),
//! plus hand-written edge cases, runs through both paths on this run's backend (SQLite, and
//! PostgreSQL in the suite's second pass), and every answer the engine gives must equal the
//! SQL path's: same total, same rows in the same order, same keys, same JSON values (a query
//! the engine gives back, its answer depending on how PostgreSQL lower-cases text, is
//! counted apart). Floats computed by a sum or an average may differ in their last bits
//! (the databases add in their own order), so floats compare within a relative 1e-9;
//! everything else exactly.

use crate::explore::import_text;
use crate::helpers::TestApp;
use galette_columnar::{ExecError, execute};
use galette_core::explore::odsql::{
    parse_group_by, parse_order_by, parse_refine, parse_select, parse_where,
};
use galette_store::explore::{ExplorePage, RecordsQuery, columnar_plan, compile};
use galette_store::{Backend, Dataset};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

/// More than one chunk of 4,096 rows.
const ROWS: usize = 5_000;

const NAMES: [&str; 12] = [
    "UA", "AA", "B6", "b6", "Zoë", "zoe", "Élan", "élan", "x y", "", "DL", "ÅÄ",
];

/// A second text field, for word searches: punctuation, cases beyond ASCII (a capital
/// with an accent, a Greek final sigma, a dotted capital I), several words.
const NOTES: [&str; 14] = [
    "United Air Lines",
    "united, air",
    "Air-France",
    "ÉLAN vital",
    "élan",
    "Zoë's café",
    "İzmir",
    "x y z",
    "b6 B6",
    "ΟΔΟΣ",
    "Straße 100%_done",
    "  air  ",
    "ÅÄ å",
    "DL",
];

/// The test dataset's CSV: text, int, double, boolean, date, datetime, point and a second
/// text column, each with empty (null) cells.
pub fn mixed_csv() -> String {
    let mut rng = StdRng::seed_from_u64(14);
    let mut out = String::from("name,n,x,ok,d,t,p,note\n");
    for _ in 0..ROWS {
        let maybe = |rng: &mut StdRng, cell: String| {
            if rng.random_range(0..10) == 0 {
                String::new()
            } else {
                cell
            }
        };
        let name = NAMES[rng.random_range(0..NAMES.len())];
        let name = if name.contains(' ') {
            format!("\"{name}\"")
        } else {
            name.to_owned()
        };
        let n = rng.random_range(-20..=20).to_string();
        let x = format!("{:.2}", rng.random_range(-100.0..100.0_f64));
        let ok = ["true", "false"][rng.random_range(0..2)].to_owned();
        let d = format!(
            "20{:02}-{:02}-{:02}",
            rng.random_range(19..=21),
            rng.random_range(1..=12),
            rng.random_range(1..=28)
        );
        let t = format!(
            "2020-{:02}-{:02}T{:02}:{:02}:00+00:00",
            rng.random_range(1..=12),
            rng.random_range(1..=28),
            rng.random_range(0..24),
            [0, 30][rng.random_range(0..2)]
        );
        let p = format!(
            "\"{:.3},{:.3}\"",
            rng.random_range(40.0..50.0_f64),
            rng.random_range(0.0..5.0_f64)
        );
        let note = format!("\"{}\"", NOTES[rng.random_range(0..NOTES.len())]);
        let cells = [
            maybe(&mut rng, name),
            maybe(&mut rng, n),
            maybe(&mut rng, x),
            maybe(&mut rng, ok),
            maybe(&mut rng, d),
            maybe(&mut rng, t),
            maybe(&mut rng, p),
            maybe(&mut rng, note),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// One request's parameters, as the API reads them.
#[derive(Clone, Debug, Default)]
struct Request {
    select: Option<String>,
    wheres: Vec<String>,
    group_by: Option<String>,
    order_by: Option<String>,
    refine: Vec<String>,
    exclude: Vec<String>,
    limit: u64,
    offset: u64,
}

impl Request {
    fn query(&self) -> Option<RecordsQuery> {
        let mut q = RecordsQuery {
            limit: Some(self.limit),
            offset: self.offset,
            ..RecordsQuery::default()
        };
        if let Some(s) = &self.select {
            q.select = Some(parse_select(s).ok()?);
        }
        for w in &self.wheres {
            q.wheres.push(parse_where(w).ok()?);
        }
        if let Some(g) = &self.group_by {
            q.group_by = parse_group_by(g).ok()?;
        }
        if let Some(o) = &self.order_by {
            q.order_by = parse_order_by(o).ok()?;
        }
        for r in &self.refine {
            q.refine.push(parse_refine(r).ok()?);
        }
        for r in &self.exclude {
            q.exclude.push(parse_refine(r).ok()?);
        }
        Some(q)
    }
}

fn text_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(NAMES.to_vec()).prop_map(|n| format!("\"{n}\"")),
        Just("\"C\"".to_owned()),
        Just("\"zz\"".to_owned()),
    ]
}

/// One condition on one field, of a kind the engine answers.
fn atom() -> impl Strategy<Value = String> {
    let op = proptest::sample::select(vec!["=", "!=", "<", "<=", ">", ">="]);
    let number = prop_oneof![
        (-22i64..22).prop_map(|n| n.to_string()),
        (-120.0..120.0f64).prop_map(|x| format!("{x:.2}")),
    ];
    let day = (19u32..=21, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| format!("date'20{y:02}-{m:02}-{d:02}'"));
    let month = (1u32..=12).prop_map(|m| format!("date'2020-{m:02}'"));
    prop_oneof![
        (op.clone(), text_literal()).prop_map(|(o, v)| format!("name {o} {v}")),
        (
            proptest::sample::select(vec!["n", "x"]),
            op.clone(),
            number.clone()
        )
            .prop_map(|(f, o, v)| format!("{f} {o} {v}")),
        (op.clone(), day.clone()).prop_map(|(o, v)| format!("d {o} {v}")),
        (op.clone(), prop_oneof![day, month]).prop_map(|(o, v)| format!("t {o} {v}")),
        (op.clone(), text_literal()).prop_map(|(o, v)| format!("d {o} {v}")),
        proptest::sample::select(vec!["name", "n", "x", "ok", "d", "t", "p"])
            .prop_map(|f| format!("{f} is null")),
        proptest::sample::select(vec!["name", "n", "x", "ok", "d", "t"])
            .prop_map(|f| format!("{f} is not null")),
        (
            proptest::collection::vec(text_literal(), 1..4),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(v, not, null)| {
                let mut v = v;
                if null {
                    v.push("null".into());
                }
                format!(
                    "name {}in ({})",
                    if not { "not " } else { "" },
                    v.join(", ")
                )
            }),
        (
            proptest::collection::vec(number.clone(), 1..4),
            any::<bool>()
        )
            .prop_map(|(v, not)| format!(
                "n {}in ({})",
                if not { "not " } else { "" },
                v.join(", ")
            )),
        (number.clone(), number, any::<bool>(), any::<bool>()).prop_map(|(a, b, li, hi)| format!(
            "x in {}{a}..{b}{}",
            if li { "[" } else { "]" },
            if hi { "]" } else { "[" }
        )),
        Just("ok".to_owned()),
        Just("ok is false".to_owned()),
        (op, Just("null")).prop_map(|(o, v)| format!("n {o} {v}")),
    ]
}

/// Searched text: one to three words (whole, cut short, in another case, with or without
/// accents) with punctuation between them, or none at all.
fn searched_text() -> impl Strategy<Value = String> {
    let word = proptest::sample::select(vec![
        "air", "ai", "AIR", "united", "lines", "france", "élan", "elan", "Élan", "ÉLAN", "vital",
        "zoë", "zoe", "ZO", "café", "s", "izmir", "İzmir", "x", "y", "b6", "B", "dl", "åä", "å",
        "Å", "straße", "οδος", "ΟΔΟΣ", "100", "done", "ua", "AA",
    ]);
    let separator = proptest::sample::select(vec![" ", ", ", "-", "_"]);
    prop_oneof![
        8 => (proptest::collection::vec(word, 1..4), separator).prop_map(|(w, s)| w.join(s)),
        1 => Just("...".to_owned()),
        1 => Just(String::new()),
    ]
    .prop_map(|t| format!("\"{t}\""))
}

/// Word searches, `like` and `startswith` on one or both text fields.
fn search_atom() -> impl Strategy<Value = String> {
    let field = proptest::sample::select(vec!["name", "note"]);
    let prefix = proptest::sample::select(vec![
        "U", "u", "É", "Él", "é", "", "x ", "Zo", "ÅÄ", "b", "Air", "  ", "İ",
    ]);
    prop_oneof![
        (field.clone(), searched_text()).prop_map(|(f, t)| format!("{f} like {t}")),
        (field.clone(), searched_text()).prop_map(|(f, t)| format!("search({f}, {t})")),
        searched_text().prop_map(|t| format!("search(name, note, {t})")),
        (field.clone(), searched_text()).prop_map(|(f, t)| format!("suggest({f}, {t})")),
        searched_text(),
        searched_text().prop_map(|t| format!("search({t})")),
        (field, prefix).prop_map(|(f, p)| format!("startswith({f}, \"{p}\")")),
    ]
}

/// Conditions the engine leaves to the SQL path: functions, arithmetic.
fn sql_only_atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("n + 1 > 3".to_owned()),
        Just("year(d) = 2020".to_owned()),
        Just("length(name) > 2".to_owned()),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    prop_oneof![10 => atom(), 4 => search_atom(), 1 => sql_only_atom()].prop_recursive(
        3,
        12,
        2,
        |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
                inner.prop_map(|a| format!("not ({a})")),
            ]
        },
    )
}

fn request() -> impl Strategy<Value = Request> {
    let fields = vec!["name", "n", "x", "ok", "d", "t", "note"];
    // Group keys: the fields, and buckets of equal widths (integer, float, some of whose
    // bounds the databases write differently) and of fixed bounds.
    let mut group_keys = fields.clone();
    group_keys.extend([
        "range(n, 5)",
        "range(n, 2.5)",
        "range(x, 10)",
        "range(x, 0.3)",
        "range(n, *, -5, 0, 5, *)",
        "range(x, -50, 0, 50.5, *)",
    ]);
    let key = proptest::sample::select(fields.clone());
    let direction = proptest::sample::select(vec!["", " asc", " desc"]);
    let records = (
        prop_oneof![
            Just(None),
            Just(Some("*".to_owned())),
            proptest::sample::subsequence(
                vec!["name", "n", "x", "ok", "d", "t", "p", "note"],
                1..4
            )
            .prop_map(|f| Some(f.join(", "))),
            Just(Some("n as m, name".to_owned())),
            Just(Some("n as m, name".to_owned())),
            Just(Some("n * 2 as twice".to_owned())),
            Just(Some("name, t".to_owned())),
            Just(Some("x as name, name as x".to_owned())),
        ],
        proptest::collection::vec((key.clone(), direction.clone()), 0..3),
    )
        .prop_map(|(select, order)| {
            let order: Vec<String> = order.iter().map(|(f, d)| format!("{f}{d}")).collect();
            (select, None, (!order.is_empty()).then(|| order.join(", ")))
        });
    let aggregates = proptest::sample::subsequence(
        vec![
            "count(*) as c",
            "count(x) as cx",
            "sum(n) as sn",
            "sum(x) as sx",
            "avg(x) as ax",
            "avg(n) as an",
            "min(name) as lo",
            "max(d) as hi",
            "min(t) as first",
            "max(x) as mx",
            "median(x) as med",
            "count(distinct name) as dn",
            "count(distinct x) as dx",
            "count(distinct ok) as dok",
            "count(distinct d) as dd",
            "count(note) as cnote",
            "median(n) as mn",
            "percentile(x, 90) as p90",
            "percentile(n, 33.3) as p33",
            "percentile(x, 0) as p0",
            "percentile(n, 100) as p100",
        ],
        1..4,
    );
    let grouped = (
        aggregates,
        proptest::sample::subsequence(group_keys, 0..3),
        any::<bool>(),
        proptest::collection::vec(
            (
                prop_oneof![
                    key,
                    Just("c"),
                    Just("count(*)"),
                    Just("g0"),
                    Just("median(x)"),
                    Just("count(distinct name)"),
                    Just("percentile(n, 33.3)")
                ],
                direction,
            ),
            0..3,
        ),
    )
        .prop_map(|(aggs, keys, alias, order)| {
            let group = keys
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    if alias && i == 0 {
                        format!("{k} as g0")
                    } else {
                        (*k).to_owned()
                    }
                })
                .collect::<Vec<_>>();
            let order: Vec<String> = order.iter().map(|(f, d)| format!("{f}{d}")).collect();
            (
                Some(aggs.join(", ")),
                (!group.is_empty()).then(|| group.join(", ")),
                (!order.is_empty()).then(|| order.join(", ")),
            )
        });
    let refine = prop_oneof![
        text_literal().prop_map(|v| format!("name:{}", v.trim_matches('"'))),
        (-20i64..20).prop_map(|n| format!("n:{n}")),
        (1u32..=12).prop_map(|m| format!("d:2020/{m:02}")),
        Just("d:2021".to_owned()),
        Just("ok:1".to_owned()),
        Just("t:2020-03".to_owned()),
        Just("t:2020-02-29".to_owned()),
        Just("t:2020-12".to_owned()),
        Just("t:2020-05-03T12".to_owned()),
    ];
    (
        prop_oneof![records, grouped],
        proptest::collection::vec(condition(), 0..3),
        proptest::collection::vec(refine.clone(), 0..2),
        proptest::collection::vec(refine, 0..2),
        prop_oneof![0u64..=100, Just(10)],
        prop_oneof![Just(0u64), 0u64..40, Just(4_990)],
    )
        .prop_map(
            |((select, group_by, order_by), wheres, refine, exclude, limit, offset)| Request {
                select,
                wheres,
                group_by,
                order_by,
                refine,
                exclude,
                limit,
                offset,
            },
        )
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

fn same_page(engine: &ExplorePage, sql: &ExplorePage) -> bool {
    engine.total == sql.total
        && engine.rows.len() == sql.rows.len()
        && engine.rows.iter().zip(&sql.rows).all(|(a, b)| {
            a.0.len() == b.0.len()
                && a.0
                    .iter()
                    .zip(&b.0)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb))
        })
}

/// How a request went through both paths.
enum Outcome {
    /// The compiler refused it (a 400 on either path).
    Refused,
    /// The engine leaves it to SQL.
    SqlOnly,
    /// The engine took it but gave it back: its answer depended on how the database
    /// lower-cases text (PostgreSQL); SQL answers it.
    Undecided,
    /// Both answered the same.
    Same,
}

async fn check(
    app: &TestApp,
    dataset: &Dataset,
    table: &galette_columnar::Table,
    r: &Request,
) -> Outcome {
    let Some(query) = r.query() else {
        return Outcome::Refused;
    };
    let Ok(compiled) = compile(dataset, app.store.backend(), &query) else {
        return Outcome::Refused;
    };
    let sql = match app.store.explore_page(&compiled).await {
        Ok(page) => page,
        // A query failing on the data (an overflow) must fail the engine too, or be left
        // to SQL.
        Err(_) => return Outcome::Refused,
    };
    let Some(plan) = columnar_plan(dataset, &query, &compiled) else {
        return Outcome::SqlOnly;
    };
    let engine: ExplorePage = match execute(table, &plan) {
        Ok(page) => page.into(),
        Err(ExecError::Undecided(_)) => return Outcome::Undecided,
        Err(e) => panic!("the engine failed on {r:?}: {e}"),
    };
    assert!(
        same_page(&engine, &sql),
        "the engine and SQL differ on {r:?}\nplan: {plan:?}\nengine: total {} {:?}\nSQL: total {} {:?}",
        engine.total,
        engine.rows,
        sql.total,
        sql.rows
    );
    Outcome::Same
}

/// Imports the test dataset as cdmx's `mixed`; the dataset as stored.
async fn import_mixed(app: &TestApp) -> Dataset {
    import_text(app, "mixed", &mixed_csv());
    let tenant = app.store.tenant_by_slug("cdmx").await.unwrap().unwrap();
    app.store
        .dataset(tenant.id, "mixed")
        .await
        .unwrap()
        .unwrap()
}

async fn mixed() -> (TestApp, Dataset, galette_columnar::Table) {
    let app = TestApp::spawn().await;
    let dataset = import_mixed(&app).await;
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
            "geo_point_2d",
            "text"
        ]
    );
    let table = app
        .store
        .load_table(&dataset, usize::MAX)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(table.rows(), ROWS);
    (app, dataset, table)
}

#[tokio::test]
async fn a_generated_corpus_gets_the_same_answers_from_the_engine_and_from_sql() {
    let (app, dataset, table) = mixed().await;
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = request();
    let (mut same, mut sql_only, mut undecided, mut refused) = (0, 0, 0, 0);
    for _ in 0..600 {
        let r = strategy.new_tree(&mut runner).unwrap().current();
        match check(&app, &dataset, &table, &r).await {
            Outcome::Same => same += 1,
            Outcome::SqlOnly => sql_only += 1,
            Outcome::Undecided => undecided += 1,
            Outcome::Refused => refused += 1,
        }
    }
    eprintln!(
        "engine = SQL on {same}, SQL only {sql_only}, given back to SQL {undecided}, refused {refused}"
    );
    // The corpus must mostly reach the engine, or this test proves little.
    assert!(
        same >= 300,
        "only {same} of 600 requests reached the engine"
    );
    assert!(
        sql_only >= 20,
        "the corpus no longer covers what the engine leaves to SQL"
    );
}

#[tokio::test]
async fn edge_cases_get_the_same_answers_from_the_engine_and_from_sql() {
    let (app, dataset, table) = mixed().await;
    let request =
        |wheres: &[&str], select: Option<&str>, group: Option<&str>, order: Option<&str>| Request {
            select: select.map(str::to_owned),
            wheres: wheres.iter().map(|w| (*w).to_owned()).collect(),
            group_by: group.map(str::to_owned),
            order_by: order.map(str::to_owned),
            limit: 100,
            ..Request::default()
        };
    let cases = [
        // Comparisons with null are false, so their negation is true on every row.
        request(&["not (n = null)"], None, None, None),
        request(&["n in (1, null)"], None, None, Some("n desc")),
        request(&["not (n in (1, null))"], None, None, None),
        request(&["not (name in (\"UA\", null))"], None, None, None),
        // Text ordering is by code point: "Zoë" < "zoe" < "Élan" < "élan".
        request(&[], Some("name"), None, Some("name desc")),
        request(
            &["name >= \"Z\""],
            Some("count(*) as c"),
            Some("name"),
            None,
        ),
        request(
            &[],
            Some("count(*) as c, min(name) as lo, max(name) as hi"),
            None,
            None,
        ),
        request(
            &["n > 100"],
            Some("count(*) as c, sum(n) as s, avg(x) as a, min(d) as m"),
            None,
            None,
        ),
        request(&["n > 100"], Some("count(*) as c"), Some("name"), None),
        request(&[], Some("count(*) as c"), Some("name, ok"), Some("c desc")),
        request(
            &["d >= date'2020-06-01'"],
            Some("count(*) as c"),
            Some("d"),
            Some("d desc"),
        ),
        request(
            &["t < date'2020-02-01T12:00:00+02:00'"],
            None,
            None,
            Some("t"),
        ),
        request(&["x in ]-1..1]"], Some("x, n"), None, Some("x, n desc")),
        // Word searches: whole words between spaces, the last one a prefix; a null cell is
        // NULL to `like` (and to its negation), but has no words for a bare search.
        request(&["note like \"air\""], Some("note"), None, Some("note")),
        request(&["not (note like \"air\")"], Some("note"), None, None),
        request(&["note like \"united, ai\""], None, None, None),
        request(&["search(name, note, \"...\")"], None, None, None),
        request(&["\"united air\""], None, None, None),
        request(&["not (\"air\")"], Some("name, note"), None, None),
        request(&["search(\"zoë\")", "search(\"élan\")"], None, None, None),
        request(&["suggest(note, \"fr\")"], None, None, Some("x")),
        request(&["startswith(name, \"É\")"], Some("name"), None, None),
        request(&["not (startswith(note, \"\"))"], None, None, None),
        // Distinct counts and percentiles, in groups, over no row and over only nulls.
        request(
            &[],
            Some(
                "count(distinct name) as dn, count(distinct x) as dx, median(x) as m, percentile(n, 90) as p",
            ),
            Some("ok"),
            Some("m desc"),
        ),
        request(
            &["n > 100"],
            Some("count(distinct name) as dn, median(x) as m, percentile(n, 0) as p"),
            None,
            None,
        ),
        request(
            &["x is null"],
            Some("median(x) as m, count(distinct x) as dx, count(x) as cx"),
            Some("name"),
            None,
        ),
        request(
            &[],
            Some("percentile(x, 100) as hi, percentile(x, 0) as lo, count(distinct d) as days"),
            Some("note"),
            Some("hi"),
        ),
        // Buckets: integer and float widths, fixed bounds (null and out-of-bounds cells in
        // the null bucket); an order by the key orders its labels as text.
        request(
            &[],
            Some("count(*) as c, sum(n) as s"),
            Some("range(n, 5) as r"),
            Some("r desc"),
        ),
        request(
            &["n < 0 or x is null"],
            Some("count(*) as c, median(x) as m"),
            Some("range(x, 2.5) as r, ok"),
            Some("c desc"),
        ),
        request(
            &[],
            Some("count(*) as c"),
            Some("range(n, *, -5, 0, 5) as r"),
            Some("r"),
        ),
        request(
            &[],
            Some("count(*) as c"),
            Some("range(x, 25), range(n, 10)"),
            None,
        ),
    ];
    for r in &cases {
        assert!(
            matches!(check(&app, &dataset, &table, r).await, Outcome::Same),
            "{r:?} did not reach the engine"
        );
    }
    let mut paged = request(&["name = \"UA\""], None, None, Some("x desc"));
    for offset in [0, 1, 99, 400, 4_990] {
        paged.offset = offset;
        assert!(matches!(
            check(&app, &dataset, &table, &paged).await,
            Outcome::Same
        ));
    }
    // SQLite lower-cases ASCII letters only, so "Élan" does not hold "élan"; PostgreSQL's
    // depends on its database's ctype, and the engine gives such a search back to SQL.
    let accents = request(&["name like \"élan\""], None, None, None);
    let outcome = check(&app, &dataset, &table, &accents).await;
    match app.store.backend() {
        Backend::Sqlite => assert!(matches!(outcome, Outcome::Same)),
        Backend::Postgres => assert!(matches!(outcome, Outcome::Undecided)),
    }
    let mut excluded = request(&[], None, None, Some("n"));
    excluded.exclude = vec!["name:UA".into(), "d:2020".into()];
    excluded.refine = vec!["ok:0".into()];
    assert!(matches!(
        check(&app, &dataset, &table, &excluded).await,
        Outcome::Same
    ));
}

#[tokio::test]
async fn a_version_larger_than_the_budget_is_not_loaded() {
    let (app, dataset, table) = mixed().await;
    let smaller = table.heap_bytes() / 2;
    assert!(
        app.store
            .load_table(&dataset, smaller)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_api_and_the_explorer_answer_the_same_from_the_columnar_copy_once_it_is_loaded() {
    let settings = galette_http::HttpSettings {
        columnar: galette_http::columnar::ColumnarSettings {
            min_rows: 0,
            ..Default::default()
        },
        without_answer_cache: true,
        ..galette_http::HttpSettings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    let dataset = import_mixed(&app).await;
    let host = "cdmx.localhost";
    let paths = [
        "/api/explore/v2.1/catalog/datasets/mixed/records?where=n%20%3E%203&order_by=x%20desc&limit=20",
        "/api/explore/v2.1/catalog/datasets/mixed/records?select=count(*)%20as%20c%2C%20avg(n)%20as%20a&group_by=ok&where=name%20%3C%20%22b%22",
        "/api/explore/v2.1/catalog/datasets/mixed/facets?where=x%20%3E%200",
    ];
    let mut before = Vec::new();
    for path in paths {
        let response = app.get(host, path).await;
        assert_eq!(response.status(), 200, "{path}");
        before.push(response.json::<Value>().await.unwrap());
    }
    let explorer = "/datasets/mixed/?refine=name:UA";
    let page_before = app.get(host, explorer).await.text().await.unwrap();
    // The first query started the load in the background.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !app.state.tables.is_loaded(&dataset) {
        assert!(
            std::time::Instant::now() < deadline,
            "the copy never loaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(app.state.tables.used_bytes() > 0);
    for (path, expected) in paths.iter().zip(&before) {
        let after: Value = app.get(host, path).await.json().await.unwrap();
        assert_eq!(&after, expected, "{path}");
    }
    let page_after = app.get(host, explorer).await.text().await.unwrap();
    let without_tokens = |html: &str| {
        regex::Regex::new(r#"name="csrfmiddlewaretoken" value="[^"]*""#)
            .unwrap()
            .replace_all(html, "")
            .into_owned()
    };
    assert_eq!(without_tokens(&page_after), without_tokens(&page_before));
}
