//! What the compiler's unit tests share: a dataset with a field of each type, a records query
//! written as its API parameters, and the SQL both dialects compile it to, as one text that
//! `insta` snapshots. A snapshot shows the SQLite statement, its count statement and its
//! parameters, then PostgreSQL's (or that it is the same), or the message of a refused query.
//!
//! A change meant to change the SQL shows as a failing snapshot: write the new ones with
//! `INSTA_UPDATE=always cargo test -p galette-store explore::compile` (or `cargo insta
//! review`), and read the `.snap` diff before committing it.

use super::compile;
use crate::Backend;
use crate::datasets::Dataset;
use crate::explore::{Param, RecordsQuery};
use galette_core::dataset::{Field, FieldType};
use galette_core::explore::odsql::{
    parse_group_by, parse_order_by, parse_refine, parse_select, parse_where,
};
use galette_core::explore::timezone::Zone;

/// `now()` in every test: 2024-03-31T12:00:00Z, the day Paris moves to summer time.
pub(super) const NOW: i64 = 1_711_886_400;

/// A dataset named after its field types: `name` (text), `n` (int), `x` (double), `ok`
/// (boolean), `d` (date), `t` (datetime), `p` (point); `name`'s value counts are tabulated.
pub(super) fn dataset() -> Dataset {
    let field = |name: &str, field_type| Field {
        name: name.to_owned(),
        label: name.to_owned(),
        field_type,
        is_facet: false,
    };
    Dataset {
        id: 1,
        tenant_id: 1,
        dataset_id: "sample".to_owned(),
        uid: "da_sample".to_owned(),
        title: "Sample".to_owned(),
        description: None,
        is_restricted: false,
        fields: vec![
            field("name", FieldType::Text),
            field("n", FieldType::Int),
            field("x", FieldType::Double),
            field("ok", FieldType::Boolean),
            field("d", FieldType::Date),
            field("t", FieldType::Datetime),
            field("p", FieldType::GeoPoint2d),
        ],
        records_count: 0,
        modified: 0,
        table_name: "ds_1".to_owned(),
        counted_fields: vec![0],
    }
}

/// A records query from API parameters (`select`, `where` (repeatable), `group_by`,
/// `order_by`, `refine`, `exclude`, `limit`, `offset`, `timezone`, `lang`); a parameter
/// that does not parse is a bug of the test itself.
pub(super) fn query(parameters: &[(&str, &str)]) -> RecordsQuery {
    let mut query = RecordsQuery {
        now: NOW,
        lang: "en".to_owned(),
        ..RecordsQuery::default()
    };
    for (key, value) in parameters {
        match *key {
            "select" => query.select = Some(parse_select(value).unwrap()),
            "where" => query.wheres.push(parse_where(value).unwrap()),
            "group_by" => query.group_by = parse_group_by(value).unwrap(),
            "order_by" => query.order_by = parse_order_by(value).unwrap(),
            "refine" => query.refine.push(parse_refine(value).unwrap()),
            "exclude" => query.exclude.push(parse_refine(value).unwrap()),
            "limit" => query.limit = Some(value.parse().unwrap()),
            "offset" => query.offset = value.parse().unwrap(),
            "timezone" => query.timezone = Zone::parse(value).unwrap(),
            "lang" => (*value).clone_into(&mut query.lang),
            other => panic!("unknown parameter {other}"),
        }
    }
    query
}

/// What one dialect makes of `query`, as text.
fn dialect_text(backend: Backend, query: &RecordsQuery) -> String {
    match compile(&dataset(), backend, query) {
        Err(e) => format!("error: {e}\n"),
        Ok(c) => {
            let params: Vec<String> = c
                .params
                .iter()
                .enumerate()
                .map(|(i, p)| match p {
                    Param::Text(t) => format!("${} = {t:?}", i + 1),
                    Param::Int(n) => format!("${} = {n}", i + 1),
                    Param::Double(x) => format!("${} = {x:?}", i + 1),
                })
                .collect();
            format!(
                "{}\ncount ({} params): {}\n{}\n",
                c.sql,
                c.count_params,
                c.count_sql,
                params.join("\n")
            )
        }
    }
}

/// Both dialects' SQL (or refusal) for the query of `parameters`, headed by the parameters.
pub(super) fn sql(parameters: &[(&str, &str)]) -> String {
    let query = query(parameters);
    let asked: Vec<String> = parameters.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let sqlite = dialect_text(Backend::Sqlite, &query);
    let postgres = dialect_text(Backend::Postgres, &query);
    let postgres = if postgres == sqlite {
        "(same as sqlite)\n".to_owned()
    } else {
        postgres
    };
    format!(
        "{}\n-- sqlite\n{sqlite}-- postgres\n{postgres}",
        asked.join("&")
    )
}

/// Each `where` of `conditions` alone, over `select=n` (the smallest statement), one after
/// the other: the snapshot of a family of operators.
pub(super) fn wheres(conditions: &[&str]) -> String {
    conditions
        .iter()
        .map(|w| sql(&[("select", "n"), ("where", w)]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each `select` of `items` alone, one after the other.
pub(super) fn selects(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| sql(&[("select", s)]))
        .collect::<Vec<_>>()
        .join("\n")
}
