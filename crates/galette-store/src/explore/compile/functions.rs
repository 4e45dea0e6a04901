#[cfg(test)]
mod tests {
    use super::super::testing::{selects, sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn aggregates() {
        assert_snapshot!(selects(&[
            "count(*)",
            "count(n)",
            "count(distinct name)",
            "count(p)",
            "sum(n)",
            "sum(x)",
            "avg(n)",
            "min(name)",
            "max(d)",
            "min(t), max(x)",
        ]));
    }

    #[test]
    fn text_functions() {
        assert_snapshot!(selects(&[
            "lower(name) as a",
            "upper(name) as a",
            "length(name) as a",
        ]));
    }

    #[test]
    fn median_and_percentiles() {
        assert_snapshot!(selects(&[
            "median(x)",
            "percentile(n, 90)",
            "percentile(x, 12.5), median(x), percentile(n, 0)",
        ]));
        assert_snapshot!(
            "median_per_group",
            sql(&[("select", "median(x) as m"), ("group_by", "name")])
        );
    }

    #[test]
    fn ifnull_and_now() {
        assert_snapshot!(selects(&[
            "ifnull(n, 0) as a",
            "ifnull(name, 'none') as a",
            "ifnull(x, n) as a",
        ]));
        assert_snapshot!("now", wheres(&["t < now()"]));
    }

    #[test]
    fn range_buckets() {
        for (name, key) in [
            ("range_int_width", "range(n, 10)"),
            ("range_double_width", "range(x, 2.5)"),
            ("range_open_bounds", "range(n, *, 0, 10, *)"),
            ("range_closed_bounds", "range(x, 0, 10, 20.5)"),
            ("range_with_alias", "range(n, 5) as bucket"),
        ] {
            assert_snapshot!(name, sql(&[("select", "count(*)"), ("group_by", key)]));
        }
    }

    #[test]
    fn random_order() {
        assert_snapshot!(sql(&[("select", "n"), ("order_by", "random(3)")]));
    }

    #[test]
    fn wrong_arity_and_argument_kinds() {
        assert_snapshot!(selects(&[
            "count(n, x)",
            "count()",
            "sum()",
            "sum(n, x)",
            "sum(name)",
            "avg(d)",
            "min(p)",
            "lower(n)",
            "length()",
            "year()",
            "median()",
            "median(name)",
            "percentile(x)",
            "percentile(x, 101)",
            "percentile(x, n)",
            "now(1)",
            "ifnull(n)",
            "ifnull(n, 'a')",
            "range(n, 10)",
            "random(1)",
            "distance(p)",
            "foo(n)",
        ]));
    }

    #[test]
    fn refused_ranges() {
        for (name, key) in [
            ("range_zero_width", "range(n, 0)"),
            ("range_negative_width", "range(x, -2)"),
            ("range_text", "range(name, 10)"),
            ("range_decreasing", "range(n, 10, 0)"),
            ("range_no_bounds", "range(n)"),
            ("range_only_stars", "range(n, *, *)"),
        ] {
            assert_snapshot!(name, sql(&[("select", "count(*)"), ("group_by", key)]));
        }
    }
}
