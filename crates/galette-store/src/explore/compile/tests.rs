//! The orchestration of `compile`: select lists, group_by, order_by, pages, record ids, the
//! count statement and where their parameters start, as snapshots of both dialects' SQL.

use super::testing::sql;
use insta::assert_snapshot;

#[test]
fn every_field() {
    assert_snapshot!(sql(&[]) + &sql(&[("select", "*")]));
}

#[test]
fn select_items_and_aliases() {
    assert_snapshot!(sql(&[("select", "name, n as number, p, x * 2 as twice")]));
    assert_snapshot!(
        "select_include_exclude",
        sql(&[("select", "include(n*), exclude(name)")]) + &sql(&[("select", "exclude(p, t)")])
    );
}

#[test]
fn select_with_aggregates() {
    assert_snapshot!(sql(&[(
        "select",
        "count(*) as c, avg(x) as mean, max(t) as last"
    )]));
    assert_snapshot!(
        "aggregates_with_a_filter",
        sql(&[("select", "count(*)"), ("where", "n > 1")])
    );
}

#[test]
fn group_by() {
    assert_snapshot!(sql(&[
        ("select", "name, count(*) as c, sum(x) as total"),
        ("group_by", "name"),
        ("where", "n > 1"),
    ]));
    assert_snapshot!(
        "group_by_two_keys_and_an_order",
        sql(&[
            ("select", "count(*) as c"),
            ("group_by", "name, ok as flag"),
            ("order_by", "c desc, flag"),
            ("limit", "5"),
        ])
    );
    assert_snapshot!(
        "group_by_constants",
        sql(&[("group_by", "false as g, null as h")])
    );
    assert_snapshot!(
        "group_by_without_select",
        sql(&[("group_by", "n + 1 as m")])
    );
}

#[test]
fn value_counts_table() {
    assert_snapshot!(
        sql(&[
            ("select", "count(*) as count"),
            ("group_by", "name as value"),
            ("order_by", "count desc, value"),
        ]) + &sql(&[
            ("select", "count(*) as count"),
            ("group_by", "name as value"),
            ("where", "n > 0"),
        ]) + &sql(&[("select", "count(*) as count"), ("group_by", "n")])
    );
}

#[test]
fn order_by() {
    assert_snapshot!(
        sql(&[("select", "n, name"), ("order_by", "n desc, name")])
            + &sql(&[("select", "n * 2 as m"), ("order_by", "m")])
            + &sql(&[("select", "n"), ("order_by", "7")])
    );
}

#[test]
fn record_ids() {
    let query = |with_ids| {
        let mut q = super::testing::query(&[("select", "n")]);
        q.with_record_ids = with_ids;
        q.record_id = Some(42);
        q
    };
    let dataset = super::testing::dataset();
    for backend in [crate::Backend::Sqlite, crate::Backend::Postgres] {
        let c = super::compile(&dataset, backend, &query(true)).unwrap();
        assert_snapshot!(format!("{}\n{:?}", c.sql, c.params));
    }
    let mut grouped = super::testing::query(&[("select", "count(*)"), ("group_by", "n")]);
    grouped.with_record_ids = true;
    let c = super::compile(&dataset, crate::Backend::Sqlite, &grouped).unwrap();
    assert!(
        !c.sql.contains("rid AS"),
        "no record ids for groups: {}",
        c.sql
    );
}

#[test]
fn refused_queries() {
    assert_snapshot!(
        sql(&[("select", "unknown")])
            + &sql(&[("select", "n, n")])
            + &sql(&[("select", "n, count(*)")])
            + &sql(&[("select", "x, count(*)"), ("group_by", "n")])
            + &sql(&[("select", "n"), ("order_by", "count(*)")])
            + &sql(&[("select", "count(*)"), ("group_by", "n"), ("order_by", "x")])
            + &sql(&[("select", "n"), ("where", "count(*) > 1")])
            + &sql(&[("select", "count(count(*))")])
            + &sql(&[("select", "count(*)"), ("group_by", "count(*)")])
            + &sql(&[("select", "n"), ("order_by", "unknown")])
    );
}
